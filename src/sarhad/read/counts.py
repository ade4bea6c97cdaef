"""Casualty and hostage counts: digits and words, "at least N", victims rather than attackers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from sarhad.read.language import DEFAULT_LANGUAGE, Named, number_value, number_words, pack_pattern
from sarhad.read.text import Sentence

_WORDS = number_words(DEFAULT_LANGUAGE)  # the English pack's number words (values from text2num)
_NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORDS.alternation()}|"
    r"an?(?= (?:[\w-]+ ){0,3}(?:soldier|guard|conscript|member|officer|policeman|civilian|child|man|woman|"
    r"personnel|sepoy|fisherman|driver|official)\b))"
)
_QUALIFIER = r"(?:(?:at least|around|about|nearly|almost|some|over|more than|up to|as many as)\s+)?"
PERSON = (
    r"(?:guards?|soldiers?|troops?|personnel|officers?|policemen|policeman|police|cops?|men|women|man|woman|people|"
    r"persons?|civilians?|children|child|girls?|boys?|members?|workers?|labou?rers?|fishermen|villagers?|"
    r"passengers?|pilgrims?|militants?|terrorists?|assailants?|attackers?|insurgents?|gunmen|miscreants?|"
    r"jihadists?|extremists?|bandits?|outlaws?|separatists?|"
    r"rebels?|fighters?|bombers?|majors?|captains?|sepoys?|levies|commandos?|guardsmen|others?|individuals?|"
    r"abductees|hostages?|nationals?|citizens?|engineers?|worshippers?|smugglers?|porters?|drivers?|traders?|"
    r"conscripts?|volunteers?|(?-i:[A-Z][a-z]+(?:is|ans|iks))|residents|locals|mechanics|tourists|servicem[ae]n|"
    r"fishermen|shepherds?|students?|commanders?|leaders?|elders?)"
)
ATTACKER = pack_pattern("counts.attacker")
# Words that end a noun phrase: "nine deaths and said three others" is two phrases, not one.
_NOT_MODIFIER = (
    r"(?:and|or|but|said|says|were|was|had|have|has|who|which|that|are|is|deaths|dead|killed|injured|"
    r"wounded)\b"
)
# A number, up to four modifiers, then a person noun: "ten Iranian border guards", "6 security personnel".
NP = re.compile(
    rf"(?i)\b(?P<q>{_QUALIFIER})(?P<n>{_NUMBER})(?:\s+of\s+(?:the\s+)?(?P<whole>{_NUMBER}))?"
    rf"(?P<mods>(?:[\s-]+(?!{_NOT_MODIFIER})[\w'’.-]+){{0,4}}?)[\s-]+[‘'\"“]?(?P<noun>{PERSON})\b"
)
_MONTH_BEFORE = pack_pattern("counts.month_before")
_VAGUE = pack_pattern("counts.vague")

_FIELDS = ("killed", "injured", "abducted", "released")
# the verbs of each field (the pack's counts.verbs.*, after-verbs counts.after.*, counts.after_verbs.*)
_VERBS, _AFTER, _AFTER_VERBS = (
    {field: pack_pattern(f"counts.{kind}.{field}").pattern.pattern for field in _FIELDS}
    for kind in ("verbs", "after", "after_verbs")
)
_BLOCK = pack_pattern("counts.block")
# "the five abducted guards, one of whom was killed": the count is the part, not the whole
_OF_WHOM = re.compile(
    rf"(?i)\b(?P<n>{_NUMBER}) of (?:whom|them)\s+(?:were|was|had been|have been|has been)\s+(?:\w+ly\s+)?"
    r"(?P<verb>killed|martyred|injured|wounded)\b"
)
# "one officer, identified as X, was martyred": the name in between does not end the clause
_APPOSITION = pack_pattern("counts.apposition")
_SUBSET = pack_pattern("counts.subset")
_ANY_VERB = re.compile(r"(?i)\b(?:" + "|".join(_VERBS.values()) + r")\b")
# "27 guards were killed and 13 wounded": the second number's noun is the first one's.
_ELLIPTIC = re.compile(
    rf"(?i)(?:\b(?:and|while)|,)\s+(?:another\s+)?(?P<q>{_QUALIFIER})(?P<n>{_NUMBER})\s+(?:(?:others?|more)\s+)?"
    r"(?:(?:were|are|was|is)\s+)?(?:\w+ly\s+)?"
    r"(?P<verb>injured|wounded|hurt|(?:sustain(?:ed|ing)|suffer(?:ed|ing)) (?:\w+ )?injuries)\b"
)
# "killed one official while injuring another three"
_ANOTHER_N = re.compile(
    rf"(?i)\b(?P<verb>injuring|wounding|killing|injured|wounded|killed) another (?P<n>{_NUMBER})\b"
)
# "Nine killed in ...", "• 27 dead as ...": a headline count without a noun
_HEADLINE = re.compile(
    rf"(?i)^\W*(?:{_QUALIFIER})(?P<n>{_NUMBER})\s+(?:people\s+)?(?P<verb>killed|dead|injured|wounded)\b"
)
_ONE = pack_pattern("counts.one")
# "the head of the district's police was shot dead": one person named by a title
_ONE_TITLED = pack_pattern("counts.one_titled")
# "Fifteen bullet-riddled bodies were found": the dead of a killing found later
_BODIES = pack_pattern("counts.bodies")
_DIED_LATER = pack_pattern("counts.died_later")
_OBJECT_OF_OTHER = {
    field: re.compile(
        r"(?i)\b(?:" + "|".join(v for f, v in _AFTER_VERBS.items() if f != field) + r")\s+(?:at least\s+)?$"
    )
    for field in ("killed", "injured", "abducted", "released")
}
# "Another was injured and taken to hospital." at the start of a sentence
_ANOTHER_ALONE = pack_pattern("counts.another_alone")
# "No loss of life was reported", "no one was hurt": a stated zero is a count, not a missing one
_NONE_KILLED = pack_pattern("counts.none_killed")
_NONE_INJURED = pack_pattern("counts.none_injured")
_NO_CASUALTIES = pack_pattern("counts.no_casualties")
# "the toll of nine deaths", "six fatalities"
_DEATHS = re.compile(rf"(?i)\b(?P<q>{_QUALIFIER})(?P<n>{_NUMBER}) (?:deaths|fatalities)\b")
# "the loss of 11 lives", "claimed 11 lives" (not "saved 11 lives", "put 200 lives at risk")
_LIVES_LOST = re.compile(
    rf"(?i)\b(?:loss of|claimed|claiming|cost|costing|took|taking) (?:the )?"
    rf"(?P<q>{_QUALIFIER})(?P<n>{_NUMBER}) lives\b"
)
_BARE_SUBJECT = re.compile(
    rf"(?i)(?:\bthat\s+|^\s*|,\s+)(?P<q>{_QUALIFIER})(?P<n>{_NUMBER})\s+"
    r"(?:were|had been|have been|are)\s+(?:\w+ly\s+)?$"
)
_INCLUDING = re.compile(r"(?i)\s+including\s+[^,;]*")
_EITHER = re.compile(r"(?i)\s+or\s+(?:wounded|injured|killed|dead)\b")
# "the seven dead included two children"
_THE_DEAD = re.compile(rf"(?i)\bthe (?P<q>{_QUALIFIER})(?P<n>{_NUMBER}) dead\b")
_ANOTHER = re.compile(
    rf"(?i)\b(?:and|while)\s+another\s+(?!{_NUMBER}\b)(?:\w+\s+){{0,2}}(?:was\s+)?(injured|wounded)\b"
    rf"|\b(?:injur|wound)(?:ed|ing) another\b(?!\s+(?:{_NUMBER})\b)"  # "killed eight and injured another"
)


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


def to_int(token: str) -> int | None:
    return number_value(token, DEFAULT_LANGUAGE)


def is_year(token: str) -> bool:
    """'August 2018 that targeted ... engineers': a year is not a head count."""
    return len(token) == 4 and token.isdigit() and 1900 <= int(token) <= 2100


def find_counts(sentence: str) -> list[Count]:
    """Counts per field in one sentence. Later attachment to events decides which ones to keep."""
    # "on Nov 15 Pakistani troops ...": a day of the month is not a number of people ("in April eight
    # guards were killed": a day is written in digits)
    phrases = [p for p in NP.finditer(sentence) if not _day_of_month(sentence, p)]
    found = _verb_counts(sentence, phrases)
    found += _numbered(_OF_WHOM, sentence, lambda m: _killed_or_injured(m, ("killed", "martyred")))
    found += _numbered(_ELLIPTIC, sentence, lambda m: "injured")
    found += [Count("injured", 1, m.start(), m.end(), False) for m in _ANOTHER.finditer(sentence)]
    alone = _ANOTHER_ALONE.match(sentence)
    if alone:
        found.append(Count(_killed_or_injured(alone, ("killed",)), 1, alone.start(), alone.end(), False))
    if not any(c.field == "killed" for c in found):
        found += _numbered(_DEATHS, sentence, lambda m: "killed")
        found += _numbered(_LIVES_LOST, sentence, lambda m: "killed")
        found += _numbered(_THE_DEAD, sentence, lambda m: "killed")
    found += _numbered(_ANOTHER_N, sentence, lambda m: _killed_or_injured(m, ("killing", "killed")))
    if not any(c.field == "killed" for c in found):
        found += _numbered(_BODIES, sentence, lambda m: "killed")
    found = _among_total(sentence, found)
    found += _one_person(sentence, found)
    found += _zero_counts(sentence, found)
    if not found:
        found = _headline(sentence)
    if not any(c.field == "killed" for c in found):
        found += _headline(sentence, _BARE_TOLL)
    return _dedupe(_died_later(sentence, found))


def _day_of_month(sentence: str, phrase: re.Match[str]) -> bool:
    return phrase.group("n").isdigit() and bool(_MONTH_BEFORE.search(sentence[: phrase.start("n")][-16:]))


def _verb_counts(sentence: str, phrases: list[re.Match[str]]) -> list[Count]:
    """A person phrase before a verb of each field ("four soldiers were killed") or after it."""
    found: list[Count | None] = []
    for field, verbs in _VERBS.items():
        for verb in re.finditer(rf"(?i)\b(?:{verbs})\b", sentence):
            if _EITHER.match(sentence, verb.end()) or _COMBINED.search(sentence[: verb.start()]):
                continue  # "60 guards were killed or wounded": casualties, not a toll
            count = _before(field, sentence, verb.start(), phrases) or _bare_subject(
                field, sentence, verb.start()
            )
            # "23 people die and seven are wounded" is a headline's; "100 people die each year" is none
            present = verb.group(0).lower() in _PRESENT_VERBS
            if present and (_HABIT.match(sentence, verb.end()) or _MAY.search(sentence[: verb.start()])):
                continue  # "die each year", "will die if ...": no toll
            found.append(replace(count, weak=True) if count and present else count)
        # a headline's "kills '11' guards" quotes the figure
        for verb in re.finditer(rf"(?i)\b(?:{_AFTER[field]})\s+['‘’\"“]?", sentence):
            word = verb.group(0).strip(" \t\n'‘’\"“").lower()
            if _EITHER.match(sentence, verb.start() + len(word)) or _COMBINED.search(
                sentence[: verb.start()]
            ):
                continue  # "killed or wounded 60 guards"
            if word in _PRESENT_VERBS and _NOT_A_VERB.search(sentence[: verb.start()]):
                continue  # "succumbed to his wounds 2 days later": a noun
            count = _after(field, sentence, verb.end(), phrases, word)
            # "Suicide bomber kills 5 commanders": a headline's first figure, used only when nothing else is
            found.append(replace(count, weak=True) if count and word in _PRESENT_VERBS else count)
    return [c for c in found if c is not None]


# Present-tense verbs of a headline: their figures are weak (used only when the text gives no other)
_PRESENT_VERBS = frozenset({"kills", "injures", "wounds", "die", "dies"})
_COMBINED = re.compile(r"(?i)\b(?:killed|dead|wounded|injured)\s+or\s+$")
_HABIT = re.compile(r"(?i)\s+(?:(?:each|every|a)\s+(?:year|month|week|day)|annually|if)\b")
_MAY = re.compile(r"(?i)\b(?:will|would|could|may|might|can|shall)\s+$")
_NOT_A_VERB = re.compile(r"(?i)\b(?:his|her|their|its|of|the|from|to|with)\s+$")


def _bare_subject(field: str, sentence: str, verb_start: int) -> Count | None:
    """'State television reported that 29 were killed': a bare figure as the subject."""
    window = 0 if verb_start <= 40 else verb_start - 40  # a figure that opens the sentence is found from 0
    bare = _BARE_SUBJECT.search(sentence, window, verb_start)
    value = to_int(bare.group("n")) if bare else None
    if bare is None or value is None or is_year(bare.group("n")):
        return None
    return Count(field, value, bare.start("n"), bare.end("n"), False)


def _killed_or_injured(match: re.Match[str], killing: tuple[str, ...]) -> str:
    return "killed" if match.group("verb").lower() in killing else "injured"


def _numbered(
    pattern: re.Pattern[str] | Named, sentence: str, field: Callable[[re.Match[str]], str]
) -> list[Count]:
    """Each match's number (group ``n``) as a count of the field it names."""
    found = []
    for match in pattern.finditer(sentence):
        value = to_int(match.group("n"))
        if value is not None:
            found.append(Count(field(match), value, match.start("n"), match.end("n"), False))
    return found


# "4 children among 7 killed": the whole, not the part
_AMONG = re.compile(
    rf"(?i)\bamong (?:the )?(?P<n>{_NUMBER}) (?:people |persons )?(?P<verb>killed|dead|injured|wounded)\b"
)


def _among_total(sentence: str, found: list[Count]) -> list[Count]:
    among = _AMONG.search(sentence)
    value = to_int(among.group("n")) if among else None
    if among is None or value is None:
        return found
    field = _killed_or_injured(among, ("killed", "dead"))
    kept = [c for c in found if c.field != field]
    return [*kept, Count(field, value, among.start("n"), among.end("n"), False)]


def _one_person(sentence: str, found: list[Count]) -> list[Count]:
    """'militant Chakar Liaquat was killed': one person, where no count of that field was found."""
    ones: list[Count] = []
    for match in (*_ONE.finditer(sentence), *_ONE_TITLED.finditer(sentence)):
        field = _killed_or_injured(match, ("killed", "shot dead", "assassinated", "martyred", "gunned down"))
        if not any(c.field == field for c in [*found, *ones]):
            attacker = bool(ATTACKER.match(match.group("noun")))
            ones.append(Count(field, 1, match.start(), match.end("noun"), attacker))
    return ones


# "... report at least twenty killed, including ...": a bare figure told with its hedge
_BARE_TOLL = re.compile(
    rf"(?i)\b(?:at least|some|about|nearly|more than|over|around) (?P<n>{_NUMBER}) "
    r"(?:people )?(?P<verb>killed|dead)\b"
)


def _headline(sentence: str, pattern: re.Pattern[str] = _HEADLINE) -> list[Count]:
    """'27 killed in ...': a headline figure, weak (attackers may be among them)."""
    headline = pattern.search(sentence)
    value = to_int(headline.group("n")) if headline else None
    if headline is None or value is None:
        return []
    field = _killed_or_injured(headline, ("killed", "dead"))
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
    gap = _APPOSITION.sub(" ", re.sub(r"(?i)^\s+and\s+others\b", " ", sentence[phrase.end() : verb_start]))
    if _BLOCK.search(gap) or _ANY_VERB.search(gap):
        return False
    before = sentence[max(0, phrase.start() - 14) : phrase.start()]
    if not first and _SUBSET.search(before):
        return False  # "six soldiers, including one officer, were killed": the subset is not the count
    # "killed two boys and wounded four men": the boys were not wounded
    return not _OBJECT_OF_OTHER[field].search(before)


_AFTER_A_VERB = pack_pattern("counts.after_a_verb")
_GROUPS_JOINED = re.compile(
    rf"(?i)\s+(?:(?:in|of|from) (?:(?!and\b)[^,;.\d]){{0,50}}?\s+)?and\s+(?:{_QUALIFIER})?"
)


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


def _after(field: str, sentence: str, pos: int, phrases: list[re.Match[str]], verb: str = "") -> Count | None:
    for phrase in phrases:
        if phrase.start() == pos:  # "killing four soldiers", not "killed and 3 civilians were wounded"
            return _to_count(field, phrase, sentence)
    bare = re.match(
        rf"(?i){_QUALIFIER}(?P<n>{_NUMBER})\b(?!\s*(?:km|kilomet|liters|litres|%|percent|times|hours?|days?|weeks?))",
        sentence[pos:],
    )
    # a bare number is a toll after "killed"/"killing", and after "wounding 13", "injuring 13" or "injures 13"
    if bare and (field == "killed" or (field == "injured" and verb.endswith(("ing", "injures", "wounds")))):
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
    follow = re.match(
        rf"(?i)\s+and\s+(?P<n>{_NUMBER})(?:[\s-]+[\w'’.-]+){{0,3}}?[\s-]+{PERSON}\b", sentence[end:]
    )
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
