"""The rule registry refuses a mistaken rule module with a message naming it (a developer error).

Each refusal is proven on a throwaway package of rule modules built in ``tmp_path``.
"""

from __future__ import annotations

import importlib
import itertools
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from cwlint import checks
from cwlint.findings import Severity
from cwlint.registry import RegistryError, all_rules, discover, is_rule_module
from tests.conftest import ROOT

_PACKAGES = itertools.count()


def rule_source(rule_id: str = "CW301", name: str = "missing-permission", **fields: str) -> str:
    """A valid rule module's source; ``fields`` replace (or, given as ``""``, drop) its lines."""
    lines = {
        "__doc__": '"""Why the rule exists."""',
        "import": "from cwlint.findings import Severity",
        "ID": f"ID = {rule_id!r}",
        "NAME": f"NAME = {name!r}",
        "SEVERITY": "SEVERITY = Severity.ERROR",
        "SUMMARY": "SUMMARY = 'What is wrong'",
        "BAD": "BAD = 'cwlint: 1\\nname: bad\\n'",
        "GOOD": "GOOD = 'cwlint: 1\\nname: good\\n'",
        "SOURCE": "SOURCE = 'SPEC'",
        "check": "def check(ctx):\n    return iter(())",
    }
    lines.update(fields)
    return "\n".join(line for line in lines.values() if line) + "\n"


def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, modules: dict[str, str]) -> ModuleType:
    """A fresh importable package holding ``modules`` (file stem -> source)."""
    name = f"throwaway_checks_{next(_PACKAGES)}"
    folder = tmp_path / name
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    for stem, source in modules.items():
        (folder / f"{stem}.py").write_text(source)
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    return importlib.import_module(name)


def refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, modules: dict[str, str]) -> str:
    pkg = package(tmp_path, monkeypatch, modules)
    with pytest.raises(RegistryError) as caught:
        discover(pkg)
    return str(caught.value)


# ------------------------------------------------------------------------- the real registry
def test_the_shipped_rules_pass_every_check() -> None:
    rules = discover(checks)
    assert rules == all_rules()
    assert list(rules) == sorted(rules) and len(rules) >= 50
    stage_rules = {"CW001", "CW002", "CW003", "CW004", "CW005", "CW006"}
    audit_rules = {"CW921", "CW922", "CW923", "CW924", "CW925"}
    assert {rid for rid, r in rules.items() if r.check is None} == stage_rules | audit_rules
    assert {rid for rid, r in rules.items() if r.audit} == audit_rules


def test_loading_the_rules_imports_nothing_heavy() -> None:
    """`cwlint rules` and `explain` need the rule modules only: no parser, no catalogue, no HTTP."""
    code = (
        "import sys, cwlint.registry as r; r.all_rules(); "
        "heavy = {'yaml', 'jsonschema', 'httpx', 'cwlint.catalog'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("cw301_missing_permission", True),
        ("cw911_version_drift", True),
        ("_role", False),
        ("_live", False),
        ("cwhelpers", False),
        ("cw301", False),
        ("cw30_x", False),
        ("cw301missing", False),
        ("CW301_missing", False),
        ("cw301_", False),
    ],
)
def test_rule_module_pattern(stem: str, expected: bool) -> None:
    assert is_rule_module(stem) is expected


# ----------------------------------------------------------------------------- what is a rule
def test_helpers_are_never_taken_for_rules(tmp_path, monkeypatch) -> None:
    """Today's breakage: a helper named ``cw...`` broke every command. Helpers have no ID."""
    pkg = package(
        tmp_path,
        monkeypatch,
        {
            "cw301_missing_permission": rule_source(),
            "_role": "def key_of(): ...\n",
            "cwhelpers": "VALUE = 1\n",
            "common": "VALUE = 2\n",
        },
    )
    rules = discover(pkg)
    assert list(rules) == ["CW301"]
    rule = rules["CW301"]
    assert (rule.name, rule.severity, rule.summary) == (
        "missing-permission",
        Severity.ERROR,
        "What is wrong",
    )
    assert (rule.rationale, rule.source, rule.live) == ("Why the rule exists.", "SPEC", False)
    assert rule.bad == "cwlint: 1\nname: bad" and rule.good == "cwlint: 1\nname: good"


@pytest.mark.parametrize("stem", ["cw30_missing", "cw301missing", "CW301_missing", "cw3011_x"])
def test_a_near_miss_module_name_is_refused(tmp_path, monkeypatch, stem) -> None:
    message = refused(tmp_path, monkeypatch, {stem: rule_source()})
    assert f".{stem} looks like a rule but is not named cwNNN_<name>" in message
    assert "start a helper's name with an underscore" in message


# --------------------------------------------------------------------------- ID and NAME
def test_a_duplicate_id_is_refused(tmp_path, monkeypatch) -> None:
    message = refused(
        tmp_path,
        monkeypatch,
        {
            "cw301_missing_permission": rule_source(),
            "cw301_excess_permission": rule_source(name="excess-permission"),
        },
    )
    assert message.endswith(
        "cw301_missing_permission: ID CW301 is already excess-permission's: "
        "give one of them another ID"
    )


def test_a_duplicate_name_is_refused(tmp_path, monkeypatch) -> None:
    message = refused(
        tmp_path,
        monkeypatch,
        {
            "cw301_missing_permission": rule_source(),
            "cw302_missing_permission": rule_source("CW302"),
        },
    )
    assert message.endswith(
        "cw302_missing_permission: NAME 'missing-permission' is already CW301's: "
        "give one of them another NAME"
    )


def test_an_id_that_is_not_the_module_name_is_refused(tmp_path, monkeypatch) -> None:
    message = refused(tmp_path, monkeypatch, {"cw302_missing_permission": rule_source("CW301")})
    assert message.endswith("cw302_missing_permission: ID is 'CW301'; the module name says 'CW302'")


def test_a_name_that_is_not_the_module_name_is_refused(tmp_path, monkeypatch) -> None:
    message = refused(
        tmp_path, monkeypatch, {"cw301_missing_permission": rule_source(name="missing-perm")}
    )
    assert message.endswith(
        "cw301_missing_permission: NAME is 'missing-perm'; the module name says "
        "'missing-permission' (rename the module or the NAME so that they agree)"
    )


# --------------------------------------------------------------------------- documentation
@pytest.mark.parametrize("field", ["SUMMARY", "BAD", "GOOD", "SOURCE"])
@pytest.mark.parametrize("value", ["", "{field} = '  '", "{field} = None"])
def test_a_missing_or_empty_doc_field_is_refused(tmp_path, monkeypatch, field, value) -> None:
    source = rule_source(**{field: value.format(field=field)})
    message = refused(tmp_path, monkeypatch, {"cw301_missing_permission": source})
    assert message.endswith(
        f".cw301_missing_permission: {field} is missing or empty (`cwlint explain` shows it)"
    )


def test_a_missing_rationale_is_refused(tmp_path, monkeypatch) -> None:
    source = rule_source(__doc__="")
    message = refused(tmp_path, monkeypatch, {"cw301_missing_permission": source})
    assert message.endswith(
        "cw301_missing_permission: the module docstring (the rule's rationale) is missing"
    )


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"SEVERITY": "SEVERITY = 'error'"}, "SEVERITY must be a cwlint.findings.Severity"),
        ({"check": "check = 'not a function'"}, "check must be a function check(ctx)"),
        ({"check": "LIVE = 'yes'"}, "LIVE must be True or False"),
    ],
)
def test_a_wrongly_typed_declaration_is_refused(tmp_path, monkeypatch, fields, problem) -> None:
    source = rule_source(**fields)
    message = refused(tmp_path, monkeypatch, {"cw301_missing_permission": source})
    assert message.endswith(f"cw301_missing_permission: {problem}")


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"check": "TAGS = ['security']"}, "TAGS must be a tuple of lower-case tags"),
        ({"check": "TAGS = ('Security Alert',)"}, "TAGS must be a tuple of lower-case tags"),
        (
            {"check": "TAGS = ('security',)\nSECURITY_SEVERITY = 9.0"},
            'SECURITY_SEVERITY is 9.0; write a score from "0.1" to "10.0"',
        ),
        (
            {"check": "TAGS = ('security',)\nSECURITY_SEVERITY = '11.0'"},
            'SECURITY_SEVERITY is \'11.0\'; write a score from "0.1" to "10.0"',
        ),
        (
            {"check": "TAGS = ('security',)\nSECURITY_SEVERITY = '0.0'"},
            'SECURITY_SEVERITY is \'0.0\'; write a score from "0.1" to "10.0"',
        ),
        (
            {"check": "SECURITY_SEVERITY = '9.8'"},
            'SECURITY_SEVERITY needs "security" in TAGS (code scanning reads both)',
        ),
    ],
)
def test_bad_code_scanning_metadata_is_refused(tmp_path, monkeypatch, fields, problem) -> None:
    message = refused(tmp_path, monkeypatch, {"cw301_missing_permission": rule_source(**fields)})
    assert f"cw301_missing_permission: {problem}" in message


def test_secret_and_privilege_rules_carry_security_severity() -> None:
    rules = all_rules()
    scores = {rid: r.security_severity for rid, r in rules.items() if r.security_severity}
    assert scores == {
        "CW106": "8.1",
        "CW201": "9.8",
        "CW202": "5.3",
        "CW205": "8.8",
        "CW302": "4.3",
        "CW305": "5.4",
        "CW307": "8.0",
        "CW501": "5.3",
        "CW505": "5.3",
    }
    assert float(scores["CW201"]) > 9.0  # code scanning's "critical" is over 9.0
    assert "external/cwe/cwe-798" in rules["CW201"].tags
    assert all("security" in rules[rid].tags for rid in scores)
