"""`company_id` is not a login company id.

The company id is the short identifier typed at the ConnectWise login screen (1stream's
"CRM Company", Gradient's "Company ID"). It is case-sensitive and is *not* the company's
display name ("Acme Corp") nor the site's address. It is the first part of every API
credential (`{company_id}+{public_key}:{private_key}`), so a wrong one fails every call with
401, which looks like a key problem. Its character set is not documented; only what cannot be
a login id is reported: empty, spaces, a URL or host.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity
from cwlint.secrets import has_reference

ID = "CW108"
NAME = "company-id-format"
SEVERITY = Severity.ERROR
SUMMARY = "company_id is empty, has spaces, is a URL or a display name"
BAD = """
cwlint: 1
connection:
  company_id: Acme Corp
"""
GOOD = """
cwlint: 1
connection:
  company_id: acme
"""
SOURCE = "rules/connectwise/connection.yaml (company_id: mspvectis, channelprogram, addigy)"

PATH = ("connection", "company_id")
WHAT = "the short login company id (as typed at the ConnectWise login screen, case-sensitive)"


def _why(value: str, ctx: Context) -> str | None:
    text = value.strip()
    if not text:
        return "company_id is empty"
    if "://" in text or ctx.catalog.regions.is_cloud_host(text):
        return "company_id is a URL or host (addresses belong in site)"
    if ctx.catalog.connection.is_company_id(value):
        return None
    if any(c.isspace() for c in text):
        return f"company_id {value!r} has spaces: it looks like the company's display name"
    if text != value:
        return f"company_id {value!r} has spaces around it: remove them"
    return f"company_id {value!r} has '/' or ':' (part of a URL?)"


def check(ctx: Context) -> Iterator[Issue]:
    value = ctx.doc.get(PATH)
    if not isinstance(value, str) or has_reference(value):
        return
    why = _why(value, ctx)
    if why:
        yield Issue(PATH, f"{why}; use {WHAT}, e.g. company_id: acme")
