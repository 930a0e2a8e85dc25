"""A ConnectWise URL (site or api_url) is not an https URL.

ConnectWise requires TLS: cloud hosts answer plain HTTP with "SSL is required." and production
on-premise servers deny it. Over http the Authorization header, which carries the company id
and both API keys, would cross the network in clear text. This rule also reports a site or
api_url that is not a usable URL at all (no scheme, no host, a bad port, spaces in the host),
since such a value is not an https URL either; the other connection rules skip it. Pod URLs
are checked by CW501.

The fix writes `https://`: safe for a bare host and on ConnectWise's own hosts (which answer
only https); an unsafe fix on other hosts, whose https may live on another port.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._connection import connection_urls, label
from cwlint.checks._edits import edit_scalar, fix
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW106"
NAME = "insecure-url"
SEVERITY = Severity.ERROR
SUMMARY = "site or api_url is not an https URL"
BAD = """
cwlint: 1
connection:
  deployment: on-premise
  site: http://psa.acme.example/
"""
GOOD = """
cwlint: 1
connection:
  deployment: on-premise
  site: https://psa.acme.example/
"""
SOURCE = "rules/connectwise/connection.yaml (https_required: PSA Developer Guide)"
#: Code scanning: a security alert; CVSS-like score (the API keys would travel in clear text).
TAGS = ("security", "external/cwe/cwe-319")
SECURITY_SEVERITY = "8.1"
FIX = "safe"


def check(ctx: Context) -> Iterator[Issue]:
    for path, url in connection_urls(ctx):
        name = label(path)
        if url.error:
            yield Issue(path, f"{name} is not a valid URL: {url.error}; write it as https://host/")
            continue
        if url.scheme == "https":
            continue
        port = f":{url.port}" if url.port not in (None, 80) else ""
        fixed = f"https://{url.host}{port}{url.path or '/'}" if url.host else "https://"
        raw = ctx.doc.get(path)
        start = len(raw) - len(raw.lstrip()) if isinstance(raw, str) else 0
        if not url.scheme:
            edit = edit_scalar(ctx.doc, path, start, start, "https://")
            yield Issue(
                path,
                (
                    f"{name} is a bare host (as some vendors' forms ask, e.g. Hudu's 'ConnectWise "
                    f"Domain (FQDN)'); the manifest writes the URL: {fixed}"
                ),
                severity=Severity.WARNING,
                fix=fix(f"Add https:// to {name}", [edit]),
            )
        else:
            yield Issue(
                path,
                (
                    f"{name} uses {url.scheme}://, not https: ConnectWise requires TLS and the API "
                    f"keys would travel in clear text; use {fixed}"
                ),
                fix=fix(
                    f"Use {fixed}",
                    [edit_scalar(ctx.doc, path, start, start + 4, "https")],
                    safe=bool(url.host) and ctx.catalog.is_cloud_host(url.host or ""),
                )
                if url.scheme == "http" and url.port in (None, 443)
                else None,
            )
