"""``cwlint check --fix`` and ``--diff``: the files' fixes applied (or shown), the rest reported.

:func:`run` lints the paths as ``check`` does, and for each file with a fix to apply reads its
bytes, fixes its text (:func:`cwlint.fix.fix_text`), and writes the bytes back in the file's own
encoding, byte order mark and line endings, only when they changed; ``--diff`` writes nothing
and gives a unified diff instead, with every secret the manifest holds written as ``***``. A
file whose bytes would not come back as they were is left alone and named. Standard input
(``-``) is fixed as text and given back on standard output. :func:`present` prints it all;
the exit code is decided by what is left.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from cwlint.discover import STDIN, read
from cwlint.display import escape
from cwlint.errors import OptionsError, UsageError
from cwlint.files import FileError, Truncated
from cwlint.files import write as write_file
from cwlint.findings import Finding, Report
from cwlint.fix import Unwritable, decode, encode, fix_text, fixable
from cwlint.options import Options


@dataclass(frozen=True)
class Mode:
    """What the flags ask: ``--unsafe-fixes``, ``--diff`` (write nothing), ``--show-fixes``."""

    unsafe: bool = False
    diff: bool = False
    show_fixes: bool = False


@dataclass
class Outcome:
    """What a fix run did: the ``report`` of what is left (for ``--diff``: of the files as
    they are), the findings ``fixed`` in each file (positions as the file was), the ``diffs``,
    the fixed bytes of standard input, and the files ``refused`` (with why)."""

    report: Report
    fixed: dict[str, list[Finding]] = field(default_factory=dict)
    diffs: list[str] = field(default_factory=list)
    stdin_text: bytes | None = None
    refused: list[str] = field(default_factory=list)


def run(paths: Sequence[str], options: Options, mode: Mode) -> Outcome:
    """Fix (or, with ``mode.diff``, diff) every file ``paths`` names, as ``check`` finds them."""
    from cwlint.engine import lint

    if options.live or options.snapshot is not None:
        raise OptionsError(
            "--fix and --diff apply the static rules' fixes: run them without --live or --snapshot"
        )
    files = [p for p in paths if p != STDIN]
    report = lint(files, options) if files else Report()
    outcome = Outcome(report)
    for name in report.files:
        if any(fixable(f, mode.unsafe) for f in report.findings if f.file == name):
            _fix_file(name, read(name), options, mode, outcome)
    if STDIN in paths:
        _fix_stdin(options, mode, outcome)
    outcome.report.findings.sort()
    return outcome


def _fix_file(name: str, raw: bytes, options: Options, mode: Mode, outcome: Outcome) -> None:
    if isinstance(raw, Truncated):
        return  # too large to read: CW005 says so, and nothing in it was judged
    try:
        text, how = decode(raw)
    except Unwritable as exc:
        outcome.refused.append(f"{escape(name)}: not fixed: {exc}; fix it by hand")
        return
    result = fix_text(text, name, options, unsafe=mode.unsafe)
    new = encode(result.text, how)
    if not result.changed or new == raw:
        return
    if mode.diff:
        outcome.diffs.append(unified(name, text, result.text))
    else:
        try:
            write_file(name, new)
        except FileError as exc:
            outcome.refused.append(f"{exc}; nothing was fixed in it")
            return
        report = outcome.report
        report.findings = [f for f in report.findings if f.file != name] + result.report.findings
    outcome.fixed[name] = result.fixed


def _fix_stdin(options: Options, mode: Mode, outcome: Outcome) -> None:
    raw = read(STDIN)
    if isinstance(raw, Truncated):
        raise UsageError("standard input is larger than a manifest may be (5 MiB): name a file")
    try:
        text, how = decode(raw)
    except Unwritable as exc:
        raise UsageError(f"standard input: not fixed: {exc}") from None
    name = options.stdin_filename or STDIN
    result = fix_text(text, name, options, unsafe=mode.unsafe)
    if mode.diff:
        if result.changed:
            outcome.diffs.append(unified(name, text, result.text))
    else:
        outcome.stdin_text = encode(result.text, how)
    if result.changed:
        outcome.fixed[name] = result.fixed
    report = outcome.report
    report.findings += result.report.findings
    report.files.append(name)
    report.manifests += result.report.manifests
    report.names.update(result.report.names)
    report.fail_on.update(result.report.fail_on)


def unified(name: str, before: str, after: str) -> str:
    """A unified diff of ``before`` and ``after``, with each secret either holds written as
    ``***`` and control characters escaped (a diff is printed, so it is a report too)."""
    from cwlint.manifest.load import load
    from cwlint.secrets import Redactor, written_secrets

    secrets: set[str] = set()
    for text in (before, after):
        for doc in load(text.encode("utf-8"), name).documents:
            secrets |= written_secrets(doc.data)
    redact = Redactor(secrets)
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        f"{name}",
        f"{name}",
    )
    return "".join(escape(redact.replace(line.rstrip("\r\n"))) + "\n" for line in lines)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def present(
    outcome: Outcome,
    mode: Mode,
    echo: Callable[[str | bytes, bool], None],
    emit: Callable[[Report, bool], None],
    *,
    quiet: bool = False,
    notes_to_stderr: bool = False,
) -> bool:
    """Print what :func:`run` did: ``echo(text, to_stderr)`` prints text (or bytes) as it is;
    ``emit(report, to_stderr)`` the report of what is left, in the chosen format. Returns
    whether the run must exit with 1 whatever the findings (``--diff`` with changes).
    ``quiet`` leaves out the closing count, as ``--quiet`` leaves out the summary;
    ``notes_to_stderr`` keeps what was fixed off standard output (a JSON or SARIF report)."""
    count = sum(len(found) for found in outcome.fixed.values())
    where = _plural(len(outcome.fixed), "file")
    if mode.diff:
        for diff in outcome.diffs:
            echo(diff, False)
        _show_fixes(outcome, mode, lambda text: echo(text, True), "Would fix")
        if not quiet:
            echo(
                f"Would fix {_plural(count, 'problem')} in {where}.\n" if count else "No fixes.\n",
                True,
            )
        return bool(outcome.diffs)
    to_stderr = outcome.stdin_text is not None or notes_to_stderr
    if outcome.stdin_text is not None:
        echo(outcome.stdin_text, False)
    emit(outcome.report, outcome.stdin_text is not None)
    _show_fixes(outcome, mode, lambda text: echo(text, to_stderr), "Fixed")
    if count and not quiet:
        echo(f"Fixed {_plural(count, 'problem')} in {where}.\n", to_stderr)
    return False


def _show_fixes(outcome: Outcome, mode: Mode, say: Callable[[str], None], verb: str) -> None:
    """``--show-fixes``: each file and the fixes applied to it, in the order applied."""
    if not mode.show_fixes or not outcome.fixed:
        return
    lines = [f"{verb}:"]
    for name, found in sorted(outcome.fixed.items()):
        lines.append(f"{escape(name)}:")
        lines += [f"  {f.rule} {escape(f.fix.title)}" for f in found if f.fix is not None]
    say("\n".join(lines) + "\n")
