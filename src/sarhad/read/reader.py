"""The ``read`` stage: report text -> :class:`Article` with its events.

Pipeline (each step a small function): clean -> readability -> dateline strip -> triage -> sentences ->
names (Aho-Corasick) -> per-sentence mentions (triggers, dates, counts) -> merge into events ->
background vs main -> place, perpetrator, counts -> relevance.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache

from sarhad.daterange import named_years
from sarhad.events import REPORTED_AS
from sarhad.geo.config import DEFAULT_BORDER
from sarhad.read.assemble import (
    Draft,
    is_old,
    merge,
)
from sarhad.read.counts import Count
from sarhad.read.doc import Component, Doc, configured_components
from sarhad.read.fields import (
    VIOLENT,
    acled,
    acting_country,
    confidence,
    date_from_publication,
    participants,
    parties,
    release_from_abduction,
    set_counts,
    set_date,
    set_perpetrator,
    set_weekday_hint,
)
from sarhad.read.geo import Geo
from sarhad.read.language import DEFAULT_LANGUAGE, SURE, detect, english, not_readable_in
from sarhad.read.lexicon import Actor, Hit, Lexicon, Place
from sarhad.read.mentions import (
    SentenceInfo,
    analyse,
    carry_dates,
    last_militants,
    latest_day,
    place_later_dates,
)
from sarhad.read.model import Article, Event, Span
from sarhad.read.pack import BorderPack, load_pack
from sarhad.read.places import (
    KIND_RANK,
    agreement_where_met,
    inherit_location,
    namesakes_as_qualified,
    nationality_country,
    place_candidates,
    place_ok,
    province_over_namesake,
    span_of,
)
from sarhad.read.relevance import in_region, relevant
from sarhad.read.syntax import load_syntax
from sarhad.read.text import (
    MAX_CHARS,
    clean,
    dateline_spans,
    is_caption,
    mostly_latin,
    reference_date,
    sentences,
    strip_datelines,
    unreadable_reason,
    unwrap,
    without_publication_stamp,
)
from sarhad.read.triage import Triage
from sarhad.read.triggers import trigger_table

_NAMES_NOTHING = "names neither the border region nor both countries"


class Reader:
    """Reads the news of one border. Loads its pack and lexicons once; :meth:`read` is then pure and
    thread-safe. ``border`` is a :class:`BorderPack` or two country codes ("PK,IR"); ``components`` the
    names of the steps to run, in order (default: ``read/data/pipeline.toml``)."""

    def __init__(
        self,
        border: BorderPack | str | tuple[str, str] | None = None,
        language: str = DEFAULT_LANGUAGE,
        components: Sequence[str] | None = None,
    ) -> None:
        self.pack = border if isinstance(border, BorderPack) else load_pack(border or DEFAULT_BORDER)
        self.language = language
        self.syntax = load_syntax(language)
        self.geo = Geo(self.pack.countries)
        self.lexicon = Lexicon.load(self.geo.extra_places(self.pack), self.geo.coordinates)
        self.triage = Triage(self.lexicon, self.pack)
        self.triggers = trigger_table(self.pack, language)
        self.components = self._components(components or configured_components())

    def is_candidate(self, text: str) -> bool:
        return self.triage.is_candidate(text[:MAX_CHARS])

    def read(
        self,
        text: str,
        published: dt.date | None,
        file: str = "",
        title: str | None = None,
        url: str | None = None,
    ) -> Article:
        """Read one report through the configured components. ``published`` is the date its source gives;
        without it, a date stamp near the top of the text or the day spelled out in its ``url`` is the
        reference for relative dates."""
        doc = Doc(text, published, file, title, url)
        for component in self.components:
            component(doc)
            if doc.article is not None:
                break
        article = doc.article or Article(file, doc.published, True, "ok", doc.note, doc.events)
        if article.status != "unreadable":
            article.published_from = doc.published_from
            article.years = named_years(doc.work)
            article.border = self.pack.key
        return article

    # ---- components (read/data/pipeline.toml) ------------------------------------------------------

    def normalise(self, doc: Doc) -> None:
        text = doc.text
        if len(text) > MAX_CHARS:
            doc.note = f"long article ({len(text):,} characters): only the first {MAX_CHARS:,} were read"
            text = text[:MAX_CHARS]
        if doc.title and doc.title.strip() and doc.title.strip() not in text[:500]:
            text = f"{doc.title.strip()}\n\n{text}"
        doc.work = clean(text)

    def script_gate(self, doc: Doc) -> None:
        problem = unreadable_reason(doc.work)
        if problem is None and not mostly_latin(doc.work):
            problem = self._other_language(doc.work, 0.0)  # Arabic script, Cyrillic, ...: always asked
        if problem is not None:
            doc.decide("unreadable", problem)

    def reference_date(self, doc: Doc) -> None:
        doc.published, doc.published_from = reference_date(doc.published, doc.work, doc.url)
        doc.work = without_publication_stamp(doc.work)

    def triage_component(self, doc: Doc) -> None:
        # Most of a news day is about elsewhere: what names nothing of the border before datelines and
        # furniture are stripped names nothing after (stripping blanks text; unwrapping turns line breaks
        # into spaces, done here too), so it is judged at once.
        if not self.triage.is_candidate(doc.work.replace("\n", " ")):
            doc.decide("off_topic", _NAMES_NOTHING)

    def language_gate(self, doc: Doc) -> None:
        foreign = self._other_language(doc.work, SURE)  # Latin script, another language
        if foreign is not None:
            doc.decide("unreadable", foreign)

    def furniture(self, doc: Doc) -> None:
        doc.here = self._dateline_place(doc.work)
        doc.work = unwrap(strip_datelines(doc.work))

    def events(self, doc: Doc) -> None:
        doc.events = self._events(doc.work, doc.published, doc.here)

    def relevance(self, doc: Doc) -> None:
        doc.article = self._judge(doc.file, doc.published, doc.work, doc.events, doc.note)

    def _components(self, names: Sequence[str]) -> list[Component]:
        known: dict[str, Component] = {
            "normalise": self.normalise,
            "script_gate": self.script_gate,
            "reference_date": self.reference_date,
            "triage": self.triage_component,
            "language_gate": self.language_gate,
            "furniture": self.furniture,
            "events": self.events,
            "relevance": self.relevance,
        }
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValueError(f"unknown reader component(s) {', '.join(unknown)}; known: {', '.join(known)}")
        return [known[name] for name in names]

    # ---- pipeline steps ----------------------------------------------------------------------------

    def _other_language(self, work: str, sure: float) -> str | None:
        """Why the text is not read, when the detector is at least ``sure`` it is in another language."""
        code, probability = detect(work)
        return not_readable_in(code, self.language) if code != self.language and probability >= sure else None

    def _dateline_place(self, work: str) -> tuple[Place, Span] | None:
        """The first place named in a dateline ('ISLAMABAD, (APP) -'), for talks 'held here'."""
        for start, end in dateline_spans(work[:3000]):
            for hit in self.lexicon.find(work[start:end]):
                if hit.place is not None:
                    return hit.place, Span(start + hit.start, start + hit.end, hit.text)
        return None

    def _events(
        self, work: str, published: dt.date | None, here: tuple[Place, Span] | None = None
    ) -> list[Event]:
        infos = self._sentences(work, published)
        reference = published or latest_day(infos)
        drafts = merge(infos, reference, self.pack.provinces)
        by_index = {info.index: info for info in infos}
        last_militant = last_militants(infos)
        events = [self._event(d, by_index, last_militant) for d in drafts]
        pack = self.pack
        self._place_from_story(events, infos)
        self._place_here(events, drafts, by_index, here)
        release_from_abduction(events, drafts, by_index)  # the freeing state first, then the theatre
        inherit_location(events, drafts, by_index, pack.provinces)
        agreement_where_met(events, pack.provinces)
        date_from_publication(events, published)
        # Freed captives flown home to their capital close a border case: they are not out of the region.
        return [
            e for e, d in zip(events, drafts, strict=True) if in_region(e, pack) or d.type == "repatriation"
        ]

    def _sentences(self, work: str, published: dt.date | None) -> list[SentenceInfo]:
        all_hits = namesakes_as_qualified(self.lexicon.find(work))
        seen: set[str] = set()
        chosen = []
        for sent in sentences(work):
            key = re.sub(r"\W+", " ", sent.text.lower()).strip()
            if key in seen or is_caption(sent.text):  # photo captions, often repeated by page templates
                continue
            seen.add(key)
            chosen.append(sent)
        anchor = None
        if published is None:
            explicit = [
                h.date
                for s in chosen
                for h in analyse(0, s, None, None, [], self.triggers, self.syntax).dates
                if h.explicit and h.precision == "day" and h.date is not None
            ]
            anchor = max(explicit) if explicit else None
        infos = []
        for index, sent in enumerate(chosen):
            hits = [_shift(h, -sent.start) for h in all_hits if sent.start <= h.start and h.end <= sent.end]
            infos.append(analyse(index, sent, published, anchor, hits, self.triggers, self.syntax))
        place_later_dates(infos)
        carry_dates(infos)
        return infos

    def _event(self, draft: Draft, infos: dict[int, SentenceInfo], last_militant: dict[int, Actor]) -> Event:
        kind = draft.type
        out_type = REPORTED_AS.get(kind, kind)  # freed captives sent home are reported as "other"
        event = Event(type=out_type, acled_sub_event_type=acled(out_type, draft, infos))
        event.background = draft.background
        first = draft.mentions[0]
        trig = first.triggers[0]
        event.spans["type"] = Span(
            first.sentence.start + trig.start, first.sentence.start + trig.end, trig.text
        )
        set_date(event, draft.date, infos)
        if event.date is None:
            set_weekday_hint(event, draft, infos)
        set_counts(event, draft, out_type)  # before the place: the victims' nationality is a fallback
        self._set_place(event, draft, infos)
        force_of = set_perpetrator(
            event, draft, infos, last_militant, self.pack, self.syntax.pack.attack_verbs
        )
        if event.type in ("attack", "ambush") and force_of and event.country and force_of != event.country:
            # "Iranian border guards opened fire on an FC post in Mand": a state's forces firing across
            event.type = "cross_border_strike"
            event.acled_sub_event_type = acled(event.type, draft, infos)
        if out_type in ("meeting", "agreement"):
            event.targets = event.targets or participants(draft, infos)
            event.parties = parties(event, draft, infos, self.pack)
        event.confidence = confidence(event, draft)
        return event

    def _set_place(self, event: Event, draft: Draft, infos: dict[int, SentenceInfo]) -> None:
        best: tuple[tuple[int, int, int, int], Hit, SentenceInfo] | None = None
        for order, mention in enumerate(draft.mentions):
            for info, hit, context in place_candidates(mention, infos):
                if context and draft.type == "hostage_release":
                    continue  # the sentence next to a release tells where the captives were taken
                rank = KIND_RANK.get(hit.place.kind, 5) if hit.place else 9
                outside = (
                    0
                    if hit.place and (hit.place.admin1 in self.pack.provinces or hit.place.kind == "country")
                    else 1
                )
                if event.type in ("meeting", "agreement"):
                    outside = 0  # diplomacy happens in capitals
                key = (outside, rank + 2 * context, order, abs(hit.start - mention.anchor))
                if best is None or key < best[0]:
                    best = (key, hit, info)
        if best is None:
            if event.type in VIOLENT or draft.type == "repatriation":
                # Victims are hit, and freed captives "return home", where their nationality says.
                nationality_country(event, draft, infos, self.pack)
            elif event.type == "other":
                event.country = acting_country(draft, infos)  # a force operates on its own soil
            return
        _, hit, info = best
        hit = province_over_namesake(hit, info, self.pack.provinces)
        assert hit.place is not None
        self._apply_place(event, hit.place, span_of(info, hit))

    def _place_here(
        self,
        events: list[Event],
        drafts: list[Draft],
        infos: dict[int, SentenceInfo],
        here: tuple[Place, Span] | None,
    ) -> None:
        """'The commission met here on Thursday' under an ISLAMABAD dateline met in Islamabad."""
        if here is None:
            return
        for event, draft in zip(events, drafts, strict=True):
            told_here = any(_HERE.search(infos[m.index].sentence.text) for m in draft.mentions)
            if event.place is None and event.admin1 is None and told_here:
                self._apply_place(event, here[0], here[1])

    def _place_from_story(self, events: list[Event], infos: list[SentenceInfo]) -> None:
        """A report about one incident that names a border-region place only away from the sentences
        telling it ("border guards of Saravan county ... confiscated 1,538 kg") locates it there."""
        unplaced = [
            e
            for e in events
            if not e.background
            and e.place is None
            and e.admin1 is None
            # a release is told where the captives were freed, never where they were seized
            and e.type not in ("meeting", "agreement", "hostage_release")
        ]
        if len(unplaced) != 1 or len({e.type for e in events if not e.background}) != 1:
            return
        for info in infos:
            for hit in info.hits:
                place = hit.place
                if (
                    place is not None
                    and place.admin1 in self.pack.provinces
                    and place.kind in ("place", "district", "crossing", "province")
                    and place_ok(hit, info.sentence.text)
                ):
                    self._apply_place(unplaced[0], place, span_of(info, hit))
                    return

    def _apply_place(self, event: Event, place: Place, span: Span) -> None:
        loc = self.geo.locate(place)
        event.place = span.text
        event.spans["place"] = span
        event.lat, event.lon, event.geo_precision = loc.lat, loc.lon, loc.precision
        event.admin1, event.admin2, event.country = loc.admin1, loc.admin2, loc.country
        event.sector, event.side, event.distance_km = loc.sector, loc.side, loc.distance_km

    def _judge(
        self, file: str, published: dt.date | None, work: str, events: list[Event], note: str | None
    ) -> Article:
        main = [e for e in events if not e.background]
        if not main:
            return Article(file, published, False, "off_topic", "no border-security event found", [])
        if not relevant(work, main, self.triage.flags, self.pack):
            return Article(
                file, published, False, "off_topic", "events are not in the configured border region"
            )
        return Article(file, published, True, "ok", note, events)


def _shift(hit: Hit, delta: int) -> Hit:
    return Hit(hit.start + delta, hit.end + delta, hit.text, hit.kind, hit.actor, hit.place, hit.fuzzy)


_HERE = english("reader.here")


@lru_cache(maxsize=1)
def default_reader() -> Reader:
    return Reader()


def read_article(
    text: str,
    published: dt.date | None = None,
    file: str = "",
    title: str | None = None,
    url: str | None = None,
) -> Article:
    """Read one article with a shared, lazily built :class:`Reader`."""
    return default_reader().read(text, published, file, title, url)


__all__ = ["Count", "Reader", "is_old", "read_article"]
