"""A second border is data: the AF-PK pack reads Afghan-border news that the PK-IR reader leaves alone.

The sentences are written for these tests (not taken from any article).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from sarhad.read.cues import cues
from sarhad.read.pack import PackError, load_pack, parse_countries
from sarhad.read.reader import Reader

TORKHAM = (
    "PESHAWAR: Two Pakistani soldiers were martyred when Afghan forces opened fire on a border post near "
    "the Torkham crossing on Monday, officials said. The crossing was closed to traffic after the clash."
)
SARAVAN = (
    "Militants attacked a border post near Saravan on Monday, killing four Iranian border guards, the "
    "provincial police chief of Sistan and Baluchestan said."
)


@pytest.fixture(scope="module")
def afpk() -> Reader:
    return Reader("AF,PK")


@pytest.fixture(scope="module")
def pkir() -> Reader:
    return Reader()


def test_the_afghan_border_reader_reads_a_torkham_clash(afpk: Reader) -> None:
    article = afpk.read(TORKHAM, dt.date(2024, 3, 5))
    assert article.on_topic
    clash = next(e for e in article.events if e.type in ("attack", "cross_border_strike"))
    assert clash.country == "PK" and clash.admin1 == "Khyber Pakhtunkhwa"
    assert clash.killed == 2
    assert clash.date == dt.date(2024, 3, 4)
    assert clash.distance_km is not None and clash.distance_km < 10
    assert clash.sector is not None
    assert "Afghan" in (clash.perpetrator or "")
    assert any(e.type == "border_closure" for e in article.events)


def test_the_default_reader_leaves_the_afghan_border_alone(pkir: Reader) -> None:
    assert not pkir.read(TORKHAM, dt.date(2024, 3, 5)).on_topic


def test_each_reader_keeps_to_its_own_border(afpk: Reader, pkir: Reader) -> None:
    assert pkir.read(SARAVAN, dt.date(2024, 3, 5)).on_topic
    assert not afpk.read(SARAVAN, dt.date(2024, 3, 5)).on_topic


def test_unnamed_forces_take_the_demonym_of_their_pack(afpk: Reader) -> None:
    text = (
        "Border guards seized 900 kilograms of hashish near Chaman on Tuesday while it was being "
        "smuggled across the Durand Line, officials said."
    )
    article = afpk.read(text, dt.date(2024, 3, 6))
    seizure = next(e for e in article.events if e.type == "smuggling_seizure")
    assert seizure.country == "PK"
    assert seizure.perpetrator == "Pakistani border guards"


def test_a_pack_is_built_from_the_border_configuration() -> None:
    pack = load_pack("PK-IR")
    assert pack is load_pack(("IR", "PK"))  # either order, one cached pack
    assert pack.provinces == {"Balochistan", "Sistan and Baluchestan"}
    assert pack.pair_name == "Pakistan and Iran"
    assert cues(pack).strong.search("along the Pak-Iran border")
    assert not cues(pack).strong.search("along the Afghanistan-Pakistan border")
    assert cues(pack).elsewhere.search("along the Afghanistan-Pakistan border")
    afpk = load_pack("AF,PK")
    assert {"Khyber Pakhtunkhwa", "Nangarhar", "Kunar"} <= afpk.provinces


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("PK", "exactly two ISO country codes, got 1"),
        ("PK,IR,AF", "exactly two ISO country codes, got 3"),
        ("", "exactly two ISO country codes, got 0"),
        ("PK,PK", "two different countries"),
        ("P1,IR", "unknown ISO 3166-1 alpha-2 country code 'P1'"),
    ],
)
def test_bad_country_pairs_are_refused_by_name(value: str, reason: str) -> None:
    with pytest.raises(PackError, match=reason):
        parse_countries(value)


def test_a_border_without_a_pack_says_which_file_to_add() -> None:
    with pytest.raises(PackError, match=r"read/data/borders/CN-IN\.json"):
        load_pack("CN,IN")


def _sarhad(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sarhad", *args], capture_output=True, text=True, timeout=600, check=False
    )


def test_ingest_reads_for_the_border_it_is_given_and_records_it(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "torkham.txt").write_text(TORKHAM, encoding="utf-8")
    (drop / "saravan.txt").write_text(SARAVAN, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'afpk.db'}"
    done = _sarhad("ingest", str(drop), "--db", url, "--countries", "AF,PK")
    assert done.returncode == 0, done.stderr
    engine = sa.create_engine(url)
    with engine.connect() as db:
        rows = db.execute(sa.text("SELECT border, type, country FROM mention")).all()
    assert rows and {row.border for row in rows} == {"AF-PK"}  # Saravan is not this border's news
    # a state's forces opening fire on a post across the line: their attack, on the side it struck
    assert ("attack", "PK") in {(row.type, row.country) for row in rows}


def test_a_border_with_no_pack_is_refused_before_anything_is_stored(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'none.db'}"
    done = _sarhad("ingest", str(tmp_path), "--db", url, "--countries", "CN,IN")
    assert done.returncode == 2
    assert "--countries CN,IN" in done.stderr and "CN-IN.json" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_triage_knows_a_border_town_by_every_name_the_lexicon_has_for_it(pkir: Reader) -> None:
    """GeoNames calls it "Sūrān"; reports write "Suran": both are the region's words."""
    text = "Security forces seized 40,000 litres of smuggled Iranian diesel near Suran on Monday."
    article = pkir.read(text, dt.date(2024, 3, 5))
    assert article.on_topic
    assert [(e.type, e.admin1) for e in article.events] == [("smuggling_seizure", "Sistan and Baluchestan")]


def test_one_store_watches_two_borders_and_the_picture_filters_by_border(tmp_path: Path) -> None:
    from sarhad.api.queries import IncidentFilter, incident_page
    from sarhad.store.db import session_scope
    from support.auth import api_client
    from support.server import running_app

    url = f"sqlite:///{tmp_path / 'two.db'}"
    for countries, name, text in (("AF,PK", "torkham.txt", TORKHAM), ("PK,IR", "saravan.txt", SARAVAN)):
        drop = tmp_path / countries.replace(",", "-")
        drop.mkdir()
        (drop / name).write_text(text, encoding="utf-8")
        done = _sarhad("ingest", str(drop), "--db", url, "--countries", countries)
        assert done.returncode == 0, done.stderr
    with session_scope(url) as session:

        def places(border: str | None) -> set[str | None]:
            page = incident_page(session, IncidentFilter(border=border), "-date", 1, 50)
            return {item["place"] for item in page.items}

        assert places("AF-PK") >= {"Torkham"} and "Saravan" not in places("AF-PK")
        assert places("PK-IR") == {"Saravan"}
        assert places(None) >= {"Torkham", "Saravan"}
    # the list page offers the borders the store was read for, and keeps the one chosen
    with running_app(url) as base, api_client(base, url) as http:
        page = http.get("/incidents", params={"border": "AF-PK"})
        assert page.status_code == 200, page.text[:200]
        assert '<select name="border">' in page.text
        assert '<option value="AF-PK" selected>AF-PK</option>' in page.text
        assert '<option value="PK-IR" >PK-IR</option>' in page.text
        assert "Torkham" in page.text and "Saravan" not in page.text.split("<table", 1)[-1]


def test_the_reader_runs_the_components_its_configuration_names() -> None:
    """The order is data (read/data/pipeline.toml); a reader without triage and relevance keeps every
    event of a text it is told is relevant, and an unknown component is refused by name."""
    from sarhad.read.doc import configured_components

    assert configured_components()[0] == "normalise" and configured_components()[-1] == "relevance"
    text = "Gunmen attacked a police station in Quetta on Monday, killing two policemen."  # far inland
    assert not Reader().read(text, dt.date(2024, 3, 5)).on_topic
    told = Reader(components=[c for c in configured_components() if c not in ("triage", "relevance")])
    article = told.read(text, dt.date(2024, 3, 5))
    assert article.on_topic and [e.killed for e in article.events] == [2]
    with pytest.raises(ValueError, match="unknown reader component"):
        Reader(components=["normalise", "spellcheck"])
