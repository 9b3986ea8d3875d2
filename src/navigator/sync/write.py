"""`navigator sync --write`: apply the drift to the catalog's YAML files, in place, keeping everything else.

What is applied: renames (with every reference to the old id), new threats and controls (with a
placeholder summary that `navigator validate` warns about), removed threats and controls (with every
reference to them), numbers, titles and names, Category lines and the types they decide, parents and
sections, group membership, a threat's own controls, and OpenCRE references. What cannot be applied
without a person (a control that reaches a threat through a group or a parent, a group or section only
one side has) is listed, not guessed. Intended differences are never applied. The edited files are
loaded and validated in a scratch copy first; only then are they renamed into place, so a failure
leaves the catalog as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog.load import catalog_files, load_catalog, shown_path
from ..catalog.model import Catalog, Control, ControlGroup, Section, Threat
from ..catalog.warnings import PLACEHOLDER
from ..errors import CatalogError, NavigatorError
from ..outputs import write_atomic
from ..resources import default_catalog_dir
from .compare import Matches, compare_matched
from .docsmodel import DocItem, DocsModel
from .drift import Drift, FieldChange
from .types import control_type
from .write_relations import RelationWriter
from .yamldoc import Catalogue, Doc, pop_trailing, put_trailing, set_field

REF_FIELDS = {"threats": ("parent",), "controls": (), "groups": (), "sections": ()}
CLASSES = {"sections": Section, "groups": ControlGroup, "threats": Threat, "controls": Control}


class SyncWriteError(NavigatorError):
    """The edited catalog would not load; nothing was written."""


@dataclass
class WriteResult:
    applied: list[str] = field(default_factory=list)
    not_applied: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def write_catalog(docs: DocsModel, catalog_dir: str | os.PathLike[str] | None = None) -> WriteResult:
    root = Path(catalog_dir) if catalog_dir is not None else default_catalog_dir()
    catalog = load_catalog(root)
    drift, matches = compare_matched(docs, catalog)
    files = Catalogue.read(catalog_files(root))
    w = _Writer(files, catalog, docs, matches, drift)
    w.run()
    changed = [d for d in files.docs if d.changed]
    texts = {d.path: d.dump() for d in changed}
    _validate(root, texts)
    for path, text in texts.items():
        write_atomic(path, text.encode("utf-8"), durable=True)
    w.result.files = [shown_path(p) for p in texts]
    return w.result


def _validate(root: Path, texts: dict[Path, str]) -> None:
    with tempfile.TemporaryDirectory(prefix="navigator-sync-") as tmp:
        scratch = Path(tmp) / root.name
        scratch.mkdir()
        for path in catalog_files(root):
            target = scratch / path.name
            if path in texts:
                target.write_text(texts[path], encoding="utf-8")
            else:
                shutil.copyfile(path, target)
        try:
            load_catalog(scratch)
        except CatalogError as e:
            first = "; ".join(p.message for p in e.problems[:3])
            raise SyncWriteError(
                f"the updated catalog would not load ({first}); nothing was written. Apply the changes by hand"
            ) from None


class _Writer(RelationWriter):
    def __init__(self, files: Catalogue, catalog: Catalog, docs: DocsModel, matches: Matches, drift: Drift) -> None:
        self.files, self.catalog, self.docs, self.m, self.drift = files, catalog, docs, matches, drift
        self.result = WriteResult()
        self.docs_items = {i.id: i for i in docs.items}
        self.types = {t.id for t in catalog.control_types}
        self.trailing: list[tuple[Any, Any]] = []

    def ok(self, message: str) -> None:
        self.result.applied.append(message)

    def skip(self, message: str) -> None:
        self.result.not_applied.append(message)

    def run(self) -> None:
        d = self.drift
        for collection in ("sections", "threats", "controls"):
            for ch in getattr(d, collection).changed:
                if ch.field == "id":
                    self._rename(collection, ch.catalog, ch.docs)
        for e in d.threats.removed:
            self._remove("threats", e.id)
        for e in d.controls.removed:
            self._remove("controls", e.id)
        for e in d.groups.removed:
            self.skip(f"control group '{e.id}' is not in the docs: remove it by hand, or give it an intended entry")
        for e in d.groups.added:
            self.skip(f"control group '{e.id}' is new in the docs ({e.file}:{e.line}): add it by hand")
        for e in d.sections.removed:
            self.skip(f"section '{e.id}' is not in the docs: remove it by hand, or give it an intended entry")
        for e in d.sections.added:
            self._add_section(self.docs_items[e.id])
        for e in d.controls.added:
            self._add_control(self.docs_items[e.id])
        for e in d.threats.added:
            self._add_threat(self.docs_items[e.id])
        for collection in ("sections", "groups", "threats", "controls"):
            for ch in getattr(d, collection).changed:
                if ch.field != "id":
                    self._change(collection, ch)
        self._relations()
        self._references()
        for seq, popped in self.trailing:
            put_trailing(seq[-1], popped)

    # -- ids --------------------------------------------------------------------------------------
    def _rename(self, collection: str, old: str, new: str) -> None:
        hit = self.files.find(collection, old)
        if hit is None:
            return
        doc, _, _, item = hit
        set_field(item, CLASSES[collection], "id", new)
        url = str(item.get("url", ""))
        if f"/{old}/" in url:
            set_field(item, CLASSES[collection], "url", url.replace(f"/{old}/", f"/{new}/"))
        doc.changed = True
        self._replace_refs(collection, old, new)
        self.ok(f"{collection[:-1]} '{old}' renamed to '{new}'")

    def _replace_refs(self, collection: str, old: str, new: str | None) -> None:
        """Every reference to `old` now names `new` (None: the reference is dropped)."""
        if collection == "sections":
            spots = [("groups", "section"), ("threats", "section"), ("controls", "section")]
        elif collection == "threats":
            spots = [("threats", "parent")]
        elif collection == "controls":
            spots = [("threats", "controls"), ("groups", "controls")]
        else:
            spots = [("threats", "control_groups")]
        for coll, key in spots:
            for doc, _, _, item in list(self.files.items(coll)):
                value = item.get(key)
                if isinstance(value, list) and old in [str(v) for v in value]:
                    idx = [str(v) for v in value].index(old)
                    if new is None:
                        del value[idx]
                        if not value:
                            self._emptied(coll, key, item)
                    else:
                        value[idx] = new
                    doc.changed = True
                elif value is not None and str(value) == old:
                    if new is None:
                        del item[key]
                    else:
                        item[key] = new
                    doc.changed = True

    def _emptied(self, coll: str, key: str, item: Any) -> None:
        if coll == "groups":  # a group needs controls: it goes too
            gid = str(item["id"])
            self._remove("groups", gid)
        else:
            del item[key]

    def _remove(self, collection: str, item_id: str) -> None:
        hit = self.files.find(collection, item_id)
        if hit is None:
            return
        doc, seq, n, _ = hit
        del seq[n]
        doc.changed = True
        self._replace_refs(collection, item_id, None)
        self.ok(f"{collection[:-1]} '{item_id}' removed (not in the docs)")

    # -- new items --------------------------------------------------------------------------------
    def _section_id(self, docs_section: str) -> str:
        return self.m.sections.get(docs_section, docs_section)

    def _add_section(self, d: DocItem) -> None:
        doc = next((x for x in self.files.docs if "sections" in x.data), self.files.docs[0])
        entry = {"id": d.id, "number": d.number, "title": d.title} if d.number else {"id": d.id, "title": d.title}
        self._append(doc, "sections", entry, d, "section")

    def _add_control(self, d: DocItem) -> None:
        kind = control_type(d.category)
        if kind not in self.types:
            kind = "other" if "other" in self.types else min(self.types)
        section = self._section_id(d.section)
        entry: dict[str, str] = {"id": d.id, "name": d.title}
        if d.number:
            entry["number"] = d.number
        entry.update(section=section, type=kind, category=d.category, summary=PLACEHOLDER)
        self._append(self.files.file_for("controls", section), "controls", entry, d, "control")

    def _add_threat(self, d: DocItem) -> None:
        section = self._section_id(d.section)
        entry: dict[str, str] = {"id": d.id, "number": d.number, "title": d.title}
        if d.category.lower().startswith("group of"):
            entry["kind"] = "group"
        entry["section"] = section
        if d.parent:
            entry["parent"] = self.m.threats.get(d.parent, d.parent)
        entry.update(category=d.category, summary=PLACEHOLDER)
        self._append(self.files.file_for("threats", section), "threats", entry, d, "threat")

    def _append(self, doc: Doc, collection: str, entry: dict[str, str], d: DocItem, noun: str) -> None:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        item = CommentedMap()
        for k, v in entry.items():
            if not v:
                continue
            item[k] = DoubleQuotedScalarString(v) if k == "number" else v
        seq = doc.data.get(collection)
        if not isinstance(seq, CommentedSeq):
            seq = CommentedSeq()
            doc.data[collection] = seq
        pos = self._position(doc, collection, d)
        if pos == len(seq) and seq:
            trailing = pop_trailing(seq[-1])
            if trailing is not None:  # the blank lines after the list: put back after the new last item, at the end
                self.trailing.append((seq, trailing))
        seq.insert(pos, item)
        doc.changed = True
        self.ok(f"{noun} '{d.id}' added from {d.file}:{d.line}, with a placeholder summary to replace")

    def _position(self, doc: Doc, collection: str, d: DocItem) -> int:
        """After the item the docs put before it, when that one is in the same list; else at the end."""
        seq = doc.data[collection]
        kind = {"sections": "section", "threats": "threat", "controls": "control"}[collection]
        pairs = {"sections": self.m.sections, "threats": self.m.threats, "controls": self.m.controls}[collection]
        before = [i for i in self.docs.items if i.kind == kind]
        index = before.index(d)
        ids = [str(x.get("id")) for x in seq]
        for prev in reversed(before[:index]):
            for cid in (prev.id, pairs.get(prev.id, prev.id)):  # renamed already, or not yet
                if cid in ids:
                    return ids.index(cid) + 1
        return len(seq)

    # -- fields -----------------------------------------------------------------------------------
    def _change(self, collection: str, ch: FieldChange) -> None:
        noun = collection[:-1].replace("group", "control group")
        cid = self._catalog_id(collection, ch.id)
        hit = self.files.find(collection, ch.id) or self.files.find(collection, cid)  # renamed: the new id
        cid = str(hit[3]["id"]) if hit else cid
        if hit is None:
            return
        doc, _, _, item = hit
        cls = CLASSES[collection]
        if collection == "groups" and ch.field == "controls":
            self._members(doc, item, ch)
            return
        value = ch.docs
        if ch.field == "parent":
            value = self.m.threats.get(value, value)
        elif ch.field == "section":
            value = self._section_id(value)
        elif ch.field == "type" and value not in self.types:
            self.skip(f"{noun} '{cid}': type '{value}' is not a control type of this catalog")
            return
        if not value and ch.field in ("number", "parent", "kind"):
            if ch.field in item:
                del item[ch.field]
        elif ch.field == "kind" and value == "threat":
            item.pop("kind", None)
        else:
            set_field(item, cls, ch.field, value)
        doc.changed = True
        self.ok(f"{noun} '{cid}': {ch.field} '{ch.catalog}' -> '{ch.docs}'")

    def _catalog_id(self, collection: str, docs_id: str) -> str:
        pairs = {"sections": self.m.sections, "threats": self.m.threats, "controls": self.m.controls}.get(
            collection, {}
        )
        return pairs.get(docs_id, docs_id)

    def _members(self, doc: Doc, item: Any, ch: FieldChange) -> None:
        gid = str(item["id"])
        members = item["controls"]
        for control in [c.strip() for c in ch.docs.split(",") if c.strip()]:
            cid = self.m.controls.get(control, control)
            if cid not in self.catalog._indexes["controls"] and not self.files.find("controls", cid):
                self.skip(f"control group '{gid}': '{control}' is not a control of the catalog")
                continue
            members.append(cid)
            self.ok(f"control group '{gid}': control '{cid}' added")
        for control in [c.strip() for c in ch.catalog.split(",") if c.strip()]:
            cid = self.m.controls.get(control, control)
            if cid in [str(x) for x in members] and len(members) > 1:
                del members[[str(x) for x in members].index(cid)]
                self.ok(f"control group '{gid}': control '{cid}' removed")
            else:
                self.skip(f"control group '{gid}': '{cid}' is its last control; remove the group by hand")
        doc.changed = True
