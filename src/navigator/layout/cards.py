"""Drawing cards: a measured `CardPlan` (see `measure.py`), once placed, becomes its elements.

Layout happens in three steps: measure (`measure.py`), place (`place.py`), draw (here). Drawing
emits a card's elements directly at their final coordinates. Only the plans' sizes shape the
geometry, which is why geometry can be cached by them.
"""

from __future__ import annotations

from ..catalog.model import Catalog, ControlType
from ..links import safe_url
from ..roles import CARD, DETAIL, DETAIL_LINK, OTHER_CONTROLS, ROW, SEE, TAB, THREAT_ROLES, TITLE, Role
from ..scene import Box, Element, Path, Rect, Text, pt, value
from ..text import clean, metrics, text_width
from ..theme import THEME, Theme, text_on
from .measure import CardPlan, RowPlan

_CONTROL, _GROUP_REF = Role.CONTROL, Role.GROUP_REF  # looked up once: rows are the hottest code


def baseline(top: float, leading: float, size: float, font: str = "regular") -> float:
    """Baseline that centres capital letters on a line box of height `leading` starting at `top`."""
    return top + leading / 2 + metrics(font).cap_height * size / 2


def text(x: float, y: float, s: str, font: str, size: float, colour: str, anchor: str = "start") -> Text:
    return Text(pt(x), pt(y), s, font, size, colour, pt(text_width(s, font, size)), anchor)


def tooltip(*parts: str) -> str:
    return "\n".join([c for p in parts if p and (c := clean(p))])


def _box(x: float, y: float, w: float, h: float) -> Box:
    return Box(pt(x), pt(y), pt(w), pt(h))


# -- drawing ----------------------------------------------------------------------------------------
#
# Drawing emits about seven elements per card (20,000 at 5,000 items) and runs on every build, cached
# geometry or not, so a rebuild costs what drawing costs. `CardDrawer` therefore works out once what
# many cards share (an impact's tab, a control's row facts, the widths of repeated row lines, the
# baseline offsets) and keeps every float expression in the order `baseline` and `text` evaluate
# it, so the Scene is the same to the last bit.


def _arrow(x: float, y: float, colour: str) -> tuple[Path, Path]:
    """A small right arrow drawn as lines (the vendored font has no arrow glyphs)."""
    return (
        Path(((pt(x), pt(y)), (pt(x + 7.0), pt(y))), colour, 0.9),
        Path(((pt(x + 4.4), pt(y - 2.4)), (pt(x + 7.0), pt(y)), (pt(x + 4.4), pt(y + 2.4))), colour, 0.9),
    )


@value
class _TabFacts:
    colour: str
    ink: str
    width: float  # of the label, rounded as `text` rounds it
    cap: float  # cap height * size / 2, the second half of `baseline`
    tooltip: str


def symbol_of(ctype: ControlType) -> str:
    """A control type's symbol as badges draw it: cleaned, at most two characters."""
    return clean(ctype.symbol)[:2]


class Badge:
    """A control type's badge: a rounded square in the type's colour with its symbol, for control rows,
    the legend and detail pages alike. What every badge of a type and size shares is worked out once."""

    __slots__ = ("_cap", "_size_pt", "colour", "ink", "size", "symbol", "symbol_size", "width")

    def __init__(self, colour: str, symbol: str, size: float, t: Theme = THEME) -> None:
        self.colour = colour
        self.symbol = symbol  # as drawn: `symbol_of` the control type
        self.size = size
        self.symbol_size = size * 0.72
        self.ink = text_on(colour, t)
        self.width = pt(text_width(self.symbol, "bold", self.symbol_size))
        self._cap = metrics("bold").cap_height * self.symbol_size / 2  # the second half of `baseline`
        self._size_pt = pt(size)

    def rect(self, x: float, y: float, snap: bool = True) -> Rect:
        """The square with its top left at (x, y), snapped to 1/1000 pt like the cards (the legend's
        boxes never were)."""
        if snap:
            return Rect(Box(pt(x), pt(y), self._size_pt, self._size_pt), self.colour, "", 0.0, 1.5)
        return Rect(Box(x, y, self.size, self.size), self.colour, "", 0.0, 1.5)

    def text(self, x: float, y: float) -> Text:
        """The symbol, centred on the square whose top left is (x, y)."""
        half = self.size / 2
        return Text(
            pt(x + half),
            pt(y + half + self._cap),
            self.symbol,
            "bold",
            self.symbol_size,
            self.ink,
            self.width,
            "middle",
        )


@value
class _ControlFacts:
    badge: Badge
    url: str
    tooltip: str
    data_type: tuple[str, str]


@value
class _GroupFacts:
    url: str
    tooltip: str


class CardDrawer:
    """Draws the cards of one catalog with one theme, remembering what cards share."""

    def __init__(self, catalog: Catalog, t: Theme = THEME) -> None:
        self.catalog = catalog
        self.t = t
        self._tabs: dict[tuple[str, str, float], _TabFacts] = {}
        self._controls: dict[str, _ControlFacts] = {}
        self._types: dict[str, Badge] = {}
        self._groups: dict[str, _GroupFacts] = {}
        self._widths: dict[tuple[str, str], float] = {}  # row lines, which repeat on every card listing a control
        bold = metrics("bold").cap_height
        self._cap_title = bold * t.title_size / 2
        self._cap_info = bold * t.info_size / 2
        self._cap_row = {font: metrics(font).cap_height * t.row_size / 2 for font in ("regular", "italic")}
        self._info_width = pt(text_width("i", "bold", t.info_size))
        self._line_widths: dict[tuple[str, ...], tuple[float, ...]] = {}  # a control's row lines, by the lines

    def _tab(self, impact_id: str, label: str, size: float) -> _TabFacts:
        key = (impact_id, label, size)
        facts = self._tabs.get(key)
        if facts is None:
            impact = self.catalog.impact(impact_id)
            cap = metrics("bold").cap_height * size / 2
            facts = self._tabs[key] = _TabFacts(
                impact.colour,
                text_on(impact.colour, self.t),
                pt(text_width(label, "bold", size)),
                cap,
                tooltip(impact.label, impact.summary),
            )
        return facts

    def _control(self, control_id: str) -> _ControlFacts:
        facts = self._controls.get(control_id)
        if facts is None:
            control = self.catalog.control(control_id)
            facts = self._controls[control_id] = _ControlFacts(
                self._type(control.type),
                safe_url(control.url) or "",
                tooltip(f"{control.label} ({self.catalog.control_type(control.type).label})", control.summary),
                ("type", control.type),
            )
        return facts

    def _type(self, type_id: str) -> Badge:
        badge = self._types.get(type_id)
        if badge is None:
            ctype = self.catalog.control_type(type_id)
            badge = self._types[type_id] = Badge(ctype.colour, symbol_of(ctype), self.t.badge, self.t)
        return badge

    def _group(self, group_id: str) -> _GroupFacts:
        facts = self._groups.get(group_id)
        if facts is None:
            group = self.catalog.group(group_id)
            names = ", ".join(self.catalog.control(c).name for c in group.controls)
            facts = self._groups[group_id] = _GroupFacts(safe_url(group.url) or "", tooltip(f"{group.title}: {names}"))
        return facts

    def _width(self, line: str, font: str) -> float:
        key = (line, font)
        w = self._widths.get(key)
        if w is None:
            w = self._widths[key] = pt(text_width(line, font, self.t.row_size))
        return w

    def _facts(self, plan: CardPlan) -> tuple[str, str, tuple[tuple[str, str], ...], str]:
        """(url, tooltip, data, header fill) for a card, from the catalog item it stands for."""
        catalog, t = self.catalog, self.t
        if plan.role in THREAT_ROLES:
            th = catalog.threat(plan.ref)
            data: tuple[tuple[str, str], ...] = (
                ("impacts", " ".join(th.impacts)),
                ("section", th.section),
                ("parent", th.parent),
            )
            fill = t.group_header_fill if plan.role == Role.THREAT_GROUP else ""
            return safe_url(th.url) or "", tooltip(th.label, th.summary), data, fill
        if plan.role == Role.CONTROL_GROUP:
            g = catalog.group(plan.ref)
            label = g.label
            data = (("section", g.section), ("applies_to_all", "true" if g.applies_to_all else "false"))
            return (
                safe_url(g.url) or "",
                tooltip(label, "Applies to every threat." if g.applies_to_all else "", g.summary),
                data,
                t.control_group_header_fill,
            )
        section = plan.ref.removeprefix(OTHER_CONTROLS)
        return (
            "",
            "Controls that no threat or control group lists",
            (("section", section),),
            t.control_group_header_fill,
        )

    def draw(self, plan: CardPlan, x: float, y: float) -> list[Element]:
        """The card's elements at their final place: tabs, body, title, detail marker, rows."""
        t = self.t
        ref, w = plan.ref, plan.width
        card_id = f"{CARD}{ref}"
        url, tip, data, header_fill = self._facts(plan)
        out: list[Element] = []
        tab_h = t.tab_height
        for tab in plan.tabs:
            f = self._tab(tab.impact, tab.label, tab.size)
            tx = x + tab.x
            rx, ry, rw = pt(tx), pt(y), pt(tab.w)
            label = Text(
                pt(tx + t.tab_pad), pt(y + tab_h / 2 + f.cap), tab.label, "bold", tab.size, f.ink, f.width, "start"
            )
            out.append(
                Element(
                    id=f"{TAB}{ref}:{tab.impact}",
                    role=Role.TAB,
                    box=Box(rx, ry, rw, pt(tab_h)),
                    ref=tab.impact,
                    parent=card_id,
                    rects=(Rect(Box(rx, ry, rw, pt(tab_h + t.card_radius)), f.colour, "", 0.0, t.card_radius),),
                    texts=(label,),
                    tooltip=f.tooltip,
                    data=(("impact", tab.impact),),
                )
            )
        top = y + plan.body_top
        rtop, rx, rw = pt(top), pt(x), pt(w)
        body = Box(rx, rtop, rw, pt(plan.height - plan.body_top))
        divider: tuple[Path, ...] = ()
        if plan.rows:
            dy = pt(top + plan.header_h)
            divider = (Path(((pt(x + 0.6), dy), (pt(x + w - 0.6), dy)), t.divider, 0.6),)
        out.append(
            Element(
                id=card_id,
                role=plan.role,
                box=body,
                ref=ref,
                rects=(Rect(body, t.card_fill, t.card_stroke, 0.8, t.card_radius),),
                paths=divider,
                data=data,
            )
        )
        detail = plan.role in THREAT_ROLES
        info = t.badge if detail else 0.0
        lead, tx, ink = t.title_leading, pt(x + t.pad), t.link if url else t.ink
        half, cap = lead / 2, self._cap_title
        title_texts = tuple(
            Text(
                tx,
                pt(top + t.pad + i * lead + half + cap),
                line,
                "bold",
                t.title_size,
                ink,
                pt(text_width(line, "bold", t.title_size)),
                "start",
            )
            for i, line in enumerate(plan.title)
        )
        tint = (
            (Rect(_box(x + 0.7, top + 0.7, w - 1.4, plan.header_h - 0.7), header_fill, "", 0.0, t.card_radius - 0.7),)
            if header_fill
            else ()
        )
        title_box = Box(rx, rtop, pt(w - (info + 4 if info else 0)), pt(plan.header_h))
        out.append(
            Element(
                id=f"{TITLE}{ref}",
                role=Role.TITLE,
                box=title_box,
                ref=ref,
                parent=card_id,
                rects=tint,
                texts=title_texts,
                url=url,
                tooltip=tip,
            )
        )
        if detail:
            bx, by = x + w - t.pad - info, top + t.pad + (t.title_leading - info) / 2
            mark = Text(
                pt(bx + info / 2),
                pt(by + info / 2 + self._cap_info),
                "i",
                "bold",
                t.info_size,
                t.link,
                self._info_width,
                "middle",
            )
            out.append(
                Element(
                    id=f"{DETAIL_LINK}{ref}",
                    role=Role.DETAIL_LINK,
                    box=_box(bx - 2, by - 2, info + 4, info + 4),
                    ref=ref,
                    parent=card_id,
                    rects=(Rect(_box(bx, by, info, info), t.info_fill, t.link, 0.8, info / 2),),
                    texts=(mark,),
                    target=f"{DETAIL}{ref}",
                    tooltip="Details of this threat (in the PDF: its detail page)",
                )
            )
        for row in plan.rows:
            out.append(self._row(row, ref, card_id, x, y, w))
        return out

    def _row(self, row: RowPlan, card_ref: str, card_id: str, x: float, y: float, w: float) -> Element:
        # the hottest code of a rebuild (a row per control per card): positional arguments, and
        # the facts of the control and the widths of its lines looked up once per control
        t = self.t
        top = y + row.top
        left = x + t.pad
        box = Box(pt(left - 2), pt(top - t.row_gap / 2), pt(w - 2 * t.pad + 4), pt(row.height))
        text_x = pt(left + t.badge + 4)
        lead, half = t.row_leading, t.row_leading / 2
        if row.kind == _CONTROL:
            f = self._controls.get(row.ref) or self._control(row.ref)
            widths = self._line_widths.get(row.lines)
            if widths is None:
                widths = self._line_widths[row.lines] = tuple(self._width(line, "regular") for line in row.lines)
            by = top + (lead - t.badge) / 2
            cap = self._cap_row["regular"]
            texts = [f.badge.text(left, by)]
            texts += [
                Text(text_x, pt(top + i * lead + half + cap), line, "regular", t.row_size, t.ink, lw, "start")
                for i, (line, lw) in enumerate(zip(row.lines, widths))
            ]
            rect = f.badge.rect(left, by)
            return Element(
                f"{ROW}{card_ref}:{row.ref}",
                _CONTROL,
                box,
                row.ref,
                card_id,
                (rect,),
                tuple(texts),
                (),
                f.url,
                "",
                f.tooltip,
                (("card", card_ref), f.data_type),
            )
        g = self._group(row.ref)
        cap = self._cap_row["italic"]
        return Element(
            id=f"{SEE}{card_ref}:{row.ref}",
            role=_GROUP_REF,
            box=box,
            ref=row.ref,
            parent=card_id,
            texts=tuple(
                Text(
                    text_x,
                    pt(top + i * lead + half + cap),
                    line,
                    "italic",
                    t.row_size,
                    t.see_colour,
                    self._width(line, "italic"),
                    "start",
                )
                for i, line in enumerate(row.lines)
            ),
            paths=_arrow(x + t.pad + 1.0, top + half, t.see_colour),
            url=g.url,
            tooltip=g.tooltip,
            data=(("card", card_ref),),
        )
