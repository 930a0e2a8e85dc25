"""`--format github`: workflow commands as the Actions runner parses them (a port of
actions/runner's ``ActionCommand.TryParseV2`` and its unescaping), escaped as @actions/core does;
chosen automatically when GITHUB_ACTIONS=true and no --format is given."""

from __future__ import annotations

from cwlint.findings import Finding, Report, Severity
from cwlint.report import View
from cwlint.report.github import GithubReporter, escape_data, escape_property
from tests.conftest import run_cwlint

MANIFEST = """cwlint: 1
name:
  first: acme
  second: corp
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
    height: tall  # cwlint: disable=CW003
    url: https://pods.example.com/[cw_id]
"""


def parse(line: str) -> tuple[str, dict[str, str], str] | None:
    """A workflow command line as the runner reads it: ``::name k=v,k=v::data``."""
    if not line.startswith("::"):
        return None
    end = line.find("::", 2)
    if end < 0:
        return None
    info, data = line[2:end], line[end + 2 :]
    name, _, props_text = info.partition(" ")
    props = {}
    for prop in filter(None, props_text.strip().split(",")):
        key, sep, value = prop.partition("=")
        if sep and key and value:
            props[key] = (
                value.replace("%0D", "\r")
                .replace("%0A", "\n")
                .replace("%3A", ":")
                .replace("%2C", ",")
                .replace("%25", "%")
            )
    data = data.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
    return name, props, data


def test_annotations_through_the_cli(cwlint, tmp_path) -> None:
    (tmp_path / "m.yaml").write_text(MANIFEST)
    result = cwlint("check", "--format", "github", "m.yaml", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    name, props, data = parse(lines[0])
    # a block mapping spanning lines 3-5: columns only go with one-line spans (annotation API)
    assert (name, props) == (
        "error",
        {"file": "m.yaml", "line": "3", "endLine": "5", "title": "CW003"},
    )
    assert data == "{'first': 'acme', 'second': 'corp'} is not text (name)"
    assert lines[1] == (
        "::error file=m.yaml,line=11,col=3,endLine=11,endColumn=12,title=CW002::duplicate key "
        "'company_id' (first at line 8); YAML loaders silently keep the last one: remove or "
        "merge the repeats"
    )
    assert lines[2] == "Found 2 problems (2 errors): 1 manifest in 1 file checked."
    assert len(lines) == 3  # the suppressed CW003 on line 16 is not annotated


def test_severities_map_to_commands(tmp_path) -> None:
    findings = [
        Finding("a.yaml", 1, 1, "CW302", "m", Severity.WARNING, end_line=1, end_col=4),
        Finding("a.yaml", 2, 5, "CW309", "m", Severity.INFO, end_line=2, end_col=6),
        Finding("a.yaml", 3, 1, "CW301", "m", Severity.ERROR),
    ]
    out = GithubReporter(View(quiet=True)).render(Report(findings, ["a.yaml"], 1))
    assert [parse(line)[:2] for line in out.splitlines()] == [
        (
            "warning",
            {
                "file": "a.yaml",
                "line": "1",
                "col": "1",
                "endLine": "1",
                "endColumn": "3",
                "title": "CW302",
            },
        ),
        (
            "notice",
            {
                "file": "a.yaml",
                "line": "2",
                "col": "5",
                "endLine": "2",
                "endColumn": "5",
                "title": "CW309",
            },
        ),
        (
            "error",
            {
                "file": "a.yaml",
                "line": "3",
                "col": "1",
                "endLine": "3",
                "endColumn": "1",
                "title": "CW301",
            },
        ),
    ]


def test_escaping_round_trips_through_the_runner_parser() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\n") == "a%3Ab%2Cc%25d%0A"
    nasty_file = "cfg/a,b:c%41 ::x.yaml"
    nasty_message = "50% of 'x::y', line one\nline two\r"
    finding = Finding(
        nasty_file, 4, 2, "CW003", nasty_message, Severity.ERROR, end_line=4, end_col=9
    )
    (line,) = (
        GithubReporter(View(quiet=True)).render(Report([finding], [nasty_file], 1)).splitlines()
    )
    name, props, data = parse(line)
    assert (name, props["file"], props["title"], data) == (
        "error",
        nasty_file,
        "CW003",
        nasty_message,
    )
    assert (props["col"], props["endColumn"]) == ("2", "8")


def test_chosen_automatically_in_github_actions(cwlint, tmp_path) -> None:
    (tmp_path / "m.yaml").write_text(MANIFEST)
    auto = cwlint("check", "m.yaml", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert auto.returncode == 1
    assert auto.stdout.startswith("::error file=m.yaml,line=3,endLine=5,title=CW003::")
    explicit = cwlint(
        "check", "--format", "text", "m.yaml", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"}
    )
    assert explicit.stdout.startswith("m.yaml:3:3: CW003 error")
    elsewhere = cwlint("check", "m.yaml", cwd=tmp_path, env={"GITHUB_ACTIONS": "false"})
    assert elsewhere.stdout.startswith("m.yaml:3:3: CW003 error")


MANY = "cwlint: 1\nname: many\n" + "".join(f"x{i}: 1\n" for i in range(12))  # 13 CW003 errors


def test_job_summary_and_the_annotation_limit(tmp_path) -> None:
    """Under Actions (the real entry point, GITHUB_ACTIONS=true and no --format), the findings
    are annotations, the job summary gets every one in a table, and the output says when
    GitHub will not show them all."""
    (tmp_path / "many.yaml").write_text(MANY)
    (tmp_path / "we|rd <b>_x.yaml").write_text(MANIFEST)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = run_cwlint("check", ".", cwd=tmp_path, env=env)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 15
    assert lines[-2] == (
        "cwlint: 15 errors were printed as annotations; GitHub shows 10 of each kind per step: "
        "every finding is in this log and in the job summary"
    )
    assert lines[-1] == "Found 15 problems (15 errors): 2 manifests in 2 files checked."
    text = summary.read_text()
    assert text.startswith("earlier step\n## cwlint\n")  # appended, as GitHub expects
    assert "| Rule | Severity | File | Findings | Lines |" in text
    assert "| CW003 schema | error | many.yaml | 13 | 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, … |" in text
    # a file name cannot inject Markdown or HTML into the summary
    assert "| CW002 duplicate-key | error | we\\|rd &lt;b&gt;\\_x.yaml | 1 | 11 |" in text
    assert "<b>" not in text

    # under the limit: no note; a clean run still writes its summary line
    (tmp_path / "many.yaml").unlink()
    few = run_cwlint("check", ".", cwd=tmp_path, env=env)
    assert "GitHub shows" not in few.stdout
    clean_text = MANIFEST.replace("name:\n  first: acme\n  second: corp\n", "name: acme\n")
    (tmp_path / "we|rd <b>_x.yaml").write_text(
        clean_text.replace("  company_id: acme\npods", "pods")
    )
    summary.write_text("")
    clean = run_cwlint("check", ".", cwd=tmp_path, env=env)
    assert clean.returncode == 0, clean.stdout
    assert summary.read_text() == ("## cwlint\n\nNo problems: 1 manifest in 1 file checked.\n\n")
    # text output asked for: no annotations, no summary
    summary.write_text("")
    run_cwlint("check", "--format", "text", ".", cwd=tmp_path, env=env)
    assert summary.read_text() == ""


def test_a_summary_that_cannot_be_written_is_a_note(tmp_path) -> None:
    (tmp_path / "m.yaml").write_text(MANIFEST)
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(tmp_path)}  # a folder
    result = run_cwlint("check", "m.yaml", cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert "cwlint: the job summary was not written:" in result.stderr
    assert result.stdout.startswith("::error ")
