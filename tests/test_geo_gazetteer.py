"""The gazetteer: variants, curated places, ambiguity and context, admin units, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sarhad.geo.config import curated_places
from sarhad.geo.gazetteer import PRECISIONS, Gazetteer, GazetteerError, load_gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(("PK", "IR"))


def _id(gazetteer: Gazetteer, name: str, **kwargs: str) -> str:
    result = gazetteer.geocode(name, **kwargs)
    assert result is not None, name
    return result.place.id


@pytest.mark.parametrize(
    "variants",
    [
        ("Mirjaveh", "Mirjawa", "Mīrjāveh", "MIRJAVEH", "Mirjaveh town"),
        ("Saravan", "Sarāvān", "Sarawan"),
        ("Rask", "Rāsak", "Rasak"),
        ("Gabd", "Gabad", "Gibd"),
        ("Panjgur", "Punjgur"),
        ("Zahedan", "Zahidan", "Zāhedān"),
        ("Chabahar", "Chah Bahar"),
        ("Lulakdan", "Loulakdan"),
        (
            "Sistan and Baluchestan",
            "Sistan-Baluchestan",
            "Sistan va Baluchestan",
            "Sistan-Baluchistan province",
        ),
    ],
)
def test_variants_and_transliterations_resolve_alike(gazetteer: Gazetteer, variants: tuple[str, ...]) -> None:
    ids = {_id(gazetteer, v) for v in variants}
    assert len(ids) == 1, ids


@pytest.mark.parametrize("country", ["PK", "IR"])
def test_every_curated_place_resolves_to_its_district_and_country(gazetteer: Gazetteer, country: str) -> None:
    curated = curated_places(country)
    assert curated
    for entry in curated:
        for text in (entry.name, *entry.aliases):
            result = gazetteer.geocode(text)
            assert result is not None, text
            assert result.place.id == f"curated:{country}:{entry.name.lower().replace('-', '')}", text
            assert (result.country, result.admin1, result.admin2) == (country, entry.admin1, entry.admin2), (
                text
            )


def test_curated_places_the_packages_lack_are_where_reported(gazetteer: Gazetteer) -> None:
    lulakdan = gazetteer.geocode("Lulakdan")
    mirjaveh = gazetteer.geocode("Mirjaveh")
    assert lulakdan is not None and mirjaveh is not None
    assert lulakdan.side == "IR" and lulakdan.distance_km is not None and lulakdan.distance_km < 5
    mand = gazetteer.geocode("Mand")
    assert mand is not None and mand.side == "PK" and mand.country == "PK" and mand.precision == "near_place"
    makran = gazetteer.geocode("Makran")
    assert makran is not None and makran.place.kind == "region" and makran.precision == "province"


def test_pishin_is_two_places_and_context_chooses(gazetteer: Gazetteer) -> None:
    plain = gazetteer.geocode("Pishin")
    assert plain is not None and plain.ambiguous
    assert {"PK", "IR"} <= {c.place.country for c in plain.candidates}
    by_country = {c: gazetteer.geocode("Pishin", country=c) for c in ("PK", "IR")}
    assert by_country["PK"] is not None and by_country["PK"].admin1 == "Balochistan"
    assert by_country["PK"].distance_km is not None and by_country["PK"].distance_km > 300  # near Quetta
    assert by_country["IR"] is not None and by_country["IR"].admin1 == "Sistan and Baluchestan"
    near_mand = gazetteer.geocode("Pishin", near="Mand")
    near_quetta = gazetteer.geocode("Pishin", near="Quetta")
    assert near_mand is not None and near_mand.country == "IR" and not near_mand.ambiguous
    assert near_quetta is not None and near_quetta.country == "PK"
    several = gazetteer.geocode("Pishin", near="Turbat, Mand")
    assert several is not None and several.country == "IR"


@pytest.mark.parametrize(
    ("query", "precision", "kind", "country", "admin1", "admin2"),
    [
        ("Kech district", "district", "district", "PK", "Balochistan", "Kech"),
        ("Kech", "district", "district", "PK", "Balochistan", "Kech"),
        ("Chagai District", "district", "district", "PK", "Balochistan", "Chagai"),
        ("Chaghi", "district", "district", "PK", "Balochistan", "Chagai"),
        ("Mirjaveh county", "district", "district", "IR", "Sistan and Baluchestan", "Mirjaveh"),
        ("Balochistan", "province", "province", "PK", "Balochistan", None),
        ("Baluchistan province", "province", "province", "PK", "Balochistan", None),
        ("Sistan-Baluchestan province", "province", "province", "IR", "Sistan and Baluchestan", None),
        ("Iran", "country", "country", "IR", None, None),
        ("Pakistan", "country", "country", "PK", None, None),
        ("Taftan", "place", "town", "PK", "Balochistan", "Chagai"),
        ("near Mirjaveh", "near_place", "village", "IR", "Sistan and Baluchestan", "Mirjaveh"),
        ("Gwak area of Mand", "near_place", "village", "PK", "Balochistan", "Kech"),
        ("Rimdan-Gabd border crossing", "place", "crossing", "PK", "Balochistan", "Gwadar"),
        (
            "Lulakdan area / Mirjaveh region",
            "near_place",
            "village",
            "IR",
            "Sistan and Baluchestan",
            "Mirjaveh",
        ),
    ],
)
def test_precision_and_admin_units(
    gazetteer: Gazetteer,
    query: str,
    precision: str,
    kind: str,
    country: str,
    admin1: str | None,
    admin2: str | None,
) -> None:
    result = gazetteer.geocode(query)
    assert result is not None and result.precision in PRECISIONS
    assert (result.precision, result.place.kind, result.country) == (precision, kind, country)
    assert (result.admin1, result.admin2) == (admin1, admin2)
    placed = precision in ("place", "near_place", "district")
    assert (result.sector is not None) == placed and (result.distance_km is not None) == placed


@pytest.mark.parametrize("garbage", ["", "   ", "!!!", "—", "xyzzyq", "Qwertzuiopland"])
def test_garbage_finds_nothing(gazetteer: Gazetteer, garbage: str) -> None:
    assert gazetteer.geocode(garbage) is None


def test_a_country_outside_the_gazetteer_is_a_clear_error(gazetteer: Gazetteer) -> None:
    with pytest.raises(GazetteerError, match="'AF' is not covered"):
        gazetteer.geocode("Pishin", country="AF")


def test_aliases_cover_every_name_for_a_text_matcher(gazetteer: Gazetteer) -> None:
    pairs = list(gazetteer.iter_aliases())
    assert len(pairs) > len(gazetteer)
    by_alias: dict[str, set[str]] = {}
    for alias, place in pairs:
        assert alias.strip()
        by_alias.setdefault(alias, set()).add(place.id)
    assert "geonames:1160258" in by_alias["Mirjawa"]
    assert "curated:PK:buleda" in by_alias["Bulaida"]
    assert "ZAH" not in by_alias  # airport codes are noise


def test_gold_places_resolve_to_the_gold_admin1(gazetteer: Gazetteer, shared_dir: Path) -> None:
    """Every gold event whose place names a place resolves to the gold admin1 and country."""
    descriptive = ("border", "pakistan", "iran")  # phrases, not places ("near border with Pakistan")
    checked = 0
    for line in (shared_dir / "corpus" / "dev" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        for event in json.loads(line)["events"]:
            place, admin1 = event.get("place"), event.get("admin1")
            if not place or not admin1 or any(w in place.lower() for w in descriptive):
                continue
            result = gazetteer.geocode(place)
            assert result is not None, place
            assert (result.admin1, result.country) == (admin1, event["country"]), place
            checked += 1
    assert checked >= 10


def test_load_gazetteer_is_cached() -> None:
    assert load_gazetteer(("PK", "IR")) is load_gazetteer(("PK", "IR"))


def test_a_second_pair_needs_only_configuration() -> None:
    gazetteer = load_gazetteer(("PK", "AF"))
    torkham = gazetteer.geocode("Torkham border crossing")
    chaman = gazetteer.geocode("Chaman")
    assert torkham is not None and torkham.place.kind == "crossing" and torkham.admin1 == "Khyber Pakhtunkhwa"
    assert chaman is not None and chaman.country == "PK" and chaman.distance_km is not None
    assert chaman.distance_km < 10
    kandahar = gazetteer.geocode("Kandahar", country="AF")
    assert kandahar is not None and kandahar.admin1 == "Kandahar"


@pytest.mark.parametrize("name", ["Kabul", "Kandahar", "Paris", "Delhi"])
def test_far_away_names_are_not_matched_to_border_lookalikes(name: str) -> None:
    # A loose spelling match is how Mirjawa finds Mirjaveh; 1,000 km inland it would only invent places.
    result = load_gazetteer(("PK", "IR")).geocode(name)
    assert result is None or result.distance_km is None or result.distance_km < 300
