"""Advance widths and vertical metrics of the vendored fonts, read once and kept beside them.

Reading a TrueType file's `cmap` and `hmtx` with fontTools costs a fresh process a sizeable share of
a rebuild's layout, mostly importing fontTools (docs/performance.md). The same numbers are therefore
kept in `assets/fonts/metrics.json`, each face's entry with the SHA-256 of the file it
was read from. A face whose file no longer matches (a font was replaced) is read from the file
itself, so the table can be stale only in costing time; a test keeps it current, and
`python -m navigator.fontmetrics` rewrites it.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .resources import font_path

METRICS_FILE = "metrics.json"


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths per code point in units of 1/1000 em, plus vertical metrics."""

    widths: dict[int, int]
    default: int
    ascent: float  # in em
    descent: float  # positive, in em
    cap_height: float  # in em


def read_font(file: str) -> FontMetrics:
    """The metrics of a vendored font file, read from the file itself."""
    from fontTools.ttLib import TTFont

    tt = TTFont(str(font_path(file)), lazy=True)
    upm = tt["head"].unitsPerEm
    hmtx = tt["hmtx"].metrics
    scale = 1000 / upm
    widths = {cp: round(hmtx[glyph][0] * scale) for cp, glyph in tt.getBestCmap().items()}
    os2 = tt["OS/2"]
    default = round(hmtx[".notdef"][0] * scale) if ".notdef" in hmtx else 600
    return FontMetrics(
        widths=widths,
        default=default,
        ascent=tt["hhea"].ascent / upm,
        descent=-tt["hhea"].descent / upm,
        cap_height=getattr(os2, "sCapHeight", 0.7 * upm) / upm,
    )


def file_digest(file: str) -> str:
    return hashlib.sha256(font_path(file).read_bytes()).hexdigest()


def _encode(m: FontMetrics) -> dict[str, Any]:
    """Widths as runs of consecutive code points, [first, w, w, ...]: a third of the size of pairs."""
    runs: list[list[int]] = []
    last = None
    for cp in sorted(m.widths):
        if last is not None and cp == last + 1:
            runs[-1].append(m.widths[cp])
        else:
            runs.append([cp, m.widths[cp]])
        last = cp
    return {"default": m.default, "ascent": m.ascent, "descent": m.descent, "cap_height": m.cap_height, "widths": runs}


def _decode(entry: dict[str, Any]) -> FontMetrics:
    widths: dict[int, int] = {}
    for first, *run in entry["widths"]:
        widths.update(zip(range(first, first + len(run)), run))
    return FontMetrics(widths, entry["default"], entry["ascent"], entry["descent"], entry["cap_height"])


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    try:
        data = json.loads(font_path(METRICS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@cache
def file_metrics(file: str) -> FontMetrics:
    """Metrics of a vendored font file: from the kept table when it was read from this very file."""
    entry = _table().get(file)
    if isinstance(entry, dict) and entry.get("sha256") == file_digest(file):
        return _decode(entry)
    return read_font(file)


def table_for(files: tuple[str, ...]) -> dict[str, Any]:
    """What `metrics.json` should hold for `files`, read from the font files themselves."""
    return {file: {"sha256": file_digest(file), **_encode(read_font(file))} for file in files}


def write_table(files: tuple[str, ...]) -> None:
    from .outputs import write_atomic

    text = json.dumps(table_for(files), sort_keys=True, separators=(",", ":")) + "\n"
    # Not fsynced, on purpose: each entry is checked against its font's SHA-256 when read, and an
    # unreadable table only means reading the fonts themselves.
    write_atomic(font_path(METRICS_FILE), text, durable=False)


if __name__ == "__main__":
    from .text import vendored_files

    write_table(vendored_files())
    print(f"wrote {font_path(METRICS_FILE)}", file=sys.stderr)
