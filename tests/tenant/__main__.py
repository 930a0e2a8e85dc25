"""Serve a fake ConnectWise tenant by hand: ``python -m tests.tenant [--port 8443] [...]``.

Prints the site/API URLs, the CA bundle path and the environment to export (the keys are
canary values, not secrets), writes a matching manifest next to the CA, then serves until
Ctrl-C (or ``--duration`` seconds).
"""

from __future__ import annotations

import argparse
import shlex
import sys
import threading

from .certs import TenantCertificates
from .server import Scenario, TenantServer
from .tenant import realistic_tenant


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.tenant", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="TCP port (default: random)")
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--roles", type=int, default=200)
    parser.add_argument("--hosted-setups", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per request")
    parser.add_argument("--rate-limit", type=int, default=0, help="first N calls per path: 429")
    parser.add_argument("--incomplete-chain", action="store_true")
    parser.add_argument(
        "--ssl-required",
        action="store_true",
        help="API calls on a host other than the API host: 'SSL is required.'",
    )
    parser.add_argument("--enforce-permissions", action="store_true")
    parser.add_argument(
        "--duration",
        type=float,
        default=None,
        help="stop after this many seconds (default: until Ctrl-C)",
    )
    parser.add_argument("--verbose", action="store_true", help="log each request to stderr")
    args = parser.parse_args(argv)

    certs = TenantCertificates.create()
    tenant = realistic_tenant(args.members, args.roles, args.hosted_setups)
    scenario = Scenario(
        latency=args.latency,
        rate_limit=args.rate_limit,
        incomplete_chain=args.incomplete_chain,
        ssl_required_without_api_prefix=args.ssl_required,
        enforce_permissions=args.enforce_permissions,
    )
    server = TenantServer(tenant, certs, scenario=scenario, port=args.port, verbose=args.verbose)
    try:
        server.start()
        manifest = certs.directory / "acme-1stream.cwlint.yaml"
        manifest.write_text(server.manifest_yaml(), encoding="utf-8")
        print(f"ConnectWise test tenant '{tenant.company_id}' on port {server.port}")
        print(f"  site (companyinfo): {server.companyinfo_url()}")
        print(f"  api_url:            {server.api_url}")
        print(f"  CA bundle:          {server.ca_pem_path}")
        print(f"  manifest:           {manifest}")
        print("\n# export these (canary values, safe to paste):")
        for name, value in server.env().items():
            print(f"export {name}={shlex.quote(value)}")
        print(
            f"\n# e.g.: cwlint check --live --ca-bundle {shlex.quote(str(server.ca_pem_path))} "
            f"{shlex.quote(str(manifest))}"
        )
        print("\nServing; Ctrl-C to stop.", flush=True)
        threading.Event().wait(args.duration)
    except KeyboardInterrupt:
        print("\nstopping", file=sys.stderr)
    finally:
        server.stop()
        certs.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
