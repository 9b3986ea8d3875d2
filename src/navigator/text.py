"""Measure, clean and wrap text with the vendored fonts, so layout never depends on the host's fonts.

Advance widths come from the TrueType files in assets/fonts (read once into the table beside them,
see `navigator.fontmetrics`), the same files the PDF embeds and the PNG rasteriser and the web view
load, so a line that fits here fits there.

Each style (regular, bold, italic) is a chain of files: its Noto Sans face, then Hebrew, Arabic and
emoji fallbacks. A character is measured, and drawn, with the first file of the chain that has it,
as the PDF draws it and as resvg and browsers fall back through the SVG's font-family list. Arabic
joins, so runs of it are measured shaped (HarfBuzz), as every renderer draws them; anything else is
the sum of its characters' advances. Printable ASCII never leaves the first file, and keeps the
plain sum as its fast path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from itertools import groupby
from typing import TYPE_CHECKING

from .fontmetrics import FontMetrics, file_metrics
from .resources import font_path

if TYPE_CHECKING:
    import uharfbuzz

# Font keys used in the Scene, and the vendored file each stands for.
FONT_FILES = {
    "regular": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
    "italic": "NotoSans-Italic.ttf",
}
FONT_FAMILY = "Noto Sans"
# What each style falls back to, in order, for characters its Noto Sans face lacks. The fallbacks
# have no italic; emoji have one weight.
_FALLBACK_REGULAR = ("NotoSansHebrew-Regular.ttf", "NotoSansArabic-Regular.ttf", "NotoEmoji-Regular.ttf")
FALLBACK_FILES: dict[str, tuple[str, ...]] = {
    "regular": _FALLBACK_REGULAR,
    "bold": ("NotoSansHebrew-Bold.ttf", "NotoSansArabic-Bold.ttf", "NotoEmoji-Regular.ttf"),
    "italic": _FALLBACK_REGULAR,
}
FALLBACK_FAMILIES = ("Noto Sans Hebrew", "Noto Sans Arabic", "Noto Emoji")
# The family list for SVG, CSS and plotly: the same order as the chains, so a viewer falls back alike.
FONT_STACK = ", ".join((FONT_FAMILY, *FALLBACK_FAMILIES))
# Files of joining scripts: their runs are measured and drawn shaped, not as separate characters.
SHAPED_FILES = frozenset({"NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"})
ELLIPSIS = "…"


def chain(font: str) -> tuple[str, ...]:
    """The files that draw style `font`, first choice first."""
    return (FONT_FILES[font], *FALLBACK_FILES.get(font, _FALLBACK_REGULAR))


def vendored_files() -> tuple[str, ...]:
    """Every font file a renderer may need, each once, in a fixed order."""
    return tuple(dict.fromkeys(f for key in FONT_FILES for f in chain(key)))


def metrics(font: str) -> FontMetrics:
    """Metrics of style `font`'s own (Noto Sans) face, which sets ascent, descent and cap height."""
    return file_metrics(FONT_FILES[font])


@cache
def _covering(font: str) -> dict[str, str]:
    """Character -> the first file of `font`'s chain that has a glyph for it."""
    files: dict[str, str] = {}
    for file in reversed(chain(font)):  # earlier files overwrite later ones
        files.update(dict.fromkeys(map(chr, file_metrics(file).widths), file))
    return files


class _Widths(dict[str, int]):
    """Advance widths by character: the style's own face up front; the fallbacks looked up, and
    their font files read, only when a character its face lacks first comes up (so a catalog
    without such text never loads them). Unknown characters get the own face's default advance
    (its missing-glyph box)."""

    def __init__(self, font: str) -> None:
        super().__init__((chr(cp), w) for cp, w in metrics(font).widths.items())
        self.font = font

    def __missing__(self, ch: str) -> int:
        file = _covering(self.font).get(ch)
        width = self[ch] = file_metrics(file).widths[ord(ch)] if file else metrics(self.font).default
        return width


@cache
def _char_widths(font: str) -> _Widths:
    return _Widths(font)


@cache
def _base_chars(font: str) -> frozenset[str]:
    """Characters the style's own face draws."""
    return frozenset(map(chr, metrics(font).widths))


@cache
def _shaped_chars(font: str) -> frozenset[str]:
    return frozenset(ch for ch, file in _covering(font).items() if file in SHAPED_FILES)


def _additive(text: str, font: str) -> bool:
    """Whether `text`'s width is the sum of its characters' advances (no run of it is shaped)."""
    return text.isascii() or _base_chars(font).issuperset(text) or _shaped_chars(font).isdisjoint(text)


def text_width(text: str, font: str, size: float) -> float:
    """Width in points of `text` set in `font` at `size` points (no kerning, like reportlab)."""
    if _additive(text, font):
        return sum(map(_char_widths(font).__getitem__, text)) * size / 1000
    return _shaped_width(text, font) * size / 1000


@lru_cache(maxsize=4096)
def _shaped_width(text: str, font: str) -> float:
    """Width in 1/1000 em of text holding a joining script: its runs shaped, the rest summed."""
    if text and _shaped_chars(font).issuperset(text):  # one run of the joining script (a long word of it)
        return _shaped_advance(text, _covering(font)[text[0]])
    widths = _char_widths(font)
    total = 0.0
    for file, run in runs(text, font):
        total += _shaped_advance(run, file) if file in SHAPED_FILES else sum(map(widths.__getitem__, run))
    return total


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """`text` cut into maximal runs drawn with one file of `font`'s chain: (file, run) pairs.

    Characters no file has stay with the first file, which draws its missing-glyph box.
    """
    covering = _covering(font)
    first = FONT_FILES[font]
    return [(file, "".join(chars)) for file, chars in groupby(text, key=lambda ch: covering.get(ch, first))]


def visual_runs(text: str, font: str) -> list[tuple[str, str]]:
    """`text` as drawn, left to right: (file, run) pairs, for renderers that place glyphs themselves.

    Right-to-left text is reordered by the Unicode bidi algorithm with a left-to-right paragraph
    (as SVG text and browsers default to), line by line, after wrapping. A run of a joining script's
    file is given back in logical order, for a shaper to join and lay out right to left; other runs
    are already in visual order.
    """
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        from bidi import get_display

        text = get_display(text, base_dir="L")
    out: list[tuple[str, str]] = []
    for file, run in runs(text, font):
        if file not in SHAPED_FILES:
            out.append((file, run))
            continue
        for ltr, chars in groupby(run, key=lambda ch: unicodedata.bidirectional(ch) in ("L", "EN", "AN")):
            piece = "".join(chars)
            out.append((file, piece if ltr else piece[::-1]))
    return out


@cache
def _harfbuzz(file: str) -> tuple[uharfbuzz.Font, int]:
    import uharfbuzz

    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(font_path(file))))
    return uharfbuzz.Font(face), face.upem


def _shaped_advance(run: str, file: str) -> float:
    """Advance of `run` shaped by HarfBuzz with its default features (as resvg and the PDF shape
    it), in 1/1000 em. Joined Arabic letters take contextual forms, narrower or wider than alone."""
    import uharfbuzz

    hb_font, upem = _harfbuzz(file)
    buf = uharfbuzz.Buffer()
    buf.add_str(run)
    buf.guess_segment_properties()
    uharfbuzz.shape(hb_font, buf)
    advance: int = sum(p.x_advance for p in buf.glyph_positions)
    return advance * 1000 / upem


def has_glyph(ch: str, font: str = "regular") -> bool:
    """Whether some file of `font`'s chain draws `ch` (else it shows as a missing-glyph box)."""
    return ch in _covering(font)


def needs_fallback(text: str, font: str) -> bool:
    """Whether `text` has characters that `font`'s own face lacks (so it is drawn by a chain)."""
    return not text.isascii() and not _base_chars(font).issuperset(text)


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


def _units(text: str, font: str) -> float:
    """Width of `text` in 1/1000 em, as `text_width` measures it.

    Every advance is a whole number of units (the vendored faces have 1000 units per em, shaped runs
    included), so widths add up exactly: a line's width is the sum of its words' and spaces', since
    a shaped run never spans a space (spaces are drawn by the Noto Sans face). Wrapping relies on it
    to measure each character once, never a line again for each word added.
    """
    if _additive(text, font):
        return sum(map(_char_widths(font).__getitem__, text))
    return _shaped_width(text, font)


def _prefix_units(line: str, font: str) -> Callable[[int], float]:
    """Width of each prefix of `line`, in units: `f(k)` is `_units(line[:k])`.

    One pass over the line; a prefix that ends inside a run of a joining script is shaped when asked
    for (joining changes the forms at the cut), which costs that run up to the cut.
    """
    widths = _char_widths(font)
    known = [0.0] * (len(line) + 1)
    inside: dict[int, tuple[int, str, float]] = {}  # cut inside a shaped run -> (run start, file, width before)
    total = 0.0
    k = 0
    for file, run in [("", line)] if _additive(line, font) else runs(line, font):
        if file in SHAPED_FILES:
            for j in range(1, len(run)):
                inside[k + j] = (k, file, total)
            total += _shaped_advance(run, file)
            k += len(run)
            known[k] = total
            continue
        for ch in run:
            total += widths[ch]
            k += 1
            known[k] = total

    def units(end: int) -> float:
        if end in inside:
            start, file, before = inside[end]
            return before + _shaped_advance(line[start:end], file)
        return known[end]

    return units


def _ellipsize(line: str, font: str, size: float, max_width: float) -> str:
    """`line` shortened, at a word boundary where possible, so that it fits with an ellipsis.

    Candidates are tried longest first: without the last word while one holds an inner space, then
    without the last character. Their widths come from one pass over the line.
    """
    width = _prefix_units(line, font)
    ellipsis = _units(ELLIPSIS, font)
    first = len(line) - len(line.lstrip(" "))  # where `candidate.strip()` starts
    last_space = []  # last_space[k]: index of the last space before k, or -1
    last_solid = []  # last_solid[k]: index of the last non-space character before k, or -1
    space = solid = -1
    for k, ch in enumerate(line):
        last_space.append(space)
        last_solid.append(solid)
        if ch == " ":
            space = k
        else:
            solid = k
    last_space.append(space)
    last_solid.append(solid)
    end = len(line)
    while end and (width(end) + ellipsis) * size / 1000 > max_width:
        inner = last_solid[end] > first and last_space[last_solid[end]] > first
        end = last_space[end] if inner else end - 1
    return line[:end].rstrip() + ELLIPSIS


def _cut(word: str, start: int, font: str, size: float, max_width: float) -> tuple[int, float]:
    """Where to break `word[start:]`, a word longer than a line: the end of the part that fits, and
    that part's width in units.

    Characters' advances find the cut; the head is then measured whole, as shaping (Arabic) can make
    it wider than its characters, and shortened until it fits. Reads only the head, never the rest.
    """
    widths = _char_widths(font)
    used = 0.0
    cut = len(word)
    for i in range(start, len(word)):
        used += widths[word[i]] * size / 1000
        if used > max_width:
            cut = max(i, start + 1)
            break
    units = _units(word[start:cut], font)
    while cut > start + 1 and units * size / 1000 > max_width:
        cut -= 1
        units = _units(word[start:cut], font)
    return cut, units


def _split_word(word: str, font: str, size: float, max_width: float) -> tuple[str, str]:
    """Break a word longer than a line: the part that fits, and the rest."""
    cut, _ = _cut(word, 0, font, size, max_width)
    return word[:cut], word[cut:]


@lru_cache(maxsize=65536)
def wrap(text: str, font: str, size: float, max_width: float, max_lines: int) -> tuple[tuple[str, ...], bool]:
    """Break cleaned `text` into at most `max_lines` lines no wider than `max_width`.

    Returns the lines and whether anything was cut (the last line then ends with an ellipsis).
    Words longer than a line are broken by characters. Greedy, as if each trial line were measured
    whole, but in time linear in the text: each word is measured once (widths add up, see `_units`),
    and a long word is walked through from where its last line ended. The one exception is a word of
    a joining script broken over lines: what is left of it is shaped again for each line.
    """
    cleaned = clean(text)
    words = [w for w in cleaned.split(" ") if w]
    count = len(words)
    additive = _additive(cleaned, font)  # then every word is: measured inline, the common case
    width = _char_widths(font).__getitem__
    space = width(" ")
    lines: list[str] = []
    line: list[str] = []  # the pieces on the current line
    line_units = 0.0
    i = start = 0  # the next piece is words[i][start:]
    word_units = 0.0  # of that piece
    if count:
        word_units = sum(map(width, words[0])) if additive else _units(words[0], font)
    while i < count:
        word = words[i]
        trial = word_units + (line_units + space if line else 0)
        if trial * size / 1000 <= max_width:
            line.append(word[start:] if start else word)
            line_units = trial
            i, start = i + 1, 0
            if i < count:
                word_units = sum(map(width, words[i])) if additive else _units(words[i], font)
            continue
        if line:
            lines.append(" ".join(line))
            line, line_units = [], 0.0
        else:
            cut, head_units = _cut(word, start, font, size, max_width)
            lines.append(word[start:cut])
            if cut < len(word):
                start = cut
                joined = _shaped_chars(font).issuperset((word[cut - 1], word[cut]))  # a cut inside a shaped run
                word_units = _units(word[cut:], font) if joined else word_units - head_units
            else:
                i, start = i + 1, 0
                word_units = _units(words[i], font) if i < count else 0.0
        if len(lines) == max_lines:
            break
    if line:
        lines.append(" ".join(line))
    if i >= count:
        return tuple(lines), False
    lines[-1] = _ellipsize(lines[-1], font, size, max_width)
    return tuple(lines), True
