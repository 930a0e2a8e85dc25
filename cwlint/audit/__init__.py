"""``cwlint audit``: every API member of a tenant against its vendor's minimum, read-only.

Stages, in one direction: read (:func:`cwlint.live.tenant.read_tenant` with ``audit=True``:
companyinfo, ``system/info``, then together the roles, API members, members and hosted
setups, then the settings of each role an API member holds) -> the typed snapshot
(:mod:`.landscape`) -> matching (:mod:`.match`) -> pure judging (:mod:`.judge`, the role rules
through the engine on each member's pulled manifest, and the audit rules CW921-CW925) ->
reporters (:mod:`.report`). ``pull --all`` shares the read and the manifests.

The auditor's keys come from the environment or ``--env-file``, as for ``check --live``; they
are never written anywhere (the client redacts every text a server sends back).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cwlint.audit.judge import Accept, AuditConfig, AuditReport, TenantAudit
from cwlint.findings import Severity

if TYPE_CHECKING:
    from cwlint.audit.landscape import Landscape
    from cwlint.audit.match import Match
    from cwlint.live.snapshot import Tenant

#: Default variables of the auditor's keys (``--public-key-env`` etc. or a tenants file
#: change them).
VARIABLES = {
    "public_key": "CW_PUBLIC_KEY",
    "private_key": "CW_PRIVATE_KEY",
    "client_id": "CW_CLIENT_ID",
}
#: Tenants audited at once with ``--tenants`` (each tenant's own calls are bounded by the
#: client: ``cwlint.live.tenant.MAX_WORKERS``).
MAX_TENANTS = 8
MAX_FILE_BYTES = 1 << 20


class AuditError(ValueError):
    """A usage error (exit 2): a config or tenants file that cannot be used."""


@dataclass(frozen=True)
class Target:
    """One tenant to audit, and the variables that hold the auditor's keys for it."""

    name: str
    site: str
    company_id: str
    api_url: str | None = None
    variables: Mapping[str, str] = field(default_factory=lambda: dict(VARIABLES))


def _shown(url: str) -> str:
    """A site as reports show it: no user-info, query or fragment."""
    from cwlint.urls import shown_url

    return shown_url(url)


def member_variables(identifier: str) -> dict[str, str]:
    """The ``${VAR}`` names a member's pulled manifest uses for its own keys."""
    stem = re.sub(r"[^A-Z0-9]", "_", identifier.upper())
    return {key: f"CW_{stem}_{key.upper()}" for key in VARIABLES}


def read(
    target: Target,
    env: Mapping[str, str],
    *,
    ca_bundle: str | None,
    timeout: float,
    allowed_hosts: Collection[str] = (),
    screens: bool = False,
    deadline: float | None = None,
) -> Tenant:
    """What the audit (``screens``: and ``pull --all``) reads from one tenant."""
    from cwlint.live.tenant import AUDIT_READS, read_tenant

    connection: dict[str, str] = {"site": target.site, "company_id": target.company_id}
    if target.api_url:
        connection["api_url"] = target.api_url
    for key, variable in target.variables.items():
        connection[key] = "${" + variable + "}"
    needs = {"info", *AUDIT_READS} | ({"hosted_screens"} if screens else set())
    return read_tenant(
        {"connection": connection},
        env,
        ca_bundle=ca_bundle,
        timeout=timeout,
        needs=needs,
        allowed_hosts=allowed_hosts,
        deadline=deadline,
        audit=True,
    )


def survey(tenant: Tenant, mapping: Mapping[str, str]) -> tuple[Landscape, dict[str, Match]]:
    """The landscape of a read tenant, each member matched, with its pulled manifest."""
    from cwlint.audit.landscape import from_tenant
    from cwlint.audit.match import match_all
    from cwlint.live.pull import comment, member_manifest

    landscape = from_tenant(tenant)
    matches = match_all(landscape, mapping)
    if tenant.api_failure is None:
        for integration in landscape.integrations:
            ident = integration.identifier
            match = matches[ident]
            text = member_manifest(
                tenant,
                ident,
                profile=match.profile,
                name=f"{landscape.company_id}-{ident}",
                variables=member_variables(ident),
            ).text
            said = f"profile {match.profile}" if match.profile else "no vendor profile"
            landscape.manifests[ident] = (
                f"# cwlint audit matched {said} ({match.how}: {comment(match.why)})\n{text}"
            )
    return landscape, matches


def audit_one(
    target: Target,
    env: Mapping[str, str],
    config: AuditConfig,
    *,
    ca_bundle: str | None,
    timeout: float,
    allowed_hosts: Collection[str] = (),
    deadline: float | None = None,
) -> TenantAudit:
    """The audit of one tenant; a tenant that cannot be read at all has ``error`` set."""
    from cwlint.audit.judge import judge

    missing = [v for v in target.variables.values() if not env.get(v, "").strip()]
    if missing:
        return TenantAudit(
            target.name,
            _shown(target.site),
            target.company_id,
            error=f"{', '.join(missing)} not set: export the auditor's keys or give --env-file",
        )
    tenant = read(
        target,
        env,
        ca_bundle=ca_bundle,
        timeout=timeout,
        allowed_hosts=allowed_hosts,
        deadline=deadline,
    )
    if tenant.api_failure is not None:  # 401, TLS, unreachable...: nothing to judge
        return TenantAudit(
            target.name,
            _shown(target.site),
            target.company_id,
            error=f"cannot read the tenant: {tenant.api_failure.message}",
        )
    landscape, matches = survey(tenant, config.map)
    return judge(landscape, matches, config, target.name)


def audit_many(
    targets: list[Target],
    env: Mapping[str, str],
    config: AuditConfig,
    *,
    ca_bundle: str | None,
    timeout: float,
    allowed_hosts: Collection[str] = (),
    progress: Callable[[TenantAudit], None] | None = None,
) -> AuditReport:
    """Every tenant, at most :data:`MAX_TENANTS` at once; one failing tenant is reported in
    its place and stops no other. Results keep the order of ``targets``."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from cwlint.live import run_deadline

    deadline = run_deadline(timeout)

    def one(target: Target) -> TenantAudit:
        try:
            return audit_one(
                target,
                env,
                config,
                ca_bundle=ca_bundle,
                timeout=timeout,
                allowed_hosts=allowed_hosts,
                deadline=deadline,
            )
        except Exception as exc:  # a bug must not hide the other tenants' results
            return TenantAudit(
                target.name,
                _shown(target.site),
                target.company_id,
                error=f"the audit failed ({type(exc).__name__})",
            )

    results: dict[int, TenantAudit] = {}
    with ThreadPoolExecutor(max(1, min(MAX_TENANTS, len(targets)))) as pool:
        futures = {pool.submit(one, t): i for i, t in enumerate(targets)}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if progress is not None:
                progress(results[futures[future]])
    return AuditReport([results[i] for i in range(len(targets))], config.fail_on)


# ------------------------------------------------------------------------------ files
def _yaml_file(path: str, what: str) -> Any:
    import yaml

    from cwlint import files

    try:
        text = files.read(path, MAX_FILE_BYTES, what).decode("utf-8")
    except files.FileError as exc:
        raise AuditError(f"{what} {exc}") from None
    except UnicodeDecodeError:
        raise AuditError(f"{what} {path}: not UTF-8 text") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise AuditError(f"{what} {path}{where}: not valid YAML") from None


def load_config(path: str | None, mapping: Mapping[str, str] | None = None) -> AuditConfig:
    """The audit config (``map``, ``ignore``, ``severity``, ``accept``, ``fail-on``), with
    ``--map`` entries laid over its ``map``. Raises :class:`AuditError` naming what is wrong."""
    from cwlint.catalog import ProfileError, load_catalog
    from cwlint.registry import UnknownRule, resolve

    data = _yaml_file(path, "--config") if path else {}
    where = f"--config {path}" if path else "--map"
    if not isinstance(data, dict):
        raise AuditError(f"{where}: expected a mapping with map, ignore, severity, accept")
    unknown = set(data) - {"map", "ignore", "severity", "accept", "fail-on"}
    if unknown:
        raise AuditError(
            f"{where}: unknown key {sorted(unknown)[0]!r}; the keys are map, ignore, severity, "
            "accept, fail-on"
        )
    raw_map = data.get("map") or {}
    if not isinstance(raw_map, dict):
        raise AuditError(f"{where}: map is a mapping of API member to profile id")
    merged = {str(k): str(v) for k, v in raw_map.items()} | dict(mapping or {})
    catalog = load_catalog()
    for member, profile in merged.items():
        try:
            catalog.profile(profile)
        except ProfileError as exc:
            raise AuditError(f"{where}: map {member}: {exc}") from None

    def rules(value: Any, key: str) -> list[str]:
        try:
            return [rid for v in value or () for rid in resolve(str(v))]
        except UnknownRule as exc:
            raise AuditError(f"{where}: {key}: {exc}") from None

    severity: dict[str, Severity] = {}
    for key, level in (data.get("severity") or {}).items():
        try:
            for rid in rules([key], "severity"):
                severity[rid] = Severity.parse(str(level))
        except ValueError as exc:
            raise AuditError(f"{where}: severity {key}: {exc}") from None
    accepts = []
    for entry in data.get("accept") or []:
        if not isinstance(entry, dict) or not str(entry.get("reason", "")).strip():
            raise AuditError(
                f"{where}: every accept entry is a mapping with rule and a reason "
                "(and member or role): an accepted exception says why"
            )
        for rid in rules([entry.get("rule")], "accept"):
            accepts.append(
                Accept(
                    rid,
                    str(entry["reason"]).strip(),
                    str(entry["member"]) if entry.get("member") else None,
                    str(entry["role"]) if entry.get("role") else None,
                )
            )
    try:
        fail_on = Severity.parse(str(data.get("fail-on", "error")))
    except ValueError as exc:
        raise AuditError(f"{where}: fail-on: {exc}") from None
    return AuditConfig(
        merged, frozenset(rules(data.get("ignore"), "ignore")), severity, tuple(accepts), fail_on
    )


def load_tenants(path: str) -> list[Target]:
    """``--tenants FILE``: ``tenants:`` entries with ``name``, ``site``, ``company`` and
    optionally ``api_url`` and the variables of the keys (``public_key_env``,
    ``private_key_env``, ``client_id_env``)."""
    data = _yaml_file(path, "--tenants")
    entries = data.get("tenants") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise AuditError(f"--tenants {path}: expected `tenants:`, a list of tenants")
    out = []
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("site") or not entry.get("company"):
            raise AuditError(f"--tenants {path}: tenant {i} needs site and company")
        variables = {key: str(entry.get(f"{key}_env") or f"{VARIABLES[key]}") for key in VARIABLES}
        for key, variable in variables.items():
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", variable):
                raise AuditError(f"--tenants {path}: tenant {i}: {key}_env is not a variable name")
        out.append(
            Target(
                str(entry.get("name") or entry["company"]),
                str(entry["site"]),
                str(entry["company"]),
                str(entry["api_url"]) if entry.get("api_url") else None,
                variables,
            )
        )
    return out
