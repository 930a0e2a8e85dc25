"""Baselines: `--write-baseline FILE` records today's findings by fingerprints that survive line
moves; `--baseline FILE` reports only new ones and counts the entries that are fixed. No value
of the manifest (a planted private key) is ever written to the baseline file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cwlint import Options, lint
from tests.conftest import ROOT, run_cwlint

CANARY = "CanaryKey1234567"  # a literal private key: CW201, never to be copied anywhere
GOOD = (ROOT / "examples/acme-1stream.yaml").read_text()
BAD = (
    GOOD.replace("private_key: ${CW_PRIVATE_KEY}", f"private_key: {CANARY}")
    .replace("    url: https://pods", "    url: http://pods")
    .replace(
        "System, function: Table Setup, add: All, inquire: All",
        "System, function: Table Setup, add: All, delete: All, inquire: All",
    )
)
FOUND = ["CW201", "CW305", "CW501"]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def rules(stdout: str) -> list[str]:
    return [line.split()[1] for line in stdout.splitlines() if ": CW" in line]


def test_write_then_only_new_findings_are_reported(cwlint, tmp_path) -> None:
    write(tmp_path / "configs/m.yaml", BAD)
    assert rules(cwlint("check", "configs", cwd=tmp_path).stdout) == FOUND
    written = cwlint("check", "--write-baseline", "baseline.json", "configs", cwd=tmp_path)
    assert written.returncode == 0, written.stdout
    assert written.stdout == (
        "No problems: 1 manifest in 1 file checked. "
        "Wrote 3 findings to the baseline baseline.json.\n"
    )
    text = (tmp_path / "baseline.json").read_text()
    assert CANARY not in text
    data = json.loads(text)
    assert data["cwlint-baseline"] == 1
    assert [(e["rule"], e["file"], e["pointer"], e["count"]) for e in data["findings"]] == [
        ("CW201", "configs/m.yaml", "/connection/private_key", 1),
        ("CW305", "configs/m.yaml", "/security_role/permissions/16/delete", 1),
        ("CW501", "configs/m.yaml", "/pods/0/url", 1),
    ]
    assert all(len(e["fingerprint"]) == 32 for e in data["findings"])

    # lines move (a comment block above, keys reordered, another quoting): still known
    moved = "# header\n# more\n\n" + BAD.replace(
        "  company_id: acme ", "  'company_id': acme "
    ).replace(f"private_key: {CANARY}", f'private_key: "{CANARY}"  # TODO move to CI')
    write(tmp_path / "configs/m.yaml", moved)
    known = cwlint("check", "--baseline", "baseline.json", "configs", cwd=tmp_path)
    assert known.returncode == 0, known.stdout
    assert known.stdout == (
        "No problems: 1 manifest in 1 file checked. "
        "3 findings known from the baseline baseline.json.\n"
    )

    # a new finding is reported (exit 1); one fixed is counted as droppable
    new = moved.replace("    url: http://pods", "    url: https://pods").replace(
        "  codebase: v2025_1/", "  codebase: v2025_1"
    )
    write(tmp_path / "configs/m.yaml", new)
    result = cwlint("check", "--baseline", "baseline.json", "configs", cwd=tmp_path)
    assert result.returncode == 1
    assert rules(result.stdout) == ["CW103"]
    assert result.stdout.splitlines()[-1].endswith(
        "1 manifest in 1 file checked. 1 fixable with --fix. 2 findings known from the baseline "
        "baseline.json; 1 of its entries is fixed: drop it with --write-baseline baseline.json."
    )
    # JSON keeps the known findings, marked as the baseline's
    data = json.loads(
        cwlint(
            "check", "--baseline", "baseline.json", "--format", "json", "configs", cwd=tmp_path
        ).stdout
    )
    marks = {f["rule"]: f.get("suppressed") for f in data["findings"]}
    assert marks == {
        "CW103": None,
        "CW201": {"reason": "", "baseline": True},
        "CW305": {"reason": "", "baseline": True},
    }


def test_a_changed_value_is_a_new_finding(cwlint, tmp_path) -> None:
    write(tmp_path / "m.yaml", BAD)
    cwlint("check", "--write-baseline", "b.json", "m.yaml", cwd=tmp_path)
    write(tmp_path / "m.yaml", BAD.replace(CANARY, "OtherKey12345678"))
    result = cwlint("check", "--baseline", "b.json", "m.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert rules(result.stdout) == ["CW201"]
    assert "1 of its entries is fixed" in result.stdout


def test_repeats_are_counted_and_files_not_checked_are_not_fixed(cwlint, tmp_path) -> None:
    dup = "cwlint: 1\nname: a\nname: b\nname: c\n"  # CW002 twice at /name
    write(tmp_path / "a.yaml", dup)
    write(tmp_path / "b.yaml", BAD)
    assert cwlint("check", "--write-baseline", "b.json", ".", cwd=tmp_path).returncode == 0
    entries = json.loads((tmp_path / "b.json").read_text())["findings"]
    assert [(e["file"], e["rule"], e["count"]) for e in entries if e["file"] == "a.yaml"] == [
        ("a.yaml", "CW002", 2),
        ("a.yaml", "CW003", 1),
    ]
    write(tmp_path / "a.yaml", dup + "name: d\n")  # a third repeat is new
    result = cwlint("check", "--baseline", "b.json", "a.yaml", cwd=tmp_path)
    assert rules(result.stdout) == ["CW002"]
    assert result.stdout.splitlines()[0].startswith("a.yaml:5:1: CW002")
    assert "fixed" not in result.stdout  # b.yaml's entries were not checked: not fixed


def test_paths_are_repository_relative(cwlint, tmp_path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "configs/m.yaml", BAD)
    cwlint("check", "--write-baseline", "b.json", "configs", cwd=tmp_path)
    files = {e["file"] for e in json.loads((tmp_path / "b.json").read_text())["findings"]}
    assert files == {"configs/m.yaml"}
    # from a sub-folder, the same findings are known
    inside = cwlint("check", "--baseline", "../b.json", ".", cwd=tmp_path / "configs")
    assert inside.returncode == 0, inside.stdout
    assert "3 findings known from the baseline ../b.json." in inside.stdout
    # and the library takes the option too
    report = lint([str(tmp_path / "configs")], Options(baseline=str(tmp_path / "b.json")))
    assert not report.failed
    assert report.baseline is not None and report.baseline.known == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not a cwlint baseline (not valid JSON: "),
        ('{"findings": []}', 'not a cwlint baseline of format 1 (no "cwlint-baseline": 1'),
        ('{"cwlint-baseline": 1, "findings": {}}', '"findings" must be a list of entries'),
        (
            '{"cwlint-baseline": 1, "findings": [{"fingerprint": "xyz", "rule": "CW201", '
            '"file": "m.yaml", "pointer": "", "count": 1}]}',
            'entry 1 of "findings" is not {"fingerprint": 32 hex digits',
        ),
        (
            '{"cwlint-baseline": 1, "findings": [{"fingerprint": "' + "a" * 32 + '", '
            '"rule": "CW201", "file": "m.yaml", "pointer": "", "count": 0}]}',
            'entry 1 of "findings" is not',
        ),
    ],
)
def test_a_bad_baseline_is_a_usage_error(tmp_path, content: str, message: str) -> None:
    write(tmp_path / "m.yaml", BAD)
    write(tmp_path / "b.json", content)
    result = run_cwlint("check", "--baseline", "b.json", "m.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert f"b.json: {message}" in result.stderr
    assert "write one with `cwlint check --write-baseline FILE`" in result.stderr
    assert result.stdout == ""


def test_baseline_and_write_baseline_together_and_missing_file(cwlint, tmp_path) -> None:
    write(tmp_path / "m.yaml", BAD)
    both = cwlint(
        "check", "--baseline", "a.json", "--write-baseline", "a.json", "m.yaml", cwd=tmp_path
    )
    assert both.returncode == 2
    assert "give one" in both.stderr
    missing = cwlint("check", "--baseline", "nope.json", "m.yaml", cwd=tmp_path)
    assert missing.returncode == 2
    assert "nope.json: no such file or directory" in missing.stderr
