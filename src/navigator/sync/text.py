"""Text from the docs or the catalog as it may reach a terminal: control characters escaped, never raw."""

from __future__ import annotations

import unicodedata


def shown_text(text: str) -> str:
    """`text` with control and format characters (C0, C1, bidi overrides, ...) written as escapes."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or ch == " ":
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)
