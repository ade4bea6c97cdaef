"""Sarhad's browser pages: Jinja templates and static files (no CDN, no tile server)."""

from pathlib import Path

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
TEMPLATES_DIR = WEB_DIR / "templates"
