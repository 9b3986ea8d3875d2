"""The packer's columns: a layer's cards flowed newspaper-style, and split into pages in reading order.

Pure arithmetic on sizes in design units (the theme's sizes at scale 1); nothing here knows a catalog
or a paper name. A layer is a sequence of `Block`s in reading order: a card (a sub-threat stacked
beneath its group is a block of its own, glued to the group when it is the first), or a whole part
laid out beside its group by `dot`, which may span several columns. `column_flow` flows a layer
into k columns (top to bottom, then left to right) at the least height that holds it; `fill_pages`
splits one between pages. Which knobs to use is `arrange.search`'s choice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..scene import pt

INF = math.inf


@dataclass(frozen=True, slots=True)
class Block:
    """An unbreakable piece of a column. `part`: its part's index in the layer (blocks of a part follow
    one another, `family_gap` apart); `glue`: stays in the column of the next block (a group card
    with its first sub-threat). `cards`: (card index in its part, dx, dy) of what it holds."""

    height: float
    span: int = 1
    part: int = 0
    glue: bool = False
    cards: tuple[tuple[int, float, float], ...] = ()
    width: float = 0.0  # its own width (a part beside its group is wider than a column)


@dataclass(frozen=True, slots=True)
class Flowed:
    positions: tuple[tuple[int, float], ...]  # (column, y) of each block
    height: float
    columns: int  # columns that hold something


def _gap(blocks: Sequence[Block], i: int, part_gap: float, family_gap: float) -> float:
    """The space above block i when something is above it in its column."""
    return family_gap if i and blocks[i - 1].part == blocks[i].part else part_gap


def flow(blocks: Sequence[Block], k: int, limit: float, part_gap: float, family_gap: float) -> Flowed | None:
    """Blocks in k columns no taller than `limit`, in reading order, or None if they do not fit.

    A part that fits in the rest of a column goes there; one that does not, but fits a column of its
    own, starts the next column; a taller one breaks between its blocks (never after a glued one).
    A block wider than a column takes its share of the columns to its right, whose own blocks then
    start below it.
    """
    n = len(blocks)
    positions: list[tuple[int, float]] = []
    reserved: list[list[tuple[float, float]]] = [[] for _ in range(k)]
    col, end = 0, -1.0  # end: bottom of the last block in the current column, -1 when it is empty
    used = 0
    height = 0.0
    breaking = -1  # the part being placed block by block, once it proved too tall for a column
    i = 0

    def free(c: int, y: float, h: float, span: int) -> float:
        """The least y' >= y below everything already in columns c .. c+span-1 (a column is filled
        top to bottom, never above what is there), or INF past the limit."""
        for cc in range(c, c + span):
            for _, bottom in reserved[cc]:
                y = max(y, bottom + part_gap)
        return y if y + h <= limit + 1e-9 else INF

    while i < n:
        b = blocks[i]
        if b.span > k or b.height > limit + 1e-9:
            return None
        # the run to place now: the rest of this part when it is stacked (span 1), else the block
        j = i + 1
        if b.span == 1:
            while j < n and blocks[j].part == b.part and blocks[j].span == 1:
                j += 1
        run_h = sum(blocks[m].height for m in range(i, j)) + family_gap * (j - i - 1)
        start = 0.0 if end < 0 else end + _gap(blocks, i, part_gap, family_gap)
        placed_run = False
        if col + b.span <= k and b.part != breaking:
            y = free(col, start, run_h, b.span)
            if y == INF and end >= 0 and col + 1 + b.span <= k:
                y2 = free(col + 1, 0.0, run_h, b.span)
                if y2 < INF:
                    col, y = col + 1, y2
            if y < INF:
                for m in range(i, j):
                    positions.append((col, pt(y)))
                    y += blocks[m].height
                    if m + 1 < j:
                        y += family_gap
                end = y
                placed_run = True
                _reserve(reserved, blocks, i, j, col, positions, b.span)
                used = max(used, col + b.span)
                height = max(height, end)
                i = j
        if placed_run:
            continue
        # too tall for any one column: block by block, each glued block with its successor
        breaking = b.part
        g = i + 1
        while g < n and blocks[g - 1].glue and blocks[g].part == b.part and g - i < 8:
            g += 1
        unit_h = sum(blocks[m].height for m in range(i, g)) + family_gap * (g - i - 1)
        y = free(col, start, unit_h, b.span) if col + b.span <= k else INF
        while y == INF:
            col += 1
            if col + b.span > k:
                return None
            y = free(col, 0.0, unit_h, b.span)
        for m in range(i, g):
            positions.append((col, pt(y)))
            y += blocks[m].height + (family_gap if m + 1 < g else 0.0)
        _reserve(reserved, blocks, i, g, col, positions, b.span)
        end = y
        used = max(used, col + b.span)
        height = max(height, end)
        i = g
    return Flowed(tuple(positions), pt(height), used)


def _reserve(
    reserved: list[list[tuple[float, float]]],
    blocks: Sequence[Block],
    i: int,
    j: int,
    col: int,
    positions: list[tuple[int, float]],
    span: int,
) -> None:
    if span == 1:
        return
    for m in range(i, j):
        top = positions[m][1]
        for cc in range(col + 1, col + span):
            reserved[cc].append((top, top + blocks[m].height))


class _Narrow:
    """A layer of one-column blocks as plain lists, for `flow`'s fast path: the packer flows each
    layer a few hundred times while it searches, and most layers have no wider block."""

    __slots__ = ("ends", "glue", "heights", "n", "part", "prefix")

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.n = len(blocks)
        self.heights = [b.height for b in blocks]
        self.part = [b.part for b in blocks]
        self.glue = [b.glue for b in blocks]
        self.prefix = [0.0]
        for h in self.heights:
            self.prefix.append(self.prefix[-1] + h)
        self.ends = [0] * self.n  # the end of each block's part
        i = self.n - 1
        while i >= 0:
            j = i
            while j > 0 and self.part[j - 1] == self.part[i]:
                j -= 1
            for m in range(j, i + 1):
                self.ends[m] = i + 1
            i = j - 1

    def flow(self, k: int, limit: float, part_gap: float, family_gap: float) -> Flowed | None:
        """`flow` for blocks that are all one column wide (the same placement, faster)."""
        n, part, prefix, ends, glue = self.n, self.part, self.prefix, self.ends, self.glue
        cols = [0] * n
        ys = [0.0] * n
        col, end, breaking, height, i = 0, -1.0, -1, 0.0, 0
        limit += 1e-9
        while i < n:
            p = part[i]
            start = 0.0 if end < 0 else end + (family_gap if i and part[i - 1] == p else part_gap)
            if p != breaking:
                j = ends[i]
                run = prefix[j] - prefix[i] + family_gap * (j - i - 1)
                if start + run <= limit or (end >= 0 and run <= limit and col + 1 < k):
                    if start + run > limit:
                        col, start = col + 1, 0.0
                    y = start
                    for m in range(i, j):
                        cols[m], ys[m] = col, y
                        y += prefix[m + 1] - prefix[m] + family_gap
                    end = y - family_gap
                    height = max(height, end)
                    i = j
                    continue
            breaking = p
            g = i + 1
            while g < n and glue[g - 1] and part[g] == p and g - i < 8:
                g += 1
            unit = prefix[g] - prefix[i] + family_gap * (g - i - 1)
            if unit > limit:
                return None
            if start + unit > limit:
                col, start = col + 1, 0.0
                if col >= k:
                    return None
            y = start
            for m in range(i, g):
                cols[m], ys[m] = col, y
                y += prefix[m + 1] - prefix[m] + family_gap
            end = y - family_gap
            height = max(height, end)
            i = g
        return Flowed(tuple(zip(cols, [pt(y) for y in ys])), pt(height), col + 1 if n else 0)


def feasible(blocks: Sequence[Block], k: int, limit: float, part_gap: float, family_gap: float) -> bool:
    """Whether the blocks fit k columns no taller than `limit` (one flow, no search for the least height)."""
    if any(b.span > 1 for b in blocks):
        return flow(blocks, k, limit, part_gap, family_gap) is not None
    return _Narrow(blocks).flow(k, limit, part_gap, family_gap) is not None


def column_flow(
    blocks: Sequence[Block], k: int, part_gap: float, family_gap: float, limit: float = INF
) -> Flowed | None:
    """`flow` at the least column height (to half a point) that holds the blocks in k columns, no
    taller than `limit`; None if they do not fit."""
    if not blocks:
        return Flowed((), 0.0, 0)
    if k < 1 or any(b.span > k for b in blocks):
        return None
    if all(b.span == 1 for b in blocks):
        narrow = _Narrow(blocks)

        def run(h: float) -> Flowed | None:
            return narrow.flow(k, h, part_gap, family_gap)
    else:

        def run(h: float) -> Flowed | None:
            return flow(blocks, k, h, part_gap, family_gap)

    tallest = max(b.height for b in blocks)
    stacked = sum(b.height for b in blocks) + part_gap * len(blocks)
    lo = max(tallest, sum(b.height * b.span for b in blocks) / k)
    if lo > limit + 1e-9:
        return None
    # a column closed early wastes at most one part (moved whole to the next column) and a gap
    widest_part = max(_part_heights(blocks, family_gap))
    hi = min(lo + widest_part + part_gap, stacked, limit)
    best = run(hi)
    if best is None and hi < min(stacked, limit):
        hi = min(stacked, limit)
        best = run(hi)
    if best is None:
        return None
    lo = min(lo, best.height)
    while hi - lo > 0.5:
        mid = (lo + hi) / 2
        trial = run(mid)
        if trial is None:
            lo = mid
        else:
            best, hi = trial, min(mid, trial.height)
    return best


def _part_heights(blocks: Sequence[Block], family_gap: float) -> list[float]:
    out: list[float] = []
    for i, b in enumerate(blocks):
        if i and blocks[i - 1].part == b.part:
            out[-1] += family_gap + b.height
        else:
            out.append(b.height)
    return out


def fill_pages(
    blocks: Sequence[Block], k: int, limit: float, part_gap: float, family_gap: float
) -> list[tuple[int, int]]:
    """Split blocks into consecutive pages of k columns no taller than `limit`, in reading order:
    each page takes as many whole parts as fit, and a part too large for one page is split between
    its blocks. Returns (start, end) block ranges. A block that fits no page gets a page of its own."""
    bounds = _part_bounds(blocks)
    pages: list[tuple[int, int]] = []
    p = 0  # index into bounds of the next part
    start = 0
    guess = 1  # parts on the previous page: where the next page's search starts
    while start < len(blocks):

        def fits(end: int, first: int = start) -> bool:
            return feasible(blocks[first:end], k, limit, part_gap, family_gap)

        remaining = len(bounds) - p
        # the most whole parts that fit: from the previous page's count, doubling, then bisection
        good, bad = 0, remaining + 1
        first = min(guess, remaining)
        if first and fits(bounds[p + first - 1][1]):
            good, step = first, max(first // 2, 1)
            while good + step <= remaining and fits(bounds[p + good + step - 1][1]):
                good += step
                step *= 2
            bad = min(good + step, remaining + 1)
        else:
            bad = first
        while bad - good > 1:
            mid = (good + bad) // 2
            if fits(bounds[p + mid - 1][1]):
                good = mid
            else:
                bad = mid
        if good:
            end = bounds[p + good - 1][1]
            p += good
            guess = good
        else:  # the next part alone is too large: as many of its blocks as fit
            part_end = bounds[p][1]
            n, over = 1, part_end - start + 1
            while over - n > 1:
                mid = (n + over) // 2
                if fits(start + mid):
                    n = mid
                else:
                    over = mid
            while n > 1 and blocks[start + n - 1].glue:  # never a group without its first sub-threat
                n -= 1
            end = start + n
            if end >= part_end:
                p += 1
            else:
                bounds[p] = (end, part_end)
        pages.append((start, end))
        start = end
    return pages


def _part_bounds(blocks: Sequence[Block]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for i, b in enumerate(blocks):
        if i and blocks[i - 1].part == b.part:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out
