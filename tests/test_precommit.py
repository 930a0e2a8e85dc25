"""The shipped `.pre-commit-hooks.yaml`, run by the real `pre-commit try-repo` as a config repo
would run it. pre-commit installs cwlint into its own virtualenv (pip, from PyPI): slow, so the
test is marked ``network``: deselected by default, ``.ci/run`` runs it.

``try-repo`` clones the hook repository at HEAD and adds only *tracked* uncommitted changes, so
the working tree is first copied (tracked and untracked, minus ignored files) into a throwaway
git repository: the test checks the code as it is, committed or not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.network

BAD = """cwlint: 1
name: bad
connection:
  deployment: cloud
  site: https://na.myconnectwise.net/
  company_id: acme
  public_key: ${CW_PUBLIC_KEY}
  private_key: ${CW_PRIVATE_KEY}
pods:
  - description: call pod
    screen: Service Ticket
    type: Pod
    url: https://pods.example.com/[cw_id]
    height: tall
"""
SUPPRESSED = BAD.replace("height: tall", "height: tall  # cwlint: disable=CW003 -- legacy")


def git(*args: str, cwd: Path) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout


def snapshot(dest: Path) -> Path:
    """The working tree as a one-commit git repository at ``dest``."""
    if (ROOT / ".git").exists():
        listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
        files = [f for f in listed.split("\0") if f and (ROOT / f).is_file()]
    else:  # an unpacked sdist: everything but caches
        files = [
            str(p.relative_to(ROOT))
            for p in ROOT.rglob("*")
            if p.is_file()
            and not any(
                part.startswith((".", "__pycache__")) for part in p.relative_to(ROOT).parts[:-1]
            )
        ]
    for name in files:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)
    git("init", "-q", cwd=dest)
    git("add", "-A", cwd=dest)
    git("commit", "-q", "-m", "snapshot", cwd=dest)
    return dest


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git, not installed")
def test_pre_commit_try_repo_runs_the_hook(tmp_path: Path) -> None:
    hooks = snapshot(tmp_path / "cwlint")
    repo = tmp_path / "config-repo"
    repo.mkdir()
    (repo / "integrations").mkdir()
    (repo / "integrations/bad.yaml").write_text(BAD)
    (repo / "integrations/ok.yaml").write_text(SUPPRESSED)
    (repo / "docker-compose.yaml").write_text("services:\n  web: {image: nginx}\n")
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GITHUB_ACTIONS", "NO_COLOR", "PRE_COMMIT_HOME")
    }
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env["PRE_COMMIT_COLOR"] = "never"

    def try_repo(*files: str, hook: str = "cwlint") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pre_commit",
                "try-repo",
                str(hooks),
                hook,
                "--verbose",
                "--files",
                *files,
            ],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    failing = try_repo("integrations/bad.yaml", "integrations/ok.yaml", "docker-compose.yaml")
    out = failing.stdout + failing.stderr
    assert failing.returncode == 1, out
    assert "cwlint" in out and "Failed" in out
    assert "integrations/bad.yaml:14:13: CW003 error 'tall' is not a whole number" in out
    assert "integrations/ok.yaml" not in out  # its finding is suppressed inline
    assert "docker-compose.yaml" not in out  # not a manifest: skipped (--manifests-only)
    assert "Found 1 problem (1 error): 2 manifests in 2 files checked." in out

    passing = try_repo("integrations/ok.yaml", "docker-compose.yaml")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "No problems: 1 manifest in 1 file checked." in passing.stdout

    # a commit with no manifest among its YAML files is not blocked (the hook's --allow-empty)
    compose_only = try_repo("docker-compose.yaml")
    assert compose_only.returncode == 0, compose_only.stdout + compose_only.stderr
    assert "No problems: 0 manifests in 0 files checked." in compose_only.stdout
    # cwlint-fix: the codebase's slash is added in place; pre-commit fails the run because the
    # hook changed a file, and the next run passes
    (repo / "integrations/slash.yaml").write_text(
        SUPPRESSED.replace("  company_id", "  codebase: v2025_1\n  company_id")
    )
    git("add", "-A", cwd=repo)
    fixing = try_repo("integrations/slash.yaml", hook="cwlint-fix")
    assert fixing.returncode == 1, fixing.stdout + fixing.stderr
    assert "files were modified by this hook" in fixing.stdout
    assert "  codebase: v2025_1/\n" in (repo / "integrations/slash.yaml").read_text()
    again = try_repo("integrations/slash.yaml", hook="cwlint-fix")
    assert again.returncode == 0, again.stdout + again.stderr
