"""What a build marks on the navigator besides the catalog itself: an assessment and a comparison.

A plain value, like `filters.Criteria` and `target.Target`: `api` works it out (from an answers and
a status file through `navigator.assess`, from an older catalog through `navigator.sync.diff`) and
hands it to layout, which alone decides where and how each mark is drawn; renderers and the web view
only draw the Scene. Layout must not import `assess` or `sync`, so what it needs of them is spelled
here in terms of catalog ids and plain strings. Empty by default: a build without `--answers`,
`--status` or `--compare` draws exactly what it drew before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class ThreatMark:
    """One threat as the assessment sees it: whether it applies ("applies", "not-answered"),
    why (sentences from the questionnaire, for detail pages and the web panel), and the share of its
    applicable controls in place (0..1, None when it has none to count)."""

    verdict: str
    because: tuple[str, ...] = ()
    coverage: float | None = None


@dataclass(frozen=True)
class Assessed:
    """The assessment of one system, in what layout draws: threat marks, control statuses (one of
    `assess.model.STATUSES`, or "" for not marked), the answers as (question text, answer text)
    for a summary page, and per-risk coverage (impact id -> 0..1 or None)."""

    threats: Mapping[str, ThreatMark] = field(default_factory=lambda: MappingProxyType({}))
    statuses: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    answers: tuple[tuple[str, str], ...] = ()
    risks: tuple[tuple[str, float | None], ...] = ()
    overall: float | None = None


@dataclass(frozen=True)
class Compared:
    """What changed since an older catalog: item id -> "added" or "changed" (with the changed
    fields' names), and the items removed since (id, kind, label), drawn as ghosts or listed."""

    changes: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    changed_fields: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    removed: tuple[tuple[str, str, str], ...] = ()
    old_label: str = ""  # how the older catalog is named on the page ("catalog of 2026-06-01", a folder name)


@dataclass(frozen=True)
class Annotations:
    """Everything a build marks beyond the catalog. Either part may be absent (None)."""

    assessed: Assessed | None = None
    compared: Compared | None = None

    def is_empty(self) -> bool:
        return self.assessed is None and self.compared is None


NONE = Annotations()
