"""Text preparation: cleaning, readability checks, dateline removal and sentence splitting.

Cleaning never shifts offsets: removed material is overwritten with spaces so spans point into the text
the caller passed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from sarhad.read.dates import month_number
from sarhad.read.language import pack_pattern

MAX_CHARS = 40_000  # news items are a few thousand characters; beyond this is page chrome or a dump

_TAG = pack_pattern("text.tag")
_ENTITY = pack_pattern("text.entity")
_MD_LINK = pack_pattern("text.md_link")
_URL = pack_pattern("text.url")
# "QUETTA:", "TEHRAN –", "CHAGAI:", "PESHAWAR (Dunya News) -", "ISLAMABAD, (UrduPoint ... ) " at a line start.
_DATELINE = pack_pattern("text.dateline")
# The same in title case: "Quetta: ...", "Quetta (UrduPoint / Online - 25th February, 2020) ...".
_TITLE_DATELINE = pack_pattern("text.title_dateline")
# "London/Quetta" or "ERBIL" alone on a line.
_BARE_DATELINE_LINE = pack_pattern("text.bare_dateline_line")
_SENT_END = pack_pattern("text.sent_end")
_ABBREV = pack_pattern("text.abbrev")
# "Published March 22, 2021", "date 2020-05-12", or a line holding only "December 16, 2023".
_PUB_STAMP = pack_pattern("text.publication_stamp")
# ".../2017/04/27/slug" or "...-2021-03-22.html": many outlets put the publication day in the address.
_URL_DAY = pack_pattern("text.url_day")
_URL_MONTH = pack_pattern("text.url_month")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def clean(text: str) -> str:
    """Blank out HTML tags, entities, markdown link tails and URLs without moving any character."""
    for pattern in (_TAG, _ENTITY, _MD_LINK, _URL):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Where the datelines are (before they are blanked): 'here' in the story means that place."""
    spans = [m.span("d") for m in _DATELINE.finditer(text)]
    spans += [m.span("d") for m in _TITLE_DATELINE.finditer(text)]
    return spans + [m.span() for m in _BARE_DATELINE_LINE.finditer(text)]


# Lines that are page furniture, not story: "Published: April 4, 2014", "Updated 12:46 pm IST", and
# photo captions: ending in their credit ("... after being kidnapped. PHOTO: AFP/FILE", "... on September
# 13, 2021. — AFP", "(Anjum Naveed/AP)") or opening as agencies write them ("In this Aug. 3, 2021 file
# photo, ...").
_FURNITURE_LINE = pack_pattern("text.furniture_line")


def strip_datelines(text: str) -> str:
    """Datelines say where a story was filed, not where events happened: blank them (and the page's
    publication stamps and photo captions)."""
    text = _FURNITURE_LINE.sub(lambda m: " " * len(m.group(0)), text)
    text = _DATELINE.sub(lambda m: " " * len(m.group("d")), text)
    text = _TITLE_DATELINE.sub(lambda m: " " * len(m.group("d")), text)
    return _BARE_DATELINE_LINE.sub(lambda m: " " * len(m.group(0)), text)


_NON_ASCII = pack_pattern("text.non_ascii")
_NOT_ASCII_LETTER = bytes(b for b in range(128) if not chr(b).isalpha())


def unreadable_reason(text: str) -> str | None:
    """Why a text cannot be read at all (nothing to read), or None."""
    return "empty or too short to read" if _letters(text[:20_000])[1] < 40 else None


def mostly_latin(text: str) -> bool:
    """Whether most letters are ASCII: the cheap sign of a Latin-script text, so that only the others
    and the candidates need the language detector."""
    latin, letters = _letters(text[:20_000])
    return latin >= 0.6 * letters


def _letters(sample: str) -> tuple[int, int]:
    """(ASCII letters, all letters). ASCII letters are counted in C, by deleting every other byte, and the
    few non-ASCII characters one by one (a loop over every character in Python cost more than triage and
    reading together)."""
    latin = len(sample.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTER))
    if sample.isascii():
        return latin, latin
    other = "".join(_NON_ASCII.findall(sample))
    return latin, latin + sum(ch.isalpha() for ch in other)


_WRAP_BREAK = pack_pattern("text.wrap_break")


def unwrap(text: str) -> str:
    """Join the lines of hard-wrapped text (wire copy broken at ~70 columns), so that a line break in
    the middle of a sentence does not end it. Offsets never move: each joining break becomes a space."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 6:
        return text
    column = [line for line in lines if 45 <= len(line) <= 85]
    open_ended = [line for line in column if line[-1] not in '.!?:;"”’)']
    if len(column) < 0.6 * len(lines) or len(open_ended) < 0.4 * len(column):
        return text
    return _WRAP_BREAK.sub(lambda m: " " * len(m.group(0)), text)


@lru_cache(maxsize=2)
def segmented(text: str) -> tuple[Sentence, ...]:
    """The sentences of a report, split once for the reader's segmenting and its relevance questions."""
    return tuple(sentences(text))


def sentences(text: str) -> list[Sentence]:
    """Split on sentence punctuation and line breaks, keeping offsets; abbreviations do not end a sentence."""
    out: list[Sentence] = []
    start = 0
    for match in _SENT_END.finditer(text):
        chunk = text[start : match.start()]
        if "\n" not in match.group(0) and _ABBREV.search(chunk.rstrip()):
            continue
        _append(out, text, start, match.start())
        start = match.end()
    _append(out, text, start, len(text))
    return out


MAX_SENTENCE = 600  # run-on "sentences" (tables, lists without punctuation) are cut to keep matching linear


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        _append_one(out, text, start, cut)
        start = cut
    _append_one(out, text, start, end)


def _append_one(out: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if len(stripped) < 3:
        return
    offset = start + piece.index(stripped[0])
    out.append(Sentence(offset, offset + len(stripped), stripped))


def publication_stamp(text: str) -> dt.date | None:
    """A 'Published March 22, 2021', 'date 2020-05-12' or 'Sunday 27 October 2013' stamp near the top of
    the text, if any."""
    match = _PUB_STAMP.search(text[:600])
    if not match:
        return None
    try:
        if match.group(1):
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        day, name, year = (5, 4, 6) if match.group(4) else (7, 8, 9)
        month = month_number(match.group(name))
        return dt.date(int(match.group(year)), month, int(match.group(day))) if month else None
    except ValueError:
        return None


def without_publication_stamp(text: str) -> str:
    """The text with its publication stamp blanked (same length, so offsets hold): a page's stamp says when
    it was published, never when anything in it happened."""
    match = _PUB_STAMP.search(text[:600])
    if not match:
        return text
    start, end = match.span()
    return text[:start] + " " * (end - start) + text[end:]


def date_in_url(url: str | None, today: dt.date | None = None) -> dt.date | None:
    """The publication day an article's address spells out (``/2017/04/27/``), if it is a real past day.
    Addresses with only a year and month say nothing about the day, so they give nothing."""
    if not url:
        return None
    match = _URL_DAY.search(url)
    if not match:
        return None
    try:
        day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return day if day <= (today or dt.date.today()) else None


def month_in_url(url: str | None, today: dt.date | None = None) -> dt.date | None:
    """The last day of the month an address spells out (``/2018/12/``): a report with no publication
    date was published by then, which places a day or a month written without its year."""
    match = _URL_MONTH.search(url or "")
    if not match:
        return None
    try:
        first = dt.date(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        return None
    today = today or dt.date.today()
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return min(last, today) if first <= today else None


def reference_date(
    published: dt.date | None, work: str, url: str | None
) -> tuple[dt.date | None, str | None]:
    """The date relative expressions count from, and where it came from: the header's, a stamp near the
    top of the text, or the day spelled out in the address."""
    if published is not None:
        return published, "header"
    stamped = publication_stamp(work)
    if stamped is not None:
        return stamped, "text"
    in_url = date_in_url(url)
    return (in_url, "url") if in_url is not None else (None, None)
