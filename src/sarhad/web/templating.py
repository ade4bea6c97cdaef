"""The Jinja environment every page renders with (autoescaping on, as Starlette sets it for .html)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates

from sarhad.auth.roles import Permission
from sarhad.auth.sessions import Principal
from sarhad.web import TEMPLATES_DIR
from sarhad.wording import describe, field_label, lead_actor, role_text

templates = Jinja2Templates(directory=TEMPLATES_DIR)


def with_params(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters replaced (pagination and sort links keep the filters)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    params += [(k, str(v)) for k, v in changes.items() if v is not None]
    return f"{request.url.path}?{urlencode(params)}" if params else request.url.path


def who(request: Request) -> Principal | None:
    """The signed-in user of this request, if any (login and some error pages have none)."""
    principal = getattr(request.state, "principal", None)
    return principal if isinstance(principal, Principal) else None


def may(request: Request, permission: str) -> bool:
    principal = who(request)
    return principal is not None and principal.can(Permission(permission))


templates.env.globals.update(
    describe=describe,
    field_label=field_label,
    lead_actor=lead_actor,
    role_text=role_text,
    with_params=with_params,
    who=who,
    may=may,
)
