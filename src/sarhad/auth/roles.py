"""The role matrix: the one place that says which role may do what. docs/security.md shows it as a table
and tests/test_auth_routes.py checks every route of the app against it."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    VIEWER = "viewer"
    ANALYST = "analyst"
    LIAISON = "liaison"
    COMMANDER = "commander"
    ADMIN = "admin"


class Permission(StrEnum):
    READ = "read"  # the picture: incidents, reports, border, map, API reads
    CORRECT = "correct"  # merge, split and pin incidents
    SHARE = "share"  # send releasable records to the other party
    WIDEN = "widen"  # widen a record's releasability (national -> bilateral -> public)
    EXCHANGE = "exchange"  # see the exchange's outbox, inbox and rejections
    ALERT_RAISE = "alert.raise"  # ask the other party's rapid reaction force for help
    ALERT_ACK = "alert.acknowledge"  # acknowledge the other party's alert
    AUDIT = "audit"  # read the audit log
    MANAGE_USERS = "users.manage"  # add, disable and reset accounts


P = Permission
MATRIX: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset({P.READ}),
    Role.ANALYST: frozenset({P.READ, P.CORRECT, P.EXCHANGE}),
    Role.LIAISON: frozenset({P.READ, P.SHARE, P.WIDEN, P.EXCHANGE, P.ALERT_RAISE, P.ALERT_ACK}),
    Role.COMMANDER: frozenset({P.READ, P.EXCHANGE, P.ALERT_RAISE, P.ALERT_ACK, P.AUDIT}),
    Role.ADMIN: frozenset({P.READ, P.EXCHANGE, P.AUDIT, P.MANAGE_USERS}),
}
ROLE_NAMES = tuple(role.value for role in Role)


def can(role: str, permission: Permission) -> bool:
    """False for any role not in the matrix: an unknown role in the database grants nothing."""
    try:
        return permission in MATRIX[Role(role)]
    except ValueError:
        return False


def roles_with(permission: Permission) -> list[Role]:
    return [role for role in Role if permission in MATRIX[role]]
