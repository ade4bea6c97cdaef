"""The fuse stage: mentions -> incidents, with provenance, conflicts and analyst corrections."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sarhad.fuse.choose import apply_pins, build_incident, link_cases
from sarhad.fuse.cluster import Cluster, apply_corrections, cluster_mentions
from sarhad.fuse.model import FusedIncident, FusionMention, MentionKey, admissible

__all__ = ["FusedIncident", "FusionMention", "MentionKey", "finish", "fuse", "no_cyclic_gc"]


def fuse(
    mentions: Iterable[FusionMention],
    near_duplicates: set[frozenset[str]] | None = None,
    merges: Sequence[Sequence[str]] = (),
    splits: Sequence[Sequence[str]] = (),
    pins: Sequence[dict[str, Any]] = (),
) -> list[FusedIncident]:
    """Fuse mentions into incidents; the same input always gives the same incidents and ids."""
    with no_cyclic_gc():
        clean = (admissible(m) for m in mentions)
        return finish(cluster_mentions(clean, near_duplicates), near_duplicates, merges, splits, pins)


def finish(
    clusters: Sequence[Cluster],
    near_duplicates: set[frozenset[str]] | None,
    merges: Sequence[Sequence[str]] = (),
    splits: Sequence[Sequence[str]] = (),
    pins: Sequence[dict[str, Any]] = (),
) -> list[FusedIncident]:
    """Clusters -> incidents: the analysts' merges and splits, chosen values, pins, hostage cases."""
    with no_cyclic_gc():
        incidents = [
            build_incident(c, near_duplicates or frozenset())
            for c in apply_corrections(clusters, merges, splits)
        ]
        apply_pins(incidents, pins)
        link_cases(incidents)
        return sorted(incidents, key=lambda i: i.id)


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Fusion allocates millions of small acyclic objects; the cyclic collector's repeated full scans of
    them made run time grow faster than the data (measured: 16x the time for 10x the mentions)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
