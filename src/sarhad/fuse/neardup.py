"""Wire copies: reports whose texts are near-duplicates (MinHash over word shingles, LSH banding).

A pair is a near-duplicate when some band of their signatures is identical (the LSH candidate test) and
their estimated Jaccard similarity reaches the threshold. The bands are plain keys, so the same test runs
over a dictionary (all reports at once) or over stored bands (one new report against the store).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
THRESHOLD = 0.7
SEED = 7
_WORD = re.compile(r"\w+")
_LSH = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)  # only for its choice of bands and rows
BANDS, ROWS = _LSH.b, _LSH.r


def shingles(text: str, size: int = 4) -> set[bytes]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + size]).encode() for i in range(max(1, len(words) - size + 1))}


def signature(text: str) -> MinHash:
    sig = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    sig.update_batch(list(shingles(text)))
    return sig


SCHEME = "affine32"  # datasketch 2's default; stored signatures are its 32-bit values


def to_bytes(sig: MinHash) -> bytes:
    return bytes(np.asarray(sig.hashvalues, dtype=np.uint32).tobytes())


def from_bytes(raw: bytes) -> MinHash:
    values = np.frombuffer(raw, dtype=np.uint32)
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=values, scheme=SCHEME)


def bands(sig: MinHash) -> list[tuple[int, int]]:
    """(band number, key) for each band: two signatures are candidates when any pair of these is equal."""
    values = np.asarray(sig.hashvalues, dtype=np.uint32)
    out = []
    for band in range(BANDS):
        digest = hashlib.blake2b(values[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8).digest()
        out.append((band, int.from_bytes(digest, "big", signed=True)))  # fits a signed 64-bit column
    return out


def similar(a: MinHash, b: MinHash) -> bool:
    return bool(a.jaccard(b) >= THRESHOLD)


class Index:
    """Signatures by band key, in memory: each report added returns its near-duplicates among those before."""

    def __init__(self) -> None:
        self.by_band: dict[tuple[int, int], list[str]] = defaultdict(list)
        self.signatures: dict[str, MinHash] = {}

    def add(self, report_id: str, sig: MinHash) -> list[str]:
        keys = bands(sig)
        candidates = sorted({other for key in keys for other in self.by_band.get(key, ())})
        for key in keys:
            self.by_band[key].append(report_id)
        self.signatures[report_id] = sig
        return [other for other in candidates if similar(sig, self.signatures[other])]


def near_duplicate_pairs(texts: Iterable[tuple[str, str]]) -> set[frozenset[str]]:
    """Pairs of report ids whose texts are near-duplicates."""
    index = Index()
    return {frozenset((rid, other)) for rid, text in texts for other in index.add(rid, signature(text))}
