"""Every rule's BAD and GOOD example, linted as written through the library.

The examples are documentation (`cwlint explain`, SARIF help): each is a complete manifest a user
can save and check. BAD must give the rule's finding at its default severity; GOOD must give
none of that rule's findings (other rules may speak: an example shows one rule's point).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cwlint.engine import lint_text
from cwlint.registry import Rule, all_rules

RULES = list(all_rules().values())
#: GOOD examples that honestly keep one finding of their rule, below its default severity, and
#: the part of that finding's message that says why.
KEPT = {
    # the complete address is Gradient's to give: no example guesses the last octet
    "CW602": "also publishes '3.138.54'",
}


def _findings(tmp_path: Path, rule: Rule, kind: str) -> list:
    text = (rule.bad if kind == "bad" else rule.good) + "\n"
    if rule.audit:
        return [f for f in _audited(text) if f.rule == rule.id]
    report = lint_text(text, str(tmp_path / f"{rule.id}-{kind}.yaml"))
    return [f for f in report.findings if f.rule == rule.id]


def _audited(text: str) -> list:
    """An audit rule's example is a tenant (``cwlint_audit: 1``): judged by the audit's
    tenant-level stage, each API member matched as ``cwlint audit`` matches it."""
    import yaml

    from cwlint.audit.judge import tenant_findings
    from cwlint.audit.landscape import from_example
    from cwlint.audit.match import match_all

    landscape = from_example(yaml.safe_load(text))
    return list(tenant_findings(landscape, match_all(landscape, {})))


def _judged_offline(rule: Rule) -> None:
    if rule.live:
        pytest.skip(
            f"{rule.id} is a live rule: its examples describe tenants no saved snapshot holds; "
            "its fixtures (tests/checks/<ID>/, each with a snapshot) prove it offline, and "
            "tests/test_live*.py against the test tenant"
        )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_bad_example_fires_the_rule(tmp_path: Path, rule: Rule) -> None:
    _judged_offline(rule)
    found = _findings(tmp_path, rule, "bad")
    assert rule.severity in {f.severity for f in found}, (rule.bad, found)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_good_example_does_not_fire_the_rule(tmp_path: Path, rule: Rule) -> None:
    _judged_offline(rule)
    found = _findings(tmp_path, rule, "good")
    if rule.id in KEPT:
        assert [KEPT[rule.id] in f.message and f.severity < rule.severity for f in found] == [True]
        return
    assert found == [], rule.good


def test_every_example_is_a_whole_manifest() -> None:
    """`cwlint: 1` first (after comments), so that a copied example is checked as shown; the
    one exception is the example of the missing `cwlint:` itself. An audit rule's examples are
    tenants, marked `cwlint_audit: 1`."""
    for rule in RULES:
        for kind, text in (("bad", rule.bad), ("good", rule.good)):
            if rule.audit:
                assert text.lstrip().startswith("cwlint_audit: 1\n"), (rule.id, kind)
                continue
            if (rule.id, kind) == ("CW004", "bad"):
                assert "cwlint:" not in text
                continue
            first = next(line for line in text.splitlines() if not line.startswith("#"))
            assert first == "cwlint: 1", (rule.id, kind)
