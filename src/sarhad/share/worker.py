"""The exchange's background work inside ``sarhad serve``: push what is queued to the peer, and fuse what
arrived from it, so a shared incident shows in the picture seconds after it lands."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from sqlalchemy import exists, func, select
from sqlalchemy.exc import SQLAlchemyError

from sarhad.share.delivery import push
from sarhad.share.identity import NodeError
from sarhad.store.db import session_scope
from sarhad.store.locks import Busy, picture_lock, unless_busy
from sarhad.store.models import InboxMessage, Mention, Peer, Report, utcnow

log = logging.getLogger(__name__)


QUIET = dt.timedelta(seconds=1)  # fuse once deliveries pause for this long...
MAX_WAIT = dt.timedelta(seconds=60)  # ...or after this long under a steady stream


def arrivals_waiting(url: str) -> dt.datetime | None:
    """When the newest message arrived, if mentions from the exchange wait for an incident."""
    waiting = (
        exists()
        .where(Mention.incident_id.is_(None), Mention.report_id == Report.id, Report.origin.is_not(None))
        .select()
    )
    with session_scope(url) as session:
        if not session.scalar(waiting):
            return None
        newest = session.scalar(select(func.max(InboxMessage.received_at)))
    return aware(newest) if newest else utcnow()


def fuse_arrivals(url: str) -> bool:
    """Re-fuse when mentions from the exchange wait for an incident; True when it did. While an ingest
    holds the picture lock this round leaves them: that ingest's own fusion takes them in."""
    from sarhad.fuse.store import fuse_session

    if arrivals_waiting(url) is None:
        return False
    try:
        with picture_lock(url, unless_busy()), session_scope(url, write=True) as session:
            fuse_session(session)
    except Busy:
        return False
    return True


def aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class ExchangeWorker(threading.Thread):
    """Runs until ``stop()``; ``wake()`` makes it look at once (after a share, say)."""

    def __init__(self, url: str, interval: float = 2.0) -> None:
        super().__init__(name="sarhad-exchange", daemon=True)
        self.url, self.interval = url, interval
        self.waiting_since: dt.datetime | None = None
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
            except Exception:  # whatever happens in one round, the next one comes
                log.exception("exchange worker: unexpected error; trying again next round")
            if not busy:
                self._wake.wait(self.interval)
                self._wake.clear()

    def step(self) -> bool:
        """One round; True when there may be more to do at once."""
        with session_scope(self.url) as session:
            if session.scalar(select(Peer.party).limit(1)) is None:
                return False
        result = push(self.url)
        return result.delivered > 0 or self.fuse_when_settled()

    def fuse_when_settled(self) -> bool:
        """Fusion rewrites the picture under the write lock: wait until deliveries pause (or too long
        has passed) rather than re-fuse after every batch of a long sync."""
        newest = arrivals_waiting(self.url)
        if newest is None:
            self.waiting_since = None
            return False
        now = utcnow()
        self.waiting_since = self.waiting_since or now
        if now - newest < QUIET and now - self.waiting_since < MAX_WAIT:
            return False
        fuse_arrivals(self.url)
        self.waiting_since = None
        return True
