"""What fusion keeps between runs so a new report is fused without re-fusing the store: the index's
filings (fuse.cluster.ClusterIndex), every report's MinHash signature and LSH bands, the near-duplicate
pairs, and the last report fused. Written whole by a full fusion, extended by an incremental one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from datasketch import MinHash
from sqlalchemy import ColumnElement, and_, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from sarhad.fuse.cluster import UNDATED_WEEK, Filing
from sarhad.fuse.neardup import bands, from_bytes, similar, to_bytes
from sarhad.store.models import FusionKey, FusionState, Mention, NearDuplicate, ReportBand, ReportSignature

CHUNK = 500  # ids per IN (...) list: well under every database's parameter limit
PLAIN = {"synchronize_session": False}


def chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def clear(session: Session) -> None:
    for table in (FusionKey, ReportBand, ReportSignature, NearDuplicate, FusionState):
        session.execute(delete(table), execution_options=PLAIN)


def save_filings(session: Session, filings: Iterable[Filing]) -> None:
    rows = [{"cluster_id": c, "family": f, "week": w, "key": k} for c, f, w, k in filings]
    if rows:
        session.execute(insert(FusionKey), rows)


def stored_candidates(session: Session, fam: str, keys: list[str], weeks: range | None) -> list[str]:
    """Clusters the index files under any of ``keys`` in ``weeks`` (None: any week), or as undated."""
    located: ColumnElement[bool] = FusionKey.key.in_(keys)
    if weeks is not None:
        located = and_(located, FusionKey.week.between(weeks.start, weeks.stop - 1))
    query = select(FusionKey.cluster_id).where(
        FusionKey.family == fam, or_(FusionKey.week == UNDATED_WEEK, located)
    )
    return sorted(set(session.scalars(query.distinct())))


def save_signatures(session: Session, signatures: dict[str, MinHash]) -> None:
    if not signatures:
        return
    session.execute(
        insert(ReportSignature), [{"report_id": r, "signature": to_bytes(s)} for r, s in signatures.items()]
    )
    session.execute(
        insert(ReportBand),
        [{"report_id": r, "band": b, "key": k} for r, s in signatures.items() for b, k in bands(s)],
    )


def save_pairs(session: Session, pairs: Iterable[frozenset[str]]) -> None:
    rows = [dict(zip(("a", "b"), sorted(pair), strict=True)) for pair in pairs]
    if rows:
        session.execute(insert(NearDuplicate), rows)


def stored_near_duplicates(session: Session, sig: MinHash) -> list[str]:
    """Stored reports whose signatures share a band with ``sig`` and are similar enough."""
    keys = bands(sig)
    match = or_(*(and_(ReportBand.band == b, ReportBand.key == k) for b, k in keys))
    candidates = sorted(set(session.scalars(select(ReportBand.report_id).where(match).distinct())))
    found = []
    for part in chunks(candidates):
        rows = session.execute(
            select(ReportSignature.report_id, ReportSignature.signature).where(
                ReportSignature.report_id.in_(part)
            )
        )
        found += [rid for rid, raw in rows if similar(sig, from_bytes(raw))]
    return sorted(found)


def pairs_touching(session: Session, report_ids: Iterable[str]) -> set[frozenset[str]]:
    """Every stored near-duplicate pair with at least one of these reports."""
    ids = sorted(set(report_ids))
    pairs: set[frozenset[str]] = set()
    for part in chunks(ids):
        rows = session.execute(
            select(NearDuplicate.a, NearDuplicate.b).where(
                or_(NearDuplicate.a.in_(part), NearDuplicate.b.in_(part))
            )
        )
        pairs.update(frozenset(row) for row in rows)
    return pairs


def fused_through(session: Session) -> tuple[dt.datetime, str] | None:
    """The arrival position (intake time, report id) of the last report in the stored picture, or None
    when only a full fusion can bring it up to date: no index yet, or it was invalidated, or mentions
    it had clustered are gone (a count check that catches any way of removing them)."""
    state = session.get(FusionState, 1)
    if state is None or state.through_intake is None or state.through_report is None:
        return None
    clustered = session.scalar(select(func.count(Mention.id)).where(Mention.cluster_id.is_not(None)))
    if clustered != state.mentions:
        return None
    moment = state.through_intake
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)), state.through_report


def set_fused_through(session: Session, position: tuple[dt.datetime, str] | None) -> None:
    state = session.get(FusionState, 1) or FusionState(id=1)
    state.through_intake, state.through_report = position if position else (None, None)
    session.add(state)
    session.flush()
    state.mentions = (
        session.scalar(select(func.count(Mention.id)).where(Mention.cluster_id.is_not(None))) or 0
    )


def invalidate(session: Session) -> None:
    """Mentions left the picture (a newer share superseded a report): the next fusion is a full one."""
    session.execute(delete(FusionState), execution_options=PLAIN)
