"""The command line: click gathers flags into Settings and calls the library. Nothing else.

Exit codes: 0 no finding at or above --fail-on; 1 findings; 2 usage or I/O error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import click

from cwlint import __version__
from cwlint.display import escape
from cwlint.findings import Severity
from cwlint.report import REPORTERS
from cwlint.report.text import COLOR_CHOICES

if TYPE_CHECKING:
    from cwlint.findings import Report
    from cwlint.fix_cmd import Mode
    from cwlint.options import Options
    from cwlint.report import View

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
SEVERITIES = click.Choice(["error", "warning", "info"], case_sensitive=False)


class InputError(click.ClickException):
    """A file or config cwlint cannot use: exit 2 with the message, and no usage line (the
    command was written right; ``click.UsageError`` is for flags and arguments)."""

    exit_code = EXIT_USAGE

    def __init__(self, exc: Exception) -> None:
        super().__init__(escape(str(exc)))


def _rule_ids(values: Iterable[str], flag: str) -> tuple[str, ...]:
    """Comma lists of IDs, names or prefixes -> rule IDs; a bad one is a usage error."""
    from cwlint.registry import UnknownRule, resolve

    ids: list[str] = []
    for value in values:
        parts = [p.strip() for p in value.split(",") if p.strip()]
        if not parts:
            raise click.BadParameter(
                "names no rule: give IDs, names or prefixes (e.g. CW301,excess-permission,CW5)",
                param_hint=flag,
            )
        for part in parts:
            try:
                ids += resolve(part)
            except UnknownRule as exc:
                raise click.BadParameter(str(exc), param_hint=flag) from None
    return tuple(dict.fromkeys(ids))


def _regrade(values: Iterable[str]) -> dict[str, Severity]:
    """``ID=LEVEL`` comma lists (``CW302=error,CW305=info``); selectors without a level take
    the next one's (``CW302,CW305=error`` re-grades both)."""
    out: dict[str, Severity] = {}
    for value in values:
        pending: list[str] = []
        for part in (p.strip() for p in value.split(",")):
            selector, sep, level = part.partition("=")
            pending.append(selector)
            if not sep:
                continue
            try:
                severity = Severity.parse(level.strip())
            except ValueError as exc:
                raise click.BadParameter(str(exc), param_hint="--severity") from None
            for rule_id in _rule_ids([",".join(pending)], "--severity"):
                out[rule_id] = severity
            pending = []
        if pending:
            raise click.BadParameter(
                f"{value!r} is not ID=LEVEL (e.g. CW302=error, or a comma list "
                "CW302=error,CW305=info)",
                param_hint="--severity",
            )
    return out


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="cwlint")
def cli() -> None:
    """Lint ConnectWise PSA (Manage) integration manifests."""


def _selection_options(command: Callable[..., None]) -> Callable[..., None]:
    """The flags that a config file can also set (shared by ``check`` and ``config``)."""
    for option in reversed(
        [
            click.option(
                "--config",
                "config_file",
                type=click.Path(exists=True, dir_okay=False),
                metavar="FILE",
                help="Read settings from FILE instead of the closest "
                "pyproject.toml [tool.cwlint] or .cwlint.yaml upward.",
            ),
            click.option(
                "--select",
                multiple=True,
                metavar="IDS",
                help="Only these rules (IDs, names or prefixes, comma-separated).",
            ),
            click.option("--ignore", multiple=True, metavar="IDS", help="Skip these rules."),
            click.option(
                "--severity",
                "regrade",
                multiple=True,
                metavar="ID=LEVEL[,...]",
                help="Re-grade rules: ID=LEVEL, comma-separated (CW302=error,CW305=info).",
            ),
            click.option(
                "--fail-on",
                type=SEVERITIES,
                default=None,
                help="Lowest severity that makes the exit code 1.  [default: error]",
            ),
        ]
    ):
        command = option(command)
    return command


def _options(
    config_file: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    regrade: tuple[str, ...],
    fail_on: str | None,
    **more: Any,
) -> Options:
    """The judging flags as library options (a config file fills in what they leave out)."""
    from cwlint.options import Options

    return Options(
        select=_rule_ids(select, "--select") or None,
        ignore=_rule_ids(ignore, "--ignore"),
        severity=_regrade(regrade),
        fail_on=Severity.parse(fail_on) if fail_on else None,
        config=config_file,
        **more,
    )


def _in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _allowed_hosts(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    from cwlint.live import allowed_host

    try:
        return tuple(allowed_host(value) for value in values)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


def _live_options(command: Callable[..., None]) -> Callable[..., None]:
    """How the live client reaches a tenant (shared by ``check --live`` and ``pull``)."""
    from cwlint.live import RUN_CALLS, timeout_type

    for option in reversed(
        [
            click.option(
                "--env-file",
                type=click.Path(exists=True, dir_okay=False),
                metavar="FILE",
                help="Read ${VAR} values from FILE (KEY=VALUE lines) as well as the "
                "environment; the environment wins.",
            ),
            click.option(
                "--ca-bundle",
                type=click.Path(exists=True, dir_okay=False),
                metavar="FILE",
                help="Trust only the CA certificate(s) in this PEM FILE "
                "(a private CA). TLS is always verified.",
            ),
            click.option(
                "--timeout",
                type=timeout_type(),
                default=10.0,
                show_default=True,
                metavar="SECONDS",
                help="Time limit of each call (connect, headers and body together); the whole "
                f"live run ends by {RUN_CALLS} times this.",
            ),
            click.option(
                "--allow-host",
                "allowed_hosts",
                multiple=True,
                callback=_allowed_hosts,
                metavar="HOST[:PORT]",
                help="Also send the credentials to this API host (repeatable): one that is not "
                "ConnectWise's, such as an on-premise server. Without it, no credentials go "
                "to a host the catalogue's regions do not list.",
            ),
        ]
    ):
        command = option(command)
    return command


def _globs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> Any:
    """Comma lists of globs; ``None`` when the flag is not given (``--exclude``)."""
    globs = tuple(g.strip() for value in values for g in value.split(",") if g.strip())
    return globs if values or param.name != "exclude" else None


def _gate_options(command: Callable[..., None]) -> Callable[..., None]:
    """What a CI gate needs: which files, an empty run, a baseline (``check`` only)."""
    for option in reversed(
        [
            click.option(
                "--exclude",
                multiple=True,
                callback=_globs,
                metavar="GLOBS",
                help="Leave out walked files and folders matching these globs (relative to the "
                "working folder, comma-separated), instead of the config's `exclude`.",
            ),
            click.option(
                "--extend-exclude",
                multiple=True,
                callback=_globs,
                metavar="GLOBS",
                help="Also leave out these globs, on top of the config's `exclude`.",
            ),
            click.option(
                "--allow-empty",
                is_flag=True,
                help="Exit 0 when no manifest is found (by default a folder without one, or a "
                "run that checks none, is an error: exit 2).",
            ),
            click.option(
                "--baseline",
                type=click.Path(dir_okay=False),
                metavar="FILE",
                help="Report only findings that this baseline FILE does not record; say how "
                "many of its entries are fixed.",
            ),
            click.option(
                "--write-baseline",
                type=click.Path(dir_okay=False, writable=True),
                metavar="FILE",
                help="Record today's findings in FILE (JSON, no values) for --baseline.",
            ),
        ]
    ):
        command = option(command)
    return command


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option(
    "--output-format",
    "--format",
    "fmt",
    type=click.Choice(sorted(REPORTERS)),
    default=None,
    help="Report format (--format is the same option).  "
    "[default: text; github when GITHUB_ACTIONS=true]",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to FILE; standard output still shows the findings (text, "
    "or annotations in GitHub Actions) unless --quiet.",
)
@_selection_options
@click.option(
    "--color",
    "color",
    type=click.Choice(COLOR_CHOICES),
    default="auto",
    show_default=True,
    help="Colour the text report: auto colours a terminal, unless NO_COLOR is set (FORCE_COLOR "
    "colours a pipe too).",
)
@click.option(
    "--show-source/--no-show-source",
    default=None,
    help="Show each finding's line with a caret under its column (standard output only, "
    "not --output FILE).  [default: on a terminal]",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Print findings only, no summary (with --output: print nothing).",
)
@click.option(
    "--statistics",
    is_flag=True,
    help="Print how many findings each rule produced, and the total, instead of the findings.",
)
@click.option(
    "--no-inline-suppressions",
    is_flag=True,
    help="Ignore `# cwlint: disable` comments (for audits).",
)
@click.option(
    "--manifests-only",
    is_flag=True,
    help="Skip named files without a top-level `cwlint:` or matching `exclude`, as "
    "directory discovery does (for pre-commit, which names every YAML file).",
)
@click.option(
    "--stdin-filename",
    default=None,
    metavar="NAME",
    help="Name of the manifest read from '-' (stdin): shown in reports, and where its config "
    "is looked for.",
)
@click.option(
    "--live",
    is_flag=True,
    help="Also compare each manifest with its tenant through the ConnectWise API "
    "(read-only: GET only; ${VAR} secrets from the environment).",
)
@_live_options
@click.option(
    "--save-snapshot",
    type=click.Path(dir_okay=False, writable=True),
    metavar="FILE",
    help="With --live: write what was read from each tenant to FILE (JSON; never a secret), "
    "to judge later with --snapshot.",
)
@click.option(
    "--snapshot",
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE",
    help="Judge the live rules against a snapshot FILE written by --save-snapshot, with no "
    "network.",
)
@_gate_options
@click.option(
    "--fix", is_flag=True, help="Apply the safe fixes to the files ('-': print the text)."
)
@click.option(
    "--unsafe-fixes", is_flag=True, help="With --fix or --diff: also apply the unsafe fixes."
)
@click.option(
    "--diff",
    is_flag=True,
    help="Print a unified diff of what --fix would change, write nothing; exit 1 if any.",
)
@click.option("--show-fixes", is_flag=True, help="With --fix or --diff: list the fixes per file.")
def check(
    paths: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    config_file: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    regrade: tuple[str, ...],
    fail_on: str | None,
    color: str,
    show_source: bool | None,
    exit_zero: bool,
    quiet: bool,
    statistics: bool,
    no_inline_suppressions: bool,
    manifests_only: bool,
    stdin_filename: str | None,
    live: bool,
    env_file: str | None,
    ca_bundle: str | None,
    timeout: float,
    allowed_hosts: tuple[str, ...],
    save_snapshot: str | None,
    snapshot: str | None,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    show_fixes: bool,
    **gates: Any,
) -> None:
    """Check manifests: files, directories (their cwlint YAML files) or '-' for stdin."""
    from cwlint.engine import lint
    from cwlint.errors import OptionsError, UsageError
    from cwlint.report import View
    from cwlint.report.text import use_colour

    fmt = fmt or ("github" if _in_github_actions() and not statistics else "text")
    if statistics and not output and fmt not in ("text", "json"):
        raise click.UsageError(
            f"--statistics prints text or json; to keep the {fmt} report, "
            "write it with --output FILE"
        )
    options = _options(
        config_file,
        select,
        ignore,
        regrade,
        fail_on,
        stdin_filename=stdin_filename,
        inline_suppressions=not no_inline_suppressions,
        manifests_only=manifests_only,
        live=live,
        env_file=env_file,
        ca_bundle=ca_bundle,
        timeout=timeout,
        allowed_hosts=allowed_hosts,
        snapshot=snapshot,
        save_snapshot=save_snapshot,
        **gates,
    )
    terminal = sys.stdout.isatty()
    view = View(
        format=fmt,
        quiet=quiet,
        color=use_colour(color, terminal, os.environ),
        show_source=terminal if show_source is None else show_source,
    )
    if fix or diff or unsafe_fixes or show_fixes:
        from cwlint.fix_cmd import Mode

        if not (fix or diff):
            raise click.UsageError("--unsafe-fixes and --show-fixes go with --fix or --diff")
        mode = Mode(unsafe_fixes, diff, show_fixes)
        sys.exit(_fixing(paths or (".",), options, mode, view, output, statistics, exit_zero))
    try:
        report = lint(paths or (".",), options)
    except OptionsError as exc:
        raise click.UsageError(escape(str(exc))) from None
    except UsageError as exc:
        raise InputError(exc) from None
    if output and any(_same_file(output, checked) for checked in report.files):
        raise click.UsageError(
            f"--output {escape(output)} is a manifest this run checks: write the report "
            "to another file"
        )
    _emit(report, view, output, statistics)
    sys.exit(EXIT_FINDINGS if report.failed and not exit_zero else EXIT_CLEAN)


def _fixing(
    paths: tuple[str, ...],
    options: Options,
    mode: Mode,
    view: View,
    output: str | None,
    statistics: bool,
    exit_zero: bool,
) -> int:
    """``--fix``/``--diff`` (:mod:`cwlint.fix_cmd`); the exit code as ``check``'s, 1 also when
    ``--diff`` shows a change, 2 when a file could not be fixed."""
    from cwlint.errors import OptionsError, UsageError
    from cwlint.fix_cmd import present, run
    from cwlint.report import reporter

    try:
        outcome = run(paths, options, mode)
    except OptionsError as exc:
        raise click.UsageError(escape(str(exc))) from None
    except UsageError as exc:
        raise InputError(exc) from None

    def emit(report: Report, err: bool) -> None:
        if err and not output:  # standard output carries the fixed text
            click.echo(reporter(view.format, view).render(report), nl=False, err=True)
        else:
            _emit(report, view, output, statistics)

    changed = present(
        outcome,
        mode,
        lambda text, err: click.echo(text, nl=False, err=err),
        emit,
        quiet=view.quiet,
        notes_to_stderr=view.format != "text" and not output,
    )
    for note in outcome.refused:
        click.echo(f"cwlint: {note}", err=True)
    if outcome.refused:
        return EXIT_USAGE
    return EXIT_FINDINGS if (changed or outcome.report.failed) and not exit_zero else EXIT_CLEAN


def _write(path: str, text: str) -> None:
    """``-o FILE``: a regular file, created or replaced; anything else is a usage error."""
    from cwlint import files

    try:
        files.write(path, text)
    except files.FileError as exc:
        raise InputError(exc) from None


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _emit(report: Report, view: View, output: str | None, statistics: bool) -> None:
    """The report to --output FILE or standard output. With a file, standard output shows the
    console view (text, or annotations in GitHub Actions; --statistics instead of findings;
    only the summary when the file already holds that view), unless --quiet."""
    from dataclasses import replace

    from cwlint.report import reporter
    from cwlint.report.statistics import StatisticsReporter

    if not output:
        shown = StatisticsReporter(view) if statistics else reporter(view.format, view)
        click.echo(shown.render(report), nl=False, color=view.color)
        if view.format == "github" and not statistics:
            _github_summary(report)
        return
    # a file is the same wherever it was written: no colour, no code frames
    _write(
        output, reporter(view.format, replace(view, color=False, show_source=False)).render(report)
    )
    if view.quiet:
        return
    console = replace(view, format="github" if _in_github_actions() else "text")
    if statistics:
        counts = StatisticsReporter(replace(console, format="text")).render(report)
        click.echo(counts, nl=False, color=console.color)
    elif console.format == view.format:
        from cwlint.report.text import TextReporter

        click.echo(TextReporter.summary(report))
    else:
        click.echo(reporter(console.format, console).render(report), nl=False, color=console.color)
        if console.format == "github":
            _github_summary(report)


def _github_summary(report: Report) -> None:
    """Annotations were printed: the job summary gets every finding (GitHub shows few)."""
    from cwlint import files
    from cwlint.report.github import write_step_summary

    try:
        write_step_summary(report, os.environ)
    except files.FileError as exc:
        click.echo(f"cwlint: the job summary was not written: {escape(str(exc))}", err=True)


@cli.command("config")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@_selection_options
def config_command(
    paths: tuple[str, ...],
    config_file: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    regrade: tuple[str, ...],
    fail_on: str | None,
) -> None:
    """Show the effective settings for each of PATHS (a file: the config that governs it; a
    folder: the one that governs its files) and where each setting came from."""
    from cwlint import config

    options = _options(config_file, select, ignore, regrade, fail_on)
    try:
        click.echo(config.explain(paths or (".",), options), nl=False)
    except config.ConfigError as exc:
        raise InputError(exc) from None


@cli.command()
@click.option("--profile", "profile", is_flag=True, help="Print the vendor profile schema instead.")
def schema(profile: bool) -> None:
    """Print the manifest JSON Schema (for editors and other validators), or with --profile the
    schema of a vendor profile file (docs/profiles.md)."""
    if profile:
        from cwlint.catalog.profiles import schema_text as profile_schema

        click.echo(profile_schema(), nl=False)
        return
    from cwlint.manifest.schema import schema_text

    click.echo(schema_text(), nl=False)


@cli.command()
def server() -> None:
    """Run the language server (LSP over stdio) for editors: every static rule as you type,
    quick fixes, completion and hover from the catalogue (README: Editors)."""
    from cwlint.server import serve

    serve()


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
def rules(fmt: str) -> None:
    """List every rule with its ID, default severity, name and summary."""
    from cwlint.rules_doc import listing

    click.echo(listing(fmt), nl=False)


def _profiles_path() -> str | None:
    """The ``profiles-path`` of the config that applies here (the closest one upward)."""
    from cwlint import config

    try:
        return config.discover((".",)).profiles_path
    except config.ConfigError as exc:
        raise InputError(exc) from None


@cli.command()
@click.argument("profile_id", required=False, metavar="[ID]")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def profiles(profile_id: str | None, fmt: str) -> None:
    """List the built-in vendor profiles, or show one (ID, or a profile file) in full."""
    from cwlint.catalog import ProfileError
    from cwlint.profiles_cmd import render

    try:
        click.echo(render(profile_id, fmt, search=_profiles_path()), nl=False)
    except ProfileError as exc:
        raise click.UsageError(escape(str(exc))) from None


@cli.command()
@click.option(
    "--profile",
    "profile_id",
    required=True,
    metavar="ID",
    help="Built-in profile id (`cwlint profiles` lists them) or a profile file.",
)
@click.option(
    "--deployment", type=click.Choice(["cloud", "on-premise"]), default="cloud", show_default=True
)
@click.option(
    "--region",
    metavar="ID",
    default=None,
    help="Cloud region: na, eu, au, aus, za or staging.  [default: na]",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE",
    help="Write the manifest to FILE instead of standard output.",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def init(
    profile_id: str, deployment: str, region: str | None, output: str | None, force: bool
) -> None:
    """Write a starter manifest for a vendor profile (it passes `cwlint check` as written)."""
    from pathlib import Path

    from cwlint.catalog import DataError
    from cwlint.init import starter, write

    target = Path(output) if output else None
    try:
        text = starter(
            profile_id, deployment=deployment, region=region, output=target, search=_profiles_path()
        )
        if target is None:
            click.echo(text, nl=False)
            return
        write(text, target, force)
    except DataError as exc:
        raise click.UsageError(escape(str(exc))) from None
    click.echo(
        f"Wrote {escape(str(target))}: replace its placeholders, then run `cwlint check {escape(str(target))}`",
        err=True,
    )


@cli.command()
@click.argument("rule", required=False)
@click.option("--all", "everything", is_flag=True, help="Explain every rule, in ID order.")
def explain(rule: str | None, everything: bool) -> None:
    """Explain a rule (ID or name): why it exists, a bad and a good example. A prefix (CW3)
    lists the rules it names."""
    from cwlint.registry import UnknownRule, all_rules, resolve
    from cwlint.rules_doc import explain as explained
    from cwlint.rules_doc import listing

    rules = all_rules()
    if everything == (rule is not None):
        raise click.UsageError("give one rule (ID, name or prefix such as CW3), or --all")
    if everything:
        click.echo("\n\n\n".join(explained(r) for r in rules.values()))
        return
    assert rule is not None
    try:
        ids = resolve(rule)
    except UnknownRule as exc:
        raise click.BadParameter(str(exc), param_hint="RULE") from None
    if len(ids) == 1:
        click.echo(explained(rules[ids[0]]))
        return
    click.echo(listing("text", [rules[i] for i in ids]), nl=False)
    click.echo(f"{rule!r} names {len(ids)} rules: `cwlint explain ID` explains one", err=True)


@cli.command()
@click.option(
    "--site",
    required=True,
    metavar="URL",
    help="Web UI root of the tenant, e.g. https://na.myconnectwise.net/",
)
@click.option(
    "--company",
    "company_id",
    required=True,
    metavar="ID",
    help="Login company id (as on the login screen).",
)
@click.option(
    "--api-url",
    metavar="URL",
    help="REST base; default: the API host and codebase companyinfo names.",
)
@click.option("--profile", metavar="ID", help="Vendor profile to name in the manifest.")
@click.option("--name", metavar="NAME", help="The manifest's name.  [default: COMPANY-PROFILE]")
@click.option(
    "-o",
    "--output",
    type=click.Path(writable=True),
    help="Write the manifest to FILE instead of standard output (with --all: a folder).",
)
@click.option(
    "--all",
    "all_members",
    is_flag=True,
    help="Write one manifest per API member into the folder -o DIR (the keys given are an "
    "auditor's: see `cwlint audit`).",
)
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="MEMBER=PROFILE",
    help="With --all: the profile of an API member (repeatable); others are matched by evidence.",
)
@click.option(
    "--public-key-env",
    default="CW_PUBLIC_KEY",
    show_default=True,
    metavar="VAR",
    help="Variable holding the API member's public key.",
)
@click.option(
    "--private-key-env",
    default="CW_PRIVATE_KEY",
    show_default=True,
    metavar="VAR",
    help="Variable holding the private key.",
)
@click.option(
    "--client-id-env",
    default="CW_CLIENT_ID",
    show_default=True,
    metavar="VAR",
    help="Variable holding the integration's clientId.",
)
@_live_options
def pull(
    site: str,
    company_id: str,
    api_url: str | None,
    profile: str | None,
    name: str | None,
    output: str | None,
    all_members: bool,
    force: bool,
    mapping: tuple[str, ...],
    public_key_env: str,
    private_key_env: str,
    client_id_env: str,
    env_file: str | None,
    ca_bundle: str | None,
    timeout: float,
    allowed_hosts: tuple[str, ...],
) -> None:
    """Write a manifest from a live tenant, as its API member sees it (read-only: GET only).

    The keys are read from the variables named by --public-key-env, --private-key-env and
    --client-id-env (or --env-file) and written as ${VAR} references, never as values.
    With --all -o DIR, one manifest per API member (an existing file is kept unless --force).
    """
    from cwlint.live import SetupError, prepare
    from cwlint.live.pull import PullError
    from cwlint.live.pull import pull as pull_tenant

    variables = {
        "public_key": public_key_env,
        "private_key": private_key_env,
        "client_id": client_id_env,
    }
    if all_members:
        from cwlint.audit.cli import pull_all

        pull_all(
            site,
            company_id,
            api_url,
            output,
            force,
            mapping,
            variables,
            env_file,
            ca_bundle,
            timeout,
            allowed_hosts,
        )
        return
    if mapping:
        raise click.UsageError("--map is for --all")
    if output and not force and os.path.lexists(output):
        raise click.UsageError(f"{escape(output)} exists: pass --force to overwrite it")
    try:
        env = prepare(env_file, ca_bundle, os.environ)
        pulled = pull_tenant(
            site,
            company_id,
            api_url=api_url,
            profile=profile,
            name=name or "-".join(filter(None, (company_id, profile))),
            variables=variables,
            env=env,
            ca_bundle=ca_bundle,
            timeout=timeout,
            allowed_hosts=allowed_hosts,
        )
    except SetupError as exc:
        raise InputError(exc) from None
    except PullError as exc:
        click.echo(f"Error: {escape(str(exc))}", err=True)
        sys.exit(EXIT_USAGE)
    if output:
        _write(output, pulled.text)
    else:
        click.echo(pulled.text, nl=False)
    for note in pulled.notes:
        click.echo(f"cwlint pull: {escape(note)}", err=True)


@cli.command()
@click.option("--site", metavar="URL", help="Web UI root of the tenant.")
@click.option("--company", "company_id", metavar="ID", help="Login company id.")
@click.option("--api-url", metavar="URL", help="REST base; default: from companyinfo.")
@click.option(
    "--tenants",
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE",
    help="Audit every tenant of FILE (site, company, key variables) concurrently.",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="MEMBER=PROFILE",
    help="The profile of an API member (repeatable).",
)
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE",
    help="Audit config: map, ignore, severity, accept (known exceptions), fail-on.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown", "html"]),
    default="text",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Write the report to FILE (an existing one only with --force).",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.option("--public-key-env", default="CW_PUBLIC_KEY", show_default=True, metavar="VAR")
@click.option("--private-key-env", default="CW_PRIVATE_KEY", show_default=True, metavar="VAR")
@click.option("--client-id-env", default="CW_CLIENT_ID", show_default=True, metavar="VAR")
@_live_options
def audit(**kwargs: Any) -> None:
    """Every API member of a tenant against its vendor's minimum (read-only, an auditor's
    keys: `cwlint init --profile cwlint-auditor` gives the role to create)."""
    from cwlint.audit.cli import run

    run(**kwargs)


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
        if os.environ.get("CWLINT_DEBUG"):
            import traceback

            from cwlint.secrets import redact_environment

            click.echo(redact_environment(traceback.format_exc(), os.environ), err=True)
        click.echo(
            f"cwlint: internal error ({type(exc).__name__}); please report it with the "
            "command you ran (CWLINT_DEBUG=1 shows the traceback)",
            err=True,
        )
        sys.exit(EXIT_USAGE)
