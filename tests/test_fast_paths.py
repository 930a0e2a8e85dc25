"""The fast paths give byte-identical results to the reference paths they stand in for:
the click-free ``cwlint check`` (cwlint/entry.py) against the click command line, and the
cached catalogue data against a fresh parse (never stale)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cwlint import entry
from cwlint.catalog import _yaml
from cwlint.discover import read
from tests.conftest import ROOT, run_cli, run_cwlint

FILES = sorted(
    str(p.relative_to(ROOT))
    for p in [*ROOT.glob("examples/*.yaml"), *ROOT.glob("tests/checks/*/*/*.yaml")]
)


def fast(*args: str) -> tuple[int | None, str]:
    """``cwlint ARGS`` through the fast path in this process: (exit code, standard output);
    the code is None when the fast path hands the run to click (a usage error: exit 2)."""
    plain = entry.plain_check(list(args))
    assert plain is not None, args
    out = io.StringIO()
    saved, sys.stdout = sys.stdout, out
    try:
        code = entry.run(*plain)
    finally:
        sys.stdout = saved
    return code, out.getvalue()


@pytest.mark.parametrize("flags", [(), ("-q", "--exit-zero"), ("--manifests-only", "--quiet")])
def test_fast_check_matches_click_on_every_fixture(flags, monkeypatch) -> None:
    """Each example and rule fixture alone, then all of them in one run."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    codes = set()
    for name in FILES:
        reference = run_cli("check", *flags, name, cwd=ROOT)
        if reference.returncode == 2:  # no manifest checked: click words the usage error
            assert fast("check", *flags, name) == (None, ""), name
        else:
            assert fast("check", *flags, name) == (reference.returncode, reference.stdout), name
        codes.add(reference.returncode)
    reference = run_cli("check", *flags, *FILES, cwd=ROOT)
    assert fast("check", *flags, *FILES) == (reference.returncode, reference.stdout)
    # --manifests-only names non-manifests among the fixtures: those runs check nothing (exit 2)
    assert codes - {2} == ({0} if "--exit-zero" in flags else {0, 1})
    assert (2 in codes) == ("--manifests-only" in flags)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["check"],
        ["check", "-"],
        ["check", "--", "a.yaml"],
        ["check", "--format", "json", "a.yaml"],
        ["check", "--select=CW3", "a.yaml"],
        ["check", "a.yaml", "-x"],
        ["check", ""],
        ["rules"],
        ["config", "a.yaml"],
        ["--version"],
    ],
)
def test_anything_else_goes_to_click(args) -> None:
    assert entry.plain_check(args) is None


def test_github_actions_goes_to_click(monkeypatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert entry.plain_check(["check", "a.yaml"]) is not None
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert entry.plain_check(["check", "a.yaml"]) is None


def test_colour_and_a_terminal_go_to_click(monkeypatch) -> None:
    """Colour and code frames are decided by the click command line (cwlint.cli)."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert entry.plain_check(["check", "a.yaml"]) is None
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert entry.plain_check(["check", "a.yaml"]) is None


def test_real_entry_point_skips_click_and_falls_back(tmp_path) -> None:
    """Through the interpreter: a plain check imports no click; a usage error (a missing
    file) and an unknown option still get click's words and exit 2."""
    probe = (
        "import sys\nfrom cwlint.entry import main\nsys.argv = ['cwlint', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit as e:\n"
        "    print('click' in sys.modules, e.code, file=sys.stderr)\n"
    )
    example = str(ROOT / "examples" / "acme-1stream.yaml")
    proc = subprocess.run(
        [sys.executable, "-c", probe, "check", example], capture_output=True, text=True
    )
    assert proc.stderr.split() == ["False", "0"] and "No problems" in proc.stdout
    missing = run_cwlint("check", str(tmp_path / "absent.yaml"))
    assert (
        missing.returncode == 2 and "Error:" in missing.stderr and "absent.yaml" in missing.stderr
    )
    unknown = run_cwlint("check", "--no-such-flag", example)
    assert unknown.returncode == 2 and "No such option '--no-such-flag'" in unknown.stderr


def test_catalogue_cache_is_keyed_by_content(tmp_path, monkeypatch) -> None:
    """A data file is parsed once; changed bytes are parsed again (never a stale value, even
    when an entry's name matches); a broken entry is parsed past; an empty CWLINT_CACHE_DIR
    turns the cache off."""
    monkeypatch.setenv("CWLINT_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "facts.yaml"
    data.write_text("a: [1, 2.5, true, null, x]\n")
    assert _yaml.load_yaml(data) == {"a": [1, 2.5, True, None, "x"]}
    entries = list((tmp_path / "cache").iterdir())
    assert len(entries) == 1
    assert _yaml.load_yaml(data) == {"a": [1, 2.5, True, None, "x"]}  # from the cache
    data.write_text("a: [1, 2.5, true, null, y]\n")
    assert _yaml.load_yaml(data) == {"a": [1, 2.5, True, None, "y"]}
    assert len(list((tmp_path / "cache").iterdir())) == 2
    entries[0].write_bytes(b"\xff broken")
    data.write_text("a: [1, 2.5, true, null, x]\n")
    assert _yaml.load_yaml(data) == {"a": [1, 2.5, True, None, "x"]}
    import marshal  # an entry under the same name for other bytes (a checksum collision)

    entry = _yaml._cache_file(data.read_bytes())
    assert entry is not None
    entry.write_bytes(marshal.dumps((b"other bytes", {"a": "stale"})))
    assert _yaml.load_yaml(data) == {"a": [1, 2.5, True, None, "x"]}
    monkeypatch.setenv("CWLINT_CACHE_DIR", "")
    assert _yaml.cache_dir() is None and _yaml.load_yaml(data)["a"][-1] == "x"


def test_cached_catalogue_equals_a_fresh_parse(tmp_path, monkeypatch) -> None:
    import yaml

    monkeypatch.setenv("CWLINT_CACHE_DIR", str(tmp_path))
    for path in sorted(Path(ROOT, "rules").glob("*/*.yaml")):
        fresh = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        assert _yaml.load_yaml(path) == fresh  # parsed and cached
        assert _yaml.load_yaml(path) == fresh, path  # read back from the cache


def test_parallel_run_matches_serial_run(monkeypatch) -> None:
    """Every example and fixture (and stdin among them) checked by forked workers gives the
    report one process gives, finding for finding, in the same order."""
    from cwlint import engine
    from cwlint.engine import lint

    monkeypatch.chdir(ROOT)
    if (os.cpu_count() or 1) < 2:
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
    stdin = (ROOT / "examples" / "acme-1stream.yaml").read_bytes()
    monkeypatch.setattr(engine, "read", lambda name: stdin if name == "-" else read(name))
    paths = [*FILES, "-", "tests/checks"]
    monkeypatch.setattr(engine, "PARALLEL_FROM", 10**9)
    serial = lint(paths)
    monkeypatch.setattr(engine, "PARALLEL_FROM", 8)
    monkeypatch.setattr(engine, "CHUNK", 3)
    parallel = lint(paths)
    assert parallel == serial
    assert len(serial.findings) > 100 and "-" in serial.files


def test_sarif_results_are_the_reference_objects(monkeypatch) -> None:
    """SARIF's results, written one compact line each by the C encoder, parse to exactly the
    objects the reporter builds; the file is one JSON document with one result per line."""
    import json

    from cwlint import repo
    from cwlint.engine import lint
    from cwlint.registry import all_rules
    from cwlint.report import View
    from cwlint.report.sarif import SarifReporter

    monkeypatch.chdir(ROOT)
    report = lint(FILES)
    text = SarifReporter(View(format="sarif")).render(report)
    index = {rule_id: i for i, rule_id in enumerate(all_rules())}
    base = repo.root(str(ROOT)) or str(ROOT)
    results = json.loads(text)["runs"][0]["results"]
    assert results == [SarifReporter.result(f, index, base) for f in report.findings]
    assert len(results) > 100
    assert sum(line.startswith('        {"ruleId": ') for line in text.splitlines()) == len(results)


def test_record_behaves_as_a_frozen_dataclass() -> None:
    """@record gives what @dataclass(frozen=True) gives: construction, defaults, repr,
    equality, hash (compared fields only), refused assignment and the same TypeErrors."""
    import dataclasses

    from cwlint._record import field_names, record, replace

    def body() -> dict:
        return {
            "__annotations__": {"a": "int", "b": "str", "c": "list", "d": "int", "e": "int"},
            "b": "x",
            "c": dataclasses.field(default_factory=list),
            "d": dataclasses.field(default=0, compare=False),
            "e": dataclasses.field(default=1, repr=False, hash=False),
        }

    Rec = record(type("Point", (), body()))
    Ref = dataclasses.dataclass(frozen=True)(type("Point", (), body()))
    for args, kwargs in [((1,), {}), ((1, "y"), {"e": 5}), ((), {"a": 2, "d": 9})]:
        rec, ref = Rec(*args, **kwargs), Ref(*args, **kwargs)
        assert repr(rec) == repr(ref)
        assert rec == Rec(*args, **kwargs) and rec != ref
        assert [getattr(rec, n) for n in field_names(Rec)] == list(dataclasses.astuple(ref))
    assert Rec(1, d=1) == Rec(1, d=2) and Rec(1, e=1) != Rec(1, e=2)
    assert hash(Rec(1, "x", (), 0, 1)) == hash(Rec(1, "x", (), 5, 2))
    assert Rec(1).c is not Rec(1).c
    assert replace(Rec(1, "y", e=3), a=2) == Rec(2, "y", e=3)
    assert repr(replace(Rec(1), b="z")) == repr(dataclasses.replace(Ref(1), b="z"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        Rec(1).a = 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        del Rec(1).a
    for args, kwargs in [((), {}), ((1, "x", [], 0, 1, 2), {}), ((1,), {"a": 1}), ((1,), {"z": 1})]:
        with pytest.raises(TypeError):
            Ref(*args, **kwargs)
        with pytest.raises(TypeError):
            Rec(*args, **kwargs)
