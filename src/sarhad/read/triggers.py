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
# Within a family, the more specific type wins when mentions merge.
SPECIFICITY = {"ied": 3, "ambush": 2, "attack": 1, "agreement": 1, "meeting": 2}

# Closing and opening are border events only when the sentence is about a border point.
_BORDER_WORDS = re.compile(
    r"(?i)\b(?:border|gate|crossing|terminal|zero point|market|gateway|checkpoint)s?\b"
)
NEEDS_BORDER = frozenset({"border_closure", "border_opening"})
NOT_YET_KINDS = frozenset({"border_closure", "border_opening", "fencing", "agreement"})
_NOT_YET = re.compile(
    r"(?i)\b(?:discuss\w*|plan\w*|propos\w*|demand\w*|urg\w*|call\w* for|seek\w*|sought|consider\w*|"
    r"possible|proposed|future)\s+(?:to\s+)?(?:the\s+|a\s+|an\s+)?(?:\w+\s+)?$|"
    r"\b(?:to|will|would|shall)\s+(?:be\s+)?$"
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
        r"(?:pakistani|iranian) (?:territory|soil)|(?:precision|military|retaliatory|artillery|missile) "
        r"(?:\w+ )?strikes?|(?:mortar|artillery) (?:shells?|rounds?|fire)|cross-border shelling",
    ),
    (
        "ied",
        3,
        r"improvised explosive device|\bIEDs?\b|roadside bomb|landmines?|land mines?|"
        r"remote[- ]controlled (?:bomb|device|explosive)s?|bomb (?:was |had been )?(?:installed|planted)|"
        r"planted (?:bomb|explosive)s?|mine blast|explosive device",
    ),
    ("attack", 3, r"suicide (?:bomb(?:ing|er)?s?|attack|blast|car bomb|bomber)"),
    ("ambush", 2, r"ambush(?:ed|es)?"),
    (
        "attack",
        2,
        r"attack(?:s|ed)?|assault|opened fire|fired (?:upon|on|at)|shootout|gun ?fight|shot dead|gunned down|"
        r"blast|explosion|bombing|grenade",
    ),
    (
        "attack",
        1,
        r"killed|martyred|martyring|embraced (?:shahadat|martyrdom)|injured|wounded|gunmen|"
        r"claimed responsibility|claimed the attack|claimed by|"
        r"death toll",
    ),
    (
        "hostage_release",
        2,
        r"(?<!secure )(?<!seek )(?<!for the )(?<!secure the )(?<!seek the )(?<!for )(?:release|"
        r"recovery) of (?:the )?(?:\w+ )?(?:of the )?"
        r"(?:\d+ )?(?:abducted|kidnapped|hostages?|abductees|captives?)|(?:were|was|been|being) (?:safely )?"
        r"(?:released|freed|recovered)|\bfreed\b|safely recovered|recovered (?:\w+ ){0,3}(?:abducted|"
        r"kidnapped|guards|hostages)",
    ),
    (
        "abduction",
        2,
        r"(?:abducted|kidnapped)(?!\s+(?:Iranian|Pakistani|border|guards?|soldiers|personnel|men|people|"
        r"security|police|troops)\b)|abduct(?:ion|ing)|kidnapping|taken hostage|took hostage",
    ),
    (
        "repatriation",
        2,
        r"returned home|return(?:ed)? to (?:Iran|Pakistan)|arrived in (?:Iran|Pakistan)|"
        r"repatriat\w+",
    ),
    (
        "other",
        2,
        r"(?:security|search|intelligence[- ]based|counter[- ]terrorism|combing) operation|"
        r"operation by (?:the )?security forces|\braid(?:ed)?\b|bodies of (?:\w+ ){0,3}(?:militants|"
        r"terrorists|"
        r"miscreants)",
    ),
    (
        "smuggling_seizure",
        3,
        r"seiz(?:ed|ure|ing)|confiscat\w+|intercepted|impounded|"
        r"(?:foil|thwart)\w* (?:a |an )?(?:\w+ )?(?:bid|attempt)|recovered [\d,]+ (?:liters|litres|kg|"
        r"kilograms|tons)",
    ),
    ("border_closure", 2, r"\b(?:closed|closure|closing|shut down|shut|sealed|suspended)\b"),
    (
        "border_opening",
        2,
        r"(?<!remain )(?<!remains )(?<!remained )(?<!stay )(?<!be )(?<!kept )(?<!is )(?<!are )"
        r"\b(?:open|opened|opening|reopened|reopening|inaugurat\w+)\b(?! (?:to|for) )",
    ),
    ("fencing", 2, r"\bfenc(?:e|ing|ed)\b|barriers? along|border wall|construct barriers"),
    (
        "meeting",
        2,
        r"telephon(?:e|ic) (?:conversation|call|talk)s?|phone call|phoned|called (?:his )?(?:\w+ )?"
        r"counterpart|\bmet\b|meeting (?:with|between)|held talks|talks with|\bvisit(?:ed)?\b|"
        r"two army chiefs spoke",
    ),
    ("meeting", 2, r"\bcalled\b(?= [^.]{0,60}(?:Chief|General|Gen\b|Minister|counterpart))"),
    (
        "meeting",
        2,
        r"\bcalled on\b|\b(?:told|briefed|received)\b(?= (?:the )?(?:[A-Z]\w+ ){0,2}(?:Chief Minister|Prime "
        r"Minister|President|Minister|Governor|Ambassador|Consul|Commander|Chief of))",
    ),
    ("agreement", 2, r"\bagreed (?:to|on)\b|agreement|\bsigned\b|memorandum of understanding|\bMoU\b"),
]
TRIGGERS = [
    (kind, strength, re.compile(rf"\b(?:{pattern})", re.IGNORECASE)) for kind, strength, pattern in _RAW
]

# Sentences about what groups do in general, not about an event.
GENERIC = re.compile(
    r"(?i)\b(?:several attacks|frequently|often|usually|history of|has long been|have long been|"
    r"in the past|over the past|for the past|plagued by|is blacklisted|would help|will help|should|"
    r"could|under (?:active )?consideration|aimed at|designated|prevent\w*|to curb|to combat)\b"
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
            hits.append(Trigger(kind, strength, start, end, match.group(0)))
    return sorted(hits, key=lambda h: h.start)
