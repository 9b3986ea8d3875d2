"""One test per kind of catalog problem, asserting the exact message and line an editor will see."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from navigator.catalog import load_catalog
from navigator.errors import CatalogError

from .conftest import MINIMAL, write


def problems(directory: Path) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_catalog(directory)
    return [str(p) for p in info.value.problems]


@pytest.fixture
def cat(minimal_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal catalog in a temporary directory, which is also the working directory,
    so messages show short relative paths such as 'cat/items.yaml'."""
    monkeypatch.chdir(minimal_copy.parent)
    return minimal_copy


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture does not contain {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_yaml_syntax_error(cat):
    replace_in(cat / "items.yaml", "    title: Governance\n", "    title: [Governance\n")
    assert problems(cat) == [
        "cat/items.yaml:5: YAML syntax error: did not find expected ',' or "
        "']' (column 12), while parsing a flow sequence that starts at line 4"
    ]


def test_missing_required_field(cat):
    replace_in(cat / "items.yaml", "    summary: Input that makes the model misbehave.\n", "")
    assert problems(cat) == [
        "cat/items.yaml:15: threat 'injection': required field 'summary' is missing; give some text"
    ]


def test_unknown_field_suggests_the_closest(cat):
    replace_in(cat / "items.yaml", "    title: Injection\n", "    titel: Injection\n")
    assert problems(cat) == [
        "cat/items.yaml:15: threat 'injection': required field 'title' is missing; give some text",
        "cat/items.yaml:17: threat 'injection': unknown field 'titel'; did you mean 'title'? Valid fields: id, number, "
        "title, kind, section, parent, impacts, attack_surface, lifecycle, summary, controls, control_groups, "
        "references, tags, category, url, notes, intended",
    ]


def test_mistyped_field_value(cat):
    replace_in(cat / "items.yaml", "    impacts: [secrecy]\n", "    impacts: secrecy\n")
    assert problems(cat) == [
        "cat/items.yaml:38: threat 'leak': field 'impacts' must be a list ([a, b]), not the value 'secrecy'"
    ]


def test_bad_choice_lists_the_valid_ones(cat):
    replace_in(cat / "items.yaml", "    kind: group\n", "    kind: grup\n")
    assert problems(cat) == [
        "cat/items.yaml:18: threat 'injection': field 'kind' 'grup' is not one of: threat, group; did you mean 'group'?"
    ]


def test_duplicate_id_across_kinds(cat):
    replace_in(cat / "items.yaml", "  - id: leak\n", "  - id: direct\n")
    assert problems(cat) == [
        "cat/items.yaml:34: threat 'direct': duplicate id 'direct' (also a "
        "threat at cat/items.yaml:24); ids must be unique across the catalog"
    ]


def test_duplicate_key(cat):
    replace_in(cat / "items.yaml", "    title: Injection\n", "    title: Injection\n    title: Injection again\n")
    assert problems(cat) == ["cat/items.yaml:18: duplicate key 'title' (first at line 17); keep only one"]


def test_unknown_control_suggests_closest(cat):
    replace_in(cat / "items.yaml", "    controls: [align]\n", "    controls: [allign]\n")
    assert problems(cat) == [
        "cat/items.yaml:31: threat 'direct': unknown control 'allign' in 'controls'; did "
        "you mean 'align'? Valid controls: program, monitor, ratelimit, filter, align"
    ]


def test_unknown_impact_lists_valid_choices(cat):
    replace_in(cat / "items.yaml", "    impacts: [secrecy]\n", "    impacts: [secret]\n")
    assert problems(cat) == [
        "cat/items.yaml:38: threat 'leak': unknown impact 'secret' in "
        "'impacts'; did you mean 'secrecy'? Valid impacts: integrity, secrecy"
    ]


def test_unknown_control_type(cat):
    replace_in(cat / "items.yaml", "type: eng, summary: Align", "type: engineering, summary: Align")
    assert problems(cat) == [
        "cat/items.yaml:47: control 'align': unknown control type "
        "'engineering' in 'type'. Valid control types: sec, eng"
    ]


def test_unknown_group_and_section(cat):
    replace_in(cat / "items.yaml", "    control_groups: [always]\n", "    control_groups: [allways]\n")
    replace_in(
        cat / "items.yaml", "    section: use\n    impacts: [secrecy]", "    section: usage\n    impacts: [secrecy]"
    )
    assert problems(cat) == [
        (
            "cat/items.yaml:23: threat 'injection': unknown control group 'allways' in "
            "'control_groups'; did you mean 'always'? Valid control groups: governance, always"
        ),
        (
            "cat/items.yaml:37: threat 'leak': unknown section 'usage' in "
            "'section'; did you mean 'use'? Valid sections: general, use"
        ),
    ]


def test_a_group_listed_as_a_control_says_where_it_belongs(cat):
    replace_in(cat / "items.yaml", "    controls: [align]\n", "    controls: [align, always]\n")
    assert problems(cat) == [
        "cat/items.yaml:31: threat 'direct': 'always' in 'controls' is "
        "a control group, not a control; move it to 'control_groups'"
    ]


def test_unknown_parent(cat):
    replace_in(cat / "items.yaml", "    parent: injection\n", "    parent: injecton\n")
    assert problems(cat) == [
        "cat/items.yaml:28: threat 'direct': unknown threat 'injecton' in "
        "'parent'; did you mean 'injection'? Valid threats: injection, direct, leak"
    ]


def test_parent_cycle(cat):
    replace_in(cat / "items.yaml", "    kind: group\n", "    kind: group\n    parent: direct\n")
    assert problems(cat) == [
        "cat/items.yaml:19: threat 'injection': parent cycle injection "
        "-> direct -> injection; remove one of these 'parent' fields"
    ]


def test_self_parent(cat):
    replace_in(cat / "items.yaml", "    parent: injection\n", "    parent: direct\n")
    assert problems(cat) == [
        "cat/items.yaml:28: threat 'direct': parent is the threat itself; remove 'parent' or name its group"
    ]


def test_parent_in_another_section(cat):
    replace_in(
        cat / "items.yaml",
        "    title: Direct injection\n    section: use\n",
        "    title: Direct injection\n    section: general\n",
    )
    assert problems(cat) == [
        "cat/items.yaml:28: threat 'direct': parent 'injection' is in section 'use', "
        "this threat in 'general'; a threat and its parent must share a section"
    ]


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("javascript:alert(1)", "'javascript:' links are not allowed; use an absolute http:// or https:// link"),
        ("file:///etc/passwd", "'file:' links are not allowed; use an absolute http:// or https:// link"),
        ("data:text/html,x", "'data:' links are not allowed; use an absolute http:// or https:// link"),
        ("/go/always/", "relative links are not allowed; use an absolute http:// or https:// link"),
        (
            '"https://a.org/x y"',
            "link contains ' ', which is not allowed in a link; percent-encode it (e.g. %20 for a space)",
        ),
    ],
)
def test_links_must_be_http(cat, url, why):
    replace_in(cat / "items.yaml", "    url: https://example.org/always/\n", f"    url: {url}\n")
    shown = url.strip('"')
    assert problems(cat) == [
        f"cat/items.yaml:12: control group 'always': field 'url' '{shown}' is not a usable link: {why}"
    ]


def test_bad_colour_and_date(cat):
    replace_in(cat / "base.yaml", 'colour: "#EE8866"', "colour: orange")
    replace_in(cat / "base.yaml", "date: 2026-01-31", "date: 31/01/2026")
    assert problems(cat) == [
        "cat/base.yaml:7: meta: field 'date' '31/01/2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-08-22",
        (
            "cat/base.yaml:16: impact 'integrity': field 'colour' "
            "'orange' is not a colour; write it as #RRGGBB, e.g. #0072B2"
        ),
    ]


def test_bad_id(cat):
    replace_in(cat / "items.yaml", "  - id: leak\n", "  - id: data leak\n")
    assert problems(cat) == [
        "cat/items.yaml:34: threat #3: field 'id' 'data leak' is not a valid id (letters, "
        "digits, '.', '_' and '-', starting with a letter or digit, at most 100 characters)"
    ]


def test_unknown_top_level_key(cat):
    write(cat / "extra.yaml", "threat:\n  - id: x\n")
    assert problems(cat) == [
        "cat/extra.yaml:1: unknown top-level key 'threat'; did you mean 'threats'? "
        "Valid keys: meta, sections, impacts, control_types, groups, threats, controls, questions"
    ]


def test_meta_twice_and_missing(cat):
    write(
        cat / "more.yaml",
        (
            "meta:\n  id: again\n  title: t\n  name: n\n  source: https://a.org/\n"
            "  version: '1'\n  date: 2026-01-01\n  licence: x\n  url_template: https://a.org/{id}\n"
        ),
    )
    assert problems(cat) == ["cat/more.yaml:1: meta is defined again (first at cat/base.yaml:1); keep only one"]
    (cat / "more.yaml").unlink()
    replace_in(cat / "base.yaml", "meta:", "metadata:")
    assert "cat: no file defines meta; add a 'meta:' mapping to one catalog file (see docs/catalog.md)" in problems(cat)


def test_empty_group(cat):
    replace_in(cat / "items.yaml", "    controls: [program]\n", "    controls: []\n")
    assert problems(cat) == [
        "cat/items.yaml:6: control group 'governance': field 'controls' is an empty list; give a list of control ids"
    ]


def test_item_listed_twice(cat):
    replace_in(cat / "items.yaml", "    controls: [align]\n", "    controls: [align, align]\n")
    assert problems(cat) == [
        "cat/items.yaml:31: threat 'direct': 'align' is listed twice in 'controls' (also at line 31); keep one"
    ]


def test_empty_catalog(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c").mkdir()
    assert problems(tmp_path / "c") == [
        "c: no catalog files (*.yaml) in this directory; point --catalog at a catalog directory"
    ]
    write(
        tmp_path / "c" / "a.yaml",
        (
            "meta:\n  id: m\n  title: t\n  name: n\n  source: https://a.org/\n"
            "  version: '1'\n  date: 2026-01-01\n  licence: x\n  url_template: https://a.org/{id}\n"
        ),
    )
    assert problems(tmp_path / "c") == ["c: the catalog defines no threats or controls; add some (see docs/catalog.md)"]
    (tmp_path / "c" / "a.yaml").write_text("")
    assert problems(tmp_path / "c")[0] == "c/a.yaml: file is empty; remove it or add catalog data (see docs/catalog.md)"


def test_missing_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert problems(tmp_path / "nope") == [
        "nope: no such directory; --catalog takes a directory of catalog *.yaml files"
    ]


def test_python_tag_is_refused_not_constructed(cat):
    write(cat / "evil.yaml", "threats: !!python/object/apply:os.system ['touch pwned']\n")
    assert problems(cat) == [
        "cat/evil.yaml:1: tag '!!python/object/apply:os.system' is not "
        "allowed: catalog files hold plain data only; remove the tag"
    ]
    assert not Path("pwned").exists()


def test_alias_bomb_is_refused(cat):
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    write(cat / "bomb.yaml", "\n".join(lines) + "\n")
    [message] = problems(cat)
    assert message.startswith("cat/bomb.yaml:")
    assert "more than 1,000,000 values after expanding aliases (an alias bomb?)" in message


def test_huge_file_is_refused_without_reading_it(cat):
    with open(cat / "huge.yaml", "wb") as f:
        f.truncate(9 * 1024 * 1024)
    assert problems(cat) == [
        "cat/huge.yaml: file is 9.0 MiB; the limit is 8 MiB per catalog file: split it into several files"
    ]


def test_not_utf8(cat):
    (cat / "latin.yaml").write_bytes(b"threats:\n  - id: caf\xe9\n")
    assert problems(cat) == ["cat/latin.yaml:2: not UTF-8 text (byte 0xe9 at offset 20); save the file as UTF-8"]


def test_every_problem_is_reported_at_once(cat):
    replace_in(cat / "items.yaml", "    controls: [align]\n", "    controls: [allign]\n")
    replace_in(cat / "items.yaml", "    impacts: [secrecy]\n", "    impacts: [secret]\n")
    write(cat / "broken.yaml", "threats: [\n")
    found = problems(cat)
    assert len(found) == 3
    assert [f.split(":")[0] for f in found] == ["cat/broken.yaml", "cat/items.yaml", "cat/items.yaml"]


def test_paths_outside_the_working_directory_are_absolute(minimal_copy, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    replace_in(minimal_copy / "items.yaml", "    controls: [align]\n", "    controls: [allign]\n")
    [message] = problems(minimal_copy)
    assert message.startswith(os.fspath(minimal_copy / "items.yaml") + ":31: ")


# -- control characters never reach the terminal (issue 11) ---------------------------------------

HOSTILE_CHARACTERS = {"ESC": "\x1b", "BEL": "\x07", "CR": "\r", "NEL": "\x85", "RLO": "\u202e"}
UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _yaml_escaped(ch: str) -> str:
    """The character as a YAML double-quoted escape, so the file itself stays text."""
    return {"\x1b": "\\e", "\x07": "\\a", "\r": "\\r", "\x85": "\\N", "\u202e": "\\u202e"}[ch]


@pytest.mark.parametrize("name", HOSTILE_CHARACTERS)
@pytest.mark.parametrize("place", ["value", "url", "id", "key", "file name"])
def test_control_characters_in_catalog_text_are_escaped_in_every_message(cat, capsys, name, place):
    import unicodedata

    from navigator.cli import main
    from navigator.errors import printable

    ch = HOSTILE_CHARACTERS[name]
    esc = _yaml_escaped(ch)
    file, line = "cat/items.yaml", 38
    if place == "value":
        replace_in(cat / "items.yaml", "    impacts: [secrecy]\n", f'    impacts: ["sec{esc}recy"]\n')
    elif place == "url":
        replace_in(
            cat / "items.yaml", "    impacts: [secrecy]\n", f'    impacts: [secrecy]\n    url: "https://a.org/{esc}x"\n'
        )
        line = 39
    elif place == "id":
        replace_in(cat / "items.yaml", "  - id: leak\n", f'  - id: "le{esc}ak"\n')
        line = 34
    elif place == "key":
        replace_in(cat / "items.yaml", "    impacts: [secrecy]\n", f'    impacts: [secrecy]\n    "tags{esc}x": [a]\n')
        line = 39
    else:
        file, line = f"cat/bad{ch}name.yaml", 1
        (cat / f"bad{ch}name.yaml").write_text("threat: []\n")
    code = main(["validate", "--catalog", "cat"])
    err = capsys.readouterr().err
    assert code == 2
    assert not [c for c in err if c != "\n" and unicodedata.category(c) in UNSAFE_CATEGORIES], err
    assert printable(ch) in err
    assert err.startswith(f"{printable(file)}:{line}: "), err


# -- which files are read --------------------------------------------------------------------------


def test_a_link_to_a_regular_file_inside_the_folder_is_read(cat):
    (cat / "parts").mkdir()
    (cat / "items.yaml").rename(cat / "parts" / "items.txt")
    os.symlink(os.path.join("parts", "items.txt"), cat / "items.yaml")
    assert load_catalog(cat).threat("leak").title == "Data leak through use"


def test_a_link_through_the_folder_to_outside_is_refused(cat, tmp_path):
    (tmp_path / "outside.yaml").write_text("db_password: hunter2\n")
    os.symlink(tmp_path / "outside.yaml", cat / "hop.txt")
    os.symlink("hop.txt", cat / "x.yaml")  # inside, then out
    assert problems(cat) == [
        "cat/x.yaml: is a symbolic link to a file outside the catalog folder; copy the file into the folder instead"
    ]


def test_a_link_to_a_fifo_inside_the_folder_is_refused_without_opening_it(cat):
    os.mkfifo(cat / "pipe")
    os.symlink("pipe", cat / "x.yaml")
    assert problems(cat) == [
        "cat/x.yaml: is a symbolic link to a FIFO (named pipe); catalog files must be regular files in the "
        "catalog folder"
    ]


def test_kinds_of_special_files_are_named():
    import stat

    from navigator.catalog.files import file_kind

    assert file_kind(stat.S_IFCHR) == "character device"
    assert file_kind(stat.S_IFBLK) == "block device"
    assert file_kind(stat.S_IFIFO) == "FIFO (named pipe)"
    assert file_kind(stat.S_IFSOCK) == "socket"
    assert file_kind(stat.S_IFDIR) == "directory"


def test_a_device_linked_from_inside_is_refused(cat):
    os.symlink("/dev/zero", cat / "zero.yaml")  # outside the folder, and a device: refused, never read
    assert problems(cat) == [
        "cat/zero.yaml: is a symbolic link to a file outside the catalog folder; copy the file into the folder instead"
    ]


def test_a_file_swapped_between_the_check_and_the_read_is_refused(cat, tmp_path):
    from navigator.catalog.files import list_files, read_bytes

    files, refused = list_files(cat)
    assert not refused
    items = next(f for f in files if f.path.name == "items.yaml")
    (cat / "items.yaml").rename(cat / "old.txt")
    (cat / "items.yaml").write_text("threats: []\n")  # another file (another inode) under the same name
    assert [str(p) for p in read_bytes(items)[1]] == [
        "cat/items.yaml: was replaced while being read; catalog files must be regular files in the catalog folder"
    ]
    (cat / "items.yaml").unlink()
    (tmp_path / "secret").write_text("db_password: hunter2\n")
    os.symlink(tmp_path / "secret", cat / "items.yaml")  # a link swapped in: not followed
    data, found = read_bytes(items)
    assert data is None
    assert [str(p) for p in found] == [
        "cat/items.yaml: changed into a symbolic link while being read; catalog files must be regular files "
        "in the catalog folder"
    ]


def test_a_file_that_cannot_be_listed_or_read_says_so(cat):
    if os.geteuid() == 0:  # root reads everything: check the message through a file that vanished instead
        from navigator.catalog.files import list_files, read_bytes

        files, _ = list_files(cat)
        (cat / "items.yaml").unlink()
        [gone] = [f for f in files if f.path.name == "items.yaml"]
        assert [p.message for p in read_bytes(gone)[1]] == ["cannot read the file: No such file or directory"]
        return
    (cat / "items.yaml").chmod(0)
    assert problems(cat) == ["cat/items.yaml: cannot read the file: Permission denied"]


# -- messages --------------------------------------------------------------------------------------


def test_printable_escapes_what_drives_a_terminal_and_keeps_the_rest():
    from navigator.errors import printable

    assert printable("plain ASCII, quotes ' \" and \\ kept") == "plain ASCII, quotes ' \" and \\ kept"
    assert printable("\x1b[2J\x07\r\n\t\x00\x7f") == "\\x1b[2J\\x07\\r\\n\\t\\x00\\x7f"
    assert printable("a\x85b\x9bc") == "a\\x85b\\x9bc"
    assert printable("\u202egnp.exe \u2066x\u2069 \u2028 \u2029 \u200b \ufeff") == (
        "\\u202egnp.exe \\u2066x\\u2069 \\u2028 \\u2029 \\u200b \\ufeff"
    )
    assert printable("עברית العربية 😀 café") == "עברית العربية 😀 café"
    assert printable("\ud800 \U000e0041") == "\\ud800 \\U000e0041"


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_printable_leaves_nothing_unsafe_and_is_stable(text):
    import unicodedata

    from navigator.errors import printable

    shown = printable(text)
    assert not [c for c in shown if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")]
    assert printable(shown) == shown
    shown.encode("utf-8")  # never a lone surrogate that a terminal's encoder would choke on


def test_valid_choices_lists_up_to_fifteen_then_points_to_the_export():
    from navigator.errors import LIST_IN_FULL, valid_choices

    few = [f"c{i}" for i in range(LIST_IN_FULL)]
    many = [f"c{i}" for i in range(LIST_IN_FULL + 1)]
    assert valid_choices("x", few, "controls") == ". Valid controls: " + ", ".join(few)
    assert valid_choices("c1x", few, "controls") == "; did you mean 'c1'? Valid controls: " + ", ".join(few)
    assert valid_choices("x", many, "controls") == "; `navigator catalog --format json` lists the controls"
    assert valid_choices("c1x", many, "controls") == "; did you mean 'c1'?"
    assert valid_choices("x", [], "controls") == "; the catalog defines no controls"


def test_filter_values_are_escaped_in_messages(capsys):
    from navigator.cli import main

    assert main(["build", "--catalog", str(MINIMAL), "--risk", "x\x1b[2Jy", "--out", "nowhere", "-q"]) == 2
    err = capsys.readouterr().err
    assert err == "navigator: unknown risk 'x\\x1b[2Jy' for --risk. Valid risks: integrity, secrecy\n"


def test_the_noun_table_names_every_kind_a_field_refers_to():
    from navigator.catalog.model import COLLECTIONS, ITEM_KINDS, KIND_OF_REF, Meta, Reference, field_specs

    assert list(COLLECTIONS) == [k.collection for k in ITEM_KINDS]
    for cls in (Meta, Reference, *COLLECTIONS.values()):
        for name, spec in field_specs(cls).items():
            if spec["kind"] in ("ref", "refs"):
                assert spec["ref"] in KIND_OF_REF, (cls.__name__, name)


def test_the_json_export_prints_no_raw_control_or_bidi_character(cat, capsys):
    """`navigator catalog --format json` goes to a terminal too: what would drive it is written as a
    JSON escape, which reads back as the same text; letters of every script stay readable."""
    import json
    import unicodedata

    from navigator.cli import main

    title = "Leak \x1b[2J\x07 \x85\x9b \u202eevil\u202c \u2028 \U000e0041 עברית 😀"
    written = '"Leak \\e[2J\\a \\N\\x9b \\u202eevil\\u202c \\L \\U000e0041 עברית 😀"'  # YAML escapes
    replace_in(cat / "items.yaml", "    title: Data leak through use\n", f"    title: {written}\n")
    assert main(["catalog", "--catalog", "cat"]) == 0
    out = capsys.readouterr().out
    assert not [c for c in out if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")]
    assert "עברית 😀" in out
    data = json.loads(out)
    assert next(t for t in data["threats"] if t["id"] == "leak")["title"] == title


def test_an_editor_lock_file_is_skipped(cat):
    os.symlink("root@host.1234:1700000000", cat / ".#items.yaml")  # what Emacs leaves while a file is edited
    assert load_catalog(cat).threat("leak")
