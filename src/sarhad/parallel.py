"""Work spread over processes but consumed in order: the exports' writers and the ingest's readers."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")


def ahead(futures: Iterator[Future[T]], window: int) -> Iterator[Future[T]]:
    """The futures in submission order, keeping at most ``window`` submitted ahead of the one being read
    (so memory stays flat however many there are)."""
    pending: deque[Future[T]] = deque()
    for future in futures:
        pending.append(future)
        if len(pending) >= window:
            yield pending.popleft()
    yield from pending
