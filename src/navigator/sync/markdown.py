"""Read one AI Exchange markdown file: headings with Category and Permalink lines, Controls lists, links.

The docs have looked different over time (`/goto/` permalinks, `#MONITORUSE` headings, `>Category:`
without a space, numbers with and without a trailing dot, a section's Category before its first
heading, Controls lists in prose), so every rule here is tolerant, and what cannot be read is recorded
as `Skipped` rather than raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .docsmodel import DocReference, Link, Malformed, Skipped

HEADING = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
META = re.compile(r"^\s*>\s*(category|permalink)\s*:\s*(.*?)\s*$", re.IGNORECASE)
NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?(?:[ \t]+|$)(.*)$")
LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^\s()<>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
PERMALINK_URL = re.compile(r"^(?:https?://(?:www\.)?owaspai\.org)?/(go|goto)/([^/?#]*)/?(#\S*)?$", re.IGNORECASE)
SLUG = re.compile(r"^[A-Za-z0-9_-]+$")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
BARE_URL = re.compile(r"<?https?://[^\s)>]+>?")
STRAY = re.compile(r"(\]\(?|\bowaspai\.org)/?go(?:to)?/[A-Za-z0-9_-]+/?", re.IGNORECASE)
LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d+[.)])(?:[ \t]+|(?=[A-Za-z\[#]))(.*)$")
BOLD_LINE = re.compile(r"^\s*(\*\*|__)[^*_].*?(\*\*|__)\s*:?\s*$")
CONTROLS_HEAD = re.compile(r"^controls\b", re.IGNORECASE)
BLOCK_END = re.compile(r"^\s*(\*\*|__)?\s*(references|useful standards|links|examples?)\b", re.IGNORECASE)
BELOW = re.compile(r"\bthe\s+below\s+control", re.IGNORECASE)  # "The below control(s), each marked with a #"
CRE_START = re.compile(r"<!--\s*OPENCRE_SECTION_CRE_START\s+slug=([^\s>]+)\s*-->")
CRE_END = re.compile(r"<!--\s*OPENCRE_SECTION_CRE_END\b")
CRE_ID = re.compile(r"/cre/(\d{3}-\d{3})")
FRONT_TITLE = re.compile(r"^title\s*:\s*[\"']?(.*?)[\"']?\s*$")
# How the docs' reference blocks name frameworks, and how the catalog names them.
FRAMEWORKS = {"OWASP Top10 for LLM": "OWASP LLM Top 10", "OWASP Top10 for ML": "OWASP ML Top 10"}


@dataclass
class Heading:
    """A heading and what follows it, while the file is being read (frozen into a DocItem later)."""

    index: int  # 0-based line index
    level: int  # 0 for a file's own Category and Permalink lines before any heading
    text: str
    category: str = ""
    permalink: str = ""
    permalink_line: int = 0
    controls: list[Link] = field(default_factory=list)
    has_controls: bool = False
    below_from: int = -1  # line index of a "the below controls" phrase, if any
    end: int = 0  # line index where its scope ends (next heading of the same or a higher level)
    references: list[DocReference] = field(default_factory=list)
    has_references: bool = False


@dataclass
class ParsedFile:
    shown: str
    title: str  # front matter title, e.g. "2. Input threats"
    headings: list[Heading]
    links: list[Link]
    malformed: list[Malformed]
    skipped: list[Skipped]
    # OpenCRE blocks: slug -> references, with the line of the block
    cre_blocks: dict[str, tuple[int, list[DocReference]]]


def collapse(text: str) -> str:
    return " ".join(text.split())


def anchor(text: str) -> str:
    """The anchor Hugo (goldmark) gives a heading: lower case, spaces to '-', other punctuation dropped."""
    text = LINK.sub(lambda m: m.group(1), text).lower()
    return "".join("-" if ch == " " else ch for ch in text if ch.isalnum() or ch in " _-")


def split_heading(text: str) -> tuple[str, str]:
    """(number, title) of a heading; a control heading keeps its leading '#' in the title."""
    text = collapse(text)
    m = NUMBER.match(text)
    if m:
        return m.group(1), m.group(2).strip()
    return "", text


def permalink_of(url: str) -> tuple[str, str] | None:
    m = PERMALINK_URL.match(url.strip())
    if not m or not SLUG.match(m.group(2)):
        return None
    return m.group(1).lower(), m.group(2)


def parse(text: str, shown: str) -> ParsedFile:
    lines = text.splitlines()
    skipped: list[Skipped] = []
    title, start = _front_matter(lines)
    fenced = _fenced(lines, start)
    headings = _headings(lines, start, fenced, shown, skipped)
    links, malformed = _links(lines, start, fenced, shown)
    cre = _cre_blocks(lines, start, shown, skipped)
    _controls_blocks(lines, headings, fenced, shown)
    for slug, (line, refs) in cre.items():  # a block belongs to the heading it sits under, whatever its slug says
        owner = _owner(headings, line - 1)
        if owner is None or owner.has_references:
            owner = next((h for h in headings if h.permalink.partition("/")[2] == slug), None)
        if owner is not None and not owner.has_references:
            owner.references, owner.has_references = refs, True
    return ParsedFile(shown, title, headings, links, malformed, skipped, cre)


def _front_matter(lines: list[str]) -> tuple[str, int]:
    if not lines or lines[0].strip() != "---":
        return "", 0
    title = ""
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return title, i + 1
        m = FRONT_TITLE.match(lines[i])
        if m and not title:
            title = m.group(1)
    return "", 0  # no closing line: not front matter


def _fenced(lines: list[str], start: int) -> list[bool]:
    out = [False] * len(lines)
    inside = ""
    for i in range(start, len(lines)):
        m = FENCE.match(lines[i])
        if m and (not inside or m.group(1) == inside):
            out[i] = True
            inside = "" if inside else m.group(1)
            continue
        out[i] = bool(inside)
    return out


def _meta(lines: list[str], i: int, end: int, h: Heading, shown: str, skipped: list[Skipped]) -> None:
    """Category and Permalink lines in the block quote (or blank lines) from line i on."""
    while i < end:
        line = lines[i]
        m = META.match(line)
        if m:
            key, value = m.group(1).lower(), collapse(m.group(2))
            if key == "category" and not h.category:
                h.category = value
            elif key == "permalink" and not h.permalink:
                found = permalink_of(value)
                if found is None:
                    skipped.append(
                        Skipped(shown, i + 1, f"Permalink '{value}' is not an owaspai.org /go/ or /goto/ link", True)
                    )
                else:
                    h.permalink, h.permalink_line = f"{found[0]}/{found[1]}", i + 1
        elif line.strip() and not line.lstrip().startswith(">") and h.level:
            return  # a heading's Category follows it directly; a file's may come after text
        i += 1


def _headings(lines: list[str], start: int, fenced: list[bool], shown: str, skipped: list[Skipped]) -> list[Heading]:
    found: list[Heading] = []
    for i in range(start, len(lines)):
        if fenced[i] or not lines[i].startswith("#"):
            continue
        m = HEADING.match(lines[i])
        if m:
            text = re.sub(r"[ \t]+#+[ \t]*$", "", m.group(2) or "")
            found.append(Heading(i, len(m.group(1)), text.strip()))
    first = found[0].index if found else len(lines)
    own = Heading(start, 0, "")
    _meta(lines, start, first, own, shown, skipped)
    out = [own] if own.category or own.permalink else []
    for n, h in enumerate(found):
        nxt = found[n + 1].index if n + 1 < len(found) else len(lines)
        _meta(lines, h.index + 1, nxt, h, shown, skipped)
        out.append(h)
    for n, h in enumerate(out):
        h.end = next((o.index for o in out[n + 1 :] if o.level and o.level <= h.level), len(lines))
    return out


def _links(lines: list[str], start: int, fenced: list[bool], shown: str) -> tuple[list[Link], list[Malformed]]:
    links: list[Link] = []
    malformed: list[Malformed] = []
    for i in range(start, len(lines)):
        line = lines[i]
        if fenced[i] or ("go" not in line and "GO" not in line) or META.match(line):
            continue
        for m in LINK.finditer(line):
            link = _link(m.group(1), m.group(2), shown, i + 1, malformed)
            if link is not None:
                links.append(link)
        rest = BARE_URL.sub(" ", LINK.sub(" ", line))
        for m in STRAY.finditer(rest):
            malformed.append(Malformed(m.group(0), shown, i + 1, "not a markdown link: write [text](/go/slug/)"))
    return links, malformed


def _link(text: str, url: str, shown: str, line: int, malformed: list[Malformed]) -> Link | None:
    if EXTERNAL.match(url) and not re.match(r"^https?://(www\.)?owaspai\.org/", url, re.IGNORECASE):
        return None
    found = permalink_of(url)
    if found is not None:
        return Link(collapse(text), url, found[0], found[1], shown, line)
    if re.search(r"(^|/)go(to)?/", url, re.IGNORECASE):
        why = "a relative link: permalinks start with /go/" if not url.startswith(("/", "http")) else "not /go/<slug>/"
        malformed.append(Malformed(url, shown, line, why))
    return None


def _cre_blocks(
    lines: list[str], start: int, shown: str, skipped: list[Skipped]
) -> dict[str, tuple[int, list[DocReference]]]:
    blocks: dict[str, tuple[int, list[DocReference]]] = {}
    i = start
    while i < len(lines):
        m = CRE_START.search(lines[i])
        if not m:
            i += 1
            continue
        slug, first, refs = m.group(1), i + 1, []
        i += 1
        while i < len(lines) and not CRE_END.search(lines[i]) and not CRE_START.search(lines[i]):
            for lm in LINK.finditer(lines[i]):
                ref = _reference(collapse(lm.group(1)), lm.group(2), i + 1)
                if ref is None:
                    skipped.append(Skipped(shown, i + 1, f"reference '{collapse(lm.group(1))}' not understood"))
                else:
                    refs.append(ref)
            i += 1
        blocks.setdefault(slug, (first, refs))
    return blocks


def _reference(text: str, url: str, line: int) -> DocReference | None:
    """`OpenCRE: Title`, or `FRAMEWORK: sec. ID: Title` as the OpenCRE blocks write them."""
    framework, sep, rest = text.partition(":")
    framework, rest = framework.strip(), rest.strip()
    if not sep or not rest:
        return None
    if framework == "OpenCRE":
        m = CRE_ID.search(url)
        return DocReference("OpenCRE", m.group(1) if m else "", rest, url, line)
    if not rest.startswith("sec."):
        return None
    parts = rest[4:].strip().split(": ")
    ident, n = parts[0], 1
    while n < len(parts) - 1 and " " not in parts[n]:  # BIML-78(2020): input:1: Title -> "BIML-78(2020) input:1"
        ident, n = f"{ident} {parts[n]}", n + 1
    title = ": ".join(parts[n:]).strip()
    return DocReference(FRAMEWORKS.get(framework, framework), ident.rstrip(":").strip(), title, url, line)


def _owner(headings: list[Heading], index: int) -> Heading | None:
    """The innermost heading with a Category or Permalink whose scope holds line `index`."""
    best = None
    for h in headings:
        if h.index > index:
            break
        if (h.category or h.permalink) and index < h.end:
            best = h
    return best


def _controls_blocks(lines: list[str], headings: list[Heading], fenced: list[bool], shown: str) -> None:
    starts = {h.index for h in headings if h.level}
    i = 0
    while i < len(lines):
        text = lines[i].strip()
        bare = text.strip("*_ ").rstrip(":").strip("*_ ")
        if fenced[i] or not CONTROLS_HEAD.match(bare) or len(bare) > 150 or text.startswith(("-", "*  ", ">")):
            i += 1
            continue
        if not (text.startswith(("**", "__")) or text.rstrip("*_ ").endswith(":") or bare.lower() == "controls"):
            i += 1
            continue
        owner = _owner(headings, i)
        j = i + 1
        while j < len(lines) and j not in starts and not _ends_block(lines[j]):
            j += 1
        if owner is not None:
            owner.has_controls = True
            owner.controls += _block_links(lines, i, j, shown)
            for k in range(i, j):
                if owner.below_from < 0 and BELOW.search(lines[k]):
                    owner.below_from = k
        i = j


def _ends_block(line: str) -> bool:
    if line[:1] in (" ", "\t"):
        return False  # an indented line continues a list item
    s = line.strip()
    if s.startswith(("---", "***")) or CRE_START.search(s) or BLOCK_END.match(s):
        return True
    return bool(BOLD_LINE.match(s) and not CONTROLS_HEAD.match(s.strip("*_ ")))


def _block_links(lines: list[str], first: int, end: int, shown: str) -> list[Link]:
    """Links of a Controls block. A link on the block's own first line, or in a list item that has
    sub-items, is a label ("Controls for [input threats](/go/inputthreats/):"), not a reference."""
    entries: list[tuple[int, int, bool]] = []  # (indent, line index, is a list item); prose has indent -1
    for k in range(first, end):
        line = lines[k].replace("\t", "    ")
        if not line.strip():
            continue
        m = LIST_ITEM.match(line)
        if m:
            entries.append((len(m.group(1)), k, True))
        elif k == first or not entries or not line.startswith(" "):
            entries.append((-1, k, False))
        else:
            entries.append((entries[-1][0], k, False))  # a continuation line of the item above
    out: list[Link] = []
    for n, (indent, k, is_item) in enumerate(entries):
        nxt = next((e for e in entries[n + 1 :] if e[2] or e[0] != indent), None)  # past continuation lines
        label = k == first or (is_item and nxt is not None and nxt[2] and nxt[0] > indent)
        context = collapse(LINK.sub(" ", lines[k]))
        for m in LINK.finditer(lines[k]):
            found = permalink_of(m.group(2))
            if found is not None:
                link = Link(collapse(m.group(1)), m.group(2), found[0], found[1], shown, k + 1, label, context)
                out.append(link)
    return out
