"""Password hashing with argon2id (argon2-cffi's RFC 9106 low-memory profile) and the password policy."""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

HASHER = PasswordHasher()
MIN_LENGTH = 12
MAX_LENGTH = 1024  # argon2 takes any length; a bound keeps a hostile form from costing megabytes
# Checked against when the user is unknown, so a wrong name costs as long as a wrong password.


class WeakPassword(ValueError):
    pass


def check_policy(password: str, name: str = "") -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"a password may have at most {MAX_LENGTH} characters")
    if name and name.lower() in password.lower():
        raise WeakPassword("a password may not contain the user's name")


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """True when ``password`` matches; a missing hash still spends the time of a real check."""
    try:
        return HASHER.verify(stored or _dummy(), password[:MAX_LENGTH]) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return HASHER.check_needs_rehash(stored)


def generate_password() -> str:
    """A random password for a new or reset account: 128 bits, typeable."""
    return secrets.token_urlsafe(16)


@cache
def _dummy() -> str:
    """A hash to verify against when the account does not exist, so that a wrong name costs as long as a
    wrong password; made on first use (hashing costs a tenth of a second at every command's start)."""
    return HASHER.hash(secrets.token_urlsafe(16))
