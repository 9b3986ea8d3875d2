"""Which controls the docs give a threat or a group, read from its Controls lists.

A Controls list mixes control links, group references ("especially [limiting the effect of unwanted
behaviour](/go/limitunwanted/)"), references to other threats ("See [Evasion section](/go/evasion/)"),
labels with their controls under them ("Controls for [input threats](/go/inputthreats/):" and a sub-list),
and prose. The rules, in order: a label is not followed (its sub-items say what it means); a control is
itself; a group is its own list (or the control headings under it); a threat is what its own list gives;
a section is its introduction's list, if it has one ("See General controls" then means nothing beyond
governance, which applies to every threat anyway); "the below control(s)" are the control headings that
follow in the same part of the page.
"""

from __future__ import annotations

import re

from .docsmodel import DocItem, DocsModel, Link
from .resolve import Resolver

SEE = re.compile(r"\b(see|controls?)\b", re.IGNORECASE)


class DocsView:
    def __init__(self, docs: DocsModel, resolver: Resolver) -> None:
        self.docs = docs
        self.resolver = resolver
        self.items = {i.id: i for i in docs.items}
        self._memo: dict[str, tuple[str, ...]] = {}
        self.where: dict[tuple[str, str], tuple[str, int]] = {}  # (item, control) -> where its list names it
        self.unread: dict[str, list[Link]] = {}  # item -> links of its lists that point at nothing known

    def effective(self, item: DocItem) -> tuple[str, ...]:
        """The docs' controls (ids) that `item` stands for when a list refers to it."""
        return self._effective(item, frozenset())

    def _effective(self, item: DocItem, seen: frozenset[str]) -> tuple[str, ...]:
        if item.kind == "control":
            return (item.id,)
        if item.id in self._memo:
            return self._memo[item.id]
        if item.id in seen:
            return ()  # a cycle of "see ..." references: what is already being gathered
        if item.kind == "group" and not item.has_controls:
            out = item.nested
        elif item.kind in ("group", "threat", "section"):
            out = self._listed(item, seen | {item.id})
        else:
            out = ()
        if not seen:  # only a complete answer is kept: one cut short by a cycle depends on where it started
            self._memo[item.id] = out
        return out

    def _listed(self, item: DocItem, seen: frozenset[str]) -> tuple[str, ...]:
        out: dict[str, None] = {}
        for link in item.controls:
            for control in self._follow(link, item, seen):
                if control not in out:
                    out[control] = None
                    self.where.setdefault((item.id, control), (link.file, link.line))
        for control in item.below:
            if control not in out:
                out[control] = None
                c = self.items[control]
                self.where.setdefault((item.id, control), (c.file, c.line))
        return tuple(out)

    def _follow(self, link: Link, owner: DocItem, seen: frozenset[str]) -> tuple[str, ...]:
        if link.label:
            return ()
        target = self.resolver.reference(link)
        if target is None:
            self.unread.setdefault(owner.id, []).append(link)
            return ()
        if target.id == owner.id:
            return ()
        if target.kind == "section" and not target.has_controls:
            return ()
        if target.kind == "threat" and not SEE.search(link.context):
            return ()  # a threat mentioned in passing, not "See [Evasion](/go/evasion/) for the controls"
        return self._effective(target, seen)

    def expand(self, ids: tuple[str, ...]) -> set[str]:
        """Ids as an intended entry's `docs` names them: groups and threats stand for their controls."""
        out: set[str] = set()
        for i in ids:
            item = self.items.get(i)
            out.update(self.effective(item) if item is not None else (i,))
            out.add(i)
        return out
