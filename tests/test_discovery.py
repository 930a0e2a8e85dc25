"""Discovery decides on the decoded YAML: every spelling of a top-level `cwlint` key counts."""

from __future__ import annotations

import pytest

from cwlint.discover import is_manifest
from cwlint.engine import lint
from cwlint.options import Options
from tests.conftest import ROOT

GOOD = (ROOT / "examples/acme-1stream.yaml").read_text()
SECRET = "  private_key: Abcdefgh12345678\n"  # a literal key: CW201 must fire wherever it hides
MANIFEST = GOOD.replace("  private_key: ${CW_PRIVATE_KEY}\n", SECRET)
TAIL = MANIFEST.replace("cwlint: 1\n", "", 1)  # the manifest without its marker
assert "cwlint:" not in TAIL

SPELLINGS = {
    "plain": MANIFEST,
    "json-style-indented": '{\n  "name": "x",\n  "cwlint": 1,\n'
    + '  "connection": {"private_key": "Abcdefgh12345678"}\n}\n',
    "flow": "{name: x, cwlint: 1, connection: {private_key: Abcdefgh12345678}}\n",
    "explicit-key": "? cwlint\n: 1\n" + TAIL,
    "anchor": "&k cwlint: 1\n" + TAIL,
    "tag": "!!str cwlint: 1\n" + TAIL,
    "escaped": '"cw\\x6cint": 1\n' + TAIL,
    "alias": "name: &k cwlint\n*k : 1\n" + TAIL.replace("name: acme-1stream\n", ""),
    "merge": "base: &b {cwlint: 1}\n<<: *b\n" + TAIL,
    "second-document": "just: text\n---\n" + MANIFEST,
    "utf-16": MANIFEST,
    "utf-16-be-no-bom": MANIFEST,
    "utf-32": MANIFEST,
}
ENCODING = {"utf-16": "utf-16", "utf-16-be-no-bom": "utf-16-be", "utf-32": "utf-32"}


def raw(name: str) -> bytes:
    return SPELLINGS[name].encode(ENCODING.get(name, "utf-8"))


@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_every_spelling_is_discovered_in_a_walk_and_by_manifests_only(tmp_path, name) -> None:
    assert is_manifest(raw(name))
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "m.yaml").write_bytes(raw(name))
    for paths, options in (
        ([str(tmp_path / "cfg")], Options()),
        ([str(tmp_path / "cfg" / "m.yaml")], Options(manifests_only=True)),
    ):
        report = lint(paths, options)
        assert report.files == [str(tmp_path / "cfg" / "m.yaml")], name
        assert "CW201" in {f.rule for f in report.findings}, name


@pytest.mark.parametrize(
    "text",
    [
        "a:\n  cwlint: 1\n",  # nested
        "a: cwlint\n",  # a value
        "- cwlint\n",  # a list item
        "# cwlint: 1\na: 1\n",  # a comment
        '"cwlintx": 1\n',
        "name: 'C:\\\\cwlint\\\\x'\n",  # a backslash and the word, not the key
        "",
        "\x00\x01binary cwlint",
    ],
)
def test_files_without_the_key_are_not_manifests(text: str) -> None:
    assert not is_manifest(text.encode())


def test_suppression_comments_work_in_utf16_files(tmp_path) -> None:
    text = MANIFEST.replace(SECRET, SECRET.rstrip("\n") + "  # cwlint: disable=CW201\n")
    (tmp_path / "m.yaml").write_bytes(text.encode("utf-16"))
    findings = lint([str(tmp_path / "m.yaml")]).findings
    assert [f.suppressed is not None for f in findings if f.rule == "CW201"] == [True]
