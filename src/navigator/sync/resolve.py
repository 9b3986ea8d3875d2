"""What a `/go/<slug>/` link of the docs points at, and whether the site serves it at all.

A slug is served when a heading declares it as its Permalink or firebase.json redirects it. A redirect
names a page and an anchor, so a slug the docs never declare (`/go/detectadversarialinput/`) still
lands on a heading (#EVASION INPUT HANDLING), and a renamed permalink keeps its old slug as a redirect
to the new heading: that is how sync recognises a rename.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .docsmodel import DocItem, DocsModel, Link


def norm(text: str) -> str:
    """A name reduced to lower-case letters and digits: '#MONITOR USE' and 'MONITORUSE' compare equal."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


class Resolver:
    """Answers questions about slugs and links of one `DocsModel`."""

    def __init__(self, docs: DocsModel, aliases: dict[str, str] | None = None) -> None:
        self.docs = docs
        self.aliases = aliases or {}  # a link's address or text -> the id the catalog reads it as
        self.by_slug: dict[str, DocItem] = {}
        self.by_lower: dict[str, DocItem] = {}
        self.by_anchor: dict[tuple[str, str], DocItem] = {}
        self.section_of: dict[str, DocItem] = {}  # file stem -> the file's section
        stem_of = {shown: stem for stem, shown in docs.stems.items()}
        for item in docs.items:
            self.by_slug.setdefault(item.id, item)
            self.by_lower.setdefault(item.id.lower(), item)
            stem = stem_of.get(item.file, "")
            if item.anchor:
                self.by_anchor.setdefault((stem, item.anchor), item)
            if item.kind == "section":
                self.section_of.setdefault(stem, item)
        self.names = {norm(i.title): i for i in docs.items if i.kind == "control"}
        self.redirect_lower = {k.lower(): k for k in docs.redirects}

    # -- serving --------------------------------------------------------------------------------
    def served(self, prefix: str, slug: str) -> str | None:
        """None when the site serves /prefix/slug/, else why not.

        A declared permalink counts as served; one that no redirect serves is reported once, for the
        heading that declares it, not again for every link to it.
        """
        key = f"{prefix}/{slug}"
        if key in self.docs.redirects:
            return None
        declared = self.by_slug.get(slug)
        if declared is not None and (declared.prefix == prefix or not self.docs.redirects_file):
            return None
        for other in ("go", "goto"):
            if other != prefix and (
                f"{other}/{slug}" in self.docs.redirects or (declared and declared.prefix == other)
            ):
                return f"only /{other}/{slug}/ is served"
        close = self.redirect_lower.get(key.lower())
        if close is None and slug.lower() in self.by_lower:
            close = f"{prefix}/{self.by_lower[slug.lower()].id}"
        if close is not None:
            return f"only /{close}/ is served (addresses are case-sensitive)"
        if not self.docs.redirects_file:
            return "no heading declares this permalink (redirects not checked: pass --redirects firebase.json)"
        return "no permalink or redirect serves it"

    # -- landing --------------------------------------------------------------------------------
    def landing(self, prefix: str, slug: str) -> tuple[DocItem | None, str]:
        """The heading a slug lands on, or None and why."""
        item = self.by_slug.get(slug)
        if item is not None:
            return item, ""
        destination = self.docs.redirects.get(f"{prefix}/{slug}")
        if destination is None:
            key = self.redirect_lower.get(f"{prefix}/{slug}".lower())
            destination = self.docs.redirects.get(key) if key else None
        if destination is not None:
            return self._destination(destination)
        item = self.by_lower.get(slug.lower())
        if item is not None:
            return item, ""
        return None, "no permalink or redirect serves it"

    def _destination(self, destination: str) -> tuple[DocItem | None, str]:
        parts = urlsplit(destination)
        if parts.netloc and not parts.netloc.lower().endswith("owaspai.org"):
            return None, f"redirects off the site ({destination})"
        m = re.match(r"^/docs/([^/]+)/?$", parts.path)
        if not m:
            return None, f"redirects to {destination}, not to a docs page"
        stem, anchor = m.group(1), parts.fragment
        if stem not in self.docs.stems:
            return None, f"redirects to {destination}, a page not in the docs read"
        if not anchor:
            section = self.section_of.get(stem)
            return (section, "") if section else (None, f"redirects to {destination}, a page with no section")
        item = self.by_anchor.get((stem, anchor))
        if item is None:
            return None, f"redirects to #{anchor}, which no heading of {self.docs.stems[stem]} has"
        return item, ""

    # -- what a Controls-list link means -------------------------------------------------------
    def reference(self, link: Link) -> DocItem | None:
        """The control, group, threat or section a link in a Controls list refers to.

        A link whose text names a group but whose address is one of the group's controls
        ("[Sensitive data limitation](/go/dataminimize/)") refers to the group; a '#NAME' link whose
        address is broken refers to the control of that name.
        """
        alias = self.aliases.get(link.url) or self.aliases.get(link.text)
        if alias is not None and alias in self.by_slug:
            return self.by_slug[alias]  # the catalog says how it reads this link (an intended `link` entry)
        item, _ = self.landing(link.prefix, link.slug)
        if item is None and link.text.strip().startswith("#"):
            return self.names.get(norm(link.text))  # a broken address, but the '#NAME' says which control
        if item is None or item.kind != "control":
            return item
        text = norm(link.text)
        if not text or text == norm(item.title):
            return item
        if len(text) >= 8:
            for group in self.docs.items:
                if group.kind == "group" and text in norm(group.title) and item.id in group.nested:
                    return group
        return item

    def unnamed(self, link: Link) -> bool:
        """True for a '#NAME' control reference that no control heading has."""
        text = link.text.strip()
        return text.startswith("#") and norm(text) not in self.names
