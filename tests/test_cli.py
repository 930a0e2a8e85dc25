"""The command line: exit codes, formats, stdin, discovery. Exit 0 and 1 and a closed pipe go
through the real entry point (a subprocess); the rest run in-process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, run_cwlint

GOOD = (ROOT / "examples/acme-1stream.yaml").read_text()
BROKEN = """cwlint: 1
name: broken
connection:
  deployment: cloud
  site: https://na.myconnectwise.net/
  company_id: acme
  public_key: ${CW_PUBLIC_KEY}
  private_key: ${CW_PRIVATE_KEY}
pods:
  - description: call pod
    screen: Service Ticket
    type: Pod
    url: https://pods.example.com/[cw_id]
    height: tall
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_examples_are_clean() -> None:
    result = run_cwlint("check", "examples/", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems: 3 manifests in 3 files checked." in result.stdout


def test_findings_exit_1_with_exact_position(tmp_path) -> None:
    path = write(tmp_path, "broken.yaml", BROKEN)
    result = run_cwlint("check", "broken.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "broken.yaml:14:13: CW003 error 'tall' is not a whole number (pods[0].height)"
    )
    assert result.stdout.splitlines()[-1].startswith("Found 1 problem (1 error)")
    assert "\x1b[" not in result.stdout  # no colour when not a TTY
    assert path.exists()


def test_usage_errors_exit_2(cwlint, tmp_path) -> None:
    write(tmp_path, "m.yaml", GOOD)
    cases = [
        (["check", "missing.yaml"], "missing.yaml: no such file or directory"),
        (["check", "--select", "CW999", "m.yaml"], "unknown rule 'CW999'"),
        (["check", "--ignore", "duplicate-kye", "m.yaml"], "did you mean 'duplicate-key'?"),
        (["check", "--format", "xml", "m.yaml"], "'xml' is not one of"),
        (["check", "--severity", "CW302", "m.yaml"], "is not ID=LEVEL"),
        (["check", "--severity", "CW302=fatal", "m.yaml"], "unknown severity 'fatal'"),
        (["check", "--bogus", "m.yaml"], "No such option"),
        (["explain", "CW9999"], "unknown rule"),
    ]
    for args, message in cases:
        result = cwlint(*args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_select_ignore_severity_fail_on_exit_zero(cwlint, tmp_path) -> None:
    write(tmp_path, "broken.yaml", BROKEN)
    assert cwlint("check", "--ignore", "CW003", "broken.yaml", cwd=tmp_path).returncode == 0
    assert cwlint("check", "--select", "CW001,CW002", "broken.yaml", cwd=tmp_path).returncode == 0
    assert cwlint("check", "--select", "schema", "broken.yaml", cwd=tmp_path).returncode == 1
    regraded = cwlint("check", "--severity", "CW003=warning", "broken.yaml", cwd=tmp_path)
    assert regraded.returncode == 0 and "CW003 warning" in regraded.stdout
    failing = cwlint(
        "check", "--severity", "CW003=warning", "--fail-on", "warning", "broken.yaml", cwd=tmp_path
    )
    assert failing.returncode == 1
    assert cwlint("check", "--exit-zero", "broken.yaml", cwd=tmp_path).returncode == 0
    quiet = cwlint("check", "-q", "broken.yaml", cwd=tmp_path)
    assert quiet.returncode == 1 and len(quiet.stdout.splitlines()) == 1


def test_json_output_shape(cwlint, tmp_path) -> None:
    write(tmp_path, "broken.yaml", BROKEN)
    result = cwlint("check", "--format", "json", "broken.yaml", cwd=tmp_path)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["files"] == 1 and data["manifests"] == 1
    assert data["findings"] == [
        {
            "file": "broken.yaml",
            "line": 14,
            "column": 13,
            "end_line": 14,
            "end_column": 17,
            "rule": "CW003",
            "severity": "error",
            "pointer": "/pods/0/height",
            "document": 0,
            "message": "'tall' is not a whole number (pods[0].height)",
        }
    ]


def test_stdin_with_stdin_filename(cwlint) -> None:
    result = cwlint("check", "-", "--stdin-filename", "acme.yaml", input=BROKEN)
    assert result.returncode == 1
    assert result.stdout.startswith("acme.yaml:14:13: CW003")
    plain = cwlint("check", "-", input=GOOD)
    assert plain.returncode == 0, plain.stdout


def test_directory_discovery_skips_non_manifest_yaml(cwlint, tmp_path) -> None:
    write(tmp_path, "cfg/one.yaml", GOOD)
    write(tmp_path, "cfg/nested/two.yml", BROKEN)
    write(tmp_path, "cfg/docker-compose.yaml", "services:\n  web: {image: x, ports: [1:2:3\n")
    write(tmp_path, "cfg/.hidden/three.yaml", BROKEN)
    write(tmp_path, "cfg/notes.txt", BROKEN)
    result = cwlint("check", "cfg", cwd=tmp_path)
    assert result.returncode == 1
    files = {line.split(":")[0] for line in result.stdout.splitlines()[:-1]}
    assert files == {"cfg/nested/two.yml"}
    assert "2 manifests in 2 files" in result.stdout
    named = cwlint("check", "cfg/docker-compose.yaml", cwd=tmp_path)  # named: always checked
    assert named.returncode == 1 and "CW001" in named.stdout


def test_closed_pipe_ends_quietly(tmp_path) -> None:
    for i in range(300):
        write(tmp_path, f"m{i:03}.yaml", BROKEN)
    proc = subprocess.run(
        f"{sys.executable} -m cwlint check . | head -n 1",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stdout.startswith("m000.yaml:14:13: CW003")
    assert proc.stderr == ""


def test_schema_rules_explain(cwlint) -> None:
    schema = json.loads(cwlint("schema").stdout)
    assert schema["$id"] == "urn:cwlint:schema:manifest-1"  # an identifier, never fetched
    listed = cwlint("rules").stdout.splitlines()
    assert listed[0].split()[:3] == ["CW001", "error", "yaml-syntax"]
    rules = json.loads(cwlint("rules", "--format", "json").stdout)
    assert {"id": "CW002", "name": "duplicate-key", "severity": "error"}.items() <= rules[1].items()
    explained = cwlint("explain", "duplicate-key")
    assert explained.returncode == 0
    assert explained.stdout.startswith("CW002 duplicate-key (default: error)")
    assert (
        "Bad:\n    cwlint: 1\n    api_member:" in explained.stdout and "Good:" in explained.stdout
    )
