"""Helpers for the tests in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright):
the app served in a thread, a page with its console errors and CSP violations collected, and what
the page draws read from its DOM and SVG (never from the code's own constants)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, ViewportSize
from werkzeug.serving import make_server

from navigator.web.app import create_app

# Runs before the page's own scripts (injected by the driver, so the page's CSP does not apply to it).
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""
GRAPH = "document.querySelector('#diagram .js-plotly-plot')"
LAPTOP: ViewportSize = {"width": 1366, "height": 768}
DESKTOP: ViewportSize = {"width": 1920, "height": 1080}
PHONE: ViewportSize = {"width": 390, "height": 844}


def serve(catalog_dir: Path | None) -> tuple[str, Any]:
    """The app on a free loopback port, in a thread of this process (compression and headers included)."""
    app = create_app(catalog_dir)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/", server


def until(page: Page, js: str, timeout: float = 15.0) -> Any:
    """Poll a JS function until it returns something truthy (wait_for_function needs eval, which the
    CSP forbids)."""
    end = time.monotonic() + timeout
    while True:
        value = page.evaluate(js)
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {js}")
        page.wait_for_timeout(50)


class Watched:
    """A page with its console errors and CSP violations collected."""

    def __init__(self, browser: Browser, viewport: ViewportSize | None = None, **options: Any) -> None:
        self.context = browser.new_context(
            viewport=viewport or {"width": 1600, "height": 1000}, accept_downloads=True, **options
        )
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.page.add_init_script(WATCH)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, url: str) -> Page:
        self.page.goto(url)
        self.page.wait_for_selector("#diagram .js-plotly-plot .scatterlayer", state="attached", timeout=30000)
        self.until(f"() => {{ const gd = {GRAPH}; return !!(gd && gd.data && gd.data.length > 10); }}", 30)
        self.settled()
        return self.page

    def settled(self) -> None:
        """Until no relayout is pending (the canvas is neither loading nor busy)."""
        self.until("() => { const c = document.getElementById('canvas'); return c && !c.matches('.loading, .busy'); }")
        self.page.wait_for_timeout(150)
        self.until("() => { const c = document.getElementById('canvas'); return c && !c.matches('.loading, .busy'); }")

    def until(self, js: str, timeout: float = 15.0) -> Any:
        return until(self.page, js, timeout)

    def trace(self, name: str) -> dict[str, Any]:
        return self.page.evaluate(
            f"(name) => {{ const t = {GRAPH}.data.find(t => t.name === name); "
            "return {x: t.x, meta: t.meta, visible: t.visible}; }",
            name,
        )

    def check_clean(self) -> None:
        assert self.page.evaluate("() => window.__csp") == [], "CSP violations"
        assert self.errors == [], "console errors"

    def close(self) -> None:
        self.context.close()


def reveal(page: Page, element_id: str) -> tuple[float, float]:
    """Scroll the canvas so that an element's (middle) hover point shows, and return where it is on screen."""
    pos = page.evaluate(
        f"""(id) => {{
            const gd = {GRAPH};
            const tr = gd.data.find(t => t.name === 'items');
            const hits = tr.customdata.map((c, i) => c === id ? i : -1).filter(i => i >= 0);
            const i = hits[Math.floor(hits.length / 2)];
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            const canvas = document.getElementById('canvas');
            const r = () => gd.querySelector('.nsewdrag').getBoundingClientRect();
            const c = canvas.getBoundingClientRect();
            let y = r().top + ya.l2p(tr.y[i]);
            if (y < c.top + 20 || y > c.bottom - 20) {{
                canvas.scrollTop += y - (c.top + c.height / 2);
            }}
            return [r().left + xa.l2p(tr.x[i]), r().top + ya.l2p(tr.y[i])];
        }}""",
        element_id,
    )
    return pos[0], pos[1]


def drawn_sizes(page: Page, texts: list[str]) -> dict[str, float]:
    """The font size, in CSS px, at which the diagram's SVG draws each of these texts (the first of each)."""
    return page.evaluate(
        """(texts) => {
            const out = {};
            for (const t of document.querySelectorAll('#diagram .textpoint text')) {
                if (texts.includes(t.textContent) && !(t.textContent in out)) {
                    out[t.textContent] = parseFloat(getComputedStyle(t).fontSize);
                }
            }
            return out;
        }""",
        texts,
    )


def smallest_drawn(page: Page) -> float:
    """The smallest font size of any text the diagram draws, in CSS px."""
    return page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('#diagram .textpoint text')]
            .filter(t => t.textContent.trim()).map(t => parseFloat(getComputedStyle(t).fontSize)))"""
    )
