"""Accounts: add, disable, enable, reset and re-role users; every change is audited."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sarhad.auth.passwords import check_policy, hash_password
from sarhad.auth.roles import ROLE_NAMES
from sarhad.store import audit
from sarhad.store.models import ApiToken, AppUser, UserSession, utcnow

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class AccountError(ValueError):
    """An account change that cannot be made, with the reason."""


def check_name(name: str) -> str:
    if not NAME.fullmatch(name):
        raise AccountError(
            f"user name {name!r} must be 2–64 characters: lower-case letters, digits, '.', '_' or '-'"
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLE_NAMES:
        raise AccountError(f"role {role!r} is not one of {', '.join(ROLE_NAMES)}")
    return role


def find_user(session: Session, name: str) -> AppUser:
    user = session.scalars(select(AppUser).where(AppUser.name == name)).first()
    if user is None:
        raise AccountError(f"no user named {name!r}")
    return user


def add_user(session: Session, name: str, role: str, password: str, actor: str) -> AppUser:
    check_name(name)
    check_role(role)
    check_policy(password, name)
    if session.scalars(select(AppUser.id).where(AppUser.name == name)).first() is not None:
        raise AccountError(f"a user named {name!r} already exists")
    user = AppUser(name=name, role=role, password_hash=hash_password(password), disabled=False)
    session.add(user)
    session.flush()
    audit.append(session, actor, "user.add", "user", name, {"role": role})
    return user


def end_all_sessions(session: Session, user: AppUser) -> None:
    session.execute(delete(UserSession).where(UserSession.user_id == user.id))


def set_disabled(session: Session, name: str, disabled: bool, actor: str) -> AppUser:
    """A disabled user's sessions end at once and their API tokens stop working."""
    user = find_user(session, name)
    user.disabled = disabled
    if disabled:
        end_all_sessions(session, user)
    audit.append(session, actor, "user.disable" if disabled else "user.enable", "user", name)
    return user


def reset_password(session: Session, name: str, password: str, actor: str) -> AppUser:
    user = find_user(session, name)
    check_policy(password, name)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    end_all_sessions(session, user)
    audit.append(session, actor, "user.reset", "user", name)
    return user


def set_role(session: Session, name: str, role: str, actor: str) -> AppUser:
    user = find_user(session, name)
    previous, user.role = user.role, check_role(role)
    end_all_sessions(session, user)  # a session carries its role's rights; start afresh
    audit.append(session, actor, "user.role", "user", name, {"from": previous, "to": role})
    return user


def list_users(session: Session) -> list[dict[str, Any]]:
    tokens: dict[int, int] = {}
    for user_id in session.scalars(select(ApiToken.user_id).where(ApiToken.revoked_at.is_(None))):
        tokens[user_id] = tokens.get(user_id, 0) + 1
    return [
        {
            "name": user.name,
            "role": user.role,
            "disabled": user.disabled,
            "created_at": user.created_at.isoformat(),
            "tokens": tokens.get(user.id, 0),
        }
        for user in session.scalars(select(AppUser).order_by(AppUser.name))
    ]
