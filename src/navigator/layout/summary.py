"""The first page of a tailored PDF (`build --answers`): the system's answers and how well the
threats that apply are covered, overall, by control status and per risk.

It comes before the overview in the printed document (`PageKind.SUMMARY`); images, the slide and
the web view draw the overview, which `Scene.overview` finds whatever page comes first. The figures
are the assessment's (`navigator assess` prints the same): they cover every threat that applies to
the system, whatever other filter narrows the drawing, and the page says so when one does.
"""

from __future__ import annotations

from ..annotations import Assessed
from ..catalog.model import Catalog
from ..roles import OVERVIEW, SUMMARY, PageKind, Role
from ..scene import Box, Element, Page, Path, Rect, Text, pt
from ..text import clean, text_width, wrap
from ..theme import THEME, Theme, text_on
from .assessed import STATUS_NAMES, bar, mark_shapes, percent, tag
from .cards import baseline
from .typeset import down, line, placed

MARGIN = 50.0
APPLICABLE = "threats that apply to your system"  # how `filters.describe` names the --answers filter itself
Row = tuple[float, list[Element]]  # a strip of the page: its height and its elements, at y relative to its top


class _Summary:
    def __init__(self, catalog: Catalog, assessed: Assessed, filters: str, paper: tuple[float, float], t: Theme):
        self.catalog, self.a, self.filters, self.t = catalog, assessed, filters, t
        self.w, self.h = paper
        self.inner = self.w - 2 * MARGIN
        self.n = 0  # for unique ids

    def id(self, name: str) -> str:
        self.n += 1
        return f"{SUMMARY}:{name}:{self.n}"

    def paragraph(self, text: str, font: str, size: float, leading: float, colour: str, x: float = MARGIN) -> Row:
        lines, _ = wrap(text, font, size, self.inner - (x - MARGIN), 40)
        els = [
            line(self.id("text"), Role.SUMMARY, x, i * leading, s, font, size, colour, leading)
            for i, s in enumerate(lines)
        ]
        return leading * len(lines), els

    def heading(self, text: str) -> list[Row]:
        return [(12.0, []), self.paragraph(text, "bold", 13, 20, self.t.ink), (3.0, [])]

    def rows(self) -> list[Row]:
        t, a, m = self.t, self.a, self.catalog.meta
        out: list[Row] = [self.paragraph("Your system", "bold", 24, 32, t.header_fill)]
        source = f" in {clean(a.source)}" if a.source else ""
        intro = (
            f"The answers{source}, held against the questionnaire of the {m.name} {m.version} ({m.date}). "
            "The navigator that follows shows only the threats that apply to this system and their controls; "
            "each threat card shows its coverage, each control row its status, and each threat's detail page why "
            "it applies."
        )
        out.append(self.paragraph(intro, "regular", 10, 14.5, t.ink))
        others = "; ".join(p for p in self.filters.split("; ") if p and p != APPLICABLE)
        if others:
            note = f"It is narrowed further ({others}); the figures below cover every threat that applies."
            out.append(self.paragraph(note, "regular", 9, 13, t.filters_ink))
        out += self.heading("Coverage")
        out.append(self._overall())
        out.append((6.0, []))
        out.append(self._statuses())
        out += self.heading("Coverage by risk")
        for risk, value in a.risks:
            if any(i.id == risk for i in self.catalog.impacts):
                out.append(self._risk(risk, value))
        out += self.heading("Answers")
        out += [self._answer(i, q, answer) for i, (q, answer) in enumerate(a.answers)]
        open_ = sum(1 for _, answer in a.answers if not answer)
        if open_:
            note = (
                f"{open_} question{'s are' if open_ != 1 else ' is'} not answered (\u201cdon't know\u201d): the "
                f"threats {'they decide' if open_ != 1 else 'it decides'} stay in the navigator, tagged "
                "\u201cnot answered\u201d."
            )
            out += [(8.0, []), self.paragraph(note, "regular", 9, 13, t.muted)]
        return out

    def _overall(self) -> Row:
        t, a = self.t, self.a
        figure = percent(a.overall)
        big = line(self.id("overall"), Role.COVERAGE, MARGIN, 0.0, figure, "bold", 30, t.ink, 36)
        x = MARGIN + max(big.box.w, text_width("100%", "bold", 30)) + 14
        bar_el = Element(
            id=f"{SUMMARY}:overall-bar",
            role=Role.COVERAGE,
            box=Box(x, 8.0, self.inner + MARGIN - x, 10.0),
            rects=bar(x, 13.0, self.inner + MARGIN - x, 10.0, a.overall, t),
            data=(("coverage", figure),),
        )
        threats, not_answered, excluded = a.totals.get("", (0, 0, 0))
        words = (
            f"of the controls of the {threats} threat{'s' if threats != 1 else ''} that apply are in place "
            "(implemented counts 1, partial 1/2, not applicable ones are left out)."
        )
        if not_answered:
            verb = "are" if not_answered != 1 else "is"
            words += f" {not_answered} of those threats {verb} not answered: kept in until the questions are."
        if excluded:
            verb = "do not apply and are" if excluded != 1 else "does not apply and is"
            words += f" {excluded} threat{'s' if excluded != 1 else ''} {verb} left out."
        if not a.statuses:
            words += " No control is marked yet: a status file (--status) says which are in place."
        h, explain = self.paragraph(words, "regular", 9, 12.5, t.ink, x)
        explain = [_down(e, 22.0) for e in explain]
        return max(36.0, 22.0 + h), [big, bar_el, *explain]

    def _statuses(self) -> Row:
        """How many of those controls have each status, each with its mark."""
        t, size, lead = self.t, 8.5, 16.0
        counts = dict(self.a.controls)
        total = sum(counts.values())
        head = line(self.id("controls"), Role.SUMMARY, MARGIN, 0.0, f"Controls ({total}):", "bold", 9, t.ink, lead)
        left = MARGIN + head.box.w + 10
        x, y, out = left, 0.0, [head]
        d = 9.0
        for status, name in STATUS_NAMES:
            label = f"{counts.get(status, 0)} {name}"
            w = d + 4 + text_width(label, "regular", size)
            if x + w > MARGIN + self.inner and x > left:  # on to the next line
                x, y = left, y + lead
            rects, paths = mark_shapes(status, x + d / 2, y + lead / 2, d, t, t.background)
            words = Text(
                pt(x + d + 4),
                pt(baseline(y, lead, size)),
                label,
                "regular",
                size,
                t.ink,
                pt(text_width(label, "regular", size)),
            )
            out.append(
                Element(
                    id=f"{SUMMARY}:status:{status or 'unmarked'}",
                    role=Role.STATUS,
                    box=Box(pt(x), pt(y), pt(w), lead),
                    rects=rects,
                    paths=paths,
                    texts=(words,),
                    data=(("status", status or "unmarked"), ("count", str(counts.get(status, 0)))),
                )
            )
            x += w + 11
        return y + lead, out

    def _risk(self, risk: str, value: float | None) -> Row:
        t, lead = self.t, 22.0
        impact = self.catalog.impact(risk)
        size = 8.0
        chip_w = min(max(text_width(clean(i.label), "bold", size) for i in self.catalog.impacts) + 12, 190.0)
        label = clean(impact.label)
        if text_width(label, "bold", size) > chip_w - 10:
            label = clean(impact.short) or label  # as its tabs say it
        labels, _ = wrap(label, "bold", size, chip_w - 10, 1)
        chip = Element(
            id=f"{SUMMARY}:risk:{risk}",
            role=Role.LEGEND_IMPACT,
            ref=risk,
            box=Box(MARGIN, 3.0, chip_w, 15.0),
            rects=(Rect(Box(MARGIN, 3.0, chip_w, 15.0), impact.colour, "", 0.0, t.card_radius),),
            texts=(
                Text(
                    MARGIN + 5,
                    pt(baseline(3.0, 15.0, size, "bold")),
                    labels[0] if labels else "",
                    "bold",
                    size,
                    text_on(impact.colour, t),
                    pt(text_width(labels[0] if labels else "", "bold", size)),
                ),
            ),
            tooltip=clean(impact.summary),
            data=(("impact", risk),),
        )
        threats, not_answered, _ = self.a.totals.get(risk, (0, 0, 0))
        counts = (
            "no threat applies"
            if not threats
            else f"{threats} threat{'s' if threats != 1 else ''}"
            + (f", {not_answered} not answered" if not_answered else "")
        )
        count_w = text_width("00 threats, 00 not answered", "regular", 8.5)
        x = MARGIN + chip_w + 10
        figure = percent(value)
        pw = text_width("100%", "bold", 10)
        bar_w = self.inner + MARGIN - x - pw - 10 - count_w - 10
        bar_el = Element(
            id=f"{SUMMARY}:risk-bar:{risk}",
            role=Role.COVERAGE,
            ref=risk,
            box=Box(x, 5.0, bar_w, 11.0),
            rects=bar(x, 10.5, bar_w, 8.0, value, t),
            data=(("coverage", figure), ("impact", risk)),
        )
        number = line(self.id("risk-figure"), Role.COVERAGE, x + bar_w + 10, 0.0, figure, "bold", 10, t.ink, 21)
        number = _right(number, pw - number.box.w)
        words = line(self.id("risk-count"), Role.SUMMARY, x + bar_w + pw + 20, 0.0, counts, "regular", 8.5, t.muted, 21)
        return lead, [chip, bar_el, number, words]

    def _answer(self, i: int, question: str, answer: str) -> Row:
        t, lead, pad = self.t, 12.5, 3.0
        answer_w = 110.0
        lines, _ = wrap(question, "regular", 9, self.inner - answer_w - 10, 6)
        texts = [
            line(f"{SUMMARY}:q{i}:{n}", Role.SUMMARY, MARGIN, pad + n * lead, s, "regular", 9, t.ink, lead).texts[0]
            for n, s in enumerate(lines)
        ]
        height = max(len(lines), 1) * lead + 2 * pad
        x = MARGIN + self.inner - answer_w
        rects: tuple[Rect, ...] = ()
        if answer:
            texts.append(line("a", Role.SUMMARY, x, pad, clean(answer), "bold", 9.5, t.ink, lead).texts[0])
        else:
            rect, label, _ = tag(x, pad + lead / 2, t, 7.0)
            rects, texts = (rect,), [*texts, label]
        rule = Path(((MARGIN, height), (MARGIN + self.inner, height)), t.divider, 0.6)
        return height, [
            Element(
                id=f"{SUMMARY}:answer:{i}",
                role=Role.SUMMARY if answer else Role.NOT_ANSWERED,
                box=Box(MARGIN, 0.0, self.inner, height),
                rects=rects,
                texts=tuple(texts),
                paths=(rule,),
                data=(("answer", clean(answer) or "not answered"),),
            )
        ]

    def pages(self) -> list[Page]:
        t = self.t
        top, bottom = MARGIN + 8, self.h - MARGIN
        pages: list[list[Element]] = [[]]
        y = top
        for height, els in self.rows():
            if y + height > bottom and y > top:
                pages.append([])
                y = top
            pages[-1] += [_down(e, y) for e in els]
            y += height
        out = []
        for n, els in enumerate(pages):
            head = line(
                f"{SUMMARY}:head:{n}",
                Role.PAGE_LABEL,
                MARGIN,
                MARGIN - 26,
                "Tailored navigator",
                "regular",
                8,
                t.muted,
                14,
            )
            go = line(
                f"{SUMMARY}:go:{n}",
                Role.BACK_LINK,
                MARGIN,
                MARGIN - 26,
                "Go to the navigator \u203a",
                "regular",
                9,
                t.link,
                14,
                target=OVERVIEW,
            )
            go = _right(go, self.inner - go.box.w)
            foot = line(
                f"{SUMMARY}:page:{n}",
                Role.PAGE_LABEL,
                MARGIN,
                self.h - MARGIN + 14,
                f"page {n + 1}",
                "regular",
                7.5,
                t.muted,
                12,
            )
            foot = _right(foot, self.inner - foot.box.w)
            out.append(
                Page(
                    id=SUMMARY if n == 0 else f"{SUMMARY}:{n + 1}",
                    kind=PageKind.SUMMARY,
                    width=self.w,
                    height=self.h,
                    background=t.background,
                    elements=(head, go, *els, foot),
                    anchors=((SUMMARY, 0.0, 0.0),) if n == 0 else (),
                )
            )
        return out


def summary_pages(
    catalog: Catalog, assessed: Assessed, filters: str, paper: tuple[float, float], t: Theme = THEME
) -> tuple[Page, ...]:
    """The summary, on as many pages of `paper` as it needs (one for the default catalog)."""
    return tuple(_Summary(catalog, assessed, filters, paper, t).pages())


def _down(e: Element, dy: float) -> Element:
    return down(e, dy)


def _right(e: Element, dx: float) -> Element:
    return placed(e, dx, 0.0)
