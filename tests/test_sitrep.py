"""The situation report: what came in over a period, by sector, with cases and crossings; a bilateral report
holds no national-only value; the PDF's text (pdftotext) carries the period's headline figures; the CLI
writes each format whole; the web app serves the page and its downloads to signed-in users only."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from sarhad.cli import app
from sarhad.geo.border import load_border
from sarhad.share.releasability import set_incident_releasability
from sarhad.sitrep import render
from sarhad.sitrep.model import Period, SitRep, build
from sarhad.store.db import session_scope
from sarhad.store.models import Report
from support.auth import api_client, ensure_user
from support.browser import ARTIFACTS, launched, needs_chromium, shot, sign_in_page
from support.places import BULEDA, MIRJAVEH, SARAVAN, TAFTAN
from support.planted import Planted, fuse, incident_of, plant
from support.server import running_app

runner = CliRunner()
UNTIL = dt.datetime(2026, 12, 6, 6, 0, tzinfo=dt.UTC)
PERIOD = Period.ending(UNTIL)
IN_PERIOD = UNTIL - dt.timedelta(hours=6)
SECRET_PLACE = "Nowhere-Special-7731"
SECRET_SOURCE = "FC Wing 3"
SECRET_SEIZURE = "Hidden-Cove-5512"
HOSTILE = "Desk <script>alert(1)</script> | West"


def placed(place: dict[str, Any]) -> dict[str, Any]:
    """A place with its sector, side and distance from the line, as the reader gives them."""
    at = load_border(("PK", "IR")).locate(place["lon"], place["lat"])
    return {**place, "sector_id": at.sector_id, "side": at.side, "distance_km": at.distance_km}


IED = {"type": "ied", "date": dt.date(2026, 12, 5), "date_precision": "day", **placed(BULEDA)}
ATTACK = {"type": "attack", "date": dt.date(2026, 11, 20), "date_precision": "day", **placed(MIRJAVEH)}


def sources() -> list[tuple[Planted, dt.datetime]]:
    """Each source with its intake time: most in the period, one the day before it."""
    return [
        (
            Planted(
                "Six soldiers died in an IED blast near Buleda.", {**IED, "killed": 6}, source="Outlet A"
            ),
            IN_PERIOD,
        ),
        (
            Planted("An IED near Buleda killed six.", {**IED, "killed": 6, "injured": 2}, source=HOSTILE),
            IN_PERIOD,
        ),
        (
            Planted(
                f"Field report: nine killed at {SECRET_PLACE}.",
                {**IED, "killed": 9, "place": SECRET_PLACE},
                source=SECRET_SOURCE,
                kind="field_report",
                releasability="national",
            ),
            IN_PERIOD,
        ),
        # heard of before the period, told again in it: updated
        (
            Planted("Guards were attacked near Mirjaveh.", {**ATTACK, "killed": 2}, source="Outlet C"),
            UNTIL - dt.timedelta(days=10),
        ),
        (Planted("Mirjaveh attack: two guards dead.", {**ATTACK, "killed": 2}, source="Outlet D"), IN_PERIOD),
        # an old abduction first reported now: a late report, and a hostage case still held
        (
            Planted(
                "Twelve guards were abducted near Saravan in 2018.",
                {
                    "type": "abduction",
                    "date": dt.date(2018, 10, 16),
                    "date_precision": "day",
                    "abducted": 12,
                    **placed(SARAVAN),
                },
                source="Outlet E",
            ),
            IN_PERIOD,
        ),
        (
            Planted(
                "Taftan was closed on Saturday.",
                {
                    "type": "border_closure",
                    "date": dt.date(2026, 12, 5),
                    "date_precision": "day",
                    **placed(TAFTAN),
                    "perpetrator": "Pakistan",
                    "perpetrator_basis": "acting",
                },
                source="Outlet F",
            ),
            IN_PERIOD,
        ),
        # known only to this party
        (
            Planted(
                f"Field report: fuel seized at {SECRET_SEIZURE}.",
                {
                    "type": "smuggling_seizure",
                    "date": dt.date(2026, 12, 5),
                    "date_precision": "day",
                    "place": SECRET_SEIZURE,
                },
                source=SECRET_SOURCE,
                kind="field_report",
                releasability="national",
            ),
            IN_PERIOD,
        ),
    ]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('sitrep') / 'sarhad.db'}"
    planted = sources()
    ids = plant(url, [source for source, _ in planted])
    with session_scope(url, write=True) as session:
        for report_id, (_, intake) in zip(ids, planted, strict=True):
            session.execute(update(Report).where(Report.id == report_id).values(intake_at=intake))
    fuse(url)
    with session_scope(url, write=True) as session:  # a liaison officer lets the IED go, not its field report
        set_incident_releasability(
            session, incident_of(url, ids[0]), "bilateral", "user:liaison", "for the JBC"
        )
    return url


def report(url: str, audience: str = "national") -> SitRep:
    with session_scope(url) as session:
        return build(session, PERIOD, audience, load_border(("PK", "IR")))  # type: ignore[arg-type]


def test_incidents_of_the_period_by_status_sector_and_toll(store: str) -> None:
    r = report(store)
    status = {line.row["sarhad_type"]: line.status for line in r.lines}
    assert status == {
        "ied": "new",
        "attack": "updated",
        "abduction": "late",
        "border_closure": "new",
        "smuggling_seizure": "new",
    }
    assert (r.headline.new, r.headline.updated, r.headline.late) == (3, 1, 1)
    ied = next(line.row for line in r.lines if line.row["sarhad_type"] == "ied")
    assert ied["fatalities"] == 9 or ied["conflicts"]  # the national picture keeps its field report's say
    assert r.headline.killed == sum(line.row["fatalities"] or 0 for line in r.lines) >= 8
    assert r.headline.abducted == 12
    numbers = [line.number for block in r.sectors for line in block.lines]
    assert numbers == list(range(1, len(r.lines) + 1))  # numbered in the order the report lists them
    buleda = next(b for b in r.sectors if any(line.row["sarhad_type"] == "ied" for line in b.lines))
    assert buleda.sector is not None and "Kech (PK)" in buleda.label


def test_hostage_cases_crossings_and_the_trend(store: str) -> None:
    r = report(store)
    [case] = r.cases
    assert case.state == "held" and case.abducted == 12 and case.active
    assert case.days == (UNTIL.date() - dt.date(2018, 10, 16)).days
    assert r.headline.held_cases == 1
    taftan = next(c for c in r.crossings if c.name.startswith("Taftan"))
    assert taftan.last is not None and taftan.last["sarhad_type"] == "border_closure"
    assert all(c.last is None for c in r.crossings if c is not taftan)
    trend = dict(r.trend)
    assert len(trend) == 30 and trend[dt.date(2026, 12, 5)] == 3 and trend[dt.date(2026, 11, 20)] == 1
    assert set(r.pending) == {"levels", "alerts", "commitments"}


def test_a_bilateral_report_holds_no_national_only_value(store: str) -> None:
    r = report(store, "bilateral")
    assert "smuggling_seizure" not in {line.row["sarhad_type"] for line in r.lines}
    ied = next(line.row for line in r.lines if line.row["sarhad_type"] == "ied")
    assert ied["fatalities"] == 6 and ied["location"] == "Buleda"
    for text in (render.html(r), render.markdown(r), *vars(render.draw(r)).values()):
        for secret in (SECRET_PLACE, SECRET_SOURCE, SECRET_SEIZURE, "9 killed", "NATIONAL"):
            assert secret not in text, secret
    shared = render.html(r)
    assert "BILATERAL" in shared and "holds only what the other party may receive" in shared
    national = render.html(report(store))
    assert SECRET_SEIZURE in national and "NOT RELEASABLE" in national


def test_stored_text_is_escaped_in_every_format(store: str) -> None:
    r = report(store)
    html, markdown = render.html(r), render.markdown(r)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>" not in markdown and r"Desk \<script\>alert(1)\</script\> \| West" in markdown
    # every table row of the Markdown keeps its column count despite the pipe in a source's name
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and "new" in line]
    assert rows and all(len(re.findall(r"(?<!\\)\|", line)) == 8 for line in rows)


def test_the_cli_writes_markdown_with_its_figures(store: str, tmp_path: Path) -> None:
    target = tmp_path / "daily.md"
    args = ["sitrep", "--format", "md", "--since", "2026-12-05T06:00", "--until", "2026-12-06T06:00"]
    result = runner.invoke(app, [*args, "-o", str(target), "--db", store])
    assert result.exit_code == 0, result.output
    assert "3 new, 1 updated, 1 late" in result.stdout
    text = target.read_text()
    assert "# Situation report: Pakistan–Iran border" in text and "![Map" in text
    assert "Not built yet: rapid-reaction alerts" in text
    for name in ("map", "sectors", "trend"):
        svg = ET.parse(tmp_path / f"daily-{name}.svg").getroot()
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    map_svg = (tmp_path / "daily-map.svg").read_text()
    assert map_svg.count("<circle") >= 4  # the placed incidents of the period
    assert not list(tmp_path.glob(".*tmp"))


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--format", "docx"], "--format must be one of html, md, pdf"),
        (["--since", "yesterday"], "'yesterday' is not YYYY-MM-DD"),
        (["--since", "2026-12-06", "--until", "2026-12-01"], "the period is empty"),
        (["--audience", "public"], "--audience must be national or bilateral"),
        (["--countries", "PK,XX"], "--countries 'PK,XX'"),
    ],
)
def test_the_cli_refuses_bad_options_in_one_line(store: str, args: list[str], reason: str) -> None:
    result = runner.invoke(app, ["sitrep", *args, "--db", store])
    assert result.exit_code == 2 and reason in result.output, result.output


def test_the_web_page_and_downloads(store: str) -> None:
    period = {"since": "2026-12-05T06:00:00Z", "until": "2026-12-06T06:00:00Z"}
    with running_app(store) as base, api_client(base, store) as http:
        page = http.get("/sitrep", params=period)
        assert (
            page.status_code == 200 and "Situation report" in page.text and 'href="/sitrep.pdf?' in page.text
        )
        assert "3 new incidents" in page.text and "@media print" in page.text
        shared = http.get("/sitrep.md", params={**period, "audience": "bilateral"})
        assert shared.status_code == 200 and shared.headers["content-type"].startswith("text/markdown")
        assert "attachment" in shared.headers["content-disposition"]
        assert SECRET_SEIZURE not in shared.text and SECRET_PLACE not in shared.text
        assert http.get("/sitrep", params={"since": "2026-12-07", "until": "2026-12-01"}).status_code == 422
        assert http.get("/sitrep.docx").status_code in (404, 422)
        anonymous = http.get(f"{base}/sitrep.md", headers={"Authorization": ""}, follow_redirects=False)
        assert anonymous.status_code in (302, 303, 401)


needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (Debian's poppler-utils) is not installed"
)


@pytest.mark.slow
@needs_chromium
@needs_pdftotext
def test_the_pdf_carries_the_headline_figures(store: str, tmp_path: Path) -> None:
    national, shared = tmp_path / "national.pdf", tmp_path / "bilateral.pdf"
    render.write(report(store), "pdf", national)
    render.write(report(store, "bilateral"), "pdf", shared)
    assert national.read_bytes().startswith(b"%PDF")
    text = " ".join(pdf_text(national).split())
    assert "Situation report: Pakistan–Iran border" in text
    assert "3 new incidents, 1 updated, 1 late report of past events" in text
    assert "IED at Buleda" in text and "1 hostage case open" in text
    assert "NATIONAL" in text and "page 1 of" in text
    shared_text = pdf_text(shared)
    assert (
        "BILATERAL" in shared_text and SECRET_SEIZURE not in shared_text and SECRET_PLACE not in shared_text
    )
    ARTIFACTS.mkdir(exist_ok=True)
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(national),
                str(ARTIFACTS / "sitrep-page1"),
            ],
            check=True,
        )


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.slow
@needs_chromium
def test_a_reader_opens_the_report_page_prints_it_and_downloads_the_pdf(store: str, tmp_path: Path) -> None:
    ensure_user(store, "vera", "viewer")
    with running_app(store) as base, launched() as browser:
        context = browser.new_context(base_url=base, accept_downloads=True)
        page = context.new_page()
        sign_in_page(page, "vera")
        page.get_by_role("link", name="Report").click()
        page.goto("/sitrep?since=2026-12-05T06:00&until=2026-12-06T06:00")
        assert "3 new incidents, 1 updated" in page.locator("p.headline").inner_text()
        assert page.locator("section[aria-labelledby='s-map'] svg circle").count() >= 4
        shot(page, "sitrep-page")
        page.emulate_media(media="print")  # the print styles leave out the app's frame and the form
        assert not page.locator("header.top").is_visible() and not page.locator("form.no-print").is_visible()
        page.emulate_media(media="screen")
        with page.expect_download() as download:
            page.get_by_role("link", name="PDF").click()
        saved = tmp_path / "report.pdf"
        download.value.save_as(saved)
        assert saved.read_bytes().startswith(b"%PDF") and download.value.suggested_filename.endswith(".pdf")
        context.close()


@pytest.fixture
def split_store(tmp_path: Path) -> str:
    """One IED told publicly at district level eight days before the period, and placed exactly at
    Buleda by a national field report that arrived in the period."""
    from support.places import KECH

    url = f"sqlite:///{tmp_path / 'split.db'}"
    early = UNTIL - dt.timedelta(days=8)
    planted = [
        (Planted("An IED hit a patrol in Kech.", {**IED, "killed": 6, **placed(KECH)}, source="Wire"), early),
        (
            Planted(
                "Field report: the IED was at Buleda.",
                {**IED, "killed": 6},
                source=SECRET_SOURCE,
                kind="field_report",
                releasability="national",
            ),
            IN_PERIOD,
        ),
    ]  # fmt: skip
    ids = plant(url, [source for source, _ in planted])
    with session_scope(url, write=True) as session:
        for report_id, (_, intake) in zip(ids, planted, strict=True):
            session.execute(update(Report).where(Report.id == report_id).values(intake_at=intake))
    fuse(url)
    with session_scope(url, write=True) as session:
        set_incident_releasability(
            session, incident_of(url, ids[0]), "bilateral", "user:liaison", "for the JBC"
        )
    return url


def test_a_national_report_in_the_period_shows_nothing_of_itself_bilaterally(split_store: str) -> None:
    national, shared = report(split_store), report(split_store, "bilateral")
    assert [line.status for line in national.lines] == ["updated"]
    assert shared.lines == []  # what the other party may see arrived before the period: nothing new to them


def test_a_bilateral_row_takes_no_placement_from_national_sources(split_store: str) -> None:
    from sarhad.api.queries import IncidentFilter
    from sarhad.exports import Export, batches

    with session_scope(split_store) as session:
        (national,) = next(batches(session, Export("national", IncidentFilter())))
        (shared,) = next(batches(session, Export("bilateral", IncidentFilter())))
    assert national["location"] == "Buleda" and national["geo_precision"] == 1
    assert shared["location"] == "Kech district" and shared["geo_precision"] == 2
    at = load_border(("PK", "IR")).locate(shared["longitude"], shared["latitude"])
    assert shared["sector"] in (None, at.sector_id) and shared["sector"] != national["sector"]
    assert (
        shared["timestamp"] < national["timestamp"]
    )  # the released source's arrival, not the field report's


def test_a_period_given_in_another_zone_is_the_same_period_in_utc() -> None:
    zone = dt.timezone(dt.timedelta(hours=5))
    period = Period(dt.datetime(2026, 12, 6, 4, 0, tzinfo=zone), dt.datetime(2026, 12, 6, 10, 0, tzinfo=zone))
    assert period.since == dt.datetime(2026, 12, 5, 23, 0, tzinfo=dt.UTC) and period.since.tzinfo == dt.UTC
