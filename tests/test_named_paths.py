"""Named paths: regular files only, bounded before they are read, permission errors exit 2."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli, run_cwlint

GOOD = (ROOT / "examples/acme-1stream.yaml").read_text()
TIMEOUT = 30  # a blocking open would hang: the subprocess timeout turns that into a failure


def usage_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "m.yaml").write_text(GOOD)
    os.mkfifo(tmp_path / "fifo.yaml")
    os.symlink("fifo.yaml", tmp_path / "link.yaml")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["check", "fifo.yaml"], ["fifo.yaml: is a named pipe (FIFO), not a regular file"]),
        (["check", "link.yaml"], ["link.yaml: is a named pipe (FIFO)"]),
        (["check", "--manifests-only", "fifo.yaml"], ["fifo.yaml: is a named pipe"]),
        (["check", "/dev/zero"], ["/dev/zero: is a character device"]),
        (["check", "--config", "fifo.yaml", "m.yaml"], ["fifo.yaml: is a named pipe"]),
        (["check", "--config", "/dev/zero", "m.yaml"], ["/dev/zero: is a character device"]),
        (["check", "--live", "--env-file", "fifo.yaml", "m.yaml"], ["fifo.yaml: is a named"]),
        (["check", "--live", "--env-file", "/dev/zero", "m.yaml"], ["/dev/zero: is a character"]),
        (["check", "--live", "--ca-bundle", "link.yaml", "m.yaml"], ["link.yaml: is a named"]),
        (["check", "-o", "fifo.yaml", "m.yaml"], ["fifo.yaml: is a named pipe"]),
        (["init", "--profile", "1stream", "-o", "fifo.yaml", "--force"], ["fifo.yaml: is a named"]),
        (["init", "--profile", "1stream", "-o", "/dev/zero", "--force"], ["/dev/zero: is a char"]),
    ],
)
def test_special_files_are_usage_errors_never_opened(tree: Path, args, needles) -> None:
    usage_error(run_cwlint(*args, cwd=tree, timeout=TIMEOUT), *needles)
    assert (tree / "fifo.yaml").is_fifo()  # left as it was


def test_a_socket_is_a_usage_error(tree: Path) -> None:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tree / "s.yaml"))
        usage_error(run_cwlint("check", "s.yaml", cwd=tree, timeout=TIMEOUT), "is a socket")


def test_a_fifo_found_in_a_folder_walk_is_skipped(tree: Path) -> None:
    result = run_cwlint("check", ".", cwd=tree, timeout=TIMEOUT)
    assert result.returncode == 0 and "1 manifest in 1 file" in result.stdout, result.stdout


def test_a_large_manifest_is_reported_with_its_real_size(tmp_path: Path) -> None:
    with open(tmp_path / "big.yaml", "wb") as fh:
        fh.write(b"cwlint: 1\n")
        fh.truncate(100_000_000)  # sparse: costs no disk
    result = run_cwlint("check", "big.yaml", cwd=tmp_path, timeout=TIMEOUT)
    assert result.returncode == 1
    assert "big.yaml:1:1: CW005 error file is 95.4 MiB; cwlint reads manifests up to 5.0 MiB" in (
        result.stdout
    )


def test_a_huge_discovered_pyproject_is_never_read_whole(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(GOOD)
    with open(tmp_path / "pyproject.toml", "wb") as fh:
        fh.write(b"[project]\nname = 'x'\n")
        fh.truncate(3 << 30)  # 3 GiB, sparse
    result = run_cwlint("check", "m.yaml", cwd=tmp_path, timeout=TIMEOUT)
    assert result.returncode == 0, result.stdout + result.stderr  # no [tool.cwlint] in its head
    with open(tmp_path / "pyproject.toml", "r+b") as fh:
        fh.write(b"[tool.cwlint]\n")
    usage_error(
        run_cwlint("check", "m.yaml", cwd=tmp_path, timeout=TIMEOUT),
        "pyproject.toml: larger than 1.0 MiB (3.0 GiB), too large for a config file",
    )


@pytest.mark.parametrize(
    ("name", "text", "needle"),
    [
        (".cwlint.yaml", "fail-on: 0x" + "f" * 5000 + "\n", ".cwlint.yaml:1:10: a number written"),
        (".cwlint.yaml", "select: !!bool maybe\n", ".cwlint.yaml:1:9: the value is not true"),
        (".cwlint.yaml", "select: !!int _\n", ".cwlint.yaml:1:9: the value is not a whole"),
        (".cwlint.yaml", "a: 1\n---\nb: 2\n", ".cwlint.yaml: holds 2 YAML documents"),
        ("pyproject.toml", "[tool.cwlint]\nfail-on = 0x" + "f" * 5000 + "\n", "too long to show"),
        ("pyproject.toml", "[tool.cwlint]\nfail-on = " + "1" * 5000 + "\n", "over 4,300 digits"),
    ],
    ids=["yaml-hex", "yaml-bool", "yaml-int", "yaml-documents", "toml-hex", "toml-decimal"],
)
def test_bad_numbers_and_tags_in_configs_exit_2(tmp_path: Path, name, text, needle) -> None:
    (tmp_path / "m.yaml").write_text(GOOD)
    (tmp_path / name).write_text(text)
    usage_error(run_cli("check", "m.yaml", cwd=tmp_path), needle)


# -- permissions, as a user without them (root reads everything) ------------------------------

_AS_NOBODY = """
import contextlib, io, os, sys
import cwlint.cli
# warm up as root: every module and codec the run needs, read from where the interpreter lives
for warm_up in (["check", sys.argv[1]], ["check", "--config", "/nonexistent", "-"]):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        with contextlib.suppress(SystemExit):
            cwlint.cli.cli(warm_up, prog_name="cwlint")
os.setgroups([])
os.setgid(65534)
os.setuid(65534)
sys.argv = ["cwlint", *sys.argv[2:]]
cwlint.cli.main()
"""


def run_unprivileged(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``cwlint ARGS`` as a user who has only the permissions the test gives: as root, a child
    that imports what it needs and then drops to ``nobody`` (the interpreter may live where
    nobody can read); as any other user, the command itself."""
    if os.geteuid() != 0:
        return run_cwlint(*args, cwd=cwd, timeout=TIMEOUT)
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run(
        [sys.executable, "-c", _AS_NOBODY, str(ROOT / "examples/acme-1stream.yaml"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=TIMEOUT,
    )
    return proc


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder anyone may enter (pytest's tmp_path is root's own when running as root)."""
    folder = Path(tempfile.mkdtemp(prefix="cwlint-perm-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755) if path.is_dir() else None
    shutil.rmtree(folder)


def _skip_unless_permissions_bite(folder: Path) -> None:
    probe = folder / "probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        readable = run_unprivileged("check", "--select", "CW001", "probe", cwd=folder)
        if "permission denied" not in readable.stderr and readable.returncode != 2:
            pytest.skip("this user reads files without permission (no unprivileged user)")
    finally:
        probe.unlink()


@pytest.fixture(scope="module")
def permissions_bite() -> None:
    """Skips the permission tests unless this user can be denied a file (probed once)."""
    folder = Path(tempfile.mkdtemp(prefix="cwlint-perm-"))
    folder.chmod(0o755)
    try:
        _skip_unless_permissions_bite(folder)
    finally:
        shutil.rmtree(folder)


@pytest.mark.parametrize(
    ("setup", "args", "needle"),
    [
        ("locked-folder", ["check", "."], "locked: permission denied"),
        ("locked-file", ["check", "m.yaml"], "'m.yaml' is not readable"),  # click says it
        ("locked-file", ["check", "."], "m.yaml: permission denied"),
        ("unsearchable-parent", ["check", "sub/m.yaml"], "permission denied"),
        ("locked-config", ["check", "ok.yaml"], ".cwlint.yaml: permission denied"),
    ],
)
def test_permission_errors_are_a_clear_exit_2(
    permissions_bite: None, shared: Path, setup, args, needle
) -> None:
    (shared / "ok.yaml").write_text(GOOD)
    if setup == "locked-folder":
        (shared / "locked").mkdir()
        (shared / "locked/m.yaml").write_text(GOOD)
        (shared / "locked").chmod(0)
    elif setup == "locked-file":
        (shared / "m.yaml").write_text(GOOD)
        (shared / "m.yaml").chmod(0)
    elif setup == "unsearchable-parent":
        (shared / "sub").mkdir()
        (shared / "sub/m.yaml").write_text(GOOD)
        (shared / "sub").chmod(0o644)  # readable listing, no search: stat of sub/m.yaml fails
    else:
        (shared / ".cwlint.yaml").write_text("select: [CW1]\n")
        (shared / ".cwlint.yaml").chmod(0)
    for path in shared.rglob("*"):
        if path.is_file() and path.name == "ok.yaml":
            path.chmod(0o644)
    usage_error(run_unprivileged(*args, cwd=shared), needle)
