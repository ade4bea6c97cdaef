"""Who is asking: sign-in with throttling, server-side sessions, and API tokens.

A session cookie and an API token are both 256-bit random secrets; the database keeps only their SHA-256,
so a copy of the database lets no one sign in. (Argon2 is for passwords, which are guessable; a random
256-bit secret is not, and a fast hash keeps every API request cheap.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sarhad.auth.accounts import AccountError, find_user
from sarhad.auth.passwords import hash_password, needs_rehash, verify_password
from sarhad.auth.roles import Permission, can
from sarhad.store import audit
from sarhad.store.models import ApiToken, AppUser, LoginFailure, UserSession, utcnow

SESSION_IDLE = dt.timedelta(hours=8)
SESSION_MAX = dt.timedelta(hours=12)
TOUCH_EVERY = dt.timedelta(minutes=5)
THROTTLE_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_ADDRESS = 20
TOKEN_PREFIX = "sarhad_"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands datetimes back without their zone; Sarhad stores UTC only."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Principal:
    """A signed-in user as a request sees them."""

    user_id: int
    name: str
    role: str
    via: str  # "session" or "token"
    csrf: str | None = None  # sessions only: the token every form and unsafe request must carry

    def can(self, permission: Permission) -> bool:
        return can(self.role, permission)

    @property
    def actor(self) -> str:
        return f"user:{self.name}"


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: a session cookie value, or why not (and when to try again)."""

    token: str | None = None
    principal: Principal | None = None
    retry_after: int | None = None  # seconds, when throttled


def throttled_for(session: Session, name: str, address: str) -> int | None:
    """Seconds until a sign-in may be tried again for this name or from this address, or None."""
    since = utcnow() - THROTTLE_WINDOW
    waits = []
    for column, value, limit in (
        (LoginFailure.name, name, MAX_FAILURES_PER_NAME),
        (LoginFailure.address, address, MAX_FAILURES_PER_ADDRESS),
    ):
        count, oldest = session.execute(
            select(func.count(LoginFailure.id), func.min(LoginFailure.at)).where(
                column == value, LoginFailure.at >= since
            )
        ).one()
        if count >= limit and oldest is not None:
            waits.append(int((aware(oldest) + THROTTLE_WINDOW - utcnow()).total_seconds()) + 1)
    return max(waits) if waits else None


def sign_in(session: Session, name: str, password: str, address: str) -> SignIn:
    """Check a name and password; every outcome is audited. Wrong name and wrong password look alike."""
    name = name.strip().lower()[:100]
    wait = throttled_for(session, name, address)
    if wait is not None:
        audit.append(session, f"user:{name}", "login.throttled", "user", name, {"address": address})
        return SignIn(retry_after=wait)
    user = session.scalars(select(AppUser).where(AppUser.name == name)).first()
    usable = user is not None and not user.disabled
    if not verify_password(user.password_hash if user and usable else None, password) or user is None:
        session.add(LoginFailure(name=name, address=address[:64]))
        reason = "disabled" if user is not None and user.disabled else "wrong name or password"
        audit.append(
            session, f"user:{name}", "login.failed", "user", name, {"address": address, "why": reason}
        )
        return SignIn()
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.execute(delete(LoginFailure).where(LoginFailure.name == name))
    token, row = open_session(session, user)
    audit.append(session, f"user:{name}", "login", "user", name, {"address": address})
    return SignIn(token=token, principal=Principal(user.id, user.name, user.role, "session", row.csrf))


def open_session(session: Session, user: AppUser) -> tuple[str, UserSession]:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = UserSession(
        id=digest(token),
        user_id=user.id,
        csrf=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + SESSION_MAX,
    )
    session.add(row)
    session.flush()
    return token, row


def session_principal(session: Session, token: str) -> tuple[Principal, bool] | None:
    """The user behind a session cookie, and whether its last-seen time is due an update."""
    if not token or len(token) > 200:
        return None
    found = session.execute(
        select(UserSession, AppUser).join(AppUser).where(UserSession.id == digest(token))
    ).first()
    if found is None:
        return None
    row, user = found
    now = utcnow()
    if user.disabled or aware(row.expires_at) <= now or aware(row.last_seen_at) + SESSION_IDLE <= now:
        return None
    stale = aware(row.last_seen_at) + TOUCH_EVERY <= now
    return Principal(user.id, user.name, user.role, "session", row.csrf), stale


def touch_session(session: Session, token: str) -> None:
    row = session.get(UserSession, digest(token))
    if row is not None:
        row.last_seen_at = utcnow()


def sign_out(session: Session, token: str, actor: str) -> None:
    session.execute(delete(UserSession).where(UserSession.id == digest(token)))
    audit.append(session, actor, "logout", "user", actor.removeprefix("user:"))


def create_token(
    session: Session, user_name: str, label: str, actor: str, days: int | None = None
) -> tuple[str, ApiToken]:
    """A new API token for ``user_name``; the secret is returned once and never stored."""
    user = find_user(session, user_name)
    if days is not None and not 1 <= days <= 3650:
        raise AccountError("a token lasts 1 to 3650 days")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id,
        label=label[:100] or "token",
        token_hash=digest(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        expires_at=utcnow() + dt.timedelta(days=days) if days else None,
    )
    session.add(row)
    session.flush()
    audit.append(session, actor, "token.create", "user", user.name, {"token": row.id, "label": row.label})
    return secret, row


def token_principal(session: Session, secret: str) -> Principal | None:
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    found = session.execute(
        select(ApiToken, AppUser).join(AppUser).where(ApiToken.token_hash == digest(secret))
    ).first()
    if found is None:
        return None
    row, user = found
    if user.disabled or row.revoked_at is not None:
        return None
    if row.expires_at is not None and aware(row.expires_at) <= utcnow():
        return None
    return Principal(user.id, user.name, user.role, "token")


def revoke_token(session: Session, token_id: int, actor: str) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise AccountError(f"no token with id {token_id}")
    row.revoked_at = row.revoked_at or utcnow()
    audit.append(session, actor, "token.revoke", "token", str(token_id))
    return row


def list_tokens(session: Session) -> list[dict[str, object]]:
    rows = session.execute(select(ApiToken, AppUser.name).join(AppUser).order_by(ApiToken.id))
    return [
        {
            "id": token.id,
            "user": name,
            "label": token.label,
            "prefix": token.prefix,
            "created_at": token.created_at.isoformat(),
            "expires_at": token.expires_at.isoformat() if token.expires_at else None,
            "revoked": token.revoked_at is not None,
        }
        for token, name in rows
    ]
