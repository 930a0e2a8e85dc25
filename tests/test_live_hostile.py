"""``check --live`` against hostile HTTPS servers (tests/tenant/hostile.py): whatever a server
sends, no secret is printed in any format, every call ends by its deadline, and memory stays
bounded. Each case runs the real command once, in a child whose peak memory is read from its
own resource usage (``os.wait4``); the child's findings are then rendered by every reporter."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cwlint.findings import Finding, Report, Severity
from cwlint.report import REPORTERS, View, reporter
from tests.tenant import CANARY_CLIENT_ID, CANARY_PRIVATE_KEY, CANARY_PUBLIC_KEY
from tests.tenant.certs import TenantCertificates
from tests.tenant.hostile import HostileServer, gzip_bomb

HANG_GUARD = 60  # seconds: a child still running then is killed and the test fails
MAX_PEAK_MIB = 200  # a 1 GiB body or a gzip bomb read whole takes gigabytes
TOKEN = base64.b64encode(f"acme+{CANARY_PUBLIC_KEY}:{CANARY_PRIVATE_KEY}".encode()).decode()
#: Lower-case forms of the secrets that must appear nowhere (the spellings the server echoes
#: all contain one of them, compared without case).
CANARIES = [
    CANARY_PUBLIC_KEY.lower(),
    CANARY_PRIVATE_KEY.lower(),
    CANARY_CLIENT_ID.lower(),
    CANARY_CLIENT_ID.replace("-", "").lower(),
    TOKEN.rstrip("=").lower(),
]
ENV = {
    "CW_PUBLIC_KEY": CANARY_PUBLIC_KEY,
    "CW_PRIVATE_KEY": CANARY_PRIVATE_KEY,
    "CW_CLIENT_ID": CANARY_CLIENT_ID,
}


@dataclass
class Child:
    returncode: int
    stdout: str
    stderr: str
    report: str
    peak_mib: float


def manifest(api_url: str) -> str:
    """A manifest whose live run reads system/info, then the role, the API member and
    mySecurity together (several calls in flight)."""
    return (
        "cwlint: 1\nname: hostile\nconnection:\n  deployment: cloud\n  company_id: acme\n"
        f"  api_url: {api_url}\n  public_key: ${{CW_PUBLIC_KEY}}\n"
        "  private_key: ${CW_PRIVATE_KEY}\n  client_id: ${CW_CLIENT_ID}\n"
        "api_member:\n  identifier: acmeapi\n  security_role: Integration\n"
        "security_role:\n  name: Integration\n  permissions: []\n"
    )


def _high_water_mib(pid: int) -> float | None:
    """The child's own peak resident memory (``VmHWM``), or None once it is gone. Unlike
    ``ru_maxrss``, which Linux carries over from the parent's memory at fork and exec (a large
    pytest worker would inflate it), this belongs to the child's program alone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run_measured(*args: str, report: Path) -> Child:
    """``cwlint ARGS`` in a child: its output, and its peak memory, read while it runs
    (``/proc/PID/status``; ``os.wait4``'s figure where /proc is not there)."""
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    env.update(ENV)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "cwlint", *args], stdout=out, stderr=err, env=env
        )
        guard = time.monotonic() + HANG_GUARD
        peaks: list[float] = []
        while True:
            peak = _high_water_mib(child.pid)
            if peak is not None:
                peaks.append(peak)
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > guard:
                child.kill()
                os.wait4(child.pid, 0)
                pytest.fail(f"cwlint did not return within {HANG_GUARD} s")
            time.sleep(0.05)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Child(
            child.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            report.read_text() if report.exists() else "",
            max(peaks) if peaks else usage.ru_maxrss / 1024,  # KiB on Linux
        )


def every_format(report_json: str) -> dict[str, str]:
    """The findings of a JSON report rendered by every reporter."""
    data = json.loads(report_json)
    findings = [
        Finding(
            f["file"],
            f["line"],
            f["column"],
            f["rule"],
            f["message"],
            Severity.parse(f["severity"]),
            f["pointer"],
            f["end_line"],
            f["end_column"],
            f["document"],
        )
        for f in data["findings"]
    ]
    report = Report(findings, sorted({f.file for f in findings}), data["manifests"])
    return {name: reporter(name, View(format=name)).render(report) for name in REPORTERS}


@pytest.fixture(scope="module")
def hostile_server(tenant_certs: TenantCertificates) -> Iterator[HostileServer]:
    """One hostile server for the module; each case switches it to its behaviour."""
    with HostileServer("gzip-ok", tenant_certs) as server:
        yield server


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return gzip_bomb()  # made once (about 0.5 s), before any child runs


#: case -> what a finding's message says
EXPECTED = {
    "echo-status": "cannot reach 127.0.0.1",
    "echo-header": "cannot reach 127.0.0.1",
    "echo-body": "answered 400",
    "echo-location": "to https://***.localhost",
    "huge-body": "is more than 4 MiB",
    "gzip-bomb": "decompresses to more than 4 MiB",
    "slow-headers": "did not answer in full within 0.5 s",
    "slow-body": "did not answer in full within 0.5 s",
}
#: --timeout per case: the trickles end only at it (twice: system/info, then the rest at once)
TIMEOUT = {"slow-headers": "0.5", "slow-body": "0.5"}


@pytest.mark.parametrize("case", [*EXPECTED, "retry-after", "gzip-ok"])
def test_a_hostile_server_gets_no_secret_printed_nor_unbounded_time_or_memory(
    case, hostile_server, tenant_certs, tmp_path, bomb
):
    server = hostile_server.switch(case)
    path = tmp_path / "hostile.yaml"
    path.write_text(manifest(server.api_url))
    report = tmp_path / "report.json"
    child = run_measured(
        "check",
        "--live",
        str(path),
        "--allow-host",
        f"127.0.0.1:{server.port}",
        "--ca-bundle",
        str(tenant_certs.ca_pem_path),
        "--select",
        "CW9",
        "--timeout",
        TIMEOUT.get(case, "1"),
        "--format",
        "json",
        "-o",
        str(report),
        report=report,
    )
    received = list(server.received)
    assert child.returncode in (0, 1), child.stderr
    assert received and all(authorized for _, authorized in received)  # the echoes got them
    shown = [child.stdout, child.stderr, child.report, *every_format(child.report).values()]
    for text in shown:
        for canary in CANARIES:
            assert canary not in text.lower(), (case, text)
    assert child.peak_mib < MAX_PEAK_MIB
    messages = [f["message"] for f in json.loads(child.report)["findings"]]
    if case in ("retry-after", "gzip-ok"):  # every read answered (with empty lists)
        assert messages and all("the tenant has no" in m for m in messages), messages
    if case == "retry-after":  # "²" is no number of seconds: a backoff, then the answer
        assert [p for p, _ in received].count("/v2025_1/apis/3.0/system/info") == 2
    elif case in EXPECTED:
        assert any(EXPECTED[case] in m for m in messages), messages
