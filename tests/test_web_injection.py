"""Stored script injection: hostile text in reports, mentions, node names and exchange claims stays text.

One incident near Buleda is planted straight into the store from two reports whose text, title, source,
address, place, admin1, perpetrator, targets and spans carry script, event-handler, attribute and
string break-out and template payloads. This node's name, its peer's name and address, an unsigned
delivery's claims and a releasability decision's reason carry more. Every page that shows them — the map and
its popup, the list, the incident, the report, the share preview, the exchange and the audit log — must
show them as literal text in a real browser (no dialog, no ``window.__pwned``, no element with an ``on*``
attribute, no script of ours but the app's own files) and as escaped text in the raw HTML; the JSON API
must answer JSON that keeps the values exactly as data.

Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import escape

import sarhad.cli  # noqa: F401  (loads the CLI before its share commands: they import each other)
from sarhad.share.cli import trust_peer
from sarhad.share.identity import identity_document, init_node
from sarhad.store.db import session_scope
from support.auth import ensure_user, token_for
from support.browser import launched, needs_chromium, shot, sign_in_page
from support.planted import Planted, fuse, incident_of, plant
from support.server import running_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Dialog, Page

pytestmark = needs_chromium

# --- the payloads -----------------------------------------------------------------------------------------

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
SVG = '"><svg onload=window.__pwned=1>'
TEXTAREA = "</textarea><script>window.__pwned=1</script>"
TEMPLATE = "{{ 7*7 }}"
QUOTES = "'-alert(1)-' \"-alert(1)-\" `${alert(1)}`"  # out of a quoted attribute or a JS string/template
JS_URL = "javascript:window.__pwned=1"

TEXT = (
    f"Report {TEXTAREA} opens. A bomb at {IMG} killed six soldiers {TEMPLATE}. "
    f"Blamed on {SVG} and {SCRIPT}; aimed at {QUOTES}."
)
PLACE = f"Buleda {IMG}"
ADMIN1 = f"Balochistan {TEXTAREA}"
PERPETRATOR = f"Cell {SVG} {SCRIPT}"
TARGETS = f"Posts {QUOTES} {TEMPLATE}"
TITLE = f"Title {IMG} {TEMPLATE}"
SOURCE = f"Outlet {SCRIPT}"
URL = f'{JS_URL}//"><svg onload=window.__pwned=1>'
SECOND_SOURCE = "Wire '\"><img src=x onerror=window.__pwned=1>"
SECOND_TEXT = f"Seven were killed at Buleda, {SVG} said."
NODE_NAME = f"PK desk {SCRIPT}"
PEER_NAME = f"IR desk {IMG}"
PEER_URL = f"https://127.0.0.1:9/{SVG}"
CLAIMED_SENDER = "<svg onload=p()>"  # 16 characters: the claimed sender is kept to 16
CLAIMED_ID = SCRIPT
WHY = f"Because {IMG} {QUOTES}"

# Markup that must never reach a page's HTML unescaped, whatever the page.
RAW_FRAGMENTS = (
    "<script>window",
    "<img src=x",
    "<svg onload",
    "<svg/onload",
    "</textarea>",
    'onerror="window',
    "'-alert(1)-'",
)

BULEDA: dict[str, Any] = {
    "type": "ied",
    "date": dt.date(2020, 5, 8),
    "date_precision": "day",
    "place": PLACE,
    "admin1": ADMIN1,
    "country": "PK",
    "lat": 26.5004,
    "lon": 63.1146,
    "perpetrator": PERPETRATOR,
    "targets": TARGETS,
}


@dataclass
class Hostile:
    db_url: str
    base: str
    incident: str
    report: str
    second_report: str
    notes: list[str] = field(default_factory=list)


# --- the store and the server -----------------------------------------------------------------------------


def make_node_and_peer(tmp: Path, db_url: str) -> None:
    """This node (PK) and a trusted peer (IR), both with hostile names, set up in-process."""
    peer_db = f"sqlite:///{tmp / 'ir.db'}"
    with session_scope(peer_db, write=True) as session:
        peer = init_node(session, "IR", PEER_NAME, tmp / "ir-keys", [], "test")
        document = identity_document(peer, PEER_URL)
    with session_scope(db_url, write=True) as session:
        init_node(session, "PK", NODE_NAME, tmp / "pk-keys", [], "test")
        trust_peer(session, "IR", PEER_URL, document, None)


def plant_hostile(db_url: str) -> tuple[str, str, str]:
    first, second = plant(
        db_url,
        [
            Planted(
                TEXT,
                {**BULEDA, "killed": 6},
                {"place": IMG, "killed": "killed six soldiers", "perpetrator": SVG, "targets": QUOTES},
                source=SOURCE,
                title=TITLE,
                url=URL,
                published=dt.date(2020, 5, 9),
            ),
            Planted(
                SECOND_TEXT,
                {**BULEDA, "killed": 7},
                {"killed": "Seven were killed", "perpetrator": SVG},
                source=SECOND_SOURCE,
                published=dt.date(2020, 5, 10),
            ),
        ],
    )
    fuse(db_url)
    incident = incident_of(db_url, first)
    assert incident_of(db_url, second) == incident, "the two hostile reports should make one incident"
    return incident, first, second


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    tmp = tmp_path_factory.mktemp("injection")
    db_url = f"sqlite:///{tmp / 'sarhad.db'}"
    make_node_and_peer(tmp, db_url)  # before the server: the app reads its node once, at start
    incident, first, second = plant_hostile(db_url)
    for role in ("viewer", "liaison", "admin"):
        ensure_user(db_url, role, role)
    with running_app(db_url) as base:
        world = Hostile(db_url, base, incident, first, second)
        record_hostile_actions(world)
        yield world


def bearer(world: Hostile, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(world.db_url, role)}"}


def record_hostile_actions(world: Hostile) -> None:
    """What users and the network add through the app itself: a decision's reason, a share, a refused
    delivery whose claims are hostile."""
    with httpx.Client(base_url=world.base, timeout=30, headers=bearer(world, "liaison")) as liaison:
        decided = liaison.post(
            f"/api/incidents/{world.incident}/releasability", json={"releasability": "bilateral", "why": WHY}
        )
        assert decided.status_code == 200, decided.text
        shared = liaison.post(f"/api/incidents/{world.incident}/share")
        if shared.status_code != 202:  # the share tests then fail, saying why
            world.notes.append(f"share refused: {shared.status_code} {shared.text[:200]}")
    envelope = {"sender": CLAIMED_SENDER, "id": CLAIMED_ID, "kind": IMG, "seq": 1, "receiver": SVG}
    refused = httpx.post(f"{world.base}/exchange/inbox", json={"envelopes": [envelope]}, timeout=30)
    assert refused.status_code == 200, refused.text
    assert refused.json()["acks"][0]["payload"]["status"] == "rejected", refused.text


# --- the pages and what each must show --------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A page, the role that may see it, and the hostile values it must show as text."""

    path: str  # {incident} and {report} are filled in
    role: str
    literals: tuple[str, ...]  # shown as text; the raw HTML holds escape(value) of each

    def url(self, world: Hostile) -> str:
        return self.path.format(incident=world.incident, report=world.report)


PAGES = {
    "map": Shown("/?days=36500", "viewer", (PLACE, NODE_NAME)),
    "list": Shown("/incidents", "viewer", (PLACE, PERPETRATOR, NODE_NAME)),
    "incident": Shown(
        "/incidents/{incident}",
        "viewer",
        (PLACE, ADMIN1, PERPETRATOR, TARGETS, SOURCE, SECOND_SOURCE, IMG, SVG, QUOTES),
    ),
    "report": Shown(
        "/reports/{report}", "viewer", (TITLE, SOURCE, URL, TEXTAREA, SCRIPT, TEMPLATE, QUOTES, IMG, PLACE)
    ),
    "share": Shown(
        "/incidents/{incident}/share",
        "liaison",
        (PLACE, ADMIN1, PERPETRATOR, TARGETS, SOURCE, SECOND_SOURCE),
    ),
    "exchange": Shown("/exchange", "liaison", (PEER_NAME, PEER_URL, PLACE, CLAIMED_SENDER, NODE_NAME)),
    # The audit detail is JSON (tojson turns < into \u003c); the record id is plain text.
    "audit": Shown("/audit", "admin", (CLAIMED_ID,)),  # the claimed sender is in the JSON detail, escaped
}


# --- the browser ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched() as running:
        yield running


@dataclass
class Watch:
    """What a page did that it must not: dialogs opened and uncaught JavaScript errors."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


OpenPage = Callable[[str], "tuple[Page, Watch]"]


@pytest.fixture
def signed_in(browser: Browser, hostile: Hostile) -> Iterator[OpenPage]:
    """Open a signed-in page for a role; the page fails the test if a dialog opens or a script breaks."""
    contexts: list[BrowserContext] = []
    watches: list[Watch] = []

    def open_page(role: str) -> tuple[Page, Watch]:
        # Escaping is what is tested here, so the Content-Security-Policy (a second wall, tested in
        # test_web_pages.py) is bypassed: a payload must not run even where CSP would not stop it.
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, base_url=hostile.base, bypass_csp=True
        )
        contexts.append(context)
        page = context.new_page()
        watch = Watch()
        watches.append(watch)

        def on_dialog(dialog: Dialog) -> None:
            watch.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda exc: watch.errors.append(str(exc)))
        page.route(  # nothing from anywhere but our own server
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(hostile.base) else route.abort(),
        )
        sign_in_page(page, role)
        return page, watch

    yield open_page
    for context in contexts:
        context.close()
    for watch in watches:
        assert watch.dialogs == [], f"a payload opened a dialog: {watch.dialogs}"
        assert watch.errors == [], f"JavaScript errors on the page: {watch.errors}"


def injection_shot(page: Page, name: str, full_page: bool = True) -> None:
    shot(page, f"injection-{name}", full_page)


# Every element carrying an on* attribute, every script that is not one of the app's own static files,
# every javascript: link, and the images and SVGs the payloads would make.
INERT_PROBE = """() => {
  const handlers = [...document.querySelectorAll('*')]
    .filter((e) => [...e.attributes].some((a) => a.name.toLowerCase().startsWith('on')))
    .map((e) => e.outerHTML.slice(0, 120));
  const scripts = [...document.scripts]
    .filter((s) => !s.src || !s.src.startsWith(location.origin + '/static/') || s.text.trim())
    .map((s) => s.outerHTML.slice(0, 120));
  const links = [...document.querySelectorAll('a[href], area[href]')]
    .filter((a) => a.protocol === 'javascript:').map((a) => a.outerHTML.slice(0, 120));
  const planted = [...document.querySelectorAll("img[src='x'], svg[onload], iframe, object, embed")]
    .map((e) => e.outerHTML.slice(0, 120));
  return { pwned: typeof window.__pwned, handlers, scripts, links, planted };
}"""


def assert_inert(page: Page, watch: Watch) -> None:
    found = page.evaluate(INERT_PROBE)
    assert found["pwned"] == "undefined", "a payload ran: window.__pwned is set"
    assert found["handlers"] == [], f"elements with event-handler attributes: {found['handlers']}"
    assert found["scripts"] == [], f"scripts that are not the app's own: {found['scripts']}"
    assert found["links"] == [], f"javascript: links: {found['links']}"
    assert found["planted"] == [], f"elements made from a payload: {found['planted']}"
    assert watch.dialogs == [], f"a payload opened a dialog: {watch.dialogs}"


def open_map(page: Page) -> None:
    page.goto("/?days=36500")
    page.wait_for_selector("#map[data-ready]", timeout=15_000)
    assert page.get_attribute("#map", "data-ready") == "true", "the map did not load its layers"


def test_the_map_popup_and_marker_show_the_hostile_place_as_text(
    signed_in: OpenPage, hostile: Hostile
) -> None:
    page, watch = signed_in("viewer")
    open_map(page)
    marker = page.locator(f".incident-marker[data-incident='{hostile.incident}']")
    assert marker.count() == 1
    title = marker.get_attribute("title") or ""
    assert PLACE in title and PLACE in (marker.get_attribute("aria-label") or "")
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    page.wait_for_function("getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    assert PLACE in popup.inner_text()
    assert popup.locator("img, svg, script, [onerror], [onload]").count() == 0
    link = popup.get_by_role("link", name="Open the incident")
    assert link.get_attribute("href") == f"/incidents/{hostile.incident}"
    assert PLACE in page.locator("table.data").inner_text()  # the list under the map
    assert_inert(page, watch)
    injection_shot(page, "map-popup", full_page=False)
    link.click()  # the popup's link still leads where it should
    page.wait_for_url(f"**/incidents/{hostile.incident}")
    assert_inert(page, watch)


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_shows_the_payloads_as_text_and_runs_none(
    name: str, signed_in: OpenPage, hostile: Hostile
) -> None:
    shown = PAGES[name]
    page, watch = signed_in(shown.role)
    response = page.goto(shown.url(hostile))
    assert response is not None and response.status == 200, f"{name}: {response and response.status}"
    if name == "map":
        page.wait_for_selector("#map[data-ready='true']", timeout=15_000)
    text = page.locator("body").inner_text()
    if name == "share" and "Nothing of this incident may be sent" in text:
        pytest.fail(f"the share preview refused the hostile incident: {text[:300]} {hostile.notes}")
    missing = [value for value in shown.literals if value not in text]
    assert missing == [], f"{name}: not shown literally: {missing}"
    assert_inert(page, watch)
    injection_shot(page, name)


def test_report_page_titles_and_text_are_literal(signed_in: OpenPage, hostile: Hostile) -> None:
    page, watch = signed_in("viewer")
    page.goto(f"/reports/{hostile.report}")
    assert page.locator("h1").inner_text() == TITLE  # {{ 7*7 }} is not 49
    assert page.title() == f"{TITLE} · Sarhad"
    assert page.get_by_text(SCRIPT, exact=False).count() > 0
    text = page.locator(".report-text").inner_text()
    for piece in (TEXTAREA, TEMPLATE, QUOTES, SCRIPT):
        assert piece in text
    assert page.locator(".report-text mark").count() >= 3  # the spans are still marked
    assert page.locator(".report-text *:not(mark):not(span)").count() == 0
    assert_inert(page, watch)


def test_incident_page_title_and_conflict_summary_are_literal(signed_in: OpenPage, hostile: Hostile) -> None:
    page, watch = signed_in("viewer")
    page.goto(f"/incidents/{hostile.incident}")
    assert page.locator("h1").inner_text().startswith(f"IED, {PLACE}")
    assert page.title().startswith(f"IED, {PLACE}")
    summary = page.locator(".conflicts").inner_text()
    assert SOURCE in summary and SECOND_SOURCE in summary
    assert page.locator("th.source-col").count() == 2
    spans = page.locator("q.span").all_inner_texts()
    assert IMG in spans and SVG in spans and QUOTES in spans
    assert_inert(page, watch)


# --- the raw HTML and the JSON API over plain HTTP --------------------------------------------------------


@pytest.mark.parametrize("name", list(PAGES))
def test_raw_html_holds_the_payloads_escaped(name: str, hostile: Hostile) -> None:
    shown = PAGES[name]
    answer = httpx.get(hostile.base + shown.url(hostile), headers=bearer(hostile, shown.role), timeout=30)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    html = answer.text
    raw = [fragment for fragment in RAW_FRAGMENTS if fragment in html]
    assert raw == [], f"{name}: unescaped markup in the HTML: {raw}"
    missing = [value for value in shown.literals if str(escape(value)) not in html]
    assert missing == [], f"{name}: not found escaped: {missing}"


def test_raw_html_of_the_audit_log_and_share_preview_hold_json_escaped(hostile: Hostile) -> None:
    audit = httpx.get(f"{hostile.base}/audit", headers=bearer(hostile, "admin"), timeout=30).text
    assert str(htmlsafe_json_dumps(WHY)) in audit  # the decision's reason, as JSON that no tag can end
    share = httpx.get(
        f"{hostile.base}/incidents/{hostile.incident}/share", headers=bearer(hostile, "liaison"), timeout=30
    ).text
    assert '<pre class="json">' in share
    assert str(escape(json.dumps(PLACE, ensure_ascii=False))) in share  # json.dumps, then escaped


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("/incidents?date_from=" + IMG, "viewer"),  # 422: the bad date is quoted back
        ("/incidents/" + IMG.replace('"', ""), "viewer"),  # 404: the unknown id is quoted back
        ("/reports/" + IMG.replace('"', ""), "viewer"),
    ],
    ids=["bad-date", "unknown-incident", "unknown-report"],
)
def test_error_pages_quote_what_was_asked_escaped(path: str, role: str, hostile: Hostile) -> None:
    answer = httpx.get(hostile.base + path, headers=bearer(hostile, role), timeout=30)
    assert answer.status_code in (404, 422)
    assert answer.headers["content-type"].startswith("text/html")
    assert "<img src=x" not in answer.text
    assert "&lt;img src=x onerror=" in answer.text


def api_json(hostile: Hostile, path: str, role: str = "viewer", status: int = 200) -> Any:
    answer = httpx.get(hostile.base + path, headers=bearer(hostile, role), timeout=30)
    assert answer.status_code == status, f"{path}: {answer.status_code} {answer.text[:200]}"
    assert answer.headers["content-type"].split(";")[0].strip() == "application/json", path
    assert not answer.text.lstrip().startswith("<"), f"{path} answered HTML"
    return answer.json()


def test_the_api_answers_json_that_keeps_the_values_exactly(hostile: Hostile) -> None:
    one = api_json(hostile, f"/api/incidents/{hostile.incident}")
    assert (one["place"], one["admin1"], one["perpetrator"]) == (PLACE, ADMIN1, PERPETRATOR)
    assert {s["source"] for s in one["sources"]} == {SOURCE, SECOND_SOURCE}
    listed = api_json(hostile, "/api/incidents")
    assert [i["place"] for i in listed["items"]] == [PLACE]
    features = api_json(hostile, "/api/incidents.geojson")["features"]
    assert [f["properties"]["place"] for f in features] == [PLACE]
    report = api_json(hostile, f"/api/reports/{hostile.report}")
    assert (report["title"], report["source"], report["url"], report["text"]) == (TITLE, SOURCE, URL, TEXT)
    release = api_json(hostile, f"/api/incidents/{hostile.incident}/release", "liaison")
    assert release["payload"]["place"] == PLACE and release["payload"]["targets"] == TARGETS
    exchange = api_json(hostile, "/api/exchange", "liaison")
    assert [p["name"] for p in exchange["peers"]] == [PEER_NAME]
    assert CLAIMED_SENDER in [r["peer"] for r in exchange["rejections"]]
    assert any(PLACE in m["summary"] for m in exchange["outbox"]), hostile.notes
    node = api_json(hostile, "/api/node")
    assert node["node"]["name"] == NODE_NAME
    audit = api_json(hostile, "/api/audit?limit=200", "admin")
    assert any(e["detail"].get("why") == WHY for e in audit if isinstance(e.get("detail"), dict))
    missing = api_json(hostile, "/api/incidents/" + IMG.replace('"', ""), status=404)
    assert "<img src=x" in str(missing)  # quoted back as data in JSON, which no browser renders as HTML
