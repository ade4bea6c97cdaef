"""The ``read`` stage: report text -> :class:`Article` with its events.

Pipeline (each step a small function): clean -> readability -> dateline strip -> triage -> sentences ->
names (Aho-Corasick) -> per-sentence mentions (triggers, dates, counts) -> merge into events ->
background vs main -> place, perpetrator, counts -> relevance.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from functools import lru_cache

from sarhad.daterange import named_years
from sarhad.events import ACLED_SUB_EVENT
from sarhad.geo.config import DEFAULT_BORDER
from sarhad.read.assemble import (
    Draft,
    Perpetrator,
    force_perpetrator,
    is_old,
    merge,
    militant_perpetrator,
    state_of,
    state_perpetrator,
)
from sarhad.read.counts import Count
from sarhad.read.dates import WEEKDAYS, DateHit, shift_later
from sarhad.read.geo import Geo
from sarhad.read.lexicon import Actor, Hit, Lexicon, Place
from sarhad.read.mentions import Mention, SentenceInfo, analyse
from sarhad.read.model import ACLED_SUICIDE, Article, Event, Span
from sarhad.read.pack import BorderPack, load_pack
from sarhad.read.text import (
    MAX_CHARS,
    clean,
    date_in_url,
    dateline_spans,
    is_caption,
    publication_stamp,
    sentences,
    strip_datelines,
    unreadable_reason,
    unwrap,
    without_publication_stamp,
)
from sarhad.read.triage import Triage
from sarhad.read.triggers import trigger_table

_KIND_RANK = {
    "capital": 0,
    "place": 0,
    "crossing": 0,
    "district": 1,
    "region": 2,
    "province": 3,
    "country": 4,
}
_NOT_HERE_BEFORE = re.compile(
    r"(?i)(?:\b(?:km|kilomet\w+|miles) (?:from|of)|\bport of|\bborders? with|\bfrontier with|"
    r"\bnear the borders? "
    r"with|\bbetween\b[^.]{0,30}\band|\bfrom|\b(?:rushed|shifted|taken|moved|transferred|evacuated|airlifted|"
    r"referred) to)\W+(?:\w+'s\W+)?(?:\w+\W+)?$"
)
# "guards abducted by militants last month from Lulakdan": where they were taken is where it happened
_TAKEN_FROM = re.compile(
    r"(?i)\b(?:abducted|kidnapped|seized|snatched|recovered|rescued|picked up|freed)\b[^.;]{0,60}\bfrom\W+"
    r"(?:\w+'s\W+)?(?:\w+\W+)?$"
)
# "the spokesman announced in Islamabad": where something was said, not where it happened.
_SAID_IN_BEFORE = re.compile(
    r"(?i)\b(?:said|says|announced|told|stated|added|declared|briefing|conference|statement)\b(?:\s+[\w’'-]+){0,2}"
    r"\s+(?:in|from)\s+(?:the\s+)?$"
)
# "..., two days after Iran's strike in Panjgur": the place of an earlier event named for reference.
_OTHER_EVENT_BEFORE = re.compile(
    r"(?i)\b(?:(?:days?|hours?|weeks?|months?|years?) (?:after|before)|a day after|"
    r"in (?:retaliation|response) (?:for|to)|reports? (?:of|that)|fears? (?:of|that))\W+(?:[\w’'-]+\W+){0,5}$"
)
_TITLE_AFTER = re.compile(
    r"\s+(?:Chief Minister|Governor|government|Assembly|Home Minister|chief secretary|police chief|"
    r"prosecutor)"
)
_LOCATIVE_BEFORE = re.compile(r"(?i)\b(?:in|inside|into|within|to|across|at|city of)\s+(?:the\s+)?$")
_SAME_AREA = re.compile(r"(?i)\b(?:the same|this|that) (?:province|area|region|district)\b")
# Talks between the two states about security: "expand security cooperation", "fight terrorism".
_SECURITY_TALK = re.compile(r"(?i)\bsecurity cooperation|\bterroris[mt]|\bmilitants?\b|\bmissile strikes\b")
NEAR_BORDER_KM = 200.0
STATE_ACTED = frozenset(
    {
        "smuggling_seizure",
        "border_closure",
        "border_opening",
        "fencing",
        "agreement",
        "cross_border_strike",
        "other",
    }
)
VIOLENT = frozenset({"attack", "ied", "ambush", "abduction"})


class Reader:
    """Reads the news of one border. Loads its pack and lexicons once; :meth:`read` is then pure and
    thread-safe. ``border`` is a :class:`BorderPack` or two country codes ("PK,IR")."""

    def __init__(self, border: BorderPack | str | tuple[str, str] | None = None) -> None:
        self.pack = border if isinstance(border, BorderPack) else load_pack(border or DEFAULT_BORDER)
        self.geo = Geo(self.pack.countries)
        self.lexicon = Lexicon.load(self.geo.extra_places(self.pack))
        self.triage = Triage(self.lexicon, self.pack)
        self.triggers = trigger_table(self.pack)

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
        """Read one report. ``published`` is the date its source gives; without it, a date stamp near
        the top of the text or the day spelled out in its ``url`` is the reference for relative dates."""
        note = None
        if len(text) > MAX_CHARS:
            note = f"long article ({len(text):,} characters): only the first {MAX_CHARS:,} were read"
            text = text[:MAX_CHARS]
        if title and title.strip() and title.strip() not in text[:500]:
            text = f"{title.strip()}\n\n{text}"
        work = clean(text)
        problem = unreadable_reason(work)
        if problem is not None:
            return Article(file, published, False, "unreadable", problem)
        published, published_from = _reference_date(published, work, url)
        work = without_publication_stamp(work)
        # Most of a news day is about elsewhere: what names nothing of the border before datelines and
        # furniture are stripped names nothing after (stripping blanks text; unwrapping turns line breaks
        # into spaces, done here too), so it is judged at once.
        candidate = self.triage.is_candidate(work.replace("\n", " "))
        if candidate:
            here = self._dateline_place(work)
            work = unwrap(strip_datelines(work))
        if not candidate or not self.triage.is_candidate(work):
            article = Article(
                file, published, False, "off_topic", "names neither the border region nor both countries"
            )
        else:
            article = self._judge(file, published, work, self._events(work, published, here), note)
        article.published_from = published_from
        article.years = named_years(work)
        return article

    # ---- pipeline steps ----------------------------------------------------------------------------

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
        reference = published or _latest_day(infos)
        drafts = merge(infos, reference, self.pack.provinces)
        by_index = {info.index: info for info in infos}
        last_militant = _last_militants(infos)
        events = [self._event(d, by_index, last_militant) for d in drafts]
        pack = self.pack
        self._place_from_story(events, infos)
        self._place_here(events, drafts, by_index, here)
        _release_from_abduction(events, drafts, by_index)  # the freeing state first, then the theatre
        _inherit_location(events, drafts, by_index, pack.provinces)
        _agreement_where_met(events, pack.provinces)
        _date_from_publication(events, published)
        # Freed captives flown home to their capital close a border case: they are not out of the region.
        return [
            e for e, d in zip(events, drafts, strict=True) if _in_region(e, pack) or d.type == "repatriation"
        ]

    def _sentences(self, work: str, published: dt.date | None) -> list[SentenceInfo]:
        all_hits = _namesakes_as_qualified(self.lexicon.find(work))
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
                for h in analyse(0, s, None, None, []).dates
                if h.explicit and h.precision == "day" and h.date is not None
            ]
            anchor = max(explicit) if explicit else None
        infos = []
        for index, sent in enumerate(chosen):
            hits = [_shift(h, -sent.start) for h in all_hits if sent.start <= h.start and h.end <= sent.end]
            infos.append(analyse(index, sent, published, anchor, hits, self.triggers))
        _place_later_dates(infos)
        _carry_dates(infos)
        return infos

    def _event(self, draft: Draft, infos: dict[int, SentenceInfo], last_militant: dict[int, Actor]) -> Event:
        kind = draft.type
        out_type = "other" if kind == "repatriation" else kind
        event = Event(type=out_type, acled_sub_event_type=_acled(out_type, draft, infos))
        event.background = draft.background
        first = draft.mentions[0]
        trig = first.triggers[0]
        event.spans["type"] = Span(
            first.sentence.start + trig.start, first.sentence.start + trig.end, trig.text
        )
        _set_date(event, draft.date, infos)
        if event.date is None:
            _set_weekday_hint(event, draft, infos)
        _set_counts(event, draft, out_type)  # before the place: the victims' nationality is a fallback
        self._set_place(event, draft, infos)
        force_of = _set_perpetrator(event, draft, infos, last_militant, self.pack)
        if event.type in ("attack", "ambush") and force_of and event.country and force_of != event.country:
            # "Iranian border guards opened fire on an FC post in Mand": a state's forces firing across
            event.type = "cross_border_strike"
            event.acled_sub_event_type = _acled(event.type, draft, infos)
        if out_type in ("meeting", "agreement"):
            event.targets = event.targets or _participants(draft, infos)
            event.parties = _parties(event, draft, infos, self.pack)
        event.confidence = _confidence(event, draft)
        return event

    def _set_place(self, event: Event, draft: Draft, infos: dict[int, SentenceInfo]) -> None:
        best: tuple[tuple[int, int, int, int], Hit, SentenceInfo] | None = None
        for order, mention in enumerate(draft.mentions):
            for info, hit, context in _place_candidates(mention, infos):
                if context and draft.type == "hostage_release":
                    continue  # the sentence next to a release tells where the captives were taken
                rank = _KIND_RANK.get(hit.place.kind, 5) if hit.place else 9
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
                _nationality_country(event, draft, infos, self.pack)
            elif event.type == "other":
                event.country = _acting_country(draft, infos)  # a force operates on its own soil
            return
        _, hit, info = best
        hit = _province_over_namesake(hit, info, self.pack.provinces)
        assert hit.place is not None
        self._apply_place(event, hit.place, _span(info, hit))

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
                    and _place_ok(hit, info.sentence.text)
                ):
                    self._apply_place(unplaced[0], place, _span(info, hit))
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
        if not _relevant(work, main, self.triage.flags, self.pack):
            return Article(
                file, published, False, "off_topic", "events are not in the configured border region"
            )
        return Article(file, published, True, "ok", note, events)


# ---- helpers -------------------------------------------------------------------------------------------


def _namesakes_as_qualified(hits: list[Hit]) -> list[Hit]:
    """Once a report says "Taftan county" (Iran), its bare "Taftan" means the same county, not the
    Pakistani town of that name: a name qualified once keeps its qualification in the whole report."""
    qualified: dict[str, Place] = {}
    for hit in hits:
        if hit.place is not None and " " in hit.text:
            head = hit.text.split()[0].lower()
            qualified.setdefault(head, hit.place)
    out = []
    for hit in hits:
        other = qualified.get(hit.text.lower()) if hit.place is not None else None
        if other is not None and hit.place is not None and other.country != hit.place.country:
            hit = Hit(hit.start, hit.end, hit.text, hit.kind, hit.actor, other, hit.fuzzy)
        out.append(hit)
    return out


def _shift(hit: Hit, delta: int) -> Hit:
    return Hit(hit.start + delta, hit.end + delta, hit.text, hit.kind, hit.actor, hit.place, hit.fuzzy)


def _latest_day(infos: list[SentenceInfo]) -> dt.date | None:
    days = [h.date for i in infos for h in i.dates if h.date is not None and h.precision in ("day", "week")]
    return max(days) if days else None


def _place_later_dates(infos: list[SentenceInfo]) -> None:
    """'The group struck on January 10. A week later, Iran retaliated': count from the date told last."""
    last: DateHit | None = None
    for info in infos:
        for n, hit in enumerate(info.dates):
            if hit.kind == "later" and last is not None:
                placed = shift_later(hit, last)
                info.dates[n] = placed
                for mention in info.mentions:
                    if mention.date is hit:
                        mention.date = placed
                hit = placed
            if hit.date is not None:
                last = hit


_HERE = re.compile(
    r"(?i)\b(?:held|met|meeting|talks|signed|took place|began|started|opened|concluded) here\b"
)
_SEQUEL = re.compile(r"(?i)\b(?:then|subsequently|in (?:response|retaliation|reprisal))\b")


def _carry_dates(infos: list[SentenceInfo]) -> None:
    """'Speaking in Quetta a week ago, X proposed ... . During a meeting with Y ...': date and place carry
    over from a neighbouring sentence that has no event of its own; 'Pakistan then carried out strikes'
    happened in the days after the event told just before it."""
    for prev, cur in itertools.pairwise(infos):
        told = [m.date for m in prev.mentions if m.date is not None and m.date.date is not None]
        for mention in cur.mentions:
            if mention.date is None and told and _SEQUEL.search(cur.sentence.text):
                base = told[-1]
                precision = "week" if base.precision == "day" else base.precision
                # the span stays on the date it counts from ("January 10" in the sentence before)
                mention.date = DateHit(base.start, base.end, base.text, base.date, precision, False, "sequel")
        if cur.mentions and not prev.mentions:
            cur.mentions[0].context.append(prev.index)
            if prev.dates and prev.dates[0].date is not None and cur.mentions[0].date is None:
                cur.mentions[0].date = prev.dates[0]
                cur.mentions[0].generic = False  # a dated event is not a generality
        if prev.mentions and not cur.mentions:
            # It elaborates the latest current event, not a dated aside ("kidnapped last October").
            current = [m for m in prev.mentions if m.date is None or m.date.precision in ("day", "week")]
            if current:
                current[-1].context.append(cur.index)


def _last_militants(infos: list[SentenceInfo]) -> dict[int, Actor]:
    """For 'the group claimed ...': the militant group most recently named before each sentence."""
    out: dict[int, Actor] = {}
    last: Actor | None = None
    for info in infos:
        if last is not None:
            out[info.index] = last
        for hit in info.hits:
            if hit.actor is not None and hit.actor.kind == "militant":
                last = hit.actor
    return out


def _acled(kind: str, draft: Draft, infos: dict[int, SentenceInfo]) -> str:
    texts = " ".join(infos[m.index].sentence.text.lower() for m in draft.mentions)
    if kind == "attack" and "suicide" in texts:
        return ACLED_SUICIDE
    return ACLED_SUB_EVENT[kind]


def _set_date(event: Event, hit: DateHit | None, infos: dict[int, SentenceInfo]) -> None:
    if hit is None or hit.date is None:
        return
    event.date, event.date_precision = hit.date, hit.precision
    for info in infos.values():
        if any((h.start, h.end, h.text) == (hit.start, hit.end, hit.text) for h in info.dates):
            start = info.sentence.start + hit.start
            event.spans["date"] = Span(start, start + len(hit.text), hit.text)
            break


def _set_weekday_hint(event: Event, draft: Draft, infos: dict[int, SentenceInfo]) -> None:
    """Keep an unplaceable weekday ('on Monday' in an undated report): fusion can place it later, next to
    the date other reports give the same event."""
    for mention in draft.mentions:
        hit = mention.date
        if hit is None or hit.date is not None or hit.kind != "weekday":
            continue
        day = next((n for name, n in WEEKDAYS.items() if name.lower() in hit.text.lower()), None)
        if day is None:
            continue
        event.weekday = day
        start = infos[mention.index].sentence.start + hit.start
        event.spans["date"] = Span(start, start + len(hit.text), hit.text)
        return


def _place_candidates(
    mention: Mention, infos: dict[int, SentenceInfo]
) -> list[tuple[SentenceInfo, Hit, int]]:
    """Places in the mention's own clause (nearest to its trigger), then in trigger-less neighbours."""
    out: list[tuple[SentenceInfo, Hit, int]] = []
    info = infos[mention.index]
    for hit in info.hits:
        if hit.place is None or not _place_ok(hit, info.sentence.text):
            continue
        if mention.clause is not None and not mention.clause[0] <= hit.start < mention.clause[1]:
            continue
        if _nearest(info, hit) is not mention and mention.clause is None:
            continue
        out.append((info, hit, 0))
    history = mention.date is not None and mention.date.precision in ("month", "year")
    for index in mention.context:
        if history and index < mention.index:
            continue  # a recalled event ("Last October, ...") is not where the previous sentence is
        other = infos[index]
        out += [
            (other, h, 1) for h in other.hits if h.place is not None and _place_ok(h, other.sentence.text)
        ]
    return out


def _province_over_namesake(hit: Hit, info: SentenceInfo, provinces: frozenset[str]) -> Hit:
    """'Goharkuh, in the Taftan County of the Sistan-Balochistan province': a name that the gazetteer
    knows on one side of the border (Taftan, Pakistan) but that the text places in the other side's
    province is that province's namesake, so the province is the safer place."""
    assert hit.place is not None
    for other in info.hits:
        if (
            other.place is not None
            and other.place.kind == "province"
            and other.place.admin1 in provinces
            and hit.place.admin1 in provinces
            and other.place.country != hit.place.country
            and 0 <= other.start - hit.end <= 60
            and not re.search(r"[.;]|\b(?:and|while|but)\b", info.sentence.text[hit.end : other.start])
        ):
            return other
    return hit


def _nearest(info: SentenceInfo, hit: Hit) -> Mention | None:
    def gap(m: Mention) -> int:
        # A place usually follows its verb ("abducted near Mirjaveh last month were freed"): a place before a
        # trigger is a little farther from it than the same distance after.
        return min(hit.start - t.end if hit.start >= t.end else t.start - hit.end + 15 for t in m.triggers)

    return min(info.mentions, key=gap) if info.mentions else None


def _place_ok(hit: Hit, text: str) -> bool:
    assert hit.place is not None
    before = text[max(0, hit.start - 40) : hit.start]
    not_here = _NOT_HERE_BEFORE.search(before)
    if not_here and not (
        not_here.group(0).lower().startswith("from") and _TAKEN_FROM.search(text[: hit.start])
    ):
        return False
    if text[hit.end : hit.end + 6].startswith("-based"):
        return False
    if _OTHER_EVENT_BEFORE.search(text[max(0, hit.start - 70) : hit.start]) or _SAID_IN_BEFORE.search(before):
        return False
    if re.match(r"(?i)[^\w,]*(?:\w+[^\w,]+)?(?:said|says|told)\b", text[hit.end : hit.end + 30]):
        return False  # "officials in Zahedan said": where the speakers are ("in X, said ISPR" is a place)
    if _TITLE_AFTER.match(text[hit.end : hit.end + 30]):
        return False  # "Balochistan Chief Minister" names an office, not where something happened
    if (
        hit.place.kind in ("country", "province")
        and re.match(r"\s+border", text[hit.end : hit.end + 10])
        and re.search(r"(?i)\b(?:near|along|on|at|across|to|close to) (?:the )?$", before)
    ):
        return False  # "captured near the Balochistan border": by that border, on either side of it
    if hit.place.kind in ("country", "capital"):  # "Tehran said", "frontier with Pakistan" are not places
        return bool(_LOCATIVE_BEFORE.search(before)) or hit.text.lower().endswith(("territory", "soil"))
    return True


def _nationality_country(
    event: Event, draft: Draft, infos: dict[int, SentenceInfo], pack: BorderPack
) -> None:
    victims = pack.nationality.search(event.targets or "")
    if victims:  # the victims' nationality first: "Iranian guards" abducted by "Pakistani" militants
        event.country = pack.country_of_word[victims.group(1).lower()]
        return
    for mention in draft.mentions:
        sentence = infos[mention.index].sentence
        match = pack.nationality.search(sentence.text)
        if match:
            event.country = pack.country_of_word[match.group(1).lower()]
            start = sentence.start + match.start()
            event.spans["country"] = Span(start, start + len(match.group(0)), match.group(0))
            return


# What each kind of event counts; the rest count killed and injured.
_COUNTED: dict[str, tuple[str, ...]] = {
    "abduction": ("abducted", "killed", "injured"),
    "hostage_release": ("released",),
    "border_closure": (),
    "border_opening": (),
    "fencing": (),
    "meeting": (),
    "agreement": (),
    "smuggling_seizure": (),
    "repatriation": (),
}


def _set_counts(event: Event, draft: Draft, kind: str) -> None:
    told = [(m, c) for m in draft.mentions for c in m.counts]
    # A headline figure ("27 killed", attackers included) only when the text gives no other (stable sort).
    for mention, count in sorted(told, key=lambda mc: mc[1].weak):
        if count.field not in _COUNTED.get(kind, ("killed", "injured")):
            continue  # "Iran shut the crossing after unrest killed 19": the closure has no victims
        if count.attacker and kind != "other":
            continue  # attackers killed in their own attack are not its victims
        if getattr(event, count.field) is None:
            setattr(event, count.field, count.value)
            start = mention.sentence.start + count.start
            text = mention.sentence.text[count.start : count.end]
            event.spans[count.field] = Span(start, start + len(text), text)
            if event.targets is None and count.field in ("killed", "injured", "abducted", "released"):
                event.targets = _target_text(text)


_QUANTITY = re.compile(
    r"(?i)^(?:(?:at least|around|about|nearly|almost|some|over|more than|up to|as many as)\s+)?[\w,-]+\s+"
    r"(?:of\s+(?:the\s+)?(?:[\w,-]+\s+)?)?"
)


def _target_text(phrase: str) -> str | None:
    """'five of the 12 Iranian border guards' -> 'Iranian border guards'."""
    rest = _QUANTITY.sub("", phrase, count=1).strip()
    return rest or None


def _set_perpetrator(
    event: Event,
    draft: Draft,
    infos: dict[int, SentenceInfo],
    last_militant: dict[int, Actor],
    pack: BorderPack,
) -> str | None:
    """Set the perpetrator; return the country of a state force named as the attacker, if one is."""
    kind = draft.type
    perp: Perpetrator | None = None
    if kind in VIOLENT or kind == "hostage_release":
        perp = militant_perpetrator(draft, infos, last_militant)
        if perp is None and kind in VIOLENT:
            perp = force_perpetrator(draft, infos)
    elif kind in STATE_ACTED:
        perp = state_perpetrator(draft, infos, pack)
    if (
        perp is None
        and kind == "agreement"
        and pack.both_states.search(" ".join(m.sentence.text for m in draft.mentions))
    ):
        # a bilateral agreement told without its signatories is the two states'
        event.perpetrator, event.perpetrator_basis = pack.pair_name, "acting"
        return None
    if perp is None:
        return None
    name = perp.name
    if name == "police" and event.admin1 in pack.provinces:
        name = f"{event.admin1} police"  # "police" seizing drugs in Saravan: the province's police
    elif name in _UNNAMED_FORCES and event.country in pack.demonym_of:
        name = f"{pack.demonym_of[event.country]} {name}"  # unnamed border guards in Saravan: Iranian
    event.perpetrator, event.perpetrator_basis = name, perp.basis  # type: ignore[assignment]
    event.spans["perpetrator"] = Span(perp.start, perp.end, perp.name)
    return perp.force_of


_UNNAMED_FORCES = frozenset({"police", "security forces", "border guards"})


def _participants(draft: Draft, infos: dict[int, SentenceInfo]) -> str | None:
    """Who met or agreed: the people from the registry named where the event is told."""
    names: list[str] = []
    for mention in draft.mentions:
        for hit in infos[mention.index].hits:
            if hit.actor is not None and hit.actor.kind == "person" and hit.actor.name not in names:
                names.append(hit.actor.name)
    return "; ".join(names) or None


def _parties(event: Event, draft: Draft, infos: dict[int, SentenceInfo], pack: BorderPack) -> str | None:
    """The states taking part in a meeting or agreement: the one named as acting, and every state named,
    or represented by a leader named, where the event is told ("Bajwa spoke to Bagheri": both states)."""
    states: list[str] = []
    named = (event.perpetrator or "").split(" and ")
    for mention in draft.mentions:
        named += [s for h in infos[mention.index].hits if h.actor and (s := state_of(h.actor, pack))]
    for name in named:
        for state in name.split(" and "):
            if state and state in pack.state_of_country.values() and state not in states:
                states.append(state)
    return "; ".join(sorted(states)) or None  # a set: sorted, so sources naming both agree


def _inherit_location(
    events: list[Event], drafts: list[Draft], infos: dict[int, SentenceInfo], provinces: frozenset[str]
) -> None:
    """Background events without a place happened in the same theatre as the main event, at country level."""
    main = next((e for e in events if not e.background and e.country), None)
    if main is None:
        return
    for event, draft in zip(events, drafts, strict=True):
        if event.type == "meeting":
            continue  # a phone call or a meeting has no theatre
        same_area = any(_SAME_AREA.search(infos[m.index].sentence.text) for m in draft.mentions)
        if event.place is None and same_area:
            event.admin1, event.country = main.admin1, main.country
        elif event.country is None and (event.background or event.date_precision in ("month", "year")):
            event.country = main.country
        if (
            event.place is None
            and event.admin1 is None
            and event.background
            and event.country == main.country
            and main.admin1 in provinces
        ):
            # A dated aside told without a place ("in December, gunmen attacked a police station") is
            # recalled as part of the same story: the border province of the main event, not a point.
            event.admin1 = main.admin1


_LOCATION_FIELDS = (
    "place", "lat", "lon", "geo_precision", "admin1", "admin2", "country", "sector", "side", "distance_km"
)  # fmt: skip


def _span(info: SentenceInfo, hit: Hit) -> Span:
    """A hit's words as a span into the report."""
    return Span(info.sentence.start + hit.start, info.sentence.start + hit.end, hit.text)


def _agreement_where_met(events: list[Event], provinces: frozenset[str]) -> None:
    """An agreement is reached where the meeting of the same days was held; a place named in its own
    words is usually what it is about ('liaison officers in Turbat and Zahedan')."""
    for event in events:
        if event.type != "agreement":
            continue
        met = next(
            (
                m
                for m in events
                if m.type == "meeting"
                and m.place is not None
                and m.background == event.background
                and (event.date is None or m.date is None or abs((m.date - event.date).days) <= 7)
            ),
            None,
        )
        # talks in a capital about places on the border agree on those places, they are not held there
        about_the_border = event.admin1 in provinces and met is not None and met.admin1 not in provinces
        if met is not None and ((event.place is None and event.country is None) or about_the_border):
            for name in _LOCATION_FIELDS:
                setattr(event, name, getattr(met, name))
            if "place" in met.spans:
                event.spans["place"] = met.spans["place"]


def _reference_date(
    published: dt.date | None, work: str, url: str | None
) -> tuple[dt.date | None, str | None]:
    if published is not None:
        return published, "header"
    stamped = publication_stamp(work)
    if stamped is not None:
        return stamped, "text"
    in_url = date_in_url(url)
    return (in_url, "url") if in_url is not None else (None, None)


def _date_from_publication(events: list[Event], published: dt.date | None) -> None:
    """A main event the report does not date happened shortly before publication (precision: week)."""
    if published is None:
        return
    for event in events:
        if event.date is None and not event.background:
            event.date, event.date_precision = published, "week"


def _release_from_abduction(events: list[Event], drafts: list[Draft], infos: dict[int, SentenceInfo]) -> None:
    """Hostages are released by the group that took them; they are freed where the freeing state acts."""
    taker = next((e for e in events if e.type == "abduction" and e.perpetrator), None)
    for event, draft in zip(events, drafts, strict=True):
        if event.type != "hostage_release":
            continue
        if event.perpetrator is None and taker is not None:
            event.perpetrator, event.perpetrator_basis = taker.perpetrator, taker.perpetrator_basis
        if event.country is None:
            event.country = _acting_country(draft, infos)


def _acting_country(draft: Draft, infos: dict[int, SentenceInfo]) -> str | None:
    for mention in draft.mentions:
        for hit in infos[mention.index].hits:
            if hit.actor is not None and hit.actor.kind in ("state", "force", "agency") and hit.actor.country:
                return hit.actor.country
    return None


def _in_region(event: Event, pack: BorderPack) -> bool:
    """Out-of-region events (Karachi, Iraq) are not part of the picture; diplomacy can happen anywhere."""
    if event.type in ("meeting", "agreement"):
        return True
    if event.country is not None and event.country not in pack.countries:
        return False
    if event.background and (event.distance_km or 0) > NEAR_BORDER_KM:
        return False  # a recalled Quetta bombing is Balochistan news, not border background
    return (
        event.admin1 is None or event.admin1 in pack.provinces or (event.distance_km or 0) <= NEAR_BORDER_KM
    )


def _relevant(work: str, main: list[Event], flags: Callable[[str], set[str]], pack: BorderPack) -> bool:
    """Is the report about this border? Located events decide; otherwise the text's border cues do
    (``flags``: the triage's marks for a text: a side of the border, the pair, or the region)."""
    located = [e for e in main if e.distance_km is not None and e.type not in ("meeting", "agreement")]
    if any(e.distance_km is not None and e.distance_km <= NEAR_BORDER_KM for e in located):
        return True
    ours = len(pack.border_cues.findall(work))
    others = len(pack.elsewhere_cues.findall(work))
    if any(e.admin1 in pack.border_news_provinces for e in main):
        # such a province may face other borders too: a clash at its other border is not ours
        return others <= ours or any(e.distance_km is not None for e in main)
    if _ties_to_border(work, main, flags, pack, anywhere=False):
        return True  # "fencing of the Pak-Iran border is 71pc complete", whatever else the briefing covered
    named = flags(work)
    if not _names_across(main, named, pack) or others > ours:
        return False  # e.g. Balochistan news that never names Iran, or that is about the Afghan border
    if located:
        # a Quetta bombing of pilgrims "coming from Iran" names Iran, not the border
        return bool(pack.border_strong.search(work))
    if any(e.admin1 in pack.provinces for e in main):
        return True
    # An event with no place is ours only when the report ties it to this border: it names the border's
    # region, or a sentence names the border with both its sides ("Pakistani troops on the Iranian border").
    # Two countries named in passing ("Pakistan and Iran condemned the attack") or a side's other borders
    # ("Iranian border forces attacked a post at Islam Qala") are not enough.
    acts = [e for e in main if e.type not in ("meeting", "agreement")]
    if acts and ("region" in named or _ties_to_border(work, acts, flags, pack)):
        return True
    # Talks between the two states are placeless by nature: about security or the border, they are ours.
    talks = len(acts) < len(main)
    return (
        talks
        and set(pack.countries) <= named
        and (ours >= 1 or "border" in work.lower() or bool(_SECURITY_TALK.search(work)))
    )


def _names_across(main: list[Event], named: set[str], pack: BorderPack) -> bool:
    """The report names the side across the line from one of its events ("Iran", for a seizure in
    Balochistan) or the side whose border provinces are border news; with neither, both sides."""
    sides = {e.country for e in main if e.country in pack.countries}
    across = {code for code in pack.countries if sides - {code}}
    wanted = across | {s.code for s in pack.sides if s.provinces & pack.border_news_provinces}
    return bool(wanted & named) if wanted else set(pack.countries) <= named


def _ties_to_border(
    work: str,
    events: list[Event],
    flags: Callable[[str], set[str]],
    pack: BorderPack,
    anywhere: bool = True,
) -> bool:
    """A sentence names this border in strong words ("Pak-Iran border", "the Iranian border") and both
    its sides: an event's own sentence, or (when ``anywhere``) any sentence. "Returned from Iran and
    Pakistan" names two origins, not the border."""
    starts = [span.start for e in events if (span := e.spans.get("type")) is not None]
    for sentence in sentences(work):
        own = any(sentence.start <= at < sentence.end for at in starts)
        if (anywhere or own) and pack.border_strong.search(sentence.text):
            marks = flags(sentence.text)
            if set(pack.countries) <= marks or "pair" in marks:
                return True
    return False


def _confidence(event: Event, draft: Draft) -> float:
    score = 0.35
    score += 0.15 if event.date is not None else 0.0
    score += 0.15 if event.admin1 is not None else 0.05 if event.country else 0.0
    score += (
        0.1
        if any(getattr(event, f) is not None for f in ("killed", "injured", "abducted", "released"))
        else 0
    )
    score += 0.1 if event.perpetrator else 0.0
    score += 0.1 if any(m.strength >= 2 for m in draft.mentions) else 0.0
    return min(score, 0.95)


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
