"""Screenshots of the web view at the three sizes docs/web.md shows (1366 x 768, 1920 x 1080, 390 x 844).

Run from the repository: `.venv/bin/python scripts/web_screenshots.py` (Debian's chromium, as the
browser tests use). Each shot waits until the diagram is drawn and settled, then opens one threat's
details, so the picture shows what a user sees after one click; the phone is shot first as it opens,
the navigator itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import ViewportSize, sync_playwright  # noqa: E402
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.web_page import Watched, serve  # noqa: E402

SIZES: dict[str, tuple[ViewportSize, str]] = {
    "web-1366.png": ({"width": 1366, "height": 768}, "?selected=directpromptinjection"),
    "web-1920.png": ({"width": 1920, "height": 1080}, "?selected=directpromptinjection"),
    "web-390-navigator.png": ({"width": 390, "height": 844}, ""),
    "web-390.png": ({"width": 390, "height": 844}, "?selected=directpromptinjection"),
}


def main() -> None:
    base, server = serve(None)
    out = ROOT / "docs" / "images"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, (size, query) in SIZES.items():
                w = Watched(browser, size)
                page = w.open(base + query)
                page.wait_for_timeout(800)
                page.screenshot(path=str(out / name))
                w.context.close()
                print("wrote", out / name)
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
