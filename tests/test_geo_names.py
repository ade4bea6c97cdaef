"""Name folding and the derived-data cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from sarhad.geo import cache
from sarhad.geo.names import core_words, fold, is_noise_alias, skeleton


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mirjaveh", "Mirjawa"),
        ("Rask", "Rāsak"),
        ("Gabd", "Gabad"),
        ("Chagai", "Chaghi"),
        ("Baluchestan", "Balochistan"),
        ("Nok Kundi", "Nokkundi"),
    ],
)
def test_skeleton_merges_romanisations(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


def test_skeleton_keeps_different_names_apart() -> None:
    assert skeleton("Taftan") != skeleton("Turbat")
    assert skeleton("Panjgur") != skeleton("Pishin")


def test_fold_and_core_words() -> None:
    assert fold("  Sīstān-va-Balūchestān ") == "sistan va baluchestan"
    assert core_words("Sistan and Baluchestan Province") == ("sistan baluchestan", "province")
    assert core_words("Shahrestān-e Sarāvān") == ("saravan", "district")
    assert core_words("Kech District") == ("kech", "district")
    assert fold("!!!") == ""


def test_noise_aliases() -> None:
    assert is_noise_alias("ZAH") and is_noise_alias("OPGD") and is_noise_alias("x")
    assert not is_noise_alias("Mand") and not is_noise_alias("Rask")


def test_cache_reuses_entries_and_notices_new_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SARHAD_CACHE_DIR", str(tmp_path))
    calls: list[int] = []

    def build() -> list[int]:
        calls.append(1)
        return [1, 2, 3]

    assert cache.cached_json("t", ("v1",), build) == [1, 2, 3]
    assert cache.cached_json("t", ("v1",), build) == [1, 2, 3]
    assert len(calls) == 1  # second call read the file
    assert cache.cached_json("t", ("v2",), build) == [1, 2, 3]
    assert len(calls) == 2  # a new package version is a new entry
    (next(tmp_path.glob("t-*.json"))).write_text("{broken", encoding="utf-8")
    cache.cached_json("t", ("v1",), build)
    cache.cached_json("t", ("v2",), build)
    assert len(calls) == 3  # a corrupt entry is rebuilt, not trusted


def test_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SARHAD_CACHE_DIR", "")
    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        return 1

    cache.cached_json("t", ("v1",), build)
    cache.cached_json("t", ("v1",), build)
    assert len(calls) == 2
