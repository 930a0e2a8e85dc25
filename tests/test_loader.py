"""The loader: positions of keys and values, duplicates, multi-document files, safety bounds."""

from __future__ import annotations

import time

import pytest

from cwlint.findings import Span
from cwlint.manifest.load import MAX_BYTES, load

MANIFEST = b"""cwlint: 1
name: acme
connection:
  deployment: cloud
  site: "https://na.myconnectwise.net/"
pods:
  - description: call pod
    height: 300
  - {description: flow pod, height: 200}
"""


def test_positions_of_keys_values_items_and_flow_style() -> None:
    doc = load(MANIFEST, "m.yaml").documents[0]
    assert doc.span(("name",)) == Span(2, 7, 2, 11)
    assert doc.span(("name",), key=True) == Span(2, 1, 2, 5)
    assert doc.span(("connection", "site"))[:2] == (5, 9)  # the opening quote
    assert doc.span(("pods", 0))[:2] == (7, 5)
    assert doc.span(("pods", 0, "height"))[:2] == (8, 13)
    assert doc.span(("pods", 1, "height"))[:2] == (9, 37)
    assert doc.data["pods"][1] == {"description": "flow pod", "height": 200}


def test_missing_path_points_at_nearest_parent_key() -> None:
    doc = load(MANIFEST, "m.yaml").documents[0]
    assert doc.span(("connection", "api_url"))[:2] == (3, 1)
    assert doc.span(("pods", 0, "url"))[:2] == (7, 5)


def test_scalars_are_typed_as_json_sees_them_and_keys_stay_text() -> None:
    doc = load(
        b"cwlint: 1\nname: x\non: yes\n1: 0x10\nv: '2025.1'\nf: 2025.1\nn:\n", "m.yaml"
    ).documents[0]
    assert doc.data == {
        "cwlint": 1,
        "name": "x",
        "on": True,
        "1": 16,
        "v": "2025.1",
        "f": 2025.1,
        "n": None,
    }


def test_multi_document_file_keeps_each_documents_positions() -> None:
    loaded = load(b"cwlint: 1\nname: a\n---\ncwlint: 1\nname: b\n", "m.yaml")
    assert [d.index for d in loaded.documents] == [0, 1]
    assert loaded.documents[1].span(("name",))[:2] == (5, 7)


def test_duplicate_keys_reported_at_every_repeat_and_last_value_kept() -> None:
    loaded = load(b"cwlint: 1\nname: a\nname: b\nname: c\n", "m.yaml")
    dups = [(p.rule, p.span.line, p.span.col) for p in loaded.problems]
    assert dups == [("CW002", 3, 1), ("CW002", 4, 1)]
    doc = loaded.documents[0]
    assert doc.data["name"] == "c" and doc.span(("name",))[:2] == (4, 7)


def test_alias_bomb_is_stopped_fast() -> None:
    lines = [b"cwlint: 1", b'a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    prev = b"a"
    for name in b"bcdefghijk":
        n = bytes([name])
        lines.append(n + b": &" + n + b" [" + b",".join([b"*" + prev] * 10) + b"]")
        prev = n
    started = time.perf_counter()
    loaded = load(b"\n".join(lines), "bomb.yaml")
    assert time.perf_counter() - started < 5
    assert [p.rule for p in loaded.problems] == ["CW005"]
    assert loaded.documents == []


def test_tags_are_never_executed(tmp_path) -> None:
    marker = tmp_path / "pwned"
    raw = f"cwlint: 1\nx: !!python/object/apply:os.system ['touch {marker}']\n".encode()
    loaded = load(raw, "m.yaml")
    assert not marker.exists()
    assert [(p.rule, p.span.line, p.span.col) for p in loaded.problems] == [("CW005", 2, 4)]
    assert loaded.documents[0].data["x"] == [f"touch {marker}"]


@pytest.mark.parametrize(
    "raw, rule, where",
    [
        (b"", "CW004", (1, 1)),
        (b"   \n\n", "CW004", (1, 1)),
        (b"just text", "CW004", (1, 1)),
        (b"- a\n- b\n", "CW004", (1, 1)),
        (b"\xef\xbb\xbfcwlint: 2\n", "CW004", (1, 9)),
        (b"cwlint: 1\nname: \xc3\x28\n", "CW001", (2, 7)),
        (b"cwlint: 1\x00\n", "CW001", (1, 10)),
        (b"cwlint: 1\nname: [a\n", "CW001", (3, 1)),
        (b"cwlint: 1\nx: \x07bell\n", "CW001", (2, 4)),
        (b"x: " + b"[" * 500 + b"]" * 500, "CW005", (1, 68)),
        (b"{" * 500, "CW001", (2, 1)),
        (b"a:\n" + b"".join(b"  " * i + b"b:\n" for i in range(1, 100)), "CW005", (66, 131)),
    ],
    ids=lambda v: repr(v)[:40] if isinstance(v, bytes) else None,
)
def test_bad_input_gets_one_positioned_finding(raw: bytes, rule: str, where: tuple) -> None:
    loaded = load(raw, "bad.yaml")
    assert [(p.rule, p.span.line, p.span.col) for p in loaded.problems] == [(rule, *where)]


def test_oversized_file_is_refused_without_parsing() -> None:
    started = time.perf_counter()
    loaded = load(b"#" * (MAX_BYTES + 1), "big.yaml")
    assert time.perf_counter() - started < 1
    assert [p.rule for p in loaded.problems] == ["CW005"]
    assert "MiB" in loaded.problems[0].message


@pytest.mark.parametrize(
    "raw",
    [
        b"x: " + b"[" * 10_000 + b"]" * 10_000,
        b"{" * 10_000,
        b"a:\n" + b"".join(b" " * i + b"b:\n" for i in range(1, 3000)),
    ],
    ids=["flow", "unclosed", "block"],
)
def test_ten_thousand_deep_nesting_is_bounded(raw: bytes) -> None:
    """libyaml's own depth bound (PyYAML >= 6.0.4, at ~1000) or ours (64) stops it: either way a
    finding on line 1 or further, in bounded time, never a RecursionError."""
    started = time.perf_counter()
    loaded = load(raw, "deep.yaml")
    assert time.perf_counter() - started < 5
    assert len(loaded.problems) == 1 and loaded.problems[0].rule in ("CW001", "CW005")
    assert loaded.documents == []
