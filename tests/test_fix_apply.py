"""Edits applied at exact spans (cwlint.fix.apply): the text outside them stays byte for byte."""

from __future__ import annotations

from cwlint.findings import Edit, Fix, Span
from cwlint.fix import apply, line_starts


def _fix(*edits: tuple[int, int, int, int, str], safe: bool = True) -> Fix:
    return Fix("t", tuple(Edit(Span(a, b, c, d), text) for a, b, c, d, text in edits), safe)


def test_line_starts_count_every_yaml_line_break() -> None:
    assert line_starts("a\r\nb\nc\rd") == [0, 3, 5, 7]


def test_edits_keep_comments_and_crlf_outside_them() -> None:
    text = "a: 1  # one\r\nb: v2025_1  # two\r\n"
    out, applied = apply(text, [_fix((2, 4, 2, 11, "v2025_1/"))])
    assert out == "a: 1  # one\r\nb: v2025_1/  # two\r\n"
    assert len(applied) == 1


def test_overlapping_fixes_wait_and_a_fix_is_applied_whole() -> None:
    text = "abcdef"
    first = _fix((1, 1, 1, 3, "X"))
    second = _fix((1, 2, 1, 4, "Y"), (1, 6, 1, 7, "Z"))  # overlaps the first: none of it applied
    out, applied = apply(text, [second, first])
    assert out == "Xcdef"
    assert applied == [first]


def test_insertions_at_one_point_are_not_both_applied() -> None:
    out, applied = apply("ab", [_fix((1, 2, 1, 2, "X")), _fix((1, 2, 1, 2, "Y"))])
    assert out == "aXb"
    assert len(applied) == 1


def test_multi_line_edit_and_insertion_at_end() -> None:
    text = "a:\n  - 1\n  - 2\n"
    out, _ = apply(text, [_fix((2, 1, 3, 1, "")), _fix((4, 1, 4, 1, "  - 3\n"))])
    assert out == "a:\n  - 2\n  - 3\n"
