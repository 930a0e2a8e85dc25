"""What the fixtures of CW401-CW605 cannot show: severities within a rule, the examples of
`cwlint explain`, data-driven limits, users' own profiles, secrets in pod URLs, odd input."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cwlint.context import Context
from cwlint.engine import lint
from cwlint.findings import Severity
from cwlint.manifest.load import load
from cwlint.options import Options
from cwlint.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CHECKS = Path(__file__).parent / "checks"
GROUP = (
    "CW401",
    "CW402",
    "CW403",
    "CW404",
    "CW501",
    "CW502",
    "CW503",
    "CW504",
    "CW505",
    "CW506",
    "CW601",
    "CW602",
    "CW603",
    "CW604",
    "CW605",
)
GLOBEX = (EXAMPLES / "globex-gradient-onprem.yaml").read_text(encoding="utf-8")


def findings(path: Path, *rules: str) -> list:
    return lint([str(path)], Options(select=rules or GROUP)).findings


def write(tmp_path: Path, text: str, name: str = "m.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------- the examples
def test_examples_are_clean_and_the_gradient_suppression_hides_only_the_truncated_ip(
    tmp_path: Path,
) -> None:
    for example in sorted(EXAMPLES.glob("*.yaml")):
        shown = [f for f in findings(example) if f.suppressed is None]
        assert shown == [], example
    # the example's disable comment covers the truncated-IP warning on the key line only:
    # dropping Gradient's complete address still gives an error at the list
    assert "\n    - 3.23.117.12\n" in GLOBEX
    broken = write(tmp_path, GLOBEX.replace("\n    - 3.23.117.12\n", "\n    - 203.0.113.9\n"))
    shown = [(f.line, f.col, f.severity) for f in findings(broken) if f.suppressed is None]
    assert shown == [(50, 5, Severity.ERROR)]


# ------------------------------------------------------------------------- severities in CW602
def test_cw602_missing_ip_is_an_error_and_the_truncated_one_an_info() -> None:
    """Only Gradient can complete its truncated address: no user can act on it, so an info."""
    found = findings(CHECKS / "CW602" / "fires" / "missing.yaml", "CW602")
    assert [(f.line, f.col, f.severity) for f in sorted(found)] == [
        (48, 3, Severity.INFO),
        (48, 16, Severity.ERROR),
    ]


def test_cw602_regrading_applies_to_both_cases() -> None:
    path = CHECKS / "CW602" / "fires" / "missing.yaml"
    report = lint([str(path)], Options(select=("CW602",), severity={"CW602": Severity.INFO}))
    assert [f.severity for f in report.findings] == [Severity.INFO, Severity.INFO]


# --------------------------------------------------------------------- the truncated Gradient IP
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_the_truncated_ip_is_never_completed(cwlint, fmt: str) -> None:
    paths = [
        CHECKS / "CW601" / "fires" / "gradient-truncated.yaml",
        CHECKS / "CW602" / "fires" / "missing.yaml",
    ]
    result = cwlint("check", "--format", fmt, "--select", "CW6", *map(str, paths))
    assert result.returncode == 1, result.stderr
    out = result.stdout + result.stderr
    assert "3.138.54" in out and "ask Gradient MSP (Synthesize)" in out
    assert not re.search(r"3\.138\.54\.\d", out), "a guessed octet was printed"


# ------------------------------------------------------------ limits come from the catalogue
@pytest.fixture
def small_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A copy of rules/ with a 10-character pod description and an 8-character identifier."""
    import cwlint.catalog as catalog

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    hosted = rules / "connectwise" / "hosted.yaml"
    hosted.write_text(
        hosted.read_text().replace("description: {max_length: 50,", "description: {max_length: 10,")
    )
    connection = rules / "connectwise" / "connection.yaml"
    connection.write_text(
        connection.read_text().replace("identifier_max_length: 15", "identifier_max_length: 8")
    )
    monkeypatch.setattr(catalog, "load_catalog", lambda: catalog.Catalog(rules))


def _issues(rule_id: str, text: str) -> list:
    doc = load(text.encode(), "m.yaml").documents[0]
    return list(all_rules()[rule_id].check(Context(doc)))


def test_limits_are_read_from_the_catalogue(small_limits) -> None:
    text = """cwlint: 1
api_member: {identifier: acme1stream}
pods:
  - {description: 1stream pod, screen: Service Ticket, type: Pod, url: "https://x.example/"}
"""
    [member] = _issues("CW401", text)
    assert "has 11 characters; ConnectWise allows at most 8" in member.message
    [pod] = _issues("CW502", text)
    assert pod.path == ("pods", 0, "description") and "at most 10" in pod.message


# ---------------------------------------------------------------- a user's own profile file
PROFILE = """cwlint_profile: 1
id: in-house
name: In-house Portal
sources: [https://intranet.example/portal]
completeness: full
permissions:
  - {module: Companies, function: Company Maintenance, inquire: All}
vendor_ips: [198.51.100.0/28, 2001:db8:1::1, not-an-ip]
uncertain_ips:
  - {value: "198.51.100.x", reason: the wiki page shows a placeholder}
pod_hosts: [portal.intranet.example]
min_version: "2025.4"
"""
MANIFEST = """cwlint: 1
name: in-house
profile: ./profile.yaml
connection:
  deployment: on-premise
  site: https://psa.acme.example/
  company_id: acme
  public_key: ${CW_PUBLIC_KEY}
  private_key: ${CW_PRIVATE_KEY}
pods:
  - {description: Portal, screen: Company, type: Pod, url: "https://portal.intranet.example/c"}
  - {description: Old portal, screen: Company, type: Pod, url: "https://portal.intranet.exampl/c"}
on_premise:
  allowed_ips: [198.51.100.0/24]
  version: "2025.2"
"""


def test_own_profile_drives_ips_pod_hosts_and_version(tmp_path: Path) -> None:
    write(tmp_path, PROFILE, "profile.yaml")
    path = write(tmp_path, MANIFEST)
    found = [(f.rule, f.line, f.col, f.severity, f.message) for f in findings(path)]
    assert [f[:4] for f in found] == [
        ("CW506", 12, 64, Severity.WARNING),
        ("CW602", 14, 3, Severity.INFO),  # the placeholder address
        ("CW602", 14, 3, Severity.WARNING),  # not-an-ip: the profile is wrong
        ("CW602", 14, 16, Severity.ERROR),  # the IPv6 address (the /28 is inside the /24)
        ("CW604", 15, 12, Severity.WARNING),
    ]
    messages = [f[4] for f in found]
    assert "did you mean 'portal.intranet.example'?" in messages[0]
    assert (
        "In-house Portal also publishes '198.51.100.x', unusable as written: the wiki page "
        "shows a placeholder"
    ) in messages[1]
    assert "profile in-house lists vendor IP 'not-an-ip'" in messages[2]
    assert "connects from 2001:db8:1::1 (https://intranet.example/portal)" in messages[3]
    assert "older than 2025.4, the minimum In-house Portal supports: upgrade" in messages[4]


# ----------------------------------------------------------------------- secrets in pod URLs
CANARY = "CanaryPriv765432"


def test_pod_url_messages_never_show_query_or_credentials(cwlint, tmp_path: Path) -> None:
    text = (
        GLOBEX
        + f"""pods:
  - description: Pod
    screen: Service Ticket
    type: Pod
    url: http://me:{CANARY}@pods.example.com/cw?private_key={CANARY}
    origin: https://me:{CANARY}@pods.example.com/x
  - description: Tab
    screen: Service Ticket
    type: Tab
    url: "pods.example.com/cw?key={CANARY}"
"""
    )
    path = write(tmp_path, text)
    for fmt in ("text", "json", "sarif"):
        result = cwlint("check", "--format", fmt, "--select", "CW5", str(path))
        assert result.returncode == 1, result.stderr
        out = result.stdout + result.stderr
        assert "CW501" in out and "CW505" in out
        assert CANARY not in out, fmt


# ------------------------------------------------------------------------------- odd input
ODD = [
    "users: alice\npods: {a: 1}\non_premise: [1]\napi_member: x\nconnection: 5\n",
    "users: [null, 3, [], {user: [a], member: {b: 1}}]\n"
    "pods: [null, 3, {url: 5, origin: 6, screen: [x], description: 7, type: [ToolbarButton]}]\n"
    "on_premise: {allowed_ips: {a: 1}, certificate: 5, version: 2025.1}\n"
    "connection: {deployment: on-premise}\nprofile: gradient-msp\n",
    "connection: {deployment: on-premise}\nprofile: gradient-msp\n"
    'on_premise: {allowed_ips: ["", "[::1", "3.138.54.999", "/24"]}\n'
    'pods: [{url: "https://[::1/x", origin: "https://[::1"}, {url: "https://h:99999/"}]\n',
]


@pytest.mark.parametrize("body", ODD)
def test_odd_input_gives_findings_not_internal_errors(tmp_path: Path, body: str) -> None:
    path = write(tmp_path, "cwlint: 1\nname: odd\n" + body)
    assert not [f for f in findings(path) if "internal error" in f.message]
