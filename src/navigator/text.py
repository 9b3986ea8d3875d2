"""Measure, clean and wrap text with the vendored fonts, so layout never depends on the host's fonts.

Advance widths come straight from the TrueType files in assets/fonts (via fontTools), the same files
the PDF embeds and the PNG rasteriser and the web view load, so a line that fits here fits there.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .resources import font_path

# Font keys used in the Scene, and the vendored file each stands for.
FONT_FILES = {
    "regular": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
    "italic": "NotoSans-Italic.ttf",
}
FONT_FAMILY = "Noto Sans"
ELLIPSIS = "…"


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths per code point in units of 1/1000 em, plus vertical metrics."""

    widths: dict[int, int]
    default: int
    ascent: float  # in em
    descent: float  # positive, in em
    cap_height: float  # in em


@lru_cache(maxsize=None)
def metrics(font: str) -> FontMetrics:
    from fontTools.ttLib import TTFont

    tt = TTFont(str(font_path(FONT_FILES[font])), lazy=True)
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


@lru_cache(maxsize=None)
def _char_widths(font: str) -> defaultdict[str, int]:
    """Widths keyed by character; unknown characters get the font's default advance."""
    m = metrics(font)
    return defaultdict(lambda: m.default, {chr(cp): w for cp, w in m.widths.items()})


def text_width(text: str, font: str, size: float) -> float:
    """Width in points of `text` set in `font` at `size` points (no kerning, like reportlab)."""
    return sum(map(_char_widths(font).__getitem__, text)) * size / 1000


def has_glyph(ch: str, font: str = "regular") -> bool:
    return ord(ch) in metrics(font).widths


_PLAIN = re.compile(r"[\x20-\x7e]*")


@lru_cache(maxsize=65536)
def clean(text: str) -> str:
    """Text as it may be drawn: NFC, whitespace runs collapsed, no control or format characters.

    Format characters (Unicode Cf) include zero-width characters and bidi overrides, which can make
    drawn text read differently from the data ("Trojan source"); they are dropped from drawings.
    """
    if _PLAIN.fullmatch(text):  # printable ASCII, the common case: only spaces to collapse
        return " ".join(text.split())
    text = unicodedata.normalize("NFC", text)
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "\t\n\r\x0b\x0c" or cat == "Zs" or ch in "\u2028\u2029":
            out.append(" ")
        elif cat in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        else:
            out.append(ch)
    return " ".join("".join(out).split())


def _ellipsize(line: str, font: str, size: float, max_width: float) -> str:
    """`line` shortened, at a word boundary where possible, so that it fits with an ellipsis."""
    candidate = line
    while candidate and text_width(candidate + ELLIPSIS, font, size) > max_width:
        candidate = candidate.rsplit(" ", 1)[0] if " " in candidate.strip() else candidate[:-1]
    return candidate.rstrip() + ELLIPSIS


def _split_word(word: str, font: str, size: float, max_width: float) -> tuple[str, str]:
    """Break a word longer than a line: the part that fits, and the rest."""
    m = metrics(font)
    used = 0.0
    for i, ch in enumerate(word):
        used += m.widths.get(ord(ch), m.default) * size / 1000
        if used > max_width:
            cut = max(i, 1)
            return word[:cut], word[cut:]
    return word, ""


@lru_cache(maxsize=65536)
def wrap(text: str, font: str, size: float, max_width: float, max_lines: int) -> tuple[tuple[str, ...], bool]:
    """Break cleaned `text` into at most `max_lines` lines no wider than `max_width`.

    Returns the lines and whether anything was cut (the last line then ends with an ellipsis).
    Words longer than a line are broken by characters.
    """
    words = [w for w in clean(text).split(" ") if w]
    lines: list[str] = []
    current = ""
    while words:
        word = words[0]
        trial = f"{current} {word}" if current else word
        if text_width(trial, font, size) <= max_width:
            current = trial
            words.pop(0)
            continue
        if current:
            lines.append(current)
            current = ""
        else:
            head, rest = _split_word(word, font, size, max_width)
            lines.append(head)
            words[0] = rest
            if not rest:
                words.pop(0)
        if len(lines) == max_lines:
            break
    if current:
        lines.append(current)
    if not words:
        return tuple(lines), False
    lines[-1] = _ellipsize(lines[-1], font, size, max_width)
    return tuple(lines), True
