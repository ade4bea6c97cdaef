"""A crowded picture for load and map tests: many incidents along the border, written in bulk (no reports
behind them: what is measured is serving, not fusion)."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert

from sarhad.geo.border import load_border
from sarhad.store.db import session_scope
from sarhad.store.models import Incident

TYPES = ("attack", "ied", "abduction", "smuggling_seizure", "border_closure")


def seed_crowd(db_url: str, count: int, seed: int = 7) -> None:
    """``count`` incidents at points near the line, over five years, in one transaction."""
    rng = random.Random(seed)
    border = load_border(("PK", "IR"))
    line = border.line
    rows = []
    for n in range(count):
        point = line.interpolate(rng.random(), normalized=True)
        lon, lat = point.x + rng.uniform(-0.3, 0.3), point.y + rng.uniform(-0.3, 0.3)
        rows.append(
            {
                "id": f"inc-crowd{n:07d}",
                "type": rng.choice(TYPES),
                "date": dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365)),
                "date_precision": "day",
                "place": f"Place {n % 97}",
                "lat": round(lat, 5),
                "lon": round(lon, 5),
                "country": rng.choice(("PK", "IR")),
                "killed": rng.choice((None, 0, 1, 2, 5)),
                "corroboration": "single",
                "releasability": "public",
                "first_reported": dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
                "last_updated": dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            }
        )
    with session_scope(db_url, write=True) as session:
        session.execute(insert(Incident), rows)
