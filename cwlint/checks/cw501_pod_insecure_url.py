"""A pod URL is not https.

ConnectWise shows a pod, tab or toolbar-button page inside its own https pages. Browsers block
an http page framed in an https one (mixed content), so the pod stays blank; and the page
receives the record ids of the screen it sits on. Serve the page over https.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._connection import pod_urls
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW501"
NAME = "pod-insecure-url"
SEVERITY = Severity.ERROR
SUMMARY = "A pod URL is not https"
BAD = """
cwlint: 1
pods:
  - description: Call pod
    screen: Service Ticket
    type: Pod
    url: http://pods.example.com/cw/ticket?id=[cw_id]
"""
GOOD = """
cwlint: 1
pods:
  - description: Call pod
    screen: Service Ticket
    type: Pod
    url: https://pods.example.com/cw/ticket?id=[cw_id]
"""
SOURCE = "rules/connectwise/connection.yaml (https_required); rules/connectwise/hosted.yaml"
#: Code scanning: a security alert; CVSS-like score (a page framed in ConnectWise served in clear text).
TAGS = ("security", "external/cwe/cwe-319")
SECURITY_SEVERITY = "5.3"


def check(ctx: Context) -> Iterator[Issue]:
    for path, url in pod_urls(ctx):
        if path[-1] != "url" or url.scheme == "https":
            continue
        if url.error:
            problem = f"is not a valid URL: {url.error}"
        elif url.scheme:
            problem = f"{url.shown!r} uses {url.scheme}://"
        else:
            problem = f"{url.shown!r} has no https:// scheme"
        yield Issue(
            path,
            (
                f"pod URL {problem}: ConnectWise frames pods in its https pages and browsers block "
                "anything else; serve the page over https and write its https:// URL"
            ),
        )
