"""Crash points for the exactly-once tests: ``SARHAD_FAULT=after-send`` makes the process kill itself
(SIGKILL, as ``kill -9`` would) the first time it passes that point; ``after-send:3`` the third time.

Unset, as in every real deployment, a crash point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

_passed: Counter[str] = Counter()


def crash_point(name: str) -> None:
    wanted = os.environ.get("SARHAD_FAULT")
    if not wanted:
        return
    point, _, nth = wanted.partition(":")
    if point != name:
        return
    _passed[name] += 1
    if _passed[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
