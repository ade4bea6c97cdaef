"""A drop folder watched by polling: files that have stopped changing are handed to intake, once each.

Polling rather than file-system events: it works the same on local disks and on the network shares where
field units drop their reports, and where change notifications are not delivered. A file is taken only
when it is the same on two polls in a row and has not changed for a few seconds, so a file still being
copied is not stored half-written (reports are immutable once stored). Writers that can should write to
a hidden name (``.name``) and rename it when done, since hidden files are never read.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from sarhad.intake.ingest import discover
from sarhad.intake.parse import IntakeProblem

# size, modification time, change time (ns) and inode: a copy that keeps its size and modification time
# (cp -p, rsync -a) still changes the change time or the inode
Stamp = tuple[int, int, int, int]


class DropFolder:
    def __init__(self, paths: Iterable[Path], follow_links: bool = False, quiet: float = 2.0) -> None:
        self.paths = list(paths)
        self.follow_links = follow_links
        self.quiet_ns = int(quiet * 1e9)  # and unchanged for this long: a writer may pause between writes
        self.taken: dict[Path, Stamp] = {}
        self.settling: dict[Path, Stamp] = {}
        self.problems_seen: set[str] = set()

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
            if self.settling.get(item) == stamp and time.time_ns() - stamp[1] >= self.quiet_ns:
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
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino
