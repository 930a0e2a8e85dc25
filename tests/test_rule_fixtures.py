"""Every rule's fixtures: ``tests/checks/<ID>/fires/*.yaml`` must give exactly the findings their
``# expect: LINE:COL [text]`` comments list (text: a part of the message), and
``tests/checks/<ID>/quiet/*.yaml`` must give none of that rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cwlint.engine import lint
from cwlint.options import Options
from cwlint.registry import all_rules

CHECKS = Path(__file__).parent / "checks"
EXPECT = re.compile(r"#\s*expect:\s*(\d+):(\d+)(?:\s+(.*\S))?")


def _fixtures(kind: str) -> list[Path]:
    return sorted(CHECKS.glob(f"CW*/{kind}/*.y*ml"))


def _findings(path: Path, rule: str) -> list:
    report = lint([str(path)], Options(select=(rule,)))
    return [f for f in report.findings if f.rule == rule]


@pytest.mark.parametrize("path", _fixtures("fires"), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_fires(path: Path) -> None:
    rule = path.parts[-3]
    expected = [
        m.groups() for m in EXPECT.finditer(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert expected, f"{path} lists no `# expect: LINE:COL` comment"
    found = _findings(path, rule)
    assert sorted((f.line, f.col) for f in found) == sorted(
        (int(line), int(col)) for line, col, _ in expected
    ), "\n".join(map(str, found))
    for line, col, text in expected:
        if text:
            messages = [f.message for f in found if (f.line, f.col) == (int(line), int(col))]
            assert any(text in m for m in messages), (text, messages)


@pytest.mark.parametrize("path", _fixtures("quiet"), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_quiet(path: Path) -> None:
    rule = path.parts[-3]
    assert _findings(path, rule) == []


def test_every_rule_has_fixtures_that_fire_and_stay_quiet() -> None:
    for rule in all_rules().values():
        if rule.live:
            continue  # live rules are proven against the test tenant (tests/test_live*.py)
        folder = CHECKS / rule.id
        assert list(folder.glob("fires/*.y*ml")), f"{rule.id} has no fires/ fixture"
        assert list(folder.glob("quiet/*.y*ml")), f"{rule.id} has no quiet/ fixture"


def test_every_rule_documents_itself() -> None:
    """`cwlint explain` material: a rationale, a bad and a good example that are valid YAML."""
    import yaml

    for rule in all_rules().values():
        assert rule.rationale and rule.summary and rule.name, rule.id
        if rule.id not in ("CW001", "CW005"):  # their bad examples are, by design, unsafe
            assert rule.bad and yaml.safe_load(rule.bad) is not None, rule.id
        assert rule.good, rule.id
        assert not rule.rationale.startswith((" ", "\t")), rule.id
