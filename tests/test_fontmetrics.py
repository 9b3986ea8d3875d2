"""The kept metrics table (assets/fonts/metrics.json) says what the font files say, and a face whose
file changed is read from the file, never from the stale table.

Expected widths come from the font files through fontTools directly, not from navigator's reader.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from navigator import fontmetrics
from navigator.text import vendored_files

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"


def test_the_kept_table_is_current() -> None:
    kept = json.loads((FONTS / "metrics.json").read_text(encoding="utf-8"))
    assert sorted(kept) == sorted(vendored_files()), "run: python -m navigator.fontmetrics"
    assert kept == fontmetrics.table_for(vendored_files()), (
        "assets/fonts/metrics.json is stale; run: python -m navigator.fontmetrics"
    )


@pytest.mark.parametrize("file", ["NotoSans-Regular.ttf", "NotoSansArabic-Bold.ttf", "NotoEmoji-Regular.ttf"])
def test_kept_widths_are_the_files_advances(file: str) -> None:
    tt = TTFont(str(FONTS / file))
    upm = tt["head"].unitsPerEm
    hmtx = tt["hmtx"].metrics
    expected = {cp: round(hmtx[g][0] * 1000 / upm) for cp, g in tt.getBestCmap().items()}
    fontmetrics.file_metrics.cache_clear()
    got = fontmetrics.file_metrics(file)
    assert got.widths == expected
    assert got.cap_height == tt["OS/2"].sCapHeight / upm
    assert got.ascent == tt["hhea"].ascent / upm


def test_a_changed_font_file_is_read_from_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    file = "NotoSans-Bold.ttf"
    stale = {"sha256": "0" * 64, "default": 1, "ascent": 1.0, "descent": 1.0, "cap_height": 1.0, "widths": [[65, 1]]}
    monkeypatch.setattr(fontmetrics, "_table", lambda: {file: stale})
    fontmetrics.file_metrics.cache_clear()
    try:
        m = fontmetrics.file_metrics(file)
        assert m.widths[65] != 1 and m.cap_height != 1.0 and len(m.widths) > 1000
    finally:
        fontmetrics.file_metrics.cache_clear()


def test_a_missing_table_falls_back_to_the_files(monkeypatch: pytest.MonkeyPatch) -> None:
    tt = TTFont(str(FONTS / "NotoSans-Regular.ttf"))
    monkeypatch.setattr(fontmetrics, "_table", dict)
    fontmetrics.file_metrics.cache_clear()
    try:
        m_width = fontmetrics.file_metrics("NotoSans-Regular.ttf").widths[ord("M")]
        assert m_width == round(tt["hmtx"].metrics["M"][0] * 1000 / tt["head"].unitsPerEm)
    finally:
        fontmetrics.file_metrics.cache_clear()
