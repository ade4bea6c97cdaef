"""Canonical JSON (RFC 8785, through the ``rfc8785`` package): the one byte encoding that is signed and
hashed, so both nodes and every backend compute the same digest for the same value."""

from __future__ import annotations

from typing import Any

import rfc8785


class NotCanonicalisable(ValueError):
    """The value holds something JSON cannot carry exactly (a float that is NaN or infinite, an integer
    beyond 2**53, a non-string key, a type JSON does not have)."""


def canonical(value: Any) -> bytes:
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as exc:
        raise NotCanonicalisable(f"not canonical JSON: {exc}") from exc
