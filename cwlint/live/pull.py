"""``cwlint pull``: write a manifest from what a tenant's API member can read about itself.

The keys say who the integration is: ``/system/mySecurity`` gives the API member and its
effective permissions (no extra permission needed), its customize items give the allow-lists,
``/system/apiMembers`` the role's name, and the Manage Hosted API entries created by that
member (or registered with the integration's clientId) are its pods. Secrets are written as
``${VAR}`` references, never values; what could not be read is said in a comment at its place.
URLs are written without user-info, query or fragment (a password in ``--site`` stays out).
Entries are sorted, so a second pull of an unchanged tenant gives the same file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from cwlint.display import escape
from cwlint.live.env import Secret
from cwlint.live.snapshot import Kind, Tenant, key_owner, role_name_of
from cwlint.live.tenant import read_tenant
from cwlint.urls import shown_url

#: Reads a pull needs (``rules/connectwise/api.yaml``).
NEEDS = frozenset(
    {"info", "my_security", "my_customize", "api_members", "hosted_setups", "hosted_screens"}
)
#: Default variable names of the credentials (``--public-key-env`` etc. change them).
VARIABLES = {
    "public_key": "CW_PUBLIC_KEY",
    "private_key": "CW_PRIVATE_KEY",
    "client_id": "CW_CLIENT_ID",
}


class PullError(Exception):
    """The tenant could not be read at all (exit 2): the message says what to fix."""


@dataclass
class Pulled:
    text: str  #: the manifest (YAML)
    notes: list[str] = field(default_factory=list)  #: what could not be read, for stderr


#: The ``pull`` option that names each credential's variable, for messages.
VARIABLE_OPTIONS = {
    "public_key": "--public-key-env",
    "private_key": "--private-key-env",
    "client_id": "--client-id-env",
}
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _check_arguments(variables: Mapping[str, str], profile: str | None) -> None:
    from cwlint.live import SetupError

    for key, variable in variables.items():
        if not _VARIABLE_NAME.fullmatch(variable):
            raise SetupError(
                f"{VARIABLE_OPTIONS.get(key, key)}: {variable!r} is not a variable name"
            )
    if profile:
        from cwlint.catalog import ProfileError, load_catalog

        try:
            load_catalog().profile(profile)
        except ProfileError as exc:
            raise SetupError(f"--profile: {exc}") from None


def pull(
    site: str,
    company_id: str,
    *,
    api_url: str | None,
    profile: str | None,
    name: str,
    variables: Mapping[str, str],
    env: Mapping[str, str],
    ca_bundle: str | None,
    timeout: float,
    allowed_hosts: Collection[str] = (),
) -> Pulled:
    """Read the tenant behind ``site``/``company_id`` and write its manifest (the credentials
    go only to a ConnectWise host or one of ``allowed_hosts``, as for ``check --live``).
    ``variables``: the variable holding each credential (``public_key`` ...). Raises
    :class:`~cwlint.live.SetupError` for arguments that cannot work (a usage error) and
    :class:`PullError` when the tenant cannot be read."""
    _check_arguments(variables, profile)
    connection: dict[str, str] = {"site": site, "company_id": company_id}
    if api_url:
        connection["api_url"] = api_url
    for key, variable in variables.items():
        connection[key] = "${" + variable + "}"
    missing = [variables[key] for key in variables if not env.get(variables[key], "").strip()]
    if missing:
        raise PullError(
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set: "
            "export the API member's keys and the clientId, or give --env-file"
        )
    tenant = read_tenant(
        {"connection": connection},
        env,
        ca_bundle=ca_bundle,
        timeout=timeout,
        needs=set(NEEDS),
        allowed_hosts=allowed_hosts,
    )
    _raise_if_unusable(tenant, company_id)
    pulled = _Writer(tenant, connection, profile, name, variables).write()
    if _has_credentials(site) or (api_url and _has_credentials(api_url)):
        pulled.notes.append(
            "the user name, password or query given in --site or --api-url "
            "were left out of the manifest: ConnectWise does not use them"
        )
    return pulled


def _has_credentials(url: str) -> bool:
    """Whether ``url`` carries user-info, a query or a fragment (left out when written)."""
    from cwlint.urls import parse_url

    parsed = parse_url(url)
    return parsed is not None and (parsed.userinfo or bool(parsed.query) or "#" in url)


def _raise_if_unusable(tenant: Tenant, company_id: str) -> None:
    info = tenant.result("company_info")
    if info.ok and info.value is None:
        raise PullError(
            f"ConnectWise knows no company {company_id!r} (companyinfo answered "
            "null): --company is the company id of the login screen"
        )
    failure = tenant.api_failure
    if failure is not None:
        if failure.kind is Kind.SKIPPED and tenant.site_failure is not None:
            failure = tenant.site_failure
        hint = {
            Kind.AUTH: "; check --company, and that the key variables hold the API member's "
            "keys and the integration's clientId",
            # companyinfo named the host (no API URL was derived): name it yourself
            Kind.UNTRUSTED_HOST: "; for pull, give it with --api-url URL"
            if not tenant.api_url
            else "",
        }.get(failure.kind, "")
        raise PullError(f"cannot read the tenant: {failure.message}{hint}")
    mine = tenant.result("my_security")
    if mine.failure is not None:
        raise PullError(
            "cannot read the API member's own permissions (/system/mySecurity): "
            f"{mine.failure.message}"
        )


def member_manifest(
    tenant: Tenant,
    identifier: str,
    *,
    profile: str | None,
    name: str,
    variables: Mapping[str, str],
) -> Pulled:
    """The manifest of the API member ``identifier`` of a tenant read for an audit
    (``read_tenant(..., audit=True)``): its role's settings as its permissions, the hosted
    setups it created as its pods, its keys as ``${VAR}`` of ``variables``. ConnectWise gives
    the customize lists of the key owner's role only: the manifest says so in a comment."""
    from cwlint._record import replace
    from cwlint.live.snapshot import Failure, Result
    from cwlint.live.tenant import ROLE_SETTINGS

    record: dict[str, Any] = next(
        (
            m
            for m in tenant.value("api_members") or []
            if str(m.get("identifier", "")).casefold() == identifier.casefold()
        ),
        {},
    )
    role: dict[str, Any] = (
        record["securityRole"] if isinstance(record.get("securityRole"), dict) else {}
    )
    view = Tenant(replace(tenant.connection, client_id=None), api_url=tenant.api_url)
    view.reads = dict(tenant.reads)
    view.reads["my_security"] = tenant.result(ROLE_SETTINGS.format(id=role.get("id")))
    view.reads["my_customize"] = Result(
        failure=Failure(
            Kind.SKIPPED,
            "ConnectWise's API gives the customize lists of the key owner's own role only; "
            "check them in ConnectWise",
        )
    )
    connection: dict[str, str] = {
        "site": tenant.connection.site or "",
        "company_id": tenant.connection.company_id or "",
    }
    if tenant.connection.api_url:
        connection["api_url"] = tenant.connection.api_url
    for key, variable in variables.items():
        connection[key] = "${" + variable + "}"
    return _Writer(view, connection, profile, name, variables, owner=identifier).write()


def scalar(value: object) -> str:
    """A YAML scalar: text always double-quoted, every character YAML or a terminal could take
    for something else (controls, NEL and the Unicode line separators, bidi overrides) escaped,
    so no tenant value can end the line, open a comment or start another key."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    return "".join(map(_yaml_char, json.dumps(str(value), ensure_ascii=False)))


def _yaml_char(char: str) -> str:
    if char.isprintable():
        return char
    code = ord(char)
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _screen(setup: Mapping[str, Any], screens: Mapping[int, Any]) -> Any:
    """The name of a hosted setup's screen ('' when its screenId is no id: a list, a mapping)."""
    ident = _id(setup.get("screenId"))
    return "" if ident is None else screens.get(ident, "")


def _id(value: object) -> int | None:
    """A record id as the API writes it (a number, or its digits as text), else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


def comment(text: object) -> str:
    """Text for a ``#`` comment line: control and separator characters escaped."""
    return escape(str(text))


class _Writer:
    def __init__(
        self,
        tenant: Tenant,
        connection: dict[str, str],
        profile: str | None,
        name: str,
        variables: Mapping[str, str],
        owner: str | None = None,
    ) -> None:
        from cwlint.catalog import load_catalog

        self.tenant, self.connection, self.profile = tenant, connection, profile
        self.given_owner = owner
        self.name, self.variables = name, variables
        self.catalog = load_catalog()
        self.lines: list[str] = []
        self.notes: list[str] = []

    def write(self) -> Pulled:
        info = self.tenant.value("company_info") or {}
        self.owner = self.given_owner or key_owner(self.tenant.value("my_security"))
        self.lines += [
            f"# Written by `cwlint pull` from {comment(shown_url(self.connection['site']))} "
            f"(company {comment(self.connection['company_id'])}). Review it, then keep it under "
            "version control.",
            "cwlint: 1",
            f"name: {scalar(self.name)}",
        ]
        if self.profile:
            self.lines.append(f"profile: {scalar(self.profile)}")
        self._connection(info)
        role = self._api_member()
        self._role(role)
        self.lines += [
            "# users: ConnectWise does not store the product's user mappings; list them here:",
            "#   - user: someone@example.com",
            "#     member: jdoe",
        ]
        self._pods()
        if str(info.get("IsCloud", "")).strip().lower() == "false":
            self._on_premise()
        return Pulled("\n".join(self.lines) + "\n", self.notes)

    def _unread(self, name: str, what: str, indent: str = "") -> None:
        failure = self.tenant.result(name).failure
        why = f"could not be read ({comment(failure.message)})" if failure else "not in the answer"
        self.lines.append(f"{indent}# {what}: {why}")
        self.notes.append(f"{what}: {why}")

    def _connection(self, info: Mapping[str, Any]) -> None:
        cloud = str(info.get("IsCloud", "")).strip().lower() != "false"
        self.lines += [
            "connection:",
            f"  deployment: {'cloud' if cloud else 'on-premise'}",
            f"  site: {scalar(shown_url(self.connection['site']))}",
            f"  api_url: {scalar(shown_url(self.tenant.api_url))}",
            f"  company_id: {scalar(self.connection['company_id'])}",
        ]
        if isinstance(info.get("Codebase"), str):
            self.lines.append(f"  codebase: {scalar(info['Codebase'])}")
        else:
            self._unread("company_info", "codebase and deployment (companyinfo)", "  ")
        for key in ("client_id", "public_key", "private_key"):
            self.lines.append(f"  {key}: ${{{self.variables[key]}}}")

    def _api_member(self) -> str | None:
        """The API member block; returns the role's name (None when it could not be read)."""
        self.lines += ["api_member:", f"  identifier: {scalar(self.owner or '')}"]
        members = self.tenant.result("api_members")
        if not members.ok:
            self._unread("api_members", "the API member's security role", "  ")
            return None
        record = next(
            (
                m
                for m in members.value
                if self.owner and str(m.get("identifier", "")).casefold() == self.owner.casefold()
            ),
            None,
        )
        role = role_name_of(record)
        if role:
            self.lines.append(f"  security_role: {scalar(role)}")
        return role

    def _role(self, role: str | None) -> None:
        self.lines += ["security_role:", f"  name: {scalar(role or '')}"]
        if role is None:
            self.lines[-1] += "  # fill in: the role's name could not be read"
        fields, scale = self.catalog.api.setting_fields, self.catalog.levels
        if not self.tenant.result("my_security").ok:
            self._unread("my_security", "the role's permissions", "  ")
        rows = []
        for row in self.tenant.value("my_security") or []:
            module, function = row.get(fields.module), row.get(fields.function)
            levels = {
                verb: scale.canonical(row.get(key)) or scale.none
                for verb, key in fields.levels.items()
            }
            if (
                isinstance(module, str)
                and isinstance(function, str)
                and any(scale.grants(level) for level in levels.values())
            ):
                rows.append((module, function, levels))
        allow = self._allow_lists()
        self.lines.append("  permissions:" if rows else "  permissions: []")
        for module, function, levels in sorted(rows, key=lambda r: (r[0], r[1])):
            self.lines += [f"    - module: {scalar(module)}", f"      function: {scalar(function)}"]
            self.lines += [
                f"      {verb}: {level}" for verb, level in levels.items() if scale.grants(level)
            ]
            entry = self.catalog.security.function(module, function)
            ident = entry.customize_identifier if entry is not None else None
            items = allow.get(ident) if ident is not None else None
            if items:
                self.lines += ["      customize:", "        allow:"]
                self.lines += [f"          - {scalar(item)}" for item in sorted(items)]

    def _allow_lists(self) -> dict[str, list[str]]:
        items = self.tenant.result("my_customize")
        if not items.ok:
            self._unread("my_customize", "the customize allow-lists", "  ")
            return {}
        out: dict[str, list[str]] = {}
        for item in items.value:
            ident, entry = item.get("customizeIdentifier"), item.get("itemIdentifier")
            if isinstance(ident, str) and isinstance(entry, str):
                out.setdefault(ident, []).append(entry)
        return out

    def _pods(self) -> None:
        for read in ("hosted_setups", "hosted_screens"):
            if not self.tenant.result(read).ok:
                self._unread(read, "pods (Manage Hosted API)")
                return
        screens: dict[int, Any] = {}
        for screen in self.tenant.value("hosted_screens"):
            for key in (_id(screen.get("id")), _id(screen.get("screenId"))):
                if key is not None:
                    screens.setdefault(key, screen.get("name"))
        setups = self.tenant.value("hosted_setups")
        client_id = self.tenant.connection.client_id
        ours = [
            s
            for s in setups
            if (self.owner and str(s.get("createdBy", "")).casefold() == self.owner.casefold())
            or (
                client_id is not None
                and isinstance(s.get("clientId"), str)
                and client_id == Secret(s["clientId"])
            )
        ]
        who = f"created by {comment(self.owner)}" if self.owner else "of this integration"
        if not ours:
            self.lines.append(
                f"# pods: none of the tenant's {len(setups)} hosted setups is "
                f"{who} or has its clientId; add the integration's pods here"
            )
            return
        self.lines.append(
            f"# pods: the {len(ours)} of {len(setups)} hosted setups {who} or "
            "registered with its clientId"
        )
        self.lines.append("pods:")
        ours.sort(key=lambda s: (str(_screen(s, screens)), str(s.get("description", ""))))
        for setup in ours:
            self._pod(setup, screens)

    def _pod(self, setup: Mapping[str, Any], screens: Mapping[int, Any]) -> None:
        self.lines += [
            f"  - description: {scalar(setup.get('description', ''))}",
            f"    screen: {scalar(_screen(setup, screens))}",
            f"    type: {scalar(setup.get('type', ''))}",
            f"    url: {scalar(setup.get('url', ''))}",
        ]
        for key, api in (
            ("origin", "origin"),
            ("height", "podHeight"),
            ("toolbar_button_text", "toolbarButtonText"),
            ("toolbar_button_tooltip", "toolbarButtonToolTip"),
        ):
            if setup.get(api) not in (None, ""):
                self.lines.append(f"    {key}: {scalar(setup[api])}")
        if setup.get("disabledFlag"):
            self.lines.append("    disabled: true")

    def _on_premise(self) -> None:
        version = (self.tenant.value("info") or {}).get("version")
        parsed = (
            self.catalog.connection.parse_version(version) if isinstance(version, str) else None
        )
        self.lines += [
            "on_premise:",
            "  certificate: fully-chained  # this pull verified the server's chain",
        ]
        if parsed:
            self.lines.append(f'  version: "{parsed[0]}.{parsed[1]}"')
        ips = self._vendor_ips()
        if ips:
            self.lines.append(
                f"  allowed_ips: [{', '.join(scalar(ip) for ip in ips)}]"
                f"  # {comment(self.profile)}'s IPs: allow-list them on the firewall"
            )
        else:
            self.lines.append("  # allowed_ips: the vendor's IP addresses (see its profile)")

    def _vendor_ips(self) -> tuple[str, ...]:
        if not self.profile:
            return ()
        from cwlint.catalog import ProfileError

        try:
            return self.catalog.profile(self.profile).vendor_ips
        except ProfileError:
            return ()
