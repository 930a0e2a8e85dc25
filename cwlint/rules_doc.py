"""The rules reference as Markdown: `cwlint rules --format markdown`, and README.md's copy of it.

README.md keeps the table between ``<!-- rules:start -->`` and ``<!-- rules:end -->``; a test
compares it with :func:`markdown_table`. ``python -m cwlint.rules_doc`` rewrites that section in
place after a rule is added or changed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from cwlint.registry import Rule, all_rules

START, END = "<!-- rules:start -->", "<!-- rules:end -->"
REGENERATE = "python -m cwlint.rules_doc"
README = Path(__file__).resolve().parent.parent / "README.md"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def markdown_table(rules: Iterable[Rule] | None = None) -> str:
    """``| ID | name | severity | summary |`` with one row per rule, in ID order."""
    lines = ["| ID | name | severity | summary |", "|---|---|---|---|"]
    for rule in rules if rules is not None else all_rules().values():
        summary = _cell(rule.summary) + (" (`--live`)" if rule.live else "")
        lines.append(f"| {rule.id} | {rule.name} | {rule.severity} | {summary} |")
    return "\n".join(lines) + "\n"


def readme_section(text: str) -> str | None:
    """The text between the markers (without them), or ``None`` if they are missing."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        return None
    return text[start + len(START) : end].strip("\n") + "\n"


def updated(text: str) -> str:
    """``text`` with the section between the markers replaced by the current table."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"README.md has no {START} ... {END} section")
    return text[: start + len(START)] + "\n" + markdown_table() + text[end:]


def main(path: Path = README) -> None:
    path.write_text(updated(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"{path}: rules table updated ({len(all_rules())} rules)", file=sys.stderr)


if __name__ == "__main__":
    main()
