"""Answers and status files: read with the catalog's safe YAML reader (line numbers, size and alias
limits, no tags), checked against the catalog, every problem reported as `FILE:LINE` with the valid
choices. Also the answers file that `--interactive` writes.

An answers file maps question ids to answers (`genai: yes`); an empty value means "don't know". A
status file maps control ids to a status, or to a mapping with `status`, `owner` and `note`; an empty
value leaves the control unmarked.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping as TypingMapping
from pathlib import Path
from typing import Any

from ..catalog.files import read_named
from ..catalog.load import shown_path
from ..catalog.model import Catalog, Question
from ..catalog.yamlread import Mapping, Scalar, Sequence, read_file
from ..errors import NavigatorError, Problem, suggest
from .model import STATUSES, ControlStatus
from .safe import visible

STATUS_KEYS = ("status", "owner", "note")
MAX_TEXT = 2000  # characters in an owner or a note


class AssessInputError(NavigatorError):
    """An answers or status file that cannot be used. Carries every problem found."""

    def __init__(self, problems: list[Problem], what: str) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.message))
        self.what = what
        super().__init__("\n".join(str(p) for p in self.problems))


def problem_lines(e: AssessInputError, tail: str = "") -> str:
    """The problems a line each, then how many and in which file: what the commands print (exit 2)."""
    n = len(e.problems)
    return "\n".join(
        [*(str(p) for p in e.problems), f"navigator: {n} problem{'s' if n != 1 else ''} in the {e.what}{tail}"]
    )


def _read(path: str | os.PathLike[str], what: str) -> tuple[Any, str]:
    shown = shown_path(Path(path))
    raw, problems = read_named(Path(path))
    value = None
    if raw is not None:
        value, problems = read_file(raw, shown)
    if value is None and len(problems) == 1 and problems[0].line == 0 and "empty" in problems[0].message:
        value = Mapping()  # an empty file (or only comments): nothing answered, nothing marked
        value.line, value.key_lines = 1, {}
        return value, shown
    if problems:
        raise AssessInputError(problems, what)
    if not isinstance(value, Mapping):
        example = "genai: yes" if what == "answers file" else "monitoruse: implemented"
        article = "an" if what[0] in "aeiou" else "a"
        message = (
            f"{article} {what} must be a mapping, one `id: value` a line (e.g. {example}); "
            "found a list or a single value"
        )
        raise AssessInputError([Problem(shown, getattr(value, "line", 1), message)], what)
    return value, shown


def read_answers(catalog: Catalog, path: str | os.PathLike[str]) -> dict[str, str]:
    """Question id -> answer (as the catalog spells it) from an answers file; raises AssessInputError."""
    value, shown = _read(path, "answers file")
    answers, problems = check_answers(catalog, value, shown)
    if problems:
        raise AssessInputError(problems, "answers file")
    return answers


def check_answers(catalog: Catalog, value: TypingMapping[str, Any], shown: str) -> tuple[dict[str, str], list[Problem]]:
    """The valid answers of a mapping read from a file (or a plain dict, lines then 0), and the problems."""
    questions = {q.id: q for q in catalog.questions}
    key_lines = getattr(value, "key_lines", {})
    answers: dict[str, str] = {}
    problems: list[Problem] = []
    if not questions and value:
        problems.append(
            Problem(shown, 0, "this catalog has no questionnaire (no `questions`), so nothing can be answered")
        )
        return answers, problems
    for key, raw in value.items():
        line = key_lines.get(key, 0)
        question = questions.get(key)
        if question is None:
            hint = suggest(key, list(questions))
            problems.append(
                Problem(
                    shown,
                    line,
                    f"unknown question '{visible(key)}'{hint}{'' if hint else '.'} Questions: {', '.join(questions)}",
                )
            )
            continue
        if raw is None or (isinstance(raw, Scalar) and raw.kind == "null"):
            continue  # "don't know"
        if isinstance(raw, (Mapping, Sequence, list, dict)):
            problems.append(
                Problem(
                    shown,
                    line,
                    f"{key}: give one answer, not a list or mapping; answers: {', '.join(question.answers)}",
                )
            )
            continue
        answer = _match(question, str(raw))
        if answer is None:
            problems.append(Problem(shown, getattr(raw, "line", line), f"{key}: {_not_an_answer(question, str(raw))}"))
        else:
            answers[key] = answer
    return answers, problems


def _match(question: Question, given: str) -> str | None:
    wanted = given.strip().lower()
    return next((a for a in question.answers if a.lower() == wanted), None)


def _not_an_answer(question: Question, given: str) -> str:
    shown = visible(given.strip()[:60])
    hint = suggest(given.strip().lower(), list(question.answers))
    return f"'{shown}' is not an answer{hint}{'' if hint else ';'} valid answers: {', '.join(question.answers)}"


def read_statuses(catalog: Catalog, path: str | os.PathLike[str]) -> dict[str, ControlStatus]:
    """Control id -> its status from a status file; raises AssessInputError."""
    value, shown = _read(path, "status file")
    statuses, problems = check_statuses(catalog, value, shown)
    if problems:
        raise AssessInputError(problems, "status file")
    return statuses


def read_both(
    catalog: Catalog, answers_path: str | os.PathLike[str], status_path: str | os.PathLike[str] | None
) -> tuple[dict[str, str], dict[str, ControlStatus]]:
    """The answers and, when a status file is given, the statuses; raises AssessInputError with the
    problems of both files at once, so one run shows everything to fix."""
    problems: list[Problem] = []
    whats: list[str] = []
    answers: dict[str, str] = {}
    statuses: dict[str, ControlStatus] = {}
    try:
        answers = read_answers(catalog, answers_path)
    except AssessInputError as e:
        problems += e.problems
        whats.append("answers file")
    if status_path:
        try:
            statuses = read_statuses(catalog, status_path)
        except AssessInputError as e:
            problems += e.problems
            whats.append("status file")
    if problems:
        raise AssessInputError(problems, " and ".join(whats))
    return answers, statuses


def check_statuses(
    catalog: Catalog, value: TypingMapping[str, Any], shown: str
) -> tuple[dict[str, ControlStatus], list[Problem]]:
    """The statuses of a mapping read from a file (or a plain dict), and the problems."""
    controls = {c.id for c in catalog.controls}
    key_lines = getattr(value, "key_lines", {})
    out: dict[str, ControlStatus] = {}
    problems: list[Problem] = []
    for key, raw in value.items():
        line = key_lines.get(key, 0)
        if key not in controls:
            problems.append(Problem(shown, line, _unknown_control(catalog, key)))
            continue
        if raw is None or (isinstance(raw, Scalar) and raw.kind == "null"):
            continue  # unmarked
        if isinstance(raw, (Mapping, dict)):
            status = _status_mapping(key, raw, shown, line, problems)
        elif isinstance(raw, (Sequence, list)):
            problems.append(
                Problem(
                    shown,
                    line,
                    f"{key}: give a status ({', '.join(STATUSES)}) or a mapping with status, owner and note, "
                    "not a list",
                )
            )
            continue
        else:
            word = _status(key, raw, shown, getattr(raw, "line", line), problems)
            status = ControlStatus(word) if word else None
        if status is not None:
            out[key] = status
    return out, problems


def _status(key: str, raw: Any, shown: str, line: int, problems: list[Problem]) -> str | None:
    if (
        raw is None
        or isinstance(raw, (Mapping, Sequence, list, dict))
        or (isinstance(raw, Scalar) and raw.kind == "null")
    ):
        problems.append(Problem(shown, line, f"{key}: 'status' must be one of: {', '.join(STATUSES)}"))
        return None
    wanted = str(raw).strip().lower().replace("_", "-").replace(" ", "-")
    if wanted in STATUSES:
        return wanted
    hint = suggest(wanted, list(STATUSES))
    problems.append(
        Problem(
            shown,
            line,
            f"{key}: '{visible(str(raw).strip()[:60])}' is not a status{hint}{'' if hint else ';'} "
            f"valid statuses: {', '.join(STATUSES)}",
        )
    )
    return None


def _status_mapping(key: str, raw: Any, shown: str, line: int, problems: list[Problem]) -> ControlStatus | None:
    lines = getattr(raw, "key_lines", {})
    ok = True
    for field in raw:
        if field not in STATUS_KEYS:
            hint = suggest(str(field), list(STATUS_KEYS))
            problems.append(
                Problem(
                    shown,
                    lines.get(field, line),
                    f"{key}: unknown field '{visible(str(field))}'{hint}{'' if hint else '.'} "
                    f"Valid fields: {', '.join(STATUS_KEYS)}",
                )
            )
            ok = False
    if raw.get("status") is None or (isinstance(raw.get("status"), Scalar) and raw["status"].kind == "null"):
        problems.append(Problem(shown, line, f"{key}: 'status' is missing; give one of: {', '.join(STATUSES)}"))
        return None
    status = _status(key, raw["status"], shown, lines.get("status", line), problems)
    texts: dict[str, str] = {}
    for field in ("owner", "note"):
        value = raw.get(field)
        if value is None or (isinstance(value, Scalar) and value.kind == "null"):
            continue
        if isinstance(value, (Mapping, Sequence, list, dict)):
            problems.append(
                Problem(shown, lines.get(field, line), f"{key}: '{field}' must be text, not a list or mapping")
            )
            ok = False
        elif len(str(value)) > MAX_TEXT:
            problems.append(
                Problem(
                    shown,
                    lines.get(field, line),
                    f"{key}: '{field}' is {len(str(value))} characters long; the limit is {MAX_TEXT}",
                )
            )
            ok = False
        else:
            texts[field] = " ".join(str(value).split())
    if not ok or status is None:
        return None
    return ControlStatus(status, texts.get("owner", ""), texts.get("note", ""))


def _unknown_control(catalog: Catalog, key: str) -> str:
    item = catalog.by_id.get(key)
    if item is not None:
        noun = type(item).__name__.lower().replace("controlgroup", "control group")
        return f"'{key}' is a {noun}, not a control; a status file marks controls (e.g. monitoruse: implemented)"
    hint = suggest(key, [c.id for c in catalog.controls])
    return (
        f"unknown control '{visible(key)}'{hint}"
        f"{' ' if hint else '; '}`navigator catalog --format json` lists the control ids"
    )


def answers_yaml(catalog: Catalog, answers: TypingMapping[str, str]) -> str:
    """An answers file: every question as a comment with its answers, unanswered ones left empty."""
    lines = [
        f"# Answers to the questionnaire of {catalog.meta.name} {catalog.meta.version} ({catalog.meta.date}),",
        '# for `navigator assess`. An empty answer means "don\'t know": the threats it governs stay in.',
    ]
    for q in catalog.questions:
        lines += ["", f"# {visible(q.question)} ({' | '.join(q.answers)})"]
        answer = answers.get(q.id)
        lines.append(f"{q.id}: {_yaml_word(answer)}" if answer else f"{q.id}:")
    return "\n".join(lines) + "\n"


def _yaml_word(word: str) -> str:
    """A word YAML reads back as that word (our reader keeps `yes` as written, but other tools may not)."""
    return f'"{word}"' if word.lower() in ("yes", "no", "true", "false", "on", "off", "y", "n", "null", "~") else word


def statuses_yaml(catalog: Catalog, statuses: TypingMapping[str, ControlStatus]) -> str:
    """A status file of the marked controls, in catalog order (for downloads; `read_statuses` reads it back)."""
    lines = [
        f"# Control statuses for `navigator assess --status`, {catalog.meta.name} {catalog.meta.version}.",
        f"# A status is one of: {', '.join(STATUSES)}; controls left out are unmarked.",
    ]
    for c in catalog.controls:
        mark = statuses.get(c.id)
        if mark is None:
            continue
        if not mark.owner and not mark.note:
            lines.append(f"{c.id}: {mark.status}")
            continue
        lines.append(f"{c.id}:")
        lines.append(f"  status: {mark.status}")
        for field, value in (("owner", mark.owner), ("note", mark.note)):
            if value:
                lines.append(f"  {field}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
