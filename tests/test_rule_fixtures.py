"""Every rule's fixtures: ``tests/checks/<ID>/fires/*.yaml`` must give exactly the findings their
``# expect: +N:COL [text]`` comments list, and ``tests/checks/<ID>/quiet/*.yaml`` must give none
of that rule.

``+N:COL`` is the line N lines below the comment (``+0``: the comment's own line, ``-N`` above
it), so that a line added above both keeps the expectation true; ``text`` is a part of the
message."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cwlint.engine import lint
from cwlint.options import Options
from cwlint.registry import all_rules
from tests.tenant import CANARY_CLIENT_ID, CANARY_PRIVATE_KEY, CANARY_PUBLIC_KEY

CHECKS = Path(__file__).parent / "checks"
EXPECT = re.compile(r"#\s*expect:\s*(\S+?):(\d+)(?:\s+(.*\S))?")
#: A line added at the top of a fixture by the robustness test.
ADDED = b"# a line added above everything moves the expectations with it\n"


def _expected(text: str, path: Path) -> list[tuple[int, int, str | None]]:
    """``(line, column, text)`` of each ``# expect:`` comment of ``text``."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            offset, col, message = match.groups()
            assert re.fullmatch(r"[+-]\d+", offset), (
                f"{path}:{number}: write `# expect: +N:COL`, N lines below this comment"
            )
            found.append((number + int(offset), int(col), message))
    return found


def _fixtures(kind: str) -> list[Path]:
    return sorted(CHECKS.glob(f"CW*/{kind}/*.y*ml"))


def _snapshot(path: Path) -> Path:
    """A live rule's fixture is judged against its sibling ``NAME.snapshot.json``."""
    return path.with_name(path.name.rsplit(".", 1)[0] + ".snapshot.json")


def _findings(path: Path, rule: str) -> list:
    snapshot = _snapshot(path)
    options = Options(select=(rule,), snapshot=str(snapshot) if snapshot.exists() else None)
    report = lint([str(path)], options)
    return [f for f in report.findings if f.rule == rule]


def _judged(path: Path) -> tuple[list[tuple[int, int, str | None]], list]:
    """What ``path``'s comments expect, and its rule's findings."""
    expected = _expected(path.read_text(encoding="utf-8", errors="replace"), path)
    assert expected, f"{path} lists no `# expect: +N:COL` comment"
    return expected, _findings(path, path.parts[-3])


def _positions(path: Path) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The sorted positions ``path``'s comments expect, and those its rule's findings have."""
    expected, found = _judged(path)
    return sorted((line, col) for line, col, _ in expected), sorted((f.line, f.col) for f in found)


@pytest.mark.parametrize("path", _fixtures("fires"), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_fires(path: Path) -> None:
    expected, found = _judged(path)
    assert sorted((f.line, f.col) for f in found) == sorted(
        (line, col) for line, col, _ in expected
    ), "\n".join(map(str, found))
    for line, col, text in expected:
        if text:
            messages = [f.message for f in found if (f.line, f.col) == (line, col)]
            assert any(text in m for m in messages), (text, messages)


def test_expectations_survive_a_line_added_above(tmp_path: Path) -> None:
    """Every fires fixture, with a comment line added at its top (in a copy of the fixture tree,
    so relative profile paths still resolve), still gives the findings its comments expect, one
    line lower. Messages are not compared here: some quote a position of the same file. A
    finding about the whole file (1:1, e.g. CW004's "holds no YAML document") stays at 1:1."""
    copy = tmp_path / "checks"
    shutil.copytree(CHECKS, copy)
    for original in _fixtures("fires"):
        text = original.read_text(encoding="utf-8", errors="replace")
        before = sorted((line, col) for line, col, _ in _expected(text, original))
        if (1, 1) in before:
            continue
        path = copy / original.relative_to(CHECKS)
        path.write_bytes(ADDED + original.read_bytes())
        expected, positions = _positions(path)
        assert positions == expected, path
        assert expected == [(line + 1, col) for line, col in before], path


@pytest.mark.parametrize("path", _fixtures("quiet"), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_quiet(path: Path) -> None:
    rule = path.parts[-3]
    assert _findings(path, rule) == []


def test_every_rule_has_fixtures_that_fire_and_stay_quiet() -> None:
    for rule in all_rules().values():
        if rule.id == "CW204":
            continue  # judges the variables of a real --live run; a replay resolves none
        if rule.audit:
            continue  # judges a tenant, not a manifest: tests/test_audit.py and its examples
        folder = CHECKS / rule.id
        for kind in ("fires", "quiet"):
            fixtures = list(folder.glob(f"{kind}/*.y*ml"))
            assert fixtures, f"{rule.id} has no {kind}/ fixture"
            if rule.live:  # judged against a saved tenant (python -m tests.tenant.snapshots)
                assert all(_snapshot(f).exists() for f in fixtures), f"{rule.id}/{kind}"


def test_no_fixture_snapshot_holds_a_secret() -> None:
    snapshots = sorted(CHECKS.glob("CW*/*/*.snapshot.json"))
    assert snapshots
    for path in snapshots:
        text = path.read_text(encoding="utf-8")
        for canary in (CANARY_PUBLIC_KEY, CANARY_PRIVATE_KEY, CANARY_CLIENT_ID):
            assert canary.casefold() not in text.casefold(), path


def test_every_rule_documents_itself() -> None:
    """`cwlint explain` material: a rationale, a bad and a good example that are valid YAML."""
    import yaml

    for rule in all_rules().values():
        assert rule.rationale and rule.summary and rule.name, rule.id
        if rule.id not in ("CW001", "CW005"):  # their bad examples are, by design, unsafe
            assert rule.bad and yaml.safe_load(rule.bad) is not None, rule.id
        assert rule.good, rule.id
        assert not rule.rationale.startswith((" ", "\t")), rule.id
