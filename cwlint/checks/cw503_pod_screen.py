"""A pod names a hosted screen cwlint does not know.

A hosted setup appears on one ConnectWise screen (Service Ticket, Company, ...). ConnectWise does
not publish the list of screen names: a tenant serves its own at
`GET /system/connectWiseHostedScreens`. cwlint's list (`rules/connectwise/hosted.yaml`) is
best-effort, gathered from vendor pod guides and the Hosted API client documentation, so an
unknown screen is only a warning: most often a typo, sometimes a screen cwlint has not seen.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW503"
NAME = "pod-screen"
SEVERITY = Severity.WARNING
SUMMARY = "A pod names an unknown hosted screen"
BAD = """
cwlint: 1
pods:
  - description: Call pod
    screen: Service Tikcet
    type: Pod
    url: https://pods.example.com/cw/ticket?id=[cw_id]
"""
GOOD = """
cwlint: 1
pods:
  - description: Call pod
    screen: Service Ticket
    type: Pod
    url: https://pods.example.com/cw/ticket?id=[cw_id]
"""
SOURCE = "rules/connectwise/hosted.yaml (screens, best-effort: not published by ConnectWise)"


def check(ctx: Context) -> Iterator[Issue]:
    from cwlint.catalog import suggest

    hosted = ctx.catalog.hosted
    for path, pod in ctx.doc.items(("pods",)):
        screen = pod.get("screen") if isinstance(pod, dict) else None
        if not isinstance(screen, str) or hosted.screen(screen) is not None:
            continue
        spellings = [s for known in hosted.screens for s in (known.name, *known.aliases)]
        close = suggest(screen, spellings)
        hint = f"; did you mean {hosted.screen(close).name!r}?" if close else ""
        caveat = (
            ""
            if hosted.screens_complete
            else (
                " (ConnectWise does not publish its hosted screens, so cwlint's list is best-effort:"
                " if the screen exists under System > Setup Tables > Manage Hosted API, suppress"
                " this)"
            )
        )
        yield Issue(
            (*path, "screen"),
            f"screen {screen!r} is not a hosted screen cwlint knows{hint}{caveat}",
        )
