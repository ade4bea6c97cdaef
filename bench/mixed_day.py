"""A mixed news day of real-length articles: about 1 % about this border, the rest conflict and security
news from elsewhere, told in the same words (border guards, checkposts, militants, abductions, seizures,
crossings closed), all dated within the same few days.

Every sentence is written for this benchmark from the templates below (no real article is copied). The
off-topic articles include the hard cases a border watch meets: Pakistan's Afghan border and interior,
Iran's Iraq, Turkey and Afghan borders and interior, attacks with no place the gazetteer knows, and
regional stories that name both Pakistan and Iran in passing.

    from bench.mixed_day import mixed_day
    for article in mixed_day(200_000, seed=1): article.text, article.on_topic, ...
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DAY = dt.date(2025, 3, 12)  # a Wednesday
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "11", "at least 3", "at least 12", "14"]

# Thirty towns and crossings within 180 km of the line, on both sides: with five kinds of event over two
# months, two distinct events of one kind at one town within a day or two of each other stay rare, as on
# the real border (an attack at Saravan on the 3rd and another there on the 4th are one event to fusion).
BORDER_PLACES = ["Panjgur", "Turbat", "Mand", "Buleda", "Taftan", "Mashkel", "Jiwani", "Saravan", "Mirjaveh",
                 "Rask", "Zahedan", "Chabahar", "Khash", "Sarbaz", "Dashtiari", "Nokkundi", "Dalbandin",
                 "Jakigur", "Gabd", "Mehrestan", "Suran", "Zaboli", "Nikshahr", "Tump", "Rimdan", "Iranshahr",
                 "Nikshahr", "Bampur", "Qasr-e Qand", "Washuk"]  # fmt: skip
BORDER_GROUPS = ["Jaish al-Adl", "the Baloch Liberation Army", "the BLA", "the Balochistan Liberation Front"]
BORDER_VICTIMS = ["Frontier Corps soldiers", "Iranian border guards", "Levies personnel", "IRGC members"]
ON_TOPIC = [
    "{n} {victims} were killed when militants attacked a checkpost near {place} on {day}, officials said. "
    "{group} claimed responsibility for the attack in a statement sent to reporters.",
    "A roadside bomb hit a patrol near {place} close to the Pakistan-Iran border on {day}, killing {n} "
    "{victims}. No group claimed the attack.",
    "Authorities closed the border crossing at {place} on {day} for ten days after talks between Pakistani "
    "and Iranian officials, traders said.",
    "Security forces seized 40,000 litres of smuggled Iranian diesel near {place} on {day}, a spokesman "
    "said.",
    "Gunmen abducted {n} {victims} near {place} on {day}. Iran blamed {group} for the kidnapping.",
]
ON_TOPIC_DAYS = 60  # the border's events of the day's news happened over the last two months
REPORTS_PER_EVENT = (1, 12)  # each event is told by one to twelve outlets
# Elsewhere: (place, country words, who is attacked, who attacks), and the region's own furniture.
ELSEWHERE = [
    ("Kurram", "Pakistani", "soldiers", "militants crossing from Afghanistan"),
    ("Bajaur", "Pakistani", "Frontier Corps soldiers", "the Pakistani Taliban"),
    ("Torkham", "Pakistani", "border police", "Afghan Taliban forces"),
    ("North Waziristan", "Pakistani", "soldiers", "the TTP"),
    ("Bannu", "Pakistani", "policemen", "militants"),
    ("Peshawar", "Pakistani", "worshippers", "a suicide bomber"),
    ("Karachi", "Pakistani", "Chinese engineers", "gunmen"),
    ("Lahore", "Pakistani", "shoppers", "a bomber"),
    ("Kermanshah", "Iranian", "Revolutionary Guards", "Kurdish militants"),
    ("Piranshahr", "Iranian", "border guards", "PJAK fighters"),
    ("Sardasht", "Iranian", "border guards", "armed smugglers"),
    ("Ahvaz", "Iranian", "soldiers at a parade", "gunmen"),
    ("Mashhad", "Iranian", "clerics", "a knife attacker"),
    ("Islam Qala", "Afghan", "border guards", "Iranian border forces"),
    ("Kandahar", "Afghan", "Taliban fighters", "the Islamic State group"),
    ("Kabul", "Afghan", "worshippers at a mosque", "a suicide bomber"),
    ("Mosul", "Iraqi", "soldiers", "Islamic State remnants"),
    ("Idlib", "Syrian", "civilians", "air strikes"),
    ("Gao", "Malian", "soldiers", "jihadists"),
    ("Maiduguri", "Nigerian", "villagers", "Boko Haram fighters"),
    ("Mogadishu", "Somali", "soldiers", "al-Shabaab"),
    ("Donetsk", "Ukrainian", "civilians", "shelling"),
    ("Culiacan", "Mexican", "police officers", "cartel gunmen"),
    ("Marawi", "Filipino", "soldiers", "militants"),
    ("Goma", "Congolese", "soldiers", "M23 rebels"),
    ("the Ladakh sector", "Indian", "soldiers", "Chinese troops"),
    ("the Fergana valley", "Kyrgyz", "border guards", "Tajik forces"),
]
OFF_TOPIC = [
    "{n} {victims} were killed when {attackers} attacked a checkpoint in {place} on {wd}, officials said.",
    "A roadside bomb struck a convoy near {place} on {wd}, killing {n} {victims}, according to {country} "
    "officials.",
    "{attackers} abducted {n} {victims} near {place} on {wd}; no ransom demand has been made public.",
    "Authorities closed the border crossing at {place} on {wd} after clashes, stranding hundreds of trucks.",
    "{country} forces seized a large consignment of smuggled fuel and weapons near {place} on {wd}.",
    "{n} {victims} were killed on {wd} in an attack that officials blamed on {attackers}.",
    "Militants attacked a border post on {wd}, killing {n} soldiers, officials said, without giving the "
    "location.",
]
REGIONAL_SHARE = 0.12  # with it, triage passes about 14 % of the day, as on a real feed (issue #17)
REGIONAL = [
    "Pakistan and Iran both condemned the attack and called for restraint.",
    "Diplomats from Iran, Pakistan and Turkey are due to meet next month on regional security.",
    "The neighbouring states, including Iran and Pakistan, have long accused each other of sheltering "
    "militants.",
    "Refugees deported from Iran and Pakistan have crowded the camps near the frontier this year.",
]
FILLER = [
    "Officials did not give further details.",
    "The report could not be independently verified.",
    "Analysts said the situation would be watched closely in the coming weeks.",
    "Local residents described the events to reporters by telephone.",
    "A senior official promised a full inquiry into the security lapse.",
    "The government has announced several security measures this year.",
    "Hospitals in the area were put on alert and blood donations were requested.",
    "The interior ministry said reinforcements had been sent and a search operation was under way.",
    "Security in the region has deteriorated over the past two years, according to independent monitors.",
    "Funerals were held on the following day, attended by senior officers and local elders.",
    "Rights groups called for the protection of civilians and for access for aid workers.",
    "The attack was the deadliest in the area since the start of the year.",
]


@dataclass(frozen=True)
class Article:
    text: str
    title: str
    published: dt.date
    source: str
    url: str
    on_topic: bool
    event: str | None  # the border event it tells (the truth fusion is scored against), None off topic


@dataclass(frozen=True)
class BorderEvent:
    """One event at the border, distinct from every other by its type, place and day."""

    key: str
    template: str
    place: str
    day: dt.date
    values: dict[str, str]


def _border_events(rng: random.Random) -> Iterator[BorderEvent]:
    seen: set[tuple[int, str, dt.date]] = set()
    while True:
        kind, place = rng.randrange(len(ON_TOPIC)), rng.choice(BORDER_PLACES)
        day = DAY - dt.timedelta(days=rng.randrange(ON_TOPIC_DAYS))
        if (kind, place, day) in seen:
            continue
        seen.add((kind, place, day))
        values = {
            "n": rng.choice(NUMBERS),
            "victims": rng.choice(BORDER_VICTIMS),
            "group": rng.choice(BORDER_GROUPS),
        }
        yield BorderEvent(f"{kind}-{place}-{day}", ON_TOPIC[kind], place, day, values)


def _on_topic(event: BorderEvent) -> tuple[str, str, dt.date]:
    day = f"{event.day.day} {event.day:%B}"
    lead = event.template.format(place=event.place, day=day, **event.values)
    return lead, f"Incident near {event.place}", event.day


def _off_topic(rng: random.Random) -> tuple[str, str]:
    place, country, victims, attackers = rng.choice(ELSEWHERE)
    lead = rng.choice(OFF_TOPIC).format(
        n=rng.choice(NUMBERS), victims=victims, attackers=attackers, place=place, country=country,
        wd=rng.choice(WEEKDAYS),
    )  # fmt: skip
    lead = lead[:1].upper() + lead[1:]
    if rng.random() < REGIONAL_SHARE:
        lead += " " + rng.choice(REGIONAL)
    return lead, f"Attack near {place}"


def _body(rng: random.Random) -> str:
    """Real length: 2,000 to 5,000 characters in paragraphs of two to four sentences."""
    paragraphs, size, target = [], 0, rng.randint(2000, 5000)
    while size < target:
        paragraph = " ".join(rng.sample(FILLER, rng.randint(2, 4)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def mixed_day(n: int = 200_000, share: float = 0.01, seed: int = 20250312) -> Iterator[Article]:
    """``n`` articles, reproducibly: ``share`` of them tell border events (each by one to five outlets,
    published on the event's day or the next), the rest are news from elsewhere of the last three days."""
    rng = random.Random(seed)
    events = _border_events(rng)
    telling: list[tuple[BorderEvent, int]] = []  # events still to be told, with how many more reports
    for i in range(n):
        if rng.random() < share:
            if not telling or rng.random() < 2 / sum(REPORTS_PER_EVENT):
                telling.append((next(events), rng.randint(*REPORTS_PER_EVENT)))
            pick = rng.randrange(len(telling))
            event, left = telling[pick]
            telling[pick] = (event, left - 1)
            telling = [t for t in telling if t[1] > 0]
            lead, title, day = _on_topic(event)
            published, key = day + dt.timedelta(days=rng.randint(0, 1)), event.key
        else:
            lead, title = _off_topic(rng)
            published, key = DAY - dt.timedelta(days=rng.randint(0, 2)), None
        yield Article(
            text=f"{lead}\n\n{_body(rng)}",
            title=f"{title} ({i})",
            published=published,
            source=f"Wire {i % 23}",
            url=f"https://bench.invalid/day/{i}",
            on_topic=key is not None,
            event=key,
        )


def write_day(path: Path, n: int, share: float = 0.01, seed: int = 20250312) -> dict[str, str | None]:
    """The day as a JSON-lines feed ``sarhad ingest`` takes; returns the truth by URL: the border event an
    article tells, or None."""
    truth: dict[str, str | None] = {}
    with path.open("w", encoding="utf-8") as feed:
        for article in mixed_day(n, share, seed):
            record = {
                "text": article.text,
                "title": article.title,
                "published": article.published.isoformat(),
                "source": article.source,
                "url": article.url,
            }
            feed.write(json.dumps(record) + "\n")
            truth[article.url] = article.event
    return truth
