"""Casualty and hostage counts: digits and words, "at least N", victims rather than attackers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from sarhad.read.language import Named, number_value, pack_pattern, reading_language
from sarhad.read.text import Sentence

# The patterns are the language pack's (patterns.toml, "counts.*"); its parts NUMBER, QUALIFIER and
# PERSON are what they share.
# A number, up to four modifiers, then a person noun: "ten Iranian border guards", "6 security personnel".
NP = pack_pattern("counts.np")
ATTACKER = pack_pattern("counts.attacker")
_MONTH_BEFORE = pack_pattern("counts.month_before")
_VAGUE = pack_pattern("counts.vague")

_FIELDS = ("killed", "injured", "abducted", "released")
# the verbs of each field, told before their victims ("were killed") and after them ("killing four")
_VERBS, _AFTER, _OBJECT_OF_OTHER = (
    {field: pack_pattern(f"counts.{kind}.{field}") for field in _FIELDS}
    for kind in ("verbs", "after", "object_of_other")
)
_ANY_VERB = pack_pattern("counts.any_verb")
_KILLING = pack_pattern("counts.killing_verb")  # the verbs of the patterns below that count the dead
# Present-tense verbs of a headline: their figures are weak (used only when the text gives no other)
_PRESENT = pack_pattern("counts.present_verb")
_BLOCK = pack_pattern("counts.block")
# "the five abducted guards, one of whom was killed": the count is the part, not the whole
_OF_WHOM = pack_pattern("counts.of_whom")
# "one officer, identified as X, was martyred": the name in between does not end the clause
_APPOSITION = pack_pattern("counts.apposition")
_SUBSET = pack_pattern("counts.subset")
# "27 guards were killed and 13 wounded": the second number's noun is the first one's.
_ELLIPTIC = pack_pattern("counts.elliptic")
# "killed one official while injuring another three"
_ANOTHER_N = pack_pattern("counts.another_n")
# "Nine killed in ...", "• 27 dead as ...": a headline count without a noun
_HEADLINE = pack_pattern("counts.headline")
_ONE = pack_pattern("counts.one")
# "the head of the district's police was shot dead": one person named by a title
_ONE_TITLED = pack_pattern("counts.one_titled")
# "Fifteen bullet-riddled bodies were found": the dead of a killing found later
_BODIES = pack_pattern("counts.bodies")
_DIED_LATER = pack_pattern("counts.died_later")
# "Another was injured and taken to hospital." at the start of a sentence
_ANOTHER_ALONE = pack_pattern("counts.another_alone")
# "No loss of life was reported", "no one was hurt": a stated zero is a count, not a missing one
_NONE_KILLED = pack_pattern("counts.none_killed")
_NONE_INJURED = pack_pattern("counts.none_injured")
_NO_CASUALTIES = pack_pattern("counts.no_casualties")
# "the toll of nine deaths", "six fatalities"
_DEATHS = pack_pattern("counts.deaths")
# "the loss of 11 lives", "claimed 11 lives" (not "saved 11 lives", "put 200 lives at risk")
_LIVES_LOST = pack_pattern("counts.lives_lost")
_BARE_SUBJECT = pack_pattern("counts.bare_subject")
_INCLUDING = pack_pattern("counts.including")
_EITHER = pack_pattern("counts.either")
# "the seven dead included two children"
_THE_DEAD = pack_pattern("counts.the_dead")
# "and another was injured", "killed eight and injured another"
_ANOTHER = pack_pattern("counts.another")
_RECORD_SPAN = pack_pattern("counts.record_span")
_ALSO = pack_pattern("counts.also")  # "... was also killed"


@dataclass(frozen=True)
class Count:
    field: str
    value: int
    start: int
    end: int
    attacker: bool
    weak: bool = (
        False  # a headline figure without a noun ("27 killed in ..."): used only when nothing else is
    )
    origin: Sentence | None = None  # the sentence its offsets count in, when not its mention's
    also: bool = False  # "one officer was also killed": more victims of the toll told before it


def to_int(token: str) -> int | None:
    return number_value(token, reading_language())


def is_year(token: str) -> bool:
    """'August 2018 that targeted ... engineers': a year is not a head count."""
    return len(token) == 4 and token.isdigit() and 1900 <= int(token) <= 2100


def find_counts(sentence: str) -> list[Count]:
    """Counts per field in one sentence. Later attachment to events decides which ones to keep."""
    if _RECORD_SPAN.match(sentence):
        return []  # "In the last 12 years 70,000 of our people lost their lives": a record, not a toll
    # "on Nov 15 Pakistani troops ...": a day of the month is not a number of people ("in April eight
    # guards were killed": a day is written in digits)
    phrases = [p for p in NP.finditer(sentence) if not _day_of_month(sentence, p)]
    found = _verb_counts(sentence, phrases)
    found += _numbered(_OF_WHOM, sentence, _killed_or_injured)
    found += _numbered(_ELLIPTIC, sentence, lambda m: "injured")
    found += [Count("injured", 1, m.start(), m.end(), False) for m in _ANOTHER.finditer(sentence)]
    alone = _ANOTHER_ALONE.match(sentence)
    if alone:
        found.append(Count(_killed_or_injured(alone), 1, alone.start(), alone.end(), False))
    if not any(c.field == "killed" for c in found):
        found += _numbered(_DEATHS, sentence, lambda m: "killed")
        found += _numbered(_LIVES_LOST, sentence, lambda m: "killed")
        found += _numbered(_THE_DEAD, sentence, lambda m: "killed")
    found += _numbered(_ANOTHER_N, sentence, _killed_or_injured)
    if not any(c.field == "killed" for c in found):
        found += _numbered(_BODIES, sentence, lambda m: "killed")
    found = _among_total(sentence, found)
    found += _one_person(sentence, found)
    found += _zero_counts(sentence, found)
    if not found:
        found = _headline(sentence)
    if not any(c.field == "killed" for c in found):
        found += _headline(sentence, _BARE_TOLL)
    return [
        replace(c, also=True) if _ALSO.match(sentence, c.end) else c
        for c in _dedupe(_died_later(sentence, found))
    ]


def _day_of_month(sentence: str, phrase: re.Match[str]) -> bool:
    return phrase.group("n").isdigit() and bool(_MONTH_BEFORE.search(sentence[: phrase.start("n")][-16:]))


def _verb_counts(sentence: str, phrases: list[re.Match[str]]) -> list[Count]:
    """A person phrase before a verb of each field ("four soldiers were killed") or after it."""
    found: list[Count | None] = []
    for field, verbs in _VERBS.items():
        for verb in verbs.finditer(sentence):
            if _EITHER.match(sentence, verb.end()) or _COMBINED.search(sentence[: verb.start()]):
                continue  # "60 guards were killed or wounded": casualties, not a toll
            count = _before(field, sentence, verb.start(), phrases) or _bare_subject(
                field, sentence, verb.start()
            )
            # "23 people die and seven are wounded" is a headline's; "100 people die each year" is none
            present = bool(_PRESENT.fullmatch(verb.group(0)))
            if present and (_HABIT.match(sentence, verb.end()) or _MAY.search(sentence[: verb.start()])):
                continue  # "die each year", "will die if ...": no toll
            found.append(replace(count, weak=True) if count and present else count)
        # a headline's "kills '11' guards" quotes the figure
        for verb in _AFTER[field].finditer(sentence):
            word = verb.group(0).strip(" \t\n'‘’\"“").lower()
            if _EITHER.match(sentence, verb.start() + len(word)) or _COMBINED.search(
                sentence[: verb.start()]
            ):
                continue  # "killed or wounded 60 guards"
            if _PRESENT.fullmatch(word) and _NOT_A_VERB.search(sentence[: verb.start()]):
                continue  # "succumbed to his wounds 2 days later": a noun
            count = _after(field, sentence, verb.end(), phrases, word)
            # "Suicide bomber kills 5 commanders": a headline's first figure, used only when nothing else is
            found.append(replace(count, weak=True) if count and _PRESENT.fullmatch(word) else count)
    return [c for c in found if c is not None]


_COMBINED = pack_pattern("counts.combined")
_HABIT = pack_pattern("counts.habit")
_MAY = pack_pattern("counts.may")
_NOT_A_VERB = pack_pattern("counts.not_a_verb")


def _bare_subject(field: str, sentence: str, verb_start: int) -> Count | None:
    """'State television reported that 29 were killed': a bare figure as the subject."""
    window = 0 if verb_start <= 40 else verb_start - 40  # a figure that opens the sentence is found from 0
    bare = _BARE_SUBJECT.search(sentence, window, verb_start)
    value = to_int(bare.group("n")) if bare else None
    if bare is None or value is None or is_year(bare.group("n")):
        return None
    return Count(field, value, bare.start("n"), bare.end("n"), False)


def _killed_or_injured(match: re.Match[str]) -> str:
    return "killed" if _KILLING.fullmatch(match.group("verb")) else "injured"


def _numbered(pattern: Named, sentence: str, field: Callable[[re.Match[str]], str]) -> list[Count]:
    """Each match's number (group ``n``) as a count of the field it names."""
    found = []
    for match in pattern.finditer(sentence):
        value = to_int(match.group("n"))
        if value is not None:
            found.append(Count(field(match), value, match.start("n"), match.end("n"), False))
    return found


# "4 children among 7 killed": the whole, not the part
_AMONG = pack_pattern("counts.among")


def _among_total(sentence: str, found: list[Count]) -> list[Count]:
    among = _AMONG.search(sentence)
    value = to_int(among.group("n")) if among else None
    if among is None or value is None:
        return found
    field = _killed_or_injured(among)
    kept = [c for c in found if c.field != field]
    return [*kept, Count(field, value, among.start("n"), among.end("n"), False)]


def _one_person(sentence: str, found: list[Count]) -> list[Count]:
    """'militant Chakar Liaquat was killed': one person, where no count of that field was found."""
    ones: list[Count] = []
    for match in (*_ONE.finditer(sentence), *_ONE_TITLED.finditer(sentence)):
        field = _killed_or_injured(match)
        if not any(c.field == field for c in [*found, *ones]):
            attacker = bool(ATTACKER.match(match.group("noun")))
            ones.append(Count(field, 1, match.start(), match.end("noun"), attacker))
    return ones


# "... report at least twenty killed, including ...": a bare figure told with its hedge
_BARE_TOLL = pack_pattern("counts.bare_toll")


def _headline(sentence: str, pattern: Named = _HEADLINE) -> list[Count]:
    """'27 killed in ...': a headline figure, weak (attackers may be among them)."""
    headline = pattern.search(sentence)
    value = to_int(headline.group("n")) if headline else None
    if headline is None or value is None:
        return []
    field = _killed_or_injured(headline)
    return [Count(field, value, headline.start("n"), headline.end("n"), False, weak=True)]


def _died_later(sentence: str, found: list[Count]) -> list[Count]:
    """Victims "critically injured" who "later died" (or were martyred) are counted as killed."""
    if not _DIED_LATER.search(sentence):
        return found
    killed = any(c.field == "killed" for c in found)
    found = [c if c.field != "injured" or killed else replace(c, field="killed") for c in found]
    return [c for c in found if c.field != "injured"]


def _zero_counts(sentence: str, found: list[Count]) -> list[Count]:
    zeros: list[Count] = []
    for field, patterns in (
        ("killed", (_NONE_KILLED, _NO_CASUALTIES)),
        ("injured", (_NONE_INJURED, _NO_CASUALTIES)),
    ):
        if any(c.field == field for c in found):
            continue
        match = next((m for m in (p.search(sentence) for p in patterns) if m), None)
        if match:
            zeros.append(Count(field, 0, match.start(), match.end(), False))
    return zeros


def _before(field: str, sentence: str, verb_start: int, phrases: list[re.Match[str]]) -> Count | None:
    """The closest person phrase before the verb, in the same clause."""
    best: re.Match[str] | None = None
    for phrase in phrases:
        near = phrase.end() <= verb_start and verb_start - phrase.end() <= 120
        if near and _subject_of(field, sentence, phrase, verb_start, first=best is None):
            best = phrase
    # "23 people including several Shia pilgrims were killed": the aside's vague word is not the count's
    if best is None or _VAGUE.search(_INCLUDING.sub(" ", sentence[best.end() : verb_start])):
        return None
    count = _to_count(field, best, sentence)
    return _with_first_group(field, sentence, best, count, phrases) if count else None


def _subject_of(field: str, sentence: str, phrase: re.Match[str], verb_start: int, first: bool) -> bool:
    """Whether ``phrase`` can be who the verb at ``verb_start`` happened to."""
    # "more than 20 tribal leaders and others were killed": the figure is still the toll's
    gap = _APPOSITION.sub(" ", _AND_OTHERS.sub(" ", sentence[phrase.end() : verb_start]))
    if _BLOCK.search(gap) or _ANY_VERB.search(gap):
        return False
    before = sentence[max(0, phrase.start() - 14) : phrase.start()]
    if not first and _SUBSET.search(before):
        return False  # "six soldiers, including one officer, were killed": the subset is not the count
    # "killed two boys and wounded four men": the boys were not wounded
    return not _OBJECT_OF_OTHER[field].search(before)


_AND_OTHERS = pack_pattern("counts.and_others")
_AFTER_A_VERB = pack_pattern("counts.after_a_verb")
_GROUPS_JOINED = pack_pattern("counts.groups_joined")


def _with_first_group(
    field: str, sentence: str, best: re.Match[str], count: Count, phrases: list[re.Match[str]]
) -> Count:
    """'one officer and five soldiers were killed', 'five commanders in the Guards and more than 20 others
    were killed': both groups count."""
    for phrase in phrases:
        # "Police arrested five smugglers in Taftan and three guards were killed": an object, not a victim
        objected = _AFTER_A_VERB.search(sentence, max(0, phrase.start() - 30), phrase.start())
        if _GROUPS_JOINED.fullmatch(sentence[phrase.end() : best.start()]) and not objected:
            first = to_int(phrase.group("n")) or 0
            first_attacker = bool(ATTACKER.match(phrase.group("noun")))
            if first_attacker != count.attacker:  # "11 guards and 16 assailants were killed"
                if count.attacker:
                    return Count(field, first, phrase.start(), phrase.end(), False)
                return count
            return Count(field, count.value + first, phrase.start(), count.end, count.attacker)
    return count


# "killing 4": a bare figure after the verb, but not "killing 4 km away"
_BARE_AFTER = pack_pattern("counts.bare_after")
_TAKES_BARE_INJURED = pack_pattern("counts.takes_bare_injured")  # "wounding 13", "injures 13"
_CONJOINED = pack_pattern("counts.conjoined")


def _after(field: str, sentence: str, pos: int, phrases: list[re.Match[str]], verb: str = "") -> Count | None:
    for phrase in phrases:
        if phrase.start() == pos:  # "killing four soldiers", not "killed and 3 civilians were wounded"
            return _to_count(field, phrase, sentence)
    bare = _BARE_AFTER.match(sentence[pos:])
    # a bare number is a toll after "killed"/"killing", and after "wounding 13", "injuring 13" or "injures 13"
    if bare and (field == "killed" or (field == "injured" and _TAKES_BARE_INJURED.fullmatch(verb))):
        value = to_int(bare.group("n"))
        if value is not None:
            return Count(field, value, pos + bare.start(), pos + bare.end(), False)
    return None


def _to_count(field: str, phrase: re.Match[str], sentence: str) -> Count | None:
    value = to_int(phrase.group("n"))
    whole = to_int(phrase.group("whole")) if phrase.group("whole") else None
    if value is None or is_year(phrase.group("n")):
        return None
    if whole is not None and field == "abducted":
        value = whole  # "five of the 12 guards abducted": twelve were abducted
    value += _conjoined(sentence, phrase.end())
    attacker = bool(ATTACKER.match(phrase.group("noun")))
    return Count(field, value, phrase.start(), phrase.end(), attacker)


def _conjoined(sentence: str, end: int) -> int:
    """'one officer and five soldiers were killed': add the second group (but not 'including ...')."""
    follow = _CONJOINED.match(sentence[end:])
    if follow:
        return to_int(follow.group("n")) or 0
    return 0


def _dedupe(found: list[Count]) -> list[Count]:
    seen: set[tuple[str, int, int]] = set()
    out: list[Count] = []
    for count in found:
        key = (count.field, count.start, count.value)
        if key not in seen:
            seen.add(key)
            out.append(count)
    return out
