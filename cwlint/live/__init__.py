"""Live checks (``cwlint check --live``) and ``cwlint pull``: read-only, GET only.

- :mod:`cwlint.live.env`: ``${VAR}`` resolution, ``--env-file``, the :class:`Secret` type
  (no httpx: CW204 uses it without the network);
- :mod:`cwlint.live.client`: the HTTPS client (httpx is imported there and nowhere else);
- :mod:`cwlint.live.tenant`: what is read for one manifest, as a :class:`Tenant` snapshot that
  the CW9xx rules read from ``ctx.tenant``;
- :mod:`cwlint.live.pull`: a manifest written from a tenant.

Importing this package is cheap; the functions below import the heavy parts when called.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cwlint.live.snapshot import Tenant

DEFAULT_TIMEOUT = 10.0  # seconds, per call: connect, headers and body together
MIN_TIMEOUT, MAX_TIMEOUT = 0.1, 600  # seconds: what --timeout accepts
MAX_CA_BUNDLE_BYTES = 4 << 20  # a full public trust store is about 300 KB
#: The whole live run (every manifest's reads, retries included) ends at the latest this many
#: times --timeout after it starts (5 minutes at the default): reads still to do then fail.
RUN_CALLS = 30


def run_deadline(timeout: float) -> float:
    """The ``time.monotonic()`` by which a live run that starts now must end."""
    import time

    return time.monotonic() + RUN_CALLS * timeout


def allowed_host(text: str) -> str:
    """``--allow-host`` normalised: ``host`` (any port) or ``host:port``, lower case, IPv6 in
    brackets; raises ``ValueError`` saying what is wrong."""
    import re

    match = re.fullmatch(
        r"(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.?|\[[0-9A-Fa-f:.]+\])"
        r"(?::(?P<port>[0-9]{1,5}))?",
        text.strip(),
    )
    if match is None or (match.group("port") and not 0 < int(match.group("port")) < 65536):
        raise ValueError(
            f"{text!r} is not a host name: give HOST or HOST:PORT (a port from 1 "
            "to 65535), as in api_url, without scheme, path or user name"
        )
    host = match.group("host").rstrip(".").lower()
    return f"{host}:{int(match.group('port'))}" if match.group("port") else host


def timeout_type() -> Any:
    """The click type of ``--timeout``: a finite number of seconds from :data:`MIN_TIMEOUT` to
    :data:`MAX_TIMEOUT`. (click's ``FloatRange`` alone lets ``nan`` through, as NaN compares
    false with both bounds; a call without a time limit is not an option.)"""
    import math

    import click

    class Seconds(click.FloatRange):
        def convert(self, value: Any, param: Any, ctx: Any) -> Any:
            seconds = super().convert(value, param, ctx)
            if not math.isfinite(seconds):
                self.fail(f"{value!r} is not a number of seconds.", param, ctx)
            return seconds

    return Seconds(min=MIN_TIMEOUT, max=MAX_TIMEOUT)


class SetupError(ValueError):
    """``--env-file`` or ``--ca-bundle`` cannot be used (a usage error, exit 2)."""


def prepare(
    env_file: str | None, ca_bundle: str | None, process: Mapping[str, str]
) -> dict[str, str]:
    """The variables ``${VAR}`` resolves against, once the CA bundle is known to load.
    Raises :class:`SetupError` with a message that names the file, never a value."""
    import ssl

    from cwlint.live.env import EnvFileError, environment

    if ca_bundle:
        from cwlint import files
        from cwlint.live.client import tls_context

        try:  # a regular file of bounded size before OpenSSL opens it (a FIFO would block it)
            files.read(ca_bundle, MAX_CA_BUNDLE_BYTES, "CA bundle")
        except files.FileError as exc:
            raise SetupError(f"--ca-bundle {exc}") from None
        try:
            tls_context(ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            reason = getattr(exc, "strerror", None) or "no PEM certificate could be loaded"
            raise SetupError(
                f"--ca-bundle {ca_bundle}: {reason}; give a PEM file of the CA "
                "certificate(s) that issued the server's certificate"
            ) from None
    try:
        return environment(env_file, process)
    except EnvFileError as exc:
        raise SetupError(f"--env-file {exc}") from None


def read_tenant(
    data: Any,
    env: Mapping[str, str],
    *,
    ca_bundle: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    allowed_hosts: Collection[str] = (),
    deadline: float | None = None,
    wanted: Collection[str] | None = None,
) -> Tenant:
    """Read what the manifest (plain data) needs from its tenant, limited to the reads
    ``wanted`` (see :mod:`.tenant`). ``allowed_hosts``: ``--allow-host`` values
    (:func:`allowed_host`), the API hosts besides the catalogue's that may get the credentials;
    ``deadline``: when the live run ends (:func:`run_deadline`; by default, one starting now)."""
    from cwlint.live import tenant

    return tenant.read_tenant(
        data,
        env,
        ca_bundle=ca_bundle,
        timeout=timeout,
        allowed_hosts=allowed_hosts,
        deadline=deadline,
        wanted=wanted,
    )
