"""``cwlint check --live`` against the real HTTPS test tenant (tests/tenant): each live rule fires
at its value in its scenario and stays quiet on the healthy tenant; only GETs are sent;
Authorization reaches the API host only; retries are bounded. The command runs in-process (the
session's tenant server is reset for each test); the healthy run goes through the real entry
point too."""

from __future__ import annotations

import itertools
import json
import math
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ALLOW_LOOPBACK, run_cli, run_cwlint
from tests.tenant import CANARY_PUBLIC_KEY, TenantServer

LIVE_RULES = "CW9,CW204"


def find(text: str, *steps: str) -> tuple[int, int]:
    """1-based (line, column) of the value on the line holding the last of ``steps``, each
    searched from the line after the previous one (``find(m, "function: Contacts", "add:")``)."""
    lines = text.splitlines()
    start = 0
    for step in steps:
        start = next(i for i in range(start, len(lines)) if step in lines[i]) + 1
    line = lines[start - 1]
    value = line.index(":", line.index(steps[-1].split(":")[0])) + 1
    while line[value] == " ":
        value += 1
    return start, value + 1


def block(text: str, key: str) -> tuple[int, int]:
    """1-based (line, column) of the block value under the line ``key`` (a list's first dash)."""
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines) if line.strip() == key) + 2
    below = lines[number - 1]
    return number, len(below) - len(below.lstrip()) + 1


def token(text: str, line_text: str, item: str) -> tuple[int, int]:
    """1-based (line, column) of ``item`` on the first line holding ``line_text``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line_text in line:
            return number, line.index(item) + 1
    raise AssertionError(line_text)


def live(
    server: TenantServer,
    tmp_path: Path,
    manifest: str | None = None,
    *args: str,
    env: dict[str, str | None] | None = None,
    select: str = LIVE_RULES,
    run: Callable[..., subprocess.CompletedProcess[str]] = run_cli,
) -> list[dict]:
    """``cwlint check --live`` of ``manifest`` (default: the tenant's own) as JSON findings;
    asserts that every request the tenant saw was a GET. A None in ``env`` unsets it."""
    path = tmp_path / "acme.yaml"
    path.write_text(manifest if manifest is not None else server.manifest_yaml())
    full_env = {**server.env(), **(env or {})}
    proc = run(
        "check",
        "--live",
        *ALLOW_LOOPBACK,
        str(path),
        "--ca-bundle",
        str(server.ca_pem_path),
        "--select",
        select,
        "--format",
        "json",
        *args,
        env=full_env,
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert {r.method for r in server.requests} <= {"GET"}
    return json.loads(proc.stdout)["findings"]


def where(findings: list[dict]) -> list[tuple[str, int, int]]:
    return sorted((f["rule"], f["line"], f["column"]) for f in findings)


# ----------------------------------------------------------------------------- healthy tenant
def test_healthy_tenant_gives_no_live_finding_and_only_gets(tenant_server, tmp_path):
    assert live(tenant_server, tmp_path, run=run_cwlint) == []  # the real entry point
    requests = tenant_server.requests.snapshot()
    assert [r.route for r in requests][:2] == ["login/companyinfo", "system/info"]
    assert {r.method for r in requests} == {"GET"}
    # companyinfo goes unauthenticated to the site; the API calls to the API host only
    assert not requests[0].has_authorization
    assert tenant_server.authorization_sent_to() == {f"127.0.0.1:{tenant_server.port}"}
    api = tenant_server.requests.api_calls()
    assert all(r.has_authorization and r.has_client_id and r.authenticated for r in api)
    assert all(r.accept == "application/vnd.connectwise.com+json; version=2025.8" for r in api)
    assert all(r.param("pageSize") == "1000" for r in api if r.route != "system/info")


def test_least_privilege_role_is_checked_through_my_security(tenant_server, tmp_path):
    """The 1stream role cannot read security roles (403): CW905/CW906 use the API member's
    own role instead, and a 403 on a read only cwlint needs is not CW903's."""
    tenant_server.scenario.enforce_permissions = True
    assert live(tenant_server, tmp_path) == []
    refused = [r.route for r in tenant_server.requests if r.status == 403]
    assert refused == ["system/securityroles"]


# ------------------------------------------------------------------------------ CW901 / CW910
def test_cw901_redirect_to_plain_http_on_the_same_host_says_so(tenant_server, tmp_path):
    tenant_server.scenario.redirect_to = f"http://127.0.0.1:{tenant_server.port}/"
    manifest = tenant_server.manifest_yaml()
    found = live(tenant_server, tmp_path, manifest)
    assert where(found) == [("CW901", *find(manifest, "api_url:"))]
    message = found[0]["message"]
    assert "the same host over plain http (cwlint calls https only)" in message, message
    assert "another host" not in message
    assert len(tenant_server.requests.api_calls()) == 1  # the http URL is not called


@pytest.mark.parametrize("deployment", ["cloud", "on-premise"])
def test_cw901_credentials_go_to_no_unlisted_host_without_allow_host(
    tenant_server, tmp_path, deployment
):
    """127.0.0.1 is no ConnectWise host: without --allow-host (or with another port) no
    request carries credentials, on premise too (a manifest is not the user's allow)."""
    port = tenant_server.port
    manifest = tenant_server.manifest_yaml().replace(
        "deployment: cloud", f"deployment: {deployment}"
    )
    path = tmp_path / "acme.yaml"
    path.write_text(manifest)
    for allow in ((), ("--allow-host", "127.0.0.1:1", "--allow-host", "localhost")):
        proc = run_cli(
            "check",
            "--live",
            *allow,
            str(path),
            "--ca-bundle",
            str(tenant_server.ca_pem_path),
            "--select",
            "CW901,CW902,CW910",
            "--format",
            "json",
            env=tenant_server.env(),
        )
        found = json.loads(proc.stdout)["findings"]
        assert where(found) == [("CW901", *find(manifest, "api_url:"))], found
        assert f"pass --allow-host 127.0.0.1:{port}" in found[0]["message"] or (
            f"with --allow-host 127.0.0.1:{port}" in found[0]["message"]
        )
    assert tenant_server.authorization_sent_to() == set()
    assert [r.route for r in tenant_server.requests] == ["login/companyinfo"] * 2


def test_allow_host_must_be_a_host(tmp_path):
    path = tmp_path / "acme.yaml"
    path.write_text("cwlint: 1\nname: x\n")
    for value in ("https://cw.example.com/", "cw.example.com:99999", "user@cw.example.com"):
        proc = run_cli("check", "--live", "--allow-host", value, str(path))
        assert proc.returncode == 2 and "--allow-host" in proc.stderr and "HOST:PORT" in proc.stderr


def test_api_url_query_is_never_sent_and_paths_are_built_right(tenant_server, tmp_path):
    manifest = tenant_server.manifest_yaml().replace(
        f"api_url: {tenant_server.api_url}", f"api_url: {tenant_server.api_url}?token=Tok1#frag"
    )
    assert live(tenant_server, tmp_path, manifest) == []
    api = tenant_server.requests.api_calls()
    assert api and all(r.authenticated and "token" not in r.query for r in api)
    assert {r.route for r in api} >= {"system/info", "system/members", "system/apimembers"}


def test_a_secret_in_the_tenants_data_is_not_shown(tenant_server, tmp_path):
    """The API member's role is named after the key it was read with: CW908 shows the
    tenant's role name, redacted."""
    manifest = tenant_server.manifest_yaml()
    tenant_server.tenant.add_role(f"Role {CANARY_PUBLIC_KEY.lower()}")
    tenant_server.tenant.set_member_role("acme1stream", f"Role {CANARY_PUBLIC_KEY.lower()}")
    found = live(tenant_server, tmp_path, manifest, select="CW908")
    assert where(found) == [("CW908", *find(manifest, "security_role: 1stream"))]
    assert "'Role ***'" in found[0]["message"], found[0]["message"]
    assert CANARY_PUBLIC_KEY.lower() not in found[0]["message"].lower()


def test_cw901_redirect_to_another_host_is_not_followed_with_credentials(
    tenant_server, other_tenant_server, tmp_path
):
    tenant_server.scenario.redirect_to = other_tenant_server.site_url
    manifest = tenant_server.manifest_yaml()
    found = live(tenant_server, tmp_path, manifest)
    assert where(found) == [("CW901", *find(manifest, "api_url:"))]
    assert "redirects (302) to https://localhost:" in found[0]["message"]
    assert len(other_tenant_server.requests) == 0
    assert tenant_server.authorization_sent_to() == {f"127.0.0.1:{tenant_server.port}"}


def test_cw901_ssl_required_without_api_prefix(tenant_server, tmp_path):
    tenant_server.scenario.ssl_required_without_api_prefix = True
    manifest = tenant_server.manifest_yaml().replace(
        tenant_server.api_url, tenant_server.api_url.replace("127.0.0.1", "localhost")
    )
    found = live(tenant_server, tmp_path, manifest)
    assert where(found) == [("CW901", *find(manifest, "api_url:"))]
    assert "SSL is required." in found[0]["message"] and "api-" in found[0]["message"]
    assert len(tenant_server.requests.api_calls()) == 1  # the others were not attempted


def test_cw901_unreachable_api_and_site(tenant_server, tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
    # closed: nothing listens there any more
    manifest = (
        tenant_server.manifest_yaml()
        .replace(f"127.0.0.1:{tenant_server.port}", f"127.0.0.1:{port}")
        .replace(f"localhost:{tenant_server.port}", f"localhost:{port}")
    )
    found = live(tenant_server, tmp_path, manifest)
    assert where(found) == [
        ("CW901", *find(manifest, "site:")),
        ("CW901", *find(manifest, "api_url:")),
    ]
    assert all("cannot reach" in f["message"] for f in found)


def test_cw901_untrusted_certificate_asks_for_ca_bundle(tenant_server, tmp_path):
    path = tmp_path / "acme.yaml"
    manifest = tenant_server.manifest_yaml()
    path.write_text(manifest)
    proc = run_cli(
        "check",
        "--live",
        *ALLOW_LOOPBACK,
        str(path),
        "--select",
        LIVE_RULES,
        env=tenant_server.env(),
    )
    assert proc.returncode == 1
    assert f"acme.yaml:{find(manifest, 'site:')[0]}:{find(manifest, 'site:')[1]}: CW901" in (
        proc.stdout
    )
    assert "--ca-bundle" in proc.stdout
    assert len(tenant_server.requests) == 0  # no request got through the failed handshake


def test_cw910_incomplete_chain(tenant_server, tmp_path):
    tenant_server.scenario.incomplete_chain = True
    manifest = tenant_server.manifest_yaml()
    found = live(tenant_server, tmp_path, manifest)
    assert where(found) == [
        ("CW910", *find(manifest, "site:")),
        ("CW910", *find(manifest, "api_url:")),
    ]
    assert "without the intermediate" in found[0]["message"]
    assert len(tenant_server.requests) == 0


# ------------------------------------------------------------------------------ CW902 / CW204
def test_cw902_wrong_key_is_reported_once_without_the_keys(tenant_server, tmp_path):
    manifest = tenant_server.manifest_yaml()
    found = live(tenant_server, tmp_path, manifest, env={"CW_PRIVATE_KEY": "WrongKey9Xy7QzAb"})
    assert where(found) == [("CW902", *find(manifest, "public_key:"))]
    assert "${CW_PRIVATE_KEY}" in found[0]["message"]
    assert "WrongKey9Xy7QzAb" not in json.dumps(found)
    info = tenant_server.requests.for_route("system/info")
    assert len(info) == 1  # 401 is never retried
    assert len(tenant_server.requests.api_calls()) == 1  # and nothing else is tried


def test_cw902_unknown_company(tenant_server, tmp_path):
    tenant_server.scenario.unknown_company = True
    manifest = tenant_server.manifest_yaml()
    found = live(tenant_server, tmp_path, manifest)
    assert ("CW902", *find(manifest, "company_id:")) in where(found)


def test_cw204_unset_variable_skips_the_api(tenant_server, tmp_path):
    manifest = tenant_server.manifest_yaml()
    found = live(tenant_server, tmp_path, manifest, env={"CW_PRIVATE_KEY": None})
    assert where(found) == [("CW204", *find(manifest, "private_key:"))]
    assert "CW_PRIVATE_KEY is not set" in found[0]["message"]
    assert tenant_server.requests.api_calls() == []  # companyinfo only, no credentials sent
    assert tenant_server.authorization_sent_to() == set()


def test_cw204_env_file_supplies_the_keys(tenant_server, tmp_path):
    env = tenant_server.env()
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        f"# keys\nexport CW_PUBLIC_KEY={env['CW_PUBLIC_KEY']}\n"
        f"CW_PRIVATE_KEY='{env['CW_PRIVATE_KEY']}'\n"
        f'CW_CLIENT_ID="{env["CW_CLIENT_ID"]}"  # the GUID\n'
    )
    found = live(
        tenant_server,
        tmp_path,
        None,
        "--env-file",
        str(dotenv),
        env={"CW_PUBLIC_KEY": None, "CW_PRIVATE_KEY": None, "CW_CLIENT_ID": None},
    )
    assert found == []
    assert all(r.authenticated for r in tenant_server.requests.api_calls())


def test_bad_env_file_is_a_usage_error_that_shows_no_value(tenant_server, tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("CW_PUBLIC_KEY=ok\nthis line holds SecretValue123 \n")
    path = tmp_path / "acme.yaml"
    path.write_text(tenant_server.manifest_yaml())
    proc = run_cli("check", "--live", str(path), "--env-file", str(dotenv))
    assert proc.returncode == 2
    assert f"{dotenv}:2: expected KEY=VALUE" in proc.stderr
    assert "SecretValue123" not in proc.stderr + proc.stdout


def test_bad_ca_bundle_is_a_usage_error(tenant_server, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("not a certificate\n")
    path = tmp_path / "acme.yaml"
    path.write_text(tenant_server.manifest_yaml())
    proc = run_cli("check", "--live", str(path), "--ca-bundle", str(bundle))
    assert proc.returncode == 2
    assert "--ca-bundle" in proc.stderr and "PEM" in proc.stderr
    assert len(tenant_server.requests) == 0


def test_cw203_judges_resolved_keys_without_showing_them(tmp_path):
    path = tmp_path / "acme.yaml"
    path.write_text(
        "cwlint: 1\nname: acme\nconnection:\n  deployment: cloud\n"
        "  site: https://na.myconnectwise.net/\n  company_id: acme\n"
        "  public_key: ${PUB}\n  private_key: ${PRIV}\n"
    )
    proc = run_cli(
        "check",
        "--live",
        *ALLOW_LOOPBACK,
        str(path),
        "--select",
        "CW203",
        "--format",
        "json",
        env={"PUB": "Short7Key", "PRIV": "GoodPriv4Zm8RtXy"},
    )
    found = json.loads(proc.stdout)["findings"]
    assert where(found) == [("CW203", 7, 15)]
    assert "${PUB} (public_key)" in found[0]["message"] and "9 characters" in found[0]["message"]
    assert "Short7Key" not in proc.stdout + proc.stderr


# ------------------------------------------------------------------------------------ CW903
def test_cw903_names_the_missing_permission_the_integration_needs(tenant_server, tmp_path):
    tenant_server.scenario.enforce_permissions = True
    tenant_server.tenant.clear_permission("1stream Integration", "System", "Member Maintenance")
    manifest = tenant_server.manifest_yaml().replace(  # the manifest as it was reviewed
        "    - module: System\n      function: My Company",
        "    - module: System\n      function: Member Maintenance\n      inquire: All\n"
        "    - module: System\n      function: My Company",
    )
    found = live(tenant_server, tmp_path, manifest)
    inquire = find(manifest, "function: Member Maintenance", "inquire:")
    assert where(found) == sorted(
        [
            ("CW903", *inquire),
            ("CW906", *inquire),  # the live role lacks it: drift at the same level
            # neither the roles nor the API member can be read: not checked, saying why
            ("CW905", *find(manifest, "  name: 1stream Integration")),
            ("CW907", *block(manifest, "users:")),
            ("CW908", *find(manifest, "identifier: acme1stream")),
        ]
    )
    assert (
        "lacks System > Security Roles (Inquire)"
        in next(f for f in found if f["rule"] == "CW905")["message"]
    )
    cw903 = next(f for f in found if f["rule"] == "CW903")["message"]
    assert "System > Member Maintenance Inquire" in cw903
    assert "the members and the API members" in cw903 or "the API members and the members" in (
        cw903
    )
    assert all(
        len(tenant_server.requests.for_route(r)) == 1  # 403 is never retried
        for r in ("system/members", "system/apimembers")
    )


# ------------------------------------------------------------------------------------ CW904
def test_cw904_codebase_drift(tenant_server, tmp_path):
    tenant_server.scenario.wrong_codebase = "v2025_2/"
    manifest = tenant_server.manifest_yaml()
    found = live(tenant_server, tmp_path, manifest)
    assert where(found) == [
        ("CW904", *find(manifest, "api_url:")),
        ("CW904", *find(manifest, "codebase:")),
    ]
    assert "v2025_2/" in found[0]["message"]


def test_cw904_upgrade_reports_the_drift_not_a_404(tenant_server, tmp_path):
    manifest = tenant_server.manifest_yaml()
    tenant_server.tenant.upgrade_codebase("v2025_2/")  # the old codebase now answers 404
    found = live(tenant_server, tmp_path, manifest)
    assert where(found) == [
        ("CW904", *find(manifest, "api_url:")),
        ("CW904", *find(manifest, "codebase:")),
    ]


def test_cw904_deployment_differs_from_is_cloud(tenant_server, tmp_path):
    manifest = tenant_server.manifest_yaml()
    tenant_server.tenant.is_cloud = False
    found = live(tenant_server, tmp_path, manifest.replace("v2025_1/", "v4_6_release/"))
    assert ("CW904", *find(manifest, "deployment:")) in where(found)


# ------------------------------------------------------------------------------ CW905 / CW906
def test_cw905_role_missing_suggests_the_renamed_role(tenant_server, tmp_path):
    manifest = tenant_server.manifest_yaml().replace(
        "security_role: 1stream Integration", "security_role: Ops Integration"
    )
    manifest = manifest.replace("  name: 1stream Integration", "  name: 1stream Integraton")
    found = live(tenant_server, tmp_path, manifest, select="CW905")
    assert where(found) == [("CW905", *find(manifest, "name: 1stream Integraton"))]
    assert "did you mean '1stream Integration'?" in found[0]["message"]


def test_cw905_role_list_is_paged_with_link(tenant_server, tmp_path):
    for i in range(1001):
        tenant_server.tenant.add_role(f"Extra Role {i:04d}")
    manifest = tenant_server.manifest_yaml().replace(
        "name: 1stream Integration", "name: Extra Role 1000"
    )
    assert live(tenant_server, tmp_path, manifest, select="CW905") == []
    pages = [r.param("page") for r in tenant_server.requests.for_route("system/securityroles")]
    assert pages == [None, "2"]  # the second page came from the Link header


def test_cw906_role_drift_misses_are_errors_and_excess_warnings(tenant_server, tmp_path):
    manifest = tenant_server.manifest_yaml()
    t = tenant_server.tenant
    t.set_permission("1stream Integration", "Companies", "Contacts", add="None")
    t.set_permission("1stream Integration", "Companies", "Notes", delete="All")
    t.set_permission("1stream Integration", "Finance", "Invoicing", inquire="All")
    t.set_customize_items(
        "1stream Integration",
        "SystemTableSetup",
        ["Company / Company Status", "Company / Company Type"],
    )
    found = live(tenant_server, tmp_path, manifest, select="CW906")
    notes = find(manifest, "function: Notes")[0] - 1  # Delete is not written: at the entry
    assert [(f["line"], f["column"], f["severity"]) for f in found] == sorted(
        [
            (*find(manifest, "function: Contacts", "add:"), "error"),
            (notes, 7, "warning"),
            (*block(manifest, "permissions:"), "warning"),  # a function the manifest does not list
            (*find(manifest, "allow:"), "warning"),
            (*token(manifest, "allow: [", "Service / Service Board"), "error"),
        ]
    )
    messages = " | ".join(f["message"] for f in found)
    assert "Add None, the manifest All" in messages
    assert "Finance > Invoicing (Inquire All)" in messages
    assert "'Company / Company Type'" in messages


# ------------------------------------------------------------------------------ CW907 / CW908
def test_cw907_inactive_and_missing_members(tenant_server, tmp_path):
    tenant_server.tenant.deactivate_member("asmith")
    tenant_server.tenant.remove_member("bjones")
    manifest = tenant_server.manifest_yaml()
    found = live(tenant_server, tmp_path, manifest)
    assert where(found) == [
        ("CW907", *find(manifest, "member: asmith")),
        ("CW907", *find(manifest, "member: bjones")),
    ]
    assert "inactive" in found[0]["message"] and "no member 'bjones'" in found[1]["message"]


def test_cw908_api_member_with_another_role(tenant_server, tmp_path):
    manifest = tenant_server.manifest_yaml()
    tenant_server.tenant.set_member_role("acme1stream", "Admin")
    found = live(tenant_server, tmp_path, manifest, select="CW908")
    assert where(found) == [("CW908", *find(manifest, "security_role: 1stream"))]
    assert "'Admin'" in found[0]["message"]


def test_cw908_keys_of_another_api_member(tenant_server, tmp_path):
    manifest = tenant_server.manifest_yaml().replace(
        "identifier: acme1stream", "identifier: huduapi"
    )
    found = live(tenant_server, tmp_path, manifest, select="CW908")
    assert ("CW908", *find(manifest, "identifier: huduapi")) in where(found)
    assert "the keys belong to API member 'acme1stream'" in found[0]["message"]


# ------------------------------------------------------------------------------------ CW909
def test_cw909_pod_drift(tenant_server, tmp_path):
    manifest = tenant_server.manifest_yaml()
    t = tenant_server.tenant
    t.update_hosted_setup(
        "1stream call pod", url="https://old.example.com/cw?id=[cw_id]", type="Tab"
    )
    t.disable_hosted_setup("1stream call pod")
    found = live(tenant_server, tmp_path, manifest)
    assert where(found) == [
        ("CW909", *find(manifest, "description: 1stream call pod")),
        ("CW909", *find(manifest, "type: Pod")),
        ("CW909", *find(manifest, "    url:")),
    ]


def test_cw909_missing_pod_suggests_a_close_description(tenant_server, tmp_path):
    manifest = tenant_server.manifest_yaml().replace("1stream call pod", "1stream cal pod")
    found = live(tenant_server, tmp_path, manifest, select="CW909")
    assert where(found) == [("CW909", *find(manifest, "description: 1stream cal pod"))]
    assert "did you mean '1stream call pod'?" in found[0]["message"]


# ------------------------------------------------------------- CW503 by the tenant's screens
def test_cw503_under_live_the_tenants_screen_list_decides(tenant_server, tmp_path):
    """A screen only this tenant serves passes; one it does not serve is named with the
    tenant's closest screen (cwlint's own best-effort list is not consulted)."""
    from tests.tenant.tenant import HostedScreen

    t = tenant_server.tenant
    t.hosted_screens.append(HostedScreen(900, "900", "Project Ticket"))
    manifest = tenant_server.manifest_yaml()
    pod = find(manifest, "    screen:")
    first = manifest.splitlines()[pod[0] - 1]
    own = manifest.replace(first, "    screen: Project Ticket", 1)
    # CW503 declares the screens as a read: selected alone, it is judged by the tenant's list
    found = live(tenant_server, tmp_path, own, select="CW503")
    assert found == []
    wrong = manifest.replace(first, "    screen: Project Tiket", 1)
    found = [
        f for f in live(tenant_server, tmp_path, wrong, select="CW503") if f["rule"] == "CW503"
    ]
    assert [(f["line"], f["severity"]) for f in found] == [(pod[0], "warning")]
    assert "did you mean 'Project Ticket'?" in found[0]["message"]


# ------------------------------------------------------------------------------------ CW911
def test_cw911_version_below_the_profile_minimum(tenant_server, tmp_path):
    tenant_server.tenant.version = "v2024.2.99001"
    manifest = tenant_server.manifest_yaml().replace("profile: 1stream", "profile: commvault")
    found = live(tenant_server, tmp_path, manifest, select="CW911")
    assert where(found) == [("CW911", *find(manifest, "profile:"))]
    assert "2024.2" in found[0]["message"] and "2024.8" in found[0]["message"]


def test_cw911_on_premise_version_differs(tenant_server, tmp_path):
    manifest = tenant_server.manifest_yaml() + 'on_premise:\n  version: "2024.1"\n'
    found = live(tenant_server, tmp_path, manifest, select="CW911")
    assert where(found) == [("CW911", *find(manifest, "version:"))]


# --------------------------------------------------------------------- retries and timeouts
def test_429_honours_retry_after_and_then_succeeds(tenant_server, tmp_path):
    tenant_server.scenario.rate_limit = {"system/members": 1}
    assert live(tenant_server, tmp_path) == []
    members = tenant_server.requests.for_route("system/members")
    assert [r.status for r in members] == [429, 200]
    # Retry-After: 1 is honoured (not the 0.25 s backoff): the server saw the retry at least a
    # second after the 429
    assert all(later.time - earlier.time >= 1 for earlier, later in itertools.pairwise(members))


def test_persistent_500_is_a_finding_on_the_check_that_needed_it(tenant_server, tmp_path):
    tenant_server.scenario.status_for = {"system/connectwisehostedsetups": 500}
    manifest = tenant_server.manifest_yaml()
    found = live(tenant_server, tmp_path, manifest)
    assert where(found) == [("CW909", *block(manifest, "pods:"))]
    assert "500 after 3 attempts" in found[0]["message"]
    assert len(tenant_server.requests.for_route("system/connectwisehostedsetups")) == 3


def test_503_is_retried(tenant_server, tmp_path):
    tenant_server.scenario.status_for = {"system/mysecurity": (503, 1)}
    tenant_server.scenario.retry_after = 0  # retried at once
    assert live(tenant_server, tmp_path) == []
    assert [r.status for r in tenant_server.requests.for_route("system/mysecurity")] == [503, 200]


def test_a_hang_mid_body_times_out_and_the_other_checks_run(tenant_server, tmp_path):
    tenant_server.scenario.hang_mid_body = "system/members"
    manifest = tenant_server.manifest_yaml()
    found = live(tenant_server, tmp_path, manifest, "--timeout", "1")
    assert where(found) == [("CW907", *block(manifest, "users:"))]
    assert "did not answer in full within 1 s" in found[0]["message"]


# ------------------------------------------------------------------------------------ budget
@pytest.mark.parametrize("users", [250])
def test_request_budget_on_a_5000_member_tenant(tenant_server, tmp_path, users):
    members = [
        m.identifier
        for m in tenant_server.tenant.members
        if not m.inactive_flag and m.license_class != "A"
    ][:users]
    manifest = (
        tenant_server.manifest_yaml().split("users:\n")[0]
        + "users:\n"
        + "".join(f"  - user: {m}@acme.example\n    member: {m}\n" for m in members)
        + "pods:\n"
        + (tenant_server.manifest_yaml().split("pods:\n")[1])
    )
    assert len(tenant_server.tenant.members) >= 5000
    assert live(tenant_server, tmp_path, manifest) == []
    batches = tenant_server.requests.for_route("system/members")
    assert len(batches) == math.ceil(users / 100)
    assert all(r.param("conditions").count('"') <= 200 and r.param("fields") for r in batches)
    assert len(tenant_server.requests) <= 12 + math.ceil(users / 100)


def test_independent_calls_run_concurrently(tenant_server, tmp_path):
    """Behind 0.2 s latency, the calls after system/info are in flight together: the server
    saw several at once (one after another it would never hold more than one)."""
    tenant_server.scenario.latency = 0.2
    assert live(tenant_server, tmp_path) == []
    after_info = len(tenant_server.requests.api_calls()) - 1
    assert after_info >= 5
    assert tenant_server.requests.max_in_flight >= 3


# ------------------------------------------------------- failures after system/info succeeded
def test_401_on_later_reads_is_one_cw902_naming_each_endpoint(tenant_server, tmp_path):
    """system/info accepts the keys, four later reads answer 401: one CW902 names each of them
    (not "No problems"), and the checks that needed the data stay quiet."""
    refused = (
        "system/securityroles",
        "system/members",
        "system/apiMembers",
        "system/connectwisehostedsetups",
    )
    tenant_server.scenario.status_for = {route: 401 for route in refused}
    manifest = tenant_server.manifest_yaml()
    found = live(tenant_server, tmp_path, manifest)
    assert where(found) == [("CW902", *find(manifest, "public_key:"))]
    message = found[0]["message"]
    assert all(
        message.count(f"/{route} ") + message.count(f"/{route},") == 1 for route in refused
    ), message
    assert "/system/info" in message and "401" in message
    assert all(len(tenant_server.requests.for_route(route)) == 1 for route in refused)
    path = tmp_path / "acme.yaml"
    proc = run_cli(
        "check",
        "--live",
        *ALLOW_LOOPBACK,
        str(path),
        "--ca-bundle",
        str(tenant_server.ca_pem_path),
        "--select",
        LIVE_RULES,
        env=tenant_server.env(),
    )
    assert proc.returncode == 1 and "No problems" not in proc.stdout


def test_redirect_after_system_info_is_one_cw901_and_not_followed(
    tenant_server, other_tenant_server, tmp_path, monkeypatch
):
    info_json = tenant_server.tenant.info_json

    def info_then_redirect() -> dict:
        tenant_server.scenario.redirect_to = other_tenant_server.site_url  # from now on
        return info_json()

    monkeypatch.setattr(tenant_server.tenant, "info_json", info_then_redirect)
    manifest = tenant_server.manifest_yaml()
    found = live(tenant_server, tmp_path, manifest)
    assert where(found) == [("CW901", *find(manifest, "api_url:"))]
    assert "/system/members" in found[0]["message"] and "redirects" in found[0]["message"]
    assert len(other_tenant_server.requests) == 0
    assert tenant_server.authorization_sent_to() == {f"127.0.0.1:{tenant_server.port}"}


def test_incomplete_chain_after_system_info_is_one_cw910(tenant_server, tmp_path, monkeypatch):
    info_json = tenant_server.tenant.info_json

    def info_then_leaf_only() -> dict:
        tenant_server.scenario.incomplete_chain = True  # new connections from now on
        return info_json()

    monkeypatch.setattr(tenant_server.tenant, "info_json", info_then_leaf_only)
    manifest = tenant_server.manifest_yaml()
    found = live(tenant_server, tmp_path, manifest)
    assert where(found) == [("CW910", *find(manifest, "api_url:"))]


# ----------------------------------------------------------- the API host companyinfo names
def _company_info_naming(server: TenantServer, monkeypatch, named: str) -> None:
    """companyinfo answers with ``SiteUrl: named``."""
    company_info_json = server.tenant.company_info_json
    monkeypatch.setattr(
        server.tenant,
        "company_info_json",
        lambda site_url=None: {**company_info_json(site_url), "SiteUrl": named},
    )


def _without_api_url(manifest: str) -> str:
    return "".join(
        line
        for line in manifest.splitlines(keepends=True)
        if not line.lstrip().startswith("api_url:")
    )


def test_companyinfo_naming_another_host_gets_no_credentials(
    tenant_server, other_tenant_server, tmp_path, monkeypatch
):
    _company_info_naming(tenant_server, monkeypatch, f"127.0.0.1:{other_tenant_server.port}")
    manifest = _without_api_url(tenant_server.manifest_yaml())
    found = live(tenant_server, tmp_path, manifest)
    assert where(found) == [("CW901", *find(manifest, "site:"))]
    assert "set api_url" in found[0]["message"]
    assert len(other_tenant_server.requests) == 0
    assert tenant_server.authorization_sent_to() == set()


def test_companyinfo_naming_the_site_host_is_used(tenant_server, tmp_path):
    """An on-premise server: the site's own host (and port) is the API host."""
    manifest = _without_api_url(tenant_server.manifest_yaml()).replace(
        f"site: {tenant_server.site_url}", f"site: {tenant_server.url}"
    )
    assert live(tenant_server, tmp_path, manifest) == []
    assert tenant_server.authorization_sent_to() == {f"127.0.0.1:{tenant_server.port}"}


@pytest.mark.parametrize(
    ("site_url", "api_host"),
    [
        ("api-na.myconnectwise.net", "api-na.myconnectwise.net"),  # the catalogue's, for the site
        ("API-NA.myconnectwise.net.", "api-na.myconnectwise.net"),
        ("na.myconnectwise.net", "na.myconnectwise.net"),  # the site's own host
        ("na.myconnectwise.net:443", "na.myconnectwise.net"),
        ("", "api-na.myconnectwise.net"),  # not named: the catalogue's
        ("evil.example.com", None),
        ("api-eu.myconnectwise.net", None),  # another region's API host
        ("api-na.myconnectwise.net:8443", None),  # another port
        ("https://api-na.myconnectwise.net/", None),  # not a bare host name
        ("u:pw@api-na.myconnectwise.net", None),
        ("api-na.myconnectwise.net/evil", None),
        ("api-na.myconnectwise.net?x=1", None),
    ],
)
def test_derived_api_url_trusts_only_the_configured_hosts(site_url, api_host):
    from cwlint.live.env import resolve
    from cwlint.live.snapshot import Failure
    from cwlint.live.tenant import _derived_api_url

    conn = resolve({"site": "https://na.myconnectwise.net/", "company_id": "acme"}, {})
    info = {"Codebase": "v2025_1/", "SiteUrl": site_url}
    if api_host is not None:
        assert _derived_api_url(conn, info) == f"https://{api_host}/v2025_1/apis/3.0/"
    else:
        with pytest.raises(Failure) as err:
            _derived_api_url(conn, info)
        assert "set api_url" in err.value.message and "pw" not in err.value.message


# --------------------------------------------------------------------------------- --timeout
@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf"])
def test_timeout_must_be_a_finite_number(tmp_path, value):
    path = tmp_path / "m.yaml"
    path.write_text("cwlint: 1\nname: x\nconnection: {deployment: cloud}\n")
    proc = run_cli("check", "--live", str(path), "--timeout", value)
    assert proc.returncode == 2, proc.stdout
    assert "--timeout" in proc.stderr
    pulled = run_cli(
        "pull", "--site", "https://na.myconnectwise.net/", "--company", "acme", "--timeout", value
    )
    assert pulled.returncode == 2 and "--timeout" in pulled.stderr


def test_401_from_companyinfo_is_cw902_at_site(tenant_server, tmp_path):
    """companyinfo needs no credentials: a 401 there comes from something in between."""
    tenant_server.scenario.status_for = {"login/companyinfo/*": 401}
    manifest = tenant_server.manifest_yaml()
    found = live(tenant_server, tmp_path, manifest)
    assert where(found) == [("CW902", *find(manifest, "site:"))]
    assert "needs no credentials" in found[0]["message"]


def test_my_security_failing_says_whose_keys_were_not_checked(tenant_server, tmp_path):
    """The role settings then come from the role itself; CW908 says what it could not check."""
    tenant_server.scenario.status_for = {"system/mysecurity": 500}
    manifest = tenant_server.manifest_yaml()
    found = live(tenant_server, tmp_path, manifest)
    assert where(found) == [("CW908", *find(manifest, "identifier: acme1stream"))]
    assert "could not check whose keys these are" in found[0]["message"]
