"""The message kinds the exchange carries, registered in one place.

A kind is a name, a pydantic model its payload must pass, and two functions for the receiving node:

* ``prepare(received, payload)`` checks a valid payload against this node and says what it will make,
  writing nothing (raise :class:`ApplyError` to refuse it with a reason);
* ``write(session, prepared)`` writes every prepared message of one delivery, in order, in bulk.

Both run inside the transaction that records the messages, so each is applied exactly once. If a bulk
write fails for any reason but an unreachable database, the inbox processes the delivery again one
message at a time, each in a savepoint, so a message that cannot be written costs only itself. The inbox
writes the audit entries. Later features add their kind to :func:`registry`: sector levels, alerts,
commitments, cases, crossing status.
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
class Prepared:
    """What one message will make: its subject (e.g. "report:<id>") and what ``write`` needs."""

    subject: str | None
    data: Any = None


@dataclass(frozen=True)
class MessageKind:
    name: str
    payload: type[BaseModel]
    prepare: Callable[[Received, Any], Prepared]
    write: Callable[[Session, list[Prepared]], None]
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
