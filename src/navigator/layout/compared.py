"""`build --compare OLD`: what changed since an older catalog, marked on the diagram itself.

Cards are measured and placed exactly as without a comparison (the geometry and its cache do not
change); marks decorate placed cards by element id:

- a new or changed card gets a NEW or CHANGED tag at the right end of its tab strip (its impact
  tabs shrink to make room where they must), an outline in the tag's colour, and a line in its
  tooltip (for a change: which fields changed);
- a new or changed control (or control group) gets the same tag, smaller, at the right of its row
  on every card that lists it; the row's text is wrapped a little narrower, never onto more lines;
- removed items have no card to mark, so they are listed as dashed, faded chips in a "Changes
  since ..." box under the legend, which also counts what is new and changed (see docs/sync.md);
- threats' detail pages (and the web's details panel) get a "Changes since ..." fact;
- the title says what the diagram is compared with, and the legend explains the tags and chips.

Tags are text as well as colour, so they survive grey-scale printing and colour blindness.
"""

from __future__ import annotations

from dataclasses import replace

from ..annotations import Annotations, Compared
from ..catalog.model import Catalog
from ..roles import CARD, CHANGE, LEGEND, REMOVED, ROW, SEE, TITLE, Role
from ..scene import Box, Detail, Element, Path, Rect, pt
from ..text import clean, text_width, wrap
from ..theme import THEME, Theme, text_on
from .cards import CardDrawer, baseline, text
from .chrome import LegendEntry as Entry
from .measure import CardPlan, RowPlan, _plan_tabs

LABELS = {"added": "NEW", "changed": "CHANGED"}


def marks_of(annotations: Annotations, catalog: Catalog, t: Theme = THEME) -> Marks | None:
    """The marks of a comparison, or None for a build without one (which then draws as before)."""
    compared = annotations.compared
    return None if compared is None else Marks(compared, catalog, t)


def _fields(names: tuple[str, ...]) -> str:
    return ", ".join(n.replace("_", " ") for n in names)


class Marks:
    """Draws what a `Compared` says on the cards of one catalog with one theme."""

    def __init__(self, compared: Compared, catalog: Catalog, t: Theme = THEME) -> None:
        self.compared = compared
        self.catalog = catalog
        self.t = t
        # a filtered view counts and marks only what it shows (removed items are listed whatever the filter)
        self.changes = {k: v for k, v in compared.changes.items() if k in catalog.by_id}
        self.old = clean(compared.old_label) or "the older catalog"

    # -- words ------------------------------------------------------------------------------------
    def counts(self) -> str:
        """ "3 new, 2 changed, 1 removed", or "" when nothing changed."""
        added = sum(1 for s in self.changes.values() if s == "added")
        changed = sum(1 for s in self.changes.values() if s == "changed")
        parts = [f"{added} new" if added else "", f"{changed} changed" if changed else ""]
        parts.append(f"{len(self.compared.removed)} removed" if self.compared.removed else "")
        return ", ".join(p for p in parts if p)

    def title_line(self) -> str:
        counts = self.counts()
        return f"Compared with {self.old}: {counts if counts else 'no changes'}"

    def note(self, item_id: str) -> str:
        """What a tooltip or detail page says about an item's change, or ""."""
        status = self.changes.get(item_id)
        if status == "added":
            return f"New since {self.old}"
        if status == "changed":
            names = self.compared.changed_fields.get(item_id, ())
            return f"Changed since {self.old}" + (f": {_fields(names)}" if names else "")
        return ""

    # -- cards ------------------------------------------------------------------------------------
    def _tag_width(self, status: str, size: float) -> float:
        return text_width(LABELS[status], "bold", size) + 2 * self.t.tab_pad

    def card(self, drawer: CardDrawer, plan: CardPlan, x: float, y: float) -> list[Element]:
        """The card drawn as `drawer` draws it, then tagged where it or its rows changed."""
        status = self.changes.get(plan.ref, "")
        rows = [r for r in plan.rows if r.ref in self.changes]
        if not status and not rows:
            return drawer.draw(plan, x, y)
        t = self.t
        if status:
            plan = self._room_for_tag(plan, self._tag_width(status, t.tag_size))
        if rows:
            plan = replace(
                plan, rows=tuple(self._narrower(r, plan.width) if r.ref in self.changes else r for r in plan.rows)
            )
        out = drawer.draw(plan, x, y)
        card_id = f"{CARD}{plan.ref}"
        decorated: list[Element] = []
        for e in out:
            if e.id == card_id and status:
                decorated.append(self._tag(plan, status, x, y))
                colour = t.added_fill if status == "added" else t.changed_fill
                body = replace(e.rects[0], stroke=colour, stroke_width=t.marked_stroke_width)
                e = replace(e, rects=(body, *e.rects[1:]), data=(*e.data, ("change", status)))
            elif e.id == f"{TITLE}{plan.ref}" and status:
                e = replace(e, tooltip="\n".join(p for p in (e.tooltip, self.note(plan.ref)) if p))
            decorated.append(e)
            if e.parent == card_id and e.ref in self.changes and e.id.startswith((ROW, SEE)):
                decorated[-1] = replace(e, tooltip="\n".join(p for p in (e.tooltip, self.note(e.ref)) if p))
                decorated.append(self._row_tag(plan, e, x, y))
        return decorated

    def _room_for_tag(self, plan: CardPlan, tag_w: float) -> CardPlan:
        t = self.t
        if not plan.tabs or plan.tabs[-1].x + plan.tabs[-1].w <= plan.width - t.tab_inset - tag_w - t.tab_gap:
            return plan
        tabs = _plan_tabs(self.catalog, plan.impacts, plan.width - tag_w - t.tab_gap, t)
        return replace(plan, tabs=tabs)

    def _narrower(self, row: RowPlan, width: float) -> RowPlan:
        """The row's text wrapped clear of its tag, on no more lines than before (the card keeps its size)."""
        t = self.t
        status = self.changes[row.ref]
        room = width - (t.pad + t.badge + 4) - t.pad - self._tag_width(status, t.row_tag_size) - 3
        if row.kind == Role.CONTROL:
            label, font = self.catalog.control(row.ref).label, "regular"
        else:
            label, font = f"See {self.catalog.group(row.ref).label}", "italic"
        lines, _ = wrap(label, font, t.row_size, room, len(row.lines))
        return replace(row, lines=lines)

    def _tag(self, plan: CardPlan, status: str, x: float, y: float) -> Element:
        """A tab at the right end of the card's tab strip, drawn before the card so the body covers its foot."""
        t = self.t
        w = self._tag_width(status, t.tag_size)
        fill = t.added_fill if status == "added" else t.changed_fill
        left = x + plan.width - t.tab_inset - w
        y = y + plan.body_top - t.tab_height  # the tab strip above the body (above the card when it has no tabs)
        label = LABELS[status]
        return Element(
            id=f"{CHANGE}{plan.ref}",
            role=Role.CHANGE_TAG,
            box=Box(pt(left), pt(y), pt(w), pt(t.tab_height)),
            ref=plan.ref,
            parent=f"{CARD}{plan.ref}",
            rects=(Rect(Box(pt(left), pt(y), pt(w), pt(t.tab_height + t.card_radius)), fill, "", 0.0, t.card_radius),),
            texts=(
                text(
                    left + w / 2,
                    baseline(y, t.tab_height, t.tag_size, "bold"),
                    label,
                    "bold",
                    t.tag_size,
                    text_on(fill, t),
                    "middle",
                ),
            ),
            tooltip=self.note(plan.ref),
            data=(("change", status),),
        )

    def _row_tag(self, plan: CardPlan, row: Element, x: float, y: float) -> Element:
        t = self.t
        status = self.changes[row.ref]
        w = self._tag_width(status, t.row_tag_size) - 2 * t.tab_pad + 4.0
        h = t.row_tag_size + 2.4
        top = row.box.y + t.row_gap / 2 + (t.row_leading - h) / 2
        left = x + plan.width - t.pad - w
        fill = t.added_fill if status == "added" else t.changed_fill
        return Element(
            id=f"{CHANGE}{plan.ref}:{row.ref}",
            role=Role.CHANGE_TAG,
            box=Box(pt(left), pt(top), pt(w), pt(h)),
            ref=row.ref,
            parent=row.id,
            rects=(Rect(Box(pt(left), pt(top), pt(w), pt(h)), fill, "", 0.0, 1.5),),
            texts=(
                text(
                    left + w / 2,
                    baseline(top, h, t.row_tag_size, "bold"),
                    LABELS[status],
                    "bold",
                    t.row_tag_size,
                    text_on(fill, t),
                    "middle",
                ),
            ),
            tooltip=self.note(row.ref),
            data=(("change", status),),
        )

    # -- legend, the box of changes, detail pages -------------------------------------------------
    def legend_entries(self) -> list[Entry]:
        t = self.t
        size, line_h = t.legend_size, t.legend_size * 2.3
        out = [
            self._legend_tag("added", f"new since {self.old}"),
            self._legend_tag("changed", f"changed since {self.old} (its tooltip says what)"),
        ]
        if not self.compared.removed:
            return out
        words = "removed: listed under the legend"
        chip_w = text_width("Removed", "regular", size) + 8
        w = chip_w + 4 + text_width(words, "regular", size)

        def removed(ex: float, ey: float) -> Element:
            h = t.tab_height + 1
            by = ey + (line_h - h) / 2
            return Element(
                id=f"{LEGEND}change:removed",
                role=Role.LEGEND_CHANGE,
                box=Box(ex, ey, w, line_h),
                paths=(self._dashed(Box(ex, by, chip_w, h)),),
                texts=(
                    text(ex + 4, baseline(by, h, size), "Removed", "regular", size, t.removed_ink),
                    text(ex + chip_w + 4, baseline(ey, line_h, size), words, "regular", size, t.ink),
                ),
                data=(("change", "removed"),),
            )

        out.append((w, removed))
        return out

    def _legend_tag(self, status: str, words: str) -> Entry:
        t = self.t
        size, line_h = t.legend_size, t.legend_size * 2.3
        tag_w = self._tag_width(status, t.tag_size)
        w = tag_w + 4 + text_width(words, "regular", size)
        fill = t.added_fill if status == "added" else t.changed_fill

        def draw(ex: float, ey: float) -> Element:
            h = t.tab_height
            by = ey + (line_h - h) / 2
            return Element(
                id=f"{LEGEND}change:{status}",
                role=Role.LEGEND_CHANGE,
                box=Box(ex, ey, w, line_h),
                rects=(Rect(Box(ex, by, tag_w, h), fill, "", 0.0, t.card_radius),),
                texts=(
                    text(
                        ex + tag_w / 2,
                        baseline(by, h, t.tag_size, "bold"),
                        LABELS[status],
                        "bold",
                        t.tag_size,
                        text_on(fill, t),
                        "middle",
                    ),
                    text(ex + tag_w + 4, baseline(ey, line_h, size), words, "regular", size, t.ink),
                ),
                data=(("change", status),),
            )

        return w, draw

    def _dashed(self, b: Box) -> Path:
        corners = ((b.x, b.y), (b.right, b.y), (b.right, b.bottom), (b.x, b.bottom), (b.x, b.y))
        return Path(tuple((pt(px), pt(py)) for px, py in corners), self.t.removed_stroke, 0.8, dash=(2.5, 1.8))

    def box(self, x: float, y: float, width: float) -> tuple[list[Element], float]:
        """The "Changes since ..." box: what changed in words, then a dashed chip per removed item."""
        t = self.t
        size, lead = t.legend_size, t.legend_size * 2.3
        counts = self.counts()
        if not counts:
            head = f"No changes since {self.old}: every threat, control group and control is as it was."
        else:
            head = f"Changes since {self.old}: {counts}. New and changed items carry a tag on their card or row."
            if self.compared.removed:
                head += " Removed since:"
        lines, _ = wrap(head, "regular", size, width - 16, 3)
        inner = x + 8
        out = [
            Element(
                id="changes:summary",
                role=Role.CHANGES,
                box=Box(inner, y + 4, width - 16, lead * len(lines)),
                texts=tuple(
                    text(inner, baseline(y + 4 + i * lead, lead, size), line, "regular", size, t.ink)
                    for i, line in enumerate(lines)
                ),
            )
        ]
        cy = y + 4 + lead * len(lines)
        cx, h, gap = inner, t.tab_height + 2, 6.0
        limit = width - 16
        for item_id, kind, label in self.compared.removed:
            shown, _ = wrap(f"{label} ({kind})", "regular", size, limit - 10, 1)
            w = text_width(shown[0], "regular", size) + 10
            if cx > inner and cx + w > inner + limit:
                cx, cy = inner, cy + h + 4
            b = Box(pt(cx), pt(cy), pt(w), pt(h))
            out.append(
                Element(
                    id=f"{REMOVED}{item_id}",
                    role=Role.REMOVED,
                    box=b,
                    ref=item_id,
                    paths=(self._dashed(b),),
                    texts=(text(cx + 5, baseline(cy, h, size), shown[0], "regular", size, t.removed_ink),),
                    tooltip=f"{clean(label)} ({kind}): removed since {self.old}",
                    data=(("change", "removed"), ("kind", kind)),
                )
            )
            cx += w + gap
        bottom = (cy + h + 4) if self.compared.removed else cy
        bottom += 4
        frame = Element(
            id="changes",
            role=Role.CHANGES,
            box=Box(x, y, width, bottom - y),
            rects=(Rect(Box(x, y, width, bottom - y), t.changes_fill, t.changes_stroke, 0.6, 4),),
        )
        return [frame, *out], bottom

    def details(self, facts: tuple[Detail, ...]) -> tuple[Detail, ...]:
        """Each threat's detail data with a "Changes since ..." fact where it is new or changed, and its
        new and changed controls saying so beside their type."""
        out = []
        for d in facts:
            if any(c.id in self.changes for c in d.controls):
                marked = tuple(
                    replace(c, type_label=f"{c.type_label} \u00b7 {self.note(c.id)}") if c.id in self.changes else c
                    for c in d.controls
                )
                d = replace(d, controls=marked)
            status = self.changes.get(d.id)
            if status == "added":
                out.append(replace(d, facts=(*d.facts, (f"Changes since {self.old}", "New in this version"))))
            elif status == "changed":
                names = _fields(self.compared.changed_fields.get(d.id, ())) or "changed"
                out.append(replace(d, facts=(*d.facts, (f"Changes since {self.old}", f"Changed: {names}"))))
            else:
                out.append(d)
        return tuple(out)
