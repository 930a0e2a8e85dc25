"""Shared test helpers: the command line in-process (click's runner) or through its real
entry point (a subprocess), as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from cwlint.cli import cli
from tests.tenant.fixtures import *  # noqa: F403  (the test tenant's fixtures, used by name)

ROOT = Path(__file__).resolve().parent.parent
#: The test tenant's API host is loopback, not ConnectWise's: live runs must allow it.
ALLOW_LOOPBACK = ("--allow-host", "127.0.0.1", "--allow-host", "localhost")

# Property tests: 100 examples each and no deadline (a shared machine stalls); for a longer
# search, HYPOTHESIS_PROFILE=thorough (or pytest --hypothesis-profile=thorough).
settings.register_profile("cwlint", deadline=None, max_examples=100)
settings.register_profile("thorough", deadline=None, max_examples=2_000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "cwlint"))


def run_cwlint(
    *args: str,
    input: bytes | str | None = None,
    cwd: Path | str | None = None,
    env: Mapping[str, str | None] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """``cwlint ARGS`` through the installed entry point (``python -m cwlint``); a None in
    ``env`` unsets that variable."""
    full_env: dict[str, str | None] = {**os.environ, "GITHUB_ACTIONS": None, "NO_COLOR": None}
    full_env.update(env or {})
    data = input.encode() if isinstance(input, str) else input
    proc = subprocess.run(
        [sys.executable, "-m", "cwlint", *args],
        input=data,
        capture_output=True,
        cwd=cwd,
        env={k: v for k, v in full_env.items() if v is not None},
        timeout=timeout,
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


def run_cli(
    *args: str,
    input: bytes | str | None = None,
    cwd: Path | str | None = None,
    env: Mapping[str, str | None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``cwlint ARGS`` in this process (click's runner): for tests of what the command says and
    exits with, where the interpreter, pipes and entry point are not the point. A bug raises
    here, with its traceback, instead of becoming the entry point's one-line exit 2."""
    runner = CliRunner()
    unset: dict[str, str | None] = {"GITHUB_ACTIONS": None, "NO_COLOR": None}
    previous = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = runner.invoke(cli, list(args), input=input, env={**unset, **(env or {})})
    finally:
        os.chdir(previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(
        ["cwlint", *args], result.exit_code, result.stdout, result.stderr
    )


@pytest.fixture
def cwlint():
    """Run ``cwlint`` in-process (:func:`run_cli`); returns a CompletedProcess with text
    stdout/stderr. Tests of the real entry point (exit codes through the interpreter, pipes,
    environment, imports) call :func:`run_cwlint` instead."""
    return run_cli
