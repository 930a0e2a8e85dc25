"""`codebase` is not written the way ConnectWise returns it.

`GET https://{site}/login/companyinfo/{company_id}` returns the codebase: `vYYYY_N/` on cloud
(the PSA release, e.g. `v2025_1/`) and always `v4_6_release/` on premise, trailing slash
included. Integrations build the REST base as `https://{api host}/{codebase}apis/3.0/`, so a
codebase without its slash gives `.../v2025_1apis/3.0/` and every call answers 404. An
on-premise server never returns a cloud codebase, so that combination is reported as well
(unless the URLs are cloud hosts: then the deployment is what is wrong, and CW109 says so).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from cwlint.checks._connection import connection_urls, deployment
from cwlint.context import Context
from cwlint.findings import Edit, Fix, Issue, Severity, Span
from cwlint.secrets import has_reference

ID = "CW103"
NAME = "codebase-format"
SEVERITY = Severity.ERROR
SUMMARY = "codebase is not `vYYYY_N/` or `v4_6_release/` (trailing slash included)"
BAD = """
cwlint: 1
connection:
  deployment: cloud
  codebase: v2025_1
"""
GOOD = """
cwlint: 1
connection:
  deployment: cloud
  codebase: v2025_1/
"""
SOURCE = "rules/connectwise/connection.yaml (ConnectWise PSA Developer Guide, 'Cloud vs Premise')"

PATH = ("connection", "codebase")
EXPECTED = "vYYYY_N/ on cloud (e.g. v2025_1/) or v4_6_release/ on premise, trailing slash included"


def _repaired(value: str, is_codebase: Callable[[str], bool]) -> str | None:
    """The codebase the value was meant to be (``2025.1`` -> ``v2025_1/``), if any."""
    text = re.sub(r"[.\s]", "_", value.strip().strip("/"))
    if text[:1].isdigit():
        text = "v" + text
    candidate = text[:1].lower() + text[1:] + "/"
    return candidate if candidate != value and is_codebase(candidate) else None


def _slash_fix(span: Span, value: str, fixed: str) -> Fix | None:
    """Insert the slash right after the value's last character (inside a closing quote); no
    fix when the value is not written as itself on one line (escapes, folded lines)."""
    width = span.end_col - span.col
    if span.line != span.end_line or width not in (len(value), len(value) + 2):
        return None
    at = span.end_col - (width - len(value)) // 2
    return Fix(
        f"Add the trailing slash: '{fixed}'", (Edit(Span(span.line, at, span.line, at), "/"),)
    )


def check(ctx: Context) -> Iterator[Issue]:
    value = ctx.doc.get(PATH)
    if not isinstance(value, str) or has_reference(value):
        return
    facts = ctx.catalog.connection
    if not facts.is_codebase(value):
        if not value.strip():
            yield Issue(PATH, f"codebase is empty: write it as {EXPECTED}")
            return
        fixed = _repaired(value, facts.is_codebase)
        if fixed == value + "/":
            yield Issue(
                PATH,
                (
                    f"codebase {value!r} lacks its trailing slash: write {fixed!r} (the REST base is "
                    f"built as /{{codebase}}{facts.api_suffix}, so the slash separates the two)"
                ),
                fix=_slash_fix(ctx.doc.span(PATH), value, fixed),
            )
        else:
            hint = (
                f"; did you mean {fixed!r}?"
                if fixed
                else (f"; GET {{site}}{facts.companyinfo_path} returns it as Codebase")
            )
            yield Issue(
                PATH, (f"codebase {value!r} is not a ConnectWise codebase ({EXPECTED}){hint}")
            )
    elif (
        deployment(ctx) == "on-premise"
        and value != facts.on_premise_codebase
        and not any(
            url.host and ctx.catalog.is_cloud_host(url.host) for _, url in connection_urls(ctx)
        )
    ):
        yield Issue(
            PATH,
            (
                f"codebase {value!r} is a cloud codebase, but deployment is on-premise: an on-premise "
                f"server always returns {facts.on_premise_codebase!r}; use it, or set "
                "deployment: cloud"
            ),
        )
