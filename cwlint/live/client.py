"""The only code that talks to ConnectWise: an HTTPS client that can only GET.

- :class:`Client` has one public request method, :meth:`Client.get`; there is no way to send
  anything else through it (``pull`` and ``check --live`` are read-only by construction).
- TLS is always verified (the system's trust store, or ``--ca-bundle``); there is no switch to
  turn that off. After a verification failure a second handshake, which sends no data, counts
  the certificates the server presents, to tell an incomplete chain (CW910) from an unknown CA.
- ``Authorization`` and ``clientId`` go only to the configured API origin (scheme, host, port);
  redirects are followed by hand, and only within that origin: one to another host is a
  :class:`Failure`, never followed with credentials.
- Every call has a timeout; 429 and 5xx are retried a bounded number of times, honouring
  ``Retry-After`` up to a cap; 401 and 403 are never retried.
- Messages never contain the keys, the clientId or the Authorization header.
"""

from __future__ import annotations

import base64
import email.utils
import math
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from cwlint.live import DEFAULT_TIMEOUT
from cwlint.live.env import Secret
from cwlint.live.snapshot import Failure

MAX_ATTEMPTS = 3  # first try plus two retries, for 429 and 5xx only
RETRY_AFTER_CAP = 10.0  # seconds: a longer Retry-After is shortened to this
BACKOFF = 0.25  # seconds, doubled per retry, when no Retry-After is given
MAX_REDIRECTS = 5
RETRIED = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "cwlint (read-only; https://cwlint.dev)"
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
    ) -> None:
        self.api_url = api_url
        self._slots = threading.BoundedSemaphore(max_concurrent)  # calls in flight, at most
        self._api_origin = origin(api_url) if api_url else None
        self._credentials = (company_id, public_key, private_key, client_id)
        self._accept = f"application/vnd.connectwise.com+json; version={api_version}"
        if not (math.isfinite(timeout) and timeout > 0):  # no call without a time limit
            timeout = DEFAULT_TIMEOUT
        self._timeout = timeout
        self._http = httpx.Client(
            verify=tls_context(ca_bundle),
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
        )  # HTTPS_PROXY honoured

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

    def _redact(self, text: str) -> str:
        """``text`` with any credential a server might echo back replaced by ``***``."""
        token = self._basic()
        if token:
            text = text.replace(token, "***")
        for secret in self._credentials[1:]:
            if secret is not None:
                text = secret.judge(lambda value, t=text: t.replace(value, "***") if value else t)
        return text

    def get(
        self, url: str, params: dict[str, str] | None = None, *, authenticated: bool = True
    ) -> Reply:
        """GET ``url`` (absolute) and parse its JSON; raises :class:`Failure`."""
        if urlsplit(url).scheme.lower() != "https":
            raise Failure(
                "redirect", f"{_host(url)}: cwlint only calls https URLs", host=_host(url)
            )
        start = url
        for _ in range(MAX_REDIRECTS + 1):
            response = self._attempts(url, params, authenticated)
            if not response.is_redirect:
                return self._reply(url, response)
            target = urljoin(url, response.headers.get("Location", ""))
            if origin(target) != origin(url):
                shown = f"{urlsplit(target).scheme}://{_host(target)}{urlsplit(target).path}"
                raise Failure(
                    "redirect",
                    f"{_host(url)} redirects ({response.status_code}) to {shown}, "
                    "another host; cwlint does not follow it with the credentials",
                    host=_host(url),
                )
            url, params = target, None  # Location carries the query
        raise Failure(
            "redirect", f"{_host(start)}: more than {MAX_REDIRECTS} redirects", host=_host(start)
        )

    def _attempts(
        self, url: str, params: dict[str, str] | None, authenticated: bool
    ) -> httpx.Response:
        headers = self._headers(url, authenticated)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with self._slots:
                    response = self._http.get(url, params=params, headers=headers)
            except httpx.TimeoutException as exc:
                what = "connect" if isinstance(exc, httpx.ConnectTimeout) else "answer"
                raise Failure(
                    "timeout" if what == "answer" else "unreachable",
                    f"{_host(url)} did not {what} within {self._timeout:g} s",
                    host=_host(url),
                ) from None
            except httpx.TransportError as exc:
                raise self._transport_failure(url, exc) from None
            if response.status_code not in RETRIED or attempt == MAX_ATTEMPTS:
                return response
            time.sleep(_retry_delay(response, attempt))
        raise AssertionError("unreachable")  # the loop always returns on its last attempt

    def _reply(self, url: str, response: httpx.Response) -> Reply:
        status, host = response.status_code, _host(url)
        if 200 <= status < 300:
            try:
                data = response.json() if response.content.strip() else None
            except ValueError:
                raise Failure(
                    "invalid", f"{host} answered {status} with a body that is not JSON", host=host
                ) from None
            link = response.links.get("next", {}).get("url")
            return Reply(url, status, data, urljoin(url, link) if link else None)
        body = self._redact(_error_body(response))
        detail = f": {body}" if body else ""
        kind, what = _STATUS_KINDS.get(status, ("server" if status >= 500 else "status", ""))
        tries = f" after {MAX_ATTEMPTS} attempts" if status in RETRIED else ""
        raise Failure(
            kind, f"{host} answered {status}{what}{tries}{detail}", host=host, detail=body
        )

    def _transport_failure(self, url: str, exc: Exception) -> Failure:
        host = _host(url)
        verify = _find(exc, ssl.SSLCertVerificationError)
        if verify is not None:
            code = getattr(verify, "verify_code", 0)
            reason = getattr(verify, "verify_message", "") or "certificate verify failed"
            if code in (2, 20) and _presents_leaf_only(url, self._timeout):
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
            else _first_line(str(exc)) or type(exc).__name__
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
                tls._sslobj, "get_unverified_chain", None
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
    if value.isdigit():
        return min(float(value), RETRY_AFTER_CAP)
    if value:
        try:
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, min(when.timestamp() - time.time(), RETRY_AFTER_CAP))
        except (TypeError, ValueError):
            pass
    return min(BACKOFF * 2 ** (attempt - 1), RETRY_AFTER_CAP)


def _error_body(response: httpx.Response) -> str:
    """ConnectWise's ``message`` (or ``code``) from an error body, short; never the request."""
    try:
        data = response.json()
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    text = data.get("message") or data.get("code") or ""
    text = _first_line(str(text))
    return text if len(text) <= 200 else text[:197] + "..."


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


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
