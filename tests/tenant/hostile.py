"""A hostile HTTPS server on 127.0.0.1 for the live client's hardening tests.

Unlike :class:`~tests.tenant.server.TenantServer` it speaks raw HTTP/1.1 over TLS, so that it
can break the protocol on purpose. Each :data:`BEHAVIOURS` entry answers every request its way:

- ``echo-status``: the status line is the credentials it received, in many spellings;
- ``echo-header``: a valid status line, then a header line that is those spellings (no colon);
- ``echo-body``: ``400`` whose JSON ``message`` holds them;
- ``echo-location``: ``302`` to another host whose name and path hold them;
- ``huge-body``: ``200`` and a body of :data:`HUGE` bytes, streamed from one 64 KiB buffer
  (never built in memory), without ``Content-Length``, until the client hangs up;
- ``gzip-bomb``: ``200`` with ``Content-Encoding: gzip``, about 1 MB that inflate to 1 GiB;
- ``slow-headers`` / ``slow-body``: a byte every :data:`TRICKLE` seconds, for ever, in the
  headers or in a body that ``Content-Length`` says is longer;
- ``retry-after``: the first request to each path gets ``429`` with ``Retry-After: ²`` (a
  Unicode digit, not a number of seconds); the next ones a small valid answer;
- ``gzip-ok`` (not hostile): small valid answers, gzip-encoded.

``server.received`` lists ``(path, had_authorization)`` of each request; ``server.stop()`` ends
every connection, the trickles included, and joins the threads; ``server.switch(behaviour)``
does the same for the connections and then answers another way, so that one server (and port)
serves a module's cases.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import gzip
import json
import socket
import ssl
import struct
import threading
import zlib
from collections.abc import Callable
from urllib.parse import quote

from .certs import TenantCertificates

HUGE = 2**30  # bytes of the huge-body answer
BOMB = 2**30  # bytes the gzip bomb inflates to
TRICKLE = 0.3  # seconds between two bytes of a slow answer
INFO = {"version": "v2025.1.104812", "isCloud": True, "serverTimeZone": "Eastern Standard Time"}


def spellings(authorization: str, client_id: str) -> list[str]:
    """The credentials as a careless server might echo them: the Authorization value, its
    token in other base64 forms and URL-encoded, the decoded ``company+public:private`` (and
    URL-encoded), the clientId in upper case and without dashes, each key alone."""
    token = authorization.partition(" ")[2]
    decoded = base64.b64decode(token).decode()
    public, private = decoded.partition("+")[2].split(":", 1)
    return [
        authorization,
        token.rstrip("="),
        token.replace("+", "-").replace("/", "_").rstrip("="),
        quote(token, safe=""),
        decoded,
        quote(decoded, safe="").lower(),
        client_id.upper(),
        client_id.replace("-", ""),
        public.lower(),
        private.upper(),
    ]


@functools.cache
def gzip_bomb(size: int = BOMB) -> bytes:
    """A valid gzip member of ``size`` zero bytes, about 1 KB per MiB: identical deflate
    blocks (each ends with a full flush, so it refers to nothing before it) repeated."""
    chunk = bytes(2**20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // len(chunk)):
        crc = zlib.crc32(chunk, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"
    trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
    return header + block * (size // len(chunk)) + deflate.flush() + trailer


class HostileServer:
    """Serves one of :data:`BEHAVIOURS` over TLS on ``127.0.0.1`` (a random port)."""

    def __init__(self, behaviour: str, certs: TenantCertificates) -> None:
        self._answer: Callable[[HostileServer, ssl.SSLSocket, str, dict[str, str]], bool] = (
            BEHAVIOURS[behaviour]
        )
        self._context = certs.server_context()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port: int = self._listener.getsockname()[1]
        self.received: list[tuple[str, bool]] = []
        self._seen: set[str] = set()
        self._stopping = threading.Event()  # set: the listener stops
        self._ending = threading.Event()  # set: the open connections end (a switch or a stop)
        self._accepting: threading.Thread | None = None
        self._threads: list[threading.Thread] = []
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()

    @property
    def api_url(self) -> str:
        return f"https://127.0.0.1:{self.port}/v2025_1/apis/3.0/"

    def __enter__(self) -> HostileServer:
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stopping.set()
        self._end_connections()
        if self._accepting is not None:
            self._accepting.join(timeout=5)
        self._listener.close()

    def switch(self, behaviour: str) -> HostileServer:
        """Answer :data:`BEHAVIOURS` ``[behaviour]``'s way from now on, on the same port, as if
        new: the connections of before end (trickles included), ``received`` starts empty."""
        self._end_connections()
        with self._lock:
            self.received.clear()
            self._seen.clear()
        self._answer = BEHAVIOURS[behaviour]
        self._ending.clear()
        return self

    def _end_connections(self) -> None:
        self._ending.set()
        with self._lock:
            conns, self._connections = self._connections, []
            threads, self._threads = self._threads, []
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
        for thread in threads:
            thread.join(timeout=5)

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                raw, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._connections.append(raw)
            thread = threading.Thread(target=self._serve, args=(raw,), daemon=True)
            thread.start()
            with self._lock:
                self._threads.append(thread)

    def _serve(self, raw: socket.socket) -> None:
        try:
            raw.settimeout(10)
            with self._context.wrap_socket(raw, server_side=True) as conn:
                while not self._ending.is_set():
                    request = _read_request(conn)
                    if request is None:
                        return
                    path, headers = request
                    with self._lock:
                        self.received.append((path, "authorization" in headers))
                    if not self._answer(self, conn, path, headers):
                        return
        except (OSError, ssl.SSLError):  # the client hung up, or the test is over
            return

    def first_time(self, path: str) -> bool:
        with self._lock:
            seen = path in self._seen
            self._seen.add(path)
        return not seen

    def trickle(self, conn: ssl.SSLSocket, head: bytes) -> bool:
        conn.sendall(head)
        while not self._ending.wait(TRICKLE):
            conn.sendall(b"x")
        return False


def _read_request(conn: ssl.SSLSocket) -> tuple[str, dict[str, str]] | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk or len(data) > 65536:
            return None
        data += chunk
    lines = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    path = lines[0].split(" ")[1] if len(lines[0].split(" ")) > 1 else "/"
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return path, headers


def _echoed(headers: dict[str, str]) -> list[str]:
    return spellings(headers.get("authorization", "Basic "), headers.get("clientid", ""))


def _json(status: str, body: object, extra: str = "") -> bytes:
    data = json.dumps(body).encode()
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{extra}"
        f"Content-Length: {len(data)}\r\n\r\n"
    ).encode() + data


def _echo_status(server: HostileServer, conn: ssl.SSLSocket, path: str, h: dict) -> bool:
    conn.sendall(" ".join(_echoed(h)).encode() + b"\r\n\r\n")
    return False


def _echo_header(server: HostileServer, conn: ssl.SSLSocket, path: str, h: dict) -> bool:
    conn.sendall(b"HTTP/1.1 200 OK\r\n" + " ".join(_echoed(h)).encode() + b"\r\n\r\n")
    return False


def _echo_body(server: HostileServer, conn: ssl.SSLSocket, path: str, h: dict) -> bool:
    conn.sendall(_json("400 Bad Request", {"code": "Echo", "message": " ".join(_echoed(h))}))
    return True


def _echo_location(server: HostileServer, conn: ssl.SSLSocket, path: str, h: dict) -> bool:
    words = _echoed(h)
    where = f"https://{words[-2]}.localhost:{server.port}/{quote(' '.join(words))}"
    conn.sendall(_json("302 Found", {}, f"Location: {where}\r\n"))
    return True


def _huge_body(server: HostileServer, conn: ssl.SSLSocket, path: str, h: dict) -> bool:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
    block = b" " * 65536
    for _ in range(HUGE // len(block)):
        if server._ending.is_set():
            break
        conn.sendall(block)
    return False


def _gzip_bomb(server: HostileServer, conn: ssl.SSLSocket, path: str, h: dict) -> bool:
    bomb = gzip_bomb()
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
        + f"Content-Length: {len(bomb)}\r\n\r\n".encode()
        + bomb
    )
    return True


def _slow_headers(server: HostileServer, conn: ssl.SSLSocket, path: str, h: dict) -> bool:
    return server.trickle(conn, b"HTTP/1.1 200 OK\r\nX-Slow: ")


def _slow_body(server: HostileServer, conn: ssl.SSLSocket, path: str, h: dict) -> bool:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    return server.trickle(conn, head)


def _retry_after(server: HostileServer, conn: ssl.SSLSocket, path: str, h: dict) -> bool:
    if server.first_time(path):
        conn.sendall(_json("429 Too Many Requests", {"message": "slow down"}, "Retry-After: ²\r\n"))
    else:
        conn.sendall(_json("200 OK", _valid(path)))
    return True


def _gzip_ok(server: HostileServer, conn: ssl.SSLSocket, path: str, h: dict) -> bool:
    data = gzip.compress(json.dumps(_valid(path)).encode())
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
        + f"Content-Length: {len(data)}\r\n\r\n".encode()
        + data
    )
    return True


def _valid(path: str) -> object:
    """A valid answer: system/info's object, or an empty list."""
    return INFO if path.split("?")[0].endswith("/system/info") else []


BEHAVIOURS: dict[str, Callable[[HostileServer, ssl.SSLSocket, str, dict[str, str]], bool]] = {
    "echo-status": _echo_status,
    "echo-header": _echo_header,
    "echo-body": _echo_body,
    "echo-location": _echo_location,
    "huge-body": _huge_body,
    "gzip-bomb": _gzip_bomb,
    "slow-headers": _slow_headers,
    "slow-body": _slow_body,
    "retry-after": _retry_after,
    "gzip-ok": _gzip_ok,
}
