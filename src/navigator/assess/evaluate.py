"""Which threats apply to a system, from its answers to the catalog's questionnaire, and how well the
controls marked in place cover them. Pure: a catalog, answers and statuses in, an `Assessment` out.

The rules, as docs/assess.md states them for catalog maintainers:
- an effect holds when its question has one of its answers and every `when` condition holds; it fails
  when one of those questions has another answer; otherwise (a question it needs is not answered) it
  is undecided;
- a threat that `applies` effects name applies when one holds, does not apply when all fail, and is
  "not answered" (kept in) while one is undecided; `excludes` effects give the reasons it does not apply;
- a threat only `excludes` effects name applies unless one holds, and is not answered while one is undecided;
- a threat no effect names applies to every system;
- an effect naming a threat group stands for each of its sub-threats; a group with sub-threats applies
  when one of them applies, and is not answered when none applies and one is not answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from ..catalog.model import Catalog
from ..catalog.questions import answer_set, parse_condition
from .model import (
    APPLIES,
    EXCLUDED,
    NOT_ANSWERED,
    STATUSES,
    UNMARKED,
    Assessment,
    ControlResult,
    ControlStatus,
    ThreatResult,
    Totals,
    coverage,
)

ALWAYS = "No answer rules it out: it applies to every AI system."


@dataclass(frozen=True)
class Rule:
    """One effect, as it bears on one threat."""

    question: str
    answers: frozenset[str]
    when: tuple[tuple[str, frozenset[str]], ...]
    applies: bool
    because: str

    def holds(self, answers: Mapping[str, str]) -> bool | None:
        """True, False, or None when a question it needs is not answered (and no other rules it out)."""
        undecided = False
        for question, allowed in ((self.question, self.answers), *self.when):
            answer = answers.get(question)
            if answer is None:
                undecided = True
            elif answer not in allowed:
                return False
        return None if undecided else True

    def questions(self) -> tuple[str, ...]:
        return (self.question, *(q for q, _ in self.when))

    def condition(self) -> str:
        parts = [(self.question, self.answers), *self.when]
        return " and ".join(f"{q}={'|'.join(sorted(a))}" for q, a in parts)


def rules_of(catalog: Catalog) -> dict[str, tuple[Rule, ...]]:
    """Threat id -> the rules that bear on it (groups expanded to their sub-threats), questionnaire order."""
    out: dict[str, list[Rule]] = {t.id: [] for t in catalog.threats}
    for question in catalog.questions:
        for effect in question.effects:
            when = []
            for condition in effect.when:
                parsed = parse_condition(condition)
                if parsed is not None:
                    when.append((parsed[0], frozenset(parsed[1])))
            for verdict, named in ((True, effect.applies), (False, effect.excludes)):
                rule = Rule(question.id, frozenset(answer_set(effect.answer)), tuple(when), verdict, effect.because)
                for tid in named:
                    if tid not in out:
                        continue
                    for target in (tid, *catalog.descendants(tid)):
                        if rule not in out[target]:
                            out[target].append(rule)
    return {k: tuple(v) for k, v in out.items()}


def valid_answers(catalog: Catalog, answers: Mapping[str, str]) -> dict[str, str]:
    """The answers that name a question and one of its answers (case ignored), as the catalog spells them."""
    out = {}
    for question in catalog.questions:
        given = answers.get(question.id)
        if given is None:
            continue
        match = next((a for a in question.answers if a.lower() == str(given).strip().lower()), None)
        if match is not None:
            out[question.id] = match
    return out


def evaluate(
    catalog: Catalog,
    answers: Mapping[str, str],
    statuses: Mapping[str, ControlStatus] | None = None,
    rules: Mapping[str, tuple[Rule, ...]] | None = None,
) -> Assessment:
    """The assessment of one system. Answers that name no question or answer are ignored (as not
    answered): check files with `navigator.assess.files` first to refuse them. `rules` is
    `rules_of(catalog)`, passed in by callers that evaluate many answer sets."""
    answers = valid_answers(catalog, answers)
    known = {c.id for c in catalog.controls}
    marks = {c: s for c, s in (statuses or {}).items() if c in known}
    verdicts = verdicts_of(catalog, answers, rules)
    threats = tuple(
        ThreatResult(
            id=t.id,
            verdict=verdicts[t.id].verdict,
            because=verdicts[t.id].because,
            questions=verdicts[t.id].questions,
            pending=verdicts[t.id].pending,
            controls=catalog.controls_of(t.id),
            coverage=coverage(marks, catalog.controls_of(t.id)),
            leaf=not catalog.children(t.id),
        )
        for t in catalog.threats
    )
    leaves = [r for r in threats if r.leaf]
    applicable = {r.id for r in leaves if r.applies}
    controls = tuple(
        ControlResult(
            id=c.id,
            status=marks[c.id].status if c.id in marks else UNMARKED,
            owner=marks[c.id].owner if c.id in marks else "",
            note=marks[c.id].note if c.id in marks else "",
            threats=tuple(t for t in catalog.threats_of(c.id) if t in applicable),
        )
        for c in catalog.controls
    )
    risks = tuple(
        (i.id, _totals(catalog, [r for r in leaves if i.id in catalog.threat(r.id).impacts], marks))
        for i in catalog.impacts
    )
    return Assessment(
        answers=answers,
        statuses=marks,
        threats=threats,
        controls=controls,
        risks=risks,
        overall=_totals(catalog, leaves, marks),
        unanswered=tuple(q.id for q in catalog.questions if q.id not in answers),
    )


class Verdict(NamedTuple):
    verdict: str  # APPLIES, EXCLUDED or NOT_ANSWERED
    because: tuple[str, ...]
    questions: tuple[str, ...]  # the questions that govern the threat
    pending: tuple[str, ...]  # for NOT_ANSWERED: the unanswered questions that would decide it


def verdicts_of(
    catalog: Catalog, answers: Mapping[str, str], rules: Mapping[str, tuple[Rule, ...]] | None = None
) -> dict[str, Verdict]:
    """Threat id -> its `Verdict`, for valid answers; what `evaluate` builds on, without the coverage,
    for callers that try many answer sets (the interactive questionnaire, tests)."""
    rules = rules if rules is not None else rules_of(catalog)
    order = {q.id: i for i, q in enumerate(catalog.questions)}
    texts = {q.id: q.question for q in catalog.questions}
    out: dict[str, Verdict] = {}
    for t in catalog.threats:
        if not catalog.children(t.id):
            out[t.id] = _leaf(rules.get(t.id, ()), answers, order, texts)
    for t in catalog.threats:
        if catalog.children(t.id):
            out[t.id] = _group(catalog, t.id, out, order)
    return out


def _leaf(
    rules: tuple[Rule, ...], answers: Mapping[str, str], order: Mapping[str, int], texts: Mapping[str, str]
) -> Verdict:
    governing = tuple(sorted({q for r in rules for q in r.questions()}, key=lambda q: order.get(q, 0)))
    if not rules:
        return Verdict(APPLIES, (ALWAYS,), governing, ())
    held = [(r, r.holds(answers)) for r in rules]
    positive = [(r, h) for r, h in held if r.applies]
    negative = [(r, h) for r, h in held if not r.applies]
    reasons_for = [r.because for r, h in positive if h is True]
    reasons_against = [r.because for r, h in negative if h is True]
    undecided = [r for r, h in (positive or negative) if h is None]
    pending = tuple(
        sorted({q for r in undecided for q in r.questions() if q not in answers}, key=lambda q: order.get(q, 0))
    )
    not_answered = Verdict(
        NOT_ANSWERED, tuple(f"Not answered: {texts.get(q, q)} ({q})" for q in pending), governing, pending
    )
    if positive:
        if reasons_for:
            return Verdict(APPLIES, _unique(reasons_for), governing, ())
        if undecided:
            return not_answered
        if reasons_against:
            return Verdict(EXCLUDED, _unique(reasons_against), governing, ())
        wanted = "; ".join(r.condition() for r, _ in positive)
        return Verdict(EXCLUDED, (f"None of the answers that make it apply was given ({wanted}).",), governing, ())
    if reasons_against:
        return Verdict(EXCLUDED, _unique(reasons_against), governing, ())
    if undecided:
        return not_answered
    return Verdict(APPLIES, ("None of the answers that rule it out was given.",), governing, ())


def _group(catalog: Catalog, group_id: str, verdicts: Mapping[str, Verdict], order: Mapping[str, int]) -> Verdict:
    leaves = [verdicts[d] for d in catalog.descendants(group_id) if not catalog.children(d)]
    ids = [d for d in catalog.descendants(group_id) if not catalog.children(d)]

    def merged(field: int, only: str = "") -> tuple[str, ...]:
        found = {q for v in leaves if not only or v.verdict == only for q in v[field]}
        return tuple(sorted(found, key=lambda q: order.get(q, 0)))

    for verdict, lead in ((APPLIES, "Sub-threats that apply"), (NOT_ANSWERED, "Sub-threats not answered")):
        named = [catalog.threat(d).label for d, v in zip(ids, leaves) if v.verdict == verdict]
        if named:
            pending = merged(3, NOT_ANSWERED) if verdict == NOT_ANSWERED else ()
            return Verdict(verdict, (f"{lead}: {', '.join(named)}.",), merged(2), pending)
    return Verdict(EXCLUDED, ("None of its sub-threats applies.",), merged(2), ())


def _totals(catalog: Catalog, scope: list[ThreatResult], marks: Mapping[str, ControlStatus]) -> Totals:
    applicable = [r for r in scope if r.applies]
    controls = tuple(dict.fromkeys(c for r in applicable for c in r.controls))
    counts = dict.fromkeys((*STATUSES, UNMARKED), 0)
    for c in controls:
        counts[marks[c].status if c in marks else UNMARKED] += 1
    return Totals(
        threats=len(applicable),
        not_answered=sum(1 for r in applicable if not r.answered),
        excluded=len(scope) - len(applicable),
        controls=len(controls),
        statuses=counts,
        coverage=coverage(marks, controls),
    )


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
