"""A drop folder watched by polling: files that have stopped changing are handed to intake, once each.

Polling rather than file-system events: it works the same on local disks and on the network shares where
field units drop their reports, and where change notifications are not delivered. A file is taken only
when its size and modification time are the same on two polls in a row, so a file still being copied is
not stored half-written (reports are immutable once stored); writers that can should copy to a hidden
name (``.name``) and rename, since hidden files are never read.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sarhad.intake.ingest import discover
from sarhad.intake.parse import IntakeProblem

Stamp = tuple[int, int]  # size, modification time in nanoseconds


class DropFolder:
    def __init__(self, paths: Iterable[Path], follow_links: bool = False) -> None:
        self.paths = list(paths)
        self.follow_links = follow_links
        self.taken: dict[Path, Stamp] = {}
        self.settling: dict[Path, Stamp] = {}
        self.problems_seen: set[str] = set()

    def mark_taken(self, files: Iterable[Path]) -> None:
        """Files already handled (the first pass): changed later, they are taken again."""
        for path in files:
            stamp = _stamp(path)
            if stamp is not None:
                self.taken[path] = stamp

    def poll(self) -> tuple[list[Path], list[IntakeProblem]]:
        """Files that settled since the last poll, and problems not reported before."""
        ready: list[Path] = []
        problems: list[IntakeProblem] = []
        settling: dict[Path, Stamp] = {}
        for item in discover(self.paths, self.follow_links):
            if isinstance(item, IntakeProblem):
                if str(item) not in self.problems_seen:
                    self.problems_seen.add(str(item))
                    problems.append(item)
                continue
            stamp = _stamp(item)
            if stamp is None or self.taken.get(item) == stamp:
                continue
            if self.settling.get(item) == stamp:
                ready.append(item)
                self.taken[item] = stamp
            else:
                settling[item] = stamp
        self.settling = settling
        return ready, problems


def _stamp(path: Path) -> Stamp | None:
    try:
        info = path.stat()
    except OSError:
        return None  # gone between listing and looking
    return info.st_size, info.st_mtime_ns
