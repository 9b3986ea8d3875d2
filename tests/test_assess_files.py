"""Bad answers, status and questionnaire files: every problem as FILE:LINE with the valid choices, exit 2,
no traceback, nothing written, no control character reaching the terminal."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from navigator.assess import AssessInputError, read_answers, read_statuses
from navigator.catalog import load_catalog
from navigator.cli import main
from navigator.errors import CatalogError

from .conftest import DATA, MINIMAL, ROOT, write

CATALOG = load_catalog()
QUESTIONS = (
    "genai, attacker_input, untrusted_data_in_prompt, trains, augments_input, augmentation_stored, runs_model, "
    "classification, triggers_actions, training_data_sensitive, model_is_ip, input_sensitive, text_output"
)
STATUSES = "implemented, partial, planned, missing, not-applicable"


def problems_of(read, path: Path) -> list[str]:
    with pytest.raises(AssessInputError) as e:
        read(CATALOG, path)
    return [str(p) for p in e.value.problems]


def test_bad_answers_each_with_its_line_and_the_valid_choices(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path / "a.yaml",
        """
        genia: yes
        genai: maybe
        trains: [you]
        classification: Yes
        run_model: you
        attacker_input: true
        text_output:
        """,
    )
    assert problems_of(read_answers, Path("a.yaml")) == [
        f"a.yaml:1: unknown question 'genia'; did you mean 'genai'? Questions: {QUESTIONS}",
        "a.yaml:2: genai: 'maybe' is not an answer; valid answers: yes, no",
        "a.yaml:3: trains: give one answer, not a list or mapping; answers: you, supplier, both",
        f"a.yaml:5: unknown question 'run_model'; did you mean 'runs_model'? Questions: {QUESTIONS}",
        "a.yaml:6: attacker_input: 'true' is not an answer; valid answers: yes, no",
    ]


def test_answers_ignore_case_and_an_empty_value_is_dont_know(tmp_path):
    write(tmp_path / "a.yaml", "genai: Yes\ntrains: SUPPLIER\ntext_output:\n")
    assert read_answers(CATALOG, tmp_path / "a.yaml") == {"genai": "yes", "trains": "supplier"}
    write(tmp_path / "empty.yaml", "# nothing known yet\n")
    assert read_answers(CATALOG, tmp_path / "empty.yaml") == {}


def test_bad_status_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path / "s.yaml",
        """
        monitorus: implemented
        evasion: implemented
        ratelimit: done
        aiprogram: {status: partial, owner: [a], colour: red}
        secprogram: {owner: me}
        modelaccesscontrol: [implemented]
        oversight: Implemented
        limitresources: not applicable
        """,
    )
    assert problems_of(read_statuses, Path("s.yaml")) == [
        (
            "s.yaml:1: unknown control 'monitorus'; did you mean 'monitoruse'? "
            "`navigator catalog --format json` lists the control ids"
        ),
        "s.yaml:2: 'evasion' is a threat, not a control; a status file marks controls (e.g. monitoruse: implemented)",
        f"s.yaml:3: ratelimit: 'done' is not a status; valid statuses: {STATUSES}",
        "s.yaml:4: aiprogram: 'owner' must be text, not a list or mapping",
        "s.yaml:4: aiprogram: unknown field 'colour'. Valid fields: status, owner, note",
        f"s.yaml:5: secprogram: 'status' is missing; give one of: {STATUSES}",
        f"s.yaml:6: modelaccesscontrol: give a status ({STATUSES}) or a mapping with status, owner and note, "
        "not a list",
    ]
    write(tmp_path / "ok.yaml", "oversight: Implemented\nlimitresources: not applicable\nratelimit:\n")
    statuses = read_statuses(CATALOG, tmp_path / "ok.yaml")
    assert {c: s.status for c, s in statuses.items()} == {
        "oversight": "implemented",
        "limitresources": "not-applicable",
    }


def test_files_that_are_not_mappings_or_not_yaml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "list.yaml", "- genai\n")
    assert problems_of(read_answers, Path("list.yaml")) == [
        (
            "list.yaml:1: an answers file must be a mapping, one `id: value` a line (e.g. genai: yes); "
            "found a list or a single value"
        )
    ]
    write(tmp_path / "tag.yaml", "genai: !!python/object/apply:os.system [echo]\n")
    [message] = problems_of(read_answers, Path("tag.yaml"))
    assert message.startswith("tag.yaml:1: tag '!!python/object/apply:os.system' is not allowed")
    write(tmp_path / "dup.yaml", "genai: yes\ngenai: no\n")
    assert problems_of(read_answers, Path("dup.yaml")) == [
        "dup.yaml:2: duplicate key 'genai' (first at line 1); keep only one"
    ]
    assert problems_of(read_statuses, Path("missing.yaml")) == [
        "missing.yaml: cannot read the file: No such file or directory"
    ]


def assess(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "navigator", "assess", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.slow
def test_cli_reports_both_files_exits_2_and_writes_nothing(tmp_path):
    write(tmp_path / "a.yaml", "genai: maybe\n")
    write(tmp_path / "s.yaml", "ratelimit: done\n")
    r = assess("a.yaml", "--status", "s.yaml", "--out", "report.txt", cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.splitlines() == [
        "a.yaml:1: genai: 'maybe' is not an answer; valid answers: yes, no",
        f"s.yaml:1: ratelimit: 'done' is not a status; valid statuses: {STATUSES}",
        "navigator: 2 problems in the answers file and status file",
    ]
    assert {p.name for p in tmp_path.iterdir()} == {"a.yaml", "s.yaml"}  # no report, no temporary file


def test_cli_usage_errors(tmp_path, capsys):
    write(tmp_path / "a.yaml", "genai: yes\n")
    assert main(["assess"]) == 2
    assert capsys.readouterr().err == (
        "navigator: give an answers file (YAML, `question id: answer` a line), or --interactive to write one; "
        "docs/assess.md has an example\n"
    )
    assert main(["assess", str(tmp_path / "a.yaml"), "--format", "pdf"]) == 2
    assert (
        capsys.readouterr().err
        == "navigator: unknown format 'pdf' for --format; choose from text, json, csv, xlsx, md\n"
    )
    assert main(["assess", str(tmp_path / "a.yaml"), "--out", str(tmp_path / "no" / "r.txt")]) == 2
    assert "its folder does not exist" in capsys.readouterr().err
    assert main(["assess", str(tmp_path / "a.yaml"), "--out", str(tmp_path / "a.yaml")]) == 2
    assert "is an input file" in capsys.readouterr().err
    assert (tmp_path / "a.yaml").read_text() == "genai: yes\n"
    assert main(["assess", str(tmp_path / "a.yaml"), "--catalog", str(MINIMAL)]) == 2
    assert capsys.readouterr().err.endswith(
        "minimal has no questionnaire: add a 'questions' list to one of its files (see docs/assess.md)\n"
    )


@pytest.mark.slow
def test_control_characters_never_reach_the_terminal(tmp_path):
    write(tmp_path / "a.yaml", 'genai: "\\e[31mred\\u202e"\n"\\e]0;owned\\a": yes\n')
    write(tmp_path / "s.yaml", 'monitoruse: {status: implemented, owner: "\\e[2J", note: "a\\u202eb\\nc"}\n')
    r = assess("a.yaml", cwd=tmp_path)
    assert r.returncode == 2
    assert "\x1b" not in r.stderr and "\u202e" not in r.stderr and "\x07" not in r.stderr
    assert "'\\u001b[31mred\\u202e' is not an answer" in r.stderr
    write(tmp_path / "a.yaml", "genai: yes\n")
    for fmt in ("text", "md", "csv", "json"):
        r = assess("a.yaml", "--status", "s.yaml", "--format", fmt, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        assert "\x1b" not in r.stdout and "\u202e" not in r.stdout, fmt
    assert "\\u001b[2J" in r.stdout  # JSON keeps the text, escaped


@pytest.fixture
def questionnaire(tmp_path):
    cat = tmp_path / "cat"
    shutil.copytree(MINIMAL, cat)
    return cat


def test_bad_questionnaire_problems_are_catalog_problems_with_lines(questionnaire, monkeypatch):
    monkeypatch.chdir(questionnaire.parent)
    write(
        questionnaire / "questions.yaml",
        """
        questions:
          - id: llm
            question: Is it an LLM?
            help: A large language model.
            url: https://example.org/q/llm/
            answers: ["yes", "no", "Yes", "not sure"]
            effects:
              - answer: "yes|maybe"
                applies: [injektion]
                because: LLMs follow instructions.
              - answer: "no"
                because: Nothing.
              - answer: "no"
                when: [secret=yes, "llm=no", "secrets", "secrets=perhaps"]
                excludes: [monitor]
                because: x
          - id: secrets
            question: Does it see secrets?
            help: Passwords, keys.
            url: https://example.org/q/secrets/
            answers: ["yes"]
        """,
    )
    with pytest.raises(CatalogError) as e:
        load_catalog("cat")
    where = "cat/questions.yaml"
    assert [str(p) for p in e.value.problems] == [
        f"{where}:6: question 'llm': answer 'Yes' is listed twice (answers ignore case)",
        (
            f"{where}:6: question 'llm': answer 'not sure' must be one word (letters, digits, '.', '_', '-'), "
            "e.g. yes, no, supplier"
        ),
        (
            f"{where}:8: question 'llm': effect #1 in 'effects': 'maybe' is not an answer of question 'llm'; "
            "its answers: yes, no, Yes, not sure"
        ),
        (
            f"{where}:9: question 'llm': effect #1 in 'effects': unknown threat 'injektion' in 'applies'; "
            "did you mean 'injection'? Valid threats: injection, direct, leak"
        ),
        f"{where}:11: question 'llm': effect #2 in 'effects' names no threat; "
        "give 'applies' or 'excludes' (threat ids)",
        (
            f"{where}:14: question 'llm': effect #3 in 'effects': condition 'llm=no' names this question itself; "
            "put its answers in 'answer'"
        ),
        (
            f"{where}:14: question 'llm': effect #3 in 'effects': condition 'secret=yes' in 'when': unknown question "
            "'secret'; did you mean 'secrets'? Questions: llm, secrets"
        ),
        (
            f"{where}:14: question 'llm': effect #3 in 'effects': condition 'secrets' in 'when' must read "
            "question=answer, e.g. genai=yes or trains=you|both"
        ),
        (
            f"{where}:14: question 'llm': effect #3 in 'effects': condition 'secrets=perhaps' in 'when': 'perhaps' "
            "is not an answer of question 'secrets'; its answers: yes"
        ),
        (
            f"{where}:15: question 'llm': effect #3 in 'effects': 'monitor' in 'excludes' is a control, not a threat; "
            "name a threat here"
        ),
        f"{where}:21: question 'secrets': give at least two answers",
    ]


def test_a_question_that_fails_to_build_reports_its_fields(questionnaire, monkeypatch):
    monkeypatch.chdir(questionnaire.parent)
    write(
        questionnaire / "questions.yaml",
        """
        questions:
          - id: llm
            question: Is it an LLM?
            url: javascript:alert(1)
            answers: ["yes", "no"]
            effects: yes
          - id: direct
            question: Same id as a threat?
            help: x
            url: https://example.org/
            answers: [a, b]
        """,
    )
    with pytest.raises(CatalogError) as e:
        load_catalog("cat")
    messages = [str(p) for p in e.value.problems]
    assert messages[0] == "cat/questions.yaml:2: question 'llm': required field 'help' is missing; give some text"
    assert messages[1].startswith("cat/questions.yaml:4: question 'llm': field 'url' 'javascript:alert(1)' is not a")
    assert messages[2] == (
        "cat/questions.yaml:6: question 'llm': field 'effects' must be a list (a list of {answer, applies, because} "
        "mappings), not the value 'yes'"
    )
    assert messages[3].startswith("cat/questions.yaml:7: question 'direct': duplicate id 'direct' (also a threat at")


def test_the_shipped_status_example_and_systems_read_cleanly():
    for path in sorted((DATA / "assess").glob("*.yaml")):
        reader = read_statuses if path.name.startswith("status") else read_answers
        assert reader(CATALOG, path), path.name
    assert (ROOT / "catalog" / "questionnaire.yaml").exists()


def test_written_answers_and_statuses_read_back(tmp_path):
    from navigator.assess import ControlStatus
    from navigator.assess.files import answers_yaml, statuses_yaml

    answers = {"genai": "yes", "trains": "both", "text_output": "no"}
    (tmp_path / "a.yaml").write_text(answers_yaml(CATALOG, answers), encoding="utf-8")
    assert read_answers(CATALOG, tmp_path / "a.yaml") == answers
    statuses = {
        "monitoruse": ControlStatus("implemented"),
        "ratelimit": ControlStatus("partial", 'Platform "core" team', "only: the public API # not internal"),
        "oversight": ControlStatus("not-applicable", note="ünïcode — yes"),
    }
    (tmp_path / "s.yaml").write_text(statuses_yaml(CATALOG, statuses), encoding="utf-8")
    assert read_statuses(CATALOG, tmp_path / "s.yaml") == statuses


def test_hidden_characters_are_escaped_and_json_stays_valid():
    import json

    from navigator.assess.safe import json_escaped, visible

    text = "a\x1b[2Jb\x7fc\x85d\u202ee\u200bf\U000f0001g\tline\nbreak é… 😀"
    shown = visible(text)
    assert shown == "a\\u001b[2Jb\\u007fc\\u0085d\\u202ee\\u200bf\\U000f0001g line break é… 😀"
    encoded = json_escaped(json.dumps({"t": text}, ensure_ascii=False))
    assert json.loads(encoded) == {"t": text}
    assert not any(ch in encoded for ch in "\x1b\x7f\x85\u202e\u200b\U000f0001") and "é… 😀" in encoded
