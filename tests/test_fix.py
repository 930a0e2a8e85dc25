"""Fixes end to end: a before/after pair per fixable rule (tests/fixes/CWNNN/NAME.yaml and
NAME.fixed.yaml), the command line's --fix, --diff, --unsafe-fixes and --show-fixes through
the real entry point, bytes kept (comments, quoting, CRLF, BOM, UTF-16), secrets never in a
diff, and fixes as JSON and SARIF data."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import cwlint
from cwlint.findings import Edit, Fix, Issue, Span
from cwlint.fix import Unwritable, decode, fix_text, fixable
from cwlint.options import Options
from cwlint.registry import all_rules
from tests.conftest import ROOT, run_cwlint

FIXES = ROOT / "tests" / "fixes"
PAIRS = sorted(p for p in FIXES.glob("CW*/*.yaml") if not p.name.endswith(".fixed.yaml"))
RULES = all_rules()


def _unsafe(before: Path) -> bool:
    """A fixture is fixed with --unsafe-fixes when its rule's fixes are unsafe, or its name
    says it shows a safe rule's unsafe case (``unsafe_*.yaml``)."""
    return RULES[before.parent.name].fix == "unsafe" or before.name.startswith("unsafe")


@pytest.mark.parametrize("before", PAIRS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_pair(before: Path) -> None:
    rule = before.parent.name
    options = Options(select=(rule,))
    text = before.read_text(encoding="utf-8")
    wanted = before.with_name(before.stem + ".fixed.yaml").read_text(encoding="utf-8")
    unsafe = _unsafe(before)
    result = fix_text(text, before.name, options, unsafe=unsafe)
    assert result.text == wanted
    assert result.fixed and all(f.rule == rule for f in result.fixed)
    # the fixed text re-checks without the fixed findings, and a second run changes nothing
    again = cwlint.lint_text(result.text, before.name, options)
    assert not [f for f in again.findings if fixable(f, unsafe)]
    fixed_places = {(f.pointer, f.message) for f in result.fixed}
    assert not [f for f in again.findings if (f.pointer, f.message) in fixed_places]
    assert fix_text(result.text, before.name, options, unsafe=unsafe).fixed == []
    # the unsafe fixtures need the flag: without it, nothing changes
    if unsafe:
        assert fix_text(text, before.name, options).text == text


def test_every_fixable_rule_has_fixtures_and_declares_its_kind() -> None:
    declared = {rid for rid, rule in RULES.items() if rule.fix}
    assert {p.parent.name for p in PAIRS} == declared
    kinds: dict[str, set[bool]] = {}
    for before in PAIRS:
        report = cwlint.lint_text(before.read_text(encoding="utf-8"), before.name)
        for finding in report.findings:
            if finding.fix is not None:
                kinds.setdefault(finding.rule, set()).add(finding.fix.safe)
    for rid in declared:
        assert (True in kinds[rid]) == (RULES[rid].fix == "safe"), rid
    # rules that declare no fix never carry one, in any example or fixture
    for rule in RULES.values():
        for text in (rule.bad, rule.good):
            for finding in cwlint.lint_text(text, "m.yaml").findings:
                assert finding.fix is None or RULES[finding.rule].fix, finding


def test_the_language_server_contract_for_the_codebase_slash() -> None:
    text = 'cwlint: 1\nconnection:\n  deployment: cloud\n  codebase: "v2025_1"  # c\n'
    report = cwlint.lint_text(text, "m.yaml", Options(select=("CW103",)))
    (finding,) = report.findings
    assert finding.fix == Fix(
        "Add the trailing slash: 'v2025_1/'", (Edit(Span(4, 21, 4, 21), "/"),), True
    )


def test_rounds_never_leave_a_file_that_does_not_load(monkeypatch) -> None:
    """A fix that would break the YAML is dropped with its round, the text left as it was."""
    from cwlint._record import field_names
    from cwlint.registry import Rule

    text = "cwlint: 1\nconnection:\n  deployment: cloud\n  codebase: v2025_1\n"
    bad = Fix("breaks the file", (Edit(Span(4, 3, 4, 3), "{"),))
    rule = RULES["CW103"]
    assert rule.check is not None
    original = rule.check

    def broken(ctx: object) -> Iterator[Issue]:
        for issue in original(ctx):
            yield issue._replace(fix=bad)

    fields = {name: getattr(rule, name) for name in field_names(Rule)}
    monkeypatch.setitem(all_rules(), "CW103", Rule(**{**fields, "check": broken}))
    assert cwlint.lint_text(text, "m.yaml", Options(select=("CW103",))).findings[0].fix == bad
    result = fix_text(text, "m.yaml", Options(select=("CW103",)))
    assert result.text == text and result.fixed == []


@pytest.mark.parametrize(
    "raw",
    [b"a: 1\r\n", b"\xef\xbb\xbfa: 1\n", "a: \xe9\n".encode("utf-16"), "a: 1\n\x85b: 2".encode()],
    ids=["crlf", "utf-8-bom", "utf-16", "nel"],
)
def test_decode_gives_back_the_same_bytes(raw: bytes) -> None:
    from cwlint.fix import encode

    text, how = decode(raw)
    assert encode(text, how) == raw


def test_decode_refuses_bytes_it_could_not_write_back() -> None:
    with pytest.raises(Unwritable, match="not utf-8 text"):
        decode(b"a: \xff\n")


# ------------------------------------------------------------------------ the command line
BROKEN = """\
# a comment that stays
cwlint: 1
name: acme
connection:
  deployment: cloud
  site: http://na.myconnectwise.net/   # web UI

  api_url: 'https://na.myconnectwise.net/v2025_1/apis/3.0/'
  company_id: acme
  codebase: v2025_1
  public_key: ${CW_PUBLIC_KEY}
  private_key: CANARYprivKEY999
security_role:
  name: Sync
  permissions:
    - {module: Companies, function: Company Maintenance, inquire: ALL}
"""
FIXED = (
    BROKEN.replace("http://", "https://")
    .replace("https://na.myconnectwise.net/v2025_1", "https://api-na.myconnectwise.net/v2025_1")
    .replace("codebase: v2025_1", "codebase: v2025_1/")
    .replace("inquire: ALL", "inquire: All")
)
CANARY = "CANARYprivKEY999"


def _write(path: Path, text: str, *, newline: str = "\n", codec: str = "utf-8") -> bytes:
    raw = text.replace("\n", newline).encode(codec)
    path.write_bytes(raw)
    return raw


@pytest.mark.parametrize(
    ("newline", "codec"),
    [("\n", "utf-8"), ("\r\n", "utf-8"), ("\r\n", "utf-8-sig"), ("\n", "utf-16")],
    ids=["lf", "crlf", "crlf-bom", "utf-16"],
)
def test_fix_writes_the_file_in_its_own_bytes(tmp_path: Path, newline: str, codec: str) -> None:
    path = tmp_path / "m.yaml"
    _write(path, BROKEN, newline=newline, codec=codec)
    result = run_cwlint("check", "--fix", "--show-fixes", "m.yaml", cwd=tmp_path)
    assert path.read_bytes() == FIXED.replace("\n", newline).encode(codec)
    # what is left decides the exit code: the literal key (an unsafe fix) and CW203
    assert result.returncode == 1, result.stderr
    assert "m.yaml:12:16: CW201 error" in result.stdout
    assert "CW103 Add the trailing slash: 'v2025_1/'" in result.stdout
    assert "Fixed 4 problems in 1 file." in result.stdout
    assert "1 fixable with --fix --unsafe-fixes." in result.stdout
    assert CANARY not in result.stdout + result.stderr
    # a second run changes nothing, and does not even rewrite the file
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    again = run_cwlint("check", "--fix", "m.yaml", cwd=tmp_path)
    assert again.returncode == 1
    assert "Fixed" not in again.stdout
    assert path.stat().st_mtime_ns == 1_000_000_000


def test_unsafe_fixes_move_the_key_and_exit_by_what_is_left(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    _write(path, BROKEN)
    result = run_cwlint("check", "--fix", "--unsafe-fixes", "--show-fixes", "m.yaml", cwd=tmp_path)
    assert "  private_key: ${CW_PRIVATE_KEY}\n" in path.read_text()
    assert "Write private_key: ${CW_PRIVATE_KEY} (then set CW_PRIVATE_KEY" in result.stdout
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems: 1 manifest in 1 file checked." in result.stdout
    assert CANARY not in result.stdout + result.stderr


def test_diff_writes_nothing_and_never_shows_a_secret(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    url = "  site: http://na.myconnectwise.net/   # web UI"
    text = BROKEN.replace(
        url, "  site: http://admin:CANARYpass77@na.myconnectwise.net/?token=CANARYtok55"
    )
    raw = _write(path, text)
    result = run_cwlint("check", "--diff", "--unsafe-fixes", "m.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert path.read_bytes() == raw
    out = result.stdout + result.stderr
    for secret in (CANARY, "CANARYpass77", "CANARYtok55"):
        assert secret not in out
    assert result.stdout.startswith("--- m.yaml\n+++ m.yaml\n@@ ")
    assert "-  private_key: ***\n+  private_key: ${CW_PRIVATE_KEY}\n" in result.stdout
    assert "+  site: https://***:***@na.myconnectwise.net/?token=***\n" in result.stdout
    assert "Would fix 5 problems in 1 file." in result.stderr
    # nothing to change: exit 0, no diff
    clean = tmp_path / "clean.yaml"
    clean.write_text((ROOT / "examples/acme-1stream.yaml").read_text())
    quiet = run_cwlint("check", "--diff", "clean.yaml", cwd=tmp_path)
    assert (quiet.returncode, quiet.stdout) == (0, "")


def test_stdin_fix_prints_the_fixed_text(tmp_path: Path) -> None:
    result = run_cwlint("check", "--fix", "-", input=BROKEN.replace("\n", "\r\n"), cwd=tmp_path)
    assert result.stdout.replace("\r\n", "\n") == FIXED
    assert "\r\n" in result.stdout
    assert "-:12:16: CW201 error" in result.stderr
    assert result.returncode == 1


def test_flags_that_need_fix_and_fix_with_live_are_usage_errors(cwlint, tmp_path: Path) -> None:
    _write(tmp_path / "m.yaml", BROKEN)
    alone = cwlint("check", "--unsafe-fixes", "m.yaml", cwd=tmp_path)
    assert alone.returncode == 2 and "go with --fix or --diff" in alone.stderr
    live = cwlint("check", "--fix", "--live", "m.yaml", cwd=tmp_path)
    assert live.returncode == 2 and "without --live or --snapshot" in live.stderr
    assert (tmp_path / "m.yaml").read_text() == BROKEN


def test_a_file_that_cannot_be_written_is_named_and_exits_2(cwlint, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    _write(path, BROKEN)
    path.chmod(0o444)
    if os.access(path, os.W_OK):
        pytest.skip("running as a user who may write read-only files")
    result = cwlint("check", "--fix", "m.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "m.yaml: cannot write" in result.stderr and "nothing was fixed in it" in result.stderr


def test_summary_counts_fixable_findings(cwlint, tmp_path: Path) -> None:
    _write(tmp_path / "m.yaml", BROKEN)
    result = cwlint("check", "m.yaml", cwd=tmp_path)
    assert result.stdout.rstrip().endswith(
        "checked. 4 fixable with --fix (1 more with --fix --unsafe-fixes)."
    )


def test_json_and_sarif_carry_the_fixes(cwlint, tmp_path: Path) -> None:
    _write(tmp_path / "m.yaml", BROKEN)
    data = json.loads(cwlint("check", "--format", "json", "m.yaml", cwd=tmp_path).stdout)
    cw103 = next(f for f in data["findings"] if f["rule"] == "CW103")
    assert cw103["fix"] == {
        "title": "Add the trailing slash: 'v2025_1/'",
        "safe": True,
        "edits": [{"line": 10, "column": 20, "end_line": 10, "end_column": 20, "text": "/"}],
    }
    cw201 = next(f for f in data["findings"] if f["rule"] == "CW201")
    assert cw201["fix"]["safe"] is False
    log = json.loads(cwlint("check", "--format", "sarif", "m.yaml", cwd=tmp_path).stdout)
    results = log["runs"][0]["results"]
    fix = next(r for r in results if r["ruleId"] == "CW103")["fixes"][0]
    assert fix["description"]["text"] == "Add the trailing slash: 'v2025_1/'"
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "m.yaml", "uriBaseId": "%SRCROOT%"}
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 10, "startColumn": 20, "endLine": 10, "endColumn": 20},
            "insertedContent": {"text": "/"},
        }
    ]
    assert CANARY not in json.dumps(data) + json.dumps(log)


def test_sarif_with_fixes_is_valid(cwlint, tmp_path: Path) -> None:
    from tests.test_report_sarif import SCHEMA

    if not SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA} (shared/ is not beside the repo)")
    from jsonschema import Draft7Validator

    validator = Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    _write(tmp_path / "m.yaml", BROKEN)
    log = json.loads(cwlint("check", "--format", "sarif", "m.yaml", cwd=tmp_path).stdout)
    assert any("fixes" in r for r in log["runs"][0]["results"])
    assert not list(validator.iter_errors(log))


def test_rules_listing_marks_fixable_rules(cwlint) -> None:
    listed = cwlint("rules").stdout.splitlines()
    assert next(line for line in listed if line.startswith("CW103")).endswith("(fix: safe)")
    assert next(line for line in listed if line.startswith("CW201")).endswith("(fix: unsafe)")
    assert "fix:" not in next(line for line in listed if line.startswith("CW002"))


def test_broken_examples_are_fixed_and_excluded_from_the_clean_run(tmp_path: Path) -> None:
    import shutil

    assert run_cwlint("check", "examples/", cwd=ROOT).returncode == 0
    copy = tmp_path / "broken"
    shutil.copytree(ROOT / "examples/broken", copy)
    names = sorted(p.name for p in copy.glob("*.yaml"))
    before = cwlint.lint([str(copy / n) for n in names])
    assert sum(1 for f in before.findings if fixable(f, unsafe=False)) >= 10
    result = run_cwlint("check", "--fix", *names, cwd=copy)
    assert result.returncode in (0, 1), result.stderr
    after = cwlint.lint([str(copy / n) for n in names])
    assert not [f for f in after.findings if fixable(f, unsafe=False)]
    assert len(after.findings) < len(before.findings)
    for name in names:  # still YAML that loads, comments kept
        text = (copy / name).read_text()
        assert yaml.safe_load(text)["cwlint"] == 1
        assert text.startswith("# A guide's common mistakes")


# ------------------------------------------------------------------------ mutated manifests
SOURCES = sorted(ROOT.glob("examples/*.yaml")) + sorted(ROOT.glob("examples/broken/*.yaml"))
#: The guides' common mistakes, as edits of a correct manifest's text (skipped where absent).
MISTAKES = [
    ("codebase: v2025_1/", "codebase: v2025_1"),
    ("codebase: v2025_8/", 'codebase: "v2025_8"'),
    ("site: https://", "site: http://"),
    ("api_url: https://api-", "api_url: https://"),
    ("/v2025_1/apis", "/apis"),
    ("/v2025_8/apis", "/v2025_8apis"),
    ("inquire: All}", "inquire: ALL}"),
    ("add: All", "add: 'all'"),
    ("edit: All", "edit: My"),
    (", inquire: All}", ", delete: All, inquire: All}"),
    ("origin: https://pods.example.com", 'origin: "*"'),
    ("site: https://eu.myconnectwise.net/", "site: eu.myconnectwise.net"),
    ("private_key: ${CW_PRIVATE_KEY}", "private_key: CANARYprivKEY123"),
    ("public_key: ${REWST_CW_PUBLIC_KEY}", "public_key: 'CANARYpublKEY12'"),
    (
        "allow: [Block Time One Time, ",
        "disallow: [Monitoring]\n        allow: [Block Time One Time, ",
    ),
]


def _mutated(text: str, picks: list[int], duplicate: int, drop: int) -> str:
    for i in picks:
        old, new = MISTAKES[i]
        text = text.replace(old, new, 1)
    lines = text.splitlines(keepends=True)
    rows = [i for i, line in enumerate(lines) if line.lstrip().startswith("- {module:")]
    if rows:
        at = rows[duplicate % len(rows)]
        lines.insert(at + 1, lines[at])
        del lines[rows[drop % len(rows)] + (1 if rows[drop % len(rows)] > at else 0)]
    return "".join(lines)


def _shown(report: cwlint.Report) -> int:
    return sum(1 for f in report.findings if f.suppressed is None)


def test_fixing_mutated_manifests_never_breaks_them() -> None:
    from hypothesis import HealthCheck, assume, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.sampled_from(SOURCES),
        st.lists(st.integers(0, len(MISTAKES) - 1), unique=True, max_size=6),
        st.integers(0, 30),
        st.integers(0, 30),
        st.booleans(),
        st.booleans(),
    )
    def check(
        source: Path, picks: list[int], dup: int, drop: int, crlf: bool, unsafe: bool
    ) -> None:
        text = _mutated(source.read_text(encoding="utf-8"), picks, dup, drop)
        if crlf:
            text = text.replace("\n", "\r\n")
        name = str(source)  # judged by the config (and profiles) of where it lives
        before = cwlint.lint_text(text, name)
        assume(not [f for f in before.findings if f.rule == "CW001"])
        result = fix_text(text, name, unsafe=unsafe)
        after = result.report
        assert not [f for f in after.findings if f.rule in ("CW001", "CW005")]
        assert after.manifests == before.manifests == 1
        assert _shown(after) <= _shown(before), [f.rule for f in after.findings]
        assert yaml.safe_load(result.text)["cwlint"] == 1
        # new lines take the file's line ending
        assert not crlf or "\n" not in result.text.replace("\r\n", "")
        assert fix_text(result.text, name, unsafe=unsafe).fixed == []

    check()


def test_fix_with_a_json_report_keeps_stdout_json(cwlint, tmp_path: Path) -> None:
    _write(tmp_path / "m.yaml", BROKEN)
    result = cwlint("check", "--fix", "--show-fixes", "--format", "json", "m.yaml", cwd=tmp_path)
    data = json.loads(result.stdout)  # the report of what is left, and nothing else
    assert [f["rule"] for f in data["findings"]] == ["CW201"]
    assert "Fixed 4 problems in 1 file." in result.stderr
    assert "CW309 Write inquire: All" in result.stderr
    quiet = cwlint("check", "--fix", "--quiet", "m.yaml", cwd=tmp_path)
    assert quiet.stdout.startswith("m.yaml:12:16: CW201") and "Found" not in quiet.stdout


def test_an_alias_of_a_repeated_row_is_left_alone() -> None:
    """``- *a`` sits where its anchor is: removing "it" would remove the anchored row."""
    text = (
        "cwlint: 1\nsecurity_role:\n  name: X\n  permissions:\n"
        "    - &a {module: Companies, function: Contacts, inquire: All}\n    - *a\n"
    )
    report = cwlint.lint_text(text, "m.yaml", Options(select=("CW308",)))
    assert [(f.rule, f.fix) for f in report.findings] == [("CW308", None)]
