"""The node-to-node endpoints under /exchange. No user signs in here: every request is a message signed by
the peer's key, checked before anything is read or written (sarhad.share.inbox). Only the identity
document, which is public by design (it is what the peer checks our key against), needs no signature."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from sarhad.share.delivery import receive_acks, serve_pull
from sarhad.share.identity import identity_document, load_node
from sarhad.share.inbox import MAX_BODY, receive_batch, refuse_body
from sarhad.store.db import session_scope

router = APIRouter(prefix="/exchange", tags=["exchange"])
NODE_SIGNED = "node-signed"  # marks these routes for the route audit test (see tests/test_auth_routes.py)


async def limited_body(request: Request, limit: int) -> bytes | None:
    """The request body, or None as soon as it passes ``limit`` bytes (never held whole)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def _signed(request: Request, handler: Any) -> JSONResponse:
    url = request.app.state.db_url
    raw = await limited_body(request, MAX_BODY)
    if raw is None:
        reason = f"oversized: more than {MAX_BODY:,} bytes"
        await run_in_threadpool(refuse_body, url, b"", reason)
        return JSONResponse({"error": reason}, status_code=413)
    status, body = await run_in_threadpool(handler, url, raw)
    return JSONResponse(body, status_code=status)


@router.post(
    "/inbox", summary="Deliver signed envelopes from the peer node", openapi_extra={NODE_SIGNED: True}
)
async def inbox(request: Request) -> JSONResponse:
    return await _signed(request, receive_batch)


@router.post(
    "/pull", summary="The peer node collects what is queued for it", openapi_extra={NODE_SIGNED: True}
)
async def pull(request: Request) -> JSONResponse:
    return await _signed(request, serve_pull)


@router.post("/acks", summary="The peer node acknowledges what it pulled", openapi_extra={NODE_SIGNED: True})
async def acks(request: Request) -> JSONResponse:
    return await _signed(request, receive_acks)


def _identity(url: str, base: str) -> dict[str, Any] | None:
    with session_scope(url) as session:
        node = load_node(session)
        return identity_document(node, base) if node else None


@router.get("/identity", summary="This node's signed identity document", openapi_extra={NODE_SIGNED: True})
async def identity(request: Request) -> dict[str, Any]:
    document = await run_in_threadpool(_identity, request.app.state.db_url, str(request.base_url).rstrip("/"))
    if document is None:
        raise HTTPException(404, detail="this server has no node identity yet (sarhad node init)")
    return document
