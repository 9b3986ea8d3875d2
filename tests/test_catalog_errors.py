"""Catalog problems the corpus of bad catalogs (tests/data/bad/, test_bad_catalogs.py) cannot hold: a
missing folder, paths outside the working directory, hostile characters in every place, files that
change while read, and the message helpers. Every other kind of problem is a case of the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from navigator.catalog import load_catalog
from navigator.errors import CatalogError

from .conftest import MINIMAL


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


def test_missing_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert problems(tmp_path / "nope") == [
        "nope: no such directory; --catalog takes a directory of catalog *.yaml files"
    ]


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


@pytest.mark.slow
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
    assert load_catalog(cat).threat("leak").id == "leak"
