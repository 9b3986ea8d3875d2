"""The questionnaire's own rules, checked once every file is read (a condition may name a question of
another file): answers are words, each effect names answers its question has, and each `when`
condition names a question and answers that exist. Threat ids in effects are checked with the other
references (`checks.py`), so they get the same messages and suggestions.

The syntax of answers in effects and conditions (`you|both`, `trains=you|both`) is parsed here too,
so the loader and `navigator.assess` read it the same way.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import Problem, suggest
from .fields import ID_PATTERN
from .yamlread import Mapping, Sequence

_CONDITION = re.compile(r"^\s*([^=\s]+)\s*=\s*(.*?)\s*$")


def answer_set(text: str) -> tuple[str, ...]:
    """The answers of `yes` or `you|both`, as written, blanks around them removed."""
    return tuple(a.strip() for a in text.split("|"))


def parse_condition(text: str) -> tuple[str, tuple[str, ...]] | None:
    """(question id, answers) of `question=a|b`, or None when it is not written that way."""
    m = _CONDITION.match(text)
    if not m or not m.group(2):
        return None
    return m.group(1), answer_set(m.group(2))


def check_questions(asked: list[tuple[Any, Mapping, str]], lines: dict[str, tuple[str, int, str]]) -> list[Problem]:
    """Problems with the questions that built, each with its file and line."""
    known = {q.id: q for q, _, _ in asked}
    # questions that failed to build: conditions naming them are not reported again
    broken = {i for i, (_, _, noun) in lines.items() if noun == "question" and i not in known}
    problems: list[Problem] = []
    for question, mapping, file in asked:
        owner = f"question '{question.id}'"
        problems += _check_answers(question, mapping, file, owner)
        effects = mapping.get("effects")
        for i, effect in enumerate(question.effects):
            raw = effects[i] if isinstance(effects, Sequence) else None
            if not isinstance(raw, Mapping):
                continue
            where = f"{owner}: effect #{i + 1} in 'effects'"
            line = raw.key_lines.get("answer", raw.line)
            for answer in answer_set(effect.answer):
                if answer not in question.answers:
                    problems.append(Problem(file, line, f"{where}: {_not_an_answer(answer, question)}"))
            if not effect.applies and not effect.excludes:
                problems.append(
                    Problem(file, raw.line, f"{where} names no threat; give 'applies' or 'excludes' (threat ids)")
                )
            conditions = raw.get("when")
            for j, condition in enumerate(effect.when):
                cline = conditions.item_lines[j] if isinstance(conditions, Sequence) else line
                message = _check_condition(condition, question, known, broken)
                if message:
                    problems.append(Problem(file, cline, f"{where}: {message}"))
    return problems


def _check_answers(question: Any, mapping: Mapping, file: str, owner: str) -> list[Problem]:
    raw = mapping.get("answers")
    item_lines = raw.item_lines if isinstance(raw, Sequence) else []
    out: list[Problem] = []
    seen: set[str] = set()
    for i, answer in enumerate(question.answers):
        line = item_lines[i] if i < len(item_lines) else mapping.line
        if not ID_PATTERN.match(answer):
            out.append(
                Problem(
                    file,
                    line,
                    f"{owner}: answer '{answer[:60]}' must be one word (letters, digits, '.', '_', '-'), "
                    "e.g. yes, no, supplier",
                )
            )
        elif answer.lower() in seen:
            out.append(Problem(file, line, f"{owner}: answer '{answer}' is listed twice (answers ignore case)"))
        seen.add(answer.lower())
    if len(question.answers) < 2:
        out.append(Problem(file, mapping.key_lines.get("answers", mapping.line), f"{owner}: give at least two answers"))
    return out


def _check_condition(condition: str, question: Any, known: dict[str, Any], broken: set[str]) -> str | None:
    parsed = parse_condition(condition)
    if parsed is None:
        return f"condition '{condition[:60]}' in 'when' must read question=answer, e.g. genai=yes or trains=you|both"
    qid, answers = parsed
    if qid == question.id:
        return f"condition '{condition}' names this question itself; put its answers in 'answer'"
    if qid in broken:
        return None
    other = known.get(qid)
    if other is None:
        hint = suggest(qid, list(known))
        listing = f"{'' if hint else '.'} Questions: {', '.join(known)}" if len(known) <= 20 else ""
        return f"condition '{condition}' in 'when': unknown question '{qid}'{hint}{listing}"
    for answer in answers:
        if answer not in other.answers:
            return f"condition '{condition}' in 'when': {_not_an_answer(answer, other)}"
    return None


def _not_an_answer(answer: str, question: Any) -> str:
    choices = question.answers
    return (
        f"'{answer[:60]}' is not an answer of question '{question.id}'{suggest(answer, choices) or ''}; "
        f"its answers: {', '.join(choices)}"
    )
