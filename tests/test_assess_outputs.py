"""The reports: JSON shape, CSV (RFC 4180, BOM, no formulas), XLSX read back with openpyxl, Markdown,
text with coverage bars, the interactive questionnaire fed through stdin, and byte-identical outputs."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from navigator.assess import evaluate, read_answers, read_statuses
from navigator.assess.report import bar
from navigator.catalog import load_catalog

from .conftest import DATA, write

CATALOG = load_catalog()
SYSTEMS = DATA / "assess"


def assess(*args: str, cwd: Path = SYSTEMS, stdin: str | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "navigator", "assess", *args],
        check=False,
        capture_output=True,
        cwd=cwd,
        timeout=120,
        input=stdin.encode() if stdin is not None else None,
    )


@pytest.fixture(scope="module")
def chatbot():
    answers = read_answers(CATALOG, SYSTEMS / "chatbot.yaml")
    return evaluate(CATALOG, answers, read_statuses(CATALOG, SYSTEMS / "status.yaml"))


@pytest.mark.slow
def test_json_has_the_documented_shape():
    r = assess("chatbot.yaml", "--status", "status.yaml", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert {"catalog", "answers", "questions", "threats", "controls", "risks", "overall"} <= set(data)
    threats = {t["id"]: t for t in data["threats"]}
    assert len(threats) == len(CATALOG.threats)
    t = threats["directpromptinjection"]
    assert {"id", "title", "applies", "because", "controls", "coverage"} <= set(t)
    assert t["applies"] is True and t["verdict"] == "applies" and "trust boundary" in t["because"]
    assert threats["evasion"]["applies"] is False and "classify" in threats["zeroknowledgeevasion"]["because"]
    controls = {c["id"]: c for c in t["controls"]}
    assert set(controls) == set(CATALOG.controls_of("directpromptinjection"))
    assert controls["ratelimit"] == {
        "id": "ratelimit",
        "name": controls["ratelimit"]["name"],
        "number": controls["ratelimit"]["number"],
        "type": CATALOG.control("ratelimit").type,
        "status": "partial",
        "owner": "Platform team",
        "note": "only on the public API",
        "url": "https://owaspai.org/go/ratelimit/",
    }
    statuses = [c["status"] for c in t["controls"] if c["status"] != "not-applicable"]
    exact = Fraction(2 * statuses.count("implemented") + statuses.count("partial"), 2 * len(statuses))
    assert Fraction(t["coverage_exact"]) == exact and t["coverage"] == round(float(exact), 4)
    risks = {r["id"]: r for r in data["risks"]}
    assert set(risks) == {i.id for i in CATALOG.impacts}
    assert risks["model-confidentiality"]["threats"] == 0 and risks["model-confidentiality"]["coverage"] is None
    assert data["overall"]["threats"] == 11 and data["overall"]["statuses"]["implemented"] == 2


@pytest.mark.slow
def test_nothing_marked_means_coverage_zero():
    data = json.loads(assess("chatbot.yaml", "--format", "json").stdout)
    assert {t["coverage"] for t in data["threats"]} == {0}
    assert data["overall"]["coverage"] == 0


@pytest.mark.slow
def test_csv_is_rfc4180_with_a_bom_in_files_and_defuses_formulas(tmp_path):
    write(tmp_path / "a.yaml", "genai: yes\nattacker_input: yes\n")
    write(
        tmp_path / "s.yaml",
        'monitoruse: {status: implemented, owner: "@SUM(1+1)", note: "=HYPERLINK(\\"http://x\\",\\"y\\")"}\n'
        'ratelimit: {status: partial, note: "-2+3, \\"quoted\\", and a\\nnew line"}\n',
    )
    r = assess("a.yaml", "--status", "s.yaml", "--format", "csv", "--out", "register.csv", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    raw = (tmp_path / "register.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert {r["Threat id"] for r in rows} == {
        t.id for t in evaluate(CATALOG, {"genai": "yes", "attacker_input": "yes"}).threats if t.leaf and t.applies
    }
    monitor = next(r for r in rows if r["Control id"] == "monitoruse")
    assert monitor["Owner"] == "'@SUM(1+1)" and monitor["Note"] == '\'=HYPERLINK("http://x","y")'
    assert next(r for r in rows if r["Control id"] == "ratelimit")["Note"] == '\'-2+3, "quoted", and a new line'
    direct = [r for r in rows if r["Threat id"] == "directpromptinjection"]
    assert {r["Control id"] for r in direct} == set(CATALOG.controls_of("directpromptinjection"))
    assert direct[0]["Threat link"] == "https://owaspai.org/go/directpromptinjection/"
    llm = [r.id for r in CATALOG.threat("directpromptinjection").references if r.framework == "OWASP LLM Top 10"]
    assert llm and direct[0]["OWASP LLM Top 10 (threat)"] == "; ".join(llm)
    assert direct[0]["Risks"] == "Model behaviour integrity"
    stdout = assess("a.yaml", "--status", "s.yaml", "--format", "csv", cwd=tmp_path).stdout
    assert not stdout.startswith(b"\xef\xbb\xbf") and b"\xef\xbb\xbf" + stdout == raw


@pytest.mark.slow
def test_xlsx_read_back(tmp_path, chatbot):
    r = assess("chatbot.yaml", "--status", "status.yaml", "--format", "xlsx", "--out", str(tmp_path / "a.xlsx"))
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert wb.sheetnames == ["Register", "Threats", "Controls", "Risks", "Answers"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert ws["A1"].font.bold
    reg: Any = wb["Register"]  # openpyxl's cells hold any value; these are read as written
    header = [c.value for c in reg[1]]
    col = {name: i for i, name in enumerate(header)}
    rows = list(reg.iter_rows(min_row=2))
    applicable = {t.id for t in chatbot.threats if t.leaf and t.applies}
    assert {row[col["Threat id"]].value for row in rows} == applicable
    assert len(rows) == sum(len(chatbot.threat(t).controls) for t in applicable)
    first = rows[0]
    assert first[col["Threat link"]].hyperlink.target == CATALOG.threat(first[col["Threat id"]].value).url
    assert first[col["Control link"]].hyperlink.target == CATALOG.control(first[col["Control id"]].value).url
    rate = next(row for row in rows if row[col["Control id"]].value == "ratelimit")
    assert (rate[col["Status"]].value, rate[col["Owner"]].value) == ("partial", "Platform team")
    cov = rate[col["Threat coverage"]]
    assert cov.number_format == "0%" and 0 < cov.value < 1
    threats = wb["Threats"]
    assert threats.max_row == len(CATALOG.threats) + 1
    answers: Any = wb["Answers"]
    assert [c.value for c in answers[1]][:3] == ["Question id", "Question", "Answer"]
    given = {row[0].value: row[2].value for row in answers.iter_rows(min_row=2)}
    assert given["genai"] == "yes" and len(given) == len(CATALOG.questions)
    assert answers.cell(row=2, column=6).hyperlink.target.startswith("https://owaspai.org/go/")
    controls = wb["Controls"]
    assert controls.max_row == len(CATALOG.controls) + 1
    risks = {row[0].value: row for row in wb["Risks"].iter_rows(min_row=2)}
    assert "All risks" in risks


@pytest.mark.slow
def test_xlsx_text_is_never_a_formula(tmp_path):
    write(tmp_path / "a.yaml", "genai: yes\nattacker_input: yes\n")
    write(tmp_path / "s.yaml", 'monitoruse: {status: implemented, note: "=1+1"}\n')
    assert assess("a.yaml", "--status", "s.yaml", "--format", "xlsx", "--out", "a.xlsx", cwd=tmp_path).returncode == 0
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["Controls"]
    note = next(row for row in ws.iter_rows(min_row=2) if row[1].value == "monitoruse")[8]
    assert note.value == "=1+1" and note.data_type == "s"


@pytest.mark.slow
def test_outputs_are_byte_identical_for_the_same_inputs(tmp_path):
    for fmt in ("xlsx", "csv", "json", "md", "text"):
        first, second = tmp_path / f"1.{fmt}", tmp_path / f"2.{fmt}"
        for out in (first, second):
            r = assess("fraud.yaml", "--status", "status.yaml", "--format", fmt, "--out", str(out))
            assert r.returncode == 0, r.stderr
        assert first.read_bytes() == second.read_bytes(), fmt


@pytest.mark.slow
def test_markdown_report():
    r = assess("imaging.yaml", "--status", "status.yaml", "--format", "md")
    assert r.returncode == 0, r.stderr
    text = r.stdout.decode()
    assert text.startswith("# AI security assessment: imaging.yaml against the OWASP AI Exchange")
    assert "## Coverage by risk" in text and "| **All risks** |" in text
    assert "## Threats kept in because a question is not answered (5)" in text
    assert "### [2.1.1 Zero-knowledge evasion](https://owaspai.org/go/zeroknowledgeevasion/): coverage" in text
    assert "| Threat | Why not |" in text
    assert "(`classification`) | yes |" in text and "(`text_output`) | *not answered* |" in text


def test_text_report_has_a_coverage_bar_per_risk(tmp_path):
    r = assess("chatbot.yaml", "--status", "status.yaml", "--out", str(tmp_path / "a.txt"))
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "a.txt").read_text()
    for impact in CATALOG.impacts:
        assert f"  {impact.short}" in text
    assert "  Model IP confidentiality" in text and "no threat applies" in text
    assert "█" in text and "11 of 26 threats apply; 15 do not." in text
    assert bar(Fraction(1, 2)) == "█" * 10 + "░" * 10 and bar(None, unicode=False) == "." * 20
    assert bar(Fraction(99, 100)) == "█" * 19 + "░"  # only full coverage fills the bar


@pytest.mark.slow
def test_interactive_questionnaire_fed_through_stdin(tmp_path):
    # genai=yes, attacker_input=1 (yes), untrusted_data: a typo then n, trains: b(oth), augments_input: no,
    # (augmentation_stored skipped), runs_model: Enter (don't know), classification: ?, then end of input
    r = assess("--interactive", "--out", "mine.yaml", cwd=tmp_path, stdin="y\n1\nmaybe\nn\nb\nno\n\n?\n")
    assert r.returncode == 0, r.stderr
    err = r.stderr.decode()
    assert "[1/13] Is the model generative AI (an LLM or similar)?" in err
    assert "Generative models (large language models" in err and "more: https://owaspai.org/go/" in err
    assert "'maybe' is not an answer: type 1-2, a name, or ?" in err
    assert "[6/13] Is that added data stored for the AI system (a vector database, a prompt store)?\n  skipped" in err
    # either answer to "who runs the model" makes 4.2 apply, but leaving it open keeps it "not answered": asked
    assert "[7/13] Who runs the model?\n  you: the model runs" in err
    assert "wrote mine.yaml: 5 of 13 questions answered" in err
    assert r.stdout == b""
    assert read_answers(CATALOG, tmp_path / "mine.yaml") == {
        "genai": "yes",
        "attacker_input": "yes",
        "untrusted_data_in_prompt": "no",
        "trains": "both",
        "augments_input": "no",
    }
    # the file written is a valid answers file with every question as a comment
    text = (tmp_path / "mine.yaml").read_text()
    assert "# Who runs the model? (you | supplier)\nruns_model:\n" in text
    # run again on that file: Enter keeps each answer, ? clears one
    r = assess("--interactive", "mine.yaml", cwd=tmp_path, stdin="\n?\n")
    assert r.returncode == 0, r.stderr
    assert read_answers(CATALOG, tmp_path / "mine.yaml") == {
        "genai": "yes",
        "untrusted_data_in_prompt": "no",
        "trains": "both",
        "augments_input": "no",
    }


@pytest.mark.slow
def test_interactive_prints_the_answers_without_a_file():
    r = assess("--interactive", stdin="no\n")
    assert r.returncode == 0
    assert b'genai: "no"\n' in r.stdout and b"attacker_input:\n" in r.stdout


@pytest.mark.slow
def test_json_names_the_open_questions_and_what_each_kept_threat_waits_for():
    data = json.loads(assess("imaging.yaml", "--format", "json").stdout)
    assert set(data["open_questions"]) == {"augments_input", "augmentation_stored", "input_sensitive", "text_output"}
    threats = {t["id"]: t for t in data["threats"]}
    assert threats["outputcontainsconventionalinjection"]["pending"] == ["text_output"]
    assert threats["augmentationdataleak"]["pending"] == ["augments_input", "augmentation_stored"]
    assert threats["zeroknowledgeevasion"]["pending"] == []
