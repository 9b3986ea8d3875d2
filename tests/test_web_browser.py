"""End to end in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

One browser and one server for the module; each test loads a page and makes several checks on it.
The page runs under the app's real Content-Security-Policy, so any script or style the policy
blocks shows up here as a violation.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from navigator.web.app import create_app

from .conftest import MINIMAL
from .support.chromium import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

# Runs before the page's own scripts (injected by the driver, so the page's CSP does not apply to it).
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b> & co'


def serve(catalog_dir: Path | None) -> tuple[str, Any]:
    """The app on a free loopback port, in a thread of this process."""
    app = create_app(catalog_dir)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/", server


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    url, server = serve(None)
    try:
        yield url
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def evil_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The minimal catalog with markup and script in a threat's title and a control's summary."""
    target = tmp_path_factory.mktemp("evil") / "cat"
    shutil.copytree(MINIMAL, target)
    items = target / "items.yaml"
    text = items.read_text(encoding="utf-8").replace("    title: Injection\n", f"    title: {json.dumps(EVIL)}\n")
    items.write_text(text.replace("summary: Watch use.", f"summary: {json.dumps(EVIL)}"), encoding="utf-8")
    url, server = serve(target)
    try:
        yield url
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class Watched:
    """A page with its console errors and CSP violations collected."""

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.page.add_init_script(WATCH)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, url: str) -> Page:
        self.page.goto(url)
        self.page.wait_for_selector("#diagram .js-plotly-plot .scatterlayer", state="attached", timeout=15000)
        self.until(
            "() => { const gd = document.querySelector('#diagram .js-plotly-plot'); "
            "return !!(gd && gd.data && gd.data.length > 10); }"
        )
        return self.page

    def until(self, js: str, timeout: float = 10.0) -> Any:
        """Poll a JS function until it returns something truthy (wait_for_function needs eval, which the
        CSP forbids)."""
        end = time.monotonic() + timeout
        while True:
            value = self.page.evaluate(js)
            if value:
                return value
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting for {js}")
            self.page.wait_for_timeout(50)

    def trace(self, name: str) -> dict[str, Any]:
        return self.page.evaluate(
            (
                "(name) => { const t = document.querySelector('#diagram .js-plotly-plot').data.find("
                "t => t.name === name); return {x: t.x, meta: t.meta, visible: t.visible}; }"
            ),
            name,
        )

    def check_clean(self) -> None:
        assert self.page.evaluate("() => window.__csp") == [], "CSP violations"
        assert self.errors == [], "console errors"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    w = Watched(browser)
    try:
        yield w
    finally:
        w.close()


def hover_point(page: Page, element_id: str) -> tuple[float, float]:
    """Where on screen an element's (middle) hover point is drawn."""
    pos = page.evaluate(
        """(id) => {
            const gd = document.querySelector('#diagram .js-plotly-plot');
            const tr = gd.data.find(t => t.name === 'items');
            const hits = tr.customdata.map((c, i) => c === id ? i : -1).filter(i => i >= 0);
            const i = hits[Math.floor(hits.length / 2)];
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            const r = gd.querySelector('.nsewdrag').getBoundingClientRect();
            return [r.left + xa.l2p(tr.x[i]), r.top + ya.l2p(tr.y[i])];
        }""",
        element_id,
    )
    return pos[0], pos[1]


VEILED = (
    "() => { const t = document.querySelector('#diagram .js-plotly-plot').data.find(t => t.name === 'filter-veil'); "
    "return t.meta.ids.length && t.meta.ids; }"
)


def test_filter_click_zoom_keyboard_history_and_links(watched: Watched, base_url: str, browser: Browser) -> None:
    page = watched.open(base_url)
    assert page.title() == "AI security threats and controls navigator"
    assert page.evaluate("() => document.fonts.check(\"bold 12px 'Noto Sans'\")")
    assert watched.trace("filter-veil")["x"] == []
    assert page.evaluate("() => document.querySelectorAll('#diagram .textpoint').length") > 200  # card text is drawn
    # every form control has the accessible name a screen reader announces
    assert page.get_by_role("searchbox", name="Search", exact=True).count() == 1
    assert page.get_by_role("button", name="Show details of Type a threat or control…", exact=True).count() == 1
    assert page.get_by_role("group", name="Risk (impact)").get_by_role("checkbox").count() == 7
    assert page.get_by_role("checkbox", name="Model availability 1 threat", exact=True).count() == 1
    assert page.get_by_role("radio", name="Faded in place", exact=True).count() == 1
    assert page.get_by_role("button", name="Reset filters", exact=True).count() == 1

    # choosing a risk fades the rest and writes the URL
    page.locator("#risk-filter input[value='model-availability']").check()
    watched.until("() => location.search === '?risk=model-availability'")
    veiled = watched.until(VEILED)
    assert "card:evasion" in veiled and "card:airesourceexhaustion" not in veiled
    assert "Showing 1 of" in page.inner_text("#status")

    # clicking a threat on the diagram fills the details panel and lights up its controls
    x, y = hover_point(page, "card:airesourceexhaustion")
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    watched.until("() => location.search.includes('selected=airesourceexhaustion')")
    watched.until(
        "() => document.querySelector('#details h2') && "
        "document.querySelector('#details h2').textContent.includes('AI resource exhaustion')"
    )
    details = page.inner_text("#details")
    assert "Controls against it" in details and "DOS INPUT VALIDATION" in details
    assert watched.trace("primary-outline")["meta"]["ids"] == ["card:airesourceexhaustion"]
    links = page.eval_on_selector_all("#details a[target=_blank]", "els => els.map(e => [e.href, e.rel])")
    assert links and all(h.startswith("https://") and r == "noopener noreferrer" for h, r in links)
    shared = page.url

    # zooming in with the wheel keeps the zoom and sizes text to it, so it still fits its card
    scale = (
        "() => { const xa = document.querySelector('#diagram .js-plotly-plot')._fullLayout.xaxis; "
        "return xa._length / Math.abs(xa.range[1] - xa.range[0]); }"
    )
    before = page.evaluate(scale)
    page.mouse.move(700, 400)
    for _ in range(3):
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(80)
    fitted = """() => { const gd = document.querySelector('#diagram .js-plotly-plot'); const xa = gd._fullLayout.xaxis;
        const k = xa._length / Math.abs(xa.range[1] - xa.range[0]);
        const row = gd.data.find(t => t.mode === 'text' && t.meta.size === 7.2);
        return Math.abs(row.textfont.size / (7.2 * k) - 1) < 0.04 && k; }"""
    watched.until(f"() => ({scale})() > {before} * 1.3")
    assert watched.until(fitted) > before * 1.3

    # back and forward walk through the views
    page.go_back()
    watched.until("() => location.search === '?risk=model-availability'")
    watched.until("() => !document.querySelector('#details h2')")
    page.go_back()
    watched.until("() => location.search === ''")
    watched.until("() => !document.querySelector(\"#risk-filter input[value='model-availability']\").checked")
    page.go_forward()
    watched.until("() => document.querySelector(\"#risk-filter input[value='model-availability']\").checked")

    # the keyboard alone reaches a control's details
    page.focus("#search")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "details-select"
    page.keyboard.press("Enter")
    watched.until("() => document.activeElement.classList.contains('dash-dropdown-search')")
    page.keyboard.type("MONITOR USE", delay=20)
    watched.until(
        "() => { const o = document.querySelectorAll('.dash-dropdown-option'); "
        "return o.length === 1 && o[0].textContent.includes('MONITOR USE'); }"
    )
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    watched.until("() => location.search.includes('selected=monitoruse')")
    watched.until(
        "() => document.querySelector('#details h2') && "
        "document.querySelector('#details h2').textContent === 'MONITOR USE'"
    )
    assert "Threats it helps against" in page.inner_text("#details")

    # search by a framework reference
    page.fill("#search", "AML.T0051")
    page.keyboard.press("Enter")
    watched.until("() => location.search.includes('search=AML.T0051')")
    watched.check_clean()

    # the link of a view, opened in a fresh page, shows the same view
    fresh = Watched(browser)
    try:
        again = fresh.open(shared)
        assert again.locator("#risk-filter input[value='model-availability']").is_checked()
        assert fresh.until(VEILED) == veiled
        fresh.until(
            "() => document.querySelector('#details h2') && "
            "document.querySelector('#details h2').textContent.includes('AI resource exhaustion')"
        )
        assert fresh.trace("primary-outline")["meta"]["ids"] == ["card:airesourceexhaustion"]
        fresh.check_clean()
    finally:
        fresh.close()


def test_hidden_mode_notices_download_and_reset(watched: Watched, base_url: str, tmp_path: Path) -> None:
    page = watched.open(f"{base_url}?risk=model-availability&mode=hidden&selected=evasion&bogus=1&risk=nope")
    notices = page.inner_text("#notices")
    assert "'bogus'" in notices and "'nope'" in notices
    assert page.locator("#mode input[value='hidden']").is_checked()
    height = watched.until(
        "() => { const gd = document.querySelector('#diagram .js-plotly-plot'); "
        "return gd.layout.meta.key.startsWith('slice:') && gd.layout.meta.height; }"
    )
    assert "Not in the current filtered view" in page.inner_text("#details")

    # the PDF of the current view, made by the same renderer as `navigator build`
    watched.until(
        "() => document.getElementById('download-pdf').getAttribute('href') "
        "=== '/download/navigator.pdf?risk=model-availability'"
    )
    with page.expect_download(timeout=60000) as info:
        page.click("#download-pdf")
    target = tmp_path / "navigator.pdf"
    info.value.save_as(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    assert info.value.suggested_filename == "navigator.pdf"

    # reset returns to the whole catalog, keeping the mode and the selection
    page.click("#reset")
    watched.until("() => location.search === '?selected=evasion&mode=hidden'")
    full = watched.until(
        "() => { const gd = document.querySelector('#diagram .js-plotly-plot'); "
        "return gd.layout.meta.key === 'full' && gd.layout.meta.height; }"
    )
    assert full > height
    assert not page.locator("#risk-filter input[value='model-availability']").is_checked()
    watched.check_clean()


def test_catalog_text_never_runs_as_script(watched: Watched, evil_url: str) -> None:
    page = watched.open(f"{evil_url}?selected=injection")
    watched.until("() => document.querySelector('#details h2')")
    assert page.inner_text("#details h2") == f"2.1 {EVIL}"  # shown as text, all of it
    x, y = hover_point(page, "card:injection")
    page.mouse.move(x, y)
    label = watched.until(
        "() => { const h = document.querySelector('#diagram .hoverlayer'); "
        "return h && h.textContent.includes('onerror') && h.textContent; }"
    )
    assert "<img" in label and "<b>bold</b>" in label
    # the options of "Show details of" are text too
    page.focus("#details-select")
    page.keyboard.press("Enter")
    watched.until(
        "() => [...document.querySelectorAll('.dash-dropdown-option')].some(o => o.textContent.includes('<script>'))"
    )
    page.keyboard.press("Escape")
    page.goto(f"{evil_url}?selected=monitor")
    watched.until(
        "() => document.querySelector('#details .summary') && "
        "document.querySelector('#details .summary').textContent.includes('onerror')"
    )
    assert page.evaluate("() => window.__pwned") is None
    assert (
        page.evaluate(
            "() => document.querySelectorAll('#react-entry-point img, "
            "#react-entry-point script, #react-entry-point b, #diagram b').length"
        )
        == 0
    )
    watched.check_clean()  # no CSP violation either: nothing even tried to run
