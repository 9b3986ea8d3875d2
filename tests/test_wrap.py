"""`text.wrap` carries a line's width from word to word; it must break exactly where measuring each
trial line whole with `text_width` would, and every line must fit."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from navigator.text import ELLIPSIS, _ellipsize, _split_word, clean, text_width, wrap

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzMW.,-'0123456789éשمر😀", min_size=1, max_size=14)


def _reference(text: str, font: str, size: float, max_width: float, max_lines: int) -> tuple[tuple[str, ...], bool]:
    """Greedy wrapping that measures every trial line whole."""
    words = [w for w in clean(text).split(" ") if w]
    lines: list[str] = []
    current = ""
    while words:
        trial = f"{current} {words[0]}" if current else words[0]
        if text_width(trial, font, size) <= max_width:
            current = trial
            words.pop(0)
            continue
        if current:
            lines.append(current)
            current = ""
        else:
            head, rest = _split_word(words[0], font, size, max_width)
            lines.append(head)
            words[0:1] = [rest] if rest else []
        if len(lines) == max_lines:
            break
    if current:
        lines.append(current)
    if not words:
        return tuple(lines), False
    lines[-1] = _ellipsize(lines[-1], font, size, max_width)
    return tuple(lines), True


@pytest.mark.slow
@settings(max_examples=800, deadline=None)
@given(
    st.lists(WORD, min_size=1, max_size=30),
    st.sampled_from(["regular", "bold", "italic"]),
    st.sampled_from([6.5, 7.0, 8.5, 9.0]),
    st.floats(min_value=30.0, max_value=260.0),
    st.integers(min_value=1, max_value=6),
)
def test_wrap_breaks_where_whole_lines_are_measured(
    words: list[str], font: str, size: float, max_width: float, max_lines: int
) -> None:
    text = " ".join(words)
    lines, cut = wrap(text, font, size, max_width, max_lines)
    assert (lines, cut) == _reference(text, font, size, max_width, max_lines)
    for line in lines:
        assert text_width(line, font, size) <= max_width or len(line.removesuffix(ELLIPSIS)) <= 1, (line, max_width)


def test_exact_fit_stays_on_one_line() -> None:
    line = "Model poisoning attacks"
    width = text_width(line, "bold", 9.0)
    assert wrap(line, "bold", 9.0, width, 3) == ((line,), False)
    assert wrap(line, "bold", 9.0, width - 0.001, 3) == (("Model poisoning", "attacks"), False)


LONG_WORD = st.text(alphabet="abcdefghijMW.-0123456789éשمر😀\u0301\u064e", min_size=1, max_size=120)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(
    st.lists(LONG_WORD, min_size=1, max_size=12),
    st.sampled_from(["regular", "bold"]),
    st.floats(min_value=8.0, max_value=120.0),
    st.integers(min_value=1, max_value=40),
)
def test_long_words_broken_over_many_lines_break_where_whole_lines_are_measured(
    words: list[str], font: str, max_width: float, max_lines: int
) -> None:
    """Words of every script, with zero-width marks, several lines long: the walk through a long word
    from where its last line ended breaks it exactly where measuring each piece whole would."""
    text = " ".join(words)
    assert wrap.__wrapped__(text, font, 9.0, max_width, max_lines) == _reference(text, font, 9.0, max_width, max_lines)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="abc W\u0301مر\u064e ", min_size=1, max_size=80),
    st.sampled_from(["regular", "bold"]),
    st.floats(min_value=5.0, max_value=80.0),
)
def test_ellipsize_tries_the_same_candidates_as_measuring_each_whole(line: str, font: str, max_width: float) -> None:
    candidate = line
    while candidate and text_width(candidate + ELLIPSIS, font, 9.0) > max_width:
        candidate = candidate.rsplit(" ", 1)[0] if " " in candidate.strip() else candidate[:-1]
    assert _ellipsize(line, font, 9.0, max_width) == candidate.rstrip() + ELLIPSIS


class _CountingWidths(dict):
    """Character widths that count how often they are read."""

    reads = 0

    def __getitem__(self, ch: str) -> int:
        _CountingWidths.reads += 1
        return super().__getitem__(ch)


def _count_reads(monkeypatch, call) -> int:
    import navigator.text as text

    real = text._char_widths
    counting = {
        font: _CountingWidths({ch: real(font)[ch] for ch in set("abcdefghijW \u0301" + ELLIPSIS)})
        for font in ("regular",)
    }
    monkeypatch.setattr(text, "_char_widths", lambda font: counting[font])
    _CountingWidths.reads = 0
    call()
    return _CountingWidths.reads


def test_wrapping_a_long_word_reads_each_character_a_few_times(monkeypatch) -> None:
    """Issue 11: a 400,000-character word took minutes, because each line re-measured the rest of
    the word. Now the work is linear: each character's width is read a bounded number of times."""
    word = "abcdefghij" * 2_000
    reads = _count_reads(monkeypatch, lambda: wrap.__wrapped__(word, "regular", 10.0, 100.0, 10_000))
    assert reads <= 4 * len(word), reads
    lines, cut = wrap.__wrapped__(word, "regular", 10.0, 100.0, 10_000)
    assert "".join(lines) == word and not cut and len(lines) == 1000


def test_wrapping_many_words_reads_each_character_a_few_times(monkeypatch) -> None:
    text = " ".join(["abc", "defgh", "ij"] * 5_000)
    reads = _count_reads(monkeypatch, lambda: wrap.__wrapped__(text, "regular", 10.0, 100.0, 10_000))
    assert reads <= 4 * len(text), reads


def test_ellipsizing_a_line_of_zero_width_marks_reads_each_character_a_few_times(monkeypatch) -> None:
    """A line of marks without width, too wide for its ellipsis: dropping one character at a time used
    to measure the whole rest of the line again for each."""
    line = "W" * 10 + "\u0301" * 3_000
    width = text_width("W" * 10, "regular", 10.0)
    reads = _count_reads(monkeypatch, lambda: _ellipsize(line, "regular", 10.0, width))
    assert reads <= 4 * len(line), reads
    assert _ellipsize(line, "regular", 10.0, width) == "W" * 9 + ELLIPSIS
