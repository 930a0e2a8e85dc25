"""What a ruff user expects of the command line: `--output-format`, `-V`, `--color` with
NO_COLOR/FORCE_COLOR, `--show-source` code frames (on by default on a terminal), `json-lines`,
comma lists for `--severity`, `explain PREFIX` and `explain --all`, usage lines only for usage
errors, and a tab in the indentation named as such. Through the real entry point."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from cwlint.registry import all_rules
from tests.conftest import ROOT, run_cwlint

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
"""
FINDINGS = [
    "m.yaml:9:3: CW002 error duplicate key 'company_id' (first at line 6); YAML loaders "
    "silently keep the last one: remove or merge the repeats",
    "m.yaml:14:13: CW003 error 'tall' is not a whole number (pods[0].height)",
]
FRAMES = [
    FINDINGS[0],
    "  |",
    "9 |   company_id: acme",
    "  |   ^^^^^^^^^^",
    "",
    FINDINGS[1],
    "   |",
    "14 |     height: tall",
    "   |             ^^^^",
    "",
]
SUMMARY = "Found 2 problems (2 errors): 1 manifest in 1 file checked."
ESC = "\x1b["


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "m.yaml").write_text(MANIFEST)
    return tmp_path


def on_a_terminal(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    """``cwlint ARGS`` with its standard output on a pseudo-terminal, as a person runs it."""
    leader, follower = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update({"TERM": "xterm", "COLUMNS": "200", **(env or {})})
    with subprocess.Popen(
        [sys.executable, "-m", "cwlint", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=full_env,
    ) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode().replace("\r\n", "\n")


# ------------------------------------------------------------------------------ flags
def test_output_format_and_its_alias_format(cwlint, folder) -> None:
    long = cwlint("check", "--output-format", "json", "m.yaml", cwd=folder)
    short = cwlint("check", "--format", "json", "m.yaml", cwd=folder)
    assert long.returncode == short.returncode == 1
    assert long.stdout == short.stdout
    assert [f["rule"] for f in json.loads(long.stdout)["findings"]] == ["CW002", "CW003"]
    assert "--output-format, --format" in cwlint("check", "--help").stdout


def test_version_short_and_long(cwlint) -> None:
    from cwlint import __version__

    for flag in ("-V", "--version"):
        result = cwlint(flag)
        assert (result.returncode, result.stdout) == (0, f"cwlint, version {__version__}\n")


def test_json_lines_one_object_per_finding(cwlint, folder) -> None:
    (folder / "m.yaml").write_text(
        MANIFEST.replace("name: acme", "name: acme  # cwlint: disable=CW002").replace(
            "height: tall", "height: tall  # cwlint: disable=CW003 -- sized by CSS"
        )
    )
    result = cwlint("check", "--output-format", "json-lines", "m.yaml", cwd=folder)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert [(r["rule"], r["line"], r["column"]) for r in rows] == [
        ("CW006", 2, 13),
        ("CW002", 9, 3),
        ("CW003", 14, 13),
    ]
    assert rows[2]["suppressed"] == {"reason": "sized by CSS"}
    assert (
        rows
        == json.loads(cwlint("check", "--format", "json", "m.yaml", cwd=folder).stdout)["findings"]
    )
    clean = cwlint("check", "--format", "json-lines", "--select", "CW1", "m.yaml", cwd=folder)
    assert (clean.returncode, clean.stdout) == (0, "")


def test_severity_takes_comma_lists(cwlint, folder) -> None:
    def graded(*flags: str) -> list[tuple[str, str]]:
        result = cwlint("check", "--format", "json", *flags, "m.yaml", cwd=folder)
        return [(f["rule"], f["severity"]) for f in json.loads(result.stdout)["findings"]]

    assert graded("--severity", "CW002=info,CW003=warning") == [
        ("CW002", "info"),
        ("CW003", "warning"),
    ]
    # selectors without a level take the next one's; a list and a repeated flag agree
    assert graded("--severity", "CW002,schema=warning") == [
        ("CW002", "warning"),
        ("CW003", "warning"),
    ]
    assert graded("--severity", "CW002=info", "--severity", "CW003=warning") == [
        ("CW002", "info"),
        ("CW003", "warning"),
    ]
    for bad, said in [
        ("CW002=info,CW003", "'CW002=info,CW003' is not ID=LEVEL"),
        ("CW002=loud", "loud"),
        ("CW0002=info", "unknown rule 'CW0002'"),
    ]:
        result = cwlint("check", "--severity", bad, "m.yaml", cwd=folder)
        assert result.returncode == 2 and said in result.stderr, result.stderr
        assert "Usage:" in result.stderr  # a flag written wrong: a usage error


# ------------------------------------------------------------------------------ explain
def test_explain_a_prefix_lists_its_rules(cwlint) -> None:
    result = cwlint("explain", "CW3")
    assert result.returncode == 0, result.stderr
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == [rid for rid in all_rules() if rid.startswith("CW3")]
    assert len(listed) == 10 if "CW310" in all_rules() else 9
    assert "`cwlint explain ID` explains one" in result.stderr
    one = cwlint("explain", "CW31")
    assert one.stdout.startswith("CW310 role-name (default: error)\n")


def test_explain_all(cwlint) -> None:
    result = cwlint("explain", "--all")
    assert result.returncode == 0
    heads = [line.split()[0] for line in result.stdout.splitlines() if line[:2] == "CW"]
    assert [h for h in heads if h in all_rules()][: len(all_rules())] == list(all_rules())
    assert cwlint("explain", "CW201").stdout in result.stdout + "\n"
    for args in ((), ("--all", "CW201")):
        refused = cwlint("explain", *args)
        assert refused.returncode == 2 and "give one rule" in refused.stderr


# ------------------------------------------------------------------------------ usage lines
def test_usage_line_only_for_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.cwlint\n")
    (tmp_path / "m.yaml").write_text(MANIFEST)
    for args, said in [
        (("check", "missing.yaml"), "missing.yaml"),
        (("check", "m.yaml"), "pyproject.toml"),  # a config that is not TOML
        (("config", "m.yaml"), "pyproject.toml"),
        (("check", "--snapshot", "m.yaml", "m.yaml"), "not a cwlint snapshot"),
    ]:
        result = run_cwlint(*args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stderr)
        assert said in result.stderr and result.stderr.startswith("Error: "), result.stderr
        assert "Usage:" not in result.stderr and "--help" not in result.stderr
    (tmp_path / "pyproject.toml").unlink()
    for args in (
        ("check", "--no-such-flag"),
        ("check", "--format", "yaml", "m.yaml"),
        ("check", "--live", "--snapshot", "m.yaml", "m.yaml"),
    ):
        result = run_cwlint(*args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("Usage: cwlint check") and "Try 'cwlint check --help'" in (
            result.stderr
        )


# ------------------------------------------------------------------------------ colour
def test_color_flag_and_environment(folder) -> None:
    def coloured(*args: str, env: dict[str, str] | None = None) -> bool:
        result = run_cwlint("check", *args, "m.yaml", cwd=folder, env=env)
        assert result.returncode == 1
        plain = result.stdout.replace(ESC, "")
        assert ESC not in plain
        return ESC in result.stdout

    assert not coloured()  # a pipe
    assert coloured("--color", "always")
    assert not coloured("--color", "never", env={"FORCE_COLOR": "1"})
    assert coloured(env={"FORCE_COLOR": "1"})
    assert not coloured(env={"FORCE_COLOR": ""})  # only a non-empty value counts
    assert not coloured(env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert coloured("--color", "always", env={"NO_COLOR": "1"})
    always = run_cwlint("check", "--color", "always", "m.yaml", cwd=folder).stdout
    assert always.splitlines()[0].startswith(f"{ESC}1mm.yaml{ESC}0m:9:3: {ESC}31mCW002{ESC}0m")


def test_a_terminal_gets_colour_and_code_frames(folder) -> None:
    shown = on_a_terminal("check", "m.yaml", cwd=folder)
    assert ESC in shown
    plain = shown
    for code in ("1m", "31m", "34m", "0m"):
        plain = plain.replace(ESC + code, "")
    assert plain.splitlines() == [*FRAMES, SUMMARY]
    no_colour = on_a_terminal("check", "m.yaml", cwd=folder, env={"NO_COLOR": "1"})
    assert no_colour.splitlines() == [*FRAMES, SUMMARY]
    dumb = on_a_terminal("check", "m.yaml", cwd=folder, env={"TERM": "dumb"})
    assert ESC not in dumb
    without = on_a_terminal("check", "--no-show-source", "--color", "never", "m.yaml", cwd=folder)
    assert without.splitlines() == [*FINDINGS, SUMMARY]


# ------------------------------------------------------------------------------ code frames
def test_show_source_in_a_pipe_and_from_stdin(cwlint, folder) -> None:
    piped = cwlint("check", "--show-source", "m.yaml", cwd=folder)
    assert piped.stdout.splitlines() == [*FRAMES, SUMMARY]
    assert cwlint("check", "m.yaml", cwd=folder).stdout.splitlines() == [*FINDINGS, SUMMARY]
    # stdin's text is not on disk: the frame comes from what was read, not from a file
    (folder / "m.yaml").write_text("cwlint: 1\n")
    stdin = cwlint(
        "check", "--show-source", "--stdin-filename", "m.yaml", "-", input=MANIFEST, cwd=folder
    )
    assert stdin.stdout.splitlines() == [*FRAMES, SUMMARY]


def test_a_report_file_holds_no_frame_and_no_colour(cwlint, folder) -> None:
    result = cwlint(
        "check",
        "--show-source",
        "--color",
        "always",
        "--format",
        "text",
        "-o",
        "out.txt",
        "m.yaml",
        cwd=folder,
    )
    assert result.returncode == 1
    assert (folder / "out.txt").read_text().splitlines() == [*FINDINGS, SUMMARY]
    sarif = cwlint(
        "check", "--show-source", "--format", "sarif", "-o", "out.sarif", "m.yaml", cwd=folder
    )
    assert sarif.stdout.splitlines() == [*FRAMES, SUMMARY]  # the console view keeps them


def test_frame_caret_is_under_the_exact_column_with_tabs_and_wide_text(cwlint, tmp_path) -> None:
    (tmp_path / "m.yaml").write_text(
        'cwlint: 1\nname: "caf\u00e9\t\u00fc"  \nconnection:\n\tdeployment: cloud\n'
    )
    result = cwlint("check", "--show-source", "--select", "CW001", "m.yaml", cwd=tmp_path)
    assert result.stdout.splitlines()[:4] == [
        "m.yaml:4:1: CW001 error YAML syntax: a tab indents line 4 (column 1); YAML forbids "
        "tabs for indentation: indent with spaces",
        "  |",
        "4 | \\tdeployment: cloud",
        "  | ^^",
    ]
    (tmp_path / "m.yaml").write_text('cwlint: 1\nname: acme\nextra: "caf\u00e9\t\u00fc"\n')
    result = cwlint("check", "--show-source", "--select", "CW003", "m.yaml", cwd=tmp_path)
    lines = result.stdout.splitlines()
    frame = lines[lines.index('3 | extra: "caf\u00e9\\t\u00fc"') + 1]
    assert frame == "  | ^^^^^"


def test_a_long_line_is_cut_around_the_column(cwlint, tmp_path) -> None:
    url = "https://pods.example.com/" + "x" * 300
    pod = (
        f"  - {{description: call pod, screen: Service Ticket, type: Pod, url: '{url}', "
        f"height: tall, origin: 'https://pods.example.com', disabled: false, description2: '{url}'}}"
    )
    (tmp_path / "m.yaml").write_text(f"cwlint: 1\nname: acme\npods:\n{pod}\n")
    column = pod.index("tall") + 1
    result = cwlint("check", "--show-source", "--select", "CW003", "m.yaml", cwd=tmp_path)
    lines = result.stdout.split("\n\n")[1].splitlines()
    assert (
        lines[0] == f"m.yaml:4:{column}: CW003 error 'tall' is not a whole number (pods[0].height)"
    )
    source, carets = lines[2:4]
    assert source.startswith("4 | …xxx") and source.endswith("…")
    assert len(source) < 120
    under = [i for i, char in enumerate(carets) if char == "^"]
    assert "".join(source[i] for i in under) == "tall"


def test_a_frame_never_shows_a_secret(cwlint, tmp_path) -> None:
    key, password, token = "CanaryKey7654321", "CanaryPassw0rd", "CanaryToken99"
    (tmp_path / "m.yaml").write_text(
        "cwlint: 1\n"
        "name: acme\n"
        "connection: {deployment: cloud, site: 'https://na.myconnectwise.net/', company_id: acme,\n"
        f"  public_key: {key}, private_key: {key}, client_id: {key}x}}\n"
        "pods:\n"
        "  - description: call pod\n"
        "    screen: Service Ticket\n"
        "    type: Pod\n"
        f"    url: https://me:{password}@pods.example.com/x?api_key={token}\n"
        "  - description: second pod\n"
        "    screen: Service Ticket\n"
        "    type: Pod\n"
        f"    url: https://pods.example.com/x?token={token}\n"
    )
    result = cwlint("check", "--show-source", "m.yaml", cwd=tmp_path)
    assert result.returncode == 1
    for secret in (key, password, token):
        assert secret not in result.stdout
    rules = {line.split()[1] for line in result.stdout.splitlines() if line.startswith("m.yaml:")}
    assert {"CW201", "CW202", "CW205"} <= rules
    assert result.stdout.count("(line not shown: it may hold a secret)") >= 4


def test_readme_documents_the_new_flags() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for flag in ("--output-format", "--color", "--show-source", "json-lines", "|--all", "-V"):
        assert flag in readme, flag
