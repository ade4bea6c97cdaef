"""Every route of the app, enumerated from the app itself, against the role matrix: none is forgotten.

Each route either names the permission it needs (a ``Requirement`` dependency) or is one of the few that
are open by design: the login page, /healthz, and the node-to-node /exchange endpoints, which
authenticate every message by the peer's signature instead of a user.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from starlette.routing import Mount

from sarhad.api import create_app
from sarhad.api.guard import Requirement
from sarhad.auth.roles import MATRIX, Permission, Role
from sarhad.share.routes import NODE_SIGNED
from sarhad.web.login import PUBLIC
from support.auth import PASSWORD, csrf_of, ensure_user, sign_in, token_for

PATH_VALUES = {"incident_id": "inc-nope", "report_id": "0" * 64}


def permissions(dependant: Any) -> set[Permission]:
    found = {dependant.call.permission} if isinstance(dependant.call, Requirement) else set()
    for sub in dependant.dependencies:
        found |= permissions(sub)
    return found


def app_routes(app: FastAPI) -> list[tuple[str, str, set[Permission], dict[str, Any]]]:
    routes = []
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, Mount):
            assert str(context.path).startswith("/static"), f"unexpected mount {context.path}"
            continue
        for method in sorted(context.methods or ()):
            extra: dict[str, Any] = context.openapi_extra or {}
            routes.append((method, str(context.path), permissions(context.dependant), extra))
    return routes


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    url = f"sqlite:///{tmp_path_factory.mktemp('routes') / 'sarhad.db'}"
    app = create_app(url)
    tokens = {role.value: token_for(url, role.value) for role in Role}
    return {"url": url, "app": app, "tokens": tokens}


@pytest.fixture(scope="module")
def client(served: dict[str, Any]) -> Iterator[TestClient]:
    with TestClient(served["app"], follow_redirects=False) as test_client:
        yield test_client


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES.get(m.group(1), "x"), path)


def call(client: TestClient, method: str, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
    body: dict[str, Any] = {"json": {}} if path.startswith("/api") else {"data": {}}
    response: httpx.Response = client.request(
        method, concrete(path), headers=headers or {}, **(body if method == "POST" else {})
    )
    return response


def guarded_routes(served: dict[str, Any]) -> list[tuple[str, str, set[Permission]]]:
    return [(m, p, perms) for m, p, perms, _ in app_routes(served["app"]) if perms]


def test_every_route_names_its_permission_or_is_open_by_design(served: dict[str, Any]) -> None:
    routes = app_routes(served["app"])
    assert len(routes) > 30
    open_routes = {(m, p) for m, p, perms, extra in routes if not perms}
    by_design = {
        (m, p) for m, p, perms, extra in routes if not perms and (extra.get(PUBLIC) or extra.get(NODE_SIGNED))
    }
    assert open_routes == by_design, f"routes with no permission: {sorted(open_routes - by_design)}"
    assert by_design == {
        ("GET", "/login"), ("POST", "/login"), ("GET", "/healthz"), ("GET", "/exchange/identity"),
        ("POST", "/exchange/inbox"), ("POST", "/exchange/pull"), ("POST", "/exchange/acks"),
    }  # fmt: skip


def test_without_signing_in_the_api_says_401_and_pages_send_you_to_login(
    served: dict[str, Any], client: TestClient
) -> None:
    checked = 0
    for method, path, _perms in guarded_routes(served):
        response = call(client, method, path)
        if path.startswith("/api") or path == "/openapi.json":
            assert response.status_code == 401, f"{method} {path}: {response.status_code}"
            assert response.headers["www-authenticate"] == "Bearer"
        else:
            assert response.status_code == 303, f"{method} {path}: {response.status_code}"
            assert response.headers["location"].startswith("/login?next=")
        checked += 1
    assert checked > 25


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role_gets_exactly_what_the_matrix_grants(
    served: dict[str, Any], client: TestClient, role: str
) -> None:
    headers = {"Authorization": f"Bearer {served['tokens'][role]}"}
    granted = MATRIX[Role(role)]
    for method, path, perms in guarded_routes(served):
        status = call(client, method, path, headers).status_code
        if perms <= granted:
            assert status not in (401, 403), f"{role} {method} {path}: {status}"
        else:
            assert status == 403, f"{role} {method} {path}: {status} (needs {perms - granted})"


def test_a_bad_or_revoked_token_is_not_a_user(served: dict[str, Any], client: TestClient) -> None:
    assert client.get("/api/incidents", headers={"Authorization": "Bearer sarhad_nope"}).status_code == 401
    assert client.get("/api/incidents", headers={"Authorization": "Basic dXNlcjpwdw=="}).status_code == 401


def test_the_open_routes_hold_nothing_of_the_picture(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert "Sign in" in client.get("/login").text
    assert client.get("/exchange/identity").status_code == 404  # no node here, and nothing else either
    refused = client.post("/exchange/inbox", content=b"")
    assert refused.status_code == 400 and "empty" in refused.json()["error"]


# --- sessions, cookies and CSRF -------------------------------------------------------------------


@pytest.fixture
def browser_like(served: dict[str, Any]) -> Iterator[TestClient]:
    ensure_user(served["url"], "lina", "liaison")
    with TestClient(served["app"], base_url="https://testserver", follow_redirects=False) as test_client:
        yield test_client


def test_login_sets_a_strict_httponly_cookie_and_the_page_shows_who_and_where(
    browser_like: TestClient,
) -> None:
    response = sign_in(browser_like, "lina")
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert "Secure" in cookie  # the client spoke https
    page = browser_like.get("/incidents").text
    assert "Signed in as <strong>lina</strong> (liaison)" in page


def test_forms_without_the_csrf_token_are_refused(browser_like: TestClient) -> None:
    sign_in(browser_like, "lina")
    forged = browser_like.post(
        "/incidents/inc-nope/releasability", data={"releasability": "public", "why": "x" * 5}
    )
    assert forged.status_code == 403 and "form has expired" in forged.text
    token = csrf_of(browser_like.get("/incidents").text)
    honest = browser_like.post(
        "/incidents/inc-nope/releasability",
        data={"releasability": "public", "why": "because", "csrf_token": token},
    )
    assert honest.status_code == 404  # past the guard; the incident does not exist
    json_forged = browser_like.post("/api/incidents/inc-nope/share")
    assert json_forged.status_code == 403
    json_honest = browser_like.post("/api/incidents/inc-nope/share", headers={"X-CSRF-Token": token})
    assert json_honest.status_code == 409


def test_the_login_form_needs_its_own_csrf_token(browser_like: TestClient) -> None:
    response = browser_like.post(
        "/login", data={"name": "lina", "password": PASSWORD, "csrf_token": "forged"}
    )
    assert response.status_code == 403 and "sarhad-" not in response.headers.get("set-cookie", "")


def test_logout_ends_the_session(browser_like: TestClient) -> None:
    sign_in(browser_like, "lina")
    token = csrf_of(browser_like.get("/incidents").text)
    assert browser_like.post("/logout", data={"csrf_token": token}).status_code == 303
    assert browser_like.get("/incidents").status_code == 303  # back to the login page


def test_login_redirects_only_within_the_site(browser_like: TestClient) -> None:
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        token = re.search(r'name="csrf_token" value="([^"]+)"', browser_like.get("/login").text)
        assert token
        response = browser_like.post(
            "/login",
            data={"name": "lina", "password": PASSWORD, "csrf_token": token.group(1), "next": target},
        )
        assert response.headers["location"] == "/"


def test_failed_logins_are_throttled_and_audited(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'throttle.db'}"
    ensure_user(url, "omar", "viewer")
    with TestClient(create_app(url), follow_redirects=False) as browser:
        statuses = [sign_in(browser, "omar", "wrong password!").status_code for _ in range(6)]
        assert statuses == [401] * 5 + [429]
        throttled = sign_in(browser, "omar")  # even the right password waits now
        assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) > 0
        unknown = sign_in(browser, "nobody", "whatever password")
        assert unknown.status_code == 401 and "Wrong name or password" in unknown.text
    from sarhad.store import audit
    from sarhad.store.db import session_scope

    with session_scope(url) as session:
        actions = [e["action"] for e in audit.recent(session, 50)]
    assert actions.count("login.failed") == 6 and actions.count("login.throttled") == 2
