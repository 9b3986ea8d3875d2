"""The part of `--write` that edits which controls apply: a threat's own controls and control groups,
and its OpenCRE references. Mixed into the writer of `write.py`, which owns the files and the results."""

from __future__ import annotations

from typing import Any

from ..catalog.model import Catalog, Control, Threat
from .compare import Matches
from .drift import Drift
from .yamldoc import Catalogue, flow_list, flow_map, set_field

CLASSES = {"threats": Threat, "controls": Control}


class RelationWriter:
    files: Catalogue
    catalog: Catalog
    m: Matches
    drift: Drift

    def ok(self, message: str) -> None:
        raise NotImplementedError

    def skip(self, message: str) -> None:
        raise NotImplementedError

    def _catalog_id(self, collection: str, docs_id: str) -> str:
        raise NotImplementedError

    # -- relations and references -----------------------------------------------------------------
    def _relations(self) -> None:
        new_threats = {e.id for e in self.drift.threats.added}
        wanted: dict[str, list[str]] = {}
        for r in self.drift.relations_added:
            tid = r.threat if self.files.find("threats", r.threat) else self.m.threats.get(r.threat, r.threat)
            wanted.setdefault(tid, []).append(self.m.controls.get(r.control, r.control))
        for tid in list(wanted):  # what a threat group gains, its sub-threats inherit: not listed again
            ancestors = self.catalog.ancestors(tid) if tid in self.catalog._indexes["threats"] else ()
            above = {c for a in ancestors for c in wanted.get(a, ())}
            wanted[tid] = [c for c in wanted[tid] if c not in above]
        for tid, controls in wanted.items():
            hit = self.files.find("threats", tid)
            if hit is None:
                continue
            doc, _, _, item = hit
            groups: list[str] = []
            if tid in new_threats:
                controls, groups = self._as_groups(item, controls)
            known = [c for c in controls if self.files.find("controls", c)]
            for c in controls:
                if c not in known:
                    self.skip(f"threat '{tid}': control '{c}' is not in the catalog")
            own = item.get("controls")
            if known:
                if own is None:
                    self._new_key(item, tid in new_threats, "controls", flow_list(known))
                else:
                    own.extend(c for c in known if c not in [str(x) for x in own])
            if groups:
                self._new_key(item, tid in new_threats, "control_groups", flow_list(groups))
            doc.changed = doc.changed or bool(known or groups)
            for c in known:
                self.ok(f"threat '{tid}': control '{c}' added")
            for g in groups:
                self.ok(f"threat '{tid}': control group '{g}' added")
        removed = {
            (self.m.threats.get(r.threat, r.threat), self.m.controls.get(r.control, r.control))
            for r in self.drift.relations_removed
        }
        for r in self.drift.relations_removed:
            tid = self.m.threats.get(r.threat, r.threat)
            cid = self.m.controls.get(r.control, r.control)
            ancestors = self.catalog.ancestors(tid) if tid in self.catalog._indexes["threats"] else ()
            if any((a, cid) in removed for a in ancestors):
                continue  # said once, for the threat group it is inherited from
            unread = self.m.view.unread.get(r.threat)
            if unread:
                self.skip(
                    f"threat '{tid}': '{cid}' kept: its list in the docs has a link sync cannot follow "
                    f"({unread[0].url} at {unread[0].file}:{unread[0].line}); pass --redirects, or check it"
                )
                continue
            hit = self.files.find("threats", tid)
            own = hit[3].get("controls") if hit else None
            if hit is not None and own is not None and cid in [str(x) for x in own]:
                del own[[str(x) for x in own].index(cid)]
                if not own:
                    del hit[3]["controls"]
                hit[0].changed = True
                self.ok(f"threat '{tid}': control '{cid}' removed")
            else:
                self.skip(
                    f"threat '{tid}': '{cid}' comes through a group or a parent; change those, or add an intended entry"
                )

    def _new_key(self, item: Any, new: bool, key: str, value: Any) -> None:
        if new and "summary" in item:  # a new item ends with its placeholder summary, the line to edit
            item.insert(list(item.keys()).index("summary"), key, value)
        else:
            set_field(item, Threat, key, value)

    def _as_groups(self, item: Any, controls: list[str]) -> tuple[list[str], list[str]]:
        """A new threat's controls: whole groups where the docs list all of one, minus what it inherits."""
        cat = self.catalog
        parent = str(item.get("parent", ""))
        inherited = set(cat.controls_of(parent)) if parent in cat._indexes["threats"] else set()
        inherited |= {c for g in cat.universal_groups for c in cat.group(g).controls}
        left = [c for c in controls if c not in inherited]
        groups = []
        for g in cat.groups:
            members = set(g.controls)
            if not g.applies_to_all and members & set(left) and members <= set(left) | inherited:
                groups.append(g.id)
                left = [c for c in left if c not in members]
        return left, groups

    def _references(self) -> None:
        d = self.drift
        for kind, refs in (
            ("added", d.references_added),
            ("changed", d.references_changed),
            ("removed", d.references_removed),
        ):
            for r in refs:
                coll = "threats" if r.id in self.m.threats else "controls"
                cid = self._catalog_id(coll, r.id)
                hit = self.files.find(coll, cid)
                if hit is None:
                    continue
                doc, _, _, item = hit
                refs_seq = item.get("references")
                if kind == "added":
                    entry = flow_map({"framework": r.framework, "id": r.ref, "title": r.title, "url": r.url})
                    if refs_seq is None:
                        set_field(item, CLASSES[coll], "references", [entry])
                    else:
                        refs_seq.append(entry)
                else:
                    n = next(
                        (
                            n
                            for n, x in enumerate(refs_seq or [])
                            if x.get("framework") == r.framework and str(x.get("id")) == r.ref
                        ),
                        None,
                    )
                    if n is None:
                        continue
                    if kind == "changed":
                        refs_seq[n]["title"] = r.title
                    else:
                        del refs_seq[n]
                doc.changed = True
                self.ok(f"{coll[:-1]} '{cid}': reference {r.framework} {r.ref} {kind}")
