"""A synthetic news day: many articles, about 1% about the Pakistan-Iran border.

All text is generated from short templates written for this benchmark (no real articles). Off-topic
articles include hard cases: Pakistan-only security news, Iran-only news, Pakistan-Iran trade and sport.

    from bench.synth_articles import synthetic_day
    for text, published, on_topic in synthetic_day(200_000, seed=1): ...
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

DAY = dt.date(2021, 6, 16)  # a Wednesday
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
BORDER_PLACES = [
    "Panjgur",
    "Kech district",
    "Turbat",
    "Mand",
    "Buleda",
    "Taftan",
    "Mashkel",
    "Gwadar",
    "Jiwani",
    "Saravan",
    "Mirjaveh",
    "Rask",
    "Zahedan",
    "Chabahar",
    "Khash",
]
GROUPS = [
    "Jaish al-Adl",
    "Jaish-ul-Adl",
    "the Baloch Liberation Army",
    "the BLA",
    "Balochistan Liberation Front",
]
VICTIMS = [
    "Frontier Corps soldiers",
    "Iranian border guards",
    "Levies personnel",
    "policemen",
    "IRGC members",
]
NUMBERS = ["two", "three", "four", "five", "six", "seven", "8", "11", "at least 3", "at least 12"]
ON_TOPIC = [
    "{n} {victims} were killed when militants attacked a checkpost near {place} on {wd}, officials said. "
    "{group} claimed responsibility for the attack in a statement.",
    "A roadside bomb hit a patrol near {place} close to the Pakistan-Iran border on {wd}, killing {n} "
    "{victims}. No group claimed the attack.",
    "Authorities closed the border crossing at {place} on {wd} for ten days, traders said, after talks "
    "between Pakistani and Iranian officials.",
    "Security forces seized 40,000 litres of smuggled Iranian diesel near {place} on {wd}, a spokesman said.",
    "Gunmen abducted {n} {victims} near {place} on {wd}. Iran blamed {group} for the kidnapping.",
]
OFF_TOPIC = [
    "The stock exchange closed higher on {wd} as investors bought bank shares, brokers said. "
    "Trading volume rose to 300 million shares.",
    "Heavy rain lashed the capital on {wd}, flooding roads and delaying flights, the weather office said.",
    "The national cricket team beat the visitors by six wickets on {wd}, with the captain scoring a century.",
    "Police in Lahore arrested {n} suspects on {wd} in connection with a robbery at a jewellery shop.",
    "Pakistan and Iran signed a memorandum on {wd} to raise trade in rice and fruit, ministers said.",
    "A suicide bomber killed {n} people at a market in Peshawar on {wd}, police said.",
    "Iran's parliament debated the budget on {wd}, with lawmakers calling for more spending on health.",
    "The central bank kept its policy rate unchanged on {wd}, citing easing inflation and a stable currency.",
]
FILLER = [
    "Officials did not give further details.",
    "The report could not be independently verified.",
    "Analysts said the situation would be watched closely in the coming weeks.",
    "Local residents described the events to reporters by telephone.",
    "A senior official promised a full inquiry.",
    "The government has announced several measures this year.",
]


def _article(rng: random.Random, templates: list[str]) -> str:
    lead = rng.choice(templates).format(
        n=rng.choice(NUMBERS),
        victims=rng.choice(VICTIMS),
        place=rng.choice(BORDER_PLACES),
        wd=rng.choice(WEEKDAYS),
        group=rng.choice(GROUPS),
    )
    body = " ".join(rng.choice(FILLER) for _ in range(rng.randint(4, 14)))
    return f"{lead}\n\n{body}"


def synthetic_day(
    n: int = 200_000, share: float = 0.01, seed: int = 20210616
) -> Iterator[tuple[str, dt.date, bool]]:
    """Yield (text, published, on_topic) for ``n`` articles, reproducibly."""
    rng = random.Random(seed)
    for _ in range(n):
        on_topic = rng.random() < share
        yield _article(rng, ON_TOPIC if on_topic else OFF_TOPIC), DAY, on_topic
