"""A URL carries credentials: `user:password@` before the host, or a key in the query.

ConnectWise authenticates with the Authorization header (`company_id+public_key:private_key`)
and the clientId header, never with the URL. Credentials in a URL end up in server, proxy and
browser logs, in error messages and, for a pod, in a setup table every ConnectWise user can
read. Checked: site, api_url and every pod's url and origin. A query parameter counts when its
name says it carries a key (`privateKey`, `apikey`, `token`, `password`, `clientId`...) and it
has a value. The credential is never printed, only where it is; if it was real, replace it.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._connection import connection_urls, label, pod_urls
from cwlint.context import Context
from cwlint.findings import Issue, Severity
from cwlint.secrets import secret_parameters

ID = "CW205"
NAME = "secret-in-url"
SEVERITY = Severity.ERROR
SUMMARY = "a URL carries credentials (user:pass@, key in the query)"
BAD = """
cwlint: 1
connection:
  api_url: https://acme+FAKEpublKEY12345:FAKEprivKEY12345@api-na.myconnectwise.net/v2025_1/apis/3.0/
"""
GOOD = """
cwlint: 1
connection:
  api_url: https://api-na.myconnectwise.net/v2025_1/apis/3.0/
  public_key: ${CW_PUBLIC_KEY}
  private_key: ${CW_PRIVATE_KEY}
"""
SOURCE = "PSA Developer Guide (authentication: Authorization and clientId headers)"
#: Code scanning: a security alert; CVSS-like score (a credential in a URL, logged by every proxy on the way).
TAGS = ("security", "secret", "external/cwe/cwe-598")
SECURITY_SEVERITY = "8.8"


def check(ctx: Context) -> Iterator[Issue]:
    for path, url in [*connection_urls(ctx), *pod_urls(ctx)]:
        where = []
        if url.userinfo:
            where.append("before the host (user:password@)")
        names = secret_parameters(url.query)
        if names:
            quoted = ", ".join(repr(n) for n in names)
            where.append(
                f"in the query ({'parameter' if len(names) == 1 else 'parameters'} {quoted})"
            )
        if not where:
            continue
        why = (
            (
                "ConnectWise takes credentials only from company_id, public_key and private_key, "
                "sent in the Authorization header"
            )
            if path[0] == "connection"
            else ("every ConnectWise user who can open the screen can read a pod's URL")
        )
        yield Issue(
            path,
            (
                f"{label(path)} carries credentials {' and '.join(where)}: remove them, {why}; if "
                "they were real, replace them"
            ),
        )
