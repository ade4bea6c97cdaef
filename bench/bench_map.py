"""The map page with many incidents: `python -m bench.bench_map [N]` (default 10,000).

Writes N incidents along the border into a fresh SQLite file, serves it, and opens the map in Debian's
chromium (Playwright): prints the size of the page's HTML, the size of the incident data the map fetched
for its first view, and the seconds from navigation until the map has drawn that view.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Response, sync_playwright

from bench.bench_load import bench_token, served

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support.browser import ARGS, CHROMIUM
from support.crowd import seed_crowd


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'map.db'}"
        seed_crowd(url, count)
        token = bench_token(url)
        with served(url) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page(base_url=base, extra_http_headers={"Authorization": f"Bearer {token}"})
            sizes: dict[str, int] = {}

            def seen(response: Response) -> None:
                path = response.url.removeprefix(base).split("?")[0]
                if path in ("/", "/api/map/incidents.geojson"):
                    sizes[path] = len(response.body())

            page.on("response", seen)
            page.goto("/login")  # the browser's caches and the server's pools are warm from here on
            started = time.perf_counter()
            page.goto("/")
            page.wait_for_selector("#map[data-ready='true']", state="attached", timeout=60_000)
            ready = time.perf_counter() - started
            clusters = page.locator(".cluster-marker").count()
            browser.close()
    print(
        f"{count:,} incidents: map page HTML {sizes.get('/', 0) / 1000:.1f} kB, first view's data "
        f"{sizes.get('/api/map/incidents.geojson', 0) / 1000:.1f} kB ({clusters} clusters), "
        f"ready in {ready:.2f} s"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
