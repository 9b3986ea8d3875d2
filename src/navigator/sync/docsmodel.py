"""What `navigator sync` reads from the AI Exchange markdown: plain frozen values, no catalog in sight.

The parser (`markdown.py`) fills these; `resolve.py` says what a link points at; `compare.py` holds them
against a `Catalog`. Keeping the docs' own model separate lets the same comparison run on any state of
the docs, today's or an older one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# What a heading with a Category (or a file's own Category line) stands for.
ITEM_KINDS = ("section", "group", "threat", "control", "other")


@dataclass(frozen=True, slots=True)
class Link:
    """A markdown link to an AI Exchange permalink (`/go/<slug>/`, `/goto/<slug>/`, or the full URL)."""

    text: str
    url: str
    prefix: str  # "go" or "goto"
    slug: str  # as written: case matters to the web server
    file: str
    line: int
    # In a Controls list: whether the list item holding the link has sub-items. Such a link is a label
    # ("Controls for [input threats](/go/inputthreats/):" followed by the controls it means), not a reference.
    label: bool = False
    # In a Controls list: the words around the link on its line (link texts left out).
    context: str = ""


@dataclass(frozen=True, slots=True)
class Malformed:
    """Something meant as a permalink link that is not a well-formed one."""

    url: str
    file: str
    line: int
    why: str


@dataclass(frozen=True, slots=True)
class DocReference:
    """One entry of an OpenCRE reference block: the CRE itself, or a framework entry it refers to."""

    framework: str
    id: str
    title: str
    url: str
    line: int


@dataclass(frozen=True, slots=True)
class DocItem:
    """A heading of the docs with its Category and Permalink lines (or a file's own, before any heading)."""

    kind: str  # one of ITEM_KINDS
    id: str  # the permalink slug, as written
    prefix: str  # "go" or "goto"
    number: str  # "2.1.1", without a trailing dot; "" when the heading has none
    title: str  # the heading without its number; a control's name without its '#'
    category: str  # the Category line, whitespace collapsed; "" when missing
    file: str
    line: int
    level: int  # heading level (0 for a file's own Category line)
    anchor: str  # the page anchor the site gives the heading
    section: str  # id of the section (file) it is in; "" when the file is not a section
    parent: str = ""  # for a threat: the threat group it belongs to
    controls: tuple[Link, ...] = ()  # links in its Controls lists, in order
    has_controls: bool = False  # whether it has a Controls list at all
    below: tuple[str, ...] = ()  # control headings a prose list means by "the below controls"
    nested: tuple[str, ...] = ()  # ids of control headings nested under it
    references: tuple[DocReference, ...] = ()
    has_references: bool = False  # whether it has an OpenCRE block

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something the parser could not read, and why; never a reason to fail."""

    file: str
    line: int
    what: str
    # True when what was skipped looks like a threat or control (so drift may hide behind it).
    item: bool = False


@dataclass(frozen=True, slots=True)
class DocsModel:
    """Everything read from one docs directory (and its redirects)."""

    root: str
    files: tuple[str, ...]
    items: tuple[DocItem, ...]  # in reading order
    links: tuple[Link, ...]  # every permalink link in every file
    malformed: tuple[Malformed, ...]
    skipped: tuple[Skipped, ...]
    # `/go/<slug>/` or `/goto/<slug>/` -> destination path with anchor, as firebase.json gives them
    redirects: dict[str, str] = field(default_factory=dict)
    redirects_file: str = ""
    # file stem (e.g. "2_threats_through_use") -> shown path, so redirect destinations find their file
    stems: dict[str, str] = field(default_factory=dict)
