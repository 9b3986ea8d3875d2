"""Read a docs directory (and optionally its firebase.json redirects) into a `DocsModel`.

Unreadable input as a whole (no such directory, no markdown in it, a redirects file that is not JSON)
raises `SyncInputError` (exit status 2); anything smaller is recorded as skipped and reading goes on.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import NavigatorError
from .docsmodel import DocItem, DocsModel, Link, Malformed, Skipped
from .markdown import Heading, ParsedFile, anchor, collapse, parse, split_heading
from .text import shown_text

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_FILES = 1000
SECTION_NUMBER = re.compile(r"^\d+(\.0)?$")


class SyncInputError(NavigatorError):
    """Docs or redirects that cannot be read at all; the message says which and why."""


def shown_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") and os.path.isabs(path) else rel


def default_redirects(directory: str | os.PathLike[str]) -> Path | None:
    """The firebase.json of the site the docs belong to: in DOCS_DIR or a folder above it, up to the
    repository's root (a folder with .git) and at most three levels up; None when there is none."""
    here = Path(directory).resolve()
    for folder in [here, *here.parents][:4]:
        if (folder / "firebase.json").is_file():
            return folder / "firebase.json"
        if (folder / ".git").exists():
            break
    return None


def read_docs(directory: str | os.PathLike[str], redirects: str | os.PathLike[str] | None = None) -> DocsModel:
    root = Path(directory)
    where = shown_text(shown_path(root))
    if not root.is_dir():
        what = "no such directory" if not root.exists() else "not a directory"
        raise SyncInputError(f"{where}: {what}; DOCS_DIR is the AI Exchange's docs folder (its *.md files)")
    try:
        paths = sorted(p for p in root.iterdir() if p.suffix.lower() == ".md" and p.is_file())
    except OSError as e:
        raise SyncInputError(f"{where}: cannot list the directory: {shown_text(e.strerror or str(e))}") from None
    if not paths:
        raise SyncInputError(f"{where}: no markdown files (*.md); DOCS_DIR is the AI Exchange's docs folder")
    if len(paths) > MAX_FILES:
        raise SyncInputError(f"{where}: {len(paths)} markdown files; the limit is {MAX_FILES}")
    redirect_map, redirects_shown = _redirects(Path(redirects)) if redirects else ({}, "")
    parsed: list[ParsedFile] = []
    skipped: list[Skipped] = []
    stems: dict[str, str] = {}
    base = root.resolve().name
    for path in paths:
        shown = f"{base}/{path.name}" if base else path.name  # as the file is named in the docs' repository
        stems[path.stem] = shown
        text = _read(path, shown, skipped)
        if text is not None:
            parsed.append(parse(text, shown))
    items: list[DocItem] = []
    links: list[Link] = []
    malformed: list[Malformed] = []
    for pf in parsed:
        items += _items(pf)
        links += pf.links
        malformed += pf.malformed
        skipped += pf.skipped
    items, dup_skips = _without_duplicates(items)
    skipped += dup_skips
    return DocsModel(
        root=shown_path(root),
        files=tuple(stems.values()),
        items=tuple(items),
        links=tuple(links),
        malformed=tuple(malformed),
        skipped=tuple(skipped),
        redirects=redirect_map,
        redirects_file=redirects_shown,
        stems=stems,
    )


def _read(path: Path, shown: str, skipped: list[Skipped]) -> str | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            skipped.append(Skipped(shown, 0, f"file is {size:,} bytes; files over {MAX_FILE_BYTES:,} are not read"))
            return None
        data = path.read_bytes()
    except OSError as e:
        skipped.append(Skipped(shown, 0, f"cannot read the file: {e.strerror or e}"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        skipped.append(Skipped(shown, line, "not UTF-8; read with replacement characters"))
        return data.decode("utf-8", errors="replace")


def _redirects(path: Path) -> tuple[dict[str, str], str]:
    shown = shown_text(shown_path(path))
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SyncInputError(f"{shown}: over {MAX_FILE_BYTES:,} bytes; --redirects takes the site's firebase.json")
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SyncInputError(f"{shown}: no such file; --redirects takes the site's firebase.json") from None
    except (OSError, UnicodeDecodeError) as e:
        why = getattr(e, "strerror", None) or str(e)
        raise SyncInputError(f"{shown}: cannot read it: {shown_text(why)}") from None
    except json.JSONDecodeError as e:
        raise SyncInputError(f"{shown}:{e.lineno}: not JSON: {shown_text(e.msg)}") from None
    hosting: Any = data.get("hosting") if isinstance(data, dict) else None
    sites = hosting if isinstance(hosting, list) else [hosting]
    out: dict[str, str] = {}
    found = False
    for site in sites:
        if not isinstance(site, dict) or not isinstance(site.get("redirects"), list):
            continue
        found = True
        for r in site["redirects"]:
            if not isinstance(r, dict) or not isinstance(r.get("source"), str):
                continue
            parts = [p for p in r["source"].split("/") if p]
            if len(parts) == 2 and parts[0].lower() in ("go", "goto"):
                out.setdefault(f"{parts[0].lower()}/{parts[1]}", str(r.get("destination", "")))
    if not found:
        raise SyncInputError(f"{shown}: no hosting.redirects list; --redirects takes the site's firebase.json")
    return out, shown_path(path)


def classify(h: Heading, number: str, title: str) -> str:
    low = h.category.lower()
    if h.level == 0:
        return "section"
    if low.startswith("group of control"):
        return "group"
    if low.startswith("group of"):
        return "section" if SECTION_NUMBER.match(number) else "threat"
    if "control" in low and "detail" not in low and "discussion" not in low:
        return "control"
    if "threat" in low:
        return "threat"
    if not low and title.startswith("#"):
        return "control"
    return "other"


def _items(pf: ParsedFile) -> list[DocItem]:
    section = ""
    out: list[DocItem] = []
    threats: dict[str, str] = {}  # number -> id, for parents
    stack: list[tuple[int, str]] = []  # (level, id) of threat groups, for parents of unnumbered threats
    built: list[tuple[Heading, DocItem]] = []
    for h in pf.headings:
        number, title = split_heading(h.text)
        kind = classify(h, number, title)
        if kind == "section" and section:
            kind = "other"  # one section per file: a second introduction is just a heading
        if not h.permalink:
            if kind in ("threat", "control", "group") or (kind == "section" and h.level):
                pf.skipped.append(
                    Skipped(
                        pf.shown, h.index + 1, f"heading '{collapse(h.text)}' has no Permalink line; not read", True
                    )
                )
            continue
        if not h.category and kind != "section":
            looks = title.startswith("#") or bool(number)
            pf.skipped.append(
                Skipped(pf.shown, h.index + 1, f"heading '{collapse(h.text)}' has no Category line", looks)
            )
        prefix, slug = h.permalink.split("/", 1)
        if kind == "section":
            section = slug
            fm_number, fm_title = split_heading(pf.title) if pf.title else ("", "")
            number, title = fm_number or number, fm_title or title
        if kind == "control":
            title = title.lstrip("#").strip()
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        parent = ""
        if kind == "threat":
            parent = _parent(number, threats) if number else (stack[-1][1] if stack else "")
            if number:
                threats.setdefault(number, slug)
            if h.category.lower().startswith("group of"):
                stack.append((h.level, slug))
        item = DocItem(
            kind=kind,
            id=slug,
            prefix=prefix,
            number=number,
            title=title,
            category=h.category,
            file=pf.shown,
            line=h.index + 1,
            level=h.level,
            anchor=_anchor_of(h),
            section=section if kind != "section" else slug,
            parent=parent,
            controls=tuple(h.controls),
            has_controls=h.has_controls,
            references=tuple(h.references),
            has_references=h.has_references,
        )
        built.append((h, item))
    for h, item in built:
        nested = tuple(i.id for g, i in built if i.kind == "control" and h.index < g.index < h.end)
        out.append(replace(item, nested=nested, below=_below(h, built, pf.headings)))
    return out


def _below(owner: Heading, built: list[tuple[Heading, DocItem]], headings: list[Heading]) -> tuple[str, ...]:
    """The control headings that "the below control(s)" means: those that follow, up to the next heading
    that is something else (a threat, a section) or ends the owner's part of the page."""
    if owner.below_from < 0:
        return ()
    items = {id(h): i for h, i in built}
    out: list[str] = []
    for h in headings:
        if h.index <= owner.below_from or not h.level:
            continue
        if h.index >= owner.end or (owner.level and h.level <= owner.level):
            break
        item = items.get(id(h))
        if item is not None and item.kind == "control":
            out.append(item.id)
        elif item is not None or (h.category and not h.permalink):
            break
    return tuple(out)


def _anchor_of(h: Heading) -> str:
    return anchor(h.text) if h.level else ""


def _parent(number: str, threats: dict[str, str]) -> str:
    parts = number.split(".")
    for n in range(len(parts) - 1, 1, -1):
        found = threats.get(".".join(parts[:n]))
        if found:
            return found
    return ""


def _without_duplicates(items: list[DocItem]) -> tuple[list[DocItem], list[Skipped]]:
    seen: dict[str, DocItem] = {}
    out: list[DocItem] = []
    skipped: list[Skipped] = []
    for item in items:
        first = seen.get(item.id)
        if first is None:
            seen[item.id] = item
            out.append(item)
            continue
        skipped.append(
            Skipped(
                item.file,
                item.line,
                f"permalink '{item.id}' again (first at {first.file}:{first.line}); the first is compared",
            )
        )
    return out, skipped
