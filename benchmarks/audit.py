"""``cwlint audit`` against the test tenant's integration landscape: requests and wall time.

    python benchmarks/audit.py [--latency 0.05] [--runs 3] [--tenants 100] [--members 300]

Starts tests/tenant's landscape (20 API members for a dozen vendors, 19 distinct roles among
them, 60 roles, --members members) behind --latency seconds per answer and runs the real
command (``python -m cwlint audit``), cold each time:

- one tenant, --runs times: requests <= 6 + distinct roles of the API members + one per extra
  page of 1,000 members; wall <= 10 x latency + 1 s;
- --tenants tenants in one ``--tenants FILE`` run (spread over 10 servers): wall <= 30 s.

The wall time is the whole command (interpreter start, imports, reads, judging, report).
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
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.tenant import TenantServer  # noqa: E402
from tests.tenant.landscape import landscape_tenant  # noqa: E402

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
SERVERS = 10


def run(args: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "cwlint", "audit", *args, "--format", "json"],
        capture_output=True,
        text=True,
        env={**ENV, **env},
        timeout=600,
    )
    return time.perf_counter() - start, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tenants", type=int, default=100)
    parser.add_argument("--members", type=int, default=300)
    opts = parser.parse_args()
    tenant = landscape_tenant(members=opts.members)
    roles = len({a.role_id for a in tenant.api_members})
    pages = math.ceil(len(tenant.members) / 1000)
    budget_requests = 6 + roles + (pages - 1)
    budget_wall = 10 * opts.latency + 1
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        servers = [
            stack.enter_context(TenantServer(tenant.copy() if i else tenant))
            for i in range(SERVERS)
        ]
        for server in servers:
            server.scenario.latency = opts.latency
        first = servers[0]
        common = ["--ca-bundle", str(first.ca_pem_path), "--allow-host", "127.0.0.1"]
        one = ["--site", first.site_url, "--company", first.company_id, "--api-url", first.api_url]
        times, requests = [], []
        run(one + common, first.env())  # warm the bytecode cache
        for _ in range(opts.runs):
            first.requests.clear()
            seconds, done = run(one + common, first.env())
            if done.returncode not in (0, 1):
                raise SystemExit(done.stderr)
            times.append(seconds)
            requests.append(len(first.requests))
        wall = statistics.median(times)
        print(
            f"one tenant ({len(tenant.api_members)} API members, {roles} distinct roles, "
            f"{len(tenant.members)} members, {opts.latency * 1000:g} ms latency): "
            f"{max(requests)} requests (budget {budget_requests}), "
            f"{wall:.2f} s median of {opts.runs} (budget {budget_wall:.2f} s)"
        )
        listing = Path(tmp) / "tenants.yaml"
        lines = ["tenants:"]
        for i in range(opts.tenants):
            s = servers[i % SERVERS]
            lines.append(
                f"  - {{name: t{i:03d}, site: '{s.site_url}', company: acme, "
                f"api_url: '{s.api_url}'}}"
            )
        listing.write_text("\n".join(lines) + "\n")
        for server in servers:
            server.requests.clear()
        ca = Path(tmp) / "ca.pem"  # every server has its own CA: trust them all
        ca.write_text("".join(Path(s.ca_pem_path).read_text() for s in servers))
        seconds, done = run(
            ["--tenants", str(listing), "--ca-bundle", str(ca), "--allow-host", "127.0.0.1"],
            first.env(),
        )
        if done.returncode not in (0, 1):
            raise SystemExit(done.stderr)
        failed = done.stdout.count('"error": "')
        total = sum(len(s.requests) for s in servers)
        print(
            f"{opts.tenants} tenants ({SERVERS} servers, {opts.latency * 1000:g} ms latency): "
            f"{seconds:.2f} s (budget 30 s), {total} requests, {failed} failed tenants"
        )


if __name__ == "__main__":
    main()
