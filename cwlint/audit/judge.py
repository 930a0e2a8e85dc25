"""Judging a :class:`~cwlint.audit.landscape.Landscape`: pure, no network.

Per integration, its pulled manifest (the one ``pull --all`` writes) is judged by the role
rules through :func:`cwlint.engine.lint_text`, so the audit gives exactly the rule IDs,
severities and messages ``cwlint check`` gives on that manifest. Tenant-level findings are the
audit rules' (CW921-CW925); a read that failed is CW903. The audit config's ``severity``,
``ignore`` and ``accept`` (known exceptions, each with a reason) apply to both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cwlint.audit.landscape import Integration, Landscape, Role
from cwlint.audit.match import Match
from cwlint.findings import Severity

#: The role rules whose verdicts the audit gives per integration (as ``check`` would).
ROLE_RULES = ("CW301", "CW302", "CW303", "CW305", "CW306", "CW307", "CW310")
#: Messages of role rules name the place of the fix like this.
_WHERE = re.compile(r"in ConnectWise: ([^()]+?)(?:, \w+ Level)?\)")


@dataclass(frozen=True)
class Accept:
    """An audit config ``accept:`` entry: a known exception, with its reason."""

    rule: str
    reason: str
    member: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class AuditConfig:
    map: Mapping[str, str] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    accept: tuple[Accept, ...] = ()
    fail_on: Severity = Severity.ERROR


@dataclass(frozen=True)
class AuditFinding:
    rule: str
    severity: Severity
    message: str
    member: str | None = None  #: the API member concerned (None: the tenant)
    role: str | None = None
    where: str | None = None  #: the ConnectWise UI path of the fix
    line: int = 0  #: in the member's pulled manifest (role rules)
    col: int = 0
    module: str | None = None  #: the permission row's module (role rules)
    suppressed: str | None = None  #: the accept entry's reason

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "member": self.member,
            "role": self.role,
            "where": self.where,
        }
        if self.line:
            out["line"], out["column"] = self.line, self.col
        if self.suppressed is not None:
            out["suppressed"] = {"reason": self.suppressed}
        return out


@dataclass
class IntegrationResult:
    integration: Integration
    role: Role | None
    match: Match
    findings: list[AuditFinding]
    #: module -> (granted rows, rows with an excess or Delete finding)
    modules: dict[str, tuple[int, int]]
    customize_note: str

    @property
    def score(self) -> int | None:
        """Least-privilege score: the share of granted rows with no excess (CW302/CW305),
        in percent; ``None`` without a profile or without the role's settings."""
        if self.match.profile is None or self.role is None or self.role.settings is None:
            return None
        granted = sum(g for g, _ in self.modules.values())
        over = sum(e for _, e in self.modules.values())
        return 100 if granted == 0 else round(100 * (granted - over) / granted)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity and f.suppressed is None)


@dataclass
class TenantAudit:
    name: str
    site: str
    company_id: str
    integrations: list[IntegrationResult] = field(default_factory=list)
    findings: list[AuditFinding] = field(default_factory=list)  #: tenant-level
    error: str | None = None  #: the tenant could not be audited at all

    def all_findings(self) -> list[AuditFinding]:
        return [*self.findings, *(f for i in self.integrations for f in i.findings)]


@dataclass
class AuditReport:
    tenants: list[TenantAudit]
    fail_on: Severity = Severity.ERROR

    @property
    def failed(self) -> bool:
        return any(t.error for t in self.tenants) or any(
            f.suppressed is None and f.severity >= self.fail_on
            for t in self.tenants
            for f in t.all_findings()
        )


# ------------------------------------------------------------------------------- judging
def judge(
    landscape: Landscape, matches: Mapping[str, Match], config: AuditConfig, name: str
) -> TenantAudit:
    """The audit of one tenant (``name`` is how reports call it)."""
    out = TenantAudit(name, landscape.site, landscape.company_id)
    for integration in landscape.integrations:
        out.integrations.append(_integration(landscape, integration, matches, config))
    found = list(tenant_findings(landscape, matches))
    found += [AuditFinding("CW903", Severity.ERROR, message) for _, message in landscape.failures]
    out.findings = _configured(found, config)
    return out


def _integration(
    landscape: Landscape,
    integration: Integration,
    matches: Mapping[str, Match],
    config: AuditConfig,
) -> IntegrationResult:
    from cwlint.engine import lint_text
    from cwlint.options import Options

    match = matches[integration.identifier]
    role = landscape.role_of(integration)
    text = landscape.manifests.get(integration.identifier)
    findings: list[AuditFinding] = []
    modules: dict[str, tuple[int, int]] = {}
    if text is not None and role is not None and role.settings is not None:
        # the manifest's permission rows, in order: pull writes the role's granted settings
        # sorted by module and function, as the landscape keeps them
        rows = [(setting.module, setting.function) for setting in role.settings]
        for name, _ in rows:
            granted, over = modules.get(name, (0, 0))
            modules[name] = (granted + 1, over)
        options = Options(
            select=ROLE_RULES,
            ignore=tuple(config.ignore),
            severity=dict(config.severity),
            inline_suppressions=False,
        )
        report = lint_text(text, manifest_name(integration.identifier), options)
        excess: set[int] = set()
        for f in report.findings:
            index = _row_index(f.pointer)
            module: str | None = rows[index][0] if index is not None and index < len(rows) else None
            if f.rule in ("CW302", "CW305") and f.severity > Severity.INFO and index is not None:
                excess.add(index)
            where = _WHERE.search(f.message)
            findings.append(
                AuditFinding(
                    f.rule,
                    f.severity,
                    f.message,
                    integration.identifier,
                    role.name,
                    where.group(1) if where else None,
                    f.line,
                    f.col,
                    module,
                )
            )
        for index in excess:
            module = rows[index][0]
            granted, over = modules[module]
            modules[module] = (granted, over + 1)
    note = (
        "customize lists: not readable (ConnectWise's API gives them for the key owner's own "
        "role only); check them in System > Security Roles > "
        f"{role.name if role else '<role>'} > Customize"
    )
    return IntegrationResult(integration, role, match, _configured(findings, config), modules, note)


def _row_index(pointer: str) -> int | None:
    match = re.match(r"/security_role/permissions/(\d+)", pointer)
    return int(match.group(1)) if match else None


def manifest_name(identifier: str) -> str:
    """The file name of a member's manifest: its identifier, with any character a file name
    should not hold replaced by ``_``."""
    return (re.sub(r"[^A-Za-z0-9._-]", "_", identifier).lstrip(".") or "_") + ".yaml"


def tenant_findings(landscape: Landscape, matches: Mapping[str, Match]) -> Iterable[AuditFinding]:
    """The audit rules' findings (CW921-CW925) about a landscape."""
    from cwlint.catalog import load_catalog, norm_name

    catalog = load_catalog()
    security, scale = catalog.security, catalog.levels
    admin_names = {norm_name(n) for n in security.admin_role_names}
    privileged = {(p.module, p.function): p for p in security.privileged}
    active = [i for i in landscape.integrations if not i.inactive]
    for role in landscape.roles.values():
        holders = [i for i in active if i.role_id == role.id]
        if len(holders) > 1:
            names = ", ".join(i.identifier for i in holders)
            yield AuditFinding(
                "CW921",
                Severity.WARNING,
                (
                    f"role {role.name!r} is held by {len(holders)} API members ({names}): a "
                    "leaked key of one can do what all of them may; give each integration its "
                    "own role (System > Security Roles > (+), then System > Members > API "
                    "Members > Role ID)"
                ),
                role=role.name,
                where=f"System > Security Roles > {role.name}",
            )
    for integration in active:
        held = landscape.role_of(integration)
        if held is None:
            continue
        why = []
        if held.admin or norm_name(held.name) in admin_names:
            why.append("it is an administrator role")
        for setting in held.settings or ():
            key = catalog.resolve_function(setting.module, setting.function)
            found = privileged.get(key) if key else None
            if found is None:
                continue
            for verb in found.verbs:
                if scale.grants(setting.levels.get(verb)):
                    why.append(
                        f"{setting.module} > {setting.function} {verb.capitalize()} "
                        f"{setting.levels[verb]}"
                    )
        if why:
            yield AuditFinding(
                "CW922",
                Severity.ERROR,
                (
                    f"API member {integration.identifier} holds role {held.name!r}, which is "
                    f"an administrator in effect ({'; '.join(why)}): its keys, kept by a third "
                    "party, reach the whole tenant; give it a role with only what the "
                    "integration needs"
                ),
                member=integration.identifier,
                role=held.name,
                where=f"System > Members > API Members > {integration.identifier} > Role ID",
            )
    for integration in landscape.integrations:
        if integration.inactive:
            yield AuditFinding(
                "CW923",
                Severity.WARNING,
                (
                    f"API member {integration.identifier} is inactive but still exists"
                    f"{' with role ' + repr(integration.role_name) if integration.role_name else ''}"
                    ": delete it if the integration is gone, and its role once no one uses it"
                ),
                member=integration.identifier,
                role=integration.role_name,
                where="System > Members > API Members",
            )
    if landscape.role_users is not None:
        for role in landscape.roles.values():
            if (
                role.inactive
                or role.admin
                or norm_name(role.name) in admin_names
                or landscape.role_users.get(role.id, 0)
            ):
                continue
            yield AuditFinding(
                "CW924",
                Severity.INFO,
                (
                    f"role {role.name!r} is held by no active member or API member: delete it, "
                    "or accept it in the audit config if it is kept on purpose"
                ),
                role=role.name,
                where=f"System > Security Roles > {role.name}",
            )
    for integration in active:
        if matches[integration.identifier].profile is not None:
            continue
        unknown = landscape.role_of(integration)
        if unknown is None or unknown.settings is None:
            grants = "its role's settings could not be read"
        else:
            grants = (
                "; ".join(
                    f"{s.module} > {s.function}: "
                    + ", ".join(
                        f"{v.capitalize()} {s.levels[v]}"
                        for v in scale.verbs
                        if scale.grants(s.levels.get(v))
                    )
                    for s in unknown.settings
                )
                or "nothing"
            )
        yield AuditFinding(
            "CW925",
            Severity.WARNING,
            (
                f"API member {integration.identifier} ({integration.name}) matches no vendor "
                f"profile ({matches[integration.identifier].why}); its role "
                f"{integration.role_name!r} grants: {grants}. Map it with --map "
                f"{integration.identifier}=PROFILE, or review and remove what it does not need"
            ),
            member=integration.identifier,
            role=integration.role_name,
            where=f"System > Security Roles > {integration.role_name or '<role>'}",
        )


def _configured(findings: list[AuditFinding], config: AuditConfig) -> list[AuditFinding]:
    """The config's ``ignore``, ``severity`` and ``accept`` applied (role rules already had
    ``ignore`` and ``severity`` from the engine)."""
    from dataclasses import replace

    out = []
    for f in findings:
        if f.rule in config.ignore:
            continue
        if f.rule in config.severity:
            f = replace(f, severity=config.severity[f.rule])
        for entry in config.accept:
            if (
                entry.rule == f.rule
                and (entry.member is None or (f.member or "").casefold() == entry.member.casefold())
                and (entry.role is None or (f.role or "").casefold() == entry.role.casefold())
            ):
                f = replace(f, suppressed=entry.reason)
                break
        out.append(f)
    return sorted(out, key=lambda f: (-int(f.severity), f.member or "", f.rule, f.line))
