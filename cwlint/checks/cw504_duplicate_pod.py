"""Two pods have the same screen and description.

Users pick pods by description (Settings > Pod Configuration), so two entries on one screen with
the same description cannot be told apart, and a vendor that syncs its hosted setups by
description updates one and leaves the other. Descriptions are compared ignoring case and
repeated spaces; screens by their catalogue name (`Ticket` is `Service Ticket`). Reported at
every repeat.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW504"
NAME = "duplicate-pod"
SEVERITY = Severity.ERROR
SUMMARY = "Two pods with the same screen and description"
BAD = """
cwlint: 1
pods:
  - {description: Calls, screen: Service Ticket, type: Pod, url: "https://pods.example.com/a"}
  - {description: Calls, screen: Service Ticket, type: Tab, url: "https://pods.example.com/b"}
"""
GOOD = """
cwlint: 1
pods:
  - {description: Calls, screen: Service Ticket, type: Pod, url: "https://pods.example.com/a"}
  - {description: Call history, screen: Service Ticket, type: Tab, url: "https://pods.example.com/b"}
"""
SOURCE = "rules/connectwise/hosted.yaml (screens); https://docs.rewst.help (Pod Configuration)"


def check(ctx: Context) -> Iterator[Issue]:
    hosted = ctx.catalog.hosted
    first: dict[tuple[str, str], int] = {}
    for path, pod in ctx.doc.items(("pods",)):
        if not isinstance(pod, dict):
            continue
        description, screen = pod.get("description"), pod.get("screen")
        if not isinstance(description, str) or not isinstance(screen, str):
            continue
        known = hosted.screen(screen)
        key = (_fold(known.name if known else screen), _fold(description))
        if key not in first:
            first[key] = path[1]
            continue
        index = first[key]
        line = ctx.doc.span(("pods", index)).line
        yield Issue(
            (*path, "description"),
            (
                f"pod {description!r} on screen {screen!r} repeats pods[{index}] (line {line}): "
                "remove the repeat or give it another description"
            ),
        )


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()
