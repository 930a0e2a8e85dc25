"""Self-tests of the fake tenant, using only urllib/ssl from the standard library."""

from __future__ import annotations

import http.client
import json
import re
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from .catalog import ONESTREAM_PERMISSIONS
from .certs import TenantCertificates
from .conditions import ConditionError, compile_conditions, select_fields
from .server import Scenario, TenantServer
from .tenant import ONESTREAM_API_MEMBER, ONESTREAM_ROLE, Tenant, realistic_tenant


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def fetch(
    url: str,
    ctx: ssl.SSLContext,
    headers: Mapping[str, str] | None = None,
    *,
    method: str = "GET",
    data: bytes | None = None,
    timeout: float = 10.0,
    follow_redirects: bool = True,
) -> tuple[int, Any, Any]:
    """(status, headers, parsed JSON body or raw bytes) without raising on 4xx/5xx."""
    handlers: list[Any] = [urllib.request.HTTPSHandler(context=ctx)]
    if not follow_redirects:
        handlers.append(_NoRedirect())
    opener = urllib.request.build_opener(*handlers)
    req = urllib.request.Request(url, headers=dict(headers or {}), method=method, data=data)
    try:
        with opener.open(req, timeout=timeout) as resp:
            status, hdrs, raw = resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        status, hdrs, raw = err.code, err.headers, err.read()
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = raw
    return status, hdrs, body


def links(header: str | None) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]*)>;\s*rel="(\w+)"', header or "")}


def api(server: TenantServer, ctx: ssl.SSLContext, route: str, **kw: Any) -> tuple[int, Any, Any]:
    return fetch(server.api_url + route, ctx, server.api_headers(), **kw)


# ---------------------------------------------------------------- companyinfo
def test_companyinfo_healthy(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    status, headers, body = fetch(tenant_server.companyinfo_url(), tenant_ssl_context)
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    assert body["CompanyID"] == "acme"
    assert body["Codebase"] == "v2025_1/"
    assert body["VersionCode"] == "v2025.1"
    assert body["IsCloud"] == "True"
    assert set(body) >= {"CompanyName", "VersionNumber", "SiteUrl"}
    rec = tenant_server.requests[0]
    assert rec.route == "login/companyinfo"
    assert rec.hostname == "localhost"
    assert not rec.has_authorization


def test_companyinfo_unknown_company_is_null(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    status, _, body = fetch(tenant_server.companyinfo_url("nosuchco"), tenant_ssl_context)
    assert (status, body) == (200, None)
    tenant_server.scenario.unknown_company = True
    status, _, body = fetch(tenant_server.companyinfo_url(), tenant_ssl_context)
    assert (status, body) == (200, None)


# ---------------------------------------------------------------- auth
def test_auth_required(tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext) -> None:
    url = tenant_server.api_url + "system/info"
    good = tenant_server.api_headers()

    status, _, body = fetch(url, tenant_ssl_context, {"clientId": good["clientId"]})
    assert status == 401
    assert body["code"] == "Unauthorized" and body["errors"] is None

    bad = dict(good, Authorization="Basic YWNtZStDYW5hcnlQdWI3S3EyWHc5Ondyb25n")  # wrong private
    status, _, body = fetch(url, tenant_ssl_context, bad)
    assert status == 401
    text = json.dumps(body)
    assert tenant_server.public_key not in text and tenant_server.private_key not in text

    no_client = {k: v for k, v in good.items() if k != "clientId"}
    assert fetch(url, tenant_ssl_context, no_client)[0] == 401

    status, _, body = fetch(url, tenant_ssl_context, good)
    assert status == 200
    assert body["version"].startswith("v2025.1") and body["isCloud"] is True
    recs = tenant_server.requests.snapshot()
    assert [r.authenticated for r in recs] == [False, False, False, True]
    assert recs[-1].authorization_is(tenant_server.authorization())
    assert tenant_server.private_key not in repr(recs[-1])


def test_inactive_key_owner_is_unauthorized(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    tenant_server.tenant.deactivate_api_member(ONESTREAM_API_MEMBER)
    assert api(tenant_server, tenant_ssl_context, "system/info")[0] == 401


# ---------------------------------------------------------------- paging
def test_paging_follows_link_to_all_members(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    url: str | None = tenant_server.api_url + "system/members?pageSize=1000&fields=id,identifier"
    seen: list[int] = []
    calls = 0
    while url and calls < 20:
        status, headers, body = fetch(url, tenant_ssl_context, tenant_server.api_headers())
        assert status == 200
        seen += [m["id"] for m in body]
        assert all(set(m) == {"id", "identifier"} for m in body)
        url = links(headers.get("Link")).get("next")
        calls += 1
    assert calls == 5
    assert len(seen) == len(set(seen)) == 5000
    assert all(r.param("pageSize") == "1000" for r in tenant_server.requests)


def test_default_page_size_and_link_relations(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    status, headers, body = api(tenant_server, tenant_ssl_context, "system/securityroles")
    assert status == 200 and len(body) == 25
    rels = links(headers["Link"])
    assert set(rels) == {"first", "next", "last"}
    assert "page=2" in rels["next"] and "page=8" in rels["last"]
    assert rels["next"].startswith(tenant_server.api_url)

    status, headers, body = fetch(rels["next"], tenant_ssl_context, tenant_server.api_headers())
    assert status == 200 and body[0]["id"] == 26
    assert set(links(headers["Link"])) == {"first", "prev", "next", "last"}

    _, _, body = api(tenant_server, tenant_ssl_context, "system/securityroles?pageSize=5000")
    assert len(body) == 200  # capped at 1000, all fit


def test_forward_only_pagination(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    headers = dict(tenant_server.api_headers(), **{"pagination-type": "forward-only"})
    url: str | None = tenant_server.api_url + "system/members?pageSize=999&fields=id"
    ids: list[int] = []
    for _ in range(10):
        if not url:
            break
        _, hdrs, body = fetch(url, tenant_ssl_context, headers)
        ids += [m["id"] for m in body]
        url = links(hdrs.get("Link")).get("next")
    assert len(ids) == 5000 and ids == sorted(ids)


# ---------------------------------------------------------------- conditions / fields
def test_conditions_filter_and_fields(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    q = urllib.parse.quote('identifier in ("asmith","JDOE","nobody")')
    status, _, body = api(
        tenant_server,
        tenant_ssl_context,
        f"system/members?conditions={q}&fields=identifier,inactiveFlag,securityRole/name",
    )
    assert status == 200
    assert sorted(body, key=lambda m: m["identifier"]) == [
        {"identifier": "asmith", "inactiveFlag": False, "securityRole": {"name": "Technician"}},
        {"identifier": "jdoe", "inactiveFlag": True, "securityRole": {"name": "Technician"}},
    ]
    q = urllib.parse.quote('identifier="acme1stream"')
    _, _, body = api(tenant_server, tenant_ssl_context, f"system/members?conditions={q}")
    assert len(body) == 1 and body[0]["licenseClass"] == "A"
    assert body[0]["securityRole"]["name"] == ONESTREAM_ROLE

    q = urllib.parse.quote("inactiveFlag = true")
    _, _, body = api(tenant_server, tenant_ssl_context, f"system/members/count?conditions={q}")
    assert body["count"] == sum(m.inactive_flag for m in tenant_server.tenant.members)

    q = urllib.parse.quote('identifier in ("a"')
    status, _, body = api(tenant_server, tenant_ssl_context, f"system/members?conditions={q}")
    assert status == 400 and body["code"] == "InvalidObject"


def test_conditions_language() -> None:
    rec = {
        "id": 7,
        "identifier": "asmith",
        "inactiveFlag": False,
        "lastName": "Smith",
        "securityRole": {"id": 2, "name": "Technician"},
        "inactiveDate": None,
    }
    for text, expected in [
        ('identifier = "ASMITH"', True),
        ("identifier='asmith'", True),
        ('identifier != "asmith"', False),
        ("id >= 7 and id < 8", True),
        ('securityRole/name like "Tech*"', True),
        ('lastName contains "mit"', True),
        ('lastName not contains "mit"', False),
        ('identifier not in ("x", "y")', True),
        ("inactiveFlag = False AND (id = 1 OR id = 7)", True),
        ("inactiveDate = null", True),
        ("securityRole/id in (1, 3)", False),
    ]:
        assert compile_conditions(text)(rec) is expected, text
    for bad in ["identifier = ", 'identifier ~ "x"', "(id = 1", "id = 1 extra"]:
        with pytest.raises(ConditionError):
            compile_conditions(bad)
    assert select_fields(rec, "id,securityRole/name") == {
        "id": 7,
        "securityRole": {"name": "Technician"},
    }


# ---------------------------------------------------------------- data shape
def test_onestream_role_and_paths_are_case_insensitive(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    q = urllib.parse.quote(f'name="{ONESTREAM_ROLE}"')
    _, _, roles = api(tenant_server, tenant_ssl_context, f"system/securityroles?conditions={q}")
    assert len(roles) == 1
    role = roles[0]
    assert set(role) == {"id", "name", "roleType", "adminFlag", "inactiveFlag", "_info"}
    url = (
        tenant_server.url
        + f"V2025_1/APIS/3.0/System/SecurityRoles/{role['id']}/Settings?pageSize=1000"
    )
    status, _, settings = fetch(url, tenant_ssl_context, tenant_server.api_headers())
    assert status == 200
    granted = {
        (s["moduleName"], s["moduleFunctionName"]): (
            s["addLevel"],
            s["editLevel"],
            s["deleteLevel"],
            s["inquireLevel"],
        )
        for s in settings
        if any(s[k] != "None" for k in ("addLevel", "editLevel", "deleteLevel", "inquireLevel"))
    }
    assert granted == {(m, f): tuple(levels) for m, f, *levels in ONESTREAM_PERMISSIONS}

    _, _, mine = api(tenant_server, tenant_ssl_context, "system/mySecurity?pageSize=1000")
    assert len(mine) == len(settings)
    assert mine[0]["member"]["identifier"] == ONESTREAM_API_MEMBER
    _, _, items = api(tenant_server, tenant_ssl_context, "system/mySecurity/customizeItems/")
    assert {i["itemIdentifier"] for i in items} == {
        "Company / Company Status",
        "Service / Service Board",
    }
    _, _, apim = api(tenant_server, tenant_ssl_context, "system/apiMembers")
    owner = next(a for a in apim if a["identifier"] == ONESTREAM_API_MEMBER)
    assert owner["securityRole"]["name"] == ONESTREAM_ROLE and "licenseClass" not in owner


def test_hosted_setups_and_screens(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    _, headers, setups = api(
        tenant_server, tenant_ssl_context, "system/connectwisehostedsetups?pageSize=1000"
    )
    assert len(setups) == 300 and "next" not in links(headers["Link"])
    pod = setups[0]
    assert pod["description"] == "1stream call pod" and pod["type"] == "Pod"
    assert pod["podHeight"] == 300 and pod["origin"] == "https://pods.example.com"
    _, _, screens = api(tenant_server, tenant_ssl_context, "system/connectWiseHostedScreens")
    assert {"id", "screenId", "name"} == set(screens[0])
    assert next(s for s in screens if s["id"] == pod["screenId"])["name"] == "Service Ticket"
    assert all(len(s["description"]) <= 50 for s in setups)
    assert len({(s["screenId"], s["description"]) for s in setups}) == 300


def test_member_identifiers_are_valid() -> None:
    t = realistic_tenant(members=800, roles=40, hosted_setups=20)
    idents = [m.identifier for m in t.members]
    assert len(idents) == 800 == len(set(idents))
    assert all(0 < len(i) <= 15 and " " not in i for i in idents)
    assert {"jdoe", "tformer"} <= {m.identifier for m in t.members if m.inactive_flag}
    assert len(t.roles) == 40


def test_drift_mutators(tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext) -> None:
    t: Tenant = tenant_server.tenant
    t.set_permission(ONESTREAM_ROLE, "Companies", "Contacts", inquire="None", delete="All")
    t.set_member_role("asmith", "Dispatcher")
    t.disable_hosted_setup("1stream call pod")
    role_id = t.role(ONESTREAM_ROLE).id
    _, _, settings = api(
        tenant_server, tenant_ssl_context, f"system/securityRoles/{role_id}/settings?pageSize=1000"
    )
    contacts = next(s for s in settings if s["moduleFunctionName"] == "Contacts")
    assert (contacts["inquireLevel"], contacts["deleteLevel"]) == ("None", "All")
    q = urllib.parse.quote('identifier="asmith"')
    _, _, body = api(tenant_server, tenant_ssl_context, f"system/members?conditions={q}")
    assert body[0]["securityRole"]["name"] == "Dispatcher"
    _, _, pods = api(tenant_server, tenant_ssl_context, "system/connectwisehostedsetups/1")
    assert pods["disabledFlag"] is True


# ---------------------------------------------------------------- scenarios
def test_rate_limit_then_success(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    tenant_server.scenario.rate_limit = {"system/info": 1}
    status, headers, body = api(tenant_server, tenant_ssl_context, "system/info")
    assert status == 429 and headers["Retry-After"] == "1"
    assert body["error"] == "ConnectWiseAPI" and "Too many requests" in body["message"]
    assert api(tenant_server, tenant_ssl_context, "system/info")[0] == 200
    assert api(tenant_server, tenant_ssl_context, "system/members?pageSize=1")[0] == 200
    assert [r.status for r in tenant_server.requests] == [429, 200, 200]


def test_status_for(tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext) -> None:
    tenant_server.scenario.status_for = {
        "system/securityroles/*/settings": 403,
        "system/members": (503, 1),
    }
    status, _, body = api(tenant_server, tenant_ssl_context, "system/securityRoles/14/settings")
    assert status == 403 and body["message"].startswith("Improper security role settings")
    status, headers, _ = api(tenant_server, tenant_ssl_context, "system/members")
    assert status == 503 and headers["Retry-After"] == "1"
    assert api(tenant_server, tenant_ssl_context, "system/members")[0] == 200
    assert api(tenant_server, tenant_ssl_context, "system/securityroles")[0] == 200


def test_enforce_permissions(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    tenant_server.scenario.enforce_permissions = True
    # The 1stream profile grants no System > Security Roles.
    assert api(tenant_server, tenant_ssl_context, "system/securityroles")[0] == 403
    assert api(tenant_server, tenant_ssl_context, "system/members")[0] == 200
    tenant_server.tenant.clear_permission(ONESTREAM_ROLE, "System", "Member Maintenance")
    assert api(tenant_server, tenant_ssl_context, "system/members")[0] == 403
    assert api(tenant_server, tenant_ssl_context, "system/mySecurity")[0] == 200


def test_incomplete_chain_fails_verification(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    url = tenant_server.companyinfo_url()
    assert fetch(url, tenant_ssl_context)[0] == 200  # full chain verifies against the root
    tenant_server.scenario.incomplete_chain = True
    with pytest.raises(urllib.error.URLError) as info:
        fetch(url, tenant_ssl_context)
    assert isinstance(info.value.reason, ssl.SSLCertVerificationError)
    deadline = time.monotonic() + 3  # the server notices the client's alert asynchronously
    while not tenant_server.tls_errors and time.monotonic() < deadline:
        time.sleep(0.02)
    assert tenant_server.tls_errors
    tenant_server.scenario.incomplete_chain = False
    assert (
        fetch(
            tenant_server.api_url + "system/info", tenant_ssl_context, tenant_server.api_headers()
        )[0]
        == 200
    )


def test_hostname_is_verified(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    # The leaf is valid for localhost and 127.0.0.1 only; any other name must fail.
    ctx = ssl.create_default_context(cafile=str(tenant_server.ca_pem_path))
    with (
        socket.create_connection(("127.0.0.1", tenant_server.port), timeout=5) as raw,
        pytest.raises(ssl.SSLCertVerificationError),
    ):
        ctx.wrap_socket(raw, server_hostname="api-na.myconnectwise.net")


def test_non_get_is_405_and_recorded(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    for method in ("POST", "DELETE", "PATCH", "PUT", "HEAD"):
        status, headers, _ = api(
            tenant_server,
            tenant_ssl_context,
            "system/members",
            method=method,
            data=b"{}" if method in ("POST", "PUT", "PATCH") else None,
        )
        assert status == 405 and headers["Allow"] == "GET"
    recorded = [(r.method, r.route, r.status) for r in tenant_server.requests]
    assert recorded == [
        (m, "system/members", 405) for m in ("POST", "DELETE", "PATCH", "PUT", "HEAD")
    ]


def test_hang_mid_body_times_out_client(
    fresh_tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    fresh_tenant_server.scenario.hang_mid_body = "system/members"
    fresh_tenant_server.scenario.hang_seconds = 20
    with pytest.raises((TimeoutError, urllib.error.URLError)):
        api(fresh_tenant_server, tenant_ssl_context, "system/members?pageSize=100", timeout=0.5)
    assert (
        api(fresh_tenant_server, tenant_ssl_context, "system/info")[0] == 200
    )  # others unaffected
    fresh_tenant_server.stop()  # a stalled handler is woken, not waited for (hang_seconds is 20)
    assert fresh_tenant_server.handlers == 0


def test_latency(tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext) -> None:
    tenant_server.scenario.latency = 0.2
    start = time.monotonic()
    assert api(tenant_server, tenant_ssl_context, "system/info")[0] == 200
    assert time.monotonic() - start >= 0.2


def test_ssl_required_without_api_prefix(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    tenant_server.scenario.ssl_required_without_api_prefix = True
    site_api = f"{tenant_server.site_url}{tenant_server.codebase}apis/3.0/system/info"
    status, _, body = fetch(site_api, tenant_ssl_context, tenant_server.api_headers())
    assert (status, body) == (
        403,
        {"code": "Security", "message": "SSL is required.", "errors": None},
    )
    assert api(tenant_server, tenant_ssl_context, "system/info")[0] == 200
    assert fetch(tenant_server.companyinfo_url(), tenant_ssl_context)[0] == 200


def test_codebase(tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext) -> None:
    h = tenant_server.api_headers()
    base = tenant_server.url
    assert fetch(base + "v4_6_release/apis/3.0/system/info", tenant_ssl_context, h)[0] == 200
    assert fetch(base + "v2024_2/apis/3.0/system/info", tenant_ssl_context, h)[0] == 404

    tenant_server.scenario.wrong_codebase = "v2024_2/"
    _, _, info = fetch(tenant_server.companyinfo_url(), tenant_ssl_context)
    assert info["Codebase"] == "v2024_2/"
    assert api(tenant_server, tenant_ssl_context, "system/info")[0] == 200

    tenant_server.scenario.wrong_codebase = None
    tenant_server.tenant.upgrade_codebase("v2025_2/")
    _, _, info = fetch(tenant_server.companyinfo_url(), tenant_ssl_context)
    assert (info["Codebase"], info["VersionCode"]) == ("v2025_2/", "v2025.2")
    assert fetch(base + "v2025_1/apis/3.0/system/info", tenant_ssl_context, h)[0] == 404
    _, _, body = fetch(base + "v2025_2/apis/3.0/system/info", tenant_ssl_context, h)
    assert body["version"].startswith("v2025.2.")


def test_redirect_to_other_host_is_recorded(
    tenant_server: TenantServer,
    other_tenant_server: TenantServer,
    tenant_ssl_context: ssl.SSLContext,
) -> None:
    tenant_server.scenario.redirect_to = other_tenant_server.site_url
    status, headers, _ = api(
        tenant_server, tenant_ssl_context, "system/info?x=1", follow_redirects=False
    )
    assert status == 302
    assert headers["Location"] == (
        other_tenant_server.site_url.rstrip("/")
        + f"/{tenant_server.codebase}apis/3.0/system/info?x=1"
    )
    assert not other_tenant_server.requests
    # urllib forwards Authorization across hosts; the other server's log exposes that leak.
    api(tenant_server, tenant_ssl_context, "system/info")
    leaked = [r for r in other_tenant_server.requests if r.has_authorization]
    assert leaked and leaked[0].hostname == "localhost"
    assert leaked[0].authorization_is(tenant_server.authorization())
    assert other_tenant_server.authorization_sent_to() == {f"localhost:{other_tenant_server.port}"}


def test_recording_and_headers(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    _, headers, _ = api(tenant_server, tenant_ssl_context, "system/info")
    assert headers["api-current-version"] == "2025.1"
    rec = tenant_server.requests[0]
    assert rec.method == "GET" and rec.route == "system/info"
    assert rec.host == f"127.0.0.1:{tenant_server.port}"
    # (urllib capitalises header names: "Clientid")
    assert {"authorization", "clientid", "accept"} <= {n.lower() for n in rec.header_names}
    assert rec.has_authorization and rec.has_client_id
    assert "vnd.connectwise.com+json" in (rec.accept or "")
    assert "Basic" not in repr(rec)
    assert tenant_server.requests.for_route("system/*") == [rec]


def test_context_manager_and_second_instance(
    tenant_certs: TenantCertificates, tenant_ssl_context: ssl.SSLContext
) -> None:
    small = realistic_tenant(members=30, roles=20, hosted_setups=5)
    with (
        TenantServer(small, tenant_certs, scenario=Scenario(latency=0.0)) as a,
        TenantServer(small.copy(), tenant_certs) as b,
    ):
        assert a.port != b.port
        for s in (a, b):
            status, _, body = fetch(
                s.api_url + "system/members/count", tenant_ssl_context, s.api_headers()
            )
            assert (status, body) == (200, {"count": 30})
    with pytest.raises(RuntimeError):
        _ = a.port


def test_manifest_yaml_matches_tenant(tenant_server: TenantServer) -> None:
    yaml = pytest.importorskip("yaml")
    doc = yaml.safe_load(tenant_server.manifest_yaml())
    assert doc["connection"]["api_url"] == tenant_server.api_url
    assert doc["api_member"] == {
        "identifier": ONESTREAM_API_MEMBER,
        "security_role": ONESTREAM_ROLE,
    }
    perms = {(p["module"], p["function"]) for p in doc["security_role"]["permissions"]}
    assert perms == {(m, f) for m, f, *_ in ONESTREAM_PERMISSIONS}
    table = next(p for p in doc["security_role"]["permissions"] if p["function"] == "Table Setup")
    assert table["customize"]["allow"] == ["Company / Company Status", "Service / Service Board"]
    assert doc["pods"][0]["screen"] == "Service Ticket"


def test_stop_closes_idle_keep_alive_connections(
    fresh_tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    conn = http.client.HTTPSConnection(
        "127.0.0.1", fresh_tenant_server.port, context=tenant_ssl_context, timeout=10
    )
    try:
        for _ in range(2):  # two requests on one persistent connection
            conn.request(
                "GET",
                "/" + fresh_tenant_server.codebase + "apis/3.0/system/info",
                headers=fresh_tenant_server.api_headers(),
            )
            resp = conn.getresponse()
            assert resp.status == 200 and json.loads(resp.read())["isCloud"] is True
        fresh_tenant_server.stop()
        assert fresh_tenant_server.handlers == 0
    finally:
        conn.close()
    assert len(fresh_tenant_server.requests) == 2


def test_reset_restores_a_healthy_scenario(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    tenant_server.scenario.rate_limit = 1
    assert api(tenant_server, tenant_ssl_context, "system/info")[0] == 429
    tenant_server.reset()
    assert not tenant_server.requests
    assert api(tenant_server, tenant_ssl_context, "system/info")[0] == 200


def test_reset_ends_the_tests_hangs_and_connections(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    """The session's server serves test after test: a reset wakes a stalled handler and closes
    idle keep-alive connections (nothing of the test before reaches the next log), on the same
    port, serving the tenant it is given."""
    port = tenant_server.port
    tenant_server.scenario.hang_mid_body = "system/members"
    tenant_server.scenario.hang_seconds = 20
    with pytest.raises((TimeoutError, urllib.error.URLError)):
        api(tenant_server, tenant_ssl_context, "system/members?pageSize=100", timeout=0.5)
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=tenant_ssl_context, timeout=10)
    try:
        conn.request(
            "GET",
            "/" + tenant_server.codebase + "apis/3.0/system/info",
            headers=tenant_server.api_headers(),
        )
        assert conn.getresponse().read()
        assert tenant_server.handlers >= 2  # the stalled one and the idle keep-alive one
        small = realistic_tenant(members=30, roles=20, hosted_setups=5)
        tenant_server.reset(small)  # does not wait out hang_seconds
        assert tenant_server.handlers == 0 and not tenant_server.requests
    finally:
        conn.close()
    assert tenant_server.port == port and tenant_server.tenant is small
    assert not tenant_server.scenario.hang_mid_body
    _, _, body = api(tenant_server, tenant_ssl_context, "system/members/count")
    assert body == {"count": 30}
    assert [r.route for r in tenant_server.requests] == ["system/members/count"]


def test_runnable_by_hand() -> None:
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.tenant",
            "--duration",
            "0.3",
            "--members",
            "40",
            "--roles",
            "20",
            "--hosted-setups",
            "5",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "export CW_PUBLIC_KEY=" in out and "export CW_CA_BUNDLE=" in out
    assert re.search(r"api_url: +https://127\.0\.0\.1:\d+/v2025_1/apis/3\.0/", out)


def test_indexed_in_conditions_follow_the_tenant(
    tenant_server: TenantServer, tenant_ssl_context: ssl.SSLContext
) -> None:
    """`identifier in (...)` is answered from an index of the member listing, which is rebuilt
    when a member changes: the answer is the scan's, in the listing's order."""
    tenant = tenant_server.tenant
    assert tenant.members_json() is tenant.members_json()  # unchanged: the same listing
    wanted = [m.identifier for m in tenant.members[::500]]
    q = urllib.parse.quote("identifier in (" + ",".join(f'"{w.upper()}"' for w in wanted) + ")")
    path = f"system/members?conditions={q}&fields=identifier,inactiveFlag&pageSize=1000"
    _, _, body = api(tenant_server, tenant_ssl_context, path)
    assert [m["identifier"] for m in body] == wanted
    tenant.members[500].inactive_flag = not tenant.members[500].inactive_flag
    tenant.members[0].identifier = "renamed"
    _, _, body = api(tenant_server, tenant_ssl_context, path)
    assert [m["identifier"] for m in body] == wanted[1:]
    assert body[0]["inactiveFlag"] == tenant.members[500].inactive_flag
