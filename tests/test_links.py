"""`links.url_problem` skips `urlsplit` for plain links; the shortcut must never accept what the
full check refuses, nor the other way round."""

from __future__ import annotations

from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from navigator.links import url_problem

HOST_CHARS = "abcXYZ019.-:[]@_%"
PATH_CHARS = "abc/?#=&%.-_~:@!$()*+,;"


def _full_check(url: str) -> bool:
    """The rule without the shortcut: http(s), nothing forbidden, and a host name."""
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:
        return False


@settings(max_examples=3000, deadline=None)
@given(
    st.sampled_from(["http", "https", "HTTP", "ftp"]),
    st.text(alphabet=HOST_CHARS, max_size=12),
    st.text(alphabet=PATH_CHARS, max_size=12),
)
def test_shortcut_agrees_with_urlsplit(scheme: str, host: str, rest: str) -> None:
    url = f"{scheme}://{host}{rest}"
    accepted = url_problem(url) is None
    assert accepted == (scheme.lower() in ("http", "https") and _full_check(url)), url


def test_examples() -> None:
    assert url_problem("https://owaspai.org/goto/evasion/") is None
    assert url_problem("https://example.org:8443/x?y=1#z") is None
    assert url_problem("http://:80/") == "link has no host name; write it as https://host/path"
    assert url_problem("https:///path") == "link has no host name; write it as https://host/path"
    assert url_problem("https://[::1/") is not None and url_problem("https://[::1/").startswith("link cannot be parsed")
    assert (
        url_problem("javascript:alert(1)")
        == "'javascript:' links are not allowed; use an absolute http:// or https:// link"
    )
