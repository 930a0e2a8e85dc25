"""`--format gitlab`: GitLab's Code Quality report (what a merge request shows inline), checked
against the fields GitLab documents for it (a subset of the Code Climate spec), with
fingerprints that do not move with lines and repository-relative paths."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft7Validator

from tests.conftest import ROOT

#: GitLab's documented Code Quality format (docs.gitlab.com/ci/testing/code_quality, "Code
#: Quality report format"): an array of issues with these required fields.
CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^[^/]"},  # relative to the repo
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}
GOOD = (ROOT / "examples/acme-1stream.yaml").read_text()
BAD = (
    GOOD.replace("private_key: ${CW_PRIVATE_KEY}", "private_key: CanaryKey1234567")
    .replace("    url: https://pods", "    url: http://pods")
    .replace(
        "System, function: Table Setup, add: All, inquire: All",
        "System, function: Table Setup, add: All, delete: All, inquire: All",
    )
    .replace("  codebase: v2025_1/", "  codebase: v2025_1/\n  codebase: v2025_1/")
)


def gitlab(cwlint, cwd: Path, *args: str) -> list[dict]:
    result = cwlint("check", "--format", "gitlab", *args, cwd=cwd)
    assert result.returncode == 1, result.stderr
    issues = json.loads(result.stdout)
    Draft7Validator.check_schema(CODE_QUALITY)
    errors = list(Draft7Validator(CODE_QUALITY).iter_errors(issues))
    assert not errors, errors[:3]
    return issues


def test_code_quality_report(cwlint, tmp_path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "configs").mkdir()
    suppressed = BAD.replace(
        "  codebase: v2025_1/\n  codebase: v2025_1/",
        "  codebase: v2025_1/\n  codebase: v2025_1/  # cwlint: disable=CW002 -- known",
    )
    (tmp_path / "configs/m.yaml").write_text(suppressed)
    issues = gitlab(cwlint, tmp_path / "configs", ".")
    summary = [
        (i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"])
        for i in issues
    ]
    assert summary == [
        # CW002 is suppressed inline: left out
        ("CW201", "critical", "configs/m.yaml", 15),  # a private key: critical
        ("CW305", "minor", "configs/m.yaml", 38),
        ("CW501", "major", "configs/m.yaml", 49),
    ]
    assert issues[0]["description"].startswith("CW201 private_key holds the key itself")
    assert "CanaryKey1234567" not in json.dumps(issues)
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    # lines move: the same fingerprints; the same ones SARIF and a baseline use
    (tmp_path / "configs/m.yaml").write_text("# a comment\n\n" + suppressed)
    moved = gitlab(cwlint, tmp_path, "configs")
    assert [i["fingerprint"] for i in moved] == fingerprints
    sarif = json.loads(cwlint("check", "--format", "sarif", "configs", cwd=tmp_path).stdout)
    assert [
        r["partialFingerprints"]["cwlintFingerprint/v1"]
        for r in sarif["runs"][0]["results"]
        if "suppressions" not in r
    ] == fingerprints


def test_repeated_findings_get_distinct_fingerprints(cwlint, tmp_path) -> None:
    (tmp_path / "m.yaml").write_text("cwlint: 1\nname: a\nname: b\nname: c\n")
    issues = gitlab(cwlint, tmp_path, "m.yaml")
    dup = [i for i in issues if i["check_name"] == "CW002"]
    assert [i["location"]["lines"]["begin"] for i in dup] == [3, 4]
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_a_clean_run_is_an_empty_array(cwlint, tmp_path) -> None:
    (tmp_path / "m.yaml").write_text(GOOD)
    result = cwlint("check", "--format", "gitlab", "m.yaml", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_the_documented_gitlab_job_produces_both_reports(tmp_path) -> None:
    """docs/ci.md's `.gitlab-ci.yml`: git is installed before the `git+` install (the slim image
    has none), cwlint goes into a virtualenv, and the job's cwlint commands, run as written,
    write the two reports its artifacts upload; the job's exit code is the gate's."""
    import shlex

    import yaml

    from tests.conftest import run_cwlint

    doc = (ROOT / "docs/ci.md").read_text()
    block = doc.split("`.gitlab-ci.yml`:\n\n```yaml\n", 1)[1].split("```", 1)[0]
    job = yaml.safe_load(block)["cwlint"]
    setup = job["before_script"]
    assert job["image"] == "python:3.12-slim"
    assert next(i for i, s in enumerate(setup) if "install -y" in s and "git" in s) < next(
        i for i, s in enumerate(setup) if "git+https://" in s
    )
    assert any("python -m venv" in s for s in setup)
    reports = job["artifacts"]["reports"]
    assert job["artifacts"]["when"] == "always"
    (tmp_path / ".git").mkdir()
    (tmp_path / "m.yaml").write_text(BAD)
    codes = []
    for line in job["script"]:
        argv = shlex.split(line)
        assert argv[:2] == ["cwlint", "check"]
        codes.append(run_cwlint(*argv[1:], cwd=tmp_path).returncode)
    assert codes == [0, 1]  # JUnit never fails the job; the Code Quality run is the gate
    issues = json.loads((tmp_path / reports["codequality"]).read_text())
    assert not list(Draft7Validator(CODE_QUALITY).iter_errors(issues))
    assert {i["location"]["path"] for i in issues} == {"m.yaml"}
    junit = (tmp_path / reports["junit"]).read_text()
    assert junit.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cwlint"')
