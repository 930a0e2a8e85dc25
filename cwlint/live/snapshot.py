"""The tenant snapshot: what ``--live`` read for one manifest, typed and serialisable.

The live checks (CW901-CW911) are pure functions of a manifest and a :class:`Tenant`. The reads
(:mod:`cwlint.live.tenant`) make one from the network; ``--snapshot FILE`` makes one from a file
that ``--save-snapshot FILE`` wrote, with no network. No secret is ever part of a snapshot: the
connection is resolved from the manifest each time, and every text a server sent passed the
client's redaction before it got here.

This module imports neither httpx nor ``cwlint.checks``: the checks import it, never the reverse.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterator, Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any

from cwlint._record import mutable_record
from cwlint.findings import Issue, Pointer
from cwlint.live.env import Connection

if TYPE_CHECKING:
    from cwlint.catalog import Read

SNAPSHOT_FORMAT = 1


class Kind(enum.Enum):
    """What happened to a read that gave no data."""

    UNREACHABLE = "unreachable"  #: DNS, TCP, TLS handshake
    TLS = "tls"  #: certificate not trusted or not for this host
    CHAIN = "chain"  #: intermediate certificate missing
    REDIRECT = "redirect"  #: to another origin or to http
    AUTH = "auth"  #: 401
    FORBIDDEN = "forbidden"  #: 403
    SSL_REQUIRED = "ssl-required"  #: a 403 recognised as "SSL is required."
    NOT_FOUND = "not-found"  #: 404
    STATUS = "status"  #: another 4xx
    SERVER = "server"  #: 5xx, or 429 after retries
    TIMEOUT = "timeout"
    INVALID = "invalid"  #: not the JSON expected
    UNTRUSTED_HOST = "untrusted-host"  #: credentials would go to a host nobody configured
    SKIPPED = "skipped"  #: not attempted


#: Failures that concern every call to a host: reported once (CW901, CW902, CW910), and the
#: checks that needed the host stay silent rather than repeat them.
HOST_WIDE = frozenset(
    {
        Kind.UNREACHABLE,
        Kind.TLS,
        Kind.CHAIN,
        Kind.REDIRECT,
        Kind.AUTH,
        Kind.SSL_REQUIRED,
        Kind.UNTRUSTED_HOST,
        Kind.SKIPPED,
    }
)


class Failure(Exception):
    """A read that did not give data: its :class:`Kind` and a sentence with no secret in it.

    ``detail`` is ConnectWise's own error message, if it sent one; ``host`` the host concerned.
    """

    def __init__(self, kind: Kind | str, message: str, *, host: str = "", detail: str = "") -> None:
        super().__init__(message)
        self.kind = Kind(kind)
        self.message = message
        self.host = host
        self.detail = detail

    def __repr__(self) -> str:
        return f"Failure({self.kind.value!r}, {self.message!r})"

    def to_json(self) -> dict[str, str]:
        return {
            "kind": self.kind.value,
            "message": self.message,
            "host": self.host,
            "detail": self.detail,
        }

    @classmethod
    def from_json(cls, data: Any) -> Failure:
        if not isinstance(data, dict):
            raise ValueError("a failure is an object with kind and message")
        return cls(
            str(data.get("kind")),
            str(data.get("message", "")),
            host=str(data.get("host", "")),
            detail=str(data.get("detail", "")),
        )


@mutable_record
class Result:
    """The outcome of one read: ``value`` or ``failure``."""

    value: Any = None
    failure: Failure | None = None
    source: str | None = None  # the read that failed, when this one depended on it

    @property
    def ok(self) -> bool:
        return self.failure is None


@mutable_record
class Tenant:
    """What the live reads gave for one manifest (no secret is kept in a readable form)."""

    connection: Connection
    api_url: str | None = None
    reads: dict[str, Result] = field(default_factory=dict)
    site_failure: Failure | None = None  # companyinfo could not be read (site host)
    api_failure: Failure | None = None  # a host-wide failure of the API (see HOST_WIDE)
    own_role: bool = False  # role settings are the API member's own (/system/mySecurity)

    def result(self, name: str) -> Result:
        """The read ``name``; a skipped failure when this manifest did not need it."""
        return self.reads.get(name) or Result(failure=Failure(Kind.SKIPPED, "not read"))

    def value(self, name: str, default: Any = None) -> Any:
        found = self.reads.get(name)
        return found.value if found is not None and found.ok else default

    def failed_reads(self, kinds: Collection[Kind]) -> list[tuple[Read, Failure]]:
        """``(read, failure)`` of the API reads that failed with one of ``kinds`` although the
        run went on (e.g. a 401 for ``system/members`` after ``system/info`` was answered),
        each failure once, in the order of ``rules/connectwise/api.yaml``. The failure that
        stopped the run (:attr:`api_failure`) is not among them: it is reported on its own."""
        from cwlint.catalog import load_catalog

        facts = load_catalog().api
        found: list[tuple[Read, Failure]] = []
        seen: set[int] = set()
        for name in facts.reads:
            result = self.reads.get(name)
            failure = result.failure if result is not None else None
            if (
                result is None
                or failure is None
                or failure.kind not in kinds
                or failure is self.api_failure
                or (id(failure) in seen)
            ):
                continue
            seen.add(id(failure))
            found.append((facts.reads[result.source or name], failure))
        return found

    def unavailable(self, name: str, path: Pointer, checked: str) -> Iterator[Issue]:
        """A "not checked" finding when read ``name`` failed for its own reason; nothing when it
        succeeded or failed for a reason that concerns the host (:data:`HOST_WIDE`: reported
        once, by CW901/CW902/CW910, see :meth:`failed_reads`)."""
        result = self.result(name)
        failure = result.failure
        if failure is None or failure.kind in HOST_WIDE or failure is self.api_failure:
            return
        from cwlint.catalog import load_catalog

        read = load_catalog().api.reads.get(result.source or name)
        what = read.what if read else name
        hint = "; try again later, or ignore this rule for the run"
        if failure.kind is Kind.FORBIDDEN and read and read.permission:
            module, function = read.permission
            hint = (
                f": the API member's role lacks {module} > {function} (Inquire), which "
                "cwlint needs to read them; grant Inquire or ignore this rule"
            )
        elif failure.kind is Kind.TIMEOUT:
            hint = "; raise --timeout or try again later"
        yield Issue(
            path, f"could not check {checked}: reading {what} failed ({failure.message}){hint}"
        )


# ------------------------------------------------------------- reading manifest and records
_SAFE_IDENTIFIER = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@")


def manifest_role(data: Mapping[str, Any]) -> str | None:
    """The role the manifest names: ``security_role.name``, else ``api_member.security_role``."""
    for path in (("security_role", "name"), ("api_member", "security_role")):
        node: Any = data
        for step in path:
            node = node.get(step) if isinstance(node, dict) else None
        if isinstance(node, str) and node.strip():
            return node.strip()
    return None


def manifest_api_member(data: Mapping[str, Any]) -> str | None:
    member = data.get("api_member")
    ident = member.get("identifier") if isinstance(member, dict) else None
    return ident.strip() if isinstance(ident, str) and ident.strip() else None


def mapped_members(data: Mapping[str, Any]) -> list[str]:
    """The distinct member identifiers of ``users:`` that can be looked up (others: CW401)."""
    users = data.get("users")
    found: dict[str, str] = {}
    for user in users if isinstance(users, list) else ():
        ident = user.get("member") if isinstance(user, dict) else None
        if isinstance(ident, str) and ident and set(ident) <= _SAFE_IDENTIFIER:
            found.setdefault(ident.casefold(), ident)
    return list(found.values())


def key_owner(my_security: Any) -> str | None:
    """The identifier of the member the keys belong to, from ``/system/mySecurity`` rows."""
    for row in my_security if isinstance(my_security, list) else ():
        member = row.get("member") if isinstance(row, dict) else None
        ident = member.get("identifier") if isinstance(member, dict) else None
        if isinstance(ident, str) and ident:
            return ident
    return None


def role_name_of(record: Any) -> str | None:
    """``securityRole.name`` of a member or API member record."""
    role = record.get("securityRole") if isinstance(record, dict) else None
    name = role.get("name") if isinstance(role, dict) else None
    return name if isinstance(name, str) else None


# ------------------------------------------------------------------------- serialising
def tenant_key(site: str | None, company_id: str | None) -> tuple[str, str]:
    """What a saved tenant is matched by: the site's host (and port) and the company id,
    compared without case."""
    from cwlint.urls import parse_url

    url = parse_url(site) if isinstance(site, str) and site.strip() else None
    host = f"{url.host}:{url.port}" if url and url.host and url.port else (url.host if url else "")
    return (host or "").casefold(), (company_id or "").strip().casefold()


def dump(tenant: Tenant) -> dict[str, Any]:
    """One tenant as plain JSON data: the reads and failures, never the connection's secrets."""
    failures: list[Failure] = []

    def ref(failure: Failure | None) -> int | None:
        if failure is None:
            return None
        for i, known in enumerate(failures):
            if known is failure:
                return i
        failures.append(failure)
        return len(failures) - 1

    from cwlint.urls import shown_url

    reads: dict[str, Any] = {}
    for name, result in sorted(tenant.reads.items()):
        entry: dict[str, Any] = (
            {"value": _without_client_ids(result.value)}
            if result.ok
            else {"failure": ref(result.failure)}
        )
        if result.source:
            entry["source"] = result.source
        reads[name] = entry
    return {
        "site": shown_url(tenant.connection.site),
        "company_id": tenant.connection.company_id or "",
        "api_url": shown_url(tenant.api_url),
        "own_role": tenant.own_role,
        "site_failure": ref(tenant.site_failure),
        "api_failure": ref(tenant.api_failure),
        "reads": reads,
        "failures": [f.to_json() for f in failures],
    }


#: Record fields a snapshot never keeps: another integration's clientId (a hosted setup's) is
#: a credential of its own, and no live check reads it.
_DROPPED_FIELDS = frozenset({"clientId"})


def _without_client_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_client_ids(v) for k, v in value.items() if k not in _DROPPED_FIELDS}
    if isinstance(value, list):
        return [_without_client_ids(v) for v in value]
    return value


def load(data: Any, connection: Connection) -> Tenant:
    """A tenant from :func:`dump`'s data, for a manifest whose connection is ``connection``;
    raises ``ValueError`` (with a message naming what is wrong) for data of another shape."""
    if not isinstance(data, dict) or not isinstance(data.get("reads"), dict):
        raise ValueError("a saved tenant is an object with its reads")
    failures = [Failure.from_json(f) for f in data.get("failures") or []]

    def deref(index: Any) -> Failure | None:
        if index is None:
            return None
        if not isinstance(index, int) or not 0 <= index < len(failures):
            raise ValueError(f"failure {index!r} is not in the snapshot's failures")
        return failures[index]

    tenant = Tenant(
        connection, api_url=data.get("api_url") or None, own_role=bool(data.get("own_role"))
    )
    tenant.site_failure = deref(data.get("site_failure"))
    tenant.api_failure = deref(data.get("api_failure"))
    for name, entry in data["reads"].items():
        if not isinstance(entry, dict):
            raise ValueError(f"read {name!r} is not an object")
        source = entry.get("source")
        if "failure" in entry:
            tenant.reads[name] = Result(
                failure=deref(entry["failure"]), source=source if isinstance(source, str) else None
            )
        else:
            tenant.reads[name] = Result(value=entry.get("value"))
    return tenant
