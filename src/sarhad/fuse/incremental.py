"""Incremental fusion: new reports re-fuse only the incidents they can touch.

The stored picture keeps what fusing everything at once would have built before analysts' corrections:
each mention's cluster (``mention.cluster_id``), the index's filings, and every report's signature and
near-duplicate pairs (fuse.index_store). A new report comes after every fused one in arrival order, so
fusing everything again would replay the same clusters and then take the new mentions last. This does
exactly that last step: it finds the stored clusters the index would offer each new mention, rebuilds
them from their members, places the mention, and rebuilds only the incidents that changed (with the
corrections that reach them). ``tests/test_fuse_incremental.py`` checks the equivalence in any arrival
order; when a report is not newer than the picture (a re-read), fusion falls back to the full run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from datasketch import MinHash
from sqlalchemy import select
from sqlalchemy.orm import Session

from sarhad.fuse import FusionMention, MentionKey, finish, index_store, neardup, no_cyclic_gc
from sarhad.fuse.cluster import Cluster, Clusterer, lookup, order_key
from sarhad.fuse.index_store import chunks
from sarhad.fuse.model import admissible
from sarhad.fuse.store import (
    CASE_TYPES,
    Corrections,
    arrival_of,
    arrival_position,
    clear_incidents,
    fuse_session,
    load_corrections,
    read_reports,
    relink_cases,
    to_fusion_mention,
    write_incidents,
)
from sarhad.store.locks import claim_for_fusion
from sarhad.store.models import Incident, Mention, Report


@dataclass
class Outcome:
    """What an incremental run changed."""

    mentions: int = 0
    loaded_clusters: int = 0
    incidents: list[str] = field(default_factory=list)  # ids written (new or rebuilt)
    removed: list[str] = field(default_factory=list)  # ids gone (absorbed by a correction's merge)


def update_picture(session: Session) -> Outcome | None:
    """Bring the picture up to date with every read report: incrementally when only newer reports were
    read since the last fusion, else by a full fusion (returns None then)."""
    claim_for_fusion(session)
    pending = sorted(
        set(session.scalars(select(Mention.report_id).where(Mention.cluster_id.is_(None)).distinct()))
    )
    outcome = fuse_new(session, pending)
    if outcome is None:
        fuse_session(session)
    return outcome


def fuse_new(session: Session, report_ids: Iterable[str]) -> Outcome | None:
    """Fuse the mentions of these newly read reports into the stored picture, or return None when only a
    full fusion can (no stored index yet, or a report that does not come after the fused ones)."""
    claim_for_fusion(session)
    through = index_store.fused_through(session)
    new_reports = read_reports(session, report_ids)
    if through is not None and not new_reports:
        return Outcome()
    if through is None or any(arrival_position(r) <= through for r in new_reports.values()):
        return None
    outcome = Outcome()
    rows = [
        row
        for part in chunks(sorted(new_reports))
        for row in session.scalars(select(Mention).where(Mention.report_id.in_(part)))
    ]
    mentions = sorted(
        (
            admissible(to_fusion_mention(r, new_reports[r.report_id], arrival_of(new_reports[r.report_id])))
            for r in rows
        ),
        key=order_key,
    )
    outcome.mentions = len(mentions)
    near_dups = sign_new(session, sorted({m.key.report_id for m in mentions}))
    loader = StoredClusters(session)
    clusterer = Clusterer(near_dups, loader=loader.candidates, record=True)
    touched: set[str] = set()
    with no_cyclic_gc():
        for mention in mentions:
            touched.add(clusterer.place(mention).id)
    assert clusterer.index.filings is not None
    index_store.save_filings(session, clusterer.index.filings)
    rebuild(session, clusterer, touched, loader, outcome)
    last = max(arrival_position(r) for r in new_reports.values()) if new_reports else through
    index_store.set_fused_through(session, max(last, through))
    return outcome


def sign_new(session: Session, report_ids: list[str]) -> set[frozenset[str]]:
    """Sign the new reports, find their near-duplicates among the stored and among each other, store both."""
    signatures: dict[str, MinHash] = {}
    pairs: set[frozenset[str]] = set()
    texts = (
        row
        for part in chunks(report_ids)
        for row in session.execute(select(Report.id, Report.text).where(Report.id.in_(part)))
    )
    for rid, text in texts:
        sig = neardup.signature(text)
        pairs.update(frozenset((rid, other)) for other in index_store.stored_near_duplicates(session, sig))
        pairs.update(frozenset((rid, o)) for o, s in signatures.items() if neardup.similar(sig, s))
        signatures[rid] = sig
    index_store.save_signatures(session, signatures)
    index_store.save_pairs(session, pairs)
    return pairs


class StoredClusters:
    """Stored clusters, found through the stored index and rebuilt from their members on demand."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.loaded: set[str] = set()
        self.reports: dict[str, Report] = {}

    def candidates(self, mention: FusionMention) -> list[list[FusionMention]]:
        fam, keys, weeks = lookup(mention)
        wanted = [
            c for c in index_store.stored_candidates(self.session, fam, keys, weeks) if c not in self.loaded
        ]
        return self.members(wanted)

    def members(self, cluster_ids: Sequence[str]) -> list[list[FusionMention]]:
        """Each cluster's members in arrival order."""
        self.loaded.update(cluster_ids)
        rows: list[Mention] = []
        for part in chunks(sorted(cluster_ids)):
            rows += self.session.scalars(select(Mention).where(Mention.cluster_id.in_(part)))
        missing = {r.report_id for r in rows} - set(self.reports)
        self.reports.update(read_reports(self.session, missing))
        grouped: dict[str, list[FusionMention]] = {}
        for row in rows:
            report = self.reports.get(row.report_id)
            if report is not None and row.cluster_id is not None:
                mention = admissible(to_fusion_mention(row, report, arrival_of(report)))
                grouped.setdefault(row.cluster_id, []).append(mention)
        return [sorted(members, key=order_key) for _, members in sorted(grouped.items())]


def rebuild(
    session: Session, clusterer: Clusterer, touched: set[str], loader: StoredClusters, outcome: Outcome
) -> None:
    """Rebuild the incidents of the touched clusters and of every cluster a correction ties to them."""
    corrections = load_corrections(session)
    clusters = closure(session, clusterer, touched, corrections, loader)
    members = {m.key for c in clusters for m in c.mentions}
    near_dups = index_store.pairs_touching(session, {k.report_id for k in members})
    raw = {m.key: c.id for c in clusters for m in c.mentions}
    old = stored_incidents(session, sorted({c.id for c in clusters}))  # before corrections rename clusters
    merges, splits, pins = (
        [keys for keys in corrections[0] if keys_in(keys, members)],
        [keys for keys in corrections[1] if keys_in(keys, members)],
        [pin for pin in corrections[2] if MentionKey.parse(pin["anchor"]) in members],
    )
    incidents = finish(clusters, near_dups, merges, splits, pins)
    types = {
        t for part in chunks(old) for t in session.scalars(select(Incident.type).where(Incident.id.in_(part)))
    }
    clear_incidents(session, old)
    reports = read_reports(session, {k.report_id for k in members})
    write_incidents(session, incidents, reports, raw, relink=False)
    if types & set(CASE_TYPES) or any(i.chosen.get("type") in CASE_TYPES for i in incidents):
        relink_cases(session)
    outcome.loaded_clusters = len(loader.loaded)
    outcome.incidents = [i.id for i in incidents]
    outcome.removed = sorted(set(old) - set(outcome.incidents))


def keys_in(keys: Sequence[str], members: set[MentionKey]) -> bool:
    return any(MentionKey.parse(k) in members for k in keys)


def closure(
    session: Session,
    clusterer: Clusterer,
    touched: set[str],
    corrections: Corrections,
    loader: StoredClusters,
) -> list[Cluster]:
    """The touched clusters plus every cluster that shares a merge or split with them, transitively: a
    correction acts on all the clusters holding its mentions, so those are rebuilt together."""
    merges, splits, _ = corrections
    groups = [[MentionKey.parse(k) for k in keys] for keys in (*merges, *splits)]
    chosen = set(touched)
    while True:
        members = {m.key for cid in chosen for m in clusterer.clusters[cid].mentions}
        linked = {key for group in groups if members.intersection(group) for key in group}
        more = set(clusters_holding(session, linked - members)) - chosen
        if not more:
            break
        for members_of in loader.members(sorted(more - set(clusterer.clusters))):
            clusterer.adopt(members_of)
        chosen |= more
    return [clusterer.clusters[cid] for cid in sorted(chosen, key=lambda c: clusterer.clusters[c].seq)]


def clusters_holding(session: Session, keys: set[MentionKey]) -> list[str]:
    found: set[str] = set()
    for key in keys:
        cid = session.scalar(
            select(Mention.cluster_id).where(
                Mention.report_id == key.report_id, Mention.ordinal == key.ordinal
            )
        )
        if cid is not None:
            found.add(cid)
    return sorted(found)


def stored_incidents(session: Session, cluster_ids: Sequence[str]) -> list[str]:
    """Incidents that now hold any member of these clusters."""
    found: set[str] = set()
    for part in chunks(sorted(cluster_ids)):
        found.update(
            i
            for i in session.scalars(
                select(Mention.incident_id).where(Mention.cluster_id.in_(part)).distinct()
            )
            if i is not None
        )
    return sorted(found)
