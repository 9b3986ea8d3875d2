"""SVG: the Scene's overview as plain shapes and text, so it pastes into PowerPoint and Word intact.

Only `<rect>`, `<path>`, `<text>`, `<g>`, `<a>` and `<title>`, colours in hex, fonts named by family
(Noto Sans, then its Hebrew, Arabic and emoji fallbacks, in the order layout measured them with),
no `foreignObject`, no scripts, no CSS classes that carry meaning. Every text is escaped; only
http(s) links are written.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..links import safe_url
from ..roles import Role
from ..scene import Element, Scene, Text
from ..text import FONT_STACK

_WEIGHT = {"bold": ' font-weight="bold"', "italic": ' font-style="italic"', "regular": ""}


def _n(v: float) -> str:
    """Numbers as short, stable text (no exponent, no trailing zeros)."""
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _greeked(t: Text) -> str:
    """A faint bar where a text would be too small to read: the look of text, at no shaping cost."""
    return (
        f'<rect x="{_n(t.left)}" y="{_n(t.y - t.size * 0.52)}" width="{_n(t.width)}" '
        f'height="{_n(t.size * 0.42)}" fill="{t.colour}" fill-opacity="0.4"/>'
    )


def _element(e: Element, greek_below: float = 0.0) -> str:
    parts = [f"<g id={quoteattr(e.id)}>"]
    if e.tooltip:
        parts.append(f"<title>{escape(e.tooltip)}</title>")
    for r in e.rects:
        attrs = f'x="{_n(r.box.x)}" y="{_n(r.box.y)}" width="{_n(r.box.w)}" height="{_n(r.box.h)}"'
        if r.radius:
            attrs += f' rx="{_n(r.radius)}"'
        attrs += f' fill="{r.fill}"' if r.fill else ' fill="none"'
        if r.stroke and r.stroke_width:
            attrs += f' stroke="{r.stroke}" stroke-width="{_n(r.stroke_width)}"'
        parts.append(f"<rect {attrs}/>")
    for p in e.paths:
        pts = p.points
        if p.bezier:
            d = f"M{_n(pts[0][0])} {_n(pts[0][1])}" + "".join(
                f"C{_n(a[0])} {_n(a[1])} {_n(b[0])} {_n(b[1])} {_n(c[0])} {_n(c[1])}"
                for a, b, c in zip(pts[1::3], pts[2::3], pts[3::3])
            )
        else:
            d = "M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in pts)
        dash = f' stroke-dasharray="{" ".join(_n(v) for v in p.dash)}"' if p.dash else ""
        parts.append(f'<path d="{d}" fill="none" stroke="{p.colour}" stroke-width="{_n(p.width)}"{dash}/>')
    for t in e.texts:
        if t.size < greek_below:
            parts.append(_greeked(t))
            continue
        anchor = f' text-anchor="{t.anchor}"' if t.anchor != "start" else ""
        parts.append(
            f'<text x="{_n(t.x)}" y="{_n(t.y)}" font-size="{_n(t.size)}"{_WEIGHT.get(t.font, "")}{anchor} '
            f'fill="{t.colour}">{escape(t.text)}</text>'
        )
    url = safe_url(e.url)
    if url:
        b = e.box
        # an invisible hit area, so the whole box is the link: its colour is never seen
        parts.append(
            f'<rect x="{_n(b.x)}" y="{_n(b.y)}" width="{_n(b.w)}" height="{_n(b.h)}" fill="#FFFFFF" fill-opacity="0"/>'
        )
        inner = "".join(parts[1:])
        return f'<g id={quoteattr(e.id)}><a href={quoteattr(url)} target="_blank">{inner}</a></g>'
    parts.append("</g>")
    return "".join(parts)


def svg_document(scene: Scene, greek_below: float = 0.0, page_id: str = "") -> str:
    """The SVG text of the overview, or of the page `page_id` names (a per-section image). Texts
    smaller than `greek_below` points are drawn as faint bars (for rasters too small to show them
    legibly); the SVG output itself keeps every text."""
    page = scene.page(page_id) if page_id else scene.overview
    w, h = _n(page.width), _n(page.height)
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'font-family="{FONT_STACK}, sans-serif">\n'
        f"<title>{escape(scene.info.title)}</title>\n"
        f"<desc>{escape(scene.info.subject)}. Source: {escape(scene.info.source)}. "
        f"Licence: {escape(scene.info.licence)}.</desc>\n"
        f'<rect x="0" y="0" width="{w}" height="{h}" fill="{page.background}"/>\n'
    )
    # detail-page markers navigate inside the PDF only; an image has no detail pages
    body = "\n".join(_element(e, greek_below) for e in page.elements if e.role != Role.DETAIL_LINK)
    return head + body + "\n</svg>\n"


def render(scene: Scene, path: Path, page: str = "") -> None:
    Path(path).write_text(svg_document(scene, page_id=page), encoding="utf-8")
