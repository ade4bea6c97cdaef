"""Key rotation: a node replaces its signing key by a ``node.key_rotation`` message signed with the old key,
carrying the new key and a proof that the sender holds it. Messages queued before the rotation are signed
with the old key and carry lower sequence numbers, so the peer, which takes them in order, verifies each
with the key that was current for it.

Crash safety: the new key is written to ``signing-key.next.pem`` first; the database then records the
message and the new public key in one transaction; only then are the files renamed, by
:func:`sarhad.share.identity.settle`, which any process that signs runs when the key file is behind.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Annotated, Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import StringConstraints
from sqlalchemy.orm import Session

from sarhad.share.identity import (
    NEXT_KEY,
    NodeError,
    fingerprint,
    public_key_text,
    require_node,
    settle,
    verify_signature,
)
from sarhad.share.kinds import ApplyError, MessageKind, Prepared, Received
from sarhad.share.outbox import enqueue
from sarhad.share.payloads import Strict
from sarhad.store import audit

PROOF_DOMAIN = b"sarhad-key-rotation-v1\n"


class KeyRotation(Strict):
    key: Annotated[str, StringConstraints(pattern=r"^ed25519:[A-Za-z0-9+/]{43}=$")]
    proof: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]{86}==$")]


def proof_message(old: str, new: str) -> bytes:
    return PROOF_DOMAIN + old.encode() + b"\n" + new.encode()


def _write_next(folder: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = folder / NEXT_KEY
    path.unlink(missing_ok=True)  # an unfinished rotation that never reached the database
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())
    return key


def rotate_key(session: Session, actor: str) -> tuple[str, str]:
    """Queue the rotation message (signed by the old key) and make the new key current; (old, new)."""
    node = require_node(session)
    folder = Path(node.key_dir)
    settle(node)
    new_key = _write_next(folder)
    old_text, new_text = node.signing_key, public_key_text(new_key.public_key())
    proof = base64.b64encode(new_key.sign(proof_message(old_text, new_text))).decode()
    enqueue(session, KIND.name, {"key": new_text, "proof": proof}, actor, subject=f"node:{node.party}")
    node.signing_key = new_text
    audit.append(session, actor, "node.rotate", "node", node.party, {"old": old_text, "new": new_text})
    return old_text, new_text


def prepare_rotation(received: Received, rotation: KeyRotation) -> Prepared:
    """The peer's key changes at once, in memory, because the messages after this one in the same
    delivery are signed with the new key; the peer row is written with the delivery's transaction."""
    peer = received.peer
    if not verify_signature(rotation.key, rotation.proof, proof_message(peer.signing_key, rotation.key)):
        raise ApplyError("the proof is not signed by the new key")
    if rotation.key == peer.signing_key:
        raise ApplyError("the new key is the current key")
    peer.retired_keys = [*(peer.retired_keys or []), peer.signing_key]
    peer.signing_key = rotation.key
    return Prepared(f"peer:{peer.party}:{fingerprint(rotation.key)}")  # audited by the inbox


def write_rotations(session: Session, prepared: list[Prepared]) -> None:
    """Nothing more to write: the peer row changed in prepare and is flushed with the transaction."""


def summarise(payload: dict[str, Any]) -> str:
    try:
        return f"new signing key {fingerprint(str(payload['key']))}"
    except (KeyError, ValueError, NodeError):
        return "new signing key"


KIND = MessageKind(
    name="node.key_rotation",
    payload=KeyRotation,
    prepare=prepare_rotation,
    write=write_rotations,
    summary=summarise,
)
