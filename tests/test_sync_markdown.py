"""Reading the AI Exchange markdown: headings, Category and Permalink lines, Controls lists, references, links.

Each test states what the docs say and what must be read from it, in today's format and the older ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from navigator.sync.markdown import anchor, parse
from navigator.sync.resolve import Resolver
from navigator.sync.sources import SyncInputError, read_docs
from navigator.sync.types import control_type

from .conftest import write
from .sync_support import OLDER, TODAY


def items(docs_dir: Path, redirects: Path | None = None) -> dict:
    return {i.id: i for i in read_docs(docs_dir, redirects).items}


def one_file(tmp_path: Path, text: str, name: str = "2_threats.md") -> dict:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    write(docs / name, text)
    return items(docs)


def test_todays_format_is_read_item_by_item():
    got = items(TODAY / "docs")
    assert {k: v.kind for k, v in got.items()} == {
        "generalcontrols": "section",
        "governancecontrols": "group",
        "aiprogram": "control",
        "limitunwanted": "group",
        "oversight": "control",
        "leastmodelprivilege": "control",
        "inputthreats": "section",
        "monitoruse": "control",
        "ratelimit": "control",
        "evasion": "threat",
        "evasioninputhandling": "control",
        "transferattack": "threat",
        "zeroknowledgeevasion": "threat",
        "modelexfiltration": "threat",
        "modelwatermarking": "control",
    }  # the fenced "#### #NOT A HEADING" is not read
    ev = got["evasion"]
    assert (ev.number, ev.title, ev.category, ev.parent, ev.section) == (
        "2.1",
        "Evasion",
        "group of input threats",
        "",
        "inputthreats",
    )
    assert (got["transferattack"].number, got["transferattack"].title) == ("2.1.1", "Transferability-based evasion")
    assert got["transferattack"].parent == "evasion" and got["zeroknowledgeevasion"].parent == "evasion"
    assert got["monitoruse"].title == "MONITOR USE"  # '#' and the trailing space gone
    assert got["leastmodelprivilege"].category == "runtime information security control"
    # a section's number and title come from the front matter; its Category may precede every heading
    assert (got["inputthreats"].number, got["inputthreats"].title) == ("2", "Input threats")
    assert (got["generalcontrols"].number, got["generalcontrols"].title) == ("1", "General controls")
    assert got["governancecontrols"].nested == ("aiprogram",)


@pytest.mark.parametrize(
    "heading, meta",
    [
        ("### 2.1.1. Direct prompt injection", ">Category: input threat\n>Permalink: https://owaspai.org/go/direct/"),
        (
            "### 2.1.1 Direct prompt injection   ",
            "> Category: input threat  \n> Permalink: https://owaspai.org/go/direct/ ",
        ),
        (
            "### 2.1.1.   Direct prompt injection",
            ">  Category:   input threat\n>Permalink: https://owaspai.org/goto/direct/",
        ),
        ("### 2.1.1 Direct prompt injection ###", "\n> Category: input threat\n> Permalink: /go/direct/"),
    ],
)
def test_heading_variants_read_the_same(tmp_path, heading, meta):
    got = one_file(tmp_path, f"---\ntitle: 2. Input threats\n---\n{heading}\n{meta}\n\nText.\n")["direct"]
    assert (got.kind, got.number, got.title, got.category) == (
        "threat",
        "2.1.1",
        "Direct prompt injection",
        "input threat",
    )


def test_older_format_goto_permalinks_glued_names_and_section_category_first():
    got = items(OLDER / "docs")
    assert got["threatsuse"].kind == "section" and got["threatsuse"].prefix == "goto"
    assert got["threatsuse"].title == "Threats through use"
    assert got["monitoruse"].title == "MONITORUSE" and got["monitoruse"].kind == "control"
    assert got["closedboxevasion"].parent == "evasion"
    assert got["detectadversarialinput"].category == "runtime datasciuence control for threats through use"
    # "The below control(s), each marked with a #" means the control headings that follow, up to the next threat
    assert got["threatsuse"].below == ("monitoruse", "ratelimit")
    assert got["evasion"].below == ("detectadversarialinput",)


def test_what_cannot_be_read_is_skipped_with_file_and_line():
    docs = read_docs(OLDER / "docs")
    assert [(s.file, s.line, s.item) for s in docs.skipped] == [("docs/2_threats_through_use.md", 45, True)]
    assert "no Permalink line" in docs.skipped[0].what


def test_controls_list_labels_references_and_prose(tmp_path):
    got = one_file(
        tmp_path,
        """
        ## 2.1. Evasion
        >Category: group of input threats
        >Permalink: https://owaspai.org/go/evasion/

        **Controls for evasion**
        Searching takes many tries, unless a [transfer attack](/go/transferattack/) is used.

        - See [General controls](/go/generalcontrols/):
          - Especially [limiting unwanted behaviour](/go/limitunwanted/).
        - Controls for [input threats](/go/inputthreats/):
          - [#RATE LIMIT](/go/ratelimit/) to limit
        -Specifically: [#INPUT DISTORTION](/go/inputdistortion/)
        - Operational security
          Part of this is [model access control](/go/modelaccesscontrol/):
          Useful standards include:
          - See [OpenCRE](https://www.opencre.org/cre/862-452)

        **References**
        - [#NOT IN THE LIST](/go/notinthelist/)
        """,
    )
    links = [(link.slug, link.label) for link in got["evasion"].controls]
    assert links == [
        ("transferattack", False),
        ("generalcontrols", True),
        ("limitunwanted", False),
        ("inputthreats", True),
        ("ratelimit", False),
        ("inputdistortion", False),
        ("modelaccesscontrol", False),
    ]
    assert got["evasion"].has_controls


def test_opencre_blocks_become_references():
    ev = items(TODAY / "docs")["evasion"]
    assert [(r.framework, r.id, r.title) for r in ev.references] == [
        ("OpenCRE", "370-877", "Evasion (e.g. adversarial examples)"),
        ("BIML", "BIML-78(2020) input:1", "Adversarial Examples"),
        ("ENISA", "Table 3", "Evasion"),
        ("OWASP ML Top 10", "ML01:2023", "Input Manipulation Attack"),
        ("MITRE ATLAS", "AML.T0051.000", "LLM Prompt Injection: Direct"),
    ]


def test_links_and_malformed_links_are_collected_outside_code():
    docs = read_docs(TODAY / "docs")
    assert {(m.url, m.line) for m in docs.malformed} == {("owaspai.org/go/modelwatermarking", 100)}
    assert not any(link.slug == "notaheading" for link in docs.links)
    upper = [link for link in docs.links if link.slug == "OVERSIGHT"]
    assert [(u.file, u.line, u.text) for u in upper] == [("docs/2_threats_through_use.md", 92, "#OVERSIGHT")]


def test_redirects_resolve_old_slugs_and_case():
    docs = read_docs(TODAY / "docs", TODAY / "firebase.json")
    r = Resolver(docs)
    assert getattr(r.landing("go", "detectadversarialinput")[0], "id", None) == "evasioninputhandling"
    assert getattr(r.landing("go", "closedboxevasion")[0], "id", None) == "zeroknowledgeevasion"
    assert r.served("go", "oversight") is None
    assert r.served("go", "OVERSIGHT") == "only /go/oversight/ is served (addresses are case-sensitive)"
    assert r.served("go", "nosuchthing") == "no permalink or redirect serves it"
    assert r.served("goto", "oversight") == "only /go/oversight/ is served"  # firebase.json has only /go/


def test_anchor_is_what_hugo_gives_a_heading():
    assert anchor("3.0 Development-time threats - Introduction") == "30-development-time-threats---introduction"
    assert anchor("#MONITOR USE") == "monitor-use"
    assert anchor("2.1.2. Perfect-knowledge evasion") == "212-perfect-knowledge-evasion"


@pytest.mark.parametrize(
    "category, kind",
    [
        ("runtime information security control for input threats", "infosec"),
        ("runtime conventional security control (agentic)", "infosec"),
        ("runtime AI engineer control for input threats", "runtime-ai"),
        ("development-time AI-engineer control - pre-training", "devtime-ai"),
        ("development-time and runtime AI engineer control", "devtime-ai"),
        ("runtime datasciuence control for threats through use", "runtime-ai"),
        ("development-time data science control", "devtime-ai"),
        ("governance control", "other"),
        ("governance and runtime control", "other"),
    ],
)
def test_control_type_from_category(category, kind):
    assert control_type(category) == kind


def test_unreadable_input_raises_one_clear_error(tmp_path):
    with pytest.raises(SyncInputError, match="no such directory"):
        read_docs(tmp_path / "missing")
    with pytest.raises(SyncInputError, match="no markdown files"):
        read_docs(tmp_path)
    write(tmp_path / "a.md", "# x\n")
    (tmp_path / "firebase.json").write_text("{not json")
    with pytest.raises(SyncInputError, match=r"firebase.json:1: not JSON"):
        read_docs(tmp_path, tmp_path / "firebase.json")
    (tmp_path / "firebase.json").write_text('{"hosting": {}}')
    with pytest.raises(SyncInputError, match=r"no hosting\.redirects list"):
        read_docs(tmp_path, tmp_path / "firebase.json")


def test_a_file_that_is_not_utf8_is_read_with_replacements_and_reported(tmp_path):
    (tmp_path / "2_x.md").write_bytes(
        b"## 2.1 Evasion\n>Category: input threat\n>Permalink: https://owaspai.org/go/evasion/\n\xff\xfe bad\n"
    )
    docs = read_docs(tmp_path)
    assert [i.id for i in docs.items] == ["evasion"]
    assert [(s.line, s.what) for s in docs.skipped] == [(4, "not UTF-8; read with replacement characters")]


def test_parse_never_raises_on_odd_markdown():
    odd = (
        "---\ntitle: [unclosed\n#\n####### seven\n> Category:\n> Permalink: javascript:alert(1)\n**Controls**\n"
        "- [x](/go/)\n<!-- OPENCRE_SECTION_CRE_START slug=x -->\n- [no colon](https://x)\n```"
    )
    parsed = parse(odd, "odd.md")
    assert parsed.skipped  # the javascript: permalink and the reference without a framework
