"""Reading a rendered PDF back with pypdf: the questions the PDF tests ask of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdf


def norm(text: str) -> str:
    return " ".join(text.split())


class Pdf:
    """A rendered PDF with the questions the tests ask of it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reader = pypdf.PdfReader(str(path))
        self.pages = self.reader.pages
        self._index: dict[int, int] = {}
        for i, p in enumerate(self.pages):
            assert p.indirect_reference is not None  # a page read from a file has its object number
            self._index[p.indirect_reference.idnum] = i
        self._text: dict[int, str] = {}

    def text(self, i: int) -> str:
        if i not in self._text:
            self._text[i] = norm(self.pages[i].extract_text())
        return self._text[i]

    def annotations(self, i: int) -> list[dict]:
        return [a.get_object() for a in self.pages[i].get("/Annots", [])]

    def uris(self, i: int) -> list[str]:
        return [a["/A"]["/URI"] for a in self.annotations(i) if "/A" in a and a["/A"].get("/S") == "/URI"]

    def jumps(self, i: int) -> list[tuple[tuple[float, ...], int]]:
        """Internal links on page i: (rect, index of the page they lead to)."""
        return [
            (tuple(float(v) for v in a["/Rect"]), self._index[a["/Dest"][0].idnum])
            for a in self.annotations(i)
            if "/Dest" in a
        ]

    def size(self, i: int) -> tuple[float, float]:
        box = self.pages[i].mediabox
        return float(box.width), float(box.height)

    def destination(self, name: str) -> int:
        page = self.reader.get_destination_page_number(self.reader.named_destinations[name])
        assert page is not None, name
        return page

    def outline(self, items: list | None = None) -> list[tuple[str, int, list]]:
        """The bookmarks as (title, page index, children)."""
        items = self.reader.outline if items is None else items
        out: list[tuple[Any, Any, list]] = []  # pypdf's title and page number, as read
        for item in items:
            if isinstance(item, list):
                title, page, _ = out[-1]
                out[-1] = (title, page, self.outline(item))
            else:
                out.append((item.title, self.reader.get_destination_page_number(item), []))
        return out


def pdf_rect(box, page_height: float) -> tuple[float, float, float, float]:
    """Where an element's box of the Scene (origin top left) lies on an unscaled PDF page."""
    return (box.x, page_height - box.bottom, box.right, page_height - box.y)


def close(a: tuple[float, ...], b: tuple[float, ...], tolerance: float = 0.02) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def expected_tree(catalog) -> list[tuple[str, list]]:
    """The bookmarks a reader expects, straight from the catalog: sections with their control groups
    and top-level threats, sub-threats nested under their group; then one entry per threat."""

    def threat(tid: str) -> tuple[str, list]:
        return catalog.threat(tid).label, [threat(c) for c in catalog.children(tid)]

    tree = []
    for s in catalog.sections:
        kids: list[tuple[str, list]] = [
            (f"{g.number} {g.title}".strip(), []) for g in catalog.groups if g.section == s.id
        ]
        kids += [threat(t.id) for t in catalog.threats if t.section == s.id and not t.parent]
        tree.append((f"{s.number} {s.title}", kids))
    tree.append(("Threat details", [(t.label, []) for t in catalog.threats]))
    return tree


def titles(outline: list[tuple[str, int, list]]) -> list[tuple[str, list]]:
    return [(title, titles(kids)) for title, _, kids in outline]
