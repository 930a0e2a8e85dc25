"""Rule metadata, rendered from here only: ``cwlint rules`` (text, json, markdown), ``cwlint
explain``, the SARIF reporter's rule descriptors, README.md's rules table and the documentation
site's rule pages (:func:`site_pages`, which ``mkdocs_hooks.py`` adds to the site at build time).

README.md keeps the table between ``<!-- rules:start -->`` and ``<!-- rules:end -->``; a test
compares it with :func:`markdown_table`. ``python -m cwlint.rules_doc`` rewrites that section in
place after a rule is added or changed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

from cwlint.findings import Severity
from cwlint.registry import RULE_PAGE, Rule, all_rules

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
        "fix": rule.fix,
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


def _prose(text: str) -> str:
    """Text for a Markdown page: ``<`` outside code spans written as ``&lt;`` (``<id>`` in a
    path is not an HTML tag)."""
    parts = text.split("`")
    return "`".join(p if i % 2 else p.replace("<", "&lt;") for i, p in enumerate(parts))


def page_path(rule: Rule) -> str:
    """The source file of the rule's page, so that the site serves it at :data:`RULE_PAGE`."""
    return RULE_PAGE.format(id=rule.id).rstrip("/") + ".md"


def rule_page(rule: Rule) -> str:
    """The rule's page of the documentation site (Markdown): everything :func:`explain` says,
    and how to fix, turn off or re-grade it."""
    kind = "live: runs with `--live` or `--snapshot`" if rule.live else "static"
    parts = [
        f"# {rule.id} {rule.name}",
        f"**{_prose(rule.summary)}**",
        f"Default severity: **{rule.severity}** · {kind}",
        _prose(rule.rationale),
        f"## Bad\n\n```yaml\n{rule.bad}\n```",
        f"## Good\n\n```yaml\n{rule.good}\n```",
    ]
    if rule.fix == "safe":
        parts.append(
            "## Fix\n\n`cwlint check --fix` fixes its findings in place, editing only the "
            "value at fault (comments and style kept); `--diff` shows the change first. The "
            "editor server offers it as a quick fix."
        )
    elif rule.fix == "unsafe":
        parts.append(
            "## Fix\n\n`cwlint check --fix --unsafe-fixes` fixes its findings in place. The fix "
            "is unsafe: it changes what the role grants or where a secret lives, so look at "
            "`--diff --unsafe-fixes` first. The editor server offers it as a quick fix."
        )
    parts += [
        f"## Source\n\n{_prose(rule.source)}",
        "## Turn it off or re-grade it\n\n"
        f"`--ignore {rule.id}` (or `ignore` in the [configuration](../configuration.md)), "
        f"`--severity {rule.id}={'warning' if rule.severity == Severity.ERROR else 'error'}`, "
        "or on one line "
        f"`# cwlint: disable={rule.id} -- reason`. `cwlint explain {rule.id}` prints this page.",
    ]
    return "\n\n".join(parts) + "\n"


def rules_page() -> str:
    """The site's rule index: the table of :func:`markdown_table`, each ID linking its page."""
    table = markdown_table()
    for rule in all_rules().values():
        link = f"[{rule.id}]({page_path(rule).removeprefix('rules/')})"
        table = table.replace(f"| {rule.id} |", f"| {link} |", 1)
    return (
        "# Rules\n\nEvery rule, generated from its module (`cwlint rules` prints the same "
        "list, `cwlint explain ID` one rule). Live rules need `--live` or `--snapshot`.\n\n"
        + _prose(table)
    )


def site_pages() -> dict[str, str]:
    """The generated pages of the documentation site, by path under ``docs/``."""
    pages = {"rules/index.md": rules_page()}
    pages.update((page_path(rule), rule_page(rule)) for rule in all_rules().values())
    return pages


def listing(fmt: str, rules: Iterable[Rule] | None = None) -> str:
    """Every rule, in ID order: ``text`` (one aligned line each), ``json`` or ``markdown``."""
    listed = list(rules if rules is not None else all_rules().values())
    if fmt == "markdown":
        return markdown_table(listed)
    if fmt == "json":
        return json.dumps([as_dict(r) for r in listed], indent=2) + "\n"
    width = max((len(r.name) for r in listed), default=0)
    return "".join(
        f"{r.id}  {r.severity!s:<7}  {r.name:<{width}}  {r.summary}{_fix_mark(r)}\n" for r in listed
    )


def _fix_mark(rule: Rule) -> str:
    """`` (fix: safe)`` for a rule whose findings may carry a fix; ``""`` otherwise."""
    return f" (fix: {rule.fix})" if rule.fix else ""


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.splitlines())


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def markdown_table(rules: Iterable[Rule] | None = None) -> str:
    """``| ID | name | severity | fix | summary |`` with one row per rule, in ID order (fix:
    ``safe`` for ``--fix``, ``unsafe`` for ``--unsafe-fixes``)."""
    lines = ["| ID | name | severity | fix | summary |", "|---|---|---|---|---|"]
    for rule in rules if rules is not None else all_rules().values():
        summary = _cell(rule.summary) + (" (`--live`)" if rule.live else "")
        summary += " (`audit`)" if rule.audit else ""
        lines.append(
            f"| {rule.id} | {rule.name} | {rule.severity} | {rule.fix or ''} | {summary} |"
        )
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
