"""Globs of exclude and per-file-ignores: gitignore-like meaning, no regex, no backtracking."""

from __future__ import annotations

import pytest

from cwlint.globs import FileIgnores, Glob, GlobError, Globs
from tests.conftest import ROOT, run_cwlint

GOOD = (ROOT / "examples/acme-1stream.yaml").read_text()
HOSTILE = "*a*a*a*a*a*a*a*a*a*a*ab"  # as a regex: minutes against a 60-character name


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("m.yaml", "m.yaml", True),
        ("m.yaml", "a/b/m.yaml", True),
        ("m.yaml", "a/bm.yaml", False),
        ("legacy/*.yaml", "legacy/x.yaml", True),
        ("legacy/*.yaml", "legacy/sub/x.yaml", False),
        ("legacy/*.yaml", "x/legacy/a.yaml", False),  # a pattern with "/" is anchored
        ("/legacy", "legacy/x.yaml", True),
        ("legacy", "a/legacy/x.yaml", True),  # a folder matches everything below it
        ("a/**/m.yaml", "a/m.yaml", True),
        ("a/**/m.yaml", "a/b/c/m.yaml", True),
        ("a/**/m.yaml", "b/a/m.yaml", False),
        ("**/gen", "x/gen/f.yaml", True),
        ("gen/**", "gen/x/f.yaml", True),
        ("a**b.yaml", "a/x/b.yaml", False),  # "**" inside a name is "*": it stays in the name
        ("a**b.yaml", "axxb.yaml", True),
        ("*.y?ml", "x/m.yaml", True),
        ("*.y?ml", "x/m.yml", False),
        ("[!a]*.yaml", "b.yaml", True),
        ("[!a]*.yaml", "a.yaml", False),
        ("[a-c]x", "bx", True),
        ("[]]x", "]x", True),
        ("[x", "[x", True),  # an unclosed "[" is itself
        ("./cfg/*.yaml", "cfg/x.yaml", True),
        ("cfg\\*.yaml", "cfg/x.yaml", True),  # Windows separators
        ("*a*b", "xaxxb", True),
        ("*a*b", "xaxxbx", False),
        (HOSTILE, "a" * 60, False),
        (HOSTILE, "a" * 60 + "b", True),
        (HOSTILE, "/".join(["a" * 60] * 50), False),
    ],
)
def test_glob_meaning(pattern: str, path: str, matches: bool) -> None:
    assert Glob(pattern).match(path) is matches


@pytest.mark.parametrize(
    ("pattern", "reason"), [("[z-a]", "bad character range z-a"), ("/", "names no file")]
)
def test_not_a_glob(pattern: str, reason: str) -> None:
    with pytest.raises(GlobError, match=reason):
        Glob(pattern)


def test_a_long_hostile_name_is_matched_in_linear_steps() -> None:
    """Each star keeps one resume point: steps grow with pattern length times path length."""
    assert not Glob(HOSTILE).match("a" * 200_000)
    deep = "/".join(["**", "*a*a*a*ab"] * 30)
    assert not Glob(deep).match("/".join(["a" * 40] * 500))


def test_globs_are_relative_to_their_root_and_files_ignores_add_up() -> None:
    assert Globs(["legacy/"], "/repo").match("/repo/legacy/a.yaml")
    assert not Globs(["/legacy/"], "/repo").match("/elsewhere/legacy/a.yaml")
    assert not Globs([], "/repo")
    ignores = FileIgnores([("legacy/", ("CW302",)), ("*.draft.yaml", ("CW301",))], "/repo")
    assert ignores("/repo/legacy/x.draft.yaml") == {"CW301", "CW302"}
    assert ignores("/repo/m.yaml") == frozenset()


def test_a_hostile_exclude_glob_cannot_hang_a_run(tmp_path) -> None:
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / ("a" * 60 + ".yaml")).write_text(GOOD)
    (tmp_path / "cfg" / ("a" * 60 + "b")).mkdir()
    (tmp_path / ("a" * 60 + "b") / "x").mkdir(parents=True)
    (tmp_path / ("a" * 60 + "b") / "x" / "m.yaml").write_text(GOOD)
    (tmp_path / ".cwlint.yaml").write_text(
        f'exclude: ["{HOSTILE}"]\nper-file-ignores: {{"{HOSTILE}": [CW302]}}\n'
    )
    result = run_cwlint("check", ".", cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 manifest in 1 file" in result.stdout  # the folder ending in b is excluded
