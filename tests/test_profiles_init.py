"""The security-role rules (CW301-CW309) beyond their fixtures, `cwlint profiles`, `cwlint init`
and the README's rules reference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cwlint.catalog import load_catalog
from cwlint.context import Context
from cwlint.engine import lint
from cwlint.findings import Severity, Suppression
from cwlint.init import starter
from cwlint.manifest.load import load
from cwlint.options import Options
from cwlint.registry import all_rules
from cwlint.rules_doc import REGENERATE, markdown_table, readme_section

ROOT = Path(__file__).resolve().parent.parent
CHECKS = Path(__file__).parent / "checks"
GLOBEX = (ROOT / "examples" / "globex-gradient-onprem.yaml").read_text(encoding="utf-8")
GROUP = ("CW301", "CW302", "CW303", "CW304", "CW305", "CW306", "CW307", "CW308", "CW309")
CATALOG = load_catalog()


def graded(path: Path, rule: str) -> list[tuple[int, int, Severity]]:
    report = lint([str(path)], Options(select=(rule,)))
    return sorted((f.line, f.col, f.severity) for f in report.findings if f.rule == rule)


# --------------------------------------------------------------------- severities within a rule
def test_gradient_gaps_are_errors() -> None:
    assert graded(CHECKS / "CW301/fires/gradient-service-tickets-my.yaml", "CW301") == [
        (34, 62, Severity.ERROR),
        (34, 86, Severity.ERROR),
    ]
    assert graded(CHECKS / "CW306/fires/gradient-no-service-board.yaml", "CW306") == [
        (39, 9, Severity.ERROR)
    ]


def test_a_partial_profile_or_an_uncertain_row_gives_warnings_only() -> None:
    assert graded(CHECKS / "CW301/fires/partial-profile.yaml", "CW301") == [
        (20, 3, Severity.WARNING)
    ]
    assert graded(CHECKS / "CW301/fires/uncertain-row.yaml", "CW301") == [(19, 7, Severity.WARNING)]


def test_recommended_customize_entries_give_a_warning() -> None:
    assert graded(CHECKS / "CW306/fires/recommended.yaml", "CW306") == [(27, 83, Severity.WARNING)]


def test_unknown_function_is_a_hint_only_where_the_catalogue_is_incomplete() -> None:
    found = dict(
        ((line, col), sev) for line, col, sev in graded(CHECKS / "CW303/fires/typos.yaml", "CW303")
    )
    assert found[(31, 40)] == Severity.INFO  # Service Desk > Ticket Wizard: nothing close
    assert found[(32, 37)] == Severity.WARNING  # Companies > Ticket Wizard: Companies is complete
    assert found[(28, 40)] == Severity.WARNING  # close to Service Tickets: a typo
    assert sum(sev == Severity.INFO for sev in found.values()) == 1


# ---------------------------------------------------------------------------- odd input types
ODD = """cwlint: 1
name: odd
profile: gradient-msp
connection: {deployment: cloud, site: x, company_id: x, public_key: x, private_key: x}
api_member: {identifier: x, security_role: [not, a, string]}
security_role:
  name: 42
  permissions:
    - just a string
    - [a, list]
    - {module: 7, function: Service Tickets}
    - {module: Service Desk, function: Service Tickets, add: 3, edit: [All], inquire: {x: 1}}
    - {module: System, function: Table Setup, add: All, customize: [not, a, mapping]}
    - {module: System, function: Table Setup, customize: {allow: {x: 1}, disallow: 5}}
    - {module: Finance, function: Agreements, customize: {allow: [1, 2], disallow: [3]}}
    - {module: System, function: Member Maintenance, edit: true}
"""


@pytest.mark.parametrize("rule_id", GROUP)
def test_wrong_types_never_crash(rule_id: str) -> None:
    for text in (
        ODD,
        "cwlint: 1\nprofile: gradient-msp\nsecurity_role: {permissions: all}\n",
        "cwlint: 1\nsecurity_role: 5\n",
        "cwlint: 1\nprofile: gradient-msp\n",
    ):
        doc = load(text.encode(), "odd.yaml").documents[0]
        issues = list(all_rules()[rule_id].check(Context(doc)))
        assert all(isinstance(i.message, str) for i in issues)


# ------------------------------------------------------------------------------ cwlint init
def _permissions(text: str) -> dict[tuple[str, str], dict]:
    rows = yaml.safe_load(text)["security_role"]["permissions"]
    return {(r["module"], r["function"]): r for r in rows}


def test_init_output_checks_clean_for_every_profile_and_deployment(tmp_path: Path) -> None:
    """All rules, every severity: not one finding once the company id (and the on-premise host)
    are filled in. The role is the profile's required and unconfirmed rows, at exactly its
    levels, with its customize entries; a feature's rows are comments (`features: []`)."""
    verbs = CATALOG.levels.verbs
    for profile_id in CATALOG.profile_ids():
        profile = CATALOG.profile(profile_id)
        for deployment in ("cloud", "on-premise"):
            host = "cw.globex.example" if deployment == "on-premise" else None
            text = starter(profile_id, deployment=deployment, company_id="globex", host=host)
            (tmp_path / f"{profile_id}-{deployment}.yaml").write_text(text, encoding="utf-8")
            wanted = {
                r.key: r for r in profile.permissions if r.tier in ("required", "unconfirmed")
            }
            written = _permissions(text)
            assert set(written) == set(wanted), profile_id
            for key, row in written.items():
                levels = {v: row.get(v, "None") for v in verbs}
                assert levels == wanted[key].levels, (profile_id, key)
                custom = wanted[key].customize
                allow = custom.allow if custom and not custom.choice else ()
                assert row.get("customize", {}).get("allow", []) == list(allow)
    report = lint([str(tmp_path)], Options())
    assert report.manifests == 2 * len(CATALOG.profile_ids())
    assert [str(f) for f in report.findings if f.suppressed is None] == []
    # the only suppressions: admin-equivalent levels the vendor's own role asks for (CW307)
    assert {(f.rule, f.suppressed) for f in report.findings} <= {
        ("CW307", Suppression("the vendor's documented role asks for it"))
    }


def test_an_unedited_init_starter_is_reported_at_each_placeholder(tmp_path: Path) -> None:
    """Left as written, the starter's placeholders are CW111 errors, and nothing else fires."""
    for deployment in ("cloud", "on-premise"):
        path = tmp_path / f"{deployment}.yaml"
        path.write_text(starter("gradient-msp", deployment=deployment), encoding="utf-8")
        found = [f for f in lint([str(path)]).findings if f.suppressed is None]
        assert {f.rule for f in found} == {"CW111"}, found
        where = sorted(f.pointer for f in found)
        if deployment == "cloud":
            assert where == ["/connection/company_id"]
        else:
            assert where == ["/connection/api_url", "/connection/company_id", "/connection/site"]


def test_init_uses_the_region_hosts_and_codebase_of_the_catalogue(tmp_path: Path) -> None:
    facts = CATALOG.connection
    for region in CATALOG.regions.regions:
        text = starter("rewst", region=region.id, company_id="globex")
        connection = yaml.safe_load(text)["connection"]
        assert connection["site"] == f"https://{region.web_host}/"
        assert connection["api_url"] == (
            f"https://{region.api_host}/{facts.cloud_codebase_example}apis/3.0/"
        )
        (tmp_path / f"{region.id}.yaml").write_text(text, encoding="utf-8")
    premise = yaml.safe_load(starter("gradient-msp", deployment="on-premise"))
    assert premise["connection"]["codebase"] == "v4_6_release/"
    assert premise["connection"]["api_url"].endswith("/v4_6_release/apis/3.0/")
    assert premise["on_premise"] == {"certificate": "fully-chained"}
    assert all(
        premise["connection"][k].startswith("${")
        for k in ("client_id", "public_key", "private_key")
    )
    assert lint([str(tmp_path)], Options()).findings == []


def test_init_never_completes_the_truncated_gradient_ip() -> None:
    text = starter("gradient-msp", deployment="on-premise")
    assert "#   - 3.23.117.12" in text and "'3.138.54'" in text
    assert "3.138.54." not in text and "- 3.138.54" not in text


def test_init_with_a_profile_file_writes_it_relative_to_the_manifest(
    tmp_path: Path, cwlint
) -> None:
    own = tmp_path / "profiles" / "inhouse.yaml"
    own.parent.mkdir()
    own.write_text(
        (ROOT / "rules/profiles/lastpass.yaml").read_text().replace("id: lastpass", "id: inhouse"),
        encoding="utf-8",
    )
    (tmp_path / "out").mkdir()
    result = cwlint("init", "--profile", "profiles/inhouse.yaml", "-o", "out/m.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out" / "m.yaml").read_text()
    assert yaml.safe_load(text)["profile"] == "../profiles/inhouse.yaml"
    filled = text.replace("company_id: mycompany", "company_id: globex")  # the user's part
    (tmp_path / "out" / "m.yaml").write_text(filled)
    checked = cwlint("check", "out/m.yaml", "--fail-on", "info", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout


def test_init_cli_writes_stdout_and_refuses_to_overwrite(tmp_path: Path, cwlint) -> None:
    shown = cwlint("init", "--profile", "gradient-msp")
    assert shown.returncode == 0 and shown.stdout == starter("gradient-msp")
    target = tmp_path / "m.yaml"
    target.write_text("keep me\n")
    refused = cwlint("init", "--profile", "gradient-msp", "-o", str(target))
    assert refused.returncode == 2 and "already exists; use --force" in refused.stderr
    assert target.read_text() == "keep me\n"
    forced = cwlint(
        "init",
        "--profile",
        "gradient-msp",
        "--deployment",
        "on-premise",
        "-o",
        str(target),
        "--force",
    )
    assert forced.returncode == 0, forced.stderr
    assert target.read_text() == starter("gradient-msp", deployment="on-premise")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--profile", "gradient"), "did you mean 'gradient-msp'?"),
        (("--profile", "rewst", "--region", "euu"), "unknown region 'euu': did you mean 'eu'?"),
        # common names of a region (its aliases in regions.yaml), not only near spellings
        (("--profile", "rewst", "--region", "us"), "unknown region 'us': did you mean 'na'?"),
        (("--profile", "rewst", "--region", "UK"), "unknown region 'UK': did you mean 'eu'?"),
        (
            ("--profile", "rewst", "--region", "australia"),
            "unknown region 'australia': did you mean 'au' or 'aus'?",
        ),
        (
            ("--profile", "rewst", "--deployment", "on-premise", "--region", "eu"),
            "--region applies to cloud deployments only",
        ),
    ],
)
def test_init_usage_errors(cwlint, args: tuple[str, ...], message: str) -> None:
    result = cwlint("init", *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


# -------------------------------------------------------------------------- cwlint profiles
def test_profiles_lists_every_profile(cwlint) -> None:
    text = cwlint("profiles")
    assert text.returncode == 0, text.stderr
    line = next(x for x in text.stdout.splitlines() if x.startswith("huntress "))
    profile = CATALOG.profile("huntress")
    assert line.split()[:2] == ["huntress", "Huntress"]
    assert "partial" in line and line.endswith(profile.sources[0])
    listed = json.loads(cwlint("profiles", "--format", "json").stdout)
    assert [p["id"] for p in listed] == list(CATALOG.profile_ids())
    assert listed[0].keys() == {"id", "vendor", "completeness", "source"}


def test_profiles_shows_one_profile(cwlint) -> None:
    text = cwlint("profiles", "gradient-msp").stdout
    lines = text.splitlines()
    assert lines[:2] == ["gradient-msp: Gradient MSP (Synthesize)", "completeness: full"]
    row = next(x for x in lines if "Merge Tickets" in x).split()
    assert row == ["Service", "Desk", "Merge", "Tickets", "All", "All", "None", "All", "required"]
    assert "required: Gradient MSP (Synthesize): 'Create a new Security Role" in text
    assert any("Service / Service Board" in x and "Table Setup" in x for x in lines)
    assert "unusable as published: 3.138.54: truncated" in text
    assert "legacy (older pages): 3.19.3.152, 3.19.4.238" in text
    assert "\nUncertain:\n  - Current page does not state the level value" in text
    data = json.loads(cwlint("profiles", "gradient-msp", "--format", "json").stdout)
    merge = next(p for p in data["permissions"] if p["function"] == "Merge Tickets")
    assert (merge["add"], merge["delete"], merge["customize"]) == ("All", "None", None)
    assert data["vendor_ips"] == ["3.23.117.12"]
    assert data["uncertain_ips"][0]["value"] == "3.138.54"


def test_profiles_unknown_id_is_a_usage_error(cwlint) -> None:
    result = cwlint("profiles", "gradeint-msp")
    assert result.returncode == 2 and "did you mean 'gradient-msp'?" in result.stderr
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------------------ the rules reference
def test_rules_markdown_lists_every_rule(cwlint) -> None:
    out = cwlint("rules", "--format", "markdown").stdout
    assert out == markdown_table()
    rows = out.splitlines()[2:]
    assert [r.split(" | ")[0].lstrip("| ") for r in rows] == list(all_rules())
    assert "| CW301 | missing-permission | error |" in out


def test_readme_rules_section_is_current() -> None:
    section = readme_section((ROOT / "README.md").read_text(encoding="utf-8"))
    assert section is not None, "README.md lacks <!-- rules:start --> / <!-- rules:end -->"
    assert section == markdown_table(), (
        f"README.md's rules table is out of date: run `{REGENERATE}` to regenerate it "
        "(it writes `cwlint rules --format markdown` between the markers)"
    )
