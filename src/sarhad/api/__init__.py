"""Sarhad's web API: ``create_app`` builds the FastAPI application (JSON API plus HTML pages).

``create_app`` is imported on first use so that ``sarhad`` commands other than ``serve`` (which import
``sarhad.api.cli``) do not pay for loading FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sarhad.api.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from sarhad.api.app import create_app

        return create_app
    raise AttributeError(f"module 'sarhad.api' has no attribute {name!r}")
