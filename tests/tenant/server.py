"""A real HTTPS server on 127.0.0.1 that behaves like a ConnectWise PSA (Manage) tenant.

One :class:`TenantServer` serves both the web "site" (``/login/companyinfo/{id}``) and the
REST API (``/{codebase}apis/3.0/...``) on one random port, for any Host header.  Address it
as ``https://localhost:PORT/`` (``site_url``) and ``https://127.0.0.1:PORT/`` (``url``, the
API host) so a client sees two hostnames.  Start a second instance (sharing the same
:class:`~tests.tenant.certs.TenantCertificates`) for "another host" redirect tests.

Behaviour is switched per test through :class:`Scenario` (``server.scenario.latency = 0.05``
or ``server.scenario = Scenario(...)``); every request is recorded in ``server.requests``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fnmatch
import json
import socket
import socketserver
import ssl
import threading
import time
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from .catalog import CUSTOMIZE_IDENTIFIERS
from .certs import TenantCertificates
from .conditions import (
    ConditionError,
    apply_order_by,
    compile_conditions,
    index_key,
    select_fields,
)
from .tenant import Tenant, realistic_tenant

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "RecordedRequest",
    "RequestLog",
    "Scenario",
    "TenantServer",
]

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 1000
ON_PREMISE_CODEBASE = "v4_6_release/"

PathSet = bool | str | Collection[str]


@dataclass
class Scenario:
    """Switchable misbehaviour.  Path patterns are matched case-insensitively with
    :func:`fnmatch` (``*`` also crosses ``/``) against both the request path without its
    leading slash (``login/companyinfo/acme``, ``v2025_1/apis/3.0/system/members``) and, for
    API calls, the route below ``apis/3.0/`` (``system/members``,
    ``system/securityroles/*/settings``); ``"*"`` matches every request.  Counters behind
    "first N" rules are per (pattern, exact path) and live on the server
    (:meth:`TenantServer.reset` clears them)."""

    #: seconds slept before answering every request.
    latency: float = 0.0
    #: pattern -> N: the first N requests to each matching path get 429 with ``Retry-After``
    #: and ConnectWise's body ``{"error":"ConnectWiseAPI","message":"Too many requests…"}``.
    #: An int N means ``{"*": N}``.
    rate_limit: int | Mapping[str, int] = field(default_factory=dict)
    #: ``Retry-After`` value sent with 429 (and 503) answers.
    retry_after: int | str = 1
    #: pattern -> status (always) or (status, N) (first N requests per path).  Statuses 401,
    #: 403, 404, 500, 503 get ConnectWise-shaped bodies; 503 also gets ``Retry-After``.
    status_for: Mapping[str, int | tuple[int, int]] = field(default_factory=dict)
    #: companyinfo reports this ``Codebase`` (and matching VersionCode) while the API keeps
    #: serving the tenant's real codebase: "companyinfo disagrees with the manifest".
    #: (For a real upgrade, where the old codebase 404s, use ``Tenant.upgrade_codebase``.)
    wrong_codebase: str | None = None
    #: API calls whose Host name is not ``server.api_host`` get 403
    #: ``{"code":"Security","message":"SSL is required.","errors":null}`` (what ConnectWise
    #: cloud answers on a host without ``api-``).  companyinfo is unaffected.
    ssl_required_without_api_prefix: bool = False
    #: TLS handshakes present the leaf certificate without the intermediate (applies to new
    #: connections; a client trusting only the root CA must fail verification).
    incomplete_chain: bool = False
    #: base URL of another server (e.g. ``other.site_url``): every API call answers
    #: ``redirect_status`` with ``Location: redirect_to + <original path and query>``.
    redirect_to: str | None = None
    redirect_status: int = 302
    #: True, a pattern or patterns: 2xx answers to matching requests send the headers (full
    #: Content-Length) and half the body, then stall up to ``hang_seconds`` (or until the
    #: server stops) and close the connection.
    hang_mid_body: PathSet = False
    hang_seconds: float = 30.0
    #: companyinfo answers JSON ``null`` (200) for every company id.
    unknown_company: bool = False
    #: when True, API reads need Inquire > None on the function guarding them in the key
    #: owner's role (members/apiMembers: System > Member Maintenance; securityroles:
    #: System > Security Roles; hosted setups/screens: System > Manage Hosted API), else 403.
    #: Admin roles pass.  /system/info and /system/mySecurity* are always allowed.
    enforce_permissions: bool = False
    #: request targets (path + query) longer than this get 414.
    max_url_length: int | None = None


@dataclass
class RecordedRequest:
    """One request as the server saw it.  The Authorization value is kept privately: use
    ``has_authorization`` or :meth:`authorization_is`; it never appears in repr."""

    method: str
    target: str  #: raw request target (path and query, percent-encoded as sent)
    path: str  #: decoded path
    query: str  #: raw query string
    params: dict[str, list[str]]
    host: str  #: Host header value ("" if none), e.g. ``127.0.0.1:51234``
    header_names: tuple[str, ...]  #: names as sent, in order
    has_authorization: bool
    has_client_id: bool
    accept: str | None
    server_port: int
    #: API route below ``apis/3.0/``, lower-cased, no trailing slash (``system/members``);
    #: ``login/companyinfo`` for companyinfo; None otherwise.
    route: str | None
    time: float
    status: int | None = None  #: status sent (None while in flight or if none was sent)
    authenticated: bool = False  #: the Authorization/clientId matched the tenant
    _authorization: str | None = field(default=None, repr=False, compare=False)

    @property
    def hostname(self) -> str:
        """Host header without the port (and without IPv6 brackets)."""
        return _hostname(self.host)

    def param(self, name: str) -> str | None:
        """First value of a query parameter (name matched case-insensitively)."""
        for key, values in self.params.items():
            if key.lower() == name.lower() and values:
                return values[0]
        return None

    def authorization_is(self, value: str) -> bool:
        """Whether the Authorization header sent was exactly ``value``."""
        return self._authorization == value


class RequestLog:
    """A thread-safe, append-only list of :class:`RecordedRequest` (iteration is a snapshot)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[RecordedRequest] = []
        self._in_flight = 0
        self.max_in_flight = 0  #: most requests the server was handling at one time

    def append(self, item: RecordedRequest) -> None:
        with self._lock:
            self._items.append(item)

    @contextlib.contextmanager
    def handling(self) -> Iterator[None]:
        """Count a request as in flight while the server handles it (for concurrency tests)."""
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            yield
        finally:
            with self._lock:
                self._in_flight -= 1

    def snapshot(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.max_in_flight = self._in_flight

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(self.snapshot())

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __getitem__(self, index: int) -> RecordedRequest:
        with self._lock:
            return self._items[index]

    def __bool__(self) -> bool:
        return len(self) > 0

    def for_route(self, route: str) -> list[RecordedRequest]:
        """Requests whose route matches ``route`` (fnmatch, case-insensitive)."""
        pat = route.strip("/").lower()
        return [r for r in self if r.route is not None and fnmatch.fnmatchcase(r.route, pat)]

    def api_calls(self) -> list[RecordedRequest]:
        """Requests to API routes (not companyinfo)."""
        return [r for r in self if r.route is not None and r.route != "login/companyinfo"]


def _hostname(host: str) -> str:
    host = host.strip()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host[1:]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _as_patterns(value: PathSet) -> tuple[str, ...]:
    if value is True:
        return ("*",)
    if value is False or value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _error(code: str, message: str) -> dict[str, Any]:
    return {"code": code, "message": message, "errors": None}


_STATUS_BODIES: dict[int, dict[str, Any]] = {
    400: _error("InvalidObject", "The request is invalid."),
    401: _error("Unauthorized", "The supplied authentication is incorrect."),
    403: _error("Security", "Improper security role settings for the supplied authentication."),
    404: _error("NotFound", "The requested resource was not found."),
    405: _error("MethodNotAllowed", "The requested method is not allowed."),
    414: _error("RequestUriTooLong", "The request URL is too long."),
    500: _error("UnexpectedError", "An unexpected error has occurred. Please try again later."),
    502: _error("BadGateway", "The server received an invalid response."),
    503: _error("ServiceUnavailable", "The service is temporarily unavailable."),
}

#: route prefix -> (module, function) guarding it under Scenario.enforce_permissions.
_GUARDS: tuple[tuple[str, tuple[str, str]], ...] = (
    ("system/members", ("System", "Member Maintenance")),
    ("system/apimembers", ("System", "Member Maintenance")),
    ("system/securityroles", ("System", "Security Roles")),
    ("system/connectwisehostedsetups", ("System", "Manage Hosted API")),
    ("system/connectwisehostedscreens", ("System", "Manage Hosted API")),
)


class _Reply(Exception):
    """Raised inside a route to answer immediately with (status, JSON body)."""

    def __init__(self, status: int, body: Any = None, headers: Mapping[str, str] | None = None):
        super().__init__(status)
        self.status = status
        self.body = _STATUS_BODIES.get(status, _error("Error", "Error")) if body is None else body
        self.headers = dict(headers or {})


@dataclass
class _Listing:
    """What a route produced: a collection to page, a single object, or a count."""

    kind: str  # "list" | "item" | "count"
    records: Callable[[], list[dict[str, Any]]] | None = None
    item: Any = None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY: headers and body go out as separate writes; with Nagle on, each answer
    # waited for the client's delayed ACK (~40 ms), on top of Scenario.latency.
    disable_nagle_algorithm = True
    server_version = "Microsoft-IIS/10.0"
    sys_version = ""
    timeout = 15.0  # idle keep-alive connections and slow clients
    server: _HTTPServer

    # ------------------------------------------------------------------ plumbing
    def handle(self) -> None:
        owner = self.server.owner
        try:
            self.connection.do_handshake()
        except (ssl.SSLError, OSError) as exc:
            owner._note_tls_error(exc)
            self.close_connection = True
            return
        try:
            super().handle()
        except ssl.SSLError as exc:  # e.g. the client rejected our certificate (TLS 1.3)
            owner._note_tls_error(exc)
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.owner.verbose:
            super().log_message(format, *args)

    def __getattr__(self, name: str) -> Any:
        # Every method other than GET (including unknown ones) answers 405.
        if name.startswith("do_") and name != "do_GET":
            return self._method_not_allowed
        raise AttributeError(name)

    def _method_not_allowed(self) -> None:
        rec = self._record()
        length = self.headers.get("Content-Length")
        if length and length.isdigit() and int(length) <= 1_000_000:
            with contextlib.suppress(OSError):
                self.rfile.read(int(length))
        else:
            self.close_connection = True
        self._send(rec, 405, _STATUS_BODIES[405], {"Allow": "GET"})

    # ------------------------------------------------------------------ recording
    def _record(self) -> RecordedRequest:
        owner = self.server.owner
        split = urlsplit(self.path)
        path = unquote(split.path)
        route = owner._route_of(path)
        route_name = None
        if route is not None:
            route_name = "login/companyinfo" if route[0] == "companyinfo" else route[1]
        auth = self.headers.get("Authorization")
        rec = RecordedRequest(
            method=self.command,
            target=self.path,
            path=path,
            query=split.query,
            params=parse_qs(split.query, keep_blank_values=True),
            host=self.headers.get("Host", ""),
            header_names=tuple(self.headers.keys()),
            has_authorization=auth is not None,
            has_client_id=bool(self.headers.get("clientId")),
            accept=self.headers.get("Accept"),
            server_port=owner.port,
            route=route_name,
            time=time.monotonic(),
            _authorization=auth,
        )
        owner.requests.append(rec)
        return rec

    # ------------------------------------------------------------------ responses
    def _send(
        self,
        rec: RecordedRequest,
        status: int,
        body: Any,
        headers: Mapping[str, str] | None = None,
        *,
        hang: bool = False,
    ) -> None:
        owner = self.server.owner
        payload = b"" if status in (204, 304) else json.dumps(body, separators=(",", ":")).encode()
        rec.status = status
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("x-cw-request-id", str(uuid.uuid4()))
        self.send_header("x-server-name", "CWTEST-API01")
        if rec.route is not None and rec.route != "login/companyinfo":
            self.send_header("api-current-version", owner.tenant.version_code.lstrip("v"))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if hang and 200 <= status < 300:
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(payload[: max(1, len(payload) // 2)])
            self.wfile.flush()
            owner._stopping.wait(owner.scenario.hang_seconds)
            self.close_connection = True
            with contextlib.suppress(OSError):
                socket.socket.shutdown(self.connection, socket.SHUT_RDWR)
            return
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    # ------------------------------------------------------------------ GET
    def do_GET(self) -> None:
        with self.server.owner.requests.handling():
            self._get()

    def _get(self) -> None:
        rec = self._record()
        owner = self.server.owner
        sc = owner.scenario
        if sc.latency > 0:
            owner._stopping.wait(sc.latency)
        hang = owner._matches_any(_as_patterns(sc.hang_mid_body), rec)
        try:
            status, body, headers = self._dispatch(rec)
        except _Reply as reply:
            status, body, headers = reply.status, reply.body, reply.headers
        self._send(rec, status, body, headers, hang=hang)

    def _dispatch(self, rec: RecordedRequest) -> tuple[int, Any, dict[str, str]]:
        owner = self.server.owner
        sc = owner.scenario
        route = owner._route_of(rec.path)
        if route is None:
            raise _Reply(404)
        kind, name, codebase = route
        if sc.max_url_length is not None and len(rec.target) > sc.max_url_length:
            raise _Reply(414)
        if kind == "api" and sc.redirect_to:
            location = sc.redirect_to.rstrip("/") + rec.target
            raise _Reply(sc.redirect_status, {}, {"Location": location})
        if (
            kind == "api"
            and sc.ssl_required_without_api_prefix
            and rec.hostname.lower() != owner.api_host.lower()
        ):
            raise _Reply(403, _error("Security", "SSL is required."))
        self._scenario_statuses(rec)
        if kind == "companyinfo":
            return 200, owner._company_info(name, rec), {}
        # --- API
        accepted = {owner.tenant.codebase.lower()} if owner.tenant.is_cloud else set()
        accepted.add(ON_PREMISE_CODEBASE)
        if (codebase or "").lower() not in accepted:
            raise _Reply(404)
        self._authenticate(rec)
        if sc.enforce_permissions:
            self._authorize(name)
        listing = owner._resolve(name)
        if listing.kind == "item":
            return 200, listing.item, {}
        assert listing.records is not None
        return self._collection(rec, listing)

    def _scenario_statuses(self, rec: RecordedRequest) -> None:
        owner = self.server.owner
        sc = owner.scenario
        for pattern, spec in sc.status_for.items():
            if not owner._matches(pattern, rec):
                continue
            status, limit = spec if isinstance(spec, tuple) else (spec, None)
            if limit is not None and owner._bump(("status", pattern, rec.path.lower())) > limit:
                continue
            headers = {"Retry-After": str(sc.retry_after)} if status == 503 else {}
            raise _Reply(status, None, headers)
        limits = {"*": sc.rate_limit} if isinstance(sc.rate_limit, int) else sc.rate_limit
        for pattern, first_n in limits.items():
            if first_n <= 0 or not owner._matches(pattern, rec):
                continue
            if owner._bump(("rate", pattern, rec.path.lower())) <= first_n:
                raise _Reply(
                    429,
                    {
                        "error": "ConnectWiseAPI",
                        "message": "Too many requests. Please try again in "
                        f"{sc.retry_after} seconds.",
                    },
                    {"Retry-After": str(sc.retry_after)},
                )

    def _authenticate(self, rec: RecordedRequest) -> None:
        tenant = self.server.owner.tenant
        header = self.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        ok = False
        if scheme.lower() == "basic" and token:
            try:
                decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                decoded = ""
            user, _, private = decoded.partition(":")
            company, _, public = user.partition("+")
            ok = (
                company.casefold() == tenant.company_id.casefold()
                and public == tenant.public_key
                and private == tenant.private_key
            )
        if not ok:
            raise _Reply(401)
        key_owner = tenant.key_owner.casefold()
        owner = next(
            (a for a in tenant.api_members if a.identifier.casefold() == key_owner), None
        ) or next((m for m in tenant.members if m.identifier.casefold() == key_owner), None)
        if owner is None or owner.inactive_flag:
            raise _Reply(401)
        client_id = self.headers.get("clientId", "").strip()
        if not client_id or (
            tenant.client_id is not None and client_id.lower() != tenant.client_id.lower()
        ):
            raise _Reply(
                401, _error("Unauthorized", "A valid clientId header is required on every call.")
            )
        rec.authenticated = True

    def _authorize(self, name: str) -> None:
        tenant = self.server.owner.tenant
        role = tenant.key_owner_role()
        if role is not None and role.admin_flag:
            return
        for prefix, (module, function) in _GUARDS:
            if name == prefix or name.startswith(prefix + "/"):
                level = "None"
                if role is not None:
                    for s in tenant.role_settings.get(role.id, []):
                        if s.module == module and s.function == function:
                            level = s.inquire
                if level == "None":
                    raise _Reply(403)
                return

    def _collection(
        self, rec: RecordedRequest, listing: _Listing
    ) -> tuple[int, Any, dict[str, str]]:
        assert listing.records is not None
        try:
            predicate = compile_conditions(rec.param("conditions"))
            every = listing.records()
            where = getattr(predicate, "index", None)
            if where is not None:  # `field in (...)`: from an index, in the listing's order
                field, keys = where
                index = self.server.owner.index(every, field)
                records = [every[i] for i in sorted(i for k in keys for i in index.get(k, ()))]
            else:
                records = [r for r in every if predicate(r)]
            if listing.kind == "count":
                return 200, {"count": len(records)}, {}
            forward_only = self.headers.get("pagination-type", "").lower() == "forward-only"
            if forward_only and rec.param("orderBy"):
                raise _Reply(
                    400,
                    _error("InvalidObject", "orderBy is not allowed with forward-only pagination."),
                )
            records = apply_order_by(records, None if forward_only else rec.param("orderBy"))
        except ConditionError as exc:
            raise _Reply(400, _error("InvalidObject", f"Invalid query: {exc}")) from None
        page_size = self._int_param(rec, "pageSize", DEFAULT_PAGE_SIZE)
        if page_size <= 0:
            page_size = DEFAULT_PAGE_SIZE
        page_size = min(page_size, MAX_PAGE_SIZE)
        fields = rec.param("fields")
        headers: dict[str, str] = {}
        base = f"https://{rec.host or f'127.0.0.1:{self.server.owner.port}'}{quote(rec.path)}"
        if forward_only:
            page_id = self._int_param(rec, "pageId", 0)
            rest = [r for r in records if isinstance(r.get("id"), int) and r["id"] > page_id]
            chunk = rest[:page_size]
            if len(rest) > page_size:
                nxt = _with_params(rec.query, pageId=chunk[-1]["id"], pageSize=page_size)
                headers["Link"] = f'<{base}?{nxt}>; rel="next"'
        else:
            page = max(1, self._int_param(rec, "page", 1))
            chunk = records[(page - 1) * page_size : page * page_size]
            last = max(1, -(-len(records) // page_size))
            links = []
            if records:
                links.append(("first", 1))
                if page > 1:
                    links.append(("prev", min(page - 1, last)))
                if page < last:
                    links.append(("next", page + 1))
                links.append(("last", last))
            if links:
                headers["Link"] = ", ".join(
                    f'<{base}?{_with_params(rec.query, page=n, pageSize=page_size)}>; rel="{rel}"'
                    for rel, n in links
                )
        return 200, [select_fields(r, fields) for r in chunk], headers

    @staticmethod
    def _int_param(rec: RecordedRequest, name: str, default: int) -> int:
        raw = rec.param(name)
        if raw is None or raw == "":
            return default
        try:
            return int(raw)
        except ValueError:
            raise _Reply(400, _error("InvalidObject", f"{name} must be an integer.")) from None


def _with_params(query: str, **updates: int) -> str:
    """``query`` with parameters replaced/added, keeping the others in order."""
    pairs = [
        (k, v) for k, v in _parse_pairs(query) if k.lower() not in {u.lower() for u in updates}
    ]
    pairs.extend((k, str(v)) for k, v in updates.items())
    return urlencode(pairs, quote_via=quote, safe="/,")


def _parse_pairs(query: str) -> list[tuple[str, str]]:
    out = []
    for part in query.split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        out.append((unquote(key.replace("+", " ")), unquote(value.replace("+", " "))))
    return out


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, owner: TenantServer, address: tuple[str, int]) -> None:
        self.owner = owner
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind does a reverse DNS lookup (getfqdn); not wanted here.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, addr = self.socket.accept()
        ctx = self.owner._ssl_context()
        # The handshake happens in the handler thread (bounded by the handler's timeout).
        return ctx.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        self.owner._track(request, threading.current_thread(), add=True)
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.owner._track(request, threading.current_thread(), add=False)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Client disconnects, timeouts and TLS failures are expected in these tests.
        if self.owner.verbose:
            super().handle_error(request, client_address)


class TenantServer:
    """A ConnectWise-like tenant over HTTPS on ``127.0.0.1:<random port>``.

    ``with TenantServer() as server:`` or ``server.start()`` / ``server.stop()``.
    """

    def __init__(
        self,
        tenant: Tenant | None = None,
        certs: TenantCertificates | None = None,
        *,
        scenario: Scenario | None = None,
        port: int = 0,
        api_host: str = "127.0.0.1",
        site_host: str = "localhost",
        verbose: bool = False,
    ) -> None:
        self.tenant: Tenant = tenant if tenant is not None else realistic_tenant()
        self._owns_certs = certs is None
        self.certs: TenantCertificates = certs if certs is not None else TenantCertificates.create()
        self.scenario: Scenario = scenario if scenario is not None else Scenario()
        self.api_host = api_host
        self.site_host = site_host
        self.verbose = verbose
        self.requests = RequestLog()
        #: the last listing indexed per field: (listing, index_key -> positions)
        self._indexes: dict[str, tuple[list[dict[str, Any]], dict[Any, list[int]]]] = {}
        self._indexes_lock = threading.Lock()
        self.tls_errors: list[str] = []
        self._requested_port = port
        self._lock = threading.Lock()
        self._counters: dict[tuple[str, str, str], int] = {}
        self._connections: set[Any] = set()
        self._threads: set[threading.Thread] = set()
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._contexts = {
            False: self.certs.server_context(incomplete_chain=False),
            True: self.certs.server_context(incomplete_chain=True),
        }

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> TenantServer:
        if self._httpd is not None:
            return self
        self._stopping.clear()
        self._httpd = _HTTPServer(self, ("127.0.0.1", self._requested_port))
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"TenantServer:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, drop open connections (ending hangs and keep-alives), join threads."""
        httpd = self._httpd
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()
        threads = self._drop_connections()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._join(threads)
        self._httpd = None
        self._thread = None
        if self._owns_certs:
            self.certs.cleanup()

    @property
    def handlers(self) -> int:
        """Connections still being handled: 0 once stop() has woken and joined every handler."""
        with self._lock:
            return len(self._threads)

    def __enter__(self) -> TenantServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def reset(self, tenant: Tenant | None = None) -> None:
        """Back to a healthy scenario (serving ``tenant`` instead, if given), as if just
        started: ends hangs and latency waits, closes open connections and joins their
        handlers (so nothing of before reaches the new log), then clears the request log,
        counters and TLS errors. The listener and its port stay: one server can serve test
        after test."""
        if self._httpd is not None:
            self._stopping.set()
            self._join(self._drop_connections())
            self._stopping.clear()
        self.scenario = Scenario()
        if tenant is not None:
            self.tenant = tenant
        with self._lock:
            self._counters.clear()
        self.requests.clear()
        self.tls_errors.clear()

    # ------------------------------------------------------------------ addresses
    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """Root of the API host: ``https://127.0.0.1:PORT/``."""
        return f"https://{self.api_host}:{self.port}/"

    @property
    def site_url(self) -> str:
        """Root of the web "site" host: ``https://localhost:PORT/``."""
        return f"https://{self.site_host}:{self.port}/"

    @property
    def api_url(self) -> str:
        """REST base as a manifest's ``api_url``: ``https://127.0.0.1:PORT/v2025_1/apis/3.0/``."""
        return f"{self.url}{self.codebase}apis/3.0/"

    @property
    def codebase(self) -> str:
        return self.tenant.codebase if self.tenant.is_cloud else ON_PREMISE_CODEBASE

    def companyinfo_url(self, company_id: str | None = None) -> str:
        return f"{self.site_url}login/companyinfo/{company_id or self.tenant.company_id}"

    @property
    def ca_pem_path(self) -> Path:
        """Root CA PEM (for ``--ca-bundle`` / ``ssl.create_default_context(cafile=...)``)."""
        return self.certs.ca_pem_path

    def client_ssl_context(self) -> ssl.SSLContext:
        return self.certs.client_context()

    # ------------------------------------------------------------------ credentials
    @property
    def company_id(self) -> str:
        return self.tenant.company_id

    @property
    def public_key(self) -> str:
        return self.tenant.public_key

    @property
    def private_key(self) -> str:
        return self.tenant.private_key

    @property
    def client_id(self) -> str:
        return self.tenant.client_id or "00000000-0000-0000-0000-000000000000"

    def authorization(self) -> str:
        """The Authorization value the tenant accepts."""
        raw = f"{self.company_id}+{self.public_key}:{self.private_key}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")

    def api_headers(self) -> dict[str, str]:
        """Headers a well-behaved client sends on API calls."""
        return {
            "Authorization": self.authorization(),
            "clientId": self.client_id,
            "Accept": "application/vnd.connectwise.com+json; version="
            + self.tenant.version_code.lstrip("v"),
        }

    def env(self) -> dict[str, str]:
        """Environment variables for a manifest that uses ``${CW_*}`` references."""
        return {
            "CW_COMPANY_ID": self.company_id,
            "CW_CLIENT_ID": self.client_id,
            "CW_PUBLIC_KEY": self.public_key,
            "CW_PRIVATE_KEY": self.private_key,
            "CW_SITE": self.site_url,
            "CW_API_URL": self.api_url,
            "CW_CA_BUNDLE": str(self.ca_pem_path),
        }

    def authorization_sent_to(self) -> set[str]:
        """Host headers of every request that carried an Authorization header."""
        return {r.host for r in self.requests if r.has_authorization}

    def manifest_yaml(self, name: str = "acme-1stream") -> str:
        """A format-1 manifest describing this tenant's 1stream integration as it is now
        (role permissions, Table Setup allow-list, ``asmith``/``bjones`` users, the 1stream
        pod).  Note: ``deployment: cloud`` with loopback hosts is for live tests only; the
        static host rules (CW102/CW109) will object to it."""
        t = self.tenant
        lines = [
            "cwlint: 1",
            f"name: {name}",
            "profile: 1stream",
            "connection:",
            f"  deployment: {'cloud' if t.is_cloud else 'on-premise'}",
            f"  site: {self.site_url}",
            f"  api_url: {self.api_url}",
            f"  company_id: {t.company_id}",
            f"  codebase: {self.codebase}",
            "  client_id: ${CW_CLIENT_ID}",
            "  public_key: ${CW_PUBLIC_KEY}",
            "  private_key: ${CW_PRIVATE_KEY}",
        ]
        owner = t.api_member(t.key_owner)
        role = t.role_by_id(owner.role_id)
        assert role is not None
        lines += [
            "api_member:",
            f"  identifier: {owner.identifier}",
            f"  security_role: {role.name}",
            "security_role:",
            f"  name: {role.name}",
            "  permissions:",
        ]
        allow: dict[str, list[str]] = {}
        for c in t.customize_items.get(role.id, []):
            allow.setdefault(c.customize_identifier, []).append(c.item_identifier)
        for s in t.role_settings.get(role.id, []):
            levels = [
                (k, v)
                for k, v in (
                    ("add", s.add),
                    ("edit", s.edit),
                    ("delete", s.delete),
                    ("inquire", s.inquire),
                )
                if v != "None"
            ]
            if not levels:
                continue
            lines.append(f"    - module: {_yaml_str(s.module)}")
            lines.append(f"      function: {_yaml_str(s.function)}")
            lines += [f"      {k}: {v}" for k, v in levels]
            items = allow.get(CUSTOMIZE_IDENTIFIERS.get((s.module, s.function), ""), [])
            if items:
                lines.append("      customize:")
                lines.append("        allow: [" + ", ".join(_yaml_str(i) for i in items) + "]")
        lines += [
            "users:",
            "  - user: alice@acme.example",
            "    member: asmith",
            "  - user: brian@acme.example",
            "    member: bjones",
            "pods:",
        ]
        pod = t.hosted_setups[0]
        screen = next(s for s in t.hosted_screens if s.id == pod.screen_id)
        lines += [
            f"  - description: {_yaml_str(pod.description)}",
            f"    screen: {_yaml_str(screen.name)}",
            f"    type: {pod.type}",
            f"    url: {_yaml_str(pod.url)}",
        ]
        if pod.origin:
            lines.append(f"    origin: {_yaml_str(pod.origin)}")
        if pod.pod_height is not None:
            lines.append(f"    height: {pod.pod_height}")
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------------ internals
    def _ssl_context(self) -> ssl.SSLContext:
        return self._contexts[bool(self.scenario.incomplete_chain)]

    def _note_tls_error(self, exc: BaseException) -> None:
        with self._lock:
            if len(self.tls_errors) < 1000:
                self.tls_errors.append(f"{type(exc).__name__}: {exc}")

    def _track(self, conn: Any, thread: threading.Thread, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(conn)
                self._threads.add(thread)
            else:
                self._connections.discard(conn)
                self._threads.discard(thread)

    def _drop_connections(self) -> list[threading.Thread]:
        """Shut every open connection (waking its handler); the handler threads to join."""
        with self._lock:
            conns = list(self._connections)
            threads = list(self._threads)
        for conn in conns:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(conn, socket.SHUT_RDWR)
        return threads

    @staticmethod
    def _join(threads: list[threading.Thread]) -> None:
        deadline = time.monotonic() + 5
        for t in threads:
            t.join(timeout=max(0.0, deadline - time.monotonic()))

    def _bump(self, key: tuple[str, str, str]) -> int:
        with self._lock:
            self._counters[key] = self._counters.get(key, 0) + 1
            return self._counters[key]

    def _route_of(self, path: str) -> tuple[str, str, str | None] | None:
        """("companyinfo", company_id, None) | ("api", route, codebase) | None."""
        parts = path.split("/")
        low = [p.lower() for p in parts]
        # /login/companyinfo/{id}
        if len(parts) >= 4 and low[1] == "login" and low[2] == "companyinfo" and parts[3]:
            return ("companyinfo", parts[3], None)
        # /{codebase}/apis/3.0/{route}
        if len(parts) >= 5 and low[2] == "apis" and low[3] == "3.0":
            route = "/".join(p for p in low[4:] if p)
            return ("api", route, parts[1] + "/")
        return None

    def _matches(self, pattern: str, rec: RecordedRequest) -> bool:
        pat = pattern.strip().strip("/").lower()
        if pat in ("*", ""):
            return True
        candidates = [rec.path.strip("/").lower()]
        if rec.route is not None:
            candidates.append(rec.route)
        return any(fnmatch.fnmatchcase(c, pat) for c in candidates)

    def _matches_any(self, patterns: tuple[str, ...], rec: RecordedRequest) -> bool:
        return any(self._matches(p, rec) for p in patterns)

    def index(self, records: list[dict[str, Any]], field: str) -> dict[Any, list[int]]:
        """Positions of ``records`` by :func:`index_key` of ``field``, built once per listing
        object (a tenant serves the same list while nothing changed: Tenant.members_json), so
        a batch of ``identifier in (...)`` reads costs the server a lookup, not a scan."""
        with self._indexes_lock:
            known = self._indexes.get(field)
            if known is not None and known[0] is records:
                return known[1]
            index: dict[Any, list[int]] = {}
            for i, record in enumerate(records):
                index.setdefault(index_key(record, field), []).append(i)
            self._indexes[field] = (records, index)
            return index

    def _company_info(self, company_id: str, rec: RecordedRequest) -> Any:
        t = self.tenant
        if self.scenario.unknown_company or company_id.casefold() != t.company_id.casefold():
            return None
        port = rec.host.rsplit(":", 1)[-1] if ":" in rec.host else str(self.port)
        info = t.company_info_json(site_url=f"{self.api_host}:{port}")
        wrong = self.scenario.wrong_codebase
        if wrong:
            info["Codebase"] = wrong
            info["VersionCode"] = wrong.rstrip("/").replace("_", ".")
        return info

    def _resolve(self, route: str) -> _Listing:
        t = self.tenant
        seg = route.split("/") if route else []
        if len(seg) < 2 or seg[0] != "system":
            raise _Reply(404)
        res, rest = seg[1], seg[2:]

        def table(
            produce: Callable[[], list[dict[str, Any]]], label: str, rest: list[str]
        ) -> _Listing:
            if not rest:
                return _Listing("list", produce)
            if rest == ["count"]:
                return _Listing("count", produce)
            if len(rest) == 1 and rest[0].isdigit():
                wanted = int(rest[0])
                found = next((r for r in produce() if r.get("id") == wanted), None)
                if found is None:
                    raise _Reply(404, _error("NotFound", f"{label} recId {wanted} not found."))
                return _Listing("item", item=found)
            raise _Reply(404)

        if res == "info" and not rest:
            return _Listing("item", item=t.info_json())
        if res == "members":
            return table(t.members_json, "Member", rest)
        if res == "apimembers":
            return table(t.api_members_json, "ApiMember", rest)
        if res == "connectwisehostedsetups":
            return table(
                lambda: [h.to_api() for h in t.hosted_setups], "ConnectWiseHostedSetup", rest
            )
        if res == "connectwisehostedscreens":
            return table(
                lambda: [s.to_api() for s in t.hosted_screens], "ConnectWiseHostedScreen", rest
            )
        if res == "mysecurity":
            if not rest:
                return _Listing("list", t.my_security_json)
            if rest == ["customizeitems"]:
                return _Listing("list", t.my_customize_items_json)
            raise _Reply(404)
        if res == "securityroles":

            def roles() -> list[dict[str, Any]]:
                return [r.to_api() for r in t.roles]

            def role_infos() -> list[dict[str, Any]]:
                return [
                    {k: d[k] for k in ("id", "name", "roleType", "inactiveFlag", "_info")}
                    for d in roles()
                ]

            if rest[:1] == ["info"]:
                return table(role_infos, "SecurityRole", rest[1:])
            if len(rest) >= 2 and rest[0].isdigit():
                role_id = int(rest[0])
                if rest[1] == "info" and len(rest) == 2:
                    return table(role_infos, "SecurityRole", [rest[0]])
                if rest[1] == "settings":
                    settings = t.role_settings_json(role_id)
                    if settings is None:
                        raise _Reply(
                            404, _error("NotFound", f"SecurityRole recId {role_id} not found.")
                        )
                    return table(lambda: settings, "SecurityRoleSetting", rest[2:])
                raise _Reply(404)
            return table(roles, "SecurityRole", rest)
        raise _Reply(404)


def _yaml_str(value: str) -> str:
    """Quote a scalar for YAML when plain style could be misread."""
    if not value or any(c in value for c in ":#[]{},&*!|>'\"%@`") or value != value.strip():
        return json.dumps(value)
    return value
