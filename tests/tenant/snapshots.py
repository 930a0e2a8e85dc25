"""Write the live rules' fixtures: ``python -m tests.tenant.snapshots``.

Each case below sets up the real HTTPS test tenant, runs ``cwlint check --live --save-snapshot``
on a manifest of it, and writes ``tests/checks/<ID>/fires|quiet/NAME.yaml`` (the manifest, with
``# expect:`` comments for the findings that run gave) and ``NAME.snapshot.json`` (what it read).
The tenant's loopback hosts and random port are rewritten to ConnectWise's cloud hosts, so that
the files are the same on every run and the manifest matches its snapshot (by site host and
company id). The fixtures are then judged with ``--snapshot``, with no network
(tests/test_rule_fixtures.py); review the diff before committing regenerated ones.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.tenant import CANARY_CLIENT_ID, CANARY_PRIVATE_KEY, CANARY_PUBLIC_KEY, TenantServer

CHECKS = Path(__file__).resolve().parent.parent / "checks"
SITE = "na.myconnectwise.net"
API = "api-na.myconnectwise.net"
CANARIES = (CANARY_PUBLIC_KEY, CANARY_PRIVATE_KEY, CANARY_CLIENT_ID)


def _healthy(server: TenantServer) -> str:
    return server.manifest_yaml()


@dataclass
class Case:
    rule: str
    kind: str  # fires | quiet
    name: str
    about: str  # the fixture's first comment
    setup: Callable[[TenantServer], str] = _healthy  # prepares the tenant, gives the manifest
    env: dict[str, str | None] = field(default_factory=dict)
    reads_for: str = ""  # the rules whose reads the run makes (default: the case's rule)


def _redirect_http(s: TenantServer) -> str:
    s.scenario.redirect_to = f"http://127.0.0.1:{s.port}/"
    return s.manifest_yaml()


def _incomplete_chain(s: TenantServer) -> str:
    s.scenario.incomplete_chain = True
    return s.manifest_yaml()


def _unknown_company(s: TenantServer) -> str:
    s.scenario.unknown_company = True
    return s.manifest_yaml()


def _missing_permission(s: TenantServer) -> str:
    s.scenario.enforce_permissions = True
    s.tenant.clear_permission("1stream Integration", "System", "Member Maintenance")
    return s.manifest_yaml().replace(  # the manifest as it was reviewed
        "    - module: System\n      function: My Company",
        "    - module: System\n      function: Member Maintenance\n      inquire: All\n"
        "    - module: System\n      function: My Company",
    )


def _wrong_codebase(s: TenantServer) -> str:
    s.scenario.wrong_codebase = "v2025_2/"
    return s.manifest_yaml()


def _renamed_role(s: TenantServer) -> str:
    manifest = s.manifest_yaml().replace(
        "security_role: 1stream Integration", "security_role: Ops Integration"
    )
    return manifest.replace("  name: 1stream Integration", "  name: 1stream Integraton")


def _role_drift(s: TenantServer) -> str:
    manifest = s.manifest_yaml()
    t = s.tenant
    t.set_permission("1stream Integration", "Companies", "Contacts", add="None")
    t.set_permission("1stream Integration", "Companies", "Notes", delete="All")
    t.set_permission("1stream Integration", "Finance", "Invoicing", inquire="All")
    return manifest


def _members(s: TenantServer) -> str:
    s.tenant.deactivate_member("asmith")
    s.tenant.remove_member("bjones")
    return s.manifest_yaml()


def _member_role(s: TenantServer) -> str:
    manifest = s.manifest_yaml()
    s.tenant.set_member_role("acme1stream", "Admin")
    return manifest


def _pod_drift(s: TenantServer) -> str:
    manifest = s.manifest_yaml()
    s.tenant.update_hosted_setup(
        "1stream call pod", url="https://old.example.com/cw?id=[cw_id]", type="Tab"
    )
    s.tenant.disable_hosted_setup("1stream call pod")
    return manifest


def _old_version(s: TenantServer) -> str:
    s.tenant.version = "v2024.2.99001"
    return s.manifest_yaml().replace("profile: 1stream", "profile: commvault")


CASES = [
    Case("CW901", "fires", "redirect-to-http", "The API redirects to plain http.", _redirect_http),
    Case(
        "CW902",
        "fires",
        "wrong-key",
        "The private key is wrong (401).",
        env={"CW_PRIVATE_KEY": "WrongKey9Xy7QzAb"},
    ),
    Case(
        "CW902", "fires", "unknown-company", "companyinfo knows no such company.", _unknown_company
    ),
    Case(
        "CW903",
        "fires",
        "missing-permission",
        "The role lacks a permission the integration uses.",
        _missing_permission,
        reads_for="CW903,CW907,CW908",
    ),
    Case("CW904", "fires", "codebase-drift", "The tenant is on another codebase.", _wrong_codebase),
    Case("CW905", "fires", "renamed-role", "The role is not in the tenant.", _renamed_role),
    Case(
        "CW906",
        "fires",
        "role-drift",
        "The tenant's role differs from the manifest's.",
        _role_drift,
    ),
    Case("CW907", "fires", "members", "One member is inactive, one is gone.", _members),
    Case("CW908", "fires", "another-role", "The API member has another role.", _member_role),
    Case("CW909", "fires", "pod-drift", "The pod's setup differs in the tenant.", _pod_drift),
    Case(
        "CW910",
        "fires",
        "incomplete-chain",
        "The server omits its intermediate certificate.",
        _incomplete_chain,
    ),
    Case(
        "CW911", "fires", "old-version", "The tenant is older than the profile needs.", _old_version
    ),
] + [
    Case(rule, "quiet", "healthy", "The tenant is as the manifest says.")
    for rule in (
        "CW901",
        "CW902",
        "CW903",
        "CW904",
        "CW905",
        "CW906",
        "CW907",
        "CW908",
        "CW909",
        "CW910",
        "CW911",
    )
]


def _stable(text: str, port: int) -> str:
    """``text`` with the tenant's loopback hosts and port replaced by ConnectWise's hosts."""
    text = text.replace(f"localhost:{port}", SITE).replace(f"127.0.0.1:{port}", API)
    assert str(port) not in text, f"port {port} is still in the text"
    return text


def write(case: Case, work: Path) -> None:
    with TenantServer() as server:
        manifest = case.setup(server)
        path = work / "acme.yaml"
        snapshot = work / "snapshot.json"
        path.write_text(manifest, encoding="utf-8")
        env = {**os.environ, **server.env(), **case.env}
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "cwlint",
                "check",
                "--live",
                "--allow-host",
                "127.0.0.1",
                "--allow-host",
                "localhost",
                str(path),
                "--ca-bundle",
                str(server.ca_pem_path),
                "--select",
                case.reads_for or case.rule,
                "--format",
                "json",
                "--save-snapshot",
                str(snapshot),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={k: v for k, v in env.items() if v is not None},
        )
        assert proc.returncode in (0, 1), proc.stderr
        findings = [f for f in json.loads(proc.stdout)["findings"] if f["rule"] == case.rule]
        assert bool(findings) == (case.kind == "fires"), (case, findings)
        saved = json.loads(snapshot.read_text(encoding="utf-8"))
        for tenant in saved["tenants"]:
            tenant.pop("file", None)
        port = server.port
    head = [f"# {case.about}"]
    extra = len(findings)
    for number, f in enumerate(findings):
        offset = extra - number + f["line"] - 1
        head.append(f"# expect: +{offset}:{f['column']} {_stable(f['message'], port)}")
    text = "\n".join(head) + "\n" + _stable(manifest, port)
    data = _stable(json.dumps(saved, indent=2, sort_keys=True), port) + "\n"
    for secret in (*CANARIES, *(value for value in case.env.values() if value)):
        assert secret not in text and secret not in data, case
    folder = CHECKS / case.rule / case.kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{case.name}.yaml").write_text(text, encoding="utf-8")
    (folder / f"{case.name}.snapshot.json").write_text(data, encoding="utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        for case in CASES:
            write(case, Path(work))
            print(f"{case.rule}/{case.kind}/{case.name}")


if __name__ == "__main__":
    main()
