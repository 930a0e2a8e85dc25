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

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cwlint.live.tenant import Tenant

DEFAULT_TIMEOUT = 10.0  # seconds, per call (connect, each read)
MIN_TIMEOUT, MAX_TIMEOUT = 0.1, 600  # seconds: what --timeout accepts


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
        from cwlint.live.client import tls_context

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
) -> Tenant:
    """Read what the manifest (plain data) needs from its tenant (see :mod:`.tenant`)."""
    from cwlint.live import tenant

    return tenant.read_tenant(data, env, ca_bundle=ca_bundle, timeout=timeout)
