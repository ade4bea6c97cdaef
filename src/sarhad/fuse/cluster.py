"""Mentions -> clusters: one cluster per real-world event.

Mentions are taken in arrival order. Each one is compared with the incidents it could belong to (same
event family, overlapping date windows — found through a week-bucket index) and joins the best one whose
evidence score reaches the threshold, or founds a new incident. The score adds up agreement on type,
date, place, counts, perpetrator and near-duplicate report text, and any hard contradiction (dates that
cannot overlap, places in different provinces or too far apart, two mentions of one report) rules the
pair out. The rules are documented in docs/fusion.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sarhad.events import family
from sarhad.fuse.model import FusionMention
from sarhad.geo.measure import distance_km

# Events that each side may place on its own side of the line: a crossing, a call between capitals, a strike
# launched from one country into the other. For these a different country or province is no contradiction.
TWO_SIDED_TYPES = {"border_closure", "border_opening", "meeting", "agreement", "cross_border_strike"}
MERGE_THRESHOLD = 1.5
UNDATED_THRESHOLD = 2.5  # without a date, agreement on most of the rest is needed
UNDATED_WINDOW = dt.timedelta(days=30)  # an undated event is assumed to predate its report by at most this
FAR_KM = 100.0  # two precise places further apart than this are different events


# What a member contributes to every comparison (fuse.cluster.pair_score and supported): members that agree
# on all of it are compared once, so scoring a mention against a cluster costs its distinct accounts, not
# its size (a story told by 200 outlets in the same words is one profile).
Profile = tuple[object, ...]
# A bound on the accounts a comparison reads, so that it costs O(1) however an incident grows: past it, a
# member with yet another account joins the incident's values (and every choice made from them) but is no
# longer compared with. A real event has a handful of accounts; 32 is reached only by a snowball, which
# the rules below prevent.
MAX_ACCOUNTS = 32


def profile(m: FusionMention) -> Profile:
    return (
        m.type, m.date, m.date_precision, m.lat, m.lon, m.geo_precision, m.admin1, m.admin2, m.country,
        m.killed, m.injured, m.abducted, m.released, _norm(m.perpetrator), m.targets, m.published, m.intake,
        m.report_years, m.background,
    )  # fmt: skip


@dataclass
class Account:
    """Members with one profile: the first stands for all; the reports tell wire copies apart."""

    member: FusionMention
    reports: set[str] = field(default_factory=set)


@dataclass
class Cluster:
    """An incident under construction, with a summary kept as members join (the distinct accounts, the
    weekdays of its day-precise dates, the names of its participants), so that scoring a mention against it
    does not grow with its size."""

    id: str
    founder: FusionMention
    seq: tuple[int, str, int] = (0, "", 0)  # creation order: the founder's place in arrival order
    mentions: list[FusionMention] = field(default_factory=list)
    reports: set[str] = field(default_factory=set)
    dated: tuple[dt.date, dt.date] | None = None  # the most specific window any dated member gives
    loose: tuple[dt.date, dt.date] | None = None  # from an undated member's report date
    accounts: dict[Profile, Account] = field(default_factory=dict)
    weekdays: set[int] = field(default_factory=set)  # of members dated to the day
    names: set[str] = field(default_factory=set)  # participants named by members (meetings)
    anchored: bool = False  # some member is placed or dated
    placed: bool = False  # some member is placed at least to a province

    @property
    def interval(self) -> tuple[dt.date, dt.date] | None:
        return self.dated or self.loose

    def add(self, mention: FusionMention) -> None:
        self.mentions.append(mention)
        self.reports.add(mention.key.report_id)
        account = self.accounts.get(key := profile(mention))
        if account is None and len(self.accounts) < MAX_ACCOUNTS:
            account = self.accounts[key] = Account(mention)
        if account is not None:
            account.reports.add(mention.key.report_id)
        if mention.date is not None and mention.date_precision == "day":
            self.weekdays.add(mention.date.weekday())
        self.names |= _names(mention.targets)
        self.placed = self.placed or placed(mention)
        self.anchored = self.anchored or self.placed or mention.date is not None
        window = mention_window(mention)
        if window is None:
            return
        if mention.date is not None:
            self.dated = narrowest(self.dated, window)
        elif self.loose is None:
            self.loose = window


def order_key(mention: FusionMention) -> tuple[int, str, int]:
    """Arrival order: the order fusion takes mentions in, and so the order clusters are founded in."""
    return (mention.arrival, mention.key.report_id, mention.key.ordinal)


def incident_id(mention: FusionMention) -> str:
    """Stable id: derived from the mention that founded the incident, so re-fusion keeps ids."""
    digest = hashlib.sha1(str(mention.key).encode()).hexdigest()[:12]
    return f"inc-{digest}"


def mention_window(mention: FusionMention) -> tuple[dt.date, dt.date] | None:
    """Dated mentions use their date's precision; undated ones the weeks before their report."""
    interval = mention.date_interval()
    if interval is None and mention.published is not None:
        return mention.published - UNDATED_WINDOW, mention.published
    return interval


def narrowest(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """Keep the most specific dated window seen (the cluster is compared on it)."""
    if a is None or (b[1] - b[0]) < (a[1] - a[0]):
        return b
    return a


def overlaps(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _norm(text: str | None) -> str:
    return "".join(ch for ch in (text or "").lower() if ch.isalnum())


def place_score(a: FusionMention, b: FusionMention) -> float | None:
    """Agreement on place; None when the places contradict each other."""
    two_sided = a.type in TWO_SIDED_TYPES or b.type in TWO_SIDED_TYPES
    if a.admin1 and b.admin1 and a.admin1 != b.admin1 and not two_sided:
        return None
    score = 0.0
    if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
        km = distance_km(a.lat, a.lon, b.lat, b.lon)
        coarse = max(GEO_COARSE.get(a.geo_precision or "", 0.0), GEO_COARSE.get(b.geo_precision or "", 0.0))
        # a crossing or a strike may be placed on either side of the line, but within reach of it; only
        # talks between capitals are told from places any distance apart
        if km > FAR_KM + coarse and not (two_sided and family(a.type) == "diplomacy"):
            return None
        score += 1.5 if km <= 15 else 0.75 if km <= 60 + coarse else 0.0
    elif a.admin1 and a.admin1 == b.admin1:
        score += 0.25
    if a.admin2 and a.admin2 == b.admin2:
        score += 0.5
    if a.country and b.country and a.country != b.country and not two_sided:
        return None
    return score


# Coarse locations (a district or province centroid) may legitimately sit this far from the exact spot.
GEO_COARSE = {"district": 150.0, "province": 600.0, "country": 2000.0}


def count_score(a: FusionMention, b: FusionMention) -> float:
    score = 0.0
    for name, weight in (("killed", 0.75), ("injured", 0.25), ("abducted", 0.5), ("released", 0.5)):
        x, y = getattr(a, name), getattr(b, name)
        if x is None or y is None:
            continue
        if x == y:
            score += weight
        elif abs(x - y) > 0.5 * max(x, y):
            score -= 0.5
    return score


def perpetrator_score(a: FusionMention, b: FusionMention) -> float:
    x, y = _norm(a.perpetrator), _norm(b.perpetrator)
    if not x or not y:
        return 0.0
    return 0.5 if x == y or x in y or y in x else -0.5


def _names(text: str | None) -> set[str]:
    return {_norm(part) for part in (text or "").replace(",", ";").split(";") if _norm(part)}


def target_score(a: FusionMention, b: FusionMention) -> float:
    """Who or what was hit (or, for meetings, who met): shared named participants identify a meeting."""
    if not a.targets or not b.targets:
        return 0.0
    if family(a.type) == "diplomacy":
        shared = len(_names(a.targets) & _names(b.targets))
        return 1.5 if shared >= 2 else 0.5 if shared == 1 else 0.0
    words_a = set(_WORDS.findall(a.targets.lower()))
    words_b = set(_WORDS.findall(b.targets.lower()))
    overlap = len(words_a & words_b) / max(1, min(len(words_a), len(words_b)))
    return 0.25 if overlap >= 0.5 else 0.0


_WORDS = re.compile(r"[a-z]{3,}")


def weekday_score(mention: FusionMention, cluster: Cluster) -> float:
    """'Last Friday's attack' in an undated report fits an incident dated to a Friday.

    Judged against the cluster's day-precision dates (any member's), once per cluster. A different weekday
    is no contradiction: outlets disagree on days (Monday or Tuesday?), and fusion must keep that."""
    if mention.date is not None or mention.weekday is None or not cluster.weekdays:
        return 0.0
    return 1.0 if mention.weekday in cluster.weekdays else 0.0


def weekday_near(mention: FusionMention, cluster: Cluster) -> bool:
    """The weekday the mention names is the incident's day or next to it ('on Friday night' for an attack
    dated Saturday): outlets place overnight events on either day."""
    if mention.date is not None or mention.weekday is None:
        return False
    return any((mention.weekday - day) % 7 in (0, 1, 6) for day in cluster.weekdays)


INTAKE_WINDOW = dt.timedelta(days=60)
STRONG_THRESHOLD = 3.0  # the same type, a place within reach and the same toll (or more agreement)


NEWS_HORIZON_YEARS = 2  # a report recalls events a few years back; its news is seldom older


def supported(mention: FusionMention, interval: tuple[dt.date, dt.date] | None) -> bool:
    """Whether an incident dated ``interval`` is one the mention's report can speak of.

    An undated event in a report without a publication date could be from any year. It may join an
    incident only when the report reached us within weeks of it, or when the years the report names allow
    it: news is no older than the latest year a report names (what it recalls is older), and not much
    younger; an event it recalls in passing must be in a year it names. Otherwise it stays apart: a split an
    analyst can merge, rather than a merge they must discover."""
    if interval is None or mention.date is not None or mention.published is not None:
        return True
    low, high = interval
    if mention.intake is not None and low <= mention.intake and mention.intake - high <= INTAKE_WINDOW:
        return True
    years = mention.report_years
    if not years:
        return False
    if mention.background:
        return any(low.year <= year <= high.year for year in years)
    latest = max(years)
    return high.year >= latest and low.year <= latest + NEWS_HORIZON_YEARS


def pair_score(
    mention: FusionMention,
    other: FusionMention,
    near_duplicate: bool,
    cluster_interval: tuple[dt.date, dt.date] | None,
) -> float | None:
    """Evidence that ``mention`` and ``other`` (a member of a cluster) tell of one event."""
    if family(mention.type) != family(other.type):
        return None
    score = 1.0 if mention.type == other.type else 0.5
    window = mention_window(mention)
    if window is not None and cluster_interval is not None:
        if not overlaps(window, cluster_interval):
            return None
        if mention.date is not None and other.date is not None:
            both_days = mention.date_precision == other.date_precision == "day"
            if both_days and abs((mention.date - other.date).days) > 1:
                return None  # outlets disagree by a day on overnight events, not by two
            score += 1.5 if both_days and mention.date == other.date else 0.5
    places = place_score(mention, other)
    if places is None:
        return None
    score += (
        places
        + count_score(mention, other)
        + perpetrator_score(mention, other)
        + target_score(mention, other)
    )
    if near_duplicate:
        score += 2.0
    return score


CELL_DEG = 1.0  # ~100 km: with the 3x3 neighbourhood every precise pair within FAR_KM is found
PRECISE = {"place", "near_place"}
Key = tuple[str, ...]


def location_keys(mention: FusionMention) -> tuple[list[Key], list[Key]]:
    """(keys a cluster holding this mention is filed under, keys to look up for this mention).

    Precise places are filed by grid cell; coarse ones (district or wider) by province; everything also by
    its border, and two-sided events or events placed nowhere are compared with the whole border's week.
    """
    border: Key = ("border", mention.border or "")
    if mention.type in TWO_SIDED_TYPES or (mention.admin1 is None and not is_precise(mention)):
        return [border, ("coarse", mention.admin1 or "")], [border]
    if is_precise(mention):
        assert mention.lat is not None and mention.lon is not None
        i, j = int(mention.lat // CELL_DEG), int(mention.lon // CELL_DEG)
        cells: list[Key] = [("cell", str(i + di), str(j + dj)) for di in (-1, 0, 1) for dj in (-1, 0, 1)]
        own: list[Key] = [("cell", str(i), str(j)), ("a1", mention.admin1 or ""), border]
        return own, [*cells, ("coarse", mention.admin1 or ""), ("coarse", "")]
    admin1 = mention.admin1 or ""
    return [("a1", admin1), ("coarse", admin1), border], [("a1", admin1), ("coarse", "")]


def is_precise(mention: FusionMention) -> bool:
    return mention.lat is not None and mention.lon is not None and mention.geo_precision in PRECISE


Filing = tuple[str, str, int, str]  # (cluster id, family, week or UNDATED_WEEK, location key)
UNDATED_WEEK = -1


def key_text(key: Key) -> str:
    return "|".join(key)


class ClusterIndex:
    """Incidents by (family, week, location key) so candidates are found without scanning everything.

    With ``record`` set, every filing is also kept as a row (cluster id, family, week, key), which the
    store keeps so a new report finds its candidates there (fuse.incremental)."""

    def __init__(self, record: bool = False) -> None:
        self.by_week: dict[tuple[str, int], dict[Key, dict[tuple[int, str, int], Cluster]]] = defaultdict(
            lambda: defaultdict(dict)
        )
        self.undated: dict[str, dict[tuple[int, str, int], Cluster]] = defaultdict(dict)
        self.filings: list[Filing] | None = [] if record else None

    @staticmethod
    def weeks(interval: tuple[dt.date, dt.date]) -> range:
        return range(interval[0].toordinal() // 7, interval[1].toordinal() // 7 + 1)

    def add(self, cluster: Cluster, mention: FusionMention) -> None:
        """File the cluster under the new member's location, for every week the cluster may fall in."""
        fam = family(cluster.founder.type)
        interval = cluster.interval
        if interval is None:
            self.undated[fam][cluster.seq] = cluster
            if self.filings is not None:
                self.filings.append((cluster.id, fam, UNDATED_WEEK, ""))
            return
        own, _ = location_keys(mention)
        for week in self.weeks(interval):
            bucket = self.by_week[(fam, week)]
            for key in own:
                bucket[key][cluster.seq] = cluster
                if self.filings is not None:
                    self.filings.append((cluster.id, fam, week, key_text(key)))

    def candidates(self, mention: FusionMention) -> list[Cluster]:
        fam = family(mention.type)
        window = mention_window(mention)
        if window is None:  # nothing to narrow by: every dated incident of the family is a candidate
            buckets = [b for (f, _), b in self.by_week.items() if f == fam]
        else:
            buckets = [self.by_week[(fam, w)] for w in self.weeks(window) if (fam, w) in self.by_week]
        _, wanted = location_keys(mention)
        found: dict[tuple[int, str, int], Cluster] = dict(self.undated.get(fam, {}))
        for bucket in buckets:
            for key in wanted:
                found.update(bucket.get(key, {}))
        return [found[seq] for seq in sorted(found)]  # arrival order keeps fusion deterministic


def lookup(mention: FusionMention) -> tuple[str, list[str], range | None]:
    """What a store must search to find every cluster the index would offer this mention: its family,
    the location keys it looks up, and the weeks (None: every week); undated filings always match."""
    window = mention_window(mention)
    _, wanted = location_keys(mention)
    weeks = ClusterIndex.weeks(window) if window is not None else None
    return family(mention.type), [key_text(k) for k in wanted], weeks


def score_cluster(mention: FusionMention, cluster: Cluster, copies_of: set[str]) -> float | None:
    """The best pairwise evidence between the mention and the cluster's members; None if ruled out.

    Compared once per distinct account (``Cluster.accounts``): members of one account score alike, so up
    to MAX_ACCOUNTS this is the answer comparing every member gives; past it, later accounts go unread.
    ``copies_of``: the reports the mention's report is a near-duplicate of (wire copies)."""
    if mention.key.report_id in cluster.reports:
        return None  # one report never tells the same event twice as two events
    best: float | None = None
    copies = False  # a wire copy of a member's report tells the same story, whatever its dates
    window = mention.date_interval()
    for account in cluster.accounts.values():
        dups = len(account.reports & copies_of)
        for dup in (False, True) if dups else (False,):
            if not dup and dups == len(account.reports):
                continue  # every member of this account is a wire copy of the mention's report
            score = pair_score(mention, account.member, dup, cluster.interval)
            if score is None or not (dup or supported(account.member, window)):
                return None  # contradiction with any member rules the cluster out
            best = score if best is None else max(best, score)
        copies = copies or bool(dups)
    if best is None:
        return None
    if not (copies or supported(mention, cluster.dated)) and not (
        weekday_near(mention, cluster) and best >= STRONG_THRESHOLD
    ):
        return None  # its report cannot speak of that year: only its own weekday and strong agreement can
    if not copies and not settled(mention, cluster, best):
        return None
    return best + weekday_score(mention, cluster)


def settled(mention: FusionMention, cluster: Cluster, score: float) -> bool:
    """A mention placed nowhere (or offered a cluster placed nowhere) joins only with the agreement an
    undated pair needs: a date alone, inferred from the report or to the week, fits every other attack of
    that week at the border, and placeless mentions that join on it snowball into one incident of many
    events."""
    if family(mention.type) == "diplomacy" or (placed(mention) and cluster.placed):
        return True
    return score >= UNDATED_THRESHOLD


# Events that recur at the same place (a crossing closes every few months, a checkpoint seizes fuel every
# week): without a date nothing tells one from the next, so undated ones merge only with wire copies.
RECURRING_FAMILIES = {"crossing", "seizure", "fencing"}
# Without a date, an armed event joins only one of the same kind; a generic "attack" may be an ambush.
UNDATED_ALIKE = {frozenset({"attack", "ambush"})}


def placed(mention: FusionMention) -> bool:
    """Placed at least to a province (a country alone does not tell two events apart)."""
    return mention.lat is not None or mention.admin1 is not None


def undated_may_join(mention: FusionMention, cluster: Cluster, copies_of: set[str]) -> bool:
    """Whether a pair lacking a date on one side may merge at all (the score decides whether it does)."""
    if copies_of & cluster.reports:
        return True
    if family(mention.type) in RECURRING_FAMILIES:
        return False
    if family(mention.type) != "diplomacy" and (
        not (placed(mention) or mention.date) or not cluster.anchored
    ):
        return False  # neither a place nor a date: nothing tells this attack from any other (meetings
        # have their participants' names)
    if family(mention.type) == "diplomacy":
        # officials meet in the same capitals every year: without a date, meetings of different people
        # are different meetings
        named = _names(mention.targets)
        if named and cluster.names and not named & cluster.names:
            return False
    kind = cluster.founder.type
    return mention.type == kind or frozenset({mention.type, kind}) in UNDATED_ALIKE


AMBIGUOUS_MARGIN = 0.5


def ambiguous(
    mention: FusionMention, best: Cluster, score: float, runner_up: float, copies_of: set[str]
) -> bool:
    """A mention placed nowhere that fits two incidents about as well belongs to neither: guessing would
    pile every placeless report of the day onto the first incident it meets."""
    if placed(mention) or family(mention.type) == "diplomacy" or copies_of & best.reports:
        return False
    return runner_up >= score - AMBIGUOUS_MARGIN


Loader = Callable[[FusionMention], Iterable[list[FusionMention]]]


class Clusterer:
    """Takes mentions one at a time, in arrival order, and puts each in the best cluster or a new one.

    ``loader`` lets a store supply clusters fused earlier: given a mention, it returns the members (in
    arrival order) of every stored cluster that the index could offer it and that is not loaded yet.
    Loaded clusters are replayed member by member, so they are exactly what fusing everything at once
    would have built, and the mention meets the same candidates in the same order."""

    def __init__(
        self, near_dups: set[frozenset[str]] | None = None, loader: Loader | None = None, record: bool = False
    ) -> None:
        self.copies: dict[str, set[str]] = defaultdict(set)  # report -> the reports it is a wire copy of
        for pair in near_dups or ():
            for report in pair:
                self.copies[report] |= pair - {report}
        self.loader = loader
        self.index = ClusterIndex(record)
        self.clusters: dict[str, Cluster] = {}

    def adopt(self, members: list[FusionMention]) -> Cluster:
        """A cluster fused earlier, rebuilt from its members (filed as it was then, so not recorded)."""
        filings, self.index.filings = self.index.filings, None
        cluster = Cluster(id=incident_id(members[0]), founder=members[0], seq=order_key(members[0]))
        for member in members:
            cluster.add(member)
            self.index.add(cluster, member)
        self.index.filings = filings
        self.clusters[cluster.id] = cluster
        return cluster

    def place(self, mention: FusionMention) -> Cluster:
        if self.loader is not None:
            for members in self.loader(mention):
                if incident_id(members[0]) not in self.clusters:
                    self.adopt(members)
        best, best_score, runner_up = None, -math.inf, -math.inf
        copies_of = self.copies.get(mention.key.report_id, set())
        for cluster in self.index.candidates(mention):
            dated = mention.date is not None and cluster.dated is not None
            if not dated and not undated_may_join(mention, cluster, copies_of):
                continue
            score = score_cluster(mention, cluster, copies_of)
            # dates on both sides are the strongest evidence; without them more agreement is needed
            threshold = MERGE_THRESHOLD if dated else UNDATED_THRESHOLD
            if score is None or score < threshold:
                continue
            if score > best_score:
                best, best_score, runner_up = cluster, score, best_score
            else:
                runner_up = max(runner_up, score)
        if best is not None and ambiguous(mention, best, best_score, runner_up, copies_of):
            best = None
        if best is None:
            best = Cluster(id=incident_id(mention), founder=mention, seq=order_key(mention))
            self.clusters[best.id] = best
        best.add(mention)
        self.index.add(best, mention)
        return best


def cluster_mentions(
    mentions: Iterable[FusionMention], near_dups: set[frozenset[str]] | None = None
) -> list[Cluster]:
    """Group mentions into incidents, deterministically, in arrival order."""
    clusterer = Clusterer(near_dups)
    for mention in sorted(mentions, key=order_key):
        clusterer.place(mention)
    return list(clusterer.clusters.values())


def apply_corrections(
    clusters: Sequence[Cluster], merges: Sequence[Sequence[str]], splits: Sequence[Sequence[str]]
) -> list[Cluster]:
    """Analyst decisions, replayed after every fusion: splits first, then merges (by mention keys)."""
    result = list(clusters)
    for keys in splits:
        wanted = set(keys)
        moved: list[FusionMention] = []
        for cluster in result:
            keep = [m for m in cluster.mentions if str(m.key) not in wanted]
            if len(keep) != len(cluster.mentions) and keep:
                moved.extend(m for m in cluster.mentions if str(m.key) in wanted)
                rebuild(cluster, keep)
        if moved:
            moved.sort(key=order_key)
            fresh = Cluster(id=incident_id(moved[0]), founder=moved[0])
            for m in moved:
                fresh.add(m)
            result.append(fresh)
    for keys in merges:
        wanted = set(keys)
        targets = [c for c in result if any(str(m.key) in wanted for m in c.mentions)]
        if len(targets) < 2:
            continue
        targets.sort(key=lambda c: order_key(c.founder))
        survivor = targets[0]
        for other in targets[1:]:
            for mention in other.mentions:
                survivor.add(mention)
            result.remove(other)
    return result


def rebuild(cluster: Cluster, mentions: list[FusionMention]) -> None:
    cluster.mentions, cluster.reports, cluster.dated, cluster.loose = [], set(), None, None
    cluster.accounts, cluster.weekdays, cluster.names = {}, set(), set()
    cluster.anchored = cluster.placed = False
    cluster.founder = min(mentions, key=order_key)
    cluster.id = incident_id(cluster.founder)
    for m in mentions:
        cluster.add(m)
