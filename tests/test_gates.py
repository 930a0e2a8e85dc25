"""A gate that does not pass on nothing: a folder without a manifest, or a run that checks none,
is exit 2 saying what was looked for (unless --allow-empty); folder walks honour .gitignore as
git does, `exclude`, and --exclude / --extend-exclude."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cwlint import Options, UsageError, lint
from cwlint.discover import MAX_GITIGNORE_BYTES
from tests.conftest import ROOT, run_cwlint

GOOD = (ROOT / "examples/acme-1stream.yaml").read_text()
ONE_FINDING = "cwlint: 1\nname: x\n"  # CW003: missing required key 'connection'
COMPOSE = "services:\n  web: {image: nginx}\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def checked(stdout: str) -> str:
    return stdout.splitlines()[-1]


def test_a_folder_without_a_manifest_fails_the_gate(tmp_path) -> None:
    write(tmp_path / "configs/m.yaml", GOOD)
    write(tmp_path / "empty/compose.yaml", COMPOSE)
    (tmp_path / "nothing").mkdir()
    # the real entry point: exit 2 through the interpreter, the message on stderr
    result = run_cwlint("check", "configs", "empty", "nothing", cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    assert (
        "empty, nothing: no manifest found: cwlint looks for YAML files (*.yaml, *.yml) whose "
        "top-level mapping has a `cwlint:` key, in a folder and its sub-folders (not hidden "
        "ones, node_modules or virtualenvs), and found 1 YAML file without it in empty; "
        "0 YAML files without it in nothing. Check the path, or pass --allow-empty"
    ) in " ".join(result.stderr.split())
    allowed = run_cwlint("check", "--allow-empty", "configs", "empty", "nothing", cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stderr
    assert checked(allowed.stdout) == "No problems: 1 manifest in 1 file checked."
    assert run_cwlint("check", "configs", cwd=tmp_path).returncode == 0


def test_the_default_path_and_a_clean_run_of_nothing(cwlint, tmp_path) -> None:
    write(tmp_path / "compose.yaml", COMPOSE)
    result = cwlint("check", cwd=tmp_path)
    assert result.returncode == 2
    assert ".: no manifest found" in result.stderr
    assert "found 1 YAML file without it in ." in " ".join(result.stderr.split())


def test_manifests_only_with_no_manifest_among_the_named_files(cwlint, tmp_path) -> None:
    write(tmp_path / "compose.yaml", COMPOSE)
    write(tmp_path / ".github/workflows/ci.yml", "on: push\n")
    result = cwlint(
        "check", "--manifests-only", "compose.yaml", ".github/workflows/ci.yml", cwd=tmp_path
    )
    assert result.returncode == 2
    assert "no manifest among the 2 files named" in " ".join(result.stderr.split())
    allowed = cwlint("check", "--manifests-only", "--allow-empty", "compose.yaml", cwd=tmp_path)
    assert allowed.returncode == 0
    assert allowed.stdout == "No problems: 0 manifests in 0 files checked.\n"
    # a file named without --manifests-only is always checked: never an empty run
    named = cwlint("check", "compose.yaml", cwd=tmp_path)
    assert named.returncode == 1 and "CW004" in named.stdout


def test_the_library_raises_and_allow_empty_is_an_option(tmp_path) -> None:
    (tmp_path / "none").mkdir()
    with pytest.raises(UsageError, match="no manifest found"):
        lint([str(tmp_path / "none")])
    report = lint([str(tmp_path / "none")], Options(allow_empty=True))
    assert report.files == [] and not report.failed


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def files_checked(cwlint, cwd: Path, *args: str) -> list[str]:
    """The files a run checked: each manifest here has exactly one finding (CW003)."""
    result = cwlint("check", "--format", "json", *args, cwd=cwd)
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["files"] == len(data["findings"])
    return sorted(f["file"] for f in data["findings"])


@pytest.mark.skipif(shutil.which("git") is None, reason="compares with git, not installed")
def test_gitignore_is_honoured_as_git_does(cwlint, tmp_path) -> None:
    repo = tmp_path / "repo"
    names = [
        "a.yaml",
        "configs/m.yaml",
        "configs/local.yaml",
        "configs/build/out.yaml",
        "configs/sub/keep.yaml",
        "configs/sub/drop.yaml",
        "configs/sub/deeper/x.yaml",
        "generated/g.yaml",
        "configs/generated/kept.yaml",  # the root's /generated/ is anchored: this one stays
    ]
    for name in names:
        write(repo / name, ONE_FINDING)
    write(repo / ".gitignore", "/generated/\nlocal.yaml\n")
    write(repo / "configs/.gitignore", "build/\nsub/*.yaml\n")
    write(repo / "configs/sub/.gitignore", "!keep.yaml\n")
    git("init", "-q", cwd=repo)
    # what git itself would add: the truth the walk must agree with
    listed = git("ls-files", "--others", "--exclude-standard", cwd=repo).split()
    expected = sorted(n for n in listed if n.endswith(".yaml"))
    assert expected == [
        "a.yaml",
        "configs/generated/kept.yaml",
        "configs/m.yaml",
        "configs/sub/deeper/x.yaml",
        "configs/sub/keep.yaml",
    ]
    assert files_checked(cwlint, repo, ".") == expected
    # from a sub-folder: the root's .gitignore and the folders' own still apply
    assert files_checked(cwlint, repo / "configs", ".") == [
        n.removeprefix("configs/") for n in expected if n.startswith("configs/")
    ]
    # a folder whose manifests git ignores is an empty run, and says why
    ignored = cwlint("check", "configs/build", cwd=repo)
    assert ignored.returncode == 2
    assert "0 YAML files without it in configs/build (1 left out by .gitignore)" in " ".join(
        ignored.stderr.split()
    )


def test_gitignore_outside_a_repository_is_not_read(cwlint, tmp_path) -> None:
    write(tmp_path / ".gitignore", "*.yaml\n")
    write(tmp_path / "m.yaml", ONE_FINDING)
    assert files_checked(cwlint, tmp_path, ".") == ["m.yaml"]


def test_a_huge_gitignore_is_a_usage_error_not_a_slow_run(cwlint, tmp_path) -> None:
    (tmp_path / ".git").mkdir()  # a repository root, as git marks it
    write(tmp_path / "m.yaml", GOOD)
    (tmp_path / ".gitignore").write_bytes(b"#" * (MAX_GITIGNORE_BYTES + 1))
    result = cwlint("check", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert ".gitignore: larger than 1.0 MiB" in result.stderr
    assert "too large for a .gitignore file" in result.stderr


def test_exclude_and_extend_exclude_on_the_command_line(cwlint, tmp_path) -> None:
    write(tmp_path / ".cwlint.yaml", "exclude: [drafts/]\n")
    for name in ("a.yaml", "drafts/d.yaml", "vendor/v.yaml", "old/o.yaml"):
        write(tmp_path / name, ONE_FINDING)
    assert files_checked(cwlint, tmp_path, ".") == ["a.yaml", "old/o.yaml", "vendor/v.yaml"]
    # --exclude replaces the config's exclude (as ruff's does); comma lists work
    assert files_checked(cwlint, tmp_path, "--exclude", "vendor/,old", ".") == [
        "a.yaml",
        "drafts/d.yaml",
    ]
    # --extend-exclude adds to it, repeatable
    assert files_checked(
        cwlint, tmp_path, "--extend-exclude", "vendor/", "--extend-exclude", "old/", "."
    ) == ["a.yaml"]
    # globs are relative to the working folder, wherever the config is
    assert files_checked(cwlint, tmp_path / "old", "--exclude", "o.yaml", "..") == [
        "../a.yaml",
        "../drafts/d.yaml",
        "../vendor/v.yaml",
    ]
    # the library takes the same options
    assert lint_files(tmp_path, Options(extend_exclude=("a.yaml",))) == [
        "old/o.yaml",
        "vendor/v.yaml",
    ]
    bad = cwlint("check", "--exclude", "[z-a]", ".", cwd=tmp_path)
    assert bad.returncode == 2
    assert "--exclude: '[z-a]' is not a valid glob (bad character range z-a" in bad.stderr
    everything = cwlint("check", "--exclude", "*.yaml", ".", cwd=tmp_path)  # .cwlint.yaml too
    assert everything.returncode == 2
    assert "found 0 YAML files without it in . (5 left out by `exclude`)" in " ".join(
        everything.stderr.split()
    )


def lint_files(cwd: Path, options: Options) -> list[str]:
    """The files ``cwlint.lint(["."], options)`` checks, run from ``cwd``."""
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        return sorted(lint(["."], options).files)
    finally:
        os.chdir(previous)
