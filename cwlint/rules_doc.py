"""Rule metadata, rendered from here only: ``cwlint rules`` (text, json, markdown), ``cwlint
explain``, the SARIF reporter's rule descriptors and README.md's rules table.

README.md keeps the table between ``<!-- rules:start -->`` and ``<!-- rules:end -->``; a test
compares it with :func:`markdown_table`. ``python -m cwlint.rules_doc`` rewrites that section in
place after a rule is added or changed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

from cwlint.registry import Rule, all_rules

START, END = "<!-- rules:start -->", "<!-- rules:end -->"
REGENERATE = "python -m cwlint.rules_doc"
README = Path(__file__).resolve().parent.parent / "README.md"
FORMATS = ("text", "json", "markdown")  #: of :func:`listing`


def as_dict(rule: Rule) -> dict[str, object]:
    """Every field of a rule as JSON-ready data (``cwlint rules --format json``; SARIF)."""
    return {
        "id": rule.id,
        "name": rule.name,
        "severity": str(rule.severity),
        "summary": rule.summary,
        "live": rule.live,
        "audit": rule.audit,
        "url": rule.url,
        "rationale": rule.rationale,
        "bad": rule.bad,
        "good": rule.good,
        "source": rule.source,
    }


def explain(rule: Rule) -> str:
    """``cwlint explain``'s text, also SARIF's plain-text help: why, bad, good, source, docs
    (where a documentation page exists)."""
    parts = [
        f"{rule.id} {rule.name} (default: {rule.severity})",
        rule.summary,
        rule.rationale,
        "Bad:\n" + _indent(rule.bad),
        "Good:\n" + _indent(rule.good),
        f"Source: {rule.source}",
    ]
    if rule.url:
        parts.append(f"Docs: {rule.url}")
    return "\n\n".join(parts)


def help_markdown(rule: Rule) -> str:
    """The same as :func:`explain` in Markdown (SARIF's help, shown by code-scanning UIs)."""
    return "\n\n".join(
        [
            f"**{rule.summary}**",
            rule.rationale,
            f"Bad:\n\n```yaml\n{rule.bad}\n```",
            f"Good:\n\n```yaml\n{rule.good}\n```",
            f"Source: {rule.source}",
        ]
    )


def listing(fmt: str, rules: Iterable[Rule] | None = None) -> str:
    """Every rule, in ID order: ``text`` (one aligned line each), ``json`` or ``markdown``."""
    listed = list(rules if rules is not None else all_rules().values())
    if fmt == "markdown":
        return markdown_table(listed)
    if fmt == "json":
        return json.dumps([as_dict(r) for r in listed], indent=2) + "\n"
    width = max((len(r.name) for r in listed), default=0)
    return "".join(f"{r.id}  {r.severity!s:<7}  {r.name:<{width}}  {r.summary}\n" for r in listed)


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.splitlines())


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def markdown_table(rules: Iterable[Rule] | None = None) -> str:
    """``| ID | name | severity | summary |`` with one row per rule, in ID order."""
    lines = ["| ID | name | severity | summary |", "|---|---|---|---|"]
    for rule in rules if rules is not None else all_rules().values():
        summary = _cell(rule.summary) + (" (`--live`)" if rule.live else "")
        summary += " (`audit`)" if rule.audit else ""
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
