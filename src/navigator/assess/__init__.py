"""Which threats apply to a system, and how well the controls in place cover them (`navigator assess`).

`evaluate(catalog, answers, statuses)` is pure and returns an `Assessment`; its `applicable` set of
threat ids narrows a navigator (`filters.Criteria(applicable=...)`). `files` reads and checks answers and
status files; the reports (text, Markdown, JSON, CSV, XLSX) and the interactive questionnaire are
modules of their own, imported by the CLI only when asked for.
"""

from .evaluate import evaluate, rules_of, valid_answers
from .files import AssessInputError, check_answers, check_statuses, read_answers, read_both, read_statuses
from .model import STATUSES, UNMARKED, Assessment, ControlResult, ControlStatus, ThreatResult, Totals, coverage

__all__ = [
    "STATUSES",
    "UNMARKED",
    "AssessInputError",
    "Assessment",
    "ControlResult",
    "ControlStatus",
    "ThreatResult",
    "Totals",
    "check_answers",
    "check_statuses",
    "coverage",
    "evaluate",
    "read_answers",
    "read_both",
    "read_statuses",
    "rules_of",
    "valid_answers",
]
