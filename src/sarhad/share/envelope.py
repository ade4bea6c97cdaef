"""The signed envelope every message between the two nodes travels in.

An envelope is a JSON object::

    {"v": 1, "id": "<uuid4>", "sender": "PK", "receiver": "IR", "seq": 12,
     "created": "2026-12-06T03:00:00.000000Z", "kind": "incident.share", "key": "SHA256:…",
     "payload": {…}, "sig": "<base64 Ed25519 signature>"}

The signature covers the RFC 8785 canonical encoding of everything but ``sig``, after a domain prefix, so
the same bytes are signed whatever order or spacing a sender uses. ``seq`` numbers the messages of one
sender to one receiver from 1; unsequenced control messages (acknowledgements, pull requests) carry 0.
Bytes from the other node are hostile until :func:`parse` and :func:`validate` have accepted them.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictInt,
    StringConstraints,
    ValidationError,
    field_validator,
)

from sarhad.canonical import NotCanonicalisable, canonical
from sarhad.share.identity import fingerprint, sign, verify_signature
from sarhad.store.models import NodeIdentity

VERSION = 1
DOMAIN = b"sarhad-envelope-v1\n"
MAX_ENVELOPE_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_INT_DIGITS = 19
ACK = "exchange.ack"
PULL = "exchange.pull"
CONTROL_KINDS = frozenset({ACK, PULL})


class BadMessage(ValueError):
    """Bytes or an envelope that cannot be accepted; the message is the reason, shown to both sides."""


class Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    v: StrictInt
    id: Annotated[
        str,
        StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"),
    ]
    sender: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    receiver: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    seq: Annotated[StrictInt, Field(ge=0, le=2**53)]
    created: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")]
    kind: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$", max_length=64)]
    key: Annotated[str, StringConstraints(pattern=r"^SHA256:[A-Za-z0-9+/]{43}$")]
    payload: dict[str, Any]
    sig: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]{86}==$")]

    @field_validator("created")
    @classmethod
    def _real_moment(cls, value: str) -> str:
        dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ")  # 2026-02-30 has the right shape, not a day
        return value

    _raw: dict[str, Any] | None = PrivateAttr(default=None)  # the JSON it was validated from

    def as_json(self) -> dict[str, Any]:
        """The envelope as JSON values: the validated input itself (equal to a dump, and cheaper)."""
        return self._raw if self._raw is not None else self.model_dump()

    def signed_part(self) -> dict[str, Any]:
        return {key: value for key, value in self.as_json().items() if key != "sig"}

    def created_at(self) -> dt.datetime:
        return dt.datetime.strptime(self.created, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


def timestamp(moment: dt.datetime | None = None) -> str:
    return (moment or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def signing_bytes(signed_part: dict[str, Any]) -> bytes:
    return DOMAIN + canonical(signed_part)


def seal(
    node: NodeIdentity,
    receiver: str,
    seq: int,
    kind: str,
    payload: dict[str, Any],
    message_id: str | None = None,
) -> tuple[Envelope, str]:
    """Sign a new envelope with the node's current key; returns it and the exact text to send."""
    body = {
        "v": VERSION,
        "id": message_id or str(uuid.uuid4()),
        "sender": node.party,
        "receiver": receiver,
        "seq": seq,
        "created": timestamp(),
        "kind": kind,
        "key": fingerprint(node.signing_key),
        "payload": payload,
    }
    envelope = validate({**body, "sig": sign(node, signing_bytes(body))})
    return envelope, stored_text(envelope)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):  # one pass to notice, one more to name the key (never quadratic)
        seen: set[str] = set()
        repeated = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise BadMessage(f"malformed JSON: duplicate key {printable(repr(repeated), 80)}")
    return found


def _no_constants(name: str) -> Any:
    raise BadMessage(f"malformed JSON: {name} is not a JSON number")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise BadMessage(f"malformed JSON: an integer of {len(text)} digits")
    return int(text)


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def parse(raw: bytes, limit: int) -> Any:
    """Strict JSON: UTF-8, at most ``limit`` bytes, no duplicate keys, no NaN, bounded integers and depth."""
    if not raw:
        raise BadMessage("empty message")
    if len(raw) > limit:
        raise BadMessage(f"oversized: {len(raw):,} bytes, the limit is {limit:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadMessage(f"not UTF-8 (byte {exc.start})") from exc
    try:
        value = json.loads(
            text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants, parse_int=_bounded_int
        )
    except RecursionError as exc:
        raise BadMessage(f"malformed JSON: nested deeper than {MAX_DEPTH} levels") from exc
    except json.JSONDecodeError as exc:
        raise BadMessage(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    if _depth(value) > MAX_DEPTH:
        raise BadMessage(f"malformed JSON: nested deeper than {MAX_DEPTH} levels")
    return value


def validate(value: Any) -> Envelope:
    """An :class:`Envelope` from parsed JSON, or the first reason it is not one."""
    if not isinstance(value, dict):
        raise BadMessage(f"an envelope is a JSON object, not {type(value).__name__}")
    if value.get("v") != VERSION:
        raise BadMessage(f"unsupported envelope version {value.get('v')!r} (this node speaks {VERSION})")
    try:
        envelope = Envelope.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "envelope"
        raise BadMessage(f"malformed envelope: {where}: {first['msg']}") from exc
    envelope._raw = value  # strict types and no extra fields: the input is exactly the model's content
    return envelope


def signature_valid(envelope: Envelope, key_text: str) -> bool:
    """True when ``key_text`` signed exactly this envelope. Raises BadMessage when the envelope holds
    something canonical JSON cannot carry (then nobody can have signed it)."""
    try:
        message = signing_bytes(envelope.signed_part())
    except NotCanonicalisable as exc:
        raise BadMessage(f"malformed payload: {exc}") from exc
    return verify_signature(key_text, envelope.sig, message)


def stored_text(envelope: Envelope) -> str:
    """The envelope as it is sent and kept: sorted, compact JSON. The signature covers the RFC 8785 form,
    which every check recomputes, so the text need not be canonical byte for byte."""
    return json.dumps(envelope.as_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def printable(text: str, size: int) -> str:
    """Claimed text made safe to store and show: lone surrogates escaped, control characters replaced,
    and cut to ``size`` after escaping (which lengthens)."""
    safe = text[: size * 2].encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(ch if ch.isprintable() or ch in "\n" else "?" for ch in safe)[:size]


def claimed(value: Any) -> dict[str, Any]:
    """What a refused message claims about itself, for the rejection record (never trusted)."""
    fields = value if isinstance(value, dict) else {}

    def text(name: str, size: int) -> str | None:
        item = fields.get(name)
        return printable(item, size) if isinstance(item, str) else None

    seq = fields.get("seq")
    return {
        "peer": text("sender", 16),
        "message_id": text("id", 64),
        "seq": seq if isinstance(seq, int) and not isinstance(seq, bool) and 0 <= seq < 2**31 else None,
        "kind": text("kind", 64),
    }
