"""Wire copies: reports whose texts are near-duplicates (MinHash LSH over word shingles)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
THRESHOLD = 0.7
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = 4) -> set[bytes]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + size]).encode() for i in range(max(1, len(words) - size + 1))}


def signature(text: str) -> MinHash:
    sig = MinHash(num_perm=NUM_PERM, seed=7)
    sig.update_batch(list(shingles(text)))
    return sig


def near_duplicate_pairs(texts: Iterable[tuple[str, str]]) -> set[frozenset[str]]:
    """Pairs of report ids whose texts' estimated Jaccard similarity reaches the threshold."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    signatures: dict[str, MinHash] = {}
    pairs: set[frozenset[str]] = set()
    for report_id, text in texts:
        sig = signature(text)
        for other in lsh.query(sig):
            if sig.jaccard(signatures[other]) >= THRESHOLD:
                pairs.add(frozenset((report_id, other)))
        lsh.insert(report_id, sig)
        signatures[report_id] = sig
    return pairs
