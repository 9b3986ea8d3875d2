"""The errors the package raises on purpose, and the few helpers every message that quotes input uses.

The CLI turns each error into a message and exit status 2. Anything else escaping is a bug, and the
property tests check that random input never produces one.

Messages quote catalog text and command-line values, which may hold terminal control sequences (ESC,
BEL, CR), Unicode line separators or bidi overrides: `printable` shows those as visible escapes, so
a message can neither clear a maintainer's screen nor forge a line of a CI log. A `Problem` applies it
to its file and message when it is made, so every way of showing one (CLI, server log, web page) is safe.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Lists of choices short enough to print in full in a message; longer ones are pointed to.
LIST_IN_FULL = 15

_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Categories shown escaped: controls, format characters (bidi overrides and isolates, zero-width
# characters), line and paragraph separators, and lone surrogates (which cannot even be encoded).
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(ch: str) -> str:
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    cp = ord(ch)
    if cp <= 0xFF:
        return f"\\x{cp:02x}"
    return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"


def _unsafe(ch: str) -> bool:
    return ch < " " or ch == "\x7f" or (ch >= "\x80" and unicodedata.category(ch) in _UNSAFE_CATEGORIES)


def printable(text: str) -> str:
    """`text` with control, format and separator characters written as `\\x1b`, `\\r`, `\\u202e`, ... .

    Everything else, including right-to-left letters and emoji, is kept as it is. Backslashes are
    kept too, so escaping twice changes nothing.
    """
    if text.isascii():
        return _ASCII_CONTROL.sub(lambda m: _escape(m.group()), text) if _ASCII_CONTROL.search(text) else text
    return "".join(_escape(ch) if _unsafe(ch) else ch for ch in text)


def suggest(word: str, choices: Sequence[str]) -> str:
    """'; did you mean 'x'?' for the closest choice, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def valid_choices(word: str, choices: Sequence[str], plural: str, *, owner: str = "the catalog") -> str:
    """What follows "unknown impact 'x'": the closest choice, then every valid one when there are at
    most `LIST_IN_FULL`, else where to find them. The one rule for every "unknown ..." message."""
    hint = suggest(word, choices)
    if not choices:
        return f"; {owner} defines no {plural}"
    if len(choices) <= LIST_IN_FULL:
        return f"{hint or '.'} Valid {plural}: {', '.join(choices)}"
    return hint or f"; `navigator catalog --format json` lists the {plural}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located so an editor can jump to it."""

    file: str
    line: int  # 1-based; 0 when the problem is about the file or directory as a whole
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", printable(self.file))
        object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class NavigatorError(Exception):
    """Base of the errors a user can fix; the message says what is wrong and how to fix it."""


class CatalogError(NavigatorError):
    """A catalog that cannot be loaded. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(NavigatorError):
    """A bad command-line option or filter value (unknown risk id, bad format name, ...)."""


class RenderError(NavigatorError):
    """A renderer failed; says which format and why. Earlier outputs are left as they were."""
