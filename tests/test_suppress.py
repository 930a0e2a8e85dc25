"""Inline suppressions: `# cwlint: disable=` on the line or the line before, `disable-file=`,
reasons, CW006 for unused ones, `--no-inline-suppressions`; through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from cwlint import suppress
from cwlint.engine import lint
from cwlint.findings import Finding, Severity, Suppression
from cwlint.options import Options

# CW003 fires at 14:13 ('tall' is not a whole number) and CW002 at 9:3 (duplicate key).
BASE = """cwlint: 1
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


def _reason(finding: dict) -> str | None:
    """A JSON finding's suppression reason (``None``: not suppressed)."""
    suppressed = finding.get("suppressed")
    return None if suppressed is None else suppressed["reason"]


def manifest(tmp_path: Path, edit: dict[int, str] | None = None, name: str = "m.yaml") -> Path:
    """BASE with some lines (1-based) replaced."""
    lines = BASE.splitlines()
    for number, text in sorted((edit or {}).items(), reverse=True):
        lines[number - 1 : number] = text.splitlines()
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def findings(cwlint, path: Path, *args: str) -> tuple[int, list[dict]]:
    result = cwlint("check", "--format", "json", *args, path.name, cwd=path.parent)
    return result.returncode, json.loads(result.stdout)["findings"]


def test_unsuppressed_baseline(cwlint, tmp_path) -> None:
    code, found = findings(cwlint, manifest(tmp_path))
    assert code == 1
    assert [(f["rule"], f["line"], f["column"]) for f in found] == [
        ("CW002", 9, 3),
        ("CW003", 14, 13),
    ]


def test_end_of_line_suppression_with_reason(cwlint, tmp_path) -> None:
    path = manifest(
        tmp_path,
        {
            14: "    height: tall  # cwlint: disable=CW003 -- pods sized by CSS",
            9: "  company_id: acme # cwlint: disable=duplicate-key",
        },
    )
    code, found = findings(cwlint, path)
    assert code == 0
    assert [(f["rule"], f["line"], _reason(f)) for f in found] == [
        ("CW002", 9, ""),
        ("CW003", 14, "pods sized by CSS"),
    ]
    text = cwlint("check", path.name, cwd=tmp_path)
    assert text.returncode == 0
    assert text.stdout == "No problems: 1 manifest in 1 file checked.\n"


def test_own_line_comment_applies_to_the_next_content_line(cwlint, tmp_path) -> None:
    path = manifest(
        tmp_path,
        {
            14: "    # cwlint: disable=schema -- legacy\n\n"
            "    # note # cwlint: disable=CW006,duplicate-key\n"
            "    height: tall"
        },
    )
    code, found = findings(cwlint, path)
    assert [(f["rule"], f["line"], _reason(f)) for f in found] == [
        ("CW002", 9, None),
        ("CW006", 16, None),
        ("CW003", 17, "legacy"),
    ]
    assert code == 1  # CW002 still counts
    # the stacked directive also covers line 17 (where there is no CW002)
    assert (found[1]["column"], found[1]["message"]) == (
        12,
        "unused suppression of duplicate-key: no such finding on line 17; remove it",
    )


def test_trailing_comment_does_not_reach_the_next_line(cwlint, tmp_path) -> None:
    path = manifest(tmp_path, {13: "    type: Pod  # cwlint: disable=CW003"})
    code, found = findings(cwlint, path)
    assert code == 1
    assert [(f["rule"], f["line"], _reason(f)) for f in found] == [
        ("CW002", 9, None),
        ("CW006", 13, None),
        ("CW003", 14, None),
    ]
    unused = next(f for f in found if f["rule"] == "CW006")
    assert unused["column"] == 16
    assert unused["message"] == (
        "unused suppression of CW003: no such finding on line 13; remove it"
    )


def test_file_wide_suppression(cwlint, tmp_path) -> None:
    path = manifest(
        tmp_path, {1: "# cwlint: disable-file=CW002,CW003 -- migrated from v1\ncwlint: 1"}
    )
    code, found = findings(cwlint, path)
    assert code == 0
    assert {f["rule"]: _reason(f) for f in found} == {
        "CW002": "migrated from v1",
        "CW003": "migrated from v1",
    }


def test_unused_suppression_of_an_enabled_rule(cwlint, tmp_path) -> None:
    path = manifest(
        tmp_path,
        {
            2: "name: acme  # cwlint: disable=CW003,CW002",
            1: "# cwlint: disable-file=yaml-syntax\ncwlint: 1",
        },
    )
    result = cwlint("check", path.name, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        "m.yaml:1:1: CW006 warning unused suppression of yaml-syntax: no such finding in this "
        "file; remove it",
        "m.yaml:3:13: CW006 warning unused suppression of CW003: no such finding on line 3; "
        "remove it; unused suppression of CW002: no such finding on line 3; remove it",
    ]


def test_suppression_of_a_rule_that_is_off(cwlint, tmp_path) -> None:
    """`--ignore CW003` with an existing `disable=CW003`: the rule did not run, so its
    suppression cannot be judged and is no CW006 warning (which would fail `--fail-on
    warning`); with the rule on, the same comment is judged again."""
    path = manifest(tmp_path, {14: "    height: tall  # cwlint: disable=CW003"})
    code, found = findings(cwlint, path, "--ignore", "CW003", "--fail-on", "warning")
    assert code == 1
    assert [f["rule"] for f in found] == ["CW002"]
    code, found = findings(cwlint, path, "--ignore", "CW002,CW003", "--fail-on", "warning")
    assert (code, found) == (0, [])
    path.write_text(path.read_text().replace("height: tall", "height: 3"))
    _, found = findings(cwlint, path)
    assert [(f["rule"], f["line"], f["column"]) for f in found] == [
        ("CW002", 9, 3),
        ("CW006", 14, 16),
    ]
    assert "unused suppression of CW003: no such finding on line 14" in found[1]["message"]


def test_cw006_can_itself_be_suppressed(cwlint, tmp_path) -> None:
    path = manifest(
        tmp_path,
        {
            2: "name: acme  # cwlint: disable=CW001",
            1: "# cwlint: disable-file=CW006 -- kept for the v2 format\ncwlint: 1",
        },
    )
    code, found = findings(cwlint, path, "--select", "CW001,CW006")
    assert code == 0
    assert [(f["rule"], f["line"], _reason(f)) for f in found] == [
        ("CW006", 3, "kept for the v2 format")
    ]


def test_no_inline_suppressions_for_audits(cwlint, tmp_path) -> None:
    path = manifest(
        tmp_path,
        {
            14: "    height: tall  # cwlint: disable=CW003 -- legacy",
            2: "name: acme  # cwlint: disable=CW005",
        },
    )
    code, found = findings(cwlint, path, "--no-inline-suppressions")
    assert code == 1
    assert [(f["rule"], f["line"], _reason(f)) for f in found] == [
        ("CW002", 9, None),
        ("CW003", 14, None),
    ]


def test_hash_inside_a_scalar_is_not_a_comment(cwlint, tmp_path) -> None:
    path = manifest(tmp_path, {14: "    height: 'tall # cwlint: disable=CW003'"})
    code, found = findings(cwlint, path)
    assert code == 1
    assert [(f["rule"], f["line"], _reason(f)) for f in found] == [
        ("CW002", 9, None),
        ("CW003", 14, None),
    ]


def test_suppressing_a_syntax_error_after_the_parser_stopped(cwlint, tmp_path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(
        "cwlint: 1\nname: x\nconnection:\n"
        "\tdeployment: cloud  # cwlint: disable=CW001 -- being rewritten\n"
    )
    code, found = findings(cwlint, path)
    assert code == 0
    assert [(f["rule"], f["line"], _reason(f)) for f in found] == [("CW001", 4, "being rewritten")]


def test_several_manifests_in_one_file(tmp_path) -> None:
    text = BASE + "---\n" + BASE.replace("height: tall", "height: tall  # cwlint: disable=CW003")
    path = tmp_path / "two.yaml"
    path.write_text(text)
    report = lint([str(path)], Options())
    assert [(f.rule, f.line, f.document, f.suppressed) for f in report.findings] == [
        ("CW002", 9, 0, None),
        ("CW003", 14, 0, None),
        ("CW002", 25, 1, None),
        ("CW003", 30, 1, Suppression("")),
    ]
    assert report.count(Severity.ERROR) == 3
    assert not report.findings[-1].suppressed.reason  # a suppression without a reason is still one


def test_live_rules_are_not_judged_without_live() -> None:
    lines = ["cwlint: 1", "name: x  # cwlint: disable=CW002,CW003 -- live only"]
    directives = suppress.scan(lines)
    assert [(d.span, d.target, d.reason, [e.ids for e in d.entries]) for d in directives] == [
        ((2, 10, 2, 52), 2, "live only", [("CW002",), ("CW003",)])
    ]
    # CW003 stands for a live rule here: on, but it did not run
    assert suppress.unused(directives, ran={"CW002"}) == [
        ((2, 10, 2, 52), "unused suppression of CW002: no such finding on line 2; remove it")
    ]
    finding = Finding("m.yaml", 2, 7, "CW002", "dup", Severity.ERROR)
    (marked,) = suppress.apply(directives, [finding])
    assert marked.suppressed == Suppression("live only")
    assert suppress.unused(directives, ran={"CW002"}) == []
