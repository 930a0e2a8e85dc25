"""Shared test helpers: the real command line, run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tenant.fixtures import *  # noqa: F403  (the test tenant's fixtures, used by name)

ROOT = Path(__file__).resolve().parent.parent
#: The test tenant's API host is loopback, not ConnectWise's: live runs must allow it.
ALLOW_LOOPBACK = ("--allow-host", "127.0.0.1", "--allow-host", "localhost")


def run_cwlint(
    *args: str,
    input: bytes | str | None = None,
    cwd: Path | str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """``cwlint ARGS`` through the installed entry point (``python -m cwlint``)."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    full_env.update(env or {})
    data = input.encode() if isinstance(input, str) else input
    proc = subprocess.run(
        [sys.executable, "-m", "cwlint", *args],
        input=data,
        capture_output=True,
        cwd=cwd,
        env=full_env,
        timeout=timeout,
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


@pytest.fixture
def cwlint():
    """Run the real ``cwlint`` command; returns CompletedProcess with text stdout/stderr."""
    return run_cwlint
