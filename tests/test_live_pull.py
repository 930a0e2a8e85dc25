"""``cwlint pull`` against the test tenant (in-process): the manifest it writes is accepted by
``cwlint check`` (static and --live) with no finding; secrets are written as ``${VAR}``, never
as values."""

from __future__ import annotations

import json

import yaml

from tests.conftest import ALLOW_LOOPBACK, run_cli
from tests.tenant import CANARY_CLIENT_ID, CANARY_PRIVATE_KEY, CANARY_PUBLIC_KEY

#: Static rules that object to the loopback hosts of the test tenant (not to the manifest).
LOOPBACK = "CW101,CW102,CW109,CW110"


def pull(server, tmp_path, *args: str, env: dict[str, str] | None = None, site: str | None = None):
    """``cwlint pull`` of the tenant; its site is the API host (as on premise) by default, so
    that the API host companyinfo names is the site's own and is trusted."""
    out = tmp_path / "pulled.yaml"
    proc = run_cli(
        "pull",
        *ALLOW_LOOPBACK,
        "--site",
        site or server.url,
        "--company",
        "acme",
        "--profile",
        "1stream",
        "--ca-bundle",
        str(server.ca_pem_path),
        "-o",
        str(out),
        *args,
        env={**server.env(), **(env or {})},
    )
    return proc, out


def test_pull_then_check_round_trips_with_no_finding(tenant_server, tmp_path):
    proc, out = pull(tenant_server, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert {r.method for r in tenant_server.requests} == {"GET"}
    assert len(tenant_server.requests) == 7
    text = out.read_text()
    for secret in (CANARY_PUBLIC_KEY, CANARY_PRIVATE_KEY, CANARY_CLIENT_ID):
        assert secret not in text + proc.stdout + proc.stderr
    data = yaml.safe_load(text)
    assert data["connection"]["private_key"] == "${CW_PRIVATE_KEY}"
    assert data["connection"]["api_url"] == tenant_server.api_url
    assert data["api_member"] == {
        "identifier": "acme1stream",
        "security_role": "1stream Integration",
    }
    assert [p["description"] for p in data["pods"]] == ["1stream call pod"]
    perms = data["security_role"]["permissions"]
    assert perms == sorted(perms, key=lambda p: (p["module"], p["function"]))
    table = next(p for p in perms if p["function"] == "Table Setup")
    assert table["customize"] == {"allow": ["Company / Company Status", "Service / Service Board"]}
    static = run_cli("check", str(out), "--ignore", LOOPBACK, "--format", "json")
    assert json.loads(static.stdout)["findings"] == [] and static.returncode == 0
    live = run_cli(
        "check",
        "--live",
        *ALLOW_LOOPBACK,
        str(out),
        "--ca-bundle",
        str(tenant_server.ca_pem_path),
        "--select",
        "CW9,CW204",
        env=tenant_server.env(),
    )
    assert live.returncode == 0, live.stdout
    assert "No problems" in live.stdout


def test_pull_is_deterministic(tenant_server, tmp_path):
    first = pull(tenant_server, tmp_path)[1].read_text()
    second = pull(tenant_server, tmp_path)[1].read_text()
    assert first == second


def test_pull_with_other_variable_names(tenant_server, tmp_path):
    env = tenant_server.env()
    proc, out = pull(
        tenant_server,
        tmp_path,
        "--private-key-env",
        "ACME_CW_PRIVATE",
        env={"ACME_CW_PRIVATE": env["CW_PRIVATE_KEY"], "CW_PRIVATE_KEY": ""},
    )
    assert proc.returncode == 0, proc.stderr
    assert yaml.safe_load(out.read_text())["connection"]["private_key"] == "${ACME_CW_PRIVATE}"


def test_pull_says_what_it_could_not_read(tenant_server, tmp_path):
    tenant_server.scenario.status_for = {"system/connectwisehostedsetups": 403}
    proc, out = pull(tenant_server, tmp_path)
    assert proc.returncode == 0
    text = out.read_text()
    assert "# pods (Manage Hosted API): could not be read" in text and "403" in text
    assert "pods (Manage Hosted API): could not be read" in proc.stderr
    assert "pods" not in yaml.safe_load(text)


def test_pull_without_keys_is_a_usage_error_naming_the_variable(tenant_server, tmp_path):
    proc, _ = pull(tenant_server, tmp_path, env={"CW_PRIVATE_KEY": ""})
    assert proc.returncode == 2
    assert "CW_PRIVATE_KEY is not set" in proc.stderr
    assert len(tenant_server.requests) == 0


def test_pull_with_wrong_keys_fails_clearly(tenant_server, tmp_path):
    proc, out = pull(tenant_server, tmp_path, env={"CW_PRIVATE_KEY": "WrongKey9Xy7QzAb"})
    assert proc.returncode == 2
    assert "answered 401" in proc.stderr and "check --company" in proc.stderr
    assert "WrongKey9Xy7QzAb" not in proc.stderr + proc.stdout
    assert not out.exists()


def test_pull_unknown_profile_suggests_one(tenant_server, tmp_path):
    proc = run_cli(
        "pull",
        "--site",
        tenant_server.site_url,
        "--company",
        "acme",
        "--profile",
        "1steram",
        env=tenant_server.env(),
    )
    assert proc.returncode == 2
    assert "did you mean '1stream'?" in proc.stderr


def test_pull_never_shows_a_password_given_in_site(tenant_server, tmp_path):
    password, token = "SuperSecretPW", "QuerySecretTok"
    port = tenant_server.port
    refused, _ = pull(tenant_server, tmp_path, site=f"http://u:{password}@localhost:{port}/")
    assert refused.returncode == 2 and "https" in refused.stderr
    assert password not in refused.stdout + refused.stderr
    proc, out = pull(
        tenant_server, tmp_path, site=f"https://u:{password}@127.0.0.1:{port}/?token={token}"
    )
    assert proc.returncode == 0, proc.stderr
    text = out.read_text()
    for secret in (password, token):
        assert secret not in text + proc.stdout + proc.stderr
    assert yaml.safe_load(text)["connection"]["site"] == tenant_server.url
    companyinfo = tenant_server.requests.for_route("login/companyinfo")
    assert companyinfo and not any(r.has_authorization for r in companyinfo)


def test_pull_sends_no_credentials_to_a_host_only_companyinfo_names(tenant_server, tmp_path):
    """site localhost, companyinfo's SiteUrl 127.0.0.1: another host, so --api-url it is."""
    proc, out = pull(tenant_server, tmp_path, site=tenant_server.site_url)
    assert proc.returncode == 2 and "--api-url" in proc.stderr
    assert tenant_server.authorization_sent_to() == set() and not out.exists()
    proc, out = pull(
        tenant_server, tmp_path, "--api-url", tenant_server.api_url, site=tenant_server.site_url
    )
    assert proc.returncode == 0, proc.stderr
    assert yaml.safe_load(out.read_text())["connection"]["api_url"] == tenant_server.api_url


def test_pull_sends_no_credentials_to_a_host_not_allowed(tenant_server, tmp_path):
    out = tmp_path / "pulled.yaml"
    proc = run_cli(
        "pull",
        "--site",
        tenant_server.url,
        "--company",
        "acme",
        "--ca-bundle",
        str(tenant_server.ca_pem_path),
        "-o",
        str(out),
        env=tenant_server.env(),
    )
    assert proc.returncode == 2 and not out.exists()
    assert f"allow it with --allow-host 127.0.0.1:{tenant_server.port}" in proc.stderr
    assert "--api-url" not in proc.stderr
    assert tenant_server.authorization_sent_to() == set()
