"""``cwlint check --live`` against the test tenant: request count and wall time (SPEC §6).

    python benchmarks/live.py [--members 20000] [--users 2000] [--latency 0.05] [--runs 5]

Starts tests/tenant with --members members, 200 roles and 300 hosted setups behind --latency
seconds per answer (the tenant indexes its members, so the server's own work stays small beside
cwlint's), writes the tenant's 1stream manifest with --users mapped members, and runs the real
command (``python -m cwlint check --live``, all rules) --runs times, cold each time. Budget:
requests <= 12 + ceil(users / 100); wall <= 8 x latency + 1 s. The wall time reported is the
whole command (interpreter start, imports, static rules and the live reads); the time spent in
the tenant reads alone is also shown.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.tenant import TenantServer, realistic_tenant  # noqa: E402

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def manifest(server: TenantServer, users: int) -> str:
    base = server.manifest_yaml()
    head, rest = base.split("users:\n")
    pods = rest.split("pods:\n")[1]
    members = [
        m.identifier
        for m in server.tenant.members
        if not m.inactive_flag and m.license_class == "F"
    ][:users]
    if len(members) < users:
        raise SystemExit(f"the tenant has only {len(members)} active members")
    mapped = "".join(f"  - user: {m}@acme.example\n    member: {m}\n" for m in members)
    return f"{head}users:\n{mapped}pods:\n{pods}"


def read_only_time(server: TenantServer, text: str) -> float:
    """Seconds spent in the live reads alone (in this process, imports already done)."""
    import yaml

    from cwlint.live import allowed_host, read_tenant

    data = yaml.safe_load(text)
    hosts = (allowed_host("127.0.0.1"), allowed_host("localhost"))
    ca = str(server.ca_pem_path)
    read_tenant(data, server.env(), ca_bundle=ca, allowed_hosts=hosts)  # imports, catalogue
    server.requests.clear()
    start = time.perf_counter()
    read_tenant(data, server.env(), ca_bundle=ca, allowed_hosts=hosts)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--users", type=int, default=2_000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tenant = realistic_tenant(members=args.members, roles=200, hosted_setups=300)
    budget_requests = 12 + math.ceil(args.users / 100)
    budget_wall = 8 * args.latency + 1
    with TenantServer(tenant) as server, tempfile.TemporaryDirectory() as tmp:
        server.scenario.latency = args.latency
        path = Path(tmp) / "acme.yaml"
        text = manifest(server, args.users)
        path.write_text(text)
        cmd = [
            sys.executable,
            "-m",
            "cwlint",
            "check",
            "--live",
            str(path),
            "--ca-bundle",
            str(server.ca_pem_path),
            "--allow-host",  # the test tenant's API host is loopback, not ConnectWise's
            "127.0.0.1",
            "--allow-host",
            "localhost",
            "--format",
            "json",
            "--exit-zero",
        ]
        walls, counts = [], []
        for _ in range(args.runs):
            server.requests.clear()
            start = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True, env={**ENV, **server.env()})
            walls.append(time.perf_counter() - start)
            counts.append(len(server.requests))
            if proc.returncode != 0:
                raise SystemExit(proc.stderr)
            live = [line for line in proc.stdout.splitlines() if '"rule": "CW9' in line]
            if live:
                raise SystemExit(f"unexpected live findings: {live}\n{proc.stdout[-2000:]}")
        server.requests.clear()
        reads = read_only_time(server, text)
        routes: dict[str, int] = {}
        for r in server.requests:
            routes[r.route or r.path] = routes.get(r.route or r.path, 0) + 1
    wall = statistics.median(walls)
    print(
        f"tenant: {args.members:,} members, 200 roles, 300 hosted setups; latency"
        f" {args.latency * 1000:.0f}"
        f" ms; {args.users} mapped users; {args.runs} cold runs"
    )
    print(
        f"requests: {max(counts)} (budget {budget_requests})"
        f"  {'OK' if max(counts) <= budget_requests else 'OVER'}"
    )
    for route, n in sorted(routes.items()):
        print(f"  {n:3d}  {route}")
    print(
        f"wall (median, whole command): {wall:.2f} s (budget {budget_wall:.2f} s)"
        f"  {'OK' if wall <= budget_wall else 'OVER'}   min {min(walls):.2f} s,"
        f" max {max(walls):.2f} s"
    )
    print(f"live reads alone: {reads:.2f} s = {reads / args.latency:.1f} x latency")


if __name__ == "__main__":
    main()
