"""`cwlint audit` and `cwlint pull --all` against the HTTPS test tenant's integration landscape
(tests/tenant/landscape.py: 20 API members for a dozen vendors)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ALLOW_LOOPBACK, run_cli
from tests.tenant.certs import TenantCertificates
from tests.tenant.landscape import AUDITOR, landscape_tenant
from tests.tenant.server import TenantServer
from tests.tenant.tenant import CANARY_CLIENT_ID, CANARY_PRIVATE_KEY, CANARY_PUBLIC_KEY, Tenant

CANARIES = (CANARY_PUBLIC_KEY, CANARY_PRIVATE_KEY, CANARY_CLIENT_ID)
ROLE_RULES = "CW301,CW302,CW303,CW305,CW306,CW307,CW310"


@pytest.fixture(scope="module")
def pristine_landscape() -> Tenant:
    return landscape_tenant()


@pytest.fixture
def landscape(pristine_landscape: Tenant) -> Tenant:
    return pristine_landscape.copy()


@pytest.fixture
def server(landscape: Tenant, tenant_certs: TenantCertificates) -> Iterator[TenantServer]:
    with TenantServer(landscape, tenant_certs) as s:
        yield s


def _args(s: TenantServer, *more: str) -> list[str]:
    return [
        "--site",
        s.site_url,
        "--company",
        s.company_id,
        "--api-url",
        s.api_url,
        "--ca-bundle",
        str(s.ca_pem_path),
        *ALLOW_LOOPBACK,
        *more,
    ]


def _audit(s: TenantServer, *more: str) -> dict:
    result = run_cli("audit", *_args(s, "--format", "json", *more), env=s.env())
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def _findings(data: dict) -> list[dict]:
    tenant = data["tenants"][0]
    return tenant["findings"] + [f for i in tenant["integrations"] for f in i["findings"]]


def _by(data: dict, rule: str, member: str | None = None) -> list[dict]:
    return [
        f
        for f in _findings(data)
        if f["rule"] == rule and (member is None or f["member"] == member)
    ]


def test_every_finding_kind_on_the_landscape_with_its_rule_id(server: TenantServer) -> None:
    data = _audit(server)
    # per integration, the role rules as `check` gives them
    assert [f["message"][:40] for f in _by(data, "CW302", "rewstapi")] == [
        "Finance > Invoicing grants Edit All, Inq"
    ]
    (delete,) = _by(data, "CW305", "rewstapi")
    assert "Service Desk > Service Tickets: Delete is All" in delete["message"]
    assert (
        delete["where"]
        == "System > Security Roles > Rewst Integration > Service Desk > Service Tickets"
    )
    (missing,) = _by(data, "CW301", "threadapi")
    assert (
        "grants no Add (an omitted level is None), but Thread (getthread) requires Add All"
        in (missing["message"])
    )
    assert missing["severity"] == "warning"  # Thread's profile is near_full
    assert {f["rule"] for f in _by(data, "CW307", "autoelevate")} == {"CW307"}
    # tenant-level
    (shared,) = _by(data, "CW921")
    assert "(smileback, timesanity)" in shared["message"]
    assert {f["member"] for f in _by(data, "CW922")} == {"autoelevate", "passportal"}
    assert [f["member"] for f in _by(data, "CW923")] == ["oldsyncapi"]
    unused = {f["role"] for f in _by(data, "CW924")}
    assert {"Old Zapier Integration", "Unused Sync Role"} <= unused
    assert not unused & {"Rewst Integration", "Technician", "cwlint Auditor"}
    (unknown,) = _by(data, "CW925")
    assert unknown["member"] == "zetasync"
    assert "Service Desk > Service Tickets: Add All, Edit All, Inquire All" in unknown["message"]
    clean = {"acme1stream", "acmegradient", "huduapi", "guardzapi", AUDITOR}
    assert not [f for f in _findings(data) if f["member"] in clean and f["severity"] != "info"]


def test_each_member_is_matched_with_the_evidence_shown(server: TenantServer) -> None:
    data = _audit(server, "--map", "timesanity=timesanity")
    rows = {i["member"]: i for i in data["tenants"][0]["integrations"]}
    assert len(rows) == 20
    assert rows["rewstapi"]["match"] == {
        "how": "pod host",
        "why": "its hosted setup 'Rewst crate' is on app.rewst.io, a pod host of the rewst profile",
    }
    assert rows["passportal"]["profile"] == "nable-passportal"
    assert "'passportal' in its identifier 'passportal'" in rows["passportal"]["match"]["why"]
    assert rows["timesanity"]["match"]["how"] == "map"
    assert rows["zetasync"]["profile"] is None and rows["zetasync"]["match"]["how"] == "unknown"
    assert rows["rewstapi"]["score"] == 90 and rows["acme1stream"]["score"] == 100
    assert rows["zetasync"]["score"] is None
    assert "key owner's own role only" in rows["rewstapi"]["customize"]


def test_the_audit_costs_six_requests_plus_one_per_role_in_use(server: TenantServer) -> None:
    _audit(server)
    roles = {a.role_id for a in server.tenant.api_members}
    calls = [r for r in server.requests if r.route != "login/companyinfo"]
    assert len(server.requests) == 6 + len(roles)
    assert {r.method for r in server.requests} == {"GET"}
    assert sorted(r.route.lower() for r in calls if "settings" not in r.route) == [
        "system/apimembers",
        "system/connectwisehostedsetups",
        "system/info",
        "system/members",
        "system/securityroles",
    ]


def test_pull_all_then_check_gives_the_audits_findings(
    server: TenantServer, tmp_path: Path
) -> None:
    audit = _audit(server)
    out = tmp_path / "repo"
    pulled = run_cli("pull", "--all", "-o", str(out), *_args(server), env=server.env())
    assert pulled.returncode == 0, pulled.stderr
    assert len(list(out.glob("*.yaml"))) == 20
    checked = run_cli("check", str(out), "--select", ROLE_RULES, "--format", "json")
    got = {
        (Path(f["file"]).stem, f["rule"], f["line"], f["column"], f["message"])
        for f in json.loads(checked.stdout)["findings"]
    }
    want = {
        (f["member"], f["rule"], f["line"], f["column"], f["message"])
        for i in audit["tenants"][0]["integrations"]
        for f in i["findings"]
    }
    assert got == want and len(want) > 20
    # every manifest passes check's schema and YAML stages as written
    everything = run_cli("check", str(out), "--select", "CW0", "--format", "json")
    assert json.loads(everything.stdout)["findings"] == []


def test_pull_never_overwrites_without_force(server: TenantServer, tmp_path: Path) -> None:
    out = tmp_path / "repo"
    out.mkdir()
    (out / "rewstapi.yaml").write_text("mine\n")
    refused = run_cli("pull", "--all", "-o", str(out), *_args(server), env=server.env())
    assert refused.returncode == 2 and "rewstapi.yaml" in refused.stderr
    assert "--force" in refused.stderr and (out / "rewstapi.yaml").read_text() == "mine\n"
    forced = run_cli("pull", "--all", "--force", "-o", str(out), *_args(server), env=server.env())
    assert forced.returncode == 0 and "cwlint: 1" in (out / "rewstapi.yaml").read_text()
    single = tmp_path / "one.yaml"
    single.write_text("keep\n")
    refused = run_cli("pull", "-o", str(single), *_args(server), env=server.env())
    assert refused.returncode == 2 and "exists: pass --force" in refused.stderr
    assert single.read_text() == "keep\n"


def test_check_refuses_to_write_its_report_over_a_checked_manifest(tmp_path: Path) -> None:
    manifest = tmp_path / "m.yaml"
    manifest.write_text("cwlint: 1\nname: x\n")
    result = run_cli("check", str(tmp_path), "-o", str(manifest))
    assert result.returncode == 2 and "is a manifest this run checks" in result.stderr
    assert manifest.read_text() == "cwlint: 1\nname: x\n"


def test_an_audit_config_accepts_known_exceptions_with_their_reason(
    server: TenantServer, tmp_path: Path
) -> None:
    config = tmp_path / "audit.yaml"
    config.write_text(
        "ignore: [CW924]\nseverity: {CW923: error}\naccept:\n"
        "  - {rule: CW922, member: passportal, reason: Passportal needs it; reviewed 2026-11}\n"
    )
    data = _audit(server, "--config", str(config))
    assert _by(data, "CW924") == []
    assert [f["severity"] for f in _by(data, "CW923")] == ["error"]
    (accepted,) = _by(data, "CW922", "passportal")
    assert accepted["suppressed"] == {"reason": "Passportal needs it; reviewed 2026-11"}
    assert _by(data, "CW922", "autoelevate")[0].get("suppressed") is None
    config.write_text("accept:\n  - {rule: CW922, member: passportal}\n")
    bad = run_cli("audit", *_args(server, "--config", str(config)), env=server.env())
    assert bad.returncode == 2 and "a reason" in bad.stderr


def test_a_403_names_the_permission_the_auditor_lacks(server: TenantServer) -> None:
    server.scenario.enforce_permissions = True
    server.tenant.clear_permission("cwlint Auditor", "System", "Member Maintenance")
    data = _audit(server)
    messages = [f["message"] for f in _by(data, "CW903")]
    assert len(messages) == 2  # api members and members
    assert all("lacks System > Member Maintenance (Inquire All)" in m for m in messages)
    assert all("cwlint init --profile cwlint-auditor" in m for m in messages)


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_no_format_prints_a_key_and_tenant_text_is_escaped(
    server: TenantServer, tmp_path: Path, fmt: str
) -> None:
    hostile = "<script>alert(1)</script>|*x*"
    server.tenant.api_member("zetasync").name = hostile
    server.tenant.rename_role("Zeta Sync Role", f"Zeta {CANARY_PRIVATE_KEY} <img src=x>")
    out = tmp_path / "report"
    result = run_cli("audit", *_args(server, "--format", fmt, "-o", str(out)), env=server.env())
    assert result.returncode == 1, result.stderr
    text = out.read_text()
    for canary in CANARIES:
        assert canary not in text + result.stdout + result.stderr
    assert "Zeta *** " in text.replace("&lt;", "<") or "Zeta \\*\\*\\*" in text
    if fmt == "html":
        assert "<script>" not in text and "<img" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    if fmt == "markdown":
        assert "\\<script\\>" in text and "\\|" in text


def test_a_hostile_echoing_server_gets_no_key_into_the_report(
    tenant_certs: TenantCertificates, tmp_path: Path
) -> None:
    from tests.tenant.hostile import HostileServer

    with HostileServer("echo-body", tenant_certs) as hostile:
        env = {
            "CW_PUBLIC_KEY": CANARY_PUBLIC_KEY,
            "CW_PRIVATE_KEY": CANARY_PRIVATE_KEY,
            "CW_CLIENT_ID": CANARY_CLIENT_ID,
        }
        for fmt in ("json", "html"):
            out = tmp_path / f"r.{fmt}"
            result = run_cli(
                "audit",
                "--site",
                "https://localhost:1/",  # refused: companyinfo is not the hostile one's
                "--company",
                "acme",
                "--api-url",
                hostile.api_url,
                "--ca-bundle",
                str(tenant_certs.ca_pem_path),
                "--allow-host",
                "127.0.0.1",
                "--timeout",
                "2",
                "--format",
                fmt,
                "-o",
                str(out),
                env=env,
            )
            text = out.read_text() + result.stdout + result.stderr
            assert result.returncode == 1
            assert "answered 400" in text  # every read failed: CW903, its message redacted
            for canary in CANARIES:
                assert canary not in text
            assert "***" in text


def test_many_tenants_one_failing_reported_without_stopping_the_others(
    server: TenantServer, tmp_path: Path
) -> None:
    tenants = tmp_path / "tenants.yaml"
    tenants.write_text(
        "tenants:\n"
        f"  - {{name: good, site: '{server.site_url}', company: acme, api_url: '{server.api_url}'}}\n"
        f"  - {{name: wrongkeys, site: '{server.site_url.replace('//', '//me:Pa55word@')}',"
        " company: acme,"
        f" api_url: '{server.api_url}', public_key_env: OTHER_PUB}}\n"
        f"  - {{name: again, site: '{server.site_url}', company: acme, api_url: '{server.api_url}'}}\n"
    )
    env = {**server.env(), "OTHER_PUB": "WrongKey12345678"}
    result = run_cli(
        "audit",
        "--tenants",
        str(tenants),
        "--ca-bundle",
        str(server.ca_pem_path),
        *ALLOW_LOOPBACK,
        "--format",
        "json",
        env=env,
    )
    data = json.loads(result.stdout)
    assert [t["name"] for t in data["tenants"]] == ["good", "wrongkeys", "again"]
    assert "credentials were refused" in data["tenants"][1]["error"]
    assert [len(t["integrations"]) for t in data["tenants"]] == [20, 0, 20]
    assert result.returncode == 1 and "Auditing" not in result.stderr  # no bar off a TTY
    assert "Pa55word" not in result.stdout + result.stderr


def test_usage_errors(server: TenantServer, tmp_path: Path) -> None:
    assert run_cli("audit").returncode == 2
    html = run_cli("audit", *_args(server, "--format", "html"), env=server.env())
    assert html.returncode == 2 and "-o report.html" in html.stderr
    existing = tmp_path / "r.json"
    existing.write_text("{}")
    refused = run_cli("audit", *_args(server, "-o", str(existing)), env=server.env())
    assert refused.returncode == 2 and existing.read_text() == "{}"
    bad_map = run_cli("audit", *_args(server, "--map", "zetasync=zeta"), env=server.env())
    assert bad_map.returncode == 2 and "zeta" in bad_map.stderr


def test_the_terminal_table(server: TenantServer) -> None:
    result = run_cli("audit", *_args(server), env=server.env())
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.strip().startswith("integration"))
    assert header.split() == [
        "integration",
        "member",
        "role",
        "profile",
        "errors",
        "warnings",
        "least",
        "privilege",
    ]
    rewst = next(line for line in lines if " rewstapi " in line)
    assert rewst.split()[-4:] == ["rewst", "0", "2", "90%"]
    passportal = next(line for line in lines if " passportal " in line)
    assert passportal.split()[-3] == "1"  # CW922, the tenant-level error, counts for it
    assert lines[-1].startswith("1 tenant(s), 20 API member(s): 2 error(s)")
