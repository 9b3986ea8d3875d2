"""The values of an assessment: what a system's answers and control statuses come to.

Plain frozen values, so the CLI's reports, a tailored build and the web view can all read the same
result. Coverage is an exact `Fraction` (or None when there is nothing to cover); reports round it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

# Control statuses, in the order reports list them; "unmarked" is what a control no status file names gets.
STATUSES = ("implemented", "partial", "planned", "missing", "not-applicable")
UNMARKED = "unmarked"
# What each status counts for in coverage; "not-applicable" is left out of the denominator instead.
WEIGHTS: Mapping[str, Fraction] = MappingProxyType(
    {"implemented": Fraction(1), "partial": Fraction(1, 2), "planned": Fraction(0), "missing": Fraction(0)}
)

APPLIES, EXCLUDED, NOT_ANSWERED = "applies", "does not apply", "not answered"


@dataclass(frozen=True)
class ControlStatus:
    """One control's line of a status file."""

    status: str  # one of STATUSES
    owner: str = ""
    note: str = ""


@dataclass(frozen=True)
class ThreatResult:
    """Whether one threat applies to the system, why, and how well its controls cover it."""

    id: str
    verdict: str  # APPLIES, EXCLUDED or NOT_ANSWERED ("don't know": it stays in)
    because: tuple[str, ...]  # sentences from the questionnaire (or saying what is not answered)
    questions: tuple[str, ...]  # ids of the questions that govern it, in questionnaire order
    pending: tuple[str, ...]  # not answered: the unanswered questions that would decide it
    controls: tuple[str, ...]  # every control that applies to it (catalog.controls_of)
    coverage: Fraction | None  # None: no control to cover it (none, or all not-applicable)
    leaf: bool  # False for a threat group with sub-threats (its verdict follows theirs)

    @property
    def applies(self) -> bool:
        """True when it applies or is not answered: "don't know" keeps a threat in."""
        return self.verdict != EXCLUDED

    @property
    def answered(self) -> bool:
        return self.verdict != NOT_ANSWERED


@dataclass(frozen=True)
class ControlResult:
    """One control: its status in the system, and the applicable threats it helps against."""

    id: str
    status: str  # one of STATUSES, or UNMARKED
    owner: str
    note: str
    threats: tuple[str, ...]  # applicable threats (leaves) it applies to, in catalog order

    @property
    def relevant(self) -> bool:
        return bool(self.threats)


@dataclass(frozen=True)
class Totals:
    """Counts and coverage over some applicable threats (those of one risk, or all)."""

    threats: int  # applicable threats (leaves), the not answered ones included
    not_answered: int
    excluded: int  # threats (leaves) of the same scope that do not apply
    controls: int  # distinct controls that apply to those threats
    statuses: Mapping[str, int]  # how many of those controls have each status (UNMARKED included)
    coverage: Fraction | None


@dataclass(frozen=True)
class Assessment:
    """The whole result; `applicable` is the set of threat ids to narrow a navigator to."""

    answers: Mapping[str, str]
    statuses: Mapping[str, ControlStatus]
    threats: tuple[ThreatResult, ...]  # catalog order, groups included
    controls: tuple[ControlResult, ...]  # catalog order
    risks: tuple[tuple[str, Totals], ...]  # (impact id, totals), in the catalog's impact order
    overall: Totals
    unanswered: tuple[str, ...]  # ids of the questions without an answer

    @property
    def applicable(self) -> frozenset[str]:
        """Ids of the threats that apply or are not answered (groups included), for `filters.Criteria`."""
        return frozenset(t.id for t in self.threats if t.applies)

    @property
    def open_questions(self) -> tuple[str, ...]:
        """The unanswered questions that keep some threat in as "not answered" (the others do not matter)."""
        needed = {q for t in self.threats for q in t.pending}
        return tuple(q for q in self.unanswered if q in needed)

    def threat(self, threat_id: str) -> ThreatResult:
        return next(t for t in self.threats if t.id == threat_id)

    def control(self, control_id: str) -> ControlResult:
        return next(c for c in self.controls if c.id == control_id)


def coverage(statuses: Mapping[str, ControlStatus], controls: tuple[str, ...] | frozenset[str]) -> Fraction | None:
    """Share of `controls` implemented: implemented 1, partial 1/2, others 0; not-applicable ones left out.

    None when no control is left to count (there are none, or every one is not applicable)."""
    halves = counted = 0  # summed in halves, so the one Fraction is made at the end (WEIGHTS, doubled)
    for c in controls:
        mark = statuses.get(c)
        status = mark.status if mark is not None else UNMARKED
        if status == "not-applicable":
            continue
        counted += 1
        halves += 2 if status == "implemented" else 1 if status == "partial" else 0
    return Fraction(halves, 2 * counted) if counted else None


def percent(value: Fraction | None) -> str:
    """`58%`, or `n/a` when there is nothing to cover. Rounded half up, so 1/8 is 13%."""
    if value is None:
        return "n/a"
    return f"{int(value * 100 + Fraction(1, 2))}%"
