"""The command line: click gathers flags into Settings and calls the library. Nothing else.

Exit codes: 0 no finding at or above --fail-on; 1 findings; 2 usage or I/O error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

import click

from cwlint import __version__
from cwlint.findings import Severity
from cwlint.report import REPORTERS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
SEVERITIES = click.Choice(["error", "warning", "info"], case_sensitive=False)


def _rule_ids(values: Iterable[str], flag: str) -> tuple[str, ...]:
    """Comma lists of IDs, names or prefixes -> rule IDs; a bad one is a usage error."""
    from cwlint.registry import UnknownRule, resolve

    ids: list[str] = []
    for value in values:
        for part in filter(None, (p.strip() for p in value.split(","))):
            try:
                ids += resolve(part)
            except UnknownRule as exc:
                raise click.BadParameter(str(exc), param_hint=flag) from None
    return tuple(dict.fromkeys(ids))


def _regrade(values: Iterable[str]) -> dict[str, Severity]:
    out: dict[str, Severity] = {}
    for value in values:
        selector, sep, level = value.partition("=")
        if not sep:
            raise click.BadParameter(f"{value!r} is not ID=LEVEL (e.g. CW302=error)",
                                     param_hint="--severity")
        try:
            severity = Severity.parse(level)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--severity") from None
        for rule_id in _rule_ids([selector], "--severity"):
            out[rule_id] = severity
    return out


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cwlint")
def cli() -> None:
    """Lint ConnectWise PSA (Manage) integration manifests."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text",
              show_default=True, help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to FILE instead of standard output.")
@click.option("--select", multiple=True, metavar="IDS",
              help="Only these rules (IDs, names or prefixes, comma-separated).")
@click.option("--ignore", multiple=True, metavar="IDS", help="Skip these rules.")
@click.option("--severity", "regrade", multiple=True, metavar="ID=LEVEL",
              help="Re-grade a rule, e.g. CW302=error.")
@click.option("--fail-on", type=SEVERITIES, default="error", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option("--stdin-filename", default="-", metavar="NAME",
              help="Name of the manifest read from '-' (stdin) in reports.")
def check(paths: tuple[str, ...], fmt: str, output: str | None, select: tuple[str, ...],
          ignore: tuple[str, ...], regrade: tuple[str, ...], fail_on: str, exit_zero: bool,
          quiet: bool, stdin_filename: str) -> None:
    """Check manifests: files, directories (their cwlint YAML files) or '-' for stdin."""
    from cwlint.engine import UsageError, run
    from cwlint.report import reporter
    from cwlint.settings import Settings

    stream = None if output else sys.stdout
    settings = Settings(
        paths=paths or (".",),
        format=fmt,
        output=output,
        select=_rule_ids(select, "--select"),
        ignore=_rule_ids(ignore, "--ignore"),
        severity=_regrade(regrade),
        fail_on=Severity.parse(fail_on),
        exit_zero=exit_zero,
        quiet=quiet,
        color=bool(stream and stream.isatty() and not os.environ.get("NO_COLOR")),
        stdin_filename=stdin_filename,
    )
    try:
        report = run(settings)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    text = reporter(settings.format, settings).render(report)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise click.UsageError(f"{output}: cannot write: {exc.strerror or exc}") from None
    else:
        click.echo(text, nl=False)
    failed = report.count(settings.fail_on) > 0 and not settings.exit_zero
    sys.exit(EXIT_FINDINGS if failed else EXIT_CLEAN)


@cli.command()
def schema() -> None:
    """Print the manifest JSON Schema (for editors and other validators)."""
    from cwlint.manifest.schema import schema_text

    click.echo(schema_text(), nl=False)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def rules(fmt: str) -> None:
    """List every rule with its ID, default severity, name and summary."""
    from cwlint.registry import all_rules

    listed = all_rules().values()
    if fmt == "json":
        import json

        click.echo(json.dumps([
            {"id": r.id, "name": r.name, "severity": str(r.severity), "summary": r.summary,
             "live": r.live, "url": r.url} for r in listed], indent=2))
        return
    width = max(len(r.name) for r in listed)
    for r in listed:
        click.echo(f"{r.id}  {r.severity!s:<7}  {r.name:<{width}}  {r.summary}")


@cli.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Explain a rule (ID or name): why it exists, a bad and a good example."""
    from cwlint.registry import UnknownRule, all_rules, resolve

    try:
        ids = resolve(rule)
    except UnknownRule as exc:
        raise click.BadParameter(str(exc), param_hint="RULE") from None
    if len(ids) != 1:
        raise click.BadParameter(f"{rule!r} names {len(ids)} rules; give one ID",
                                 param_hint="RULE")
    r = all_rules()[ids[0]]
    parts = [f"{r.id} {r.name} (default: {r.severity})", r.summary, r.rationale]
    if r.bad:
        parts.append("Bad:\n" + _indent(r.bad))
    if r.good:
        parts.append("Good:\n" + _indent(r.good))
    if r.source:
        parts.append(f"Source: {r.source}")
    parts.append(f"Docs: {r.url}")
    click.echo("\n\n".join(p for p in parts if p))


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.splitlines())


def main() -> None:
    """Entry point: never a traceback; a closed pipe ends quietly."""
    try:
        cli(prog_name="cwlint")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush is quiet
        sys.exit(EXIT_FINDINGS)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug: one line, no traceback, no values that could be secrets
        click.echo(f"cwlint: internal error ({type(exc).__name__}); please report it with the "
                   "command you ran", err=True)
        sys.exit(EXIT_USAGE)
