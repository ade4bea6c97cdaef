"""The message kinds the exchange carries, registered in one place.

A kind is a name, a pydantic model its payload must pass, and the function that applies a valid payload
on the receiving node (inside the transaction that records the message, so it is applied exactly once;
in a savepoint, so a failure costs that message only). It writes records and returns what it made; the
inbox writes the audit entry.
Later features add their kind to :func:`registry`: sector levels, alerts, commitments, cases, crossings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from sarhad.share.envelope import Envelope
from sarhad.store.models import NodeIdentity, Peer


@dataclass(frozen=True)
class Received:
    """An authenticated message being applied: the envelope, its canonical text, and both nodes."""

    envelope: Envelope
    text: str
    node: NodeIdentity
    peer: Peer


class ApplyError(ValueError):
    """A valid payload that cannot be applied here; the reason goes back to the sender."""


@dataclass(frozen=True)
class MessageKind:
    name: str
    payload: type[BaseModel]
    apply: Callable[[Session, Received, Any], str | None]  # returns what it made, e.g. "report:<id>"
    summary: Callable[[dict[str, Any]], str]  # one line for the exchange page


@cache
def registry() -> dict[str, MessageKind]:
    from sarhad.share import incidents, rotation

    kinds = (incidents.KIND, rotation.KIND)
    return {kind.name: kind for kind in kinds}


def summary(kind: str, payload: dict[str, Any]) -> str:
    found = registry().get(kind)
    try:
        return found.summary(payload) if found else kind
    except (KeyError, TypeError, ValueError, AttributeError):
        return kind
