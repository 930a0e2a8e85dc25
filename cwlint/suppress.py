"""Inline suppressions: ``# cwlint: disable=CW302 -- reason`` comments, and what they left unused.

- ``# cwlint: disable=ID[,ID...]`` at the end of a line suppresses those rules' findings that
  start on that line; on a line of its own it applies to the next line with content (blank and
  comment lines in between are skipped, so several own-line comments can stack).
- ``# cwlint: disable-file=ID[,ID...]`` anywhere (as a comment) suppresses them in the whole file.
- IDs, names and prefixes are accepted, as for ``--select`` (``CW302``, ``excess-permission``).
- Text after ``--`` is the reason: kept on the finding (``Finding.suppressed``), shown in JSON
  and SARIF. A suppressed finding no longer counts for the exit code or the text report.

Only real YAML comments count: a ``#`` inside a quoted or block scalar (a URL fragment, a
description) is text. The file is tokenised (libyaml) only when a line could hold a directive.
:func:`unused` lists the directives that suppressed nothing, for CW006.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, field

from cwlint.findings import Finding, Span, Suppression

CW006 = "CW006"
VERBS = ("disable", "disable-file")
_MARK = re.compile(r"#[ \t]*cwlint[ \t]*:[ \t]*", re.IGNORECASE)
_VERB = re.compile(r"([A-Za-z][\w-]*)[ \t]*(=?)(.*)")
_EXAMPLE = "write `# cwlint: disable=CW302 -- reason`"


@dataclass
class Entry:
    """One rule selector of a directive, as written, and the rule IDs it names."""

    selector: str
    ids: tuple[str, ...]
    used: bool = False


@dataclass
class Directive:
    """One ``# cwlint:`` comment."""

    span: Span  # from the ``#`` to the end of the line
    file_wide: bool
    target: int  # the line it applies to (0: file-wide, or no line follows)
    reason: str = ""
    entries: list[Entry] = field(default_factory=list)
    problem: str = ""  # a malformed directive or an unknown rule: it cannot work as written


def scan(lines: list[str]) -> list[Directive]:
    """Every ``# cwlint:`` directive in a file's lines, in order."""
    candidates = [
        (i, m)
        for i, line in enumerate(lines)
        if "#" in line and "cwlint" in line.lower()
        for m in _MARK.finditer(line)
        if m.start() == 0 or line[m.start() - 1] in " \t"
    ]
    if not candidates:
        return []
    in_text = _inside_scalars(lines, [(i, m.start()) for i, m in candidates])
    directives: list[Directive] = []
    seen_lines: set[int] = set()
    for i, match in candidates:
        if (i, match.start()) in in_text or i in seen_lines:
            continue  # text, not a comment; or a second directive in the same comment
        directive = _parse(lines, i, match)
        if directive is not None:
            seen_lines.add(i)
            directives.append(directive)
    return directives


def _inside_scalars(lines: list[str], positions: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The (line, column) positions, 0-based, that fall inside a YAML token (quoted, plain or
    block scalar) rather than a comment. Past a syntax error, a ``#`` after a blank counts as a
    comment, as YAML reads it."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class("\n".join(lines))
    last = max(positions)
    inside: set[tuple[int, int]] = set()
    try:
        while True:
            token = loader.get_token()
            if token is None:
                break
            start = (token.start_mark.line, token.start_mark.column)
            end = (token.end_mark.line, token.end_mark.column)
            if start > last:
                break
            inside.update(p for p in positions if start <= p < end)
    except yaml.MarkedYAMLError as exc:  # e.g. an unclosed quote: its text up to the error
        if (
            "scalar" in (exc.context or "")
            and exc.context_mark is not None
            and exc.problem_mark is not None
        ):
            start = (exc.context_mark.line, exc.context_mark.column)
            end = (exc.problem_mark.line, exc.problem_mark.column)
            inside.update(p for p in positions if start <= p < end)
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return inside


def _parse(lines: list[str], index: int, match: re.Match[str]) -> Directive | None:
    line = lines[index]
    span = Span(index + 1, match.start() + 1, index + 1, len(line) + 1)
    body, _, reason = line[match.end() :].partition("--")
    verb_match = _VERB.match(body.strip())
    if verb_match is None:  # e.g. a commented-out `# cwlint: 1`
        return None
    verb, equals, listed = verb_match.groups()
    verb = verb.lower()
    before = line[: match.start()].strip()
    own_line = not before or before.startswith("#")  # nothing but (maybe) comment text before
    directive = Directive(
        span,
        verb == "disable-file",
        _next_content_line(lines, index) if own_line else index + 1,
        reason.strip(),
    )
    if verb not in VERBS:
        from cwlint.manifest.schema import suggest

        hint = suggest(verb, VERBS)
        if not hint:
            return None  # prose that happens to start with "cwlint:", not a directive
        directive.problem = f"unknown suppression directive {verb!r}{hint} ({_EXAMPLE})"
        return directive
    selectors = [s.strip() for s in listed.split(",") if s.strip()] if equals else []
    if not selectors:
        directive.problem = (
            f"`# cwlint: {verb}` names no rule: write `# cwlint: {verb}=CW302 -- reason`"
        )
        return directive
    from cwlint.registry import UnknownRule, resolve

    unknown = []
    for selector in selectors:
        try:
            directive.entries.append(Entry(selector, tuple(resolve(selector))))
        except UnknownRule as exc:
            unknown.append(f"suppression comment: {exc}")
    directive.problem = "; ".join(unknown)
    if directive.file_wide:
        directive.target = 0
    return directive


def _next_content_line(lines: list[str], index: int) -> int:
    """The 1-based number of the first line after ``index`` with something besides a comment."""
    for j in range(index + 1, len(lines)):
        text = lines[j].strip()
        if text and not text.startswith("#"):
            return j + 1
    return 0


def apply(directives: list[Directive], findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` with those a directive covers marked ``suppressed`` (its reason, or "");
    the directives record which of their entries were used."""
    file_wide = [d for d in directives if d.file_wide]
    by_line: dict[int, list[Directive]] = {}
    for d in directives:
        if not d.file_wide and d.target:
            by_line.setdefault(d.target, []).append(d)
    out = []
    for finding in findings:
        reason = None
        if finding.suppressed is None:
            for d in (*by_line.get(finding.line, ()), *file_wide):
                for entry in d.entries:
                    if finding.rule in entry.ids:
                        entry.used = True
                        reason = d.reason if reason is None else reason
        out.append(
            finding
            if reason is None
            else dataclasses.replace(finding, suppressed=Suppression(reason))
        )
    return out


def unused(directives: list[Directive], ran: Container[str]) -> list[tuple[Span, str]]:
    """CW006: ``(span, message)`` for each directive that suppressed nothing or cannot work.

    ``ran``: the rules that ran on this file. A suppression of a rule that did not run (turned
    off by select, ignore or per-file-ignores, or a live rule without ``--live``) cannot be
    judged and is left alone: turning a rule off must not turn its suppressions into warnings.
    CW006 itself is never reported as unused.
    """
    out = []
    for d in directives:
        problems = [d.problem] if d.problem else []
        for entry in d.entries:
            if entry.used or CW006 in entry.ids or not any(i in ran for i in entry.ids):
                continue
            where = (
                "in this file"
                if d.file_wide
                else f"on line {d.target}"
                if d.target
                else "(no line follows the comment)"
            )
            problems.append(
                f"unused suppression of {entry.selector}: no such finding {where}; remove it"
            )
        if problems:
            out.append((d.span, "; ".join(problems)))
    return out
