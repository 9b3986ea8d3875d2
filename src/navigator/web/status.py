"""Control statuses in the web view: the compact URL form, the status file uploaded and downloaded.

In the URL the statuses are one parameter, `status=aiprogram:i,monitoruse:p`, a one-letter code per
status (`CODES`), so a link with a whole team's statuses stays short; the full words are read too.
Owners and notes are free text and would make links long: they are kept in the browser's session
(`ids.STATUS_NOTES`) and go into the status file downloaded from the page. An uploaded file is read
and checked exactly as `navigator assess --status` reads one (`assess.files.check_statuses`, the
catalog's safe YAML reader), and every problem is shown as `FILE:LINE: message`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from typing import Any

from ..assess import STATUSES, ControlStatus, check_statuses
from ..assess.files import statuses_yaml
from ..assess.safe import visible
from ..catalog.fields import ID_PATTERN
from ..catalog.model import Catalog
from ..catalog.yamlread import Mapping as YamlMapping
from ..catalog.yamlread import read_file
from ..errors import Problem
from ..text import clean

CODES = {"implemented": "i", "partial": "p", "planned": "l", "missing": "m", "not-applicable": "n"}
WORDS = {code: word for word, code in CODES.items()}
MAX_STATUSES = 500  # controls marked in one link
MAX_UPLOAD_BYTES = 100_000  # a status file of every control of a large catalog, with notes, is far smaller
MAX_NOTES = 500
_SHOWN = 40

Statuses = tuple[tuple[str, str], ...]  # (control id, status word), in catalog order once checked


def _shown(value: str) -> str:
    text = clean(value)
    return repr(text if len(text) <= _SHOWN else text[:_SHOWN] + "…")


def word_of(value: str) -> str | None:
    """A status word from its code or the word itself (any case, `_` or space for `-`), else None."""
    given = value.strip().lower().replace("_", "-").replace(" ", "-")
    if given in WORDS:
        return WORDS[given]
    return given if given in CODES else None


def parse(values: Iterable[str], notices: list[str]) -> Statuses:
    """The statuses of `status=` parameters (`id:code` pairs, comma separated); the last one of a control wins."""
    out: dict[str, str] = {}
    for raw in values:
        for pair in raw.split(","):
            pair = pair.strip()
            if not pair:
                continue
            control, _, code = pair.partition(":")
            control = control.strip()
            if not ID_PATTERN.match(control):
                notices.append(f"ignored status {_shown(pair)}: not a control id")
                continue
            word = word_of(code)
            if word is None:
                notices.append(
                    f"ignored status {_shown(pair)}: use id:code with a code of "
                    + ", ".join(f"{c} ({w})" for w, c in CODES.items())
                )
            elif len(out) >= MAX_STATUSES and control not in out:
                notices.append(f"ignored statuses beyond the first {MAX_STATUSES}")
                break
            else:
                out[control] = word
    return tuple(out.items())


def param(statuses: Statuses) -> str:
    """The value of the `status` parameter ('' when nothing is marked)."""
    return ",".join(f"{control}:{CODES[word]}" for control, word in statuses if word in CODES)


def checked(statuses: Statuses, catalog: Catalog, notices: list[str]) -> Statuses:
    """Only the catalog's controls, in catalog order."""
    known = {c.id for c in catalog.controls}
    given = dict(statuses)
    for control in given:
        if control not in known:
            notices.append(f"ignored the status of {_shown(control)}: the catalog has no such control")
    return tuple((c.id, given[c.id]) for c in catalog.controls if c.id in given)


def from_value(value: Any) -> Statuses:
    """Statuses from what a browser sends back (a list of pairs); anything malformed is dropped."""
    if not isinstance(value, (list, tuple)):
        return ()
    out: dict[str, str] = {}
    for item in value[:MAX_STATUSES]:
        if isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(v, str) for v in item):
            control, word = item
            if ID_PATTERN.match(control) and word in CODES:
                out[control] = word
    return tuple(out.items())


def with_status(statuses: Statuses, control: str, word: str, catalog: Catalog) -> Statuses:
    """`statuses` with one control set to `word` ('' or an unknown word: unmarked), in catalog order."""
    given = dict(statuses)
    if word in CODES:
        given[control] = word
    else:
        given.pop(control, None)
    return tuple((c.id, given[c.id]) for c in catalog.controls if c.id in given)


# ---- owners and notes, kept in the browser's session ------------------------------------------------------


Notes = dict[str, list[str]]  # control id -> [owner, note]


def notes_from(value: Any) -> Notes:
    """Owners and notes from the session store; anything malformed is dropped."""
    if not isinstance(value, dict):
        return {}
    out: Notes = {}
    for control, item in list(value.items())[:MAX_NOTES]:
        if (
            isinstance(control, str)
            and ID_PATTERN.match(control)
            and isinstance(item, (list, tuple))
            and len(item) == 2
            and all(isinstance(v, str) for v in item)
        ):
            out[control] = [clean(item[0])[:2000], clean(item[1])[:2000]]
    return out


def controls_status(statuses: Statuses, notes: Mapping[str, list[str]]) -> dict[str, ControlStatus]:
    """What `assess` reads: control id -> ControlStatus, with the owner and note kept for the session."""
    out = {}
    for control, word in statuses:
        owner, note = notes.get(control, ["", ""])
        out[control] = ControlStatus(word, owner, note)
    return out


def status_file(catalog: Catalog, statuses: Statuses, notes: Mapping[str, list[str]]) -> str:
    """The status file of the page's statuses (`navigator assess --status` and an upload read it back)."""
    return statuses_yaml(catalog, controls_status(statuses, notes))


# ---- an uploaded status file ------------------------------------------------------------------------------


def _decoded(contents: Any) -> bytes | str:
    """The bytes of a dcc.Upload data URL, or why they cannot be read."""
    if not isinstance(contents, str) or "," not in contents:
        return "the upload did not arrive whole; choose the file again"
    head, _, data = contents.partition(",")
    if len(data) > MAX_UPLOAD_BYTES * 4 // 3 + 8:
        return f"the file is larger than {MAX_UPLOAD_BYTES // 1000} kB; a status file is far smaller"
    try:
        raw = base64.b64decode(data, validate=True) if head.endswith(";base64") else data.encode()
    except (binascii.Error, ValueError):
        return "the upload did not arrive whole; choose the file again"
    if len(raw) > MAX_UPLOAD_BYTES:
        return f"the file is larger than {MAX_UPLOAD_BYTES // 1000} kB; a status file is far smaller"
    return raw


def upload_name(name: Any) -> str:
    """The uploaded file's name as messages show it: printable, short, never a path."""
    text = name if isinstance(name, str) else ""
    text = visible(text.replace("\\", "/").rsplit("/", 1)[-1])[:80]
    return text or "the uploaded file"


def read_upload(catalog: Catalog, contents: Any, name: Any) -> tuple[Statuses, Notes, list[Problem]]:
    """Statuses and notes from an uploaded status file, checked like `navigator assess --status`; with
    any problem, nothing is taken from it (the page keeps what it had)."""
    shown = upload_name(name)
    raw = _decoded(contents)
    if isinstance(raw, str):
        return (), {}, [Problem(shown, 0, raw)]
    value, problems = read_file(raw, shown)
    if value is None and len(problems) == 1 and problems[0].line == 0 and "empty" in problems[0].message:
        return (), {}, []  # an empty file: nothing marked
    if problems:
        return (), {}, problems
    if not isinstance(value, YamlMapping):
        message = (
            "a status file must be a mapping, one `control: status` a line (e.g. monitoruse: implemented); "
            "found a list or a single value"
        )
        return (), {}, [Problem(shown, getattr(value, "line", 1), message)]
    found, problems = check_statuses(catalog, value, shown)
    if problems:
        return (), {}, problems
    statuses = tuple((c.id, found[c.id].status) for c in catalog.controls if c.id in found)
    notes = {c: [s.owner, s.note] for c, s in found.items() if s.owner or s.note}
    return statuses, notes, []


def summary(statuses: Statuses) -> str:
    """ "12 controls marked: 5 implemented, 3 partial, ..." for the page."""
    if not statuses:
        return "No control marked yet."
    counts = dict.fromkeys(STATUSES, 0)
    for _, word in statuses:
        counts[word] = counts.get(word, 0) + 1
    parts = ", ".join(f"{n} {w}" for w, n in counts.items() if n)
    return f"{len(statuses)} control{'' if len(statuses) == 1 else 's'} marked: {parts}."
