"""Where a reader's event happened: which named place in the report is its place, and what a place
named near a trigger does not say ("officials in Zahedan said", "the Balochistan border")."""

from __future__ import annotations

from sarhad.events import DIPLOMACY
from sarhad.read.cues import cues
from sarhad.read.drafts import Draft
from sarhad.read.fields import VIOLENT, acting_country
from sarhad.read.geo import Geo
from sarhad.read.language import pack_pattern
from sarhad.read.lexicon import Hit, Place
from sarhad.read.mentions import Mention, SentenceInfo
from sarhad.read.model import Event, Span
from sarhad.read.namesakes import province_over_namesake
from sarhad.read.pack import BorderPack

KIND_RANK = {"capital": 0, "place": 0, "crossing": 0, "district": 1, "region": 2, "province": 3, "country": 4}

_NOT_HERE_BEFORE = pack_pattern("places.not_here_before")
_INTO_BEFORE = pack_pattern("places.into_before")

# "guards abducted by militants last month from Lulakdan": where they were taken is where it happened
_TAKEN_FROM = pack_pattern("places.taken_from")


# "the spokesman announced in Islamabad": where something was said, not where it happened.
_SAID_IN_BEFORE = pack_pattern("places.said_in_before")


# "..., two days after Iran's strike in Panjgur": the place of an earlier event named for reference.
_OTHER_EVENT_BEFORE = pack_pattern("places.other_event_before")
# "reacting to the Mastung incident": the place names an earlier event the report answers to
_ANSWERS_TO_BEFORE = pack_pattern("places.answers_to_before")
_NAMES_AN_EVENT_AFTER = pack_pattern("places.names_an_event_after")


_TITLE_AFTER = pack_pattern("places.title_after")
_TITLE_BEFORE = pack_pattern("places.title_before")


_LOCATIVE_BEFORE = pack_pattern("places.locative_before")


_SAME_AREA = pack_pattern("places.same_area")


# ---- helpers -------------------------------------------------------------------------------------------


# "Quetta-based": where a group is based; "officials in Zahedan said": where the speakers are; "near the
# Iranian border": the line, not the country; "and", "while": another clause
_BASED_AFTER = pack_pattern("places.based_after")
_HELD_IN_BEFORE = pack_pattern("places.held_in_before")
_SAID_AFTER = pack_pattern("places.said_after")
_BORDER_AFTER = pack_pattern("places.border_after")
_AT_THE_LINE_BEFORE = pack_pattern("places.at_the_line_before")


def place_candidates(mention: Mention, infos: dict[int, SentenceInfo]) -> list[tuple[SentenceInfo, Hit, int]]:
    """Places in the mention's own clause (nearest to its trigger), then in trigger-less neighbours."""
    out: list[tuple[SentenceInfo, Hit, int]] = []
    info = infos[mention.index]
    release = mention.type == "hostage_release"
    for hit in info.hits:
        if hit.place is None or not place_ok(hit, info, mention.earlier, release):
            continue
        if mention.clause is not None and not mention.clause[0] <= hit.start < mention.clause[1]:
            continue
        nearest = _nearest(info, hit)
        if nearest is not mention and mention.clause is None and not _talks_and_outcome(nearest, mention):
            continue
        out.append((info, hit, 0))
    history = mention.date is not None and mention.date.precision in ("month", "year")
    for index in mention.context:
        if history and index < mention.index:
            continue  # a recalled event ("Last October, ...") is not where the previous sentence is
        other = infos[index]
        out += [
            (other, h, 1) for h in other.hits if h.place is not None and place_ok(h, other, release=release)
        ]
    return out


def _talks_and_outcome(one: Mention | None, other: Mention) -> bool:
    """A meeting and the agreement it reached, told in one sentence, share its places."""
    return one is not None and {one.family, other.family} == {"diplomacy", "agreement"}


def _nearest(info: SentenceInfo, hit: Hit) -> Mention | None:
    def gap(m: Mention) -> int:
        # A place usually follows its verb ("abducted near Mirjaveh last month were freed"): a place before a
        # trigger is a little farther from it than the same distance after.
        return min(hit.start - t.end if hit.start >= t.end else t.start - hit.end + 15 for t in m.triggers)

    return min(info.mentions, key=gap) if info.mentions else None


def place_ok(hit: Hit, info: SentenceInfo, told_before: bool = False, release: bool = False) -> bool:
    """Whether a place named in the sentence can be where its event happened; ``told_before``: the event is
    the earlier one of "a day after Iran's strike in Panjgur", whose place that is; ``release``: captives
    are freed where they were taken to."""
    assert hit.place is not None
    text = info.sentence.text
    before = text[max(0, hit.start - 40) : hit.start]
    if not release and _INTO_BEFORE.search(before) and info.roles().within("destination", hit.start, hit.end):
        return False  # "took their captives across the border into Pakistan": where they were taken
    not_here = _NOT_HERE_BEFORE.search(before)
    if not_here and not (
        not_here.group(0).lower().startswith("from") and _TAKEN_FROM.search(text[: hit.start])
    ):
        return False
    if _BASED_AFTER.match(text, hit.end) or (not release and _HELD_IN_BEFORE.search(before)):
        return False  # where captives are held is where they are freed, and no other event's scene
    other_event = not told_before and _OTHER_EVENT_BEFORE.search(text[max(0, hit.start - 70) : hit.start])
    if other_event or _SAID_IN_BEFORE.search(before) or _answers_to(text, hit, before):
        return False
    if _SAID_AFTER.match(text[hit.end : hit.end + 30]):
        return False  # "officials in Zahedan said": where the speakers are ("in X, said ISPR" is a place)
    if _TITLE_AFTER.match(text[hit.end : hit.end + 30]) or _TITLE_BEFORE.search(before):
        return False  # "Balochistan Chief Minister", "Governor of Sistan" name an office, not a scene
    if (
        hit.place.kind in ("country", "province")
        and _BORDER_AFTER.match(text[hit.end : hit.end + 10])
        and _AT_THE_LINE_BEFORE.search(before)
    ):
        return False  # "captured near the Balochistan border": by that border, on either side of it
    if hit.place.kind in ("country", "capital"):  # "Tehran said", "frontier with Pakistan" are not places
        return bool(_LOCATIVE_BEFORE.search(before)) or hit.text.lower().endswith(("territory", "soil"))
    return True


def _answers_to(text: str, hit: Hit, before: str) -> bool:
    return bool(_ANSWERS_TO_BEFORE.search(before) and _NAMES_AN_EVENT_AFTER.match(text, hit.end))


def nationality_country(event: Event, draft: Draft, infos: dict[int, SentenceInfo], pack: BorderPack) -> None:
    victims = cues(pack).nationality.search(event.targets or "")
    if victims:  # the victims' nationality first: "Iranian guards" abducted by "Pakistani" militants
        event.country = pack.country_of_word[victims.group(1).lower()]
        return
    for mention in draft.mentions:
        sentence = infos[mention.index].sentence
        match = cues(pack).nationality.search(sentence.text)
        if match:
            event.country = pack.country_of_word[match.group(1).lower()]
            start = sentence.start + match.start()
            event.spans["country"] = Span(start, start + len(match.group(0)), match.group(0))
            return
    for mention in draft.mentions:  # "attacked the Frontier Corps convoy": a side's force as the victim
        info = infos[mention.index]
        for hit in info.hits:
            actor = hit.actor
            if actor is None or actor.kind != "force" or actor.country not in pack.countries:
                continue
            if any(r.name == "patient" for r in info.roles().of(hit.start, hit.end)):
                event.country = actor.country
                return


def inherit_location(
    events: list[Event], drafts: list[Draft], infos: dict[int, SentenceInfo], provinces: frozenset[str]
) -> None:
    """Background events without a place happened in the same theatre as the main event, at country level;
    so did an unplaced event told in the sentence next to it ("... attacked while returning after seizing
    drugs"), in its province."""
    at = next((n for n, e in enumerate(events) if not e.background and e.country), None)
    if at is None:
        return
    main, lines = events[at], {m.index for m in drafts[at].mentions}
    for event, draft in zip(events, drafts, strict=True):
        if event.type == "meeting":
            continue  # a phone call or a meeting has no theatre
        same_area = any(_SAME_AREA.search(infos[m.index].sentence.text) for m in draft.mentions)
        next_to = any(
            abs(m.index - n) <= 1 for m in draft.mentions for n in lines
        ) and not _names_another_side(draft, infos, main.country)
        same_area = same_area or (next_to and event.country is None and event.type not in OWN_WORDS_ONLY)
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


def _names_another_side(draft: Draft, infos: dict[int, SentenceInfo], country: str | None) -> bool:
    """'... three border guards were killed, Iran's IRNA reported': a sentence that names another state
    (as a place or an actor, not as the border's other side: "near the border with Pakistan") may tell of
    the other side."""
    named: set[str | None] = set()
    for info in (infos[m.index] for m in draft.mentions):
        for h in info.hits:
            if not _BORDER_WITH.search(info.sentence.text, 0, h.start):
                named |= {h.place.country if h.place else None, h.actor.country if h.actor else None}
    return bool(named - {country, None})


# Placed only by their own words, never from the rest of the story: talks are held anywhere, and captives
# are freed where the go-between is, never where they were seized.
OWN_WORDS_ONLY = DIPLOMACY | {"hostage_release"}

LOCATION_FIELDS = (
    "place", "lat", "lon", "geo_precision", "admin1", "admin2", "country", "sector", "side", "distance_km"
)  # fmt: skip


def span_of(info: SentenceInfo, hit: Hit) -> Span:
    """A hit's words as a span into the report."""
    return Span(info.sentence.start + hit.start, info.sentence.start + hit.end, hit.text)


def agreement_where_met(events: list[Event], provinces: frozenset[str]) -> None:
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
            for name in LOCATION_FIELDS:
                setattr(event, name, getattr(met, name))
            if "place" in met.spans:
                event.spans["place"] = met.spans["place"]


class Placer:
    """Sets events' places: the best-placed name told with them, the story's one border place, the
    dateline's place for talks "held here"; each resolved on the border by :class:`Geo`."""

    def __init__(self, geo: Geo, pack: BorderPack) -> None:
        self.geo, self.pack = geo, pack

    def set_place(self, event: Event, draft: Draft, infos: dict[int, SentenceInfo]) -> None:
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
                if event.type in DIPLOMACY:
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
        hit = province_over_namesake(hit, info, self.pack.provinces, lambda other: place_ok(other, info))
        assert hit.place is not None
        self.apply(event, hit.place, span_of(info, hit))

    def here(
        self,
        events: list[Event],
        drafts: list[Draft],
        infos: dict[int, SentenceInfo],
        here: tuple[Place, Span] | None,
    ) -> None:
        """'The commission met here on Thursday' under an ISLAMABAD dateline met in Islamabad; so did talks
        the report places nowhere else (a meeting is reported from where it is held)."""
        if here is None:
            return
        for event, draft in zip(events, drafts, strict=True):
            told_here = any(_HERE.search(infos[m.index].sentence.text) for m in draft.mentions)
            said = event.spans.get("type")
            talks = (
                event.type == "meeting"
                and not event.background
                and event.country is None
                and not (said is not None and _REMOTE.search(said.text))  # a call is held nowhere
            )
            # "visit to Pakistan" under an ISLAMABAD dateline: the talks were in the capital it names
            in_the_capital = (
                event.type in DIPLOMACY
                and not event.background
                and event.admin1 is None
                and here[0].kind == "capital"
                and event.country == here[0].country
            )
            if event.admin1 is None and ((event.place is None and (told_here or talks)) or in_the_capital):
                self.apply(event, here[0], here[1])

    def from_story(self, events: list[Event], infos: list[SentenceInfo]) -> None:
        """A report about one incident that names a border-region place only away from the sentences
        telling it ("border guards of Saravan county ... confiscated 1,538 kg") locates it there."""
        unplaced = [
            e
            for e in events
            if not e.background and e.place is None and e.admin1 is None and e.type not in OWN_WORDS_ONLY
        ]
        if len(unplaced) != 1 or len({e.type for e in events if not e.background}) != 1:
            return
        for info in infos:
            # "... two weeks after militants killed nine in Saravan": the earlier event's place
            told_before = [m.clause for m in info.mentions if m.earlier and m.clause is not None]
            for hit in info.hits:
                place = hit.place
                if any(start <= hit.start < end for start, end in told_before):
                    continue
                if (
                    place is not None
                    and place.admin1 in self.pack.provinces
                    and place.kind in ("place", "district", "crossing", "province")
                    and place_ok(hit, info)
                ):
                    self.apply(unplaced[0], place, span_of(info, hit))
                    return

    def apply(self, event: Event, place: Place, span: Span) -> None:
        loc = self.geo.locate(place)
        event.place = span.text
        event.spans["place"] = span
        event.lat, event.lon, event.geo_precision = loc.lat, loc.lon, loc.precision
        event.admin1, event.admin2, event.country = loc.admin1, loc.admin2, loc.country
        event.sector, event.side, event.distance_km = loc.sector, loc.side, loc.distance_km


_HERE = pack_pattern("reader.here")
_BORDER_WITH = pack_pattern("places.border_with")
_REMOTE = pack_pattern("places.remote_talks")
