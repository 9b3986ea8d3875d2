"""Text from files shown safely: no control or format character from the input reaches a terminal,
a spreadsheet or a report raw (an escape sequence could recolour or rewrite a terminal, a bidi override
make text read differently from the data, and XLSX refuses control characters outright)."""

from __future__ import annotations

import re
import unicodedata

_SUSPECT = re.compile(r"[^\x20-\x7e]")  # anything but printable ASCII is looked at


def visible(text: str) -> str:
    """`text` with tabs and line breaks as spaces, other control and format characters as `\\u....`."""
    if not _SUSPECT.search(text):
        return text
    out = []
    for ch in text:
        if ch in "\t\n\r":
            out.append(" ")
        elif unicodedata.category(ch) in _HIDDEN:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return "".join(out)


_NON_ASCII = re.compile(r"[^\x00-\x7e]")


def _json_escape(match: re.Match[str]) -> str:
    ch = match.group()
    if unicodedata.category(ch) not in _HIDDEN:
        return ch
    code = ord(ch)
    if code > 0xFFFF:  # JSON escapes only 16-bit units: a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


_HIDDEN = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def json_escaped(text: str) -> str:
    """JSON text with the control and format characters that `json.dumps(ensure_ascii=False)` leaves
    raw (C1 controls, bidi overrides, zero-width characters, line separators) written as `\\u` escapes;
    they can only occur inside strings, where the escape means the same character."""
    return _NON_ASCII.sub(_json_escape, text)
