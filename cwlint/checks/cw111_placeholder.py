"""A URL or identifier still holds a placeholder from a vendor guide or `cwlint init`.

Vendor guides show values to fill in as tokens: Rewst's pod URL
`https://<rewst_url>/organizations/<org_id>/...`, `YOUR_TOKEN`, `your-domain.com`. A manifest
that still carries one was copied and never finished: the pod, the connection or the member
lookup cannot work. The same goes for the starter values `cwlint init` writes for the user to
replace (company id `mycompany`, on-premise host `psa.example.com`). ConnectWise's own
hosted-setup placeholders (`[cw_id]`, `[cw_screen]`) are meant to stay and are not reported.

Checked: `connection` site, api_url, company_id and client_id, the API member's identifier,
`users[].member` and every pod's url and origin. The forms are data
(`placeholders` in `rules/connectwise/connection.yaml`).
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Pointer, Severity, dotted

ID = "CW111"
NAME = "placeholder"
SEVERITY = Severity.ERROR
SUMMARY = "A URL or identifier still holds a placeholder (<org_id>, YOUR_TOKEN, init's starter)"
BAD = """
cwlint: 1
name: acme-rewst
profile: rewst
connection:
  deployment: cloud
  site: https://na.myconnectwise.net/
  company_id: mycompany
pods:
  - description: Rewst
    screen: Service Ticket
    type: Pod
    url: https://app.rewst.io/organizations/<org_id>/integrations/embed/ticket/[cw_id]
    origin: https://app.rewst.io
"""
GOOD = """
cwlint: 1
name: acme-rewst
profile: rewst
connection:
  deployment: cloud
  site: https://na.myconnectwise.net/
  company_id: acme
pods:
  - description: Rewst
    screen: Service Ticket
    type: Pod
    url: https://app.rewst.io/organizations/8f1c2a/integrations/embed/ticket/[cw_id]
    origin: https://app.rewst.io
"""
SOURCE = "rules/connectwise/connection.yaml (placeholders)"

_CONNECTION = {
    "site": "the web UI root of your tenant",
    "api_url": "your REST base",
    "company_id": "your login company id",
    "client_id": "your clientId from the ConnectWise developer portal",
}


def _places(ctx: Context) -> Iterator[tuple[Pointer, str]]:
    for name, what in _CONNECTION.items():
        yield ("connection", name), what
    yield (
        ("api_member", "identifier"),
        "the API member's identifier (System > Members > API Members)",
    )
    for path, _ in ctx.doc.items(("users",)):
        yield (*path, "member"), "the member's identifier (System > Members)"
    for path, _ in ctx.doc.items(("pods",)):
        yield (*path, "url"), "the pod page's URL as the vendor gives it for your account"
        yield (*path, "origin"), "the pod page's origin"


def check(ctx: Context) -> Iterator[Issue]:
    facts = ctx.catalog.connection
    for path, what in _places(ctx):
        value = ctx.doc.get(path)
        if not isinstance(value, str):
            continue
        token = facts.placeholder(value)
        if token is None:
            continue
        starter = token in (facts.starter_company_id, facts.starter_host)
        origin = "`cwlint init`'s starter value" if starter else "a placeholder from a vendor guide"
        yield Issue(
            path,
            f"{dotted(path)} still holds {token!r}, {origin}: write {what}",
        )
