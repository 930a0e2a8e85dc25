"""`--live`: the server presents its certificate without the intermediate certificate(s).

Browsers fetch a missing intermediate on their own, so the site looks fine; API clients (the
vendor's integration, cwlint, curl) do not, and fail with "unable to get local issuer
certificate". ConnectWise asks on-premise partners for a fully chained certificate, and
cloud-hosted integrations refuse anything less. When verification fails, cwlint opens one more
TLS handshake (no request, no credentials) only to count the certificates the server sends:
one certificate that is not self-signed means the chain is incomplete. Any other TLS failure
(an unknown private CA: pass `--ca-bundle`) is CW901. Reported once per host, also when only
later reads met it (new connections after `system/info`).
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity
from cwlint.live.snapshot import Kind

ID = "CW910"
NAME = "tls-chain"
SEVERITY = Severity.ERROR
SUMMARY = "the server does not present a full certificate chain"
BAD = """
cwlint: 1
# the server sends only its own certificate
on_premise:
  certificate: fully-chained
"""
GOOD = """
cwlint: 1
# the server sends its certificate and the intermediate(s)
on_premise:
  certificate: fully-chained
"""
SOURCE = "rules/profiles/*.yaml (certificate); ConnectWise on-premise requirements (fully chained)"
LIVE = True
#: The tenant reads this rule needs (rules/connectwise/api.yaml), beyond companyinfo and
#: system/info, which every live run makes.
READS: tuple[str, ...] = ()  # reports failures of whatever the other rules read


def check(ctx: Context) -> Iterator[Issue]:
    tenant = ctx.tenant
    if tenant is None:
        return
    seen: set[str] = set()
    later = [(failure, "api_url") for _, failure in tenant.failed_reads({Kind.CHAIN})]
    for failure, field in ((tenant.site_failure, "site"), (tenant.api_failure, "api_url"), *later):
        if failure is None or failure.kind is not Kind.CHAIN or failure.host in seen:
            continue
        seen.add(failure.host)
        path = ("connection", field) if ctx.doc.get(("connection", field)) else ("connection",)
        yield Issue(
            path,
            (
                f"{failure.message}: integrations that call it fail with 'unable to get local issuer "
                "certificate'; install the full chain (server certificate followed by the "
                "intermediate certificates) on the server"
            ),
        )
