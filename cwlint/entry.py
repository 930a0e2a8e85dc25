"""The ``cwlint`` command's entry point: a plain ``cwlint check FILE...`` without click.

A pre-commit run is mostly start-up, and click with what it imports is a fifth of it. A command
line made only of ``check``, the flags in :data:`FLAGS` and file or folder names runs the library
directly and prints the text report exactly as :mod:`cwlint.cli` would. Anything else (another
command, any other option, ``-`` for stdin, ``--``, no path, GitHub Actions' annotations, a
terminal or ``FORCE_COLOR`` (colour and code frames), a usage error, a run that checks no
manifest, or an internal error) goes to the click command line, unchanged: that is where every
option is defined, and the only place that reports usage errors.
"""

from __future__ import annotations

import gc
import os
import sys

#: The only flags this path understands (their ``check`` meaning); any other goes to click.
FLAGS = {"-q": "quiet", "--quiet": "quiet", "--exit-zero": "exit_zero"}
FLAGS["--manifests-only"] = "manifests_only"


def plain_check(args: list[str]) -> tuple[set[str], list[str]] | None:
    """``(flags, paths)`` when ``args`` is a plain ``check`` this path runs; None otherwise."""
    if (
        len(args) < 2
        or args[0] != "check"
        or os.environ.get("GITHUB_ACTIONS") == "true"
        or os.environ.get("FORCE_COLOR")  # colour, like code frames on a terminal, is click's
        or sys.stdout.isatty()
    ):
        return None
    flags: set[str] = set()
    paths: list[str] = []
    for arg in args[1:]:
        if arg in FLAGS:
            flags.add(FLAGS[arg])
        elif not arg or arg.startswith("-"):
            return None
        else:
            paths.append(arg)
    return (flags, paths) if paths else None


def run(flags: set[str], paths: list[str]) -> int | None:
    """Run a plain check and print its text report; the exit code, or None when the click
    command line must run it instead (a usage error: click words it)."""
    from cwlint.engine import lint
    from cwlint.errors import UsageError
    from cwlint.options import Options
    from cwlint.report import View
    from cwlint.report.text import TextReporter

    try:
        report = lint(paths, Options(manifests_only="manifests_only" in flags))
    except UsageError:
        return None
    text = TextReporter(View(format="text", quiet="quiet" in flags)).render(report)
    if text:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 1 if report.failed and "exit_zero" not in flags else 0


def _click(argv: list[str]) -> None:
    sys.argv = argv
    from cwlint.cli import main as click_main

    click_main()


def main() -> None:
    """``cwlint``: the fast path for a plain check, the click command line for the rest."""
    # Start-up and a manifest's documents allocate much and free little: the default
    # threshold (700) makes the cyclic collector rescan them again and again, which is what
    # made large manifests slower than their size. Reference counting frees the rest.
    gc.set_threshold(100_000, 50, 1000)
    argv = list(sys.argv)
    plain = plain_check(argv[1:])
    if plain is None:
        _click(argv)
        return
    try:
        code = run(*plain)
    except BrokenPipeError:  # as cwlint.cli.main: a closed pipe ends quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:  # as click does
        sys.stderr.write("\nAborted!\n")
        sys.exit(1)
    except Exception:  # a bug: the click command line runs it again and words it
        code = None
    if code is None:
        _click(argv)
        return
    sys.exit(code)
