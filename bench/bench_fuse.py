"""Fusion throughput and scaling on synthetic mentions: `python -m bench.bench_fuse [N ...]`.

The generator writes synthetic events (ten years, both sides of a border, every event family) and 2-4
noisy mentions of each: dates off by a day or given only to the month, places given as the district,
tolls that disagree, some background mentions. It prints the time to fuse N mentions, the ratio between
sizes, and B-cubed precision/recall against the generator's truth. Density is held constant, as it is in
a real deployment that grows by adding borders: every 10,000 mentions add another border region (another
5 x 2 degree box, about one event a day), so 10x the data means 10x the borders, not 10x the events per day
on one stretch of line.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence

from sarhad.events import FAMILIES
from sarhad.fuse import FusedIncident, FusionMention, MentionKey, fuse

TYPES = sorted(FAMILIES)
START = dt.date(2015, 1, 1)
DAYS = 3650
SIDES = (("PK", "Balochistan", 62.2), ("IR", "Sistan and Baluchestan", 61.0))
MENTIONS_PER_REGION = 10_000


def synthetic_mentions(count: int, seed: int = 1) -> tuple[list[FusionMention], dict[MentionKey, int]]:
    """``count`` mentions of about count/3 events, and each mention's true event number."""
    rng = random.Random(seed)
    mentions: list[FusionMention] = []
    truth: dict[MentionKey, int] = {}
    event = 0
    regions = max(1, round(count / MENTIONS_PER_REGION))
    while len(mentions) < count:
        event += 1
        region = event % regions
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        country, admin1, lon0 = rng.choice(SIDES)
        country, admin1 = f"{country}{region}", f"{admin1} {region}"
        lat, lon = rng.uniform(25.0, 30.0), lon0 + rng.uniform(-0.8, 0.8) + 10.0 * (region % 30)
        lat += 8.0 * (region // 30)
        kind, killed = rng.choice(TYPES), rng.choice([None, 0, 1, 2, 3, 6, 11])
        for _ in range(rng.randint(2, 4)):
            if len(mentions) >= count:
                break
            key = MentionKey(f"r{len(mentions):08d}", 0)
            truth[key] = event
            mention = noisy(rng, key, kind, day, country, admin1, lat, lon, killed, len(mentions))
            mention.border = f"border-{region}"
            mentions.append(mention)
    return mentions, truth


def noisy(
    rng: random.Random,
    key: MentionKey,
    kind: str,
    day: dt.date,
    country: str,
    admin1: str,
    lat: float,
    lon: float,
    killed: int | None,
    arrival: int,
) -> FusionMention:
    month = rng.random() < 0.1
    coarse = rng.random() < 0.2
    return FusionMention(
        key=key,
        type=kind,
        date=day.replace(day=1) if month else day + dt.timedelta(days=rng.choice([0, 0, 0, 1, -1])),
        date_precision="month" if month else "day",
        lat=round(lat, 1) if coarse else lat + rng.uniform(-0.05, 0.05),
        lon=round(lon, 1) if coarse else lon + rng.uniform(-0.05, 0.05),
        geo_precision="district" if coarse else "place",
        admin1=admin1,
        country=country,
        killed=None if killed is None else max(0, killed + rng.choice([0, 0, 0, 1, -1])),
        background=rng.random() < 0.05,
        source=rng.choice(["A", "B", "C", "D"]),
        arrival=arrival,
    )


def bcubed(incidents: Sequence[FusedIncident], truth: dict[MentionKey, int]) -> tuple[float, float]:
    predicted = {m.key: i.id for i in incidents for m in i.mentions}
    pred_sizes = Counter(predicted.values())
    true_sizes = Counter(truth.values())
    both = Counter((predicted[k], truth[k]) for k in truth)
    precision = sum(both[(predicted[k], truth[k])] / pred_sizes[predicted[k]] for k in truth) / len(truth)
    recall = sum(both[(predicted[k], truth[k])] / true_sizes[truth[k]] for k in truth) / len(truth)
    return precision, recall


def run(count: int) -> float:
    mentions, truth = synthetic_mentions(count)
    start = time.perf_counter()
    incidents = fuse(mentions)
    seconds = time.perf_counter() - start
    precision, recall = bcubed(incidents, truth)
    f1 = 2 * precision * recall / (precision + recall)
    print(
        f"{count:>9,} mentions  {seconds:7.2f} s  {count / seconds:9,.0f} mentions/s  "
        f"{len(incidents):>8,} incidents  B-cubed P {precision:.3f} R {recall:.3f} F1 {f1:.3f}",
        flush=True,
    )
    return seconds


def main(argv: Sequence[str]) -> None:
    sizes = [int(a.replace("_", "")) for a in argv] or [100_000, 1_000_000]
    times = [run(n) for n in sizes]
    for i in range(1, len(sizes)):
        print(f"{sizes[i] / sizes[i - 1]:.0f}x the mentions took {times[i] / times[i - 1]:.1f}x the time")


if __name__ == "__main__":
    main(sys.argv[1:])
