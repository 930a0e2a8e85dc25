"""Connection and secret rules (CW101-CW110, CW201-CW203, CW205) beyond what fixtures express:
secrets never printed through the real CLI in any format, URL values that cannot crash a rule,
and the helpers ``--live`` reuses (``${VAR}`` references, the API-key shape)."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cwlint.catalog import load_catalog
from cwlint.checks._connection import parse_url
from cwlint.engine import lint, lint_text
from cwlint.findings import Severity
from cwlint.options import Options
from cwlint.secrets import (
    env_reference,
    key_format_problem,
    looks_like_reference,
    secret_parameters,
)

RULES = (
    "CW101",
    "CW102",
    "CW103",
    "CW104",
    "CW105",
    "CW106",
    "CW107",
    "CW108",
    "CW109",
    "CW110",
    "CW201",
    "CW202",
    "CW203",
    "CW205",
)

# Every secret-bearing place holds a canary; none may appear in any output.
CANARY_MANIFEST = """\
cwlint: 1
name: canary
profile: 1stream
connection:
  deployment: cloud
  site: https://na.myconnectwise.net/?privateKey=CANARYquery00001
  api_url: https://acme+CANARYuser00002:CANARYpass00003@api-na.myconnectwise.net/v2025_1/apis/3.0/
  company_id: acme
  codebase: v2025_1/
  client_id: CANARYclient0004
  public_key: "CANARYpublic005 "
  private_key: CANARYprivate006
pods:
  - description: call pod
    screen: Service Ticket
    type: Pod
    url: https://pods.example.com/cw/ticket?id=[cw_id]&token=CANARYpodtoken07
    origin: https://pods.example.com
"""

# (line, column, rule) each canary must be reported at: proof that the rules ran on them.
CANARY_FINDINGS = {
    (6, 9, "CW205"),
    (7, 12, "CW205"),
    (10, 14, "CW107"),
    (11, 15, "CW202"),
    (11, 15, "CW203"),
    (12, 16, "CW201"),
    (17, 10, "CW205"),
}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_canary_secrets_never_printed(cwlint, tmp_path: Path, fmt: str) -> None:
    (tmp_path / "manifest.yaml").write_text(CANARY_MANIFEST)
    result = cwlint("check", "manifest.yaml", "--format", fmt, cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert "CANARY" not in out, [line for line in out.splitlines() if "CANARY" in line]
    if fmt == "json":
        data = json.loads(result.stdout)
        findings = data["findings"] if isinstance(data, dict) else data
        found = {(f["line"], f["column"], f["rule"]) for f in findings}
        assert found >= CANARY_FINDINGS, CANARY_FINDINGS - found


def test_canary_secrets_never_printed_by_explain(cwlint) -> None:
    for rule in ("CW107", "CW201", "CW202", "CW203", "CW205"):
        result = cwlint("explain", rule)
        assert result.returncode == 0, result.stderr
        assert "CANARY" not in result.stdout


def _check(manifest: dict) -> list:
    """Findings of the connection rules on one manifest, through the engine (no subprocess)."""
    raw = json.dumps(manifest, ensure_ascii=False).encode()
    return lint_text(raw.decode(), "m.yaml", Options(select=RULES)).findings


URLISH = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60) | st.builds(
    "".join,
    st.lists(
        st.sampled_from(
            [
                "https://",
                "http:",
                "//",
                "/",
                "@",
                ":",
                "[",
                "]",
                "?",
                "#",
                "=",
                "&",
                "${X}",
                "api-",
                "na.",
                "myconnectwise.net",
                "v2025_1/",
                "apis/3.0/",
                " ",
                "%",
                "\\",
                "443",
                "user:pw",
            ]
        ),
        max_size=12,
    ),
)


@given(
    site=URLISH,
    api_url=URLISH,
    pod_url=URLISH,
    codebase=URLISH,
    company=URLISH,
    client_id=URLISH,
    key=URLISH,
    deployment=st.sampled_from(["cloud", "on-premise", "x", 1]),
)
def test_any_connection_values_give_findings_not_crashes(
    site, api_url, pod_url, codebase, company, client_id, key, deployment
) -> None:
    found = _check(
        {
            "cwlint": 1,
            "name": "fuzz",
            "connection": {
                "deployment": deployment,
                "site": site,
                "api_url": api_url,
                "codebase": codebase,
                "company_id": company,
                "client_id": client_id,
                "public_key": key,
                "private_key": key,
            },
            "pods": [
                {
                    "description": "p",
                    "screen": "Service Ticket",
                    "type": "Pod",
                    "url": pod_url,
                    "origin": pod_url,
                }
            ],
        }
    )
    assert not [f for f in found if "internal error" in f.message]


@pytest.mark.parametrize(
    "connection",
    [
        [],
        "https://na.myconnectwise.net/",
        {
            "site": 1,
            "api_url": None,
            "codebase": ["v2025_1/"],
            "company_id": {},
            "client_id": 7,
            "public_key": True,
            "private_key": 1.5,
            "deployment": ["cloud"],
        },
    ],
)
def test_wrong_types_are_skipped(connection) -> None:
    found = _check({"cwlint": 1, "name": "types", "connection": connection, "pods": [1, "x"]})
    assert [f for f in found if f.rule != "CW003"] == []


SECRET = st.text(alphabet=string.ascii_letters + string.digits, min_size=10, max_size=20)


@given(secret=SECRET, place=st.sampled_from(["user", "password", "query", "pod"]))
def test_credentials_in_urls_are_reported_never_shown(secret: str, place: str) -> None:
    token = "Zz" + secret  # never a substring of a message by chance
    api = "https://api-na.myconnectwise.net/v2025_1/apis/3.0/"
    pod = "https://pods.example.com/cw?id=[cw_id]"
    if place == "user":
        api = f"https://{token}@api-na.myconnectwise.net/v2025_1/apis/3.0/"
    elif place == "password":
        api = f"https://acme:{token}@api-na.myconnectwise.net/v2025_1/apis/3.0/"
    elif place == "query":
        api += f"?clientSecret={token}"
    else:
        pod += f"&API-KEY={token}"
    found = _check(
        {
            "cwlint": 1,
            "name": "creds",
            "connection": {
                "deployment": "cloud",
                "site": "https://na.myconnectwise.net/",
                "api_url": api,
                "company_id": "acme",
                "codebase": "v2025_1/",
                "public_key": "${K}",
                "private_key": "${P}",
            },
            "pods": [{"description": "p", "screen": "Service Ticket", "type": "Pod", "url": pod}],
        }
    )
    assert [f.rule for f in found] == ["CW205"]
    assert token not in found[0].message


def test_env_reference_is_the_whole_value() -> None:
    assert env_reference("${CW_PRIVATE_KEY}") == "CW_PRIVATE_KEY"
    assert env_reference(" ${_K2} ") == "_K2"
    for value in ("$CW_KEY", "${1KEY}", "${A}${B}", "x${A}", "${A-B}", None, 5):
        assert env_reference(value) is None, value


def test_references_written_another_way_are_recognised() -> None:
    for value in (
        "$CW_KEY",
        "${ CW_KEY }",
        "${CW_KEY",
        "%CW_KEY%",
        "{{CW_KEY}}",
        "$(CW_KEY)",
        "${bad-name}",
    ):
        assert looks_like_reference(value), value
    for value in (
        "${CW_KEY}",
        "FAKEprivKEY12345",
        "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        "https://na.myconnectwise.net/",
        "",
    ):
        assert not looks_like_reference(value), value


def test_key_format_problem_describes_without_showing() -> None:
    facts = load_catalog().connection
    assert key_format_problem("FAKEprivKEY12345", facts) is None
    assert key_format_problem("FAKEprivKEY1234", facts) == "it has 15 characters, not 16"
    assert key_format_problem("FAKEprivKEY12345\n", facts) == (
        "it has leading or trailing whitespace"
    )
    problem = key_format_problem("acme+FAKEprivKEY123", facts)
    assert problem == "it has characters other than letters and digits (19 characters)"
    assert key_format_problem("FAKEprivKEY1234é", facts) is not None  # not ASCII


def test_secret_parameters_by_name_with_a_value() -> None:
    query = [
        ("id", "[cw_id]"),
        ("privateKey", "x"),
        ("API-KEY", "y"),
        ("token", ""),
        ("access_token", "z"),
        ("keyword", "w"),
        ("privateKey", "again"),
    ]
    assert secret_parameters(query) == ["privateKey", "API-KEY", "access_token"]


def test_shown_url_drops_credentials_and_query() -> None:
    url = parse_url("HTTPS://acme+pub:priv@API-NA.MyConnectWise.net.:8443/v2025_1/apis/3.0/?k=v#f")
    assert url is not None and url.userinfo and url.error is None
    assert url.shown == "https://api-na.myconnectwise.net:8443/v2025_1/apis/3.0/"
    assert not re.search("acme|pub|priv|k=v", url.shown)
    assert parse_url("${CW_API_URL}") is None
    templated = parse_url("https://${CW_HOST}/${CODEBASE}apis/3.0/")
    assert templated is not None and templated.host is None and templated.path is None


# ------------------------------------------------------------------ grades a user can act on
@pytest.mark.parametrize(
    ("fixture", "rule", "severity"),
    [
        ("CW106/fires/no-scheme.yaml", "CW106", Severity.WARNING),  # a bare host: fix-it
        ("CW109/fires/cloud-custom-domain.yaml", "CW109", Severity.WARNING),  # maybe custom
        ("CW109/fires/on-premise-with-cloud-hosts.yaml", "CW109", Severity.ERROR),
        ("CW304/fires/case.yaml", "CW304", Severity.WARNING),  # the same role to ConnectWise
        ("CW110/fires/address-bar.yaml", "CW110", Severity.WARNING),
    ],
)
def test_grades(fixture: str, rule: str, severity: Severity) -> None:
    path = Path(__file__).parent / "checks" / fixture
    found = lint([str(path)], Options(select=(rule,))).findings
    assert found and {f.severity for f in found} == {severity}, found
