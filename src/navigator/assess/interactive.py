"""`navigator assess --interactive`: the questionnaire asked in a terminal, one question at a time.

Prompts and help go to one stream (stderr), answers are read line by line from another (stdin), so
the answers file can go to stdout and a test can feed the answers. An answer is given by its number,
its name or a unique start of it; Enter keeps the answer the given file had (or "don't know"), `?`
means "don't know". A question that the earlier answers make irrelevant (no answer to it would change
any threat's verdict) is skipped. End of input leaves the remaining questions as they were.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping

from ..catalog.model import Catalog, Question
from .evaluate import Rule, rules_of, verdicts_of
from .safe import visible

DONT_KNOW = ("?", "-", "don't know", "dont know", "unknown")


def _verdicts(catalog: Catalog, answers: Mapping[str, str], rules: Mapping[str, tuple[Rule, ...]]) -> tuple[str, ...]:
    return tuple(v[0] for v in verdicts_of(catalog, answers, rules).values())


def matters(
    catalog: Catalog, question: Question, answers: Mapping[str, str], rules: Mapping[str, tuple[Rule, ...]]
) -> bool:
    """Whether answering `question` (one way or another, or not at all) can change some threat's verdict."""
    base = {k: v for k, v in answers.items() if k != question.id}
    outcomes = {_verdicts(catalog, {**base, question.id: a}, rules) for a in question.answers}
    outcomes.add(_verdicts(catalog, base, rules))
    return len(outcomes) > 1


def parse_answer(question: Question, text: str) -> tuple[bool, str | None]:
    """(understood, answer): answer None means "don't know"."""
    text = text.strip()
    if text.lower() in DONT_KNOW:
        return True, None
    if text.isdigit() and 1 <= int(text) <= len(question.answers):
        return True, question.answers[int(text) - 1]
    lowered = text.lower()
    exact = [a for a in question.answers if a.lower() == lowered]
    if exact:
        return True, exact[0]
    starts = [a for a in question.answers if lowered and a.lower().startswith(lowered)]
    if len(starts) == 1:
        return True, starts[0]
    return False, None


def ask(
    catalog: Catalog,
    defaults: Mapping[str, str],
    read_line: Callable[[], str],
    write: Callable[[str], None],
) -> dict[str, str]:
    """Ask every question that matters; returns the answers (question id -> answer)."""
    rules = rules_of(catalog)
    answers = dict(defaults)
    n = len(catalog.questions)
    write(
        f"{visible(catalog.meta.name)}: {n} questions about your AI system. Answer by number or name; "
        "Enter keeps the answer shown (or \"don't know\"), ? means don't know.\n"
    )
    for i, q in enumerate(catalog.questions, start=1):
        if not matters(catalog, q, answers, rules):
            write(f"\n[{i}/{n}] {visible(q.question)}\n  skipped: your answers so far make it irrelevant\n")
            continue
        write(f"\n[{i}/{n}] {visible(q.question)}\n")
        for line in textwrap.wrap(visible(q.help), 96, initial_indent="  ", subsequent_indent="  "):
            write(line + "\n")
        write(f"  more: {q.url}\n")
        current = answers.get(q.id)
        choices = "  ".join(f"{k}) {a}" for k, a in enumerate(q.answers, start=1))
        keep = current or "don't know"
        while True:
            write(f"  {choices}   [Enter: {keep}] > ")
            line = read_line()
            if line == "":  # end of input: leave this and the remaining questions as they are
                write("\n")
                return answers
            if line.strip() == "":
                break
            understood, answer = parse_answer(q, line)
            if understood:
                if answer is None:
                    answers.pop(q.id, None)
                else:
                    answers[q.id] = answer
                break
            write(f"  '{visible(line.strip())[:40]}' is not an answer: type 1-{len(q.answers)}, a name, or ?\n")
    return answers
