"""`--format github`: workflow commands as the Actions runner parses them (a port of
actions/runner's ``ActionCommand.TryParseV2`` and its unescaping), escaped as @actions/core does;
chosen automatically when GITHUB_ACTIONS=true and no --format is given."""

from __future__ import annotations

from cwlint.findings import Finding, Report, Severity
from cwlint.report import View
from cwlint.report.github import GithubReporter, escape_data, escape_property

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
