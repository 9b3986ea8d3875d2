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
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def json_escaped(text: str) -> str:
    """JSON text with the control and format characters that `json.dumps(ensure_ascii=False)` leaves
    raw (C1 controls, bidi overrides, zero-width characters, line separators) written as `\\u` escapes;
    they can only occur inside strings, where the escape means the same character."""
    if not _SUSPECT.search(text):
        return text
    return "".join(
        f"\\u{ord(ch):04x}"
        if ord(ch) > 0x7E and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
        else ch
        for ch in text
    )
