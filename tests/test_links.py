"""The one URL rule (`navigator.links`): what it refuses and why, and that the JSON Schema's pattern,
generated from the same grammar, accepts exactly the links `url_problem` accepts (issue 12)."""

from __future__ import annotations

import re

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from navigator.catalog.fields import _check_scalar
from navigator.catalog.schema import catalog_schema
from navigator.links import MAX_URL_LENGTH, safe_url, url_problem

GOOD = [
    "https://owaspai.org/goto/evasion/",
    "http://owaspai.org",
    "HTTPS://OWASPAI.ORG/X",
    "https://example.org:8443/x?y=1&z=%20#frag",
    "https://example.org:1/",
    "https://example.org:65535/",
    "https://a.b.c.example.org./path",
    "https://under_score.example.org/",
    "https://atlas.mitre.org/techniques/AML.T0051.000",
    "https://genai.owasp.org/llmrisk/llm01-prompt-injection/",
    "https://example.org/?a=[1]&b=(2)!*+,;=:@$~",
    "https://example.org#only-a-fragment",
    "https://example.org?only=query",
    "https://10.0.0.1/",
    "https://xn--mnchen-3ya.de/",
    "https://example.org/" + "x" * (MAX_URL_LENGTH - len("https://example.org/")),
]
BAD = {
    "javascript:alert(1)": "'javascript:' links are not allowed; use an absolute http:// or https:// link",
    "file:///etc/passwd": "'file:' links are not allowed; use an absolute http:// or https:// link",
    "data:text/html,x": "'data:' links are not allowed; use an absolute http:// or https:// link",
    "/go/always/": "relative links are not allowed; use an absolute http:// or https:// link",
    "ftp://example.org/": "'ftp:' links are not allowed; use an absolute http:// or https:// link",
    "https:example.org": "link has no host name; write it as https://host/path",
    "https:/example.org": "link has no host name; write it as https://host/path",
    "https://": "link has no host name; write it as https://host/path",
    "https:///path": "link has no host name; write it as https://host/path",
    "http://:80/": "link has no host name; write it as https://host/path",
    "https://owaspai.org@evil.example/": (
        "link has 'owaspai.org@' before its host, which browsers read as a user name: it leads to "
        "'evil.example'; remove the part up to '@'"
    ),
    "https://user:pass@example.org:8080/": (
        "link has 'user:pass@' before its host, which browsers read as a user name: it leads to "
        "'example.org'; remove the part up to '@'"
    ),
    "https://example.org:0/": "link has port '0'; a port is a number from 1 to 65535",
    "https://example.org:65536/": "link has port '65536'; a port is a number from 1 to 65535",
    "https://example.org:99999/": "link has port '99999'; a port is a number from 1 to 65535",
    "https://example.org:-1/": "link has port '-1'; a port is a number from 1 to 65535",
    "https://example.org:080/": "link has port '080'; a port is a number from 1 to 65535",
    "https://example.org:http/": "link has port 'http'; a port is a number from 1 to 65535",
    "https://example.org:/": "link has port ''; a port is a number from 1 to 65535",
    "https://[::1]/": "link has an IP address in brackets as its host; use a host name",
    "https://a..b/": "link's host 'a..b' is not a host name (letters, digits, '-' and '_' between dots)",
    "https://.example.org/": (
        "link's host '.example.org' is not a host name (letters, digits, '-' and '_' between dots)"
    ),
    "https://%65vil.example/": (
        "link's host '%65vil.example' is not a host name (letters, digits, '-' and '_' between dots)"
    ),
    "https://example.org/x y": (
        "link contains ' ', which is not allowed in a link; percent-encode it (e.g. %20 for a space)"
    ),
    'https://example.org/"onmouseover=x': (
        "link contains '\"', which is not allowed in a link; percent-encode it (e.g. %20 for a space)"
    ),
    "https://evil.example\\@owaspai.org/": (
        "link contains '\\\\', which is not allowed in a link; percent-encode it (e.g. %20 for a space)"
    ),
    "https://example.org/\x1b[2J": "link contains the control character \\x1b; remove it",
    "https://example.org/\x07": "link contains the control character \\x07; remove it",
    "https://example.org/a\rb": "link contains the control character \\r; remove it",
    "https://example.org/a\x85b": "link contains the control character \\x85; remove it",
    "https://example.org/a\x7fb": "link contains the control character \\x7f; remove it",
    "https://example.org/\u202egnp.exe": (
        "link contains \\u202e (RIGHT-TO-LEFT OVERRIDE), a character that can make a link read differently from "
        "where it leads; remove it"
    ),
    "https://example.org/\u2066x": (
        "link contains \\u2066 (LEFT-TO-RIGHT ISOLATE), a character that can make a link read differently from "
        "where it leads; remove it"
    ),
    "https://example.org/\u2028x": (
        "link contains \\u2028 (LINE SEPARATOR), a character that can make a link read differently from "
        "where it leads; remove it"
    ),
    "https://example.org/\u200bx": (
        "link contains \\u200b (ZERO WIDTH SPACE), a character that can make a link read differently from "
        "where it leads; remove it"
    ),
    "https://example.org/\xa0x": (
        "link contains \xa0 (NO-BREAK SPACE), a character that can make a link read differently from "
        "where it leads; remove it"
    ),
    "https://de.wikipedia.org/wiki/Künstliche_Intelligenz": (
        "link contains 'ü', which is not ASCII; write it percent-encoded: "
        "https://de.wikipedia.org/wiki/K%C3%BCnstliche_Intelligenz"
    ),
    "https://münchen.de/": (
        "link's host 'münchen.de' is not ASCII; write it as 'xn--mnchen-3ya.de' (letters from other scripts can "
        "imitate ours)"
    ),
    "https://owаspai.org/": (  # a Cyrillic а
        "link's host 'owаspai.org' is not ASCII; write it as 'xn--owspai-4nf.org' (letters from other scripts can "
        "imitate ours)"
    ),
    "https://example.org/" + "x" * (MAX_URL_LENGTH + 1 - len("https://example.org/")): (
        f"link is {MAX_URL_LENGTH + 1:,} characters long; the limit is {MAX_URL_LENGTH:,}"
    ),
}


@pytest.mark.parametrize("url", GOOD)
def test_good_links_are_accepted(url: str) -> None:
    assert url_problem(url) is None
    assert safe_url(url) == url


@pytest.mark.parametrize(("url", "why"), BAD.items(), ids=[re.sub(r"\W", "_", u[:40]) for u in BAD])
def test_bad_links_are_refused_with_the_reason_and_the_fix(url: str, why: str) -> None:
    assert url_problem(url) == why
    assert safe_url(url) is None


def _schema_accepts(definition: dict, value: str) -> bool:
    try:
        jsonschema.validate(value, definition)
    except jsonschema.ValidationError:
        return False
    return True


URL_SCHEMA = catalog_schema()["$defs"]["threats"]["properties"]["url"]
TEMPLATE_SCHEMA = catalog_schema()["$defs"]["meta"]["properties"]["url_template"]


@pytest.mark.parametrize("url", [*GOOD, *BAD, "https://example.org/\n", "\nhttps://example.org/"])
def test_the_schema_pattern_agrees_with_url_problem_on_the_corpus(url: str) -> None:
    assert _schema_accepts(URL_SCHEMA, url) == (url_problem(url) is None), url


URL_PIECES = st.sampled_from(
    [
        "http://", "https://", "HTTP://", "ftp://", "https:", "//", "/", "?", "#", ":", "@", ".", "..", "-", "_",
        "%", "%41", "a", "Z", "9", "example", "org", "80", "0", "65535", "65536", "[", "]", " ", "\"", "'", "<",
        "\\", "^", "`", "{", "}", "|", "{id}", "~", "!", "*", "(", "=", "&", "ü", "\u202e", "\u2028", "\x1b",
        "\x85", "\n", "\t", "\xa0", "а",
    ]
)  # fmt: skip


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(st.lists(URL_PIECES, max_size=12))
def test_the_schema_pattern_agrees_with_url_problem_on_random_links(pieces: list[str]) -> None:
    url = "".join(pieces)
    assert _schema_accepts(URL_SCHEMA, url) == (url_problem(url) is None), url
    assert url_problem(url) != "link is not of the form https://host/path", url  # every refusal says why


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(st.lists(URL_PIECES, max_size=12))
def test_the_template_pattern_agrees_with_the_loader_on_random_templates(pieces: list[str]) -> None:
    template = "".join(pieces)
    loader_accepts = _check_scalar("url_template", {}, template) is None
    assert _schema_accepts(TEMPLATE_SCHEMA, template) == loader_accepts, template


@pytest.mark.parametrize(
    ("template", "ok"),
    [
        ("https://owaspai.org/goto/{id}/", True),
        ("https://{id}.example.org/", True),
        ("https://example.org/?q={id}", True),
        ("https://example.org/", False),
        ("https://example.org/{id}/{id}/", False),
        ("https://example.org/{name}/", False),
        ("https://example.org:{id}/", False),
        ("https://user@example.org/{id}", False),
    ],
)
def test_url_templates(template: str, ok: bool) -> None:
    assert (_check_scalar("url_template", {}, template) is None) == ok
    assert _schema_accepts(TEMPLATE_SCHEMA, template) == ok
