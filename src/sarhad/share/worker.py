"""The exchange's background work inside ``sarhad serve``: push what is queued to the peer, and fuse what
arrived from it, so a shared incident shows in the picture seconds after it lands."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import exists, select
from sqlalchemy.exc import SQLAlchemyError

from sarhad.share.delivery import push
from sarhad.share.identity import NodeError
from sarhad.store.db import session_scope
from sarhad.store.models import Mention, Peer, Report

log = logging.getLogger(__name__)


def fuse_arrivals(url: str) -> bool:
    """Re-fuse when mentions from the exchange wait for an incident; True when it did."""
    from sarhad.fuse.store import fuse_session

    waiting = (
        exists()
        .where(Mention.incident_id.is_(None), Mention.report_id == Report.id, Report.origin.is_not(None))
        .select()
    )
    with session_scope(url) as session:
        if not session.scalar(waiting):
            return False
    with session_scope(url, write=True) as session:
        fuse_session(session)
    return True


class ExchangeWorker(threading.Thread):
    """Runs until ``stop()``; ``wake()`` makes it look at once (after a share, say)."""

    def __init__(self, url: str, interval: float = 2.0) -> None:
        super().__init__(name="sarhad-exchange", daemon=True)
        self.url, self.interval = url, interval
        self._stop_event, self._wake = threading.Event(), threading.Event()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop_event.set()
        self._wake.set()

    def run(self) -> None:
        while not self._stop_event.is_set():
            busy = False
            try:
                busy = self.step()
            except (SQLAlchemyError, NodeError, OSError) as exc:
                log.warning("exchange worker: %s", exc)
            if not busy:
                self._wake.wait(self.interval)
                self._wake.clear()

    def step(self) -> bool:
        """One round; True when there may be more to do at once."""
        with session_scope(self.url) as session:
            if session.scalar(select(Peer.party).limit(1)) is None:
                return False
        result = push(self.url)
        fused = fuse_arrivals(self.url)
        return (result.delivered + result.requeued > 0) or fused
