"""How the server stays up under more clients than it can serve at once.

Sarhad's handlers are synchronous and each holds a database connection while it runs. Left alone, every
request got a thread from a 40-thread pool, 40 threads queued for 15 pooled connections, and after
30 s the losers failed with HTTP 500 (about 70 clients were enough). Here at most ``slots`` requests are
in the application at once; the others wait in the event loop, where waiting costs almost nothing, in
arrival order. A request that waited ``patience`` seconds is answered 503 with ``Retry-After``, never
500. Fewer requests at once serve more per second (they are Python and share one GIL), so there is one
slot per core; the database pool is sized from the same number (sarhad.store.db), so a request admitted
here always finds a connection.

Static files and the health check are not queued: they need no database or only a moment of it.
"""

from __future__ import annotations

import asyncio
import json

from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sarhad.store.db import SERVING_SLOTS as SLOTS

PATIENCE = 30.0  # seconds a request may wait for a slot before it is told to come back
RETRY_AFTER = "5"
UNQUEUED = ("/static/", "/healthz")
SIGNED_PATHS = "/exchange/"  # the peer's signed deliveries (sarhad.share.routes)


class Admission:
    def __init__(self, app: ASGIApp, slots: int = SLOTS, patience: float = PATIENCE) -> None:
        self.app, self.slots, self.patience = app, slots, patience
        self._gate: asyncio.Semaphore | None = None

    def gate(self) -> asyncio.Semaphore:
        if self._gate is None:  # created inside the server's event loop
            self._gate = asyncio.Semaphore(self.slots)
        return self._gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(UNQUEUED):
            await self.app(scope, receive, send)
            return
        gate = self.gate()
        try:
            await asyncio.wait_for(gate.acquire(), self.patience)
        except TimeoutError:
            await busy(send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            gate.release()


async def busy(send: Send) -> None:
    message = "the server is busy; try again in a few seconds"
    body = json.dumps({"detail": message, "message": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", RETRY_AFTER.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class HeadAsGet:
    """HEAD answered as GET without the body (Starlette routes declared GET answer HEAD with 405)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body"):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class HostCheck:
    """Starlette's trusted-host check (400 for a Host not on the list) for everything a browser reaches,
    which is what a DNS-rebinding page would use. The node-to-node endpoints under /exchange/ are exempt:
    they are authenticated by signatures, not cookies, and the peer connects by whatever name or address
    it was given (behind NAT, often one this server cannot know)."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self.checked = TrustedHostMiddleware(app, allowed_hosts=allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(SIGNED_PATHS):
            await self.app(scope, receive, send)
        else:
            await self.checked(scope, receive, send)
