"""`text.wrap` carries a line's width from word to word; it must break exactly where measuring each
trial line whole with `text_width` would, and every line must fit."""

from __future__ import annotations

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
