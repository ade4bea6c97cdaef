"""The ``read`` stage: report text -> :class:`Article` with its events.

The reader runs named components over one document (read/doc.py), in the order read/data/pipeline.toml
gives: normalise, gates, reference date, triage, furniture, then segment, entities, dates, triggers,
quantities, linking, merging, arguments, geo and relevance. Each component is a method below; what they
know of the language and the border comes from the language pack and the border pack.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import cached_property, lru_cache

from sarhad.daterange import named_years
from sarhad.events import DIPLOMACY, REPORTED_AS
from sarhad.geo.config import DEFAULT_BORDER
from sarhad.read.assemble import merge
from sarhad.read.counts import Count
from sarhad.read.cues import cues
from sarhad.read.discourse import carry_dates, date_undated, last_militants, latest_day, place_later_dates
from sarhad.read.doc import Component, Doc, configured_components
from sarhad.read.drafts import Draft, is_old
from sarhad.read.fields import (
    acled,
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
from sarhad.read.language import (
    DEFAULT_LANGUAGE,
    SURE,
    detect,
    not_readable_in,
    pack_pattern,
    plainly_in_reading_language,
    reading_in,
)
from sarhad.read.lexicon import Actor, Hit, Lexicon, Place
from sarhad.read.linking import link
from sarhad.read.mentions import (
    SentenceInfo,
    find_sentence_counts,
    find_sentence_dates,
    find_sentence_triggers,
    sentence_info,
)
from sarhad.read.model import Article, Event, Span
from sarhad.read.namesakes import namesakes_as_qualified, namesakes_by_side
from sarhad.read.pack import BorderPack, load_pack
from sarhad.read.places import Placer, agreement_where_met, inherit_location
from sarhad.read.relevance import in_region, judged_by, recalled_context, relevant
from sarhad.read.sides import at_the_line, fenced_on_own_side, struck_across
from sarhad.read.syntax import load_syntax
from sarhad.read.text import (
    MAX_CHARS,
    clean,
    dateline_spans,
    month_in_url,
    mostly_latin,
    reference_date,
    segmented,
    strip_datelines,
    unreadable_reason,
    unwrap,
    without_publication_stamp,
)
from sarhad.read.triage import Triage
from sarhad.read.triggers import trigger_table

_NAMES_NOTHING = "names neither the border region nor both countries"


_HEAVY_FIRE = pack_pattern("reader.heavy_fire")


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
        self.lexicon = Lexicon.load(
            self.geo.extra_places(self.pack), self.geo.coordinates, self.pack.reading.elsewhere.words
        )
        self.placer = Placer(self.geo, self.pack)
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
        doc = self.run(Doc(text, published, file, title, url))
        article = doc.article or Article(file, doc.published, True, "ok", doc.note, doc.events)
        if article.status != "unreadable":
            article.published_from = doc.published_from
            article.years = named_years(doc.work)
            article.border = self.pack.key
        return article

    def run(self, doc: Doc) -> Doc:
        """Run the components over ``doc`` until one decides the article; the document shows what each
        found (its sentences, drafts and events)."""
        with reading_in(self.language):  # the steps' named patterns are this language's
            for component in self.components:
                component(doc)
                if doc.article is not None:
                    break
        return doc

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
        # Latin script, another language. A bilingual page (the report, then its Urdu translation) is
        # judged by its Latin lines: the other script's lines would outweigh them in the detector.
        latin_lines = "\n".join(line for line in doc.work.splitlines() if mostly_latin(line))
        if plainly_in_reading_language(latin_lines):
            return
        foreign = self._other_language(latin_lines, SURE)
        if foreign is not None:
            doc.decide("unreadable", foreign)

    def furniture(self, doc: Doc) -> None:
        doc.here = self._dateline_place(doc.work)
        doc.work = unwrap(strip_datelines(doc.work))

    def segment(self, doc: Doc) -> None:
        seen: set[str] = set()
        for sent in segmented(doc.work):
            key = re.sub(r"\W+", " ", sent.text.lower()).strip()
            if key in seen:  # a sentence repeated by a page template
                continue
            seen.add(key)
            doc.sentences.append(sentence_info(len(doc.sentences), sent, [], self.syntax))

    def entities(self, doc: Doc) -> None:
        found = namesakes_as_qualified(self.lexicon.find(doc.work))
        for info in doc.sentences:
            start, end = info.sentence.start, info.sentence.end
            hits = [_shift(h, -start) for h in found if start <= h.start and h.end <= end]
            info.hits = namesakes_by_side(hits, info.sentence.text, self.lexicon.namesakes, self.pack)

    def dates(self, doc: Doc) -> None:
        for info in doc.sentences:
            find_sentence_dates(info, doc.published, None)
        if doc.published is None:
            doc.provisional = date_undated(doc.sentences, month_in_url(doc.url))

    def quantities(self, doc: Doc) -> None:
        # only a sentence with event words, or the one after it (a toll told next), has counts to link
        told = False
        for info in doc.sentences:
            if told or info.triggers:
                find_sentence_counts(info)
            told = bool(info.triggers)

    def triggers_component(self, doc: Doc) -> None:
        for info in doc.sentences:
            find_sentence_triggers(info, self.triggers)

    def linking(self, doc: Doc) -> None:
        for info in doc.sentences:
            link(info, self.triggers)
        place_later_dates(doc.sentences)
        carry_dates(doc.sentences)

    def merging(self, doc: Doc) -> None:
        reference = doc.published or latest_day(doc.sentences) or doc.provisional
        doc.drafts = merge(doc.sentences, reference, self.pack.provinces, cues(self.pack).strong)

    def arguments(self, doc: Doc) -> None:
        by_index = {info.index: info for info in doc.sentences}
        last_militant = last_militants(doc.sentences)
        doc.events = [self._event(d, by_index, last_militant, doc.work) for d in doc.drafts]

    def geo_component(self, doc: Doc) -> None:
        events, drafts, infos = doc.events, doc.drafts, doc.sentences
        by_index = {info.index: info for info in infos}
        self.placer.from_story(events, infos)
        self.placer.here(events, drafts, by_index, doc.here)
        release_from_abduction(events, drafts, by_index)  # the freeing state first, then the theatre
        inherit_location(events, drafts, by_index, self.pack.provinces)
        agreement_where_met(events, self.pack.provinces)
        fenced_on_own_side(events, self.pack, self._country_of)
        struck_across(events, drafts, self.pack, self._country_of)
        at_the_line(events, drafts, by_index, self.pack)
        date_from_publication(events, doc.published)
        # Freed captives flown home to their capital close a border case: they are not out of the region.
        # Context recalled by its year is known as such only in a report whose own day is known.
        dated = doc.published is not None
        doc.events = [
            e
            for e, d in zip(events, drafts, strict=True)
            if (in_region(e, self.pack) or d.type == "repatriation") and not (dated and recalled_context(e))
        ]

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
            "segment": self.segment,
            "entities": self.entities,
            "dates": self.dates,
            "quantities": self.quantities,
            "triggers": self.triggers_component,
            "linking": self.linking,
            "merging": self.merging,
            "arguments": self.arguments,
            "geo": self.geo_component,
            "relevance": self.relevance,
        }
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValueError(f"unknown reader component(s) {', '.join(unknown)}; known: {', '.join(known)}")
        # counts are looked for only where the triggers found an event (or its toll may follow)
        if {"quantities", "triggers"} <= set(names) and names.index("quantities") < names.index("triggers"):
            raise ValueError("the reader component 'quantities' must come after 'triggers'")
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

    def _event(
        self, draft: Draft, infos: dict[int, SentenceInfo], last_militant: dict[int, Actor], work: str
    ) -> Event:
        kind = draft.type
        out_type = REPORTED_AS.get(kind, kind)  # freed captives sent home are reported as "other"
        event = Event(type=out_type, acled_sub_event_type=acled(out_type, draft, infos), read_as=kind)
        event.background = draft.background
        first = draft.mentions[0]
        trig = first.triggers[0]
        event.spans["type"] = Span(
            first.sentence.start + trig.start, first.sentence.start + trig.end, trig.text
        )
        set_date(event, draft.known_date or draft.reaction_date, infos)
        if event.date is None:
            set_weekday_hint(event, draft, infos)
        set_counts(event, draft, out_type, work)  # before the place: the victims' nationality is a fallback
        self.placer.set_place(event, draft, infos)
        force_of = set_perpetrator(
            event, draft, infos, last_militant, self.pack, self.syntax.pack.attack_verbs
        )
        across = event.country is not None and (
            force_of not in (None, event.country) or self._foreign_force(event.perpetrator)
        )
        if event.type in ("attack", "ambush") and across and self._heavy_fire(draft):
            # "Iranian border forces fire rockets into Panjgur": a state's forces striking across (guards
            # shooting at villagers or at a patrol stay an attack, the group named being the force)
            event.type = "cross_border_strike"
            event.acled_sub_event_type = acled(event.type, draft, infos)
        if out_type in DIPLOMACY:
            event.targets = event.targets or participants(draft, infos)
            event.parties = parties(event, draft, infos, self.pack)
        event.confidence = confidence(event, draft)
        return event

    @staticmethod
    def _heavy_fire(draft: Draft) -> bool:
        """Rockets, mortars, missiles or drones told with the event (not a force's gunfire at people)."""
        return any(_HEAVY_FIRE.search(m.sentence.text) for m in draft.mentions)

    def _foreign_force(self, name: str | None) -> bool:
        """A force of neither side ("NATO-led forces"): what it fires into a side comes from across."""
        return name in self._foreign_forces

    @cached_property
    def _foreign_forces(self) -> frozenset[str]:
        return frozenset(
            a.name for a in self.lexicon.actors.values() if a.kind == "force" and a.country is None
        )

    def _country_of(self, name: str) -> str | None:
        """The country of a named actor ("Pakistan Army" -> PK)."""
        return next((a.country for a in self.lexicon.resolve_actor(name) if a.country), None)

    def _judge(
        self, file: str, published: dt.date | None, work: str, events: list[Event], note: str | None
    ) -> Article:
        main = judged_by(work, events, self.pack)
        if not main:
            return Article(file, published, False, "off_topic", "no border-security event found", [])
        if not relevant(work, main, self.triage.flags, self.pack):
            return Article(
                file, published, False, "off_topic", "events are not in the configured border region"
            )
        return Article(file, published, True, "ok", note, events)


def _shift(hit: Hit, delta: int) -> Hit:
    return Hit(hit.start + delta, hit.end + delta, hit.text, hit.kind, hit.actor, hit.place, hit.fuzzy)


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
