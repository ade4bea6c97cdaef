"""Event trigger lexicon: which words signal which event type, and how strongly.

A trigger has a family (so that an 'ambush' and an 'attack' in one report can be one event) and a
strength: weak triggers ("killed", "claimed responsibility") only type a sentence that has no strong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FAMILY = {
    "attack": "violence",
    "ambush": "violence",
    "ied": "violence",
    "abduction": "abduction",
    "hostage_release": "release",
    "smuggling_seizure": "seizure",
    "border_closure": "closure",
    "border_opening": "opening",
    "fencing": "fencing",
    "meeting": "diplomacy",
    "agreement": "diplomacy",
    "cross_border_strike": "strike",
    "other": "other",
    "repatriation": "repatriation",
}
# How the reader groups mentions into events. An agreement is an outcome of its own, reported beside
# the meeting that reached it ("the two leaders met ... and agreed to set up a joint force"), so the
# reader keeps the two apart while fusion and scoring still treat them as one family.
MENTION_FAMILY = FAMILY | {"agreement": "agreement"}
# Within a family, the more specific type wins when mentions merge.
SPECIFICITY = {"ied": 3, "ambush": 2, "attack": 1, "agreement": 1, "meeting": 2}

# Closing and opening are border events only when the sentence is about a border point.
_BORDER_WORDS = re.compile(
    r"(?i)\b(?:border|gate|crossing|terminal|zero point|market|gateway|checkpoint)s?\b"
)
NEEDS_BORDER = frozenset({"border_closure", "border_opening"})
NOT_YET_KINDS = frozenset(
    {"border_closure", "border_opening", "fencing", "agreement", "smuggling_seizure", "abduction"}
)
_NOT_YET = re.compile(
    r"(?i)\b(?:discuss\w*|plan\w*|propos\w*|demand\w*|urg\w*|call\w* for|seek\w*|sought|consider\w*|"
    r"expedit\w*|facilitat\w*|commitment to|early|speedy|"
    r"possible|proposed|future)\s+(?:to\s+)?(?:the\s+|a\s+|an\s+)?(?:\w+\s+)?$|"
    r"(?<!addition )(?<!due )(?<!prior )(?<!thanks )(?<!according )(?<!related )"
    r"\b(?:to|will|would|shall)\s+(?:be\s+)?$"
)

_STATES = r"(?:Iran|Pakistan|Tehran|Islamabad)(?:['’]s)?(?: (?:armed forces|military|air force|army))?"
_STATE_STRIKE = (
    rf"(?-i:{_STATES}) (?:(?:\w+ ){{0,2}}?(?:struck|hit|bombed|shelled)\b|"
    r"strikes? (?:in|on|inside|against)\b|"
    r"(?:\w+ ){0,2}?targeted\b(?=[^.]{0,80}\b(?:missiles?|drones?|jets?|air)\b)|"
    # "Iran's earlier attacks ... targeting the bases of the group": a state attacking hideouts strikes.
    r"(?:\w+ )?attacks?\b(?=[^.]{0,60}\b(?:bases|hideouts|camps|sanctuaries)\b))"
)
_PEOPLE = (
    r"(?:guards?|soldiers|personnel|troops|members|forces|men|people|officers|policemen|hostages|servicemen|"
    r"conscripts|volunteers)\b(?! (?:headquarters|bases?|posts?|stations?|camps?|vehicles?|convoys?|"
    r"checkpoints?|buildings?|offices?|weapons)\b)"
)

# Between "seized" and the people seized: a count, a nationality or a force ("seized 14 Iranian security
# forces"), never a thing ("seized contraband from people").
_PEOPLE_MODIFIER = (
    r"(?:\d+|a|an|the|all|at least|some|several|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|\w+teen|twenty|dozens of|Iranian|Pakistani|Iran's|Pakistan's|border|security|army|police|"
    r"Basij|IRGC|Revolutionary|local|its|their|of)"
)

# "to rescue its two soldiers": the purpose that makes a raid across the border a rescue
_RESCUE = (
    r"\bto (?:rescue|free|release|recover) (?:its |their |the )?(?:[\w-]+ ){0,2}"
    r"(?:soldiers|guards|hostages|captives|personnel|servicemen)\b"
)

_RAW: list[tuple[str, int, str]] = [
    # (type, strength 2 strong / 1 weak, pattern)
    (
        "cross_border_strike",
        2,
        r"missile(?:s)?(?: and drone)? (?:strike|attack)s?|drone (?:strike|attack)s?|"
        r"air ?strikes?|missiles and drones|precision strikes?|violation of (?:its|pakistan's|"
        r"iran's) airspace|"
        r"launched (?:a )?(?:missile )?strikes?|cross-border strikes?|strikes? (?:inside|within|on) "
        r"(?:pakistani|iranian) (?:territory|soil)|(?:precision|military|retaliatory|artillery|missile|"
        r"coordinated|targeted|tit-for-tat) (?:\w+ )?strikes?|(?:mortar|artillery) (?:shells?|rounds?|fire)|"
        r"(?:shells|rockets) (?:were |had been )?fired (?:by|from)\b|"
        r"cross-border shelling|strikes? (?:against|on|at) (?:\w+ ){0,4}?(?:targets?|hideouts?|camps?|bases?|"
        r"positions?|strongholds?|facilities|sanctuaries|militants|terrorists|separatists)\b|"
        r"(?:carried out|conducted|launched|undertook|executed) (?:\w+ ){0,4}?strikes?\b",
    ),
    # A state (not a group) striking: "Iran struck a village in Panjgur", "Pakistan's strike in Saravan".
    ("cross_border_strike", 2, _STATE_STRIKE),
    # "No loss of life was reported following the shelling": the shelling told before, by name only
    ("cross_border_strike", 1, r"\bshelling\b"),
    (
        "ied",
        3,
        r"improvised explosive device|\bIEDs?\b|roadside bomb|landmines?|land mines?|"
        r"remote[- ]controlled (?:bomb|device|explosive)s?|bomb (?:was |had been )?(?:installed|planted)|"
        r"planted (?:the |a |an )?(?:\w+ )?(?:bomb|explosive|device)s?|mine blast|explosive device|"
        r"device (?:blew up|exploded|went off|detonated)",
    ),
    ("attack", 3, r"suicide (?:bomb(?:ing|er)?s?|attack|blast|car bomb|bomber)"),
    # Forces that fought off or stopped a group ("border guards clashed with a terrorist team trying to
    # infiltrate", "repelled an attack") ran an operation (typed other); read before the attack words.
    (
        "other",
        2,
        r"\b(?:forces|guards|troops|army|police|FC|IRGC|Levies)\b[^.]{0,40}?\b(?:clashed with|engaged(?! in)|"
        r"repulsed|repelled|foiled|thwarted|prevented|surprised|dealt a (?:heavy )?blow to)\b"
        r"(?=[^.]{0,80}\b(?:terrorist|militant|infiltrat|insurgent|outlaw|bandit))",
    ),
    ("ambush", 2, r"ambush(?:ed|es)?"),
    (
        "attack",
        2,
        r"attack(?:s|ed)?|assault|opened fire|fired (?:upon|on|at)|shootout|gun ?fight|shot dead|gunned down|"
        r"blast|explosion|bombing|grenade|car bombs?|vehicle-borne|bomb attack|stormed|assassinat\w+|"
        r"came under (?:fire|attack)|clash(?:es|ed)? (?:with|between)|armed clash(?:es)?|exchange of fire|"
        r"targeted (?:a|an|the) (?:[\w-]+ ){0,2}(?:convoy|post|check ?post|vehicle|patrol|station|bus|camp|"
        r"checkpoint)s?\b|"
        r"bomb (?:went off|exploded|detonated)",
    ),
    # Prisoners hanged in reprisal for a border attack: the state's act, typed other, the executed counted.
    (
        "other",
        2,
        r"\b(?:hanged|hangs|hanging|executed|executes|execution of)\b(?= (?:[\w‘’'\"“”]+ ){0,4}?[‘'\"“]?"
        r"(?:prisoners|militants|rebels|members|men|convicts|inmates|terrorists)\b)",
    ),
    # Security forces killing militants is an operation (README: typed other, the militants are its victims).
    (
        "other",
        2,
        r"\b(?:forces|troops|guards?|army|police|military|Corps|IRGC|FC)\b(?: [^.]{0,50}?)? "
        r"(?:had |have |has )?(?:killed|neutrali[sz]ed|eliminated|gunned down) (?!by\b|in\b)(?:at least )?"
        r"(?:\w+ )?(?:\w+ )?(?:militants|terrorists|insurgents|rebels|jihadists|extremists|bandits|outlaws|"
        r"separatists|gunmen|assailants|attackers)\b(?! (?:were|had|have)\b)",
    ),
    (
        "attack",
        1,
        r"killed|martyred|martyring|martyrdom of|embraced (?:shahadat|martyrdom)|injured|wounded|\bhurt\b|"
        r"gunmen|"
        r"claimed responsibility|claimed the attack|claimed by|murder(?:ed|s)?|killings? of|"
        r"(?:assumed|accepted|took|owned) (?:the )?responsibility|"
        r"death toll",
    ),
    (
        "hostage_release",
        2,
        r"(?<!secure )(?<!seek )(?<!for the )(?<!secure the )(?<!seek the )(?<!for )(?:release|"
        r"recovery) of (?:the )?(?:[\w-]+ ){0,4}?"
        r"(?:abducted|kidnapped|hostages?|abductees|captives?|guards|servicemen|soldiers|personnel)\b|"
        r"(?:soldiers|guards|hostages|captives|abductees|servicemen) (?:have |had |were |was )?(?:been )?"
        r"handed over\b|handed over (?:\w+ )?to (?:the )?(?:Iranian|Pakistani) (?:officials|authorities|"
        r"representatives|side|diplomats|embassy)|"
        r"\bhelped (?:to )?(?:release|free|recover|rescue) (?:[\w-]+ ){0,3}?(?:abducted|kidnapped|hostages?|"
        r"captives?|guards|servicemen|soldiers|personnel)\b|(?:were|was|been|being) "
        r"(?:safely |later |also |eventually |finally )?(?:released|freed|recovered|rescued)|"
        r"\bfreed\b|\brescued\b|"
        r"\brescue of\b|\bfree(?:s|d)? (?:the |all |its |their )?(?:[\w-]+ ){0,2}?(?:captured|abducted|"
        r"kidnapped|hostages?|captives?|guards|soldiers|servicemen)\b|"
        + _RESCUE
        + r"|\b(?:the|a) rescue (?:operation )?(?:took place|was carried out|happened)\b|"
        r"safely recovered|recovered (?:\w+ ){0,3}(?:abducted|"
        r"kidnapped|guards|hostages)",
    ),
    (
        "abduction",
        2,
        r"(?:abducted|kidnapped)(?!\s+(?:Iranian|Pakistani|border|guards?|soldiers|personnel|men|people|"
        r"security|police|troops)\b)|abduct(?:ion|ing)|kidnapping|taken (?:hostage|captive)|took (?:\w+ )?"
        r"(?:hostage|captive)|(?:seiz(?:ed|e|es|ing)|captur(?:ed|e|es|ing))(?= (?:"
        + _PEOPLE_MODIFIER
        + r" ){1,4}"
        + _PEOPLE
        + r")|(?<!to the )(?<!of the )(?<!from the )(?<!to )(?<!of )(?<!from )"
        + _PEOPLE
        + r" (?:\w+ )?(?:were|was|been|being) (?:seized|captured)|(?<!forces )"
        + _PEOPLE
        + r" (?:seized|captured)(?= (?:near|in|at|from|on|by)\b)",
    ),
    (
        "repatriation",
        2,
        r"return(?:ed|s)? home|return(?:ed|s)? (?:\w+ )?to (?:Iran|Pakistan|Tehran|Islamabad)\b|"
        r"arrived (?:back )?in (?:Iran|Pakistan|Tehran|Islamabad)\b|"
        # migrants or prisoners handed back across the border: a repatriation (typed other)
        r"handed over (?:[\w,-]+ ){0,4}?(?:illegal )?(?:migrants|immigrants|deportees|prisoners|fishermen)\b|"
        r"\bdeport(?:ed|ation of) (?:[\w,-]+ ){0,3}?(?:illegal )?"
        r"(?:migrants|immigrants|Pakistanis|Afghans)\b|"
        r"(?<!the )repatriat\w+",
    ),
    (
        "other",
        2,
        r"(?:security|search|intelligence[- ]based|counter[- ]terrorism|combing) operation|"
        r"operation by (?:the )?security forces|\braid(?:ed)?\b|"
        r"(?:made|held|kept|took) (?:the )?(?:residents|villagers|locals|inhabitants)\b[^.]{0,60}?\bhostage|"
        r"bodies of (?:\w+ ){0,3}(?:militants|terrorists|miscreants)",
    ),
    (
        "smuggling_seizure",
        3,
        r"seiz(?:ed|ures?|ing|es|e)\b|confiscat\w+|intercepted|impounded|(?:stopped|caught)\b(?=[^.]{0,100}\bsmuggl)|"
        r"(?:foil|thwart)\w* (?:a |an )?(?:\w+ )?(?:bid|attempt)|intercepting|"
        r"(?:foil|thwart)\w* (?:a |an |the )?(?:\w+ )?smuggling (?:operation|plan|racket)|"
        r"recovered [\d,]+ (?:liters|litres|kg|"
        r"kilograms|tons)|"
        # people held for crossing the border illegally: a seizure in the human-smuggling sense
        r"(?:arrested|detained|apprehended|intercepted) [^.]{0,160}?\b(?:(?:attempting|trying) to cross|"
        r"cross(?:ing)? (?:the border|into \w+) illegally|illegally (?:cross|travel|enter)\w*|"
        r"human smuggl\w+)|"
        # "the consignment of drugs was captured", "captured 2 tons of opium": goods, not people
        r"(?:drugs?|narcotics|opium|heroin|hashish|morphine|methamphetamine|fuel|diesel|petrol|consignment|"
        r"cargo|contraband|weapons|ammunition)\b[^.]{0,40}?\b(?:was|were|been|being) (?:captured|recovered)|"
        r"(?:captured|recovered|seized) (?:over |more than |about |nearly )?[\d,.]+ (?:\w+ )?"
        r"(?:liters|litres|kg|kilograms|kilos|tons|tonnes|grams)",
    ),
    # "the crossing remains/is still closed" describes a state, not a closure.
    (
        "border_closure",
        2,
        r"(?<!still )\b(?:closed|closes|closure|closing|shut down|shut|sealed|suspended)\b|"
        r"\bremain(?:ed|s)? close\b|"
        r"\bdecided to (?:\w+ )?close\b",
    ),
    (
        "border_opening",
        2,
        r"(?<!remain )(?<!remains )(?<!remained )(?<!stay )(?<!be )(?<!kept )(?<!is )(?<!are )(?<!not )"
        r"\b(?:open(?! (?:to|for) )|opened|opening|reopened|reopening|inaugurat\w+)\b"
        r"(?! fi(?:re|e|r)\b| up on\b)|\bresum(?:ed|es|e|ing) (?:its )?operations?\b|"
        r"\b(?:became|become|becomes|will be|fully|completely) operational\b",
    ),
    ("fencing", 2, r"\bfenc(?:e|ing|ed)\b|barriers? along|border wall|construct barriers"),
    (
        "meeting",
        2,
        r"telephon(?:e|ic) (?:conversation|call|talk)s?|phone (?:call|conversation|talk)s?|phoned|"
        r"(?:talked|spoke|speaking|conversed)\b(?=[^.]{0,80}\b(?:by|on the|over the) (?:tele)?phone\b)|"
        r"called (?:his )?(?:\w+ )?"
        r"counterpart|\bmet\b(?! (?:with )?(?:the )?(?:members|troops|soldiers|personnel|families|relatives|"
        r"injured|wounded|residents)\b)|meeting (?:with|between|of)|held talks|talks with|"
        # a visit to a crossing or a district is an inspection, not a meeting
        r"\bvisit(?:ed)?\b(?!(?: to)?(?: the)? (?:[A-Z][\w-]+[ -]){1,2}(?:border|crossing|gate|terminal|"
        r"zero point|area|district|post|checkpost|market)s?\b)"
        r"(?! to meet (?:with )?(?:the )?(?:troops|soldiers|personnel|officers|jawans|injured|wounded)\b)|"
        r"(?:held|had|hold) (?:\w+ ){0,2}discussions|discussions with|"
        r"meetings? (?:started|began|begin|begins|kicked off|kicks off|opened|commenced|concluded|ended)\b|"
        r"(?:commission|committee|working group)(?:'s|’s)? (?:\w+ )?(?:meeting|session)\b|"
        r"\bsession of (?:the )?(?:[\w()-]+ ){0,5}?(?:commission|committee|working group|talks)\b|"
        r"meeting (?:was |were )?held|\bheld (?:a |an |its |the )?(?:[\w-]+ ){0,3}meeting|"
        r"two army chiefs spoke",
    ),
    ("meeting", 2, r"\bcalled\b(?= [^.]{0,60}(?:Chief|General|Gen\b|Minister|counterpart))"),
    (
        "meeting",
        2,
        r"\bcalled on\b(?! (?:\w+ ){0,5}?to\b)|"
        r"\b(?:told|briefed|received)\b(?= (?:the )?(?:[A-Z]\w+ ){0,2}(?:Chief Minister|Prime "
        r"Minister|President|Minister|Governor|Ambassador|Consul|Commander|Chief of))",
    ),
    ("agreement", 2, r"\bagreed (?:to|on)\b|agreement|\bsigned\b|memorandum of understanding|\bMoU\b"),
]
TRIGGERS = [
    (kind, strength, re.compile(rf"\b(?:{pattern})", re.IGNORECASE)) for kind, strength, pattern in _RAW
]

# Sentences about what groups do in general, not about an event.
GENERIC = re.compile(
    r"(?i)\b(?:several attacks|frequently|often|usually|repeatedly|regularly|routinely|history of|"
    r"has long been|have long been|"
    r"in the past|over the past|for the past|plagued by|is blacklisted|would help|will help|should|"
    r"could|under (?:active )?consideration|aimed at|designated|prevent\w*|to curb|to combat|"
    r"groups? (?:like|such as)|(?:have|has) previously|rising (?:\w+ )?attacks|spate of|wave of|surge in|"
    r"uptick in|(?:a|the) number of (?:\w+ )?(?:attacks|incidents))\b"
)


# "after talks with", "cut short his visit", "invited him to Tehran on an official visit": a meeting that
# frames another event, was called off, or lies ahead is not a meeting to report.
_NOT_A_MEETING = re.compile(
    r"(?i)(?:\b(?:after|following|ahead of)\s+(?:the\s+|a\s+|an\s+|his\s+|their\s+)?(?:\w+\s+)?|"
    r"\b(?:cuts?|cutting) short\s+(?:\w+\s+){0,3}|\b(?:cancel\w*|postpon\w*|invit\w*|suspend\w*)\b[^.]{0,60}|"
    r"\bto\s+)$"
)
_AGREEMENT_AHEAD = re.compile(
    r"(?i)\b(?:to|will|would|shall)\s+(?:finali[sz]e|sign|negotiate|conclude|reach|ink|draft)\s+"
    r"(?:(?:the|a|an)\s+)?(?:[\w-]+\s+){0,3}$"
)
# "agreed to enhance cooperation", "agreed to further strengthen ties": goodwill, not a measure agreed
_GOODWILL = re.compile(
    r"(?i)\s+(?:\w+ly\s+|further\s+)?(?:enhance|strengthen|increase|improve|boost|expand|promote|continue|"
    r"deepen|work together|cooperate|ensure|maintain)\b"
)
# "within the framework of Agreement for Administration of the border of 1960": a treaty named, not made
_TREATY_NAME = re.compile(r"Agreement\b")
_SIGNING = re.compile(r"(?i)\b(?:sign\w*|reach\w*|conclud\w*|ink\w*|seal\w*)\b")
# "reopened after a three-month closure", "at the end of the closure": the closure is what an opening ends.
# "reopened ... eleven months after it was closed": likewise, in a clause about the reopening.
_ENDED_CLOSURE = re.compile(
    r"(?i)\b(?:after|following|ending|ended|ends|end of)\s+(?:(?:a|an|the|its|their)\s+)?"
    r"(?:[\w-]+\s+){0,2}$"
)
_CLOSED_BEFORE_OPENING = re.compile(
    r"(?i)\b(?:after|since)\s+(?:it|they|the\s+(?:\w+\s+){0,2}?(?:border|crossing|gate|terminal|market)s?)\s+"
    r"(?:was|were|had been|has been|have been)\s+$"
)
# "briefed on fencing of the border", "informed him that Pakistan has started fencing": a topic of talks.
_TOPIC_OF_TALKS = re.compile(
    r"(?i)\b(?:briefed|informed|discuss\w*|talked|spoke|urged|apprised|told)\b[^.;]*$"
)


@dataclass(frozen=True)
class Trigger:
    type: str
    strength: int
    start: int
    end: int
    text: str


def find_triggers(sentence: str) -> list[Trigger]:
    hits: list[Trigger] = []
    border = bool(_BORDER_WORDS.search(sentence))
    for kind, strength, pattern in TRIGGERS:
        if kind in NEEDS_BORDER and not border:
            continue
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(h.start < end and start < h.end for h in hits):
                continue
            if kind in NOT_YET_KINDS and _NOT_YET.search(sentence[max(0, start - 30) : start]):
                continue  # "to discuss the reopening", "called for fencing": not (yet) an event
            if kind == "agreement" and (
                _AGREEMENT_AHEAD.search(sentence[max(0, start - 60) : start])
                or _GOODWILL.match(sentence[end : end + 40])
                or (
                    _TREATY_NAME.match(sentence, start)
                    and start > 0
                    and not _SIGNING.search(sentence[max(0, start - 40) : start])
                )
            ):
                continue  # "decided to finalize the Free Trade Agreement", "agreed to enhance cooperation"
            if kind == "meeting" and _NOT_A_MEETING.search(sentence[max(0, start - 80) : start]):
                continue
            if kind == "fencing" and _TOPIC_OF_TALKS.search(sentence[:start]):
                continue
            if (
                kind == "other"
                and _EXECUTION.match(match.group(0))
                and not _BY_THE_STATE.search(sentence[max(0, start - 150) : start])
            ):
                continue  # a group "executed one of the hostages" is not a state's execution
            if kind == "attack" and _CLASH.match(match.group(0)) and _SMUGGLED.search(sentence):
                continue  # "seized during clashes between the police and smugglers": part of the seizure
            if FAMILY[kind] == "violence" and _RECORD_OF.search(sentence[max(0, start - 120) : start]):
                continue  # "terrorists who were involved in attacks and planting of IEDs": their record
            if (
                kind == "hostage_release"
                and "recover" in match.group(0).lower()
                and _GOODS_RECOVERED.search(sentence[max(0, start - 80) : start])
            ):
                continue  # "weapons and ammunition were also recovered": goods, not captives
            if kind == "cross_border_strike" and _RESCUE_PURPOSE.search(sentence):
                continue  # "a surgical strike in Pakistan to rescue its two soldiers" is a rescue
            if kind == "smuggling_seizure" and _arms_of_an_operation(sentence, match):
                continue  # "forces seized weapons and ammunition" in a raid: part of the operation
            if kind in NEEDS_BORDER and _as_topic(sentence, match):
                continue  # "discussed border management and the opening of new markets"
            if kind == "border_closure" and _ended_closure(sentence, match):
                continue
            hits.append(Trigger(kind, strength, start, end, match.group(0)))
    return sorted(hits, key=lambda h: h.start)


def _ended_closure(sentence: str, match: re.Match[str]) -> bool:
    """A closure named only as what an opening ended: not a closure to report."""
    before = sentence[max(0, match.start() - 60) : match.start()]
    if match.group(0).lower() in ("closure", "closing"):
        return bool(_ENDED_CLOSURE.search(before[-40:]))
    return bool(_CLOSED_BEFORE_OPENING.search(before)) and bool(_OPENED.search(sentence))


_OPENED = re.compile(r"(?i)\b(?:open(?:ed|s|ing)?|reopen(?:ed|s|ing)?|resum\w+)\b")


def _as_topic(sentence: str, match: re.Match[str]) -> bool:
    """An opening or closure named as a noun after a verb of talking is what was talked about."""
    if match.group(0).lower() not in ("opening", "reopening", "closure", "closing"):
        return False
    return bool(_TOPIC_OF_TALKS.search(sentence[: match.start()]))


_ARMS = re.compile(r"(?i)^[^.;]{0,60}?\b(?:weapons|arms|ammunition|explosives|guns|rifles)\b")
_SMUGGLED = re.compile(r"(?i)\bsmuggl\w*|\btraffick\w*|\bcontraband\b")


def _arms_of_an_operation(sentence: str, match: re.Match[str]) -> bool:
    """Arms seized from militants belong to the operation; smuggled arms are a seizure."""
    return bool(_ARMS.match(sentence[match.end() :])) and not _SMUGGLED.search(sentence)


_EXECUTION = re.compile(r"(?i)execut|hang")
_BY_THE_STATE = re.compile(
    r"\b(?:Iran|Tehran|Pakistan|Islamabad|[Aa]uthorities|[Jj]udiciary|[Gg]overnment|state)\b(?:['’]s)?"
)


_RECORD_OF = re.compile(
    r"(?i)\b(?:involved in|wanted (?:for|in)|behind (?:several|many|a series of|numerous))\b"
    r"[^.;]*$"
)


_RESCUE_PURPOSE = re.compile("(?i)" + _RESCUE)

_CLASH = re.compile(r"(?i)(?:armed )?clash|exchange of fire")

_GOODS_RECOVERED = re.compile(
    r"(?i)\b(?:weapons?|arms|ammunition|explosives?|diesel|petrol|fuel|drugs?|narcotics|opium|heroin|hashish|"
    r"liters|litres|kg|kilograms|tons|tonnes|vehicles?|boats?|trucks?|cash|goods|items|contraband|rifles?|"
    r"grenades?|motorcycles?)\b[^.;]{0,40}$"
)
