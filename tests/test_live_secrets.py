"""Secrets: never printed in any format; the Secret type, --env-file parsing, the GET-only client,
the retry policy and CW203's helper for resolved keys."""

from __future__ import annotations

import base64
import pickle
import subprocess
import sys

import pytest

from cwlint.catalog import load_catalog
from cwlint.live.client import BACKOFF, RETRY_AFTER_CAP, Client, _allowed, _retry_delay
from cwlint.live.env import (
    EnvFileError,
    Secret,
    environment,
    read_env_file,
    resolve,
    resolved_key_problems,
)
from cwlint.live.snapshot import Failure, Kind
from cwlint.report import REPORTERS
from cwlint.secrets import Redactor
from tests.conftest import ALLOW_LOOPBACK, run_cwlint
from tests.tenant import CANARY_CLIENT_ID, CANARY_PRIVATE_KEY, CANARY_PUBLIC_KEY

FORMATS = sorted(REPORTERS)  #: every registered format, so a new reporter is covered too
WRONG_KEY = "CanaryWrong8Pq3R"


def _canaries(server) -> list[str]:
    basic = base64.b64encode(f"acme+{CANARY_PUBLIC_KEY}:{CANARY_PRIVATE_KEY}".encode()).decode()
    wrong = base64.b64encode(f"acme+{CANARY_PUBLIC_KEY}:{WRONG_KEY}".encode()).decode()
    return [CANARY_PUBLIC_KEY, CANARY_PRIVATE_KEY, CANARY_CLIENT_ID, WRONG_KEY, basic, wrong]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_secret_in_any_format(tenant_server, tmp_path, fmt):
    """Failing scenarios (401 with a planted wrong key in one manifest; 403, drift and a literal
    key in two others) in every format, in one run: stdout, stderr and the --output file never
    hold a key."""
    manifest = tenant_server.manifest_yaml()
    good = tmp_path / "good.yaml"
    good.write_text(manifest)
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(
        manifest.replace("${CW_PRIVATE_KEY}", "${CW_WRONG_KEY}").replace(
            "name: acme-1stream", "name: wrong"
        )
    )
    literal = tmp_path / "literal.yaml"
    literal.write_text(
        manifest.replace("${CW_PRIVATE_KEY}", CANARY_PRIVATE_KEY).replace(
            "name: acme-1stream", "name: lit"
        )
    )
    tenant_server.scenario.status_for = {"system/members": 403}
    tenant_server.tenant.set_permission("1stream Integration", "Companies", "Notes", add="None")
    report = tmp_path / f"report.{fmt}"
    proc = run_cwlint(
        "check",
        "--live",
        *ALLOW_LOOPBACK,
        str(good),
        str(wrong),
        str(literal),
        "--format",
        fmt,
        "--ca-bundle",
        str(tenant_server.ca_pem_path),
        "-o",
        str(report),
        env={**tenant_server.env(), "CW_WRONG_KEY": WRONG_KEY},
    )
    assert proc.returncode == 1, proc.stderr
    text = "\n".join([proc.stdout, proc.stderr, report.read_text()])
    assert "CW902" in text and "CW903" in text and "CW906" in text and "CW201" in text
    for secret in _canaries(tenant_server):
        assert secret not in text


def test_secret_never_shows_its_value():
    secret = Secret(CANARY_PRIVATE_KEY)
    shown = [
        repr(secret),
        str(secret),
        f"{secret}",
        f"{secret!r}",
        f"{secret:>20}",
        "%s" % (secret,),  # noqa: UP031
        repr([secret]),
        repr({"k": secret}),
    ]
    assert all(CANARY_PRIVATE_KEY not in s for s in shown)
    assert secret.reveal() == CANARY_PRIVATE_KEY
    with pytest.raises(TypeError):
        pickle.dumps(secret)


def test_resolved_connection_wraps_the_credentials():
    conn = resolve(
        {
            "site": "https://x/",
            "company_id": "${CO}",
            "public_key": "${PUB}",
            "private_key": "${PRIV}",
            "client_id": "${CID}",
        },
        {"CO": "acme", "PUB": CANARY_PUBLIC_KEY, "PRIV": CANARY_PRIVATE_KEY, "CID": ""},
    )
    assert conn.company_id == "acme"
    assert isinstance(conn.private_key, Secret) and CANARY_PRIVATE_KEY not in repr(conn)
    assert [(u.variable, u.empty) for u in conn.unresolved] == [("CID", True)]
    assert conn.missing_credentials() == ("client_id",)


def test_env_file_format(tmp_path):
    path = tmp_path / ".env"
    path.write_text(
        "# comment\n\nexport A=1\nB = two words # note\nC='single # kept'\n"
        'D="line\\nbreak \\"q\\""\nE=\n'
    )
    assert read_env_file(path) == {
        "A": "1",
        "B": "two words",
        "C": "single # kept",
        "D": 'line\nbreak "q"',
        "E": "",
    }
    assert environment(str(path), {"A": "from-shell"})["A"] == "from-shell"


@pytest.mark.parametrize("line", ["no equals sign", "1BAD=x", "A='open", 'A="x" trailing'])
def test_env_file_errors_name_the_line_not_the_value(tmp_path, line):
    path = tmp_path / ".env"
    path.write_text(f"OK=1\n{line}\n")
    with pytest.raises(EnvFileError) as err:
        read_env_file(path)
    assert str(err.value).startswith(f"{path}:2: expected KEY=VALUE")
    assert line not in str(err.value)


def test_resolved_key_problems_for_cw203():
    facts = load_catalog().connection
    connection = {"public_key": "${PUB}", "private_key": "${PRIV}"}
    env = {"PUB": CANARY_PUBLIC_KEY, "PRIV": "short1"}
    problems = list(resolved_key_problems(connection, env, facts))
    assert problems == [(("connection", "private_key"), "it has 6 characters, not 16")]


def test_the_client_can_only_get():
    public = {name for name in dir(Client) if not name.startswith("_")}
    assert public == {"get"}


def test_retry_after_is_capped():
    import httpx

    assert _retry_delay(httpx.Response(429, headers={"Retry-After": "3"}), 1) == 3
    assert _retry_delay(httpx.Response(429, headers={"Retry-After": "3600"}), 1) == (
        RETRY_AFTER_CAP
    )
    assert _retry_delay(httpx.Response(503), 2) == 0.5  # no header: backoff
    assert _retry_delay(httpx.Response(429, headers={"Retry-After": "9" * 5000}), 1) == (
        RETRY_AFTER_CAP
    )
    for odd in ("²", "٣", "1.5", "-1", "Mon, 99 Foo 99999 99:99:99 GMT"):  # not seconds nor a date
        headers = {"Retry-After": odd.encode()}  # as sent: UTF-8 bytes
        assert _retry_delay(httpx.Response(429, headers=headers), 1) == BACKOFF


def test_static_check_does_not_import_httpx(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("cwlint: 1\nname: x\nconnection: {deployment: cloud}\n")
    code = f"import sys\nimport cwlint\ncwlint.lint([{str(path)!r}])\nprint('httpx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_error_bodies_that_echo_a_credential_are_redacted():
    client = Client(
        "https://api.example.com/v2025_1/apis/3.0/",
        company_id="acme",
        public_key=Secret(CANARY_PUBLIC_KEY),
        private_key=Secret(CANARY_PRIVATE_KEY),
        client_id=Secret(CANARY_CLIENT_ID),
        api_version="2025.8",
    )
    basic = base64.b64encode(f"acme+{CANARY_PUBLIC_KEY}:{CANARY_PRIVATE_KEY}".encode()).decode()
    with client:
        text = client._redact(
            f"bad key {CANARY_PRIVATE_KEY} for Basic {basic} ({CANARY_CLIENT_ID})"
        )
    assert text == "bad key *** for Basic *** (***)"


URL_PASSWORD = "SuperSecretPW"
URL_TOKEN = "QuerySecretTok"


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_url_password_in_any_format(tenant_server, tmp_path, fmt):
    """A user:password (and a credential in the query) in site or api_url is never printed,
    and never sent: companyinfo gets no Authorization, the API gets the manifest's keys."""
    port = tenant_server.port
    base = tenant_server.manifest_yaml()
    site = f"site: {tenant_server.site_url}"
    variants = {
        "http-site": base.replace(
            site, f"site: http://u:{URL_PASSWORD}@localhost:{port}/?token={URL_TOKEN}"
        ),
        "https-site": base.replace(
            site, f"site: https://u:{URL_PASSWORD}@localhost:{port}/?token={URL_TOKEN}"
        ),
        "api-url": base.replace(
            f"api_url: {tenant_server.api_url}",
            f"api_url: https://u:{URL_PASSWORD}@127.0.0.1:{port}/v2025_1/apis/3.0/",
        ),
    }
    paths = []
    for name, text in variants.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text.replace("name: acme-1stream", f"name: {name}"))
        paths.append(str(path))
    report = tmp_path / f"report.{fmt}"
    proc = run_cwlint(
        "check",
        "--live",
        *ALLOW_LOOPBACK,
        *paths,
        "--format",
        fmt,
        "-o",
        str(report),
        "--ca-bundle",
        str(tenant_server.ca_pem_path),
        env=tenant_server.env(),
    )
    assert proc.returncode == 1, proc.stderr
    text = "\n".join((proc.stdout, proc.stderr, report.read_text()))
    assert "CW901" in text and "CW205" in text
    assert URL_PASSWORD not in text and URL_TOKEN not in text
    assert tenant_server.authorization_sent_to() == {f"127.0.0.1:{port}"}
    assert all(r.authenticated for r in tenant_server.requests.api_calls())


def test_redactor_catches_the_spellings_a_server_echoes():
    token = "QWJj+ZGVm/Z2hp=="  # base64 with both "+" and "/", and padding
    client_id = "0e7c8a4d-5b1f-4c2e-9d3a-6f8b1c2d3e4f"
    redact = Redactor([token, CANARY_PUBLIC_KEY, client_id])
    echoes = [
        token,
        token.lower(),
        token.rstrip("="),
        token.replace("+", "-").replace("/", "_").rstrip("="),  # base64url
        "QWJj%2BZGVm%2fZ2hp%3D%3d",  # percent-encoded, either hex case
        "QWJj+ZGVm\\/Z2hp==",  # JSON-escaped slash
        "QWJj ZGVm/Z2hp==",  # a form-decoded "+"
        CANARY_PUBLIC_KEY.upper(),
        client_id.upper(),
        client_id.replace("-", ""),
        "{" + client_id.replace("-", "%2D") + "}",
    ]
    for echo in echoes:
        assert CANARY_PUBLIC_KEY.lower() not in redact(f"got <{echo}>").lower()
        assert redact(f"got <{echo}>").replace("{***}", "***") == "got <***>", echo
    assert repr(redact) == "Redactor(***)"
    with pytest.raises(TypeError):
        pickle.dumps(redact)


def test_redactor_cuts_never_inside_a_secret_and_escapes_control_characters():
    redact = Redactor([CANARY_PRIVATE_KEY])
    for offset in range(len(CANARY_PRIVATE_KEY) + 2):  # the cut at every place of the secret
        text = "x " * 40 + " " * offset + CANARY_PRIVATE_KEY + " tail"
        shown = redact(text, limit=80 + 8)
        assert len(shown) <= 88 and shown.endswith("...")
        assert not any(CANARY_PRIVATE_KEY[:n] in shown for n in range(3, 17)), shown
    assert redact("first\nsecond") == "first"
    assert redact("\x1b[31mred\x07") == "\\x1b[31mred\\x07"


def test_credentials_go_to_a_catalogue_host_or_an_allowed_one():
    assert _allowed("https://api-na.myconnectwise.net/v2025_1/apis/3.0/", ())
    assert _allowed("https://API-EU.myconnectwise.net./v2025_1/apis/3.0/", ())
    assert not _allowed("https://api-na.myconnectwise.net.evil.example/x/", ())
    assert not _allowed("https://cw.example.com/v4_6_release/apis/3.0/", ())
    assert _allowed("https://cw.example.com/v4_6_release/apis/3.0/", ("cw.example.com",))
    assert _allowed("https://cw.example.com:8443/x/", ("cw.example.com:8443",))
    assert not _allowed("https://cw.example.com:8443/x/", ("cw.example.com:443",))
    assert _allowed("https://[::1]:8443/x/", ("[::1]",))


def test_the_run_deadline_ends_a_call_and_then_stops_calling(tenant_certs):
    """A server that trickles its headers: a call with a generous --timeout still ends at the
    run's deadline, and a call after it is not sent at all."""
    import threading
    import time

    from tests.tenant.hostile import HostileServer

    with HostileServer("slow-headers", tenant_certs) as server:
        client = Client(
            server.api_url,
            company_id="acme",
            public_key=Secret(CANARY_PUBLIC_KEY),
            private_key=Secret(CANARY_PRIVATE_KEY),
            client_id=Secret(CANARY_CLIENT_ID),
            api_version="2025.8",
            ca_bundle=str(tenant_certs.ca_pem_path),
            timeout=60,
            allowed_hosts=("127.0.0.1",),
            deadline=time.monotonic() + 0.5,
        )
        failures: list[Failure] = []

        def call() -> None:
            for _ in range(2):
                try:
                    client.get(server.api_url + "system/info")
                except Failure as failure:
                    failures.append(failure)

        with client:
            worker = threading.Thread(target=call, daemon=True)
            worker.start()
            worker.join(timeout=30)  # a hang guard, not a time measurement
            assert not worker.is_alive()
        assert [f.kind for f in failures] == [Kind.TIMEOUT, Kind.TIMEOUT]
        assert all("the live run's time limit (30 times --timeout" in f.message for f in failures)
        assert len(server.received) == 1
