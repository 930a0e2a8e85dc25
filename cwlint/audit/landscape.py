"""The typed audit snapshot: a tenant's integration landscape, as the audit judges it.

Built from what :func:`cwlint.live.tenant.read_tenant` read with ``audit=True`` (the live
:class:`~cwlint.live.snapshot.Tenant`), or from a small YAML description (the audit rules'
BAD/GOOD examples: :func:`from_example`). Nothing here talks to a tenant or holds a secret:
hosted setups keep only which of them share a clientId (a number per distinct clientId),
never the clientId itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from cwlint.live.snapshot import Tenant


@dataclass(frozen=True)
class Setting:
    """One function of a role with a level above None on some verb."""

    module: str
    function: str
    levels: Mapping[str, str]  #: canonical level per verb (``add``, ``edit``, ...)


@dataclass
class Role:
    id: int
    name: str
    admin: bool = False  #: ConnectWise's ``adminFlag``
    inactive: bool = False
    #: the granted settings; ``None`` when they were not read (not an API member's role) or
    #: could not be (``failure`` says why)
    settings: tuple[Setting, ...] | None = None
    failure: str | None = None


@dataclass(frozen=True)
class Integration:
    """One API member: an integration's identity in the tenant."""

    identifier: str
    name: str
    inactive: bool
    role_id: int | None
    role_name: str | None


@dataclass(frozen=True)
class Setup:
    """A Manage Hosted API entry: what the matching uses as evidence."""

    description: str
    host: str  #: the URL's host, lower case ('' when it has none)
    created_by: str
    client: int | None  #: the same number for setups registered with the same clientId


@dataclass
class Landscape:
    """Everything the audit judges about one tenant."""

    site: str
    company_id: str
    roles: dict[int, Role] = field(default_factory=dict)
    integrations: list[Integration] = field(default_factory=list)
    #: active members (API members included) per role id; ``None`` when members were not read
    role_users: dict[int, int] | None = None
    setups: list[Setup] = field(default_factory=list)
    #: reads that failed: (read name, message naming what to fix)
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: the pulled manifest of each integration, by identifier (what the role rules judge)
    manifests: dict[str, str] = field(default_factory=dict)

    def role_of(self, integration: Integration) -> Role | None:
        return self.roles.get(integration.role_id) if integration.role_id is not None else None


# ------------------------------------------------------------------------ from a live read
def from_tenant(tenant: Tenant) -> Landscape:
    """The landscape of a tenant read with ``audit=True`` (reads that failed are listed in
    :attr:`Landscape.failures`, with the permission a 403 means is missing)."""
    from cwlint.catalog import load_catalog
    from cwlint.live.snapshot import Kind
    from cwlint.live.tenant import ROLE_SETTINGS
    from cwlint.urls import shown_url

    catalog = load_catalog()
    out = Landscape(shown_url(tenant.connection.site) or "", tenant.connection.company_id or "")
    for name, result in sorted(tenant.reads.items()):
        failure = result.failure
        if failure is None or (failure.kind is Kind.SKIPPED and tenant.api_failure is not None):
            continue
        read = catalog.api.reads.get(name.partition(":")[0])
        what = read.what if read else name
        hint = ""
        if failure.kind is Kind.FORBIDDEN and read is not None and read.permission:
            module, function = read.permission
            hint = (
                f": the auditor's role lacks {module} > {function} (Inquire All); give the "
                "API member a role made from `cwlint init --profile cwlint-auditor`"
            )
        out.failures.append((name, f"reading {what} failed ({failure.message}){hint}"))
    if tenant.api_failure is not None and not out.failures:
        out.failures.append(("info", f"the API could not be used: {tenant.api_failure.message}"))
    for record in tenant.value("security_roles") or []:
        ident = _int(record.get("id"))
        if ident is None:
            continue
        out.roles[ident] = Role(
            ident,
            str(record.get("name", "")),
            admin=record.get("adminFlag") is True,
            inactive=record.get("inactiveFlag") is True,
        )
    for record in tenant.value("api_members") or []:
        ref = record.get("securityRole") if isinstance(record.get("securityRole"), dict) else {}
        role_id = _int(ref.get("id"))
        out.integrations.append(
            Integration(
                str(record.get("identifier", "")),
                str(record.get("name", "")),
                record.get("inactiveFlag") is True,
                role_id,
                ref.get("name") if isinstance(ref.get("name"), str) else None,
            )
        )
        if role_id is not None and role_id not in out.roles:  # a role the list did not give
            out.roles[role_id] = Role(role_id, str(ref.get("name", "")))
    for held in out.roles.values():
        got = tenant.reads.get(ROLE_SETTINGS.format(id=held.id))
        if got is not None and got.ok:
            held.settings = settings(got.value)
        elif got is not None and got.failure is not None:
            held.failure = got.failure.message
    members = tenant.result("members")
    if members.ok:
        out.role_users = {}
        for record in members.value:
            role = record.get("securityRole")
            ident = _int(role.get("id")) if isinstance(role, dict) else None
            if ident is not None and record.get("inactiveFlag") is not True:
                out.role_users[ident] = out.role_users.get(ident, 0) + 1
    clients: dict[str, int] = {}
    for record in tenant.value("hosted_setups") or []:
        client = record.get("clientId")
        number = clients.setdefault(client, len(clients)) if isinstance(client, str) else None
        out.setups.append(
            Setup(
                str(record.get("description", "")),
                _host(record.get("url")),
                str(record.get("createdBy", "")),
                number,
            )
        )
    return out


def settings(rows: Any) -> tuple[Setting, ...]:
    """The granted settings of role-setting records (the API's field names)."""
    from cwlint.catalog import load_catalog

    catalog = load_catalog()
    fields, scale = catalog.api.setting_fields, catalog.levels
    found = []
    for row in rows if isinstance(rows, list) else ():
        module, function = row.get(fields.module), row.get(fields.function)
        if not isinstance(module, str) or not isinstance(function, str):
            continue
        levels = {
            verb: scale.canonical(row.get(key)) or scale.none for verb, key in fields.levels.items()
        }
        if any(scale.grants(level) for level in levels.values()):
            found.append(Setting(module, function, levels))
    return tuple(sorted(found, key=lambda s: (s.module, s.function)))


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _host(url: Any) -> str:
    try:
        return (urlsplit(url).hostname or "").lower() if isinstance(url, str) else ""
    except ValueError:
        return ""


# ---------------------------------------------------------------------- from an example
def from_example(data: Any) -> Landscape:
    """A landscape from the plain description the audit rules' examples use::

        cwlint_audit: 1
        roles:
          - {name: Integrations, permissions: [{module: ..., function: ..., inquire: All}]}
        api_members:
          - {identifier: rewstapi, role: Integrations}

    ``roles[].admin``/``inactive``, ``api_members[].name``/``inactive``; every role's users
    are the API members holding it plus ``roles[].users`` (other members)."""
    from cwlint.catalog import load_catalog

    scale = load_catalog().levels
    out = Landscape("https://example.myconnectwise.net/", "example")
    data = data if isinstance(data, dict) else {}
    out.role_users = {}
    for i, role in enumerate(data.get("roles") or [], start=1):
        rows = []
        for p in role.get("permissions") or []:
            levels = {v: scale.canonical(p.get(v)) or scale.none for v in scale.verbs}
            rows.append(Setting(str(p["module"]), str(p["function"]), levels))
        out.roles[i] = Role(
            i,
            str(role["name"]),
            admin=bool(role.get("admin")),
            inactive=bool(role.get("inactive")),
            settings=tuple(rows),
        )
        out.role_users[i] = int(role.get("users", 0))
    by_name = {r.name.casefold(): r for r in out.roles.values()}
    for member in data.get("api_members") or []:
        role = by_name.get(str(member.get("role", "")).casefold())
        integration = Integration(
            str(member["identifier"]),
            str(member.get("name", member["identifier"])),
            bool(member.get("inactive")),
            role.id if role else None,
            role.name if role else None,
        )
        out.integrations.append(integration)
        if role is not None and not integration.inactive:
            out.role_users[role.id] += 1
    return out
