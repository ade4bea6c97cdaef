"""A situation report written out: standalone HTML (figures inline, print styles), the body the web page
embeds, Markdown (figures as SVG files beside it), and PDF printed by Debian's chromium via Playwright.

Stored text is untrusted: HTML and SVG are autoescaped, Markdown escapes what would be read as markup,
and the PDF is printed with scripts off and every request refused.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from sarhad.events import TYPE_COLOURS
from sarhad.exports import country_name
from sarhad.sitrep import figures
from sarhad.sitrep.model import SitRep
from sarhad.wording import counted, date_text, describe, type_name

FORMATS = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8", "pdf": "application/pdf"}
CHROMIUM = Path(os.environ.get("SARHAD_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")  # what is markup mid-line and in table cells


class SitrepError(RuntimeError):
    """A report that cannot be written in the format asked for, with the reason and what to do."""


@dataclass(frozen=True)
class Figures:
    map: str
    sectors: str
    trend: str

    def files(self, stem: str) -> dict[str, str]:
        """SVG file names (beside a Markdown report) and their contents."""
        return {f"{stem}-{name}.svg": svg for name, svg in vars(self).items()}


def md(value: Any) -> str:
    """Stored text as literal Markdown text: on one line, with markup characters escaped."""
    text = " ".join(str(value if value is not None else "").split())
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _environment(autoescape: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("sarhad.sitrep"),
        autoescape=select_autoescape(["html", "svg.jinja"]) if autoescape else False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(describe=describe, type_name=type_name, date_text=date_text, colours=TYPE_COLOURS)
    env.filters["md"] = md
    env.filters["count"] = counted
    return env


HTML = _environment(autoescape=True)
TEXT = _environment(autoescape=False)


def draw(report: SitRep) -> Figures:
    return Figures(
        map=HTML.get_template("map.svg.jinja").render(m=figures.incident_map(report)),
        sectors=HTML.get_template("bars.svg.jinja").render(c=figures.sector_chart(report)),
        trend=HTML.get_template("trend.svg.jinja").render(c=figures.trend_chart(report)),
    )


def context(report: SitRep) -> dict[str, Any]:
    a, b = report.countries
    party = report.party
    other = next((c for c in report.countries if c != party), None) if party else None
    return {
        "r": report,
        "h": report.headline,
        "border_name": f"{country_name(a)}–{country_name(b)} border",
        "party": party,
        "other": other,
        "country": country_name,
    }


def body(report: SitRep) -> Markup:
    """The report as an HTML fragment (the web page embeds it)."""
    html = HTML.get_template("body.html").render(**context(report), figures=_inline(draw(report)))
    return Markup(html)  # rendered by an autoescaping environment


def _inline(drawn: Figures) -> dict[str, Markup]:
    # rendered by the autoescaping environment from laid-out numbers and escaped names
    return {name: Markup(svg) for name, svg in vars(drawn).items()}


def stylesheet() -> Markup:
    """The report's styles, for a page that embeds its body (packaged CSS, no stored text)."""
    return Markup(HTML.get_template("report.css").render())


def html(report: SitRep) -> str:
    return HTML.get_template("page.html").render(**context(report), body=body(report))


def markdown(report: SitRep, figure_stem: str | None = None) -> str:
    """Markdown; with ``figure_stem`` the figures are linked as ``<stem>-map.svg`` and so on."""
    return TEXT.get_template("report.md.jinja").render(**context(report), stem=figure_stem)


def pdf(report: SitRep) -> bytes:
    """Printed by chromium: A4, the audience's marking on every page, scripts off, no request let out."""
    if not CHROMIUM.exists():
        raise SitrepError(
            f"a PDF is printed by Chromium, and there is none at {CHROMIUM}: install Debian's chromium "
            "(apt install chromium) or set SARHAD_CHROMIUM, or ask for --format html or md"
        )
    from playwright.sync_api import sync_playwright

    page_html = html(report)
    marking = HTML.get_template("marking.html").render(**context(report))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(java_script_enabled=False)
            page.route("**/*", lambda route: route.abort())
            page.set_content(page_html, wait_until="load")
            return page.pdf(
                format="A4",
                print_background=True,
                margin={"top": "16mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
                display_header_footer=True,
                header_template=marking,
                footer_template=HTML.get_template("footer.html").render(**context(report)),
            )
        finally:
            browser.close()


def write(report: SitRep, fmt: str, target: Path) -> list[Path]:
    """The report in ``fmt`` at ``target`` (and its figures beside a Markdown report), each file written
    whole or not at all; returns the paths written."""
    if fmt == "pdf":
        contents: dict[Path, str | bytes] = {target: pdf(report)}
    elif fmt == "md":
        drawn = draw(report)
        contents = {target: markdown(report, target.stem)}
        contents |= {target.with_name(name): svg for name, svg in drawn.files(target.stem).items()}
    else:
        contents = {target: html(report)}
    for path, content in contents.items():
        _atomic(path, content)
    return list(contents)


def _atomic(path: Path, content: str | bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if isinstance(content, bytes):
            temporary.write_bytes(content)
        else:
            temporary.write_text(content, encoding="utf-8")
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
