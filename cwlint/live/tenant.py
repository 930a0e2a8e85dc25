"""What ``--live`` read from the tenant for one manifest: a :class:`Tenant` snapshot.

Order of the reads (each arrow is one round trip; a round's calls run concurrently, bounded):

1. ``GET https://{site}/login/companyinfo/{company_id}`` (no credentials);
2. ``GET {api_url}system/info``: the credential and connection smoke test. If it fails for a
   reason that concerns every call (host unreachable, TLS, 401, a redirect to another host,
   "SSL is required.") the other reads are skipped: one finding says why (CW901/902/910);
3. what the manifest needs, together: roles, the API member, members (batched by 100 with
   ``conditions=identifier in (...)``), hosted setups and screens, ``/system/mySecurity``
   (and its customize items);
4. only when ``mySecurity`` is not the manifest role's (the keys belong to another member or
   role): ``/system/securityRoles/{id}/settings``.

A read that fails keeps its :class:`~cwlint.live.client.Failure`; checks turn it into a finding
through :meth:`Tenant.unavailable` and every other check still runs. A failure that concerns the
host (:data:`HOST_WIDE`: 401, TLS, a redirect...) is reported once by CW901/CW902/CW910, whether
it stopped the run at ``system/info`` (:attr:`Tenant.api_failure`) or came later, on some reads
only (:meth:`Tenant.failed_reads`); the checks that needed those reads stay quiet.

Credentials go only to the API host of the manifest (or of ``pull --api-url``), or, without one,
to the API host companyinfo names when that is the site's own host or the catalogue's ``api-``
host for the site: never to another host the server names; and only when that host is a
ConnectWise host (the catalogue's regions) or one the user allowed (``--allow-host``). URLs are shown (in messages, in a
pulled manifest) without user-info, query or fragment (:func:`shown_url`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from cwlint.catalog import ApiFacts, load_catalog
from cwlint.live.env import Connection, resolve
from cwlint.live.snapshot import (
    HOST_WIDE,
    Failure,
    Kind,
    Result,
    Tenant,
    key_owner,
    manifest_api_member,
    manifest_role,
    mapped_members,
    role_name_of,
)
from cwlint.urls import parse_url

MAX_WORKERS = 10  # calls in flight per tenant, at most (the client enforces it)
MAX_PAGES = 200  # a Link chain longer than this is not followed further


# ------------------------------------------------------------------------------ reading
def read_tenant(
    doc_data: Any,
    env: Mapping[str, str],
    *,
    ca_bundle: str | None = None,
    timeout: float = 10.0,
    needs: set[str] | None = None,
    allowed_hosts: Collection[str] = (),
    deadline: float | None = None,
    wanted: Collection[str] | None = None,
    audit: bool = False,
) -> Tenant:
    """Read what the manifest ``doc_data`` needs (or the reads ``needs`` names), less what is
    not ``wanted`` (the reads the enabled live rules declare), from its tenant; never raises
    for the tenant's answers (they become :class:`Result` failures). Credentials go only to a
    ConnectWise host or one of ``allowed_hosts``; every call ends by ``deadline``
    (:func:`cwlint.live.run_deadline`: by default, a run that starts now). With ``audit``, the
    reads of ``needs`` are the whole tenant's (:data:`AUDIT_READS`: every role, API member and
    member) and a last round reads the settings of each role an API member holds."""
    from cwlint.live import run_deadline
    from cwlint.live.client import Client

    deadline = run_deadline(timeout) if deadline is None else deadline

    data = doc_data if isinstance(doc_data, dict) else {}
    conn = resolve(data.get("connection"), env)
    tenant = Tenant(conn)
    facts = load_catalog().api
    if conn.site and conn.company_id:
        with Client(
            None,
            api_version=facts.api_version,
            ca_bundle=ca_bundle,
            timeout=timeout,
            deadline=deadline,
        ) as site:
            tenant.reads["company_info"] = _attempt(lambda: _read_company_info(site, conn))
        tenant.site_failure = tenant.reads["company_info"].failure
    if not conn.unresolved_field("api_url"):
        try:
            tenant.api_url = (
                _api_base(conn.api_url)
                if conn.api_url
                else _derived_api_url(conn, tenant.value("company_info"))
            )
        except Failure as failure:  # companyinfo names a host that gets no credentials
            tenant.api_failure = failure
    needs = _needs(data) if needs is None else needs
    if wanted is not None:  # only what the enabled rules read (system/info always)
        needs = {name for name in needs if name in wanted} | {"info"}
    if tenant.api_failure is None and (not tenant.api_url or conn.unresolved_field("api_url")):
        tenant.api_failure = Failure(Kind.SKIPPED, "no api_url, and companyinfo did not give one")
    elif tenant.api_failure is None and conn.missing_credentials():
        tenant.api_failure = Failure(
            "skipped", "credentials unresolved: " + ", ".join(conn.missing_credentials())
        )
    if tenant.api_failure is not None or not tenant.api_url:
        for name in needs:
            tenant.reads[name] = Result(failure=tenant.api_failure)
        return tenant
    base = tenant.api_url if tenant.api_url.endswith("/") else tenant.api_url + "/"
    with Client(
        tenant.api_url,
        company_id=conn.company_id,
        public_key=conn.public_key,
        private_key=conn.private_key,
        client_id=conn.client_id,
        api_version=facts.api_version,
        ca_bundle=ca_bundle,
        timeout=timeout,
        max_concurrent=MAX_WORKERS,
        allowed_hosts=allowed_hosts,
        deadline=deadline,
    ) as client:
        reader = _Reader(client, base, facts)
        info = _attempt(lambda: reader.one("info"))
        tenant.reads["info"] = info
        if info.failure is not None and _host_wide(info.failure, facts):
            tenant.api_failure = info.failure
            skipped = Failure(Kind.SKIPPED, f"the API could not be used: {info.failure.message}")
            for name in needs - {"info"}:
                tenant.reads[name] = Result(failure=skipped)
            return tenant
        if audit:
            _audit_reads(tenant, reader, needs)
        else:
            _concurrently(tenant, _round(reader, data, needs))
            _role_settings(tenant, reader, data, needs)
    for result in tenant.reads.values():  # "SSL is required." on a later read, too
        if result.failure is not None:
            _host_wide(result.failure, facts)
    return tenant


def _concurrently(tenant: Tenant, calls: Mapping[str, Callable[[], Any]]) -> None:
    """One round trip: ``calls`` run together (bounded), each result kept under its name."""
    if not calls:
        return
    with ThreadPoolExecutor(min(MAX_WORKERS, len(calls))) as pool:
        futures = {name: pool.submit(_attempt, call) for name, call in calls.items()}
        tenant.reads.update({name: f.result() for name, f in futures.items()})


#: What ``cwlint audit`` reads after companyinfo and ``system/info`` (one round trip; the
#: members page by 1,000), then the settings of each role an API member holds. ``pull --all``
#: also reads the hosted screens (for the pods' screen names).
AUDIT_READS = frozenset({"security_roles", "api_members", "members", "hosted_setups"})
#: The read name of one role's settings in an audit: ``role_settings:{id}``.
ROLE_SETTINGS = "role_settings:{id}"


def _audit_round(reader: _Reader, needs: set[str]) -> dict[str, Callable[[], Any]]:
    """The whole tenant's roles, API members, members (their role only) and hosted setups."""
    fields = {
        "security_roles": "id,name,inactiveFlag,adminFlag",
        "api_members": "id,identifier,name,inactiveFlag,securityRole",
        "members": "id,inactiveFlag,securityRole",
        "hosted_setups": None,
        "hosted_screens": None,
    }
    return {
        name: functools.partial(reader.all, name, fields=fields[name])
        for name in fields
        if name in needs
    }


def _audit_reads(tenant: Tenant, reader: _Reader, needs: set[str]) -> None:
    """The audit's reads: :func:`_audit_round`'s together, and the settings of each role an
    API member holds as soon as the API members are read (while the members page on)."""
    with ThreadPoolExecutor(MAX_WORKERS) as pool:
        futures = {
            name: pool.submit(_attempt, call) for name, call in _audit_round(reader, needs).items()
        }
        if "api_members" in futures:
            tenant.reads["api_members"] = futures["api_members"].result()
            futures |= {
                name: pool.submit(_attempt, call)
                for name, call in _member_roles_round(tenant, reader).items()
            }
        tenant.reads.update({name: f.result() for name, f in futures.items()})


def _member_roles_round(tenant: Tenant, reader: _Reader) -> dict[str, Callable[[], Any]]:
    """The settings of every role an API member holds (one call per distinct role)."""
    ids = {
        role["id"]
        for member in tenant.value("api_members") or []
        if isinstance(role := member.get("securityRole"), dict)
        and isinstance(role.get("id"), int)
        and not isinstance(role.get("id"), bool)
    }
    return {
        ROLE_SETTINGS.format(id=i): functools.partial(reader.all, "role_settings", id=i)
        for i in sorted(ids)
    }


def _attempt(call: Callable[[], Any]) -> Result:

    try:
        return Result(value=call())
    except Failure as failure:
        return Result(failure=failure)
    except Exception as exc:  # an answer of a shape no one expected: a finding, not a crash
        return Result(
            failure=Failure(Kind.INVALID, f"the answer could not be used ({type(exc).__name__})")
        )


def _host_wide(failure: Any, facts: ApiFacts) -> bool:
    if failure.kind is Kind.FORBIDDEN and facts.ssl_required_message in failure.detail:
        failure.kind = Kind.SSL_REQUIRED
    return failure.kind in HOST_WIDE or failure.kind is Kind.NOT_FOUND


def _needs(data: Mapping[str, Any]) -> set[str]:
    needs = {"info"}
    role, member = manifest_role(data), manifest_api_member(data)
    if role:
        needs |= {"security_roles", "role_settings", "my_security"}
        if _has_customize(data):
            needs.add("my_customize")
    if member:
        needs |= {"api_members", "my_security"}
    if mapped_members(data):
        needs.add("members")
    if isinstance(data.get("pods"), list) and data["pods"]:
        needs |= {"hosted_setups", "hosted_screens"}
    return needs


def _has_customize(data: Mapping[str, Any]) -> bool:
    role = data.get("security_role")
    perms = role.get("permissions") if isinstance(role, dict) else None
    return (
        any(
            isinstance(p, dict) and isinstance(p.get("customize"), dict)
            for p in perms
            if isinstance(perms, list)
        )
        if isinstance(perms, list)
        else False
    )


def _round(reader: _Reader, data: Mapping[str, Any], needs: set[str]) -> dict[str, Callable]:
    """The calls of round 3, by read name (all independent of each other)."""
    calls: dict[str, Callable[[], Any]] = {}
    if "security_roles" in needs:
        calls["security_roles"] = lambda: reader.all(
            "security_roles", fields="id,name,inactiveFlag,adminFlag"
        )
    if "api_members" in needs:  # the manifest's API member, else all of them (pull)
        ident = manifest_api_member(data)
        where = f'identifier="{_quoted(ident)}"' if ident else None
        calls["api_members"] = lambda: reader.all(
            "api_members", fields="id,identifier,name,inactiveFlag,securityRole", conditions=where
        )
    if "members" in needs:
        calls["members"] = lambda: reader.members(mapped_members(data))
    if "hosted_setups" in needs:
        calls["hosted_setups"] = lambda: reader.all("hosted_setups")
    if "hosted_screens" in needs:
        calls["hosted_screens"] = lambda: reader.all("hosted_screens")
    for name in ("my_security", "my_customize"):
        if name in needs:
            calls[name] = functools.partial(reader.all, name)
    return calls


def _role_settings(
    tenant: Tenant, reader: _Reader, data: Mapping[str, Any], needs: set[str]
) -> None:
    """Round 4: the manifest role's settings, from ``mySecurity`` when they are the API
    member's own (no Security Roles permission needed), else from the role itself."""

    if "role_settings" not in needs:
        return
    role = (manifest_role(data) or "").casefold()
    mine = tenant.result("my_security")
    owner = key_owner(mine.value) if mine.ok else None
    member = tenant.value("api_members")
    member_role = role_name_of(member[0]) if member else None
    if (
        owner
        and owner.casefold() == (manifest_api_member(data) or owner).casefold()
        and (member_role is None or member_role.casefold() == role)
    ):
        tenant.own_role = True
        tenant.reads["role_settings"] = mine
        return
    tenant.reads.pop("my_customize", None)  # another member's allow-lists say nothing here
    roles = tenant.result("security_roles")
    if not roles.ok:
        tenant.reads["role_settings"] = Result(failure=roles.failure, source="security_roles")
        return
    found = next(
        (
            r
            for r in roles.value
            if isinstance(r, dict) and str(r.get("name", "")).casefold() == role
        ),
        None,
    )
    if found is None or not isinstance(found.get("id"), int):
        tenant.reads["role_settings"] = Result(failure=Failure(Kind.SKIPPED, "role not found"))
        return
    tenant.reads["role_settings"] = _attempt(lambda: reader.all("role_settings", id=found["id"]))


def _quoted(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def _api_base(url: str) -> str:
    """``url`` without ``user[:password]@``, query and fragment: the base the read paths are
    appended to. The client sets Authorization itself (a URL's user-info would replace it, and
    could end up in a message); a query in api_url is never sent (ConnectWise reads none)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=netloc, query="", fragment=""))


def _netloc(host: str, port: int | None) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"{shown}:{port}" if port is not None else shown


def _read_company_info(client: Any, conn: Connection) -> Any:
    from cwlint.catalog import load_catalog

    site = parse_url(conn.site or "")
    if site is None or site.error or not site.host:
        why = f" ({site.error})" if site is not None and site.error else ""
        raise Failure(Kind.UNREACHABLE, f"site is not a usable URL{why}")
    if site.scheme != "https":
        raise Failure(Kind.UNREACHABLE, f"site {site.shown} is not an https URL")
    path = load_catalog().connection.companyinfo_path.format(
        company_id=quote(conn.company_id or "", safe="")
    )
    # the host and port only: a user:password in site is neither sent nor shown
    return client.get(f"https://{_netloc(site.host, site.port)}{path}", authenticated=False).data


def _derived_api_url(conn: Connection, info: Any) -> str | None:
    """``https://{api host}/{Codebase}apis/3.0/`` from companyinfo: the API host its
    ``SiteUrl`` names, if that is a bare host name (an optional port, the site's) equal to the
    site's own host or to the catalogue's ``api-`` host for the site; without a ``SiteUrl``,
    that ``api-`` host, else the site's host. Raises a ``Failure`` ("untrusted-host") when
    ``SiteUrl`` names anything else: the credentials never go to a host only the server names."""
    from cwlint.catalog import load_catalog

    if not isinstance(info, dict) or not isinstance(info.get("Codebase"), str):
        return None
    catalog = load_catalog()
    site = parse_url(conn.site or "")
    if site is None or site.error or not site.host:
        return None
    api_host = catalog.regions.api_host_for(conn.site or "")
    trusted = [host for host in (api_host, site.host) if host]
    api_path = catalog.connection.api_path(info["Codebase"])
    named = given if isinstance(given := info.get("SiteUrl"), str) else ""
    if not named.strip():
        return f"https://{_netloc(trusted[0], site.port)}{api_path}"
    bare = _BARE_HOST.fullmatch(named.strip())
    host = bare.group("host").strip("[]").rstrip(".").lower() if bare else ""
    port = int(bare.group("port")) if bare and bare.group("port") else None
    if host in trusted and port in (None, site.port or 443):
        return f"https://{_netloc(host, site.port)}{api_path}"
    shown = _netloc(host, port) if bare else "a value that is not a bare host name"
    hosts = " or ".join(dict.fromkeys(_netloc(h, site.port) for h in trusted))
    raise Failure(
        "untrusted-host",
        (
            f"companyinfo names {shown} as the API host, not {hosts}; cwlint sends the "
            "credentials only to an API host you configure: set api_url to the REST base "
            "(https://{API host}/{codebase}apis/3.0/)"
        ),
    )


#: companyinfo's ``SiteUrl`` as accepted: a host name or IP address, an optional port, nothing
#: else (no scheme, user-info, path or query).
_BARE_HOST = re.compile(
    r"(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9.])?"
    r"|\[[0-9A-Fa-f:.]+\])(?::(?P<port>[0-9]{1,5}))?/?"
)


class _Reader:
    """Builds the URLs of :attr:`Catalog.api <cwlint.catalog.Catalog.api>` reads and follows paging."""

    def __init__(self, client: Any, base: str, facts: ApiFacts) -> None:
        self.client, self.base, self.facts = client, base, facts

    def url(self, name: str, **ids: Any) -> str:
        return self.base + self.facts.reads[name].path.format(**ids)

    def one(self, name: str) -> Any:
        from cwlint.live.snapshot import Failure

        data = self.client.get(self.url(name)).data
        if not isinstance(data, dict):
            raise Failure(Kind.INVALID, f"{self.facts.reads[name].what}: expected a JSON object")
        return data

    def all(
        self,
        name: str,
        *,
        id: int | None = None,
        fields: str | None = None,
        conditions: str | None = None,
    ) -> list[dict]:
        """Every page of a list read (``pageSize`` at the cap, ``Link: rel="next"``)."""
        from cwlint.live.snapshot import Failure

        url: str | None = self.url(name, id=id)
        asked = {"fields": fields, "conditions": conditions}
        query: dict[str, str] | None = {
            **{k: v for k, v in asked.items() if v is not None},
            "pageSize": str(self.facts.page_size),
        }
        items: list[dict] = []
        seen: set[str] = set()
        while url and len(seen) < MAX_PAGES:
            seen.add(url)
            reply = self.client.get(url, query)
            if not isinstance(reply.data, list):
                raise Failure(Kind.INVALID, f"{self.facts.reads[name].what}: expected a JSON list")
            items += [item for item in reply.data if isinstance(item, dict)]
            url, query = reply.next_url, None
            if url in seen:
                break
        return items

    def members(self, identifiers: list[str]) -> dict[str, dict]:
        """Members by lower-case identifier, looked up in batches that run concurrently."""
        size = self.facts.batch_size
        batches = [identifiers[i : i + size] for i in range(0, len(identifiers), size)]

        def batch(idents: list[str]) -> list[dict]:
            listed = ",".join(f'"{_quoted(i)}"' for i in idents)
            return self.all(
                "members",
                conditions=f"identifier in ({listed})",
                fields="id,identifier,firstName,lastName,inactiveFlag,licenseClass",
            )

        with ThreadPoolExecutor(min(MAX_WORKERS, len(batches) or 1)) as pool:
            pages = list(pool.map(batch, batches))
        return {str(m.get("identifier", "")).casefold(): m for page in pages for m in page}
