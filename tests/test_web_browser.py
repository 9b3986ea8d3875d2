"""End to end in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

One browser and one server for the module; each test loads a page and makes several checks on it.
The page runs under the app's real Content-Security-Policy, so any script or style the policy
blocks shows up here as a violation.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from navigator import api

from .conftest import MINIMAL
from .web_page import GRAPH, Watched, reveal, serve

pytestmark = pytest.mark.browser

EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b> & co'


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


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    w = Watched(browser)
    try:
        yield w
    finally:
        w.close()


VEILED = (
    f"() => {{ const t = {GRAPH}.data.find(t => t.name === 'filter-veil'); return t.meta.ids.length && t.meta.ids; }}"
)
OPEN = "() => document.getElementById('details-panel').classList.contains('open')"


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
    watched.settled()
    x, y = reveal(page, "card:airesourceexhaustion")
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

    # Escape closes the panel and the focus returns to the diagram the item was chosen on
    page.keyboard.press("Escape")
    watched.until(f"() => !({OPEN})()")
    watched.until("() => document.activeElement.id === 'canvas'")
    watched.until("() => !location.search.includes('selected=')")

    # the whole navigator: zooming in with the wheel keeps the zoom and sizes text to it
    watched.settled()
    page.click("#overview")
    watched.until(f"() => {GRAPH}.layout.meta.k === 0")
    watched.settled()
    scale = (
        f"() => {{ const xa = {GRAPH}._fullLayout.xaxis; return xa._length / Math.abs(xa.range[1] - xa.range[0]); }}"
    )
    before = page.evaluate(scale)
    page.mouse.move(800, 500)
    for _ in range(3):
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(80)
    fitted = f"""() => {{ const gd = {GRAPH}; const xa = gd._fullLayout.xaxis;
        const k = xa._length / Math.abs(xa.range[1] - xa.range[0]);
        const row = gd.data.find(t => t.mode === 'text' && t.meta.size === 7.2);
        return Math.abs(row.textfont.size / (7.2 * k) - 1) < 0.04 && k; }}"""
    watched.until(f"() => ({scale})() > {before} * 1.3")
    assert watched.until(fitted) > before * 1.3
    page.click("#overview")  # back to the diagram laid out for the window
    watched.until(f"() => {GRAPH}.layout.meta.k > 0")

    # back and forward walk through the views
    page.go_back()
    watched.until("() => location.search === '?risk=model-availability&selected=airesourceexhaustion'")
    watched.until(OPEN)
    page.go_back()
    watched.until("() => location.search === '?risk=model-availability'")
    watched.until(f"() => !({OPEN})()")
    page.go_back()
    watched.until("() => location.search === ''")
    watched.until("() => !document.querySelector(\"#risk-filter input[value='model-availability']\").checked")
    page.go_forward()
    watched.until("() => document.querySelector(\"#risk-filter input[value='model-availability']\").checked")

    # the keyboard alone reaches a control's details, by a framework id too, and lands in the panel
    page.focus("#search")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "details-select"
    page.keyboard.press("Enter")
    watched.until("() => document.activeElement.classList.contains('dash-dropdown-search')")
    page.keyboard.type("LLM01", delay=20)
    options = watched.until(
        "() => { const o = [...document.querySelectorAll('.dash-dropdown-option')].map(o => o.textContent); "
        "return o.length && o; }"
    )
    mapped = [t.label for t in api.load().threats if any(r.id.startswith("LLM01:") for r in t.references)]
    assert sorted(options) == sorted(f"Threat {label}" for label in mapped)
    for _ in range(5):
        page.keyboard.press("Backspace")
    page.keyboard.type("MONITOR USE", delay=20)
    watched.until(
        "() => { const o = document.querySelectorAll('.dash-dropdown-option'); "
        "return o.length === 1 && o[0].textContent.includes('MONITOR USE'); }"
    )
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    watched.until("() => location.search.includes('selected=monitoruse')")
    watched.until("() => document.activeElement.id === 'details-title'")  # no Tabs needed to reach the panel
    assert page.inner_text("#details h2") == "MONITOR USE"
    assert "Threats it helps against" in page.inner_text("#details")
    page.keyboard.press("Escape")
    watched.until(f"() => !({OPEN})()")
    watched.until("() => document.getElementById('details-select').contains(document.activeElement)")

    # search: Enter applies it at once; direct hits are listed and outlined, the rest is context
    page.click("#reset")
    watched.until("() => location.search === ''")
    page.fill("#search", "prompt injection")
    pressed = page.evaluate("() => performance.now()")
    page.keyboard.press("Enter")
    watched.until("() => location.search.includes('search=prompt%20injection')")
    sent = page.evaluate(
        "(t) => Math.min(...performance.getEntriesByType('resource').filter(r => "
        "r.name.includes('_dash-update-component') && r.startTime > t).map(r => r.startTime)) - t",
        pressed,
    )
    assert sent < 500, sent  # sent at once, not after the 800 ms pause that typing waits for
    results = watched.until(
        "() => { const r = document.getElementById('search-results'); return r.textContent.includes('match') && "
        "r.textContent; }"
    )
    assert "2.2 Prompt injection" in results and "2.1 Evasion" not in results and "shown for context" in results
    hits = watched.until(
        f"() => {{ const t = {GRAPH}.data.find(t => t.name === 'search-hit'); "
        "return t.meta.ids.length && t.meta.ids; }"
    )
    assert "card:promptinjection" in hits and "card:evasion" not in hits
    page.fill("#search", "zzqqx")
    page.keyboard.press("Enter")
    watched.until(
        "() => document.getElementById('search-results').textContent.includes('No threat or control matches')"
    )
    # a search result is a link to the item's details
    page.fill("#search", "LLM01")
    page.keyboard.press("Enter")
    watched.until("() => document.querySelector('#search-results a')")
    page.focus("#search-results a")
    page.keyboard.press("Enter")
    watched.until("() => location.search.includes('selected=')")
    watched.until("() => document.activeElement.id === 'details-title'")
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


def test_the_framework_filter(watched: Watched, base_url: str) -> None:
    page = watched.open(base_url)
    page.click("#framework-filter")
    page.keyboard.type("LLM01", delay=20)
    watched.until("() => document.querySelectorAll('.dash-dropdown-option').length")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    watched.until("() => location.search.startsWith('?ref=LLM01')")
    veiled = watched.until(VEILED)
    assert "card:evasion" in veiled and "card:directpromptinjection" not in veiled
    assert "Showing 3 of" in page.inner_text("#status")
    watched.check_clean()


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
    assert info.value.suggested_filename == "navigator-risk-model-availability.pdf"  # named after the view

    # reset returns to the whole catalog, keeping the mode and the selection
    page.click("#reset")
    watched.until("() => location.search === '?selected=evasion&mode=hidden'")
    full = watched.until(
        "() => { const gd = document.querySelector('#diagram .js-plotly-plot'); "
        "return gd.layout.meta.key.startsWith('full') && gd.layout.meta.height; }"
    )
    assert full > height
    assert not page.locator("#risk-filter input[value='model-availability']").is_checked()
    watched.check_clean()


def test_catalog_text_never_runs_as_script(watched: Watched, evil_url: str) -> None:
    page = watched.open(f"{evil_url}?selected=injection")
    watched.until("() => document.querySelector('#details h2')")
    assert page.inner_text("#details h2") == f"2.1 {EVIL}"  # shown as text, all of it
    x, y = reveal(page, "card:injection")
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
