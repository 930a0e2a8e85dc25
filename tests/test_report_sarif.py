"""`--format sarif`: valid against the official SARIF 2.1.0 schema (OASIS, draft-07), with the
rules table, regions, ruleIndex and in-source suppressions that code scanning reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cwlint.registry import all_rules, docs_url
from cwlint.rules_doc import explain, help_markdown
from tests.conftest import ROOT

# The schema is not vendored: CI runs a clean clone with shared/ beside it.
SCHEMA = ROOT.parent / "shared" / "external" / "sarif-schema-2.1.0.json"

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
    height: tall  # cwlint: disable=CW003 -- sized by CSS
    url: https://pods.example.com/[cw_id]
    extra: 1
"""


@pytest.fixture(scope="module")
def validator():
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA} (shared/ is not beside the repo)")
    from jsonschema import Draft7Validator

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def sarif(cwlint, tmp_path: Path, *args: str) -> dict:
    (tmp_path / "configs").mkdir(exist_ok=True)
    (tmp_path / "configs/m.yaml").write_text(MANIFEST)
    result = cwlint("check", "--format", "sarif", *args, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_valid_against_the_official_schema(cwlint, tmp_path, validator) -> None:
    log = sarif(cwlint, tmp_path, "configs/m.yaml")
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    assert log["version"] == "2.1.0"
    absolute = sarif(cwlint, tmp_path, str(tmp_path / "configs/m.yaml"))
    location = absolute["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    # an absolute path below the base is written from the base, as a relative one is
    assert location["artifactLocation"] == {"uri": "configs/m.yaml", "uriBaseId": "%SRCROOT%"}
    assert not list(validator.iter_errors(absolute))
    clean = sarif(cwlint, tmp_path, "--select", "CW005", "configs/m.yaml")
    assert clean["runs"][0]["results"] == []
    assert not list(validator.iter_errors(clean))


def test_rules_table(cwlint, tmp_path) -> None:
    driver = sarif(cwlint, tmp_path, "configs/m.yaml")["runs"][0]["tool"]["driver"]
    assert driver["name"] == "cwlint"
    rules = all_rules()
    assert [r["id"] for r in driver["rules"]] == list(rules)
    cw002 = next(r for r in driver["rules"] if r["id"] == "CW002")
    rule = rules["CW002"]
    assert cw002["name"] == "duplicate-key"
    assert cw002["shortDescription"]["text"] == rule.summary
    assert cw002["fullDescription"]["text"] == rule.rationale
    assert cw002["helpUri"] == rule.url == f"{docs_url()}rules/CW002/"  # tests/test_docs_site.py
    assert cw002["defaultConfiguration"] == {"level": "error"}
    assert cw002["help"] == {"text": explain(rule), "markdown": help_markdown(rule)}
    assert "Bad:\n    cwlint: 1\n    api_member:\n" in cw002["help"]["text"]
    assert "```yaml\n" + rule.good + "\n```" in cw002["help"]["markdown"]
    cw006 = next(r for r in driver["rules"] if r["id"] == "CW006")
    assert cw006["defaultConfiguration"] == {"level": "warning"}


def test_results_regions_and_suppressions(cwlint, tmp_path) -> None:
    run = sarif(cwlint, tmp_path, "configs/m.yaml", "--severity", "CW002=info")["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    summary = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["region"],
            r.get("suppressions"),
        )
        for r in run["results"]
    ]
    assert summary == [
        ("CW002", "note", {"startLine": 9, "startColumn": 3, "endLine": 9, "endColumn": 13}, None),
        (
            "CW003",
            "error",
            {"startLine": 14, "startColumn": 13, "endLine": 14, "endColumn": 17},
            [{"kind": "inSource", "justification": "sized by CSS"}],
        ),
        (
            "CW003",
            "error",
            {"startLine": 16, "startColumn": 5, "endLine": 16, "endColumn": 10},
            None,
        ),
    ]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location == {"uri": "configs/m.yaml", "uriBaseId": "%SRCROOT%"}
    assert run["results"][0]["message"]["text"].startswith("duplicate key 'company_id'")
    assert run["results"][0]["properties"] == {"pointer": "/connection/company_id", "document": 0}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"


def test_suppression_without_reason_and_odd_paths(cwlint, tmp_path, validator) -> None:
    (tmp_path / "my configs").mkdir()
    (tmp_path / "my configs/a%b.yaml").write_text(
        MANIFEST.replace(" -- sized by CSS", "").replace("  company_id: acme\npods", "pods")
    )
    log = sarif(cwlint, tmp_path, "my configs")
    (suppressed, other) = log["runs"][0]["results"]
    assert suppressed["suppressions"] == [{"kind": "inSource"}]
    assert "suppressions" not in other
    uri = suppressed["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20configs/a%25b.yaml"
    assert not list(validator.iter_errors(log))


SECRET = MANIFEST.replace("${CW_PRIVATE_KEY}", "CanaryKey1234567")


def test_code_scanning_metadata_and_fingerprints(cwlint, tmp_path, validator) -> None:
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs/m.yaml").write_text(SECRET)
    log = json.loads(cwlint("check", "--format", "sarif", "configs", cwd=tmp_path).stdout)
    assert not list(validator.iter_errors(log))
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["CW201"]["properties"] == {
        "tags": ["static", "security", "secret", "external/cwe/cwe-798"],
        "security-severity": "9.8",
    }
    assert rules["CW307"]["properties"]["security-severity"] == "8.0"
    assert rules["CW002"]["properties"] == {"tags": ["static"]}  # not a security rule
    assert rules["CW901"]["properties"] == {"tags": ["live"]}
    assert all(r["helpUri"].endswith(f"/rules/{r['id']}/") for r in rules.values())
    prints = {r["ruleId"]: r["partialFingerprints"] for r in run["results"]}
    assert set(prints) == {"CW002", "CW003", "CW201"}
    assert all(len(p["cwlintFingerprint/v1"]) == 32 for p in prints.values())
    assert "CanaryKey1234567" not in json.dumps(log)
    # lines move: the fingerprints do not; the same ones a baseline records
    (tmp_path / "configs/m.yaml").write_text("# moved\n\n" + SECRET)
    moved = json.loads(cwlint("check", "--format", "sarif", "configs", cwd=tmp_path).stdout)
    assert {r["ruleId"]: r["partialFingerprints"] for r in moved["runs"][0]["results"]} == prints
    cwlint("check", "--write-baseline", "b.json", "configs", cwd=tmp_path)
    recorded = json.loads((tmp_path / "b.json").read_text())["findings"]
    assert {e["fingerprint"] for e in recorded} == {
        p["cwlintFingerprint/v1"] for p in prints.values()
    }
    # a finding a baseline knows is kept, suppressed as external (not in the source)
    known = json.loads(
        cwlint("check", "--format", "sarif", "--baseline", "b.json", "configs", cwd=tmp_path).stdout
    )
    assert not list(validator.iter_errors(known))
    kinds = {r["ruleId"]: r.get("suppressions") for r in known["runs"][0]["results"]}
    assert kinds["CW201"] == [{"kind": "external"}]


def test_uris_are_relative_to_the_repository_root_and_normalised(
    cwlint, tmp_path, validator
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "configs").mkdir()
    (repo / "configs/m.yaml").write_text(MANIFEST)
    (tmp_path / "outside.yaml").write_text(MANIFEST)

    def uris(*paths: str) -> tuple[dict, set[tuple[str, ...]]]:
        log = json.loads(cwlint("check", "--format", "sarif", *paths, cwd=repo / "configs").stdout)
        assert not list(validator.iter_errors(log))
        run = log["runs"][0]
        found = {
            tuple(r["locations"][0]["physicalLocation"]["artifactLocation"].values())
            for r in run["results"]
        }
        return run["originalUriBaseIds"], found

    base, found = uris("m.yaml", "../configs/./m.yaml", "../../outside.yaml")
    assert base == {"%SRCROOT%": {"uri": repo.resolve().as_uri() + "/"}}
    assert found == {
        ("configs/m.yaml", "%SRCROOT%"),  # from a sub-folder: still from the root, no ../
        ((tmp_path / "outside.yaml").resolve().as_uri(),),  # outside the base: absolute
    }
