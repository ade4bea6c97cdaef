"""Turn one input file into raw reports, or into precise reasons why it cannot be one.

Supported inputs (see docs/intake.md for the JSON schema):

* ``.txt``: plain text, optionally starting with ``# source: <outlet> | url: <url> | published: <date>``;
* ``.html`` / ``.htm``: main text, title and date extracted by trafilatura;
* ``.json``: one report object, or an array of them;
* ``.jsonl``: one report object per line.

Parsing never touches the database; :mod:`sarhad.intake.ingest` stores what comes out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sarhad.daterange import refusal
from sarhad.intake import DEFAULT_MAX_BYTES
from sarhad.store.models import RELEASABILITY
from sarhad.textsafe import BAD_CONTROLS, BIDI_CONTROLS, escaped

REPORT_KINDS = ("news", "field_report", "liaison")
SUFFIXES = {
    ".txt": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
    ".json": "application/json",
    ".jsonl": "application/jsonl",
}
KNOWN_JSON_FIELDS = ("text", "source", "url", "title", "published", "kind", "language", "releasability")

_HEADER = re.compile(r"^#\s*source:.*$", re.IGNORECASE)
MAX_DEPTH = 32  # nesting of a report object: real metadata is two or three levels deep
MAX_INTEGER_DIGITS = 18  # fits a 64-bit column; longer numbers are not report metadata


@dataclass(frozen=True)
class IntakeProblem:
    """Why an input (or one line of it) could not become a report."""

    input: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.input}:{self.line}" if self.line is not None else self.input
        return f"{where}: {self.reason}"


class MalformedReport(ValueError):
    """Raised inside parsing for a problem that concerns one report."""


@dataclass(frozen=True)
class RawReport:
    """A report as it arrived: its text, the exact bytes and the metadata that came with it."""

    text: str
    raw: bytes
    media_type: str
    original_name: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    kind: str = "news"
    language: str | None = None
    releasability: str | None = None  # None: the node's default for the kind (sarhad.share.releasability)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """The report's identity: same text from the same source and URL is the same report."""
        canonical = json.dumps(
            {"text": normalise_text(self.text), "source": self.source, "url": self.url},
            ensure_ascii=False,
            sort_keys=True,
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def normalise_text(text: str) -> str:
    """NFC, LF line ends, no trailing spaces: cosmetic differences must not make a new report."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def parse_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawReport | IntakeProblem]:
    """Yield every report in ``path`` and a problem for every part that could not be read."""
    name = display_name(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        expected = ", ".join(SUFFIXES)
        yield IntakeProblem(name, f"unsupported file type {suffix or '(none)'!r}; expected one of {expected}")
        return
    if suffix == ".jsonl":  # a feed: streamed, and the size limit applies to each report, not the file
        yield from _parse_jsonl(path, max_bytes)
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield IntakeProblem(name, f"file is {size:,} bytes, over the size limit of {max_bytes:,} bytes")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield IntakeProblem(name, f"cannot read file: {exc.strerror or exc}")
        return
    try:
        text = decode(data)
    except MalformedReport as exc:
        yield IntakeProblem(name, str(exc))
        return
    try:
        if suffix == ".txt":
            yield _parse_txt(name, text, data)
        elif suffix in (".html", ".htm"):
            yield _parse_html(name, text, data)
        else:
            yield from _parse_json(name, text, data)
    except MalformedReport as exc:
        yield IntakeProblem(name, str(exc))


def decode(data: bytes) -> str:
    """Strict decoding: UTF-8 (or UTF-16 with a byte-order mark); anything else is refused."""
    if not data.strip():
        raise MalformedReport("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise MalformedReport(f"invalid UTF-16 at byte {exc.start}") from exc
    if b"\x00" in data[:8192]:
        raise MalformedReport("binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MalformedReport(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert the file to UTF-8"
        ) from exc


SURROGATE = re.compile("[\ud800-\udfff]")  # a lone half of a UTF-16 pair: not storable as UTF-8


def clean_text(text: str) -> str:
    """Drop control characters the database cannot hold; refuse text that is not text at all."""
    if SURROGATE.search(text):
        raise MalformedReport("text contains invalid Unicode (unpaired surrogate)")
    cleaned = BAD_CONTROLS.sub("", text)
    if len(cleaned) < 0.9 * len(text):
        raise MalformedReport("binary content (mostly control characters), not text")
    if not cleaned.strip():
        raise MalformedReport("no text")
    return cleaned


def parse_date(value: Any, what: str = "published") -> dt.date | None:
    """A metadata date: ``YYYY-MM-DD`` or an ISO timestamp; ``unknown``/empty/null mean unknown."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "unknown", "null", "none")):
        return None
    if not isinstance(value, str):
        raise MalformedReport(f"{what} must be a date string like 2020-05-08, not {type(value).__name__}")
    raw = value.strip()
    try:
        day = dt.datetime.fromisoformat(raw).date() if len(raw) > 10 else dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise MalformedReport(f"{what} {raw[:40]!r} is not a date in YYYY-MM-DD form") from exc
    reason = refusal(day, what)
    if reason:
        raise MalformedReport(reason)
    return day


def _parse_txt(name: str, text: str, data: bytes) -> RawReport:
    meta: dict[str, Any] = {}
    first, _, rest = text.partition("\n")
    if _HEADER.match(first.strip()):
        meta = _parse_header(first.strip().lstrip("#"))
        text = rest
    return RawReport(
        text=clean_text(text),
        raw=data,
        media_type=SUFFIXES[".txt"],
        original_name=name,
        source=_limited(_clean_field(meta.pop("source", None)), "source"),
        url=_limited(_clean_field(meta.pop("url", None)), "url"),
        title=_limited(_clean_field(meta.pop("title", None)), "title"),
        language=_limited(_clean_field(meta.pop("language", None)), "language"),
        published=parse_date(meta.pop("published", None)),
        kind=_check_choice(meta.pop("kind", None) or "news", REPORT_KINDS, "kind"),
        releasability=_optional_releasability(meta.pop("releasability", None)),
        meta=meta,
    )


def _optional_releasability(value: Any) -> str | None:
    return _check_choice(value, RELEASABILITY, "releasability") if value else None


def _limited(value: str | None, key: str) -> str | None:
    if value is not None and len(value) > FIELD_LIMITS[key]:
        raise MalformedReport(f"'{key}' is longer than {FIELD_LIMITS[key]:,} characters")
    return value


def _cut(value: str | None, key: str) -> str | None:
    """Metadata a page's markup suggests is a hint: too long, it is shortened rather than refused."""
    return value[: FIELD_LIMITS[key]] if value is not None else None


def _parse_header(header: str) -> dict[str, Any]:
    """``source: X | url: Y | published: Z`` -> dict; values may themselves contain colons (URLs)."""
    fields: dict[str, Any] = {}
    for part in header.split(" | "):
        key, sep, value = part.partition(":")
        if not sep:
            raise MalformedReport(f"header field {part.strip()!r} is not 'key: value'")
        fields[key.strip().lower()] = value.strip() or None
    return fields


def _parse_html(name: str, text: str, data: bytes) -> RawReport:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    extracted = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    doc = extracted.as_dict() if extracted is not None and not isinstance(extracted, dict) else extracted
    if not isinstance(doc, dict) or not (doc.get("text") or "").strip():
        raise MalformedReport("no main text found in the HTML page")
    published = None
    if doc.get("date"):
        try:
            published = parse_date(doc["date"])
        except MalformedReport:
            published = None  # a page's guessed date is a hint, not a requirement
    return RawReport(
        text=clean_text(doc["text"]),
        raw=data,
        media_type=SUFFIXES[".html"],
        original_name=name,
        source=_cut(_clean_field(doc.get("sitename") or doc.get("hostname")), "source"),
        url=_cut(_clean_field(doc.get("url")), "url"),
        title=_cut(_clean_field(doc.get("title")), "title"),
        published=published,
        language=_cut(_clean_field(doc.get("language")), "language"),
    )


def load_json(text: str) -> Any:
    """json.loads without NaN/Infinity (not JSON, and PostgreSQL refuses them), numbers no column can
    hold (4,301 digits, 1e400) or nesting deeper than MAX_DEPTH."""
    try:
        value = json.loads(
            text, parse_constant=_refuse_constant, parse_int=_bounded_int, parse_float=_finite_float
        )
    except RecursionError as exc:
        raise MalformedReport(f"report is nested more than {MAX_DEPTH} levels deep") from exc
    except json.JSONDecodeError as exc:
        raise MalformedReport(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except ValueError as exc:  # from int() or float() on a token json accepted
        raise MalformedReport(f"malformed JSON: {exc}") from exc
    if depth(value) > MAX_DEPTH:
        raise MalformedReport(f"report is nested more than {MAX_DEPTH} levels deep")
    return value


def _refuse_constant(token: str) -> Any:
    raise MalformedReport(f"malformed JSON: {token} is not a JSON number")


def _bounded_int(token: str) -> int:
    if len(token.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise MalformedReport(f"number with {len(token.lstrip('-')):,} digits is out of range")
    return int(token)


def _finite_float(token: str) -> float:
    number = float(token)
    if not math.isfinite(number):
        raise MalformedReport(f"number {token[:40]} is out of range")
    return number


def depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value``, without recursion (the value may be hostile)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def _parse_json(name: str, text: str, data: bytes) -> Iterator[RawReport | IntakeProblem]:
    try:
        value = load_json(text)
    except MalformedReport as exc:
        yield IntakeProblem(name, str(exc))
        return
    items = value if isinstance(value, list) else [value]
    if not items:
        yield IntakeProblem(name, "JSON array holds no reports")
    for index, item in enumerate(items):
        label = f"{name}[{index}]" if isinstance(value, list) else name
        try:
            # A lone object keeps the file's bytes; an array item keeps its own (ASCII-safe) JSON.
            raw = data if not isinstance(value, list) else json.dumps(item, sort_keys=True).encode("ascii")
            yield report_from_object(item, label, raw, SUFFIXES[".json"])
        except MalformedReport as exc:
            yield IntakeProblem(label, str(exc))


def _parse_jsonl(path: Path, max_bytes: int) -> Iterator[RawReport | IntakeProblem]:
    name = display_name(path)
    seen_any = False
    try:
        with path.open("rb") as feed:
            for number, raw in enumerate(feed, start=1):
                if not raw.strip():
                    continue
                seen_any = True
                yield _parse_jsonl_line(name, number, raw, max_bytes)
    except OSError as exc:
        yield IntakeProblem(name, f"cannot read file: {exc.strerror or exc}")
        return
    if not seen_any:
        yield IntakeProblem(name, "empty file")


def _parse_jsonl_line(name: str, number: int, raw: bytes, max_bytes: int) -> RawReport | IntakeProblem:
    if len(raw) > max_bytes:
        return IntakeProblem(
            name, f"line is {len(raw):,} bytes, over the size limit of {max_bytes:,} bytes", number
        )
    raw = raw.rstrip(b"\r\n")
    if number == 1:
        raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        item = load_json(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return IntakeProblem(
            name, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})", number
        )
    except MalformedReport as exc:
        return IntakeProblem(name, str(exc).replace(" at line 1 column", " at column"), number)
    try:
        return report_from_object(item, f"{name}:{number}", raw, SUFFIXES[".jsonl"])
    except MalformedReport as exc:
        return IntakeProblem(name, str(exc), number)


def report_from_object(item: Any, label: str, raw: bytes, media_type: str) -> RawReport:
    """One JSON report object -> RawReport. ``text`` is required; unknown keys are kept as metadata."""
    if not isinstance(item, dict):
        raise MalformedReport(f"a report must be a JSON object, not {type(item).__name__}")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise MalformedReport("report has no 'text' (a non-empty string is required)")
    for key in ("source", "url", "title", "language"):
        if item.get(key) is not None and not isinstance(item[key], str):
            raise MalformedReport(f"'{key}' must be a string")
        if isinstance(item.get(key), str) and len(item[key]) > FIELD_LIMITS.get(key, 10_000):
            raise MalformedReport(f"'{key}' is longer than {FIELD_LIMITS.get(key, 10_000):,} characters")
    check_unicode(item)
    meta = {key: val for key, val in item.items() if key not in KNOWN_JSON_FIELDS}
    return RawReport(
        text=clean_text(text),
        raw=raw,
        media_type=media_type,
        original_name=label,
        source=_clean_field(item.get("source")),
        url=_clean_field(item.get("url")),
        title=_clean_field(item.get("title")),
        published=parse_date(item.get("published")),
        kind=_check_choice(item.get("kind") or "news", REPORT_KINDS, "kind"),
        language=_clean_field(item.get("language")),
        releasability=_optional_releasability(item.get("releasability")),
        meta=meta,
    )


# Column widths of the report table (source and language are short, indexed strings).
FIELD_LIMITS = {"source": 200, "language": 16, "url": 10_000, "title": 10_000}


def check_unicode(value: Any, depth: int = 0) -> None:
    """Refuse unpaired surrogates anywhere in a report object: they cannot be stored as UTF-8."""
    if isinstance(value, str):
        if SURROGATE.search(value):
            raise MalformedReport("invalid Unicode (unpaired surrogate) in the report")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_unicode(key, depth + 1)
            check_unicode(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            check_unicode(item, depth + 1)


def display_name(path: Path) -> str:
    """The path as text that can be stored and printed: undecodable bytes in file names become backslash
    escapes, and so do control and bidirectional characters (an escape sequence in a file name must not
    reach the terminal)."""
    return escaped(os.fsencode(path).decode("utf-8", "backslashreplace"))


def _clean_field(value: str | None) -> str | None:
    """One-line metadata: no control characters, no bidirectional overrides, no line breaks."""
    if value is None:
        return None
    value = BIDI_CONTROLS.sub("", BAD_CONTROLS.sub("", value))
    return " ".join(value.split()) or None


def _check_choice(value: Any, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise MalformedReport(f"'{what}' must be one of {', '.join(allowed)}, not {value!r}")
    return str(value)
