"""Input that once broke or hung cwlint: each gets a finding or a usage error (exit 2), fast.
What could block (a FIFO) runs in a child with a timeout; the rest in-process."""

from __future__ import annotations

import os

import pytest

from tests.conftest import ROOT, run_cli, run_cwlint

GOOD = (ROOT / "examples/acme-1stream.yaml").read_text()


def test_fifo_in_a_scanned_tree_is_never_opened(tmp_path) -> None:
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg/m.yaml").write_text(GOOD)
    os.mkfifo(tmp_path / "cfg/pipe.yaml")  # no writer: opening it would block forever
    result = run_cwlint("check", "cfg", cwd=tmp_path, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 manifest in 1 file" in result.stdout


@pytest.mark.parametrize("key", ['"cwlint"', "'cwlint'"])
def test_quoted_cwlint_key_is_discovered(tmp_path, key) -> None:
    (tmp_path / "q").mkdir()
    (tmp_path / "q/a.yaml").write_text(GOOD.replace("cwlint: 1", f"{key}: 1", 1))
    result = run_cli("check", "q", cwd=tmp_path)
    assert "1 manifest in 1 file" in result.stdout, result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "-", "-"], "'-' is given twice"),
        (["check", "--select", "", "m.yaml"], "names no rule"),
        (["check", "--select", ",", "m.yaml"], "names no rule"),
        (["check", "--severity", "=error", "m.yaml"], "names no rule"),
        (["check", "loop"], "a symbolic link to nothing"),
    ],
)
def test_usage_errors(tmp_path, args, message) -> None:
    (tmp_path / "m.yaml").write_text(GOOD)
    os.symlink("loop", tmp_path / "loop")
    result = run_cli(*args, input="", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_superscript_digit_format_is_a_finding(tmp_path) -> None:
    (tmp_path / "s.yaml").write_text('cwlint: "\u00b2"\nname: x\n')
    result = run_cli("check", "s.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "s.yaml:1:9: CW004 error unknown manifest format" in result.stdout


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('exclude: ["[z-a]"]\n', "exclude: '[z-a]' is not a valid glob"),
        ('per-file-ignores: {"[z-a].yaml": [CW302]}\n', "is not a valid glob"),
        ('profiles-path: "~nosuchuser-cwlint/x"\n', "profiles-path:"),
    ],
)
def test_bad_config_values_exit_2(tmp_path, config, message) -> None:
    (tmp_path / "m.yaml").write_text(GOOD)
    (tmp_path / ".cwlint.yaml").write_text(config)
    result = run_cli("check", "m.yaml", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr and "internal error" not in result.stderr


def test_hostile_profile_paths_are_cw007(tmp_path) -> None:
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "secrets.yaml").write_text("cwlint_profile: 1\npermissions: TopSecretPub1234\n")
    for ref, message in [
        ("./fifo.yaml", "not a regular file"),
        ("~nosuchuser-cwlint/p.yaml", "profile '~nosuchuser-cwlint/p.yaml'"),
        ("./secrets.yaml", "permissions"),
    ]:
        (tmp_path / "m.yaml").write_text(GOOD.replace("profile: 1stream", f"profile: {ref}"))
        result = run_cwlint("check", "--format", "json", "m.yaml", cwd=tmp_path, timeout=30)
        assert result.returncode == 1, result.stdout + result.stderr
        assert '"rule": "CW007"' in result.stdout and message in result.stdout, result.stdout
        assert "internal error" not in result.stdout
        assert "TopSecretPub1234" not in result.stdout + result.stderr
