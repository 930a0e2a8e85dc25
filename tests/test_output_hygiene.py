"""Output hygiene: no file name, value or tenant field can forge a workflow command, rewrite the
terminal or inject YAML into what `pull` writes."""

from __future__ import annotations

import json

import pytest
import yaml

from cwlint.display import cut, escape, quote
from cwlint.report import REPORTERS
from tests.conftest import ROOT, run_cwlint
from tests.test_live_pull import pull

GOOD = (ROOT / "examples/acme-1stream.yaml").read_text()
FORGED = "\n::error file=forged.yaml,line=1::forged\r\x1b[2K"


def test_escape_cut_and_quote() -> None:
    assert (
        escape("a\nb\r\x1b[31m\u202e\u2028\x85 é\t") == "a\\nb\\r\\x1b[31m\\u202e\\u2028\\x85 é\\t"
    )
    assert escape("plain text: é, 日本") == "plain text: é, 日本"
    assert len(cut("x" * 100_000)) == 80 and cut("short") == "short"
    assert quote("a\nb") == "'a\\nb'" and quote(2025.1) == "2025.1"


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_file_name_cannot_forge_commands_or_reach_the_terminal(tmp_path, fmt) -> None:
    name = f"m{FORGED}.yaml"
    (tmp_path / name).write_text(GOOD.replace("codebase: v2025_1/", "codebase: v2025_1"))
    result = run_cwlint("check", "--format", fmt, name, cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "\r" not in result.stdout and "\x1b" not in result.stdout
    lines = result.stdout.splitlines()
    assert not any(line.startswith("::error file=forged") for line in lines), lines
    finding = [line for line in lines if "CW103" in line]
    assert finding and all("m\\n" in line and "forged" in line for line in finding), lines


def test_a_named_path_in_a_usage_error_is_escaped(tmp_path) -> None:
    result = run_cwlint("check", f"nowhere{FORGED}", cwd=tmp_path)
    assert result.returncode == 2
    assert "nowhere\\n::error" in result.stderr and "\x1b" not in result.stderr


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_echoed_values_and_hosts_are_escaped_in_every_format(tmp_path, fmt) -> None:
    manifest = GOOD.replace("codebase: v2025_1/", 'codebase: "v2025\\e[31m\\n::error::x"').replace(
        "company_id: acme", 'company_id: "ac me\\r\\e[2J"'
    )
    manifest = manifest.replace(  # a host with ESC c (terminal reset): CW101 names the host
        "api_url: https://api-na.myconnectwise.net/v2025_1/apis/3.0/",
        'api_url: "https://api-na\\ec.myconnectwise.net/v2025_1/apis/3.0/"',
    )
    (tmp_path / "m.yaml").write_text(manifest)
    result = run_cwlint("check", "--format", fmt, "m.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "\x1b" not in out and "\r" not in out
    assert "api-na\\x1bc.myconnectwise.net" in out.replace("\\\\", "\\")
    if fmt in ("text", "github"):
        assert not any(line.startswith("::error::x") for line in out.splitlines())
    if fmt == "json":
        messages = [f["message"] for f in json.loads(out)["findings"]]
        assert any("\\x1b[31m" in m for m in messages), messages


def test_pull_quotes_every_scalar_and_escapes_every_comment(tenant_server, tmp_path) -> None:
    tenant = tenant_server.tenant
    hostile = "acme1stream\nconnection:\n  api_url: https://evil.example/ #\x1b[2K"
    owner = next(a for a in tenant.api_members if a.identifier == tenant.key_owner)
    for setup in tenant.hosted_setups:
        if setup.created_by.casefold() == owner.identifier.casefold():
            setup.created_by = hostile
    owner.identifier, tenant.key_owner = hostile, hostile
    tenant.hosted_setups[0].screen_id = [1, 2]  # not an id: no crash, no screen name
    proc, out = pull(tenant_server, tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text()
    assert "\x1b" not in text
    assert [line for line in text.splitlines() if line.startswith("connection:")] == ["connection:"]
    data = yaml.safe_load(text)
    assert data["api_member"]["identifier"] == hostile
    assert data["connection"]["api_url"] == tenant_server.api_url
    from_tenant = {"identifier", "security_role", "name", "module", "function", "description"}
    from_tenant |= {"screen", "type", "url", "origin", "codebase", "site", "api_url", "company_id"}
    for line in text.splitlines():
        key, sep, value = line.strip().removeprefix("- ").partition(": ")
        if key in from_tenant and sep:
            assert value.startswith('"') and value.endswith('"'), line
