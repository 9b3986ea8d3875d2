"""The one rule that decides whether a link may be written into an output.

A link is accepted when it is at most `MAX_URL_LENGTH` characters and matches `url_pattern()`:
`http://` or `https://`, a host name of ASCII letters, digits, `-` and `_` in dot-separated labels, an
optional port from 1 to 65535, then a path, query and fragment of printable ASCII without spaces,
quotes, angle brackets, backslashes, `^`, backquotes, braces or `|`. So there is no user name before
an `@` (`https://owaspai.org@evil.example/` leads to evil.example), no invisible or bidi character
(U+202E can make a link read backwards), no line separator, no look-alike letters from another
script in the host, nothing that could leave an attribute. Other characters are written
percent-encoded, as browsers copy links anyway; the message gives the encoded link to paste.

The loader refuses other links with `url_problem`'s reason; every renderer calls `safe_url` again
before writing one; the JSON Schema (catalog/schema.py) publishes the same pattern, and a test
checks that the two agree on good and bad links alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

from .errors import printable

MAX_URL_LENGTH = 2000
_HOST_CHAR = "[A-Za-z0-9_-]"
_PATH_CHAR = "[!#-&(-;=?-\\[\\]_a-z~]"  # printable ASCII but space " ' < > \ ^ ` { | }
_PORT = "(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"
_ID = "\\{id\\}"
# The end of the text, in a way both Python's re and ECMA-262 (JSON Schema) read alike: `$` in
# Python also matches before a final newline.
_END = "(?![\\s\\S])"


def url_pattern(template: bool = False) -> str:
    """The pattern of an acceptable link (ECMA-262 and Python alike), or of a `url_template`:
    a link in which `{id}` stands, exactly once, for some letters of the host or the path."""
    host_char, path_char = (
        (f"(?:{_HOST_CHAR}|{_ID})", f"(?:{_PATH_CHAR}|{_ID})") if template else (_HOST_CHAR, _PATH_CHAR)
    )
    label = f"{host_char}+"
    start = f"^(?=[^{{}}]*{_ID}[^{{}}]*{_END})" if template else "^"
    return f"{start}[Hh][Tt][Tt][Pp][Ss]?://{label}(?:\\.{label})*\\.?(?::{_PORT})?(?:[/?#]{path_char}*)?{_END}"


_URL = re.compile(url_pattern())
_HOST = re.compile(f"{_HOST_CHAR}+(?:\\.{_HOST_CHAR}+)*\\.?")
_PORT_OK = re.compile(_PORT)
_SPECIALS = "\"'<>\\^`{|}"


@lru_cache(maxsize=65536)
def url_problem(url: str) -> str | None:
    """Why a link is refused, or None when it is a safe http(s) link. Says what to write instead."""
    if len(url) > MAX_URL_LENGTH:
        return f"link is {len(url):,} characters long; the limit is {MAX_URL_LENGTH:,}"
    if _URL.match(url):  # the rule itself; what follows only explains why a link misses it
        return None
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        shown = f"'{printable(scheme)}:' links" if scheme else "relative links"
        return f"{shown} are not allowed; use an absolute http:// or https:// link"
    rest = url[len(scheme) + 1 :]
    if not rest.startswith("//"):
        return "link has no host name; write it as https://host/path"
    rest = rest[2:]
    cut = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    authority, path = rest[:cut], rest[cut:]
    bad = _character_problem(url, authority, path)
    if bad:
        return bad
    if "@" in authority:
        user, host = authority.rsplit("@", 1)
        return (
            f"link has '{user}@' before its host, which browsers read as a user name: it leads to "
            f"'{host.split(':')[0]}'; remove the part up to '@'"
        )
    host, colon, port = authority.rpartition(":") if ":" in authority else (authority, "", "")
    if host.startswith("["):
        return "link has an IP address in brackets as its host; use a host name"
    if not host:
        return "link has no host name; write it as https://host/path"
    if not _HOST.fullmatch(host):
        return f"link's host '{host}' is not a host name (letters, digits, '-' and '_' between dots)"
    if colon and not _PORT_OK.fullmatch(port):
        return f"link has port '{port}'; a port is a number from 1 to 65535"
    return "link is not of the form https://host/path"  # not reached: the checks above cover the pattern


def _character_problem(url: str, authority: str, path: str) -> str | None:
    """The first character a link may not hold, said with what to do instead."""
    for ch in url:
        if " " < ch < "\x7f" and ch not in _SPECIALS:
            continue
        if ch == " " or ch in _SPECIALS:
            return f"link contains {ch!r}, which is not allowed in a link; percent-encode it (e.g. %20 for a space)"
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs") or ch == "\x7f":
            return f"link contains the control character {printable(ch)}; remove it"
        if category in ("Cf", "Zl", "Zp", "Zs", "Co", "Cn"):
            name = unicodedata.name(ch, "an invisible character")
            return (
                f"link contains {printable(ch)} ({name}), a character that can make a link read differently "
                "from where it leads; remove it"
            )
        if ch in authority:
            return _host_advice(authority)
        encoded = url[: len(url) - len(path)] + quote(path, safe="!#$%&()*+,-./:;=?@[]_~")
        if _URL.match(encoded):
            return f"link contains '{ch}', which is not ASCII; write it percent-encoded: {encoded}"
        return f"link contains '{ch}', which is not ASCII; write it percent-encoded"
    return None


def _host_advice(authority: str) -> str:
    host = authority.rsplit("@", 1)[-1].split(":")[0]
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return f"link's host '{host}' is not ASCII; write an international domain name in its xn-- form"
    return (
        f"link's host '{host}' is not ASCII; write it as '{ascii_host}' (letters from other scripts can imitate ours)"
    )


def safe_url(url: str) -> str | None:
    """The link itself when it may be written into an output, else None."""
    return url if url and url_problem(url) is None else None
