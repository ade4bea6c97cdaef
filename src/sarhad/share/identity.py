"""This node's identity: the party it serves, an Ed25519 signing key and a TLS certificate.

The private keys live as files in the node's key folder (created 0700, each key 0600, refused if anyone
else may read them, as ssh does); the database keeps only the public halves. The other party is trusted
by its signing key, which its administrators pass on out of band; everything else about the peer (its TLS
certificate, its name) arrives in an identity document signed by that key.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import fcntl
import hashlib
import ipaddress
import os
import re
import socket
import stat
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from sqlalchemy.orm import Session

from sarhad.canonical import canonical
from sarhad.store import audit
from sarhad.store.models import NodeIdentity

SIGNING_KEY = "signing-key.pem"
NEXT_KEY = "signing-key.next.pem"  # a rotation's new key until the database has recorded it
TLS_KEY = "tls-key.pem"
TLS_CERT = "tls-cert.pem"
RETIRED = "retired"
KEY_PREFIX = "ed25519:"
PARTY = re.compile(r"^[A-Z]{2}$")
CERT_DAYS = 825
IDENTITY_DOMAIN = b"sarhad-identity-v1\n"


class NodeError(RuntimeError):
    """The node is not set up, or its keys cannot be used; the message says which and why."""


def check_party(party: str) -> str:
    if not PARTY.fullmatch(party):
        raise NodeError(f"party {party!r} must be a two-letter ISO 3166 code in capitals, such as PK or IR")
    return party


# --- keys as text -------------------------------------------------------------------------------------


def public_key_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return KEY_PREFIX + base64.b64encode(raw).decode()


@lru_cache(maxsize=64)
def parse_public_key(text: str) -> Ed25519PublicKey:
    if not text.startswith(KEY_PREFIX):
        raise NodeError(f"a node key looks like '{KEY_PREFIX}<base64>', not {text[:40]!r}")
    try:
        raw = base64.b64decode(text[len(KEY_PREFIX) :], validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as exc:
        raise NodeError(f"not an Ed25519 public key: {text[:60]!r}") from exc


def fingerprint(key_text: str) -> str:
    """SHA-256 of the raw key, as ssh shows it: short enough to read out over a telephone line."""
    raw = base64.b64decode(key_text[len(KEY_PREFIX) :])
    return "SHA256:" + base64.b64encode(hashlib.sha256(raw).digest()).decode().rstrip("=")


def cert_fingerprint(pem: str) -> str:
    cert = x509.load_pem_x509_certificate(pem.encode())
    return "SHA256:" + cert.fingerprint(hashes.SHA256()).hex(":").upper()


def verify_signature(key_text: str, signature: str, message: bytes) -> bool:
    try:
        parse_public_key(key_text).verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, ValueError, NodeError):
        return False
    return True


# --- files --------------------------------------------------------------------------------------------


def _write_private(path: Path, data: bytes) -> None:
    """Create a key file readable by this account only, never briefly wider."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _check_private(path: Path) -> None:
    try:
        info = path.stat()
    except OSError as exc:
        raise NodeError(f"key file {path} cannot be read: {exc.strerror}") from exc
    if stat.S_IMODE(info.st_mode) & 0o077:
        raise NodeError(
            f"key file {path} may be read by others ({oct(stat.S_IMODE(info.st_mode))}); chmod 600 it"
        )
    if info.st_uid != os.geteuid():
        raise NodeError(f"key file {path} belongs to another account")


@lru_cache(maxsize=8)
def _load_signing_key(path: str, mtime_ns: int) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise NodeError(f"{path} does not hold an Ed25519 key")
    return key


_CHECKED: dict[str, tuple[float, str]] = {}  # key file -> (when its permissions were checked, key text)
RECHECK_SECONDS = 5.0


def signing_key(node: NodeIdentity) -> Ed25519PrivateKey:
    """The node's private key, from its file (permissions checked at most every few seconds)."""
    path = Path(node.key_dir) / SIGNING_KEY
    checked = _CHECKED.get(str(path))
    if checked and checked[1] == node.signing_key and time.monotonic() - checked[0] < RECHECK_SECONDS:
        return _load_signing_key(str(path), _CHECKED_MTIME[str(path)])
    key = _signing_key_checked(node, path)
    _CHECKED[str(path)] = (time.monotonic(), node.signing_key)
    _CHECKED_MTIME[str(path)] = path.stat().st_mtime_ns
    return key


_CHECKED_MTIME: dict[str, int] = {}


def _signing_key_checked(node: NodeIdentity, path: Path) -> Ed25519PrivateKey:
    _check_private(path)
    key = _load_signing_key(str(path), path.stat().st_mtime_ns)
    if public_key_text(key.public_key()) != node.signing_key:
        settle(node)  # a rotation recorded in the database whose files are not renamed yet
        key = _load_signing_key(str(path), path.stat().st_mtime_ns)
    if public_key_text(key.public_key()) != node.signing_key:
        raise NodeError(f"{path} does not match the key this node's database names; was it replaced?")
    return key


def settle(node: NodeIdentity) -> None:
    """Finish a rotation the database has recorded but the files have not: retire the old key file.

    Threads and processes that sign at the same moment may all find the files behind: they take a lock
    on the key folder in turn, and each looks again once it holds it."""
    folder = Path(node.key_dir)
    with open(folder / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            _settle(node, folder)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _settle(node: NodeIdentity, folder: Path) -> None:
    pending, current = folder / NEXT_KEY, folder / SIGNING_KEY
    if not pending.exists():
        return
    key = serialization.load_pem_private_key(pending.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey) or public_key_text(key.public_key()) != node.signing_key:
        return  # the rotation never reached the database; rotate_key removes the stray file next time
    retired = folder / RETIRED
    retired.mkdir(mode=0o700, exist_ok=True)
    if current.exists():
        old = serialization.load_pem_private_key(current.read_bytes(), password=None)
        if isinstance(old, Ed25519PrivateKey) and public_key_text(old.public_key()) != node.signing_key:
            name = fingerprint(public_key_text(old.public_key())).removeprefix("SHA256:").replace("/", "_")
            # a second name for the old key, then one atomic rename over it: the key file never goes
            # missing for a signer that reads it without the lock
            with contextlib.suppress(FileExistsError):
                os.link(current, retired / f"signing-key-{name}.pem")
    os.replace(pending, current)


def sign(node: NodeIdentity, message: bytes) -> str:
    return base64.b64encode(signing_key(node).sign(message)).decode()


def tls_files(node: NodeIdentity) -> tuple[Path, Path]:
    """(certificate, private key) for the node's HTTPS server."""
    folder = Path(node.key_dir)
    _check_private(folder / TLS_KEY)
    return folder / TLS_CERT, folder / TLS_KEY


def new_signing_key(folder: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _write_private(folder / SIGNING_KEY, pem)
    return key


def _san(hosts: list[str]) -> x509.SubjectAlternativeName:
    names: list[x509.GeneralName] = []
    for host in dict.fromkeys(["localhost", socket.gethostname(), "127.0.0.1", "::1", *hosts]):
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return x509.SubjectAlternativeName(names)


def certificate_hosts(cert_pem: str) -> list[str]:
    """The host names and addresses a node's TLS certificate is for: the names its peer reaches it by."""
    cert = x509.load_pem_x509_certificate(cert_pem.encode("ascii"))
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    return [*san.get_values_for_type(x509.DNSName), *map(str, san.get_values_for_type(x509.IPAddress))]


def new_tls_certificate(folder: Path, party: str, name: str, hosts: list[str]) -> str:
    """A self-signed certificate for the node's server; the peer pins it, so no CA is involved."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"Sarhad node {party}"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name[:64] or party),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=CERT_DAYS))
        .add_extension(_san(hosts), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem_key = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _write_private(folder / TLS_KEY, pem_key)
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    (folder / TLS_CERT).write_text(pem)
    return pem


# --- the node record ----------------------------------------------------------------------------------


def load_node(session: Session) -> NodeIdentity | None:
    return session.get(NodeIdentity, 1)


def require_node(session: Session) -> NodeIdentity:
    node = load_node(session)
    if node is None:
        raise NodeError("this database has no node yet; run `sarhad node init --party XX --name NAME`")
    return node


def init_node(
    session: Session, party: str, name: str, key_dir: Path, hosts: list[str], actor: str
) -> NodeIdentity:
    """Create the node's keys in ``key_dir`` (which must not hold keys yet) and record the node."""
    check_party(party)
    if not name.strip() or len(name) > 200:
        raise NodeError("a node needs a name of 1 to 200 characters")
    if load_node(session) is not None:
        raise NodeError("this database already belongs to a node (`sarhad node show`)")
    folder = key_dir.resolve()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if any((folder / f).exists() for f in (SIGNING_KEY, TLS_KEY, TLS_CERT)):
        raise NodeError(f"{folder} already holds node keys; choose an empty folder with --key-dir")
    key = new_signing_key(folder)
    cert = new_tls_certificate(folder, party, name, hosts)
    node = NodeIdentity(
        id=1,
        party=party,
        name=name.strip(),
        key_dir=str(folder),
        signing_key=public_key_text(key.public_key()),
        tls_cert=cert,
        settings={},
    )
    session.add(node)
    session.flush()
    audit.append(session, actor, "node.init", "node", party, {"name": node.name, "key": node.signing_key})
    return node


def describe_node(node: NodeIdentity) -> dict[str, Any]:
    return {
        "party": node.party,
        "name": node.name,
        "key": node.signing_key,
        "fingerprint": fingerprint(node.signing_key),
        "tls_fingerprint": cert_fingerprint(node.tls_cert),
        "created_at": node.created_at.isoformat(),
    }


def identity_document(node: NodeIdentity, url: str | None = None) -> dict[str, Any]:
    """What the other party needs to trust this node, signed by its key: party, name, key, TLS cert."""
    body = {
        "party": node.party,
        "name": node.name,
        "key": node.signing_key,
        "tls_cert": node.tls_cert,
        "url": url,
        "issued": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    return {"identity": body, "sig": sign(node, IDENTITY_DOMAIN + canonical(body))}


def verify_identity_document(document: Any, key_text: str, party: str) -> dict[str, Any]:
    """The identity inside ``document`` if ``key_text`` signed it and it names ``party``."""
    parse_public_key(key_text)
    if not isinstance(document, dict) or not isinstance(document.get("identity"), dict):
        raise NodeError("not a Sarhad identity document")
    body, sig = document["identity"], document.get("sig")
    if not isinstance(sig, str) or not verify_signature(key_text, sig, IDENTITY_DOMAIN + canonical(body)):
        raise NodeError("the identity document is not signed by the key given: check the key with the peer")
    if body.get("key") != key_text:
        raise NodeError("the identity document names another key than the one given")
    if body.get("party") != party:
        raise NodeError(f"the identity document is for party {body.get('party')!r}, not {party!r}")
    try:
        x509.load_pem_x509_certificate(str(body.get("tls_cert", "")).encode())
    except ValueError as exc:
        raise NodeError("the identity document holds no valid TLS certificate") from exc
    return dict(body)
