"""The audit's HTML report in headless Chromium (Debian's package; `.ci/run` installs it): it
renders with no console error and no request, its DOM holds every finding, and a screenshot is
made. Skipped, saying why, where Chromium is absent."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ALLOW_LOOPBACK, run_cli
from tests.tenant.certs import TenantCertificates
from tests.tenant.landscape import landscape_tenant
from tests.tenant.server import TenantServer

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; .ci/run does)"
)
XSS = "<script>console.error('xss')</script><img src=x onerror=alert(1)>"


def _chromium(tmp_path: Path, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            *extra,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_console_error_would_be_seen(tmp_path: Path) -> None:
    """The check below can fail: Chromium logs a page's console messages on stderr."""
    page = tmp_path / "noisy.html"
    page.write_text(
        "<!DOCTYPE html><html><body><script>console.error('boom')</script></body></html>"
    )
    noisy = _chromium(tmp_path, page, "--dump-dom")
    assert [line for line in noisy.stderr.splitlines() if "CONSOLE" in line and "boom" in line]


def test_the_html_report_renders_in_chromium(
    tenant_certs: TenantCertificates, tmp_path: Path
) -> None:
    tenant = landscape_tenant()
    tenant.api_member("zetasync").name = XSS
    with TenantServer(tenant, tenant_certs) as s:
        args = [
            "audit",
            "--site",
            s.site_url,
            "--company",
            s.company_id,
            "--api-url",
            s.api_url,
            "--ca-bundle",
            str(s.ca_pem_path),
            *ALLOW_LOOPBACK,
        ]
        page, data = tmp_path / "report.html", tmp_path / "report.json"
        assert run_cli(*args, "--format", "html", "-o", str(page), env=s.env()).returncode == 1
        assert run_cli(*args, "--format", "json", "-o", str(data), env=s.env()).returncode == 1
    html = page.read_text()
    assert not re.search(r"<[a-z][^>]*\s(src|href)=", html)  # nothing to fetch: no CDN
    dom = _chromium(tmp_path, page, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line]
    assert console == []  # no console message at all (the report has no script)
    assert "<script" not in dom.stdout and "<img" not in dom.stdout
    findings = [
        f
        for t in json.loads(data.read_text())["tenants"]
        for f in t["findings"] + [g for i in t["integrations"] for g in i["findings"]]
    ]
    rows = re.findall(r'<tr class="finding [^"]*" data-rule="(CW\d+)"', dom.stdout)
    assert len(rows) == len(findings) > 100
    assert sorted(rows) == sorted(f["rule"] for f in findings)
    assert dom.stdout.count("<rect ") >= 20 * 9  # the heat map: modules by integrations
    assert "&lt;script&gt;console.error('xss')&lt;/script&gt;" in dom.stdout
    shot = tmp_path / "report.png"
    made = _chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1400,2000")
    assert made.returncode == 0, made.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
