"""The only code that talks to ConnectWise: an HTTPS client that can only GET.

- :class:`Client` has one public request method, :meth:`Client.get`; there is no way to send
  anything else through it (``pull`` and ``check --live`` are read-only by construction).
- TLS is always verified (the system's trust store, or ``--ca-bundle``); there is no switch to
  turn that off. After a verification failure a second handshake, which sends no data, counts
  the certificates the server presents, to tell an incomplete chain (CW910) from an unknown CA.
- ``Authorization`` and ``clientId`` go only to the configured API origin (scheme, host, port),
  and only when that host is a ConnectWise host (one of the catalogue's regions) or one the user
  allowed (``--allow-host``); redirects are followed by hand, and only within that origin: one
  elsewhere is a :class:`Failure`, never followed with credentials.
- Bounded: every call has a total deadline (connect, TLS, headers and body together: no server
  can stretch it by sending a byte at a time), the client a run-wide one; an answer is read as
  a stream of at most :data:`MAX_RESPONSE_BYTES`, as received and once decompressed.
- 429 and 5xx are retried a bounded number of times, honouring ``Retry-After`` up to a cap;
  401 and 403 are never retried.
- Every :class:`Failure` leaving :meth:`Client.get` (built from a transport error, a status
  line, a header, a body) and every string of an answer's JSON pass one
  :class:`~cwlint.secrets.Redactor`: no key, clientId or Authorization, in any usual spelling.
"""

from __future__ import annotations

import base64
import email.utils
import json
import math
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from cwlint.live import DEFAULT_TIMEOUT, RUN_CALLS
from cwlint.live.env import Secret
from cwlint.live.snapshot import Failure
from cwlint.secrets import Redactor

#: Bytes of one answer cwlint reads at most, both as received and once decompressed (4 MiB;
#: a page of 1,000 records of a ConnectWise list is well below): a larger one is a Failure.
MAX_RESPONSE_BYTES = 4 * 2**20
MAX_ERROR_BYTES = 64 * 2**10  # of an error answer, read for its message (else ignored)
MAX_ATTEMPTS = 3  # first try plus two retries, for 429 and 5xx only
RETRY_AFTER_CAP = 10.0  # seconds: a longer Retry-After is shortened to this
BACKOFF = 0.25  # seconds, doubled per retry, when no Retry-After is given
MAX_REDIRECTS = 5
RETRIED = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "cwlint (read-only)"
_STATUS_KINDS = {
    401: ("auth", " (the credentials were refused)"),
    403: ("forbidden", ""),
    404: ("not-found", " (not found)"),
    429: ("server", " (too many requests)"),
}


@dataclass(frozen=True)
class Reply:
    """A successful (2xx) answer, its JSON already parsed."""

    url: str
    status: int
    data: Any
    next_url: str | None  # the ``Link: <...>; rel="next"`` page, if any


def origin(url: str) -> tuple[str, str, int]:
    """``(scheme, host, port)``: what must match for credentials to be sent."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or (443 if scheme == "https" else 80)


def _host(url: str) -> str:
    """``host[:port]`` of ``url`` for messages: never its user-info, path or query (nor the
    URL itself when it has no usable host)."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return "a URL whose host cannot be read"
    if not host:
        return "a URL without a host"
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{port}" if port is not None else host


class Client:
    """GET-only HTTPS client for one tenant. Use as a context manager; thread-safe."""

    def __init__(
        self,
        api_url: str | None,
        *,
        company_id: str | None = None,
        public_key: Secret | None = None,
        private_key: Secret | None = None,
        client_id: Secret | None = None,
        api_version: str,
        ca_bundle: str | None = None,
        timeout: float = 10.0,
        max_concurrent: int = 8,
        allowed_hosts: Collection[str] = (),
        deadline: float | None = None,
    ) -> None:
        """``allowed_hosts``: ``host`` or ``host:port`` (:func:`cwlint.live.allowed_host`)
        that may get the credentials besides ConnectWise's own; ``deadline``: the
        ``time.monotonic()`` at which every call ends, whatever its own time limit."""
        self.api_url = api_url
        self._slots = threading.BoundedSemaphore(max_concurrent)  # calls in flight, at most
        self._api_origin = origin(api_url) if api_url else None
        self._allowed = api_url is not None and _allowed(api_url, allowed_hosts)
        self._credentials = (company_id, public_key, private_key, client_id)
        self._redact = Redactor(
            [self._basic() or "", *(s.reveal() for s in self._credentials[1:] if s is not None)]
        )
        self._accept = f"application/vnd.connectwise.com+json; version={api_version}"
        if not (math.isfinite(timeout) and timeout > 0):  # no call without a time limit
            timeout = DEFAULT_TIMEOUT
        self._timeout = timeout
        self._run_deadline = deadline
        self._http = httpx.Client(
            verify=tls_context(ca_bundle),
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip"},
        )  # HTTPS_PROXY honoured
        _with_deadlines(self._http)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def _headers(self, url: str, authenticated: bool) -> dict[str, str]:
        headers = {"Accept": self._accept}
        if not authenticated:
            return headers
        if origin(url) != self._api_origin:  # never: Authorization is for the API origin only
            api_host = _host(self.api_url or "")
            raise Failure(
                "redirect",
                f"{_host(url)} is not the API host {api_host}; cwlint "
                "sends the credentials to the API host only",
                host=_host(url),
            )
        if not self._allowed:
            host = _host(url)
            raise Failure(
                "untrusted-host",
                f"{host} is not a ConnectWise API host (no region of the catalogue lists it), "
                "so cwlint sent it no credentials; if it is your ConnectWise server, allow it "
                f"with --allow-host {host}",
                host=host,
            )
        token = self._basic()
        if token is None:
            raise Failure("skipped", "the credentials are not set")
        headers["Authorization"] = "Basic " + token
        client_id = self._credentials[3]
        if client_id:
            headers["clientId"] = client_id.reveal()
        return headers

    def _basic(self) -> str | None:
        """``base64("{company}+{public}:{private}")``, or None without the credentials."""
        company, public, private, _ = self._credentials
        if not (company and public and private):
            return None
        return base64.b64encode(f"{company}+{public.reveal()}:{private.reveal()}".encode()).decode(
            "ascii"
        )

    def get(
        self, url: str, params: dict[str, str] | None = None, *, authenticated: bool = True
    ) -> Reply:
        """GET ``url`` (absolute) and parse its JSON; raises :class:`Failure`, its texts
        redacted (as are the strings of the JSON)."""
        try:
            reply = self._get(url, params, authenticated)
        except Failure as failure:
            failure.message = self._redact(failure.message)
            failure.detail = self._redact(failure.detail, limit=200)
            failure.host = self._redact(failure.host)
            raise
        return Reply(reply.url, reply.status, _redacted(reply.data, self._redact), reply.next_url)

    def _get(self, url: str, params: dict[str, str] | None, authenticated: bool) -> Reply:
        if urlsplit(url).scheme.lower() != "https":
            raise Failure(
                "redirect", f"{_host(url)}: cwlint only calls https URLs", host=_host(url)
            )
        start = url
        for _ in range(MAX_REDIRECTS + 1):
            response, body, attempts = self._attempts(url, params, authenticated)
            if not response.is_redirect:
                return self._reply(url, response, body, attempts)
            target = urljoin(url, response.headers.get("Location", ""))
            if origin(target) != origin(url):
                parts = urlsplit(target)
                shown = self._redact(f"{parts.scheme}://{_host(target)}", limit=100)
                shown += self._redact(parts.path, limit=60)
                raise Failure(
                    "redirect",
                    f"{_host(url)} redirects ({response.status_code}) to {shown}, "
                    f"{_elsewhere(url, target)}; cwlint does not follow it with the credentials",
                    host=_host(url),
                )
            url, params = target, None  # Location carries the query
        raise Failure(
            "redirect", f"{_host(start)}: more than {MAX_REDIRECTS} redirects", host=_host(start)
        )

    def _attempts(
        self, url: str, params: dict[str, str] | None, authenticated: bool
    ) -> tuple[httpx.Response, bytes, int]:
        """The answer (closed), its body (empty for a redirect) and the attempts it took."""
        headers = self._headers(url, authenticated)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            response, body = self._attempt(url, params, headers)
            if response.status_code not in RETRIED or attempt == MAX_ATTEMPTS:
                return response, body, attempt
            delay = _retry_delay(response, attempt)
            if self._run_deadline is not None and time.monotonic() + delay >= self._run_deadline:
                return response, body, attempt  # no time left to try again
            time.sleep(delay)
        raise AssertionError("unreachable")  # the loop always returns on its last attempt

    def _attempt(
        self, url: str, params: dict[str, str] | None, headers: dict[str, str]
    ) -> tuple[httpx.Response, bytes]:
        """One request, within the call's deadline (and the run's): every read and write of
        its connection gets only the time left (see :class:`_DeadlineBackend`)."""
        with self._slots:
            now = time.monotonic()
            deadline = now + self._timeout
            by_run = self._run_deadline is not None and self._run_deadline <= deadline
            if by_run:
                deadline = self._run_deadline  # type: ignore[assignment]
            if deadline <= now:
                raise self._run_over(url)
            _CALL.deadline = deadline
            try:
                with self._http.stream("GET", url, params=params, headers=headers) as response:
                    return response, self._body(url, response)
            except httpx.TimeoutException as exc:
                if by_run:
                    raise self._run_over(url) from None
                if isinstance(exc, httpx.ConnectTimeout):
                    raise Failure(
                        "unreachable",
                        f"{_host(url)} did not connect within {self._timeout:g} s",
                        host=_host(url),
                    ) from None
                raise Failure(
                    "timeout",
                    f"{_host(url)} did not answer in full within {self._timeout:g} s, the "
                    "time limit of one call",
                    host=_host(url),
                ) from None
            except httpx.TransportError as exc:
                raise self._transport_failure(url, exc, deadline) from None
            finally:
                _CALL.deadline = None

    def _run_over(self, url: str) -> Failure:
        return Failure(
            "timeout",
            f"{_host(url)} was not read: the live run's time limit ({RUN_CALLS} times "
            f"--timeout, {RUN_CALLS * self._timeout:g} s) was reached",
            host=_host(url),
        )

    def _body(self, url: str, response: httpx.Response) -> bytes:
        """The body, decompressed, read as a stream: at most :data:`MAX_RESPONSE_BYTES` of a
        2xx answer (more is a Failure), the first :data:`MAX_ERROR_BYTES` of another (more
        is ignored: only its message is of use); nothing of a redirect."""
        if response.is_redirect:
            return b""
        ok = 200 <= response.status_code < 300
        limit = MAX_RESPONSE_BYTES if ok else MAX_ERROR_BYTES
        coding = response.headers.get("Content-Encoding", "identity").strip().lower()
        if coding not in ("identity", "", "gzip", "x-gzip", "deflate"):
            if not ok:
                return b""
            raise Failure(
                "invalid",
                f"{_host(url)} answered in the encoding {coding!r}, which cwlint did not ask "
                "for (it accepts gzip)",
                host=_host(url),
            )
        inflate = zlib.decompressobj(wbits=47) if coding not in ("identity", "") else None
        body = bytearray()
        received = 0
        try:
            for chunk in response.iter_raw():
                received += len(chunk)
                room = limit - len(body) + 1  # one byte more than the cap: over it is known
                # decompress never gives more than room; below room it has used all its input
                body += inflate.decompress(chunk, room) if inflate else chunk[:room]
                if received > limit or len(body) > limit:
                    break
        except zlib.error:
            if not ok:
                return b""
            raise Failure(
                "invalid", f"{_host(url)} sent a {coding} body that does not decompress"
            ) from None
        if len(body) <= limit and received <= limit:
            return bytes(body)
        if not ok:
            return b""
        what = "is" if inflate is None or received > limit else "decompresses to"
        raise Failure(
            "invalid",
            f"the answer of {_host(url)} {what} more than {limit // 2**20} MiB, the most "
            "cwlint reads of one answer; it was not read further",
            host=_host(url),
        )

    def _reply(self, url: str, response: httpx.Response, body: bytes, attempts: int) -> Reply:
        status, host = response.status_code, _host(url)
        if 200 <= status < 300:
            try:
                data = json.loads(body) if body.strip() else None
            except ValueError:
                raise Failure(
                    "invalid", f"{host} answered {status} with a body that is not JSON", host=host
                ) from None
            link = response.links.get("next", {}).get("url")
            return Reply(url, status, data, urljoin(url, link) if link else None)
        text = self._redact(_error_body(body), limit=200)
        detail = f": {text}" if text else ""
        kind, what = _STATUS_KINDS.get(status, ("server" if status >= 500 else "status", ""))
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        raise Failure(
            kind, f"{host} answered {status}{what}{tries}{detail}", host=host, detail=text
        )

    def _transport_failure(self, url: str, exc: Exception, deadline: float) -> Failure:
        host = _host(url)
        verify = _find(exc, ssl.SSLCertVerificationError)
        if verify is not None:
            code = getattr(verify, "verify_code", 0)
            reason = getattr(verify, "verify_message", "") or "certificate verify failed"
            if code in (2, 20) and _presents_leaf_only(url, deadline - time.monotonic()):
                return Failure(
                    "chain",
                    f"{host} presents only its own certificate, without the "
                    "intermediate certificate(s) that link it to a trusted root",
                    host=host,
                )
            hint = "; pass the private CA with --ca-bundle FILE" if code in (2, 18, 19, 20) else ""
            return Failure(
                "tls", f"TLS certificate of {host} not accepted: {reason}{hint}", host=host
            )
        tls = _find(exc, ssl.SSLError)
        if tls is not None:
            return Failure(
                "unreachable",
                f"TLS handshake with {host} failed: "
                f"{getattr(tls, 'reason', None) or 'protocol error'}",
                host=host,
            )
        os_error = _find(exc, OSError)
        reason = (
            os_error.strerror
            if os_error is not None and os_error.strerror
            else self._redact(str(exc)) or type(exc).__name__
        )
        if isinstance(os_error, socket.gaierror):
            reason = f"the name does not resolve ({reason})"
        return Failure("unreachable", f"cannot reach {host}: {reason}", host=host)


def tls_context(ca_bundle: str | None) -> ssl.SSLContext:
    """A verifying context: the system's trust store, or only ``ca_bundle`` when given."""
    if ca_bundle:
        return ssl.create_default_context(cafile=ca_bundle)
    import certifi

    context = ssl.create_default_context(cafile=certifi.where())
    context.load_default_certs()
    return context


def _presents_leaf_only(url: str, timeout: float) -> bool:
    """Whether the server sends one certificate that is not self-signed: the chain lacks its
    intermediates. A separate handshake that sends no request and no credentials (only to
    look at the certificates; nothing read over it is trusted)."""
    if timeout <= 0:
        return False
    _, host, port = origin(url)
    probe = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    probe.check_hostname = False
    probe.verify_mode = ssl.CERT_NONE
    try:
        with (
            socket.create_connection((host, port), timeout=timeout) as raw,
            probe.wrap_socket(raw, server_hostname=host) as tls,
        ):
            getter = getattr(tls, "get_unverified_chain", None) or getattr(
                getattr(tls, "_sslobj", None), "get_unverified_chain", None
            )  # public from Python 3.13
            chain = getter() if getter else None
            if not chain or len(chain) != 1:
                return False
            info = chain[0].get_info() if hasattr(chain[0], "get_info") else {}
            return info.get("subject") != info.get("issuer")
    except (OSError, ValueError):
        return False


def _retry_delay(response: httpx.Response, attempt: int) -> float:
    """Seconds to wait: ``Retry-After`` (seconds or an HTTP date) capped, else backoff."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isascii() and value.isdigit():  # "²" and other Unicode digits are not seconds
        return min(float(value), RETRY_AFTER_CAP)
    if value:
        try:
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, min(when.timestamp() - time.time(), RETRY_AFTER_CAP))
        except (TypeError, ValueError, OverflowError, IndexError):
            pass
    return min(BACKOFF * 2 ** (attempt - 1), RETRY_AFTER_CAP)


def _error_body(body: bytes) -> str:
    """ConnectWise's ``message`` (or ``code``) from an error body (to be redacted and cut)."""
    try:
        data = json.loads(body)
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    return str(data.get("message") or data.get("code") or "")


def _redacted(data: Any, redact: Redactor) -> Any:
    """``data`` (parsed JSON) with the secrets in its strings replaced by ``***``: a server
    that echoes them in a field (a role name, a description) gets them into no finding."""
    if isinstance(data, str):
        return redact.replace(data)
    if isinstance(data, list):
        return [_redacted(item, redact) for item in data]
    if isinstance(data, dict):
        return {key: _redacted(value, redact) for key, value in data.items()}
    return data


def _allowed(api_url: str, allowed_hosts: Collection[str]) -> bool:
    """Whether the credentials may go to ``api_url``'s host: a host of the catalogue's
    regions (ConnectWise's own), or one the user allowed (``host`` or ``host:port``)."""
    from cwlint.catalog import load_catalog

    _, host, port = origin(api_url)
    host = host.rstrip(".")
    if load_catalog().regions.for_host(host) is not None:
        return True
    shown = f"[{host}]" if ":" in host else host
    return shown in allowed_hosts or f"{shown}:{port}" in allowed_hosts


def _elsewhere(url: str, target: str) -> str:
    """Where a redirect leads, said plainly: another host, another port, plain http."""
    (scheme, host, _), (to_scheme, to_host, _) = origin(url), origin(target)
    if to_host != host:
        where = "another host"
    elif to_scheme == scheme:
        return "another port"
    else:
        where = "the same host"
    if to_scheme == "http":
        return f"{where} over plain http (cwlint calls https only)"
    return where if to_scheme == scheme else f"{where} over {to_scheme or 'no scheme'}"


class _Deadline(threading.local):
    deadline: float | None = None  #: ``time.monotonic()`` by which this thread's call ends


_CALL = _Deadline()


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    """The time an I/O step may take: ``timeout``, or less when the call's deadline is near;
    raises ``error`` (an httpcore timeout) once it has passed."""
    deadline = _CALL.deadline
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the call's time limit was reached")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read, write and TLS handshake gets only the time left before
    the current call's deadline. (A socket timeout bounds one operation; CPython's TLS
    handshake and reads keep one deadline for the whole operation.)"""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        wait = _left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, wait))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """Opens :class:`_DeadlineStream` connections (through the pool's own backend)."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        wait = _left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(
            self._backend.connect_tcp(host, port, wait, local_address, socket_options)
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        wait = _left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_unix_socket(path, wait, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _with_deadlines(http: httpx.Client) -> None:
    """Put :class:`_DeadlineBackend` under every connection pool of ``http``: the direct one
    and each proxy's. httpx has no public way to choose the network backend; its transports
    keep an httpcore pool in ``_pool``, which keeps its backend in ``_network_backend``. Fails
    loudly if a new httpx or httpcore keeps them elsewhere (a call must never go unbounded)."""
    transports = [http._transport, *(t for t in http._mounts.values() if t is not None)]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if not isinstance(backend, httpcore.NetworkBackend):
            raise RuntimeError(
                "httpx keeps its connection pool elsewhere: calls would have no deadline"
            )
        pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]


def _find(exc: BaseException | None, kind: type) -> Any:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
        for arg in getattr(exc, "args", ()) or ():
            if isinstance(arg, kind):
                return arg
    return None
