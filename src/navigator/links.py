"""The one place that decides whether a link may be written into an output.

Only absolute http(s) links with a host and no characters that could break out of an attribute are
accepted; everything else (javascript:, data:, file:, relative paths) is refused. The loader rejects
such links with an error, and every renderer calls `safe_url` again before writing one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2000
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>\\^`{|}]")
# An http(s) link whose host is plain letters, digits, dots and hyphens (nearly every link): it has
# a host name by construction, so `urlsplit`, a tenth of a millisecond per link, can be skipped.
_PLAIN_HOST = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#]|$)", re.IGNORECASE)


@lru_cache(maxsize=65536)
def url_problem(url: str) -> str | None:
    """Why a link is refused, or None when it is a safe http(s) link."""
    if len(url) > MAX_URL_LENGTH:
        return f"link is {len(url)} characters long; the limit is {MAX_URL_LENGTH}"
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        shown = f"'{scheme}:' links" if scheme else "relative links"
        return f"{shown} are not allowed; use an absolute http:// or https:// link"
    bad = _FORBIDDEN.search(url)
    if bad:
        return (
            f"link contains {bad.group()!r}, which is not allowed in a link; percent-encode it (e.g. %20 for a space)"
        )
    if _PLAIN_HOST.match(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError as e:
        return f"link cannot be parsed ({e})"
    if not parts.hostname:
        return "link has no host name; write it as https://host/path"
    return None


def safe_url(url: str) -> str | None:
    """The link itself when it may be written into an output, else None."""
    return url if url and url_problem(url) is None else None
