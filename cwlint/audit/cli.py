"""The ``cwlint audit`` and ``cwlint pull --all`` commands (imported when they run): they turn
flags into targets and a config, and the result into output and an exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Collection, Mapping

import click

from cwlint.display import escape

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _mapping(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for value in values:
        member, sep, profile = value.partition("=")
        if not sep or not member.strip() or not profile.strip():
            raise click.UsageError(f"--map {escape(value)!r}: write MEMBER=PROFILE")
        out[member.strip()] = profile.strip()
    return out


def _env(env_file: str | None, ca_bundle: str | None) -> dict[str, str]:
    from cwlint.live import SetupError, prepare

    try:
        return prepare(env_file, ca_bundle, os.environ)
    except SetupError as exc:
        raise click.UsageError(escape(str(exc))) from None


def _write_new(path: str, text: str, force: bool) -> None:
    """Write ``path`` (a regular file); an existing one only with ``force``."""
    from cwlint import files

    if not force and os.path.lexists(path):
        raise click.UsageError(f"{escape(path)} exists: pass --force to overwrite it")
    try:
        files.write(path, text)
    except files.FileError as exc:
        raise click.UsageError(escape(str(exc))) from None


def run(
    *,
    site: str | None,
    company_id: str | None,
    api_url: str | None,
    tenants: str | None,
    mapping: tuple[str, ...],
    config: str | None,
    fmt: str,
    output: str | None,
    force: bool,
    public_key_env: str,
    private_key_env: str,
    client_id_env: str,
    env_file: str | None,
    ca_bundle: str | None,
    timeout: float,
    allowed_hosts: tuple[str, ...],
) -> None:
    from cwlint.audit import AuditError, Target, audit_many, load_config, load_tenants
    from cwlint.audit.report import render

    if bool(tenants) == bool(site or company_id):
        raise click.UsageError("give --site URL --company ID, or --tenants FILE")
    if not tenants and not (site and company_id):
        raise click.UsageError("--site and --company go together")
    if fmt == "html" and not output:
        raise click.UsageError("--format html writes a file: add -o report.html")
    if output and not force and os.path.lexists(output):
        raise click.UsageError(f"{escape(output)} exists: pass --force to overwrite it")
    variables = {
        "public_key": public_key_env,
        "private_key": private_key_env,
        "client_id": client_id_env,
    }
    try:
        audit_config = load_config(config, _mapping(mapping))
        targets = (
            load_tenants(tenants)
            if tenants
            else [Target(company_id or "", site or "", company_id or "", api_url, variables)]
        )
    except AuditError as exc:
        raise click.UsageError(escape(str(exc))) from None
    env = _env(env_file, ca_bundle)
    bar = None
    if len(targets) > 1 and sys.stderr.isatty():
        bar = click.progressbar(length=len(targets), label="Auditing", file=sys.stderr)
    report = audit_many(
        targets,
        env,
        audit_config,
        ca_bundle=ca_bundle,
        timeout=timeout,
        allowed_hosts=allowed_hosts,
        progress=(lambda _: bar.update(1)) if bar is not None else None,
    )
    if bar is not None:
        bar.render_finish()
    text = render(report, fmt, color=not output and sys.stdout.isatty())
    if output:
        _write_new(output, text, True)  # refused above, before any call, unless --force
        if fmt != "text":
            click.echo(render(report, "summary"))
    else:
        click.echo(text, nl=False)
    sys.exit(EXIT_FINDINGS if report.failed else EXIT_CLEAN)


def pull_all(
    site: str,
    company_id: str,
    api_url: str | None,
    output: str | None,
    force: bool,
    mapping: tuple[str, ...],
    variables: Mapping[str, str],
    env_file: str | None,
    ca_bundle: str | None,
    timeout: float,
    allowed_hosts: Collection[str],
) -> None:
    """``pull --all -o DIR``: one manifest per API member, named after it."""
    from cwlint.audit import Target, read, survey
    from cwlint.audit.judge import manifest_name

    if not output:
        raise click.UsageError("--all writes one file per API member: add -o DIR")
    if os.path.lexists(output) and not os.path.isdir(output):
        raise click.UsageError(f"-o {escape(output)} is not a folder")
    env = _env(env_file, ca_bundle)
    missing = [v for v in variables.values() if not env.get(v, "").strip()]
    if missing:
        click.echo(
            f"Error: {', '.join(missing)} not set: export the auditor's keys or give --env-file",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    target = Target(company_id, site, company_id, api_url, dict(variables))
    tenant = read(
        target,
        env,
        ca_bundle=ca_bundle,
        timeout=timeout,
        allowed_hosts=allowed_hosts,
        screens=True,
    )
    if tenant.api_failure is not None or not tenant.result("api_members").ok:
        failure = tenant.api_failure or tenant.result("api_members").failure
        message = failure.message if failure is not None else "unknown"
        click.echo(f"Error: cannot read the API members: {escape(message)}", err=True)
        sys.exit(EXIT_USAGE)
    landscape, matches = survey(tenant, _mapping(mapping))

    names = {i.identifier: manifest_name(i.identifier) for i in landscape.integrations}
    taken = [n for n in names.values() if os.path.lexists(os.path.join(output, n))]
    if taken and not force:
        shown = ", ".join(escape(n) for n in sorted(taken)[:5])
        raise click.UsageError(
            f"{len(taken)} file(s) exist in {escape(output)} ({shown}): pass --force to "
            "overwrite them"
        )
    os.makedirs(output, exist_ok=True)
    for ident, text in landscape.manifests.items():
        _write_new(os.path.join(output, names[ident]), text, True)
        profile = matches[ident].profile or "no profile matched"
        click.echo(f"{escape(os.path.join(output, names[ident]))}: {escape(profile)}")
