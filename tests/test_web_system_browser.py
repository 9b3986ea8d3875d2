""" "Your system" in real headless Chromium: answering a question makes threats leave the view, setting a
control's status draws its row marks and the coverage bars, a link shares both, an uploaded file with
a mistake says where, and a phone can do all of it. What is drawn is read from the figure plotly
holds and the page's DOM."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from .web_page import GRAPH, LAPTOP, PHONE, Watched, reveal

pytestmark = pytest.mark.browser

NOT_GENAI = "card:directpromptinjection"  # prompt injection is a threat of generative AI only (the docs' tree)


def meta_ids(w: Watched, name: str) -> list[str]:
    meta: dict[str, Any] = w.trace(name)["meta"]
    return list(meta.get("ids", []))


def layer(w: Watched, selector: str) -> list[dict[str, Any]]:
    """The status layer's shapes matching `selector` (`rect.mark[data-status=partial]`), with where
    they are drawn on screen."""
    return list(
        w.page.evaluate(
            """(sel) => [...document.querySelectorAll('#status-layer ' + sel)].map(r => {
                const b = r.getBoundingClientRect();
                return {id: r.dataset.id, share: r.dataset.share, x: b.x, y: b.y, w: b.width, h: b.height};
            })""",
            selector,
        )
    )


def marked(w: Watched, word: str) -> list[str]:
    return [r["id"] for r in layer(w, f"rect.mark[data-status={word}]")]


def on_plot(w: Watched, shape: dict[str, Any]) -> bool:
    """Whether a shape is drawn inside the plot area, at a visible size."""
    plot = w.page.locator("#diagram .nsewdrag").bounding_box()
    assert plot is not None
    inside = (
        plot["x"] <= shape["x"] <= plot["x"] + plot["width"] and plot["y"] <= shape["y"] <= plot["y"] + plot["height"]
    )
    return bool(inside and shape["w"] > 0.5 and shape["h"] > 0.5)


def radio(w: Watched, component_id: str, label: str) -> None:
    w.page.locator(f"#{component_id} label", has_text=label).first.click()


def test_answering_a_question_makes_threats_leave(browser: Browser, base_url: str) -> None:
    w = Watched(browser, LAPTOP)
    try:
        page = w.open(base_url)
        assert NOT_GENAI not in meta_ids(w, "filter-veil")
        page.click("#system > summary")
        assert page.locator("#answer-genai").is_visible()
        assert page.locator("#answer-genai input[value='']").is_checked()  # "Don't know" at first
        radio(w, "answer-genai", "No")
        w.until("() => location.search.includes('genai=no')")
        w.until(
            f"() => {{ const t = {GRAPH}.data.find(t => t.name === 'filter-veil'); "
            f"return t.meta.ids && t.meta.ids.includes('{NOT_GENAI}'); }}"
        )
        assert "card:evasion" not in meta_ids(w, "filter-veil")
        assert page.locator("#status").inner_text().startswith("Showing ")
        assert "genai=no" in (page.locator("#download-xlsx").get_attribute("href") or "")
        w.check_clean()
    finally:
        w.close()


def test_a_status_set_in_the_panel_marks_rows_and_fills_coverage_bars(browser: Browser, base_url: str) -> None:
    w = Watched(browser, LAPTOP)
    try:
        page = w.open(base_url + "?genai=yes&selected=monitoruse")
        w.until("() => document.getElementById('details-panel').classList.contains('open')")
        editor = page.locator("#status-editor")
        assert editor.is_visible()
        assert marked(w, "implemented") == [] and layer(w, "rect.fill") == []
        traces_before = page.evaluate(f"() => {GRAPH}.data.length")
        radio(w, "status-choice", "Implemented")
        w.until("() => document.querySelectorAll('#status-layer rect.mark[data-status=implemented]').length > 0")
        w.until("() => location.search.includes('status=monitoruse:i')")
        w.until("() => document.querySelectorAll('#status-layer rect.fill').length > 0")
        rows = marked(w, "implemented")
        assert rows and all(r.startswith("row:") and r.endswith(":monitoruse") for r in rows)
        assert all(on_plot(w, r) for r in layer(w, "rect.mark") if r["y"] < 700)
        bars = {r["id"]: r for r in layer(w, "rect.fill")}
        assert bars and all(b.startswith("card:") for b in bars)
        assert page.evaluate(f"() => {GRAPH}.data.length") == traces_before  # the figure itself is untouched
        assert "1 control marked: 1 implemented" in (page.locator("#status-summary").text_content() or "")
        # partial: the mark changes colour, the coverage halves
        radio(w, "status-choice", "Partial")
        w.until("() => location.search.includes('status=monitoruse:p')")
        w.until("() => document.querySelectorAll('#status-layer rect.mark[data-status=partial]').length > 0")
        card = next(iter(bars))
        w.until(
            f"() => {{ const r = document.querySelector('#status-layer rect.fill[data-id=\"{card}\"]'); "
            f"return r && r.dataset.share !== '{bars[card]['share']}'; }}"
        )
        assert marked(w, "implemented") == []
        after = {r["id"]: r for r in layer(w, "rect.fill")}
        assert _fraction(after[card]["share"]) * 2 == _fraction(bars[card]["share"])
        assert abs(after[card]["w"] * 2 - bars[card]["w"]) < 1.5  # drawn half as long
        # the colour scale tints the marked rows
        page.click("#system > summary")
        page.locator("#colour-scale label").click()
        w.until("() => location.search.includes('colour=status')")
        w.until("() => document.querySelectorAll('#status-layer rect.tint[data-status=partial]').length > 0")
        # the link shares the answers and the statuses
        link = page.evaluate("() => location.href")
        w.check_clean()
    finally:
        w.close()
    w = Watched(browser, LAPTOP)
    try:
        page = w.open(link)
        w.until("() => document.getElementById('details-panel').classList.contains('open')")
        assert page.locator("#answer-genai input[value='yes']").is_checked()
        assert page.locator("#status-choice input[value='partial']").is_checked()
        w.until("() => document.querySelectorAll('#status-layer rect.tint[data-status=partial]').length > 0")
        assert marked(w, "partial")
        assert_aligned(w, ROW)
        # the whole navigator: the layer follows its zoom
        page.click("#overview")
        w.until("() => document.getElementById('overview').getAttribute('aria-pressed') === 'true'")
        w.settled()
        assert_aligned(w, ROW)
        page.click("#zoom-in")
        w.settled()
        assert_aligned(w, ROW)
        w.check_clean()
    finally:
        w.close()


def shares(w: Watched) -> dict[str, str]:
    """The coverage bars drawn: card id -> the share its fill stands for (an exact fraction)."""
    return {r["id"]: r["share"] for r in layer(w, "rect.fill")}


def callbacks_url(url: str) -> bool:
    return "/_dash-update-component" in url


def test_a_status_click_redraws_the_coverage_bars_before_the_server_answers_and_the_server_agrees(
    browser: Browser, base_url: str
) -> None:
    """Issue 15: a status change redrawn at once, patching only the marks. The server's answers are
    held (Playwright routing) while the click is drawn: the bars must change from the click alone,
    then equal what the server draws once it answers, for statuses that count 1, 1/2, 0 and nothing."""
    w = Watched(browser, LAPTOP)
    try:
        page = w.open(
            base_url + "?genai=yes&selected=monitoruse&status=ratelimit:p,aiprogram:n,promptinputvalidation:i"
        )
        w.until("() => document.getElementById('details-panel').classList.contains('open')")
        w.until("() => document.querySelectorAll('#status-layer rect.fill').length > 0")
        seen: set[str] = set()
        held: list[Any] = []
        holding = [False]
        page.route(callbacks_url, lambda route: held.append(route) if holding[0] else route.continue_())
        for label, code in (("Implemented", "i"), ("Partial", "p"), ("Not applicable", "n"), ("Missing", "m")):
            before = shares(w)
            holding[0] = True
            radio(w, "status-choice", label)
            w.until("() => document.getElementById('status-layer').dataset.drawn === 'browser'")
            clicked = shares(w)
            for _ in range(100):  # the click's request reaches the route, and waits there
                if held:
                    break
                page.wait_for_timeout(20)
            assert held and f"monitoruse:{code}" not in page.evaluate("() => location.search"), label
            holding[0] = False
            while held:
                held.pop().continue_()
            assert clicked != before, label  # the bars of monitoruse's threats changed with the click alone
            w.until(f"() => location.search.includes('monitoruse:{code}')")
            w.until("() => document.getElementById('status-layer').dataset.drawn === 'server'")
            assert shares(w) == clicked, label  # the server's answer draws the same shares
            seen.update(clicked.values())
        assert "0" in seen and len({v for v in seen if "/" in v}) > 3
        w.check_clean()
    finally:
        w.close()


ROW = "row:inputthreatcontrols:monitoruse"


def assert_aligned(w: Watched, row: str) -> None:
    """The row's mark is drawn where plotly draws the row: level with its hover point, just right of it."""
    x, y = reveal(w.page, row)
    w.page.wait_for_timeout(100)
    mark = next(r for r in layer(w, "rect.mark") if r["id"] == row)
    tint = next(r for r in layer(w, "rect.tint") if r["id"] == row)
    assert abs(mark["y"] + mark["h"] / 2 - y) <= max(2.0, mark["h"]), (mark, y)
    assert tint["x"] < x < tint["x"] + tint["w"] <= mark["x"] + 1, (tint, mark, x)


def _fraction(text: str) -> float:
    top, _, bottom = text.partition("/")
    return int(top) / int(bottom or 1)


def test_an_uploaded_status_file_is_checked_like_the_cli(browser: Browser, base_url: str, tmp_path: Path) -> None:
    w = Watched(browser, LAPTOP)
    try:
        page = w.open(base_url)
        page.click("#system > summary")
        bad = tmp_path / "team.yaml"
        bad.write_text("monitoruse: implemented\nratelimit: sometimes\n")
        page.set_input_files("#status-upload input[type=file]", str(bad))
        w.until("() => document.getElementById('status-problems').innerText.includes('team.yaml:2')")
        text = page.locator("#status-problems").inner_text()
        assert "'sometimes' is not a status" in text and "valid statuses: implemented" in text
        assert "status=" not in page.evaluate("() => location.search")
        good = tmp_path / "good.yaml"
        good.write_text("monitoruse: implemented\nratelimit:\n  status: partial\n  owner: Platform team\n")
        page.set_input_files("#status-upload input[type=file]", str(good))
        w.until("() => location.search.includes('status=monitoruse:i,ratelimit:p')")
        w.until("() => document.querySelectorAll('#status-layer rect.mark[data-status=partial]').length > 0")
        with page.expect_download() as info:
            page.click("#status-download")
        saved = Path(info.value.path()).read_text()
        assert "monitoruse: implemented" in saved and 'owner: "Platform team"' in saved
        w.check_clean()
    finally:
        w.close()


def test_a_phone_can_answer_and_set_statuses(browser: Browser, base_url: str) -> None:
    w = Watched(browser, PHONE)
    try:
        page = w.open(base_url + "?selected=monitoruse")
        no_sideways = "() => document.documentElement.scrollWidth <= innerWidth"
        assert page.evaluate(no_sideways)
        box = page.locator("#status-editor").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        radio(w, "status-choice", "Missing")
        w.until("() => location.search.includes('status=monitoruse:m')")
        page.get_by_role("button", name="← Back").click()
        page.click("#filters-toggle")
        page.click("#system > summary")
        radio(w, "answer-genai", "No")
        w.until("() => location.search.includes('genai=no')")
        assert page.evaluate(no_sideways)
        box = page.locator("#answer-genai").bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
        w.check_clean()
    finally:
        w.close()
