"""The web view on real screens, in headless Chromium at 1366 x 768 (the most common laptop),
1920 x 1080 and 390 x 844 (a phone): text drawn at a readable size, a scale that nothing but the
user changes, a phone layout without sideways scrolling, no button that sends data elsewhere, a
loading state at once, and what a first visit costs. Sizes are read from the SVG plotly draws and
the DOM, never from the code's constants.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from .web_page import DESKTOP, GRAPH, LAPTOP, PHONE, Watched, drawn_sizes, reveal, smallest_drawn, until

pytestmark = pytest.mark.browser

CONTROL = "MONITOR USE"  # a control name: drawn in several cards
TITLE = "2.1 Evasion"  # a card title
FIRST_VISIT_BYTES = 2_500_000  # issue 14: at most 2.5 MB moved on a first visit


def opened(browser: Browser, url: str, viewport: ViewportSize) -> tuple[Watched, Page]:
    w = Watched(browser, viewport)
    return w, w.open(url)


def control_px(page: Page) -> float:
    return drawn_sizes(page, [CONTROL])[CONTROL]


def select_on_diagram(w: Watched, element_id: str, ref: str) -> None:
    # The diagram is laid out again for the canvas's width once the panel has moved: a click that
    # lands while the new drawing replaces the old one hits a point that has gone, so it is tried
    # again at the point's new place (a user clicks again; the test must not depend on timing).
    for attempt in range(3):
        w.settled()
        x, y = reveal(w.page, element_id)
        w.page.mouse.move(x, y)
        w.page.mouse.click(x, y)
        try:
            w.until(f"() => location.search.includes('selected={ref}')", 5 if attempt < 2 else 15)
            break
        except AssertionError:
            if attempt == 2:
                raise
    w.until("() => document.getElementById('details-panel').classList.contains('open')")
    w.settled()


def test_laptop_text_is_readable_and_the_scale_never_drifts(browser: Browser, base_url: str) -> None:
    w, page = opened(browser, base_url, LAPTOP)
    try:
        closed = control_px(page)
        assert closed >= 12, closed  # issue 14: control names at least 12 px at 1366 x 768
        assert drawn_sizes(page, [TITLE])[TITLE] > closed
        # the page scrolls instead of shrinking: the diagram is taller than the window, never wider
        assert page.evaluate(
            "() => { const c = document.getElementById('canvas'); return c.scrollHeight > c.clientHeight; }"
        )
        assert page.evaluate(
            "() => { const c = document.getElementById('canvas'); return c.scrollWidth <= c.clientWidth; }"
        )
        for cycle in range(3):
            select_on_diagram(w, "card:evasion", "evasion")
            opened_px = control_px(page)
            assert opened_px >= 11, (cycle, opened_px)  # 11 px with the panel open
            if cycle % 2:
                page.click("#details-close")
            else:
                page.keyboard.press("Escape")
            w.until("() => !document.getElementById('details-panel').classList.contains('open')")
            w.settled()
        after = control_px(page)
        assert abs(after / closed - 1) <= 0.02, (closed, after)  # three cycles leave the scale within 2 %
        # resizing the window relays the diagram out at the same text size
        page.set_viewport_size({"width": 1200, "height": 768})
        w.until("() => document.getElementById('canvas').classList.contains('busy')", 5)
        w.settled()
        assert abs(control_px(page) / closed - 1) <= 0.02
        page.set_viewport_size(LAPTOP)
        w.settled()
        assert abs(control_px(page) / closed - 1) <= 0.02
        w.check_clean()
    finally:
        w.close()


def test_wide_screens_draw_larger_text(browser: Browser, base_url: str) -> None:
    w, page = opened(browser, base_url, DESKTOP)
    try:
        assert control_px(page) >= 13  # issue 14: at least 13 px at 1920
        select_on_diagram(w, "card:promptinjection", "promptinjection")
        assert control_px(page) >= 13
        w.check_clean()
    finally:
        w.close()


def test_the_whole_navigator_keeps_its_zoom_through_the_panel(browser: Browser, base_url: str) -> None:
    w, page = opened(browser, base_url, LAPTOP)
    try:
        page.click("#overview")
        w.until(f"() => {GRAPH}.layout.meta.k === 0")
        w.settled()
        assert page.get_attribute("#overview", "aria-pressed") == "true"
        scale = (
            f"() => {{ const xa = {GRAPH}._fullLayout.xaxis; "
            "return xa._length / Math.abs(xa.range[1] - xa.range[0]); }"
        )
        before = page.evaluate(scale)
        page.click("#zoom-in")
        w.until(f"() => ({scale})() > {before} * 1.2")
        zoomed = page.evaluate(scale)
        for _ in range(3):
            page.focus("#details-select")
            page.keyboard.press("Enter")
            page.keyboard.type("MONITOR USE", delay=10)
            w.until("() => document.querySelectorAll('.dash-dropdown-option').length === 1")
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
            w.until("() => document.getElementById('details-panel').classList.contains('open')")
            page.wait_for_timeout(400)
            page.keyboard.press("Escape")
            w.until("() => !document.getElementById('details-panel').classList.contains('open')")
            page.wait_for_timeout(400)
        assert abs(page.evaluate(scale) / zoomed - 1) <= 0.02
        page.click("#zoom-reset")
        w.until(f"() => Math.abs(({scale})() / {before} - 1) < 0.02")
        w.check_clean()
    finally:
        w.close()


def test_a_phone_gets_one_column_a_drawer_and_a_sheet(browser: Browser, base_url: str) -> None:
    w, page = opened(browser, base_url, PHONE)
    try:
        no_sideways = """() => document.documentElement.scrollWidth <= innerWidth &&
            document.getElementById('canvas').scrollWidth <= document.getElementById('canvas').clientWidth"""
        assert page.evaluate(no_sideways)
        assert smallest_drawn(page) >= 14  # issue 14: text at least 14 px on a phone
        # the filters are in a drawer that opens and closes
        assert not page.locator("#sidebar").is_visible()
        page.click("#filters-toggle")
        w.until("() => document.getElementById('filters-toggle').getAttribute('aria-expanded') === 'true'")
        w.until("() => { const r = document.getElementById('sidebar').getBoundingClientRect(); return r.left >= 0; }")
        assert page.locator("#risk-filter").is_visible()
        assert page.evaluate("() => document.activeElement.id") == "search"
        page.keyboard.press("Escape")
        w.until("() => document.getElementById('filters-toggle').getAttribute('aria-expanded') === 'false'")
        page.click("#filters-toggle")
        page.click("#filters-done")
        w.until("() => document.getElementById('filters-toggle').getAttribute('aria-expanded') === 'false'")
        # the drawer slides away: a tap before it has gone lands on its options, not on the diagram
        w.until("() => document.getElementById('sidebar').getBoundingClientRect().right <= 0")
        # the details panel is a full-width sheet with Back
        select_on_diagram(w, "card:evasion", "evasion")
        box = page.locator("#details-panel").bounding_box()
        assert box is not None and box["width"] == PHONE["width"] and box["x"] == 0
        assert page.get_by_role("button", name="← Back").is_visible()
        page.get_by_role("button", name="← Back").click()
        w.until("() => !document.getElementById('details-panel').classList.contains('open')")
        assert page.evaluate(no_sideways)
        w.check_clean()
    finally:
        w.close()


THIRD_PARTY = re.compile(r"chart studio|plotly|send data|share|cloud|edit in", re.IGNORECASE)


def test_nothing_on_the_page_sends_data_to_a_third_party(browser: Browser, base_url: str) -> None:
    w, page = opened(browser, base_url, LAPTOP)
    try:
        labels = page.evaluate(
            """() => [...document.querySelectorAll('button, a, [role=button], [data-title], [title]')].map(e =>
                [e.textContent, e.getAttribute('title'), e.getAttribute('data-title'), e.getAttribute('aria-label')]
                .filter(Boolean).join(' '))"""
        )
        assert not [x for x in labels if THIRD_PARTY.search(x)]
        # plotly's mode bar ("Edit in Chart Studio", its logo's link to plotly.com) is not drawn at all
        assert page.evaluate("() => document.querySelectorAll('.modebar-btn, .modebar-group, .modebar a').length") == 0
        origin = base_url.rstrip("/")
        # links leave the site only as the catalog's own links to its docs, which send no referrer
        # ("Your system" links each question's help to the docs, as the details panel links items)
        links = page.evaluate(
            """() => [...document.querySelectorAll('a[href]')]
                .filter(a => !(a.classList.contains('external') && a.rel.includes('noreferrer')))
                .map(a => a.href)"""
        )
        assert all(h.startswith(origin) for h in links), [h for h in links if not h.startswith(origin)]
        # and nothing inside the diagram takes the keyboard's focus
        assert (
            page.evaluate("() => document.querySelectorAll('#diagram [tabindex], #diagram a, #diagram button').length")
            == 0
        )
        w.check_clean()
    finally:
        w.close()


def test_items_look_clickable(browser: Browser, base_url: str) -> None:
    w, page = opened(browser, base_url, LAPTOP)
    try:
        assert "Click a threat or a control" in page.inner_text(".toolbar")
        cursor = "() => getComputedStyle(document.querySelector('#diagram .nsewdrag')).cursor"
        x, y = reveal(page, "card:evasion")
        page.mouse.move(x, y)
        w.until(f"() => ({cursor})() === 'pointer'")
        legend = page.evaluate(
            "() => [...document.querySelectorAll('#diagram .textpoint text')].map(t => t.textContent).join(' ')"
        )
        assert "Click" in legend and "in the PDF" not in legend  # the legend says what clicking does here
        w.check_clean()
    finally:
        w.close()


LOADING_WATCH = """
window.__frames = {loading: 0, blank: 0, drawn: false};
document.addEventListener('DOMContentLoaded', () => {
    window.__dcl = !!document.querySelector('._dash-loading') && performance.now();
    const look = () => {
        const visible = s => [...document.querySelectorAll(s)].some(e => e.getClientRects().length &&
            getComputedStyle(e).visibility !== 'hidden');
        const drawn = !!document.querySelector('#diagram .scatterlayer .trace');
        if (drawn) { window.__frames.drawn = true; return; }
        if (visible('._dash-loading') || visible('.canvas-loading')) { window.__frames.loading++; }
        else { window.__frames.blank++; }
        requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
});
"""


def test_a_first_visit_shows_a_loading_state_and_moves_little(browser: Browser, base_url: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport=LAPTOP)
    try:
        page = context.new_page()
        page.add_init_script(LOADING_WATCH)
        requests: list = []
        page.on("requestfinished", lambda r: requests.append(r))
        page.goto(base_url)
        until(page, "() => window.__frames.drawn", 30)
        page.wait_for_timeout(1500)  # fonts and late chunks
        # the loading screen is in the page itself, styled without waiting for a stylesheet, so the first
        # paint shows it (how soon, on this machine, is measured in benchmarks/web.py); and until the
        # diagram is drawn, not one frame goes by without it or the canvas's own loading state
        assert page.evaluate("() => window.__dcl") is not False
        assert "._dash-loading" in page.evaluate("() => document.getElementById('boot-style').textContent")
        frames = page.evaluate("() => window.__frames")
        assert frames["blank"] == 0 and frames["loading"] > 0, frames  # something says it is loading until drawn
        first = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in requests)
        urls = [r.url for r in requests]
        assert first <= FIRST_VISIT_BYTES, first
        assert not [u for u in urls if "dash_table" in u or "plotly.min.js" in u]  # no unused or full bundles
        assert not [u for u in urls if "NotoEmoji" in u]  # 900 kB for one symbol: the page uses none
        requests.clear()
        page.reload()
        until(page, "() => document.querySelector('#diagram .scatterlayer .trace')", 30)
        page.wait_for_timeout(1500)
        static = [r for r in requests if re.search(r"/(assets|_dash-component-suites|fonts)/", r.url)]
        again = sum(r.sizes()["responseBodySize"] for r in static)
        assert again < 20_000, [(r.url, r.sizes()["responseBodySize"]) for r in static if r.sizes()["responseBodySize"]]
    finally:
        context.close()
