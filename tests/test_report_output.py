"""Where reports go: `--output FILE` (standard output keeps the console view unless --quiet),
`--statistics`, and that no format ever prints a key."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

MANIFEST = """cwlint: 1
name: acme
connection:
  deployment: cloud
  site: https://na.myconnectwise.net/
  company_id: acme
  public_key: ${CW_PUBLIC_KEY}
  private_key: ${CW_PRIVATE_KEY}
  company_id: acme
pods:
  - description: call pod
    screen: Service Ticket
    type: Pod
    height: tall
    url: https://pods.example.com/[cw_id]
    extra: 1
"""
TEXT = [
    "m.yaml:9:3: CW002 error duplicate key 'company_id' (first at line 6); YAML loaders "
    "silently keep the last one: remove or merge the repeats",
    "m.yaml:14:13: CW003 error 'tall' is not a whole number (pods[0].height)",
    "m.yaml:16:5: CW003 error unknown key 'extra' in pods[0]; expected one of description, "
    "screen, type, url, origin, height, toolbar_button_text, toolbar_button_tooltip, disabled",
]
SUMMARY = "Found 3 problems (3 errors): 1 manifest in 1 file checked."


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "m.yaml").write_text(MANIFEST)
    return tmp_path


def test_output_file_with_the_text_view_on_stdout(cwlint, folder) -> None:
    result = cwlint("check", "--format", "sarif", "--output", "out.sarif", "m.yaml", cwd=folder)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [*TEXT, SUMMARY]
    log = json.loads((folder / "out.sarif").read_text())
    assert len(log["runs"][0]["results"]) == 3


def test_output_file_in_github_actions_prints_annotations(cwlint, folder) -> None:
    result = cwlint(
        "check",
        "--format",
        "junit",
        "-o",
        "junit.xml",
        "m.yaml",
        cwd=folder,
        env={"GITHUB_ACTIONS": "true"},
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in lines[:3]] == ["::error"] * 3
    assert lines[3] == SUMMARY
    assert ET.parse(folder / "junit.xml").getroot().get("failures") == "1"


def test_output_quiet_prints_nothing(cwlint, folder) -> None:
    result = cwlint("check", "--format", "json", "-o", "out.json", "-q", "m.yaml", cwd=folder)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "")
    assert len(json.loads((folder / "out.json").read_text())["findings"]) == 3


def test_text_to_a_file_leaves_the_summary_on_stdout(cwlint, folder) -> None:
    result = cwlint("check", "-o", "report.txt", "m.yaml", cwd=folder)
    assert result.stdout == SUMMARY + "\n"
    assert (folder / "report.txt").read_text().splitlines() == [*TEXT, SUMMARY]


def test_output_to_an_unwritable_place_is_a_usage_error(cwlint, folder) -> None:
    result = cwlint("check", "-o", "no/such/dir/out.txt", "m.yaml", cwd=folder)
    assert result.returncode == 2
    assert "no/such/dir/out.txt: cannot write" in result.stderr


def test_statistics(cwlint, folder) -> None:
    result = cwlint("check", "--statistics", "m.yaml", cwd=folder)
    assert result.returncode == 1
    counts = ["2  CW003  schema", "1  CW002  duplicate-key"]
    total = "Found 3 problems (3 errors): 1 manifest in 1 file checked."
    assert result.stdout.splitlines() == [*counts, total]
    quiet = cwlint("check", "--statistics", "-q", "m.yaml", cwd=folder)
    assert quiet.stdout.splitlines() == counts
    as_json = cwlint("check", "--statistics", "--format", "json", "m.yaml", cwd=folder)
    assert json.loads(as_json.stdout) == [
        {"code": "CW003", "name": "schema", "count": 2},
        {"code": "CW002", "name": "duplicate-key", "count": 1},
    ]
    refused = cwlint("check", "--statistics", "--format", "sarif", "m.yaml", cwd=folder)
    assert refused.returncode == 2 and "--statistics prints text or json" in refused.stderr
    with_file = cwlint(
        "check", "--statistics", "--format", "sarif", "-o", "x.sarif", "m.yaml", cwd=folder
    )
    assert with_file.stdout.splitlines() == [*counts, total]
    assert json.loads((folder / "x.sarif").read_text())["version"] == "2.1.0"
    in_actions = cwlint(
        "check", "--statistics", "m.yaml", cwd=folder, env={"GITHUB_ACTIONS": "true"}
    )
    assert in_actions.stdout.splitlines() == [*counts, total]
    clean = cwlint("check", "--statistics", "--ignore", "CW002,CW003", "m.yaml", cwd=folder)
    assert (clean.returncode, clean.stdout) == (0, "No problems: 1 manifest in 1 file checked.\n")


CANARY_PUBLIC = "CanaryPub1234567"
CANARY_PRIVATE = "CanaryPriv765432"


def test_no_format_prints_a_key(cwlint, tmp_path) -> None:
    text = MANIFEST.replace(
        "  public_key: ${CW_PUBLIC_KEY}\n  private_key: ${CW_PRIVATE_KEY}\n",
        f"  public_key: {CANARY_PUBLIC}  # cwlint: disable=CW202 -- rotated\n"
        f"  private_key: [{CANARY_PRIVATE}]\n"
        f"  private_key: {CANARY_PRIVATE}  # cwlint: disable=CW002\n",
    )
    (tmp_path / "m.yaml").write_text(text)
    env = {"CW_PUBLIC_KEY": CANARY_PUBLIC, "CW_PRIVATE_KEY": CANARY_PRIVATE}
    for fmt in ("text", "json", "sarif", "junit", "github"):
        for extra in ((), ("--statistics",), ("-o", f"out.{fmt}")):
            if extra == ("--statistics",) and fmt not in ("text", "json"):
                continue
            result = cwlint("check", "--format", fmt, *extra, "m.yaml", cwd=tmp_path, env=env)
            assert result.returncode == 1, (fmt, result.stderr)
            shown = result.stdout + result.stderr
            if extra[:1] == ("-o",):
                shown += (tmp_path / extra[1]).read_text()
            assert CANARY_PUBLIC not in shown and CANARY_PRIVATE not in shown, (fmt, extra)
    config = cwlint("config", cwd=tmp_path, env=env)
    assert CANARY_PRIVATE not in config.stdout + config.stderr
