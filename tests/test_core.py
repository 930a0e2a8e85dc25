"""The one core: ``cwlint.lint``/``lint_text`` do what ``cwlint check`` does, config per file,
live reads limited to what the enabled rules declare, snapshots saved and replayed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import cwlint
from cwlint.cli import cli
from tests.conftest import ALLOW_LOOPBACK, ROOT, run_cli, run_cwlint
from tests.tenant import CANARY_CLIENT_ID, CANARY_PRIVATE_KEY, CANARY_PUBLIC_KEY

HTTP_MANIFEST = """cwlint: 1
name: x
connection:
  deployment: cloud
  site: http://na.myconnectwise.net/
  company_id: acme
"""


def _check_json(*args: str, cwd: Path | None = None) -> tuple[int, list[dict]]:
    """``cwlint check --format json ARGS`` in-process, through click (the real command)."""
    import os

    old = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = CliRunner().invoke(cli, ["check", "--format", "json", *args])
    finally:
        os.chdir(old)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def _monorepo(tmp_path: Path) -> tuple[Path, Path]:
    for folder, config in (("a", "ignore: [ALL]\n"), ("b", "select: [CW106]\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / ".cwlint.yaml").write_text(config)
        (tmp_path / folder / "m.yaml").write_text(HTTP_MANIFEST)
    return tmp_path / "a" / "m.yaml", tmp_path / "b" / "m.yaml"


def _rules_by_file(findings: list[dict]) -> set[tuple[str, str]]:
    return {(Path(f["file"]).parent.name, f["rule"]) for f in findings}


def test_each_file_is_judged_by_its_own_config_in_either_order(tmp_path: Path) -> None:
    a, b = _monorepo(tmp_path)
    _, forward = _check_json(str(a), str(b))
    _, backward = _check_json(str(b), str(a))
    _, walked = _check_json(".", cwd=tmp_path)  # no config at the root: each nested one governs
    expected = {("b", "CW106")}
    assert _rules_by_file(forward) == _rules_by_file(backward) == _rules_by_file(walked) == expected
    assert forward == backward


def test_stdin_uses_the_config_of_stdin_filename(tmp_path: Path) -> None:
    _, b = _monorepo(tmp_path)
    result = CliRunner().invoke(
        cli,
        ["check", "--format", "json", "--stdin-filename", str(tmp_path / "a" / "x.yaml"), "-"],
        input=HTTP_MANIFEST,
    )
    assert result.exit_code == 0 and json.loads(result.stdout)["findings"] == []
    result = CliRunner().invoke(
        cli, ["check", "--format", "json", "--stdin-filename", str(b), "-"], input=HTTP_MANIFEST
    )
    assert result.exit_code == 1
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["CW106"]


def test_config_command_shows_the_config_of_each_file(tmp_path: Path) -> None:
    a, b = _monorepo(tmp_path)
    result = CliRunner().invoke(cli, ["config", str(a), str(b)])
    assert result.exit_code == 0, result.output
    first, second = result.output.split(f"{b}:")
    assert "a/.cwlint.yaml" in first and "ignore" in first
    assert "b/.cwlint.yaml" in second and "CW106" in second


def test_lint_text_judges_unsaved_text_as_the_file_would_be(tmp_path: Path) -> None:
    a, b = _monorepo(tmp_path)
    assert cwlint.lint_text(HTTP_MANIFEST, str(a)).findings == []
    on_disk = cwlint.lint([str(b)]).findings
    assert cwlint.lint_text(HTTP_MANIFEST, str(b)).findings == on_disk
    assert [f.rule for f in on_disk] == ["CW106"]


@pytest.mark.parametrize("text", ["[tool.cwlint\nselect = 1\n", "[project]\nname = \n"])
def test_a_broken_pyproject_is_a_usage_error_with_its_line(tmp_path: Path, text: str) -> None:
    (tmp_path / "pyproject.toml").write_text(text)
    (tmp_path / "m.yaml").write_text(HTTP_MANIFEST)
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "m.yaml")])
    assert result.exit_code == 2
    assert "pyproject.toml: not valid TOML" in result.output and "line " in result.output


def _manifests() -> list[Path]:
    found = sorted(ROOT.glob("examples/**/*.yaml"))
    found += sorted((ROOT / "tests" / "checks").glob("*/*/*.y*ml"))
    return found


def test_the_library_and_the_cli_agree_on_every_example_and_fixture() -> None:
    paths = _manifests()
    assert len(paths) > 100
    for path in paths:
        library = [f.to_dict() for f in cwlint.lint([str(path)]).findings]
        code, cli_findings = _check_json(str(path))
        assert cli_findings == library, path
        assert code == (
            1 if any(f["severity"] == "error" and "suppressed" not in f for f in library) else 0
        ), path


def test_a_suppressed_finding_is_marked_with_a_value(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        HTTP_MANIFEST.replace(
            "site: http://na.myconnectwise.net/",
            "site: http://na.myconnectwise.net/  # cwlint: disable=CW106",
        )
    )
    (finding,) = [f for f in cwlint.lint([str(path)]).findings if f.rule == "CW106"]
    assert finding.suppressed == cwlint.Suppression("") and finding.suppressed is not None
    assert finding.to_dict()["suppressed"] == {"reason": ""}


# ---------------------------------------------------------------------------- live as a stage
def _live(server, tmp_path: Path, *args: str) -> tuple[int, list[dict], str]:
    path = tmp_path / "acme.yaml"
    path.write_text(server.manifest_yaml())
    proc = run_cli(
        "check",
        str(path),
        "--ca-bundle",
        str(server.ca_pem_path),
        "--format",
        "json",
        *ALLOW_LOOPBACK,
        *args,
        env=server.env(),
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)["findings"], proc.stdout + proc.stderr


def test_select_cw911_reads_only_companyinfo_and_system_info(tenant_server, tmp_path) -> None:
    _live(tenant_server, tmp_path, "--live", "--select", "CW911")
    routes = [r.route for r in tenant_server.requests]
    assert routes == ["login/companyinfo", "system/info"]


def test_select_cw907_reads_members_but_not_roles_or_pods(tenant_server, tmp_path) -> None:
    _live(tenant_server, tmp_path, "--live", "--select", "CW907")
    routes = {r.route for r in tenant_server.requests}
    assert routes == {"login/companyinfo", "system/info", "system/members"}


def test_a_saved_snapshot_replays_the_same_findings_with_no_network(
    tenant_server, tmp_path
) -> None:
    tenant_server.tenant.deactivate_member("asmith")  # something for CW907 to find
    snapshot = tmp_path / "tenant.json"
    code, live, shown = _live(tenant_server, tmp_path, "--live", "--save-snapshot", str(snapshot))
    saved = snapshot.read_text()
    for secret in (CANARY_PRIVATE_KEY, CANARY_PUBLIC_KEY, CANARY_CLIENT_ID, "Authorization"):
        assert secret not in saved and secret not in shown
    assert '"clientId"' not in saved  # other integrations' hosted setups keep theirs too
    assert json.loads(saved)["cwlint-snapshot"] == 1
    asked = len(tenant_server.requests)
    replay_code, replayed, _ = _live(tenant_server, tmp_path, "--snapshot", str(snapshot))
    assert len(tenant_server.requests) == asked  # not one request more
    assert (replay_code, replayed) == (code, live)
    assert any(f["rule"] == "CW907" for f in live)


def test_snapshot_mistakes_are_usage_errors(tmp_path: Path) -> None:
    manifest = tmp_path / "m.yaml"
    manifest.write_text(HTTP_MANIFEST)
    bad = tmp_path / "bad.json"
    for text, said in (
        ("{", "not valid JSON"),
        ('{"cwlint-snapshot": 9}', "not a cwlint snapshot"),
        ('{"cwlint-snapshot": 1, "tenants": []}', "holds no tenant for site"),
    ):
        bad.write_text(text)
        result = CliRunner().invoke(cli, ["check", str(manifest), "--snapshot", str(bad)])
        assert result.exit_code == 2 and said in result.output, result.output
    result = CliRunner().invoke(cli, ["check", str(manifest), "--save-snapshot", str(bad)])
    assert result.exit_code == 2 and "add --live" in result.output


@pytest.mark.parametrize("debug", [False, True])
def test_an_internal_error_is_one_line_or_a_redacted_traceback(
    monkeypatch, capsys, tmp_path: Path, debug: bool
) -> None:
    import cwlint.engine
    from cwlint.cli import main

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(f"bug near {CANARY_PRIVATE_KEY}")

    monkeypatch.setattr(cwlint.engine, "lint", broken)
    monkeypatch.setenv("CW_PRIVATE_KEY", CANARY_PRIVATE_KEY)
    if debug:
        monkeypatch.setenv("CWLINT_DEBUG", "1")
    else:
        monkeypatch.delenv("CWLINT_DEBUG", raising=False)
    monkeypatch.setattr("sys.argv", ["cwlint", "check", str(tmp_path)])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "internal error (RuntimeError)" in err
    assert CANARY_PRIVATE_KEY not in err
    assert ("Traceback" in err) is debug


def test_a_fifo_as_snapshot_is_a_usage_error_not_a_hang(tmp_path: Path) -> None:
    import os

    manifest = tmp_path / "m.yaml"
    manifest.write_text(HTTP_MANIFEST)
    fifo = tmp_path / "snap.json"
    os.mkfifo(fifo)
    proc = run_cwlint("check", str(manifest), "--snapshot", str(fifo), timeout=30)
    assert proc.returncode == 2 and "snap.json" in proc.stderr, proc.stderr
