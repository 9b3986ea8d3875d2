"""`navigator assess`: read the files, evaluate, write the report. Called by the thin `navigator.cli`.

Only the chosen format's writer is imported (openpyxl only for XLSX), and nothing of layout, render
or web, so a text or JSON assessment starts fast (docs/performance.md).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from ..catalog.load import load_catalog, shown_path
from ..catalog.model import Catalog
from ..errors import UsageError
from .evaluate import evaluate
from .files import AssessInputError, read_answers, read_both

FORMATS = ("text", "json", "csv", "xlsx", "md")


def _catalog(catalog_dir: str | None) -> Catalog:
    catalog = load_catalog(catalog_dir)
    if not catalog.questions:
        where = shown_path(Path(catalog_dir)) if catalog_dir else "the catalog"
        raise UsageError(
            f"{where} has no questionnaire: add a 'questions' list to one of its files (see docs/assess.md)"
        )
    return catalog


def render(catalog: Catalog, answers_path: str, status_path: str | None, fmt: str, to_file: bool) -> bytes:
    """The report's bytes; raises AssessInputError with the problems of both files at once."""
    answers, statuses = read_both(catalog, answers_path, status_path)
    assessment = evaluate(catalog, answers, statuses)
    name = shown_path(Path(answers_path))
    if fmt == "json":
        from .data import assessment_json

        return assessment_json(catalog, assessment, name).encode()
    if fmt == "md":
        from .report import markdown_report

        return markdown_report(catalog, assessment, name).encode()
    if fmt == "csv":
        from .sheets import csv_bytes, csv_text

        return csv_bytes(catalog, assessment) if to_file else csv_text(catalog, assessment).encode()
    if fmt == "xlsx":
        from .sheets import xlsx_bytes

        return xlsx_bytes(catalog, assessment)
    from .report import text_report

    return text_report(catalog, assessment, name, unicode=to_file or _utf8(sys.stdout)).encode()


def _utf8(stream: TextIO) -> bool:
    return (getattr(stream, "encoding", "") or "").lower().replace("-", "") == "utf8"


def _write(data: bytes, out: str | None) -> None:
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from ..outputs import write_atomic

    target = Path(out)
    if target.is_dir():
        raise UsageError(
            f"--out {shown_path(target)} is a folder; give a file name, e.g. {shown_path(target / 'assessment')}"
        )
    try:
        write_atomic(target, data, durable=True)
    except FileNotFoundError:
        raise UsageError(f"cannot write {shown_path(target)}: its folder does not exist") from None
    except OSError as e:
        raise UsageError(f"cannot write {shown_path(target)}: {e.strerror or e}") from None


def run(
    answers: str | None,
    *,
    catalog_dir: str | None = None,
    status: str | None = None,
    fmt: str = "text",
    out: str | None = None,
    interactive: bool = False,
) -> int:
    """The command; returns the exit status. Problems in the files are printed one per line, status 2."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' for --format; choose from {', '.join(FORMATS)}")
    try:
        if interactive:
            return _interactive(answers, catalog_dir, status, fmt, out)
        if not answers:
            raise UsageError(
                "give an answers file (YAML, `question id: answer` a line), or --interactive to write one; "
                "docs/assess.md has an example"
            )
        for given in (answers, status):
            if out and given and os.path.exists(out) and os.path.samefile(out, given):
                raise UsageError(f"--out {out} is an input file; give another file for the report")
        if fmt == "xlsx" and out is None and sys.stdout.isatty():
            raise UsageError("--format xlsx writes a binary file: give --out FILE.xlsx")
        catalog = _catalog(catalog_dir)
        _write(render(catalog, answers, status, fmt, out is not None), out)
        return 0
    except AssessInputError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        n = len(e.problems)
        print(f"navigator: {n} problem{'s' if n != 1 else ''} in the {e.what}", file=sys.stderr)
        return 2


def _interactive(answers: str | None, catalog_dir: str | None, status: str | None, fmt: str, out: str | None) -> int:
    from .files import answers_yaml
    from .interactive import ask

    if status or fmt != "text":
        raise UsageError(
            "--interactive only writes an answers file; run `navigator assess ANSWERS` on it for the report"
        )
    catalog = _catalog(catalog_dir)
    defaults = read_answers(catalog, answers) if answers and os.path.exists(answers) else {}

    def write(text: str) -> None:
        sys.stderr.write(text)
        sys.stderr.flush()

    result = ask(catalog, defaults, sys.stdin.readline, write)
    out = out or answers  # the file given is the one to write, unless --out names another
    _write(answers_yaml(catalog, result).encode(), out)
    n = len(catalog.questions)
    where = shown_path(Path(out)) if out else "standard output"
    write(f"\nwrote {where}: {len(result)} of {n} questions answered")
    write(f"; next: navigator assess {shown_path(Path(out))}\n" if out else "\n")
    return 0
