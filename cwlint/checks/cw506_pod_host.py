"""A pod URL points to a host the vendor's profile does not list.

When a profile lists the hosts the vendor serves its pods from (`pod_hosts`, e.g. Rewst's
`app.rewst.io` and `app.eu.rewst.io`), a pod on any other host is a typo, a stale region or a
page that is not the vendor's, and it receives the record ids of the screen it sits on. Quiet
when the manifest names no profile or the profile lists no pod hosts (most vendors do not
publish them). For an in-house page, use your own profile file with its `pod_hosts`.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._connection import pod_urls
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW506"
NAME = "pod-host"
SEVERITY = Severity.WARNING
SUMMARY = "The pod URL host is not one the profile lists"
BAD = """
cwlint: 1
profile: rewst
pods:
  - description: Rewst
    screen: Service Ticket
    type: Pod
    url: https://app.rewst.com/organizations/initech/integrations/embed/ticket/[cw_id]
"""
GOOD = """
cwlint: 1
profile: rewst
pods:
  - description: Rewst
    screen: Service Ticket
    type: Pod
    url: https://app.rewst.io/organizations/initech/integrations/embed/ticket/[cw_id]
"""
SOURCE = "rules/profiles/<id>.yaml (pod_hosts)"


def check(ctx: Context) -> Iterator[Issue]:
    if not ctx.doc.get(("pods",)):
        return
    profile = ctx.profile
    if profile is None or not profile.pod_hosts:
        return
    from cwlint.catalog import suggest

    for path, url in pod_urls(ctx):
        host = url.host
        if path[-1] != "url" or not host or host in profile.pod_hosts:
            continue
        close = suggest(host, profile.pod_hosts)
        hint = f"did you mean {close!r}? " if close else ""
        yield Issue(
            path,
            (
                f"pod URL host {host!r} is not one {profile.name} serves pods from "
                f"({', '.join(profile.pod_hosts)}): {hint}check the URL, or name your own profile "
                "file with this host in pod_hosts"
            ),
        )
