"""A pod field is longer than ConnectWise accepts, or a ToolbarButton has no button text.

ConnectWise's Manage Hosted API rejects a hosted setup whose description, URL, origin or
toolbar-button text is over its limit (description 50, url 1024, origin 100, button text and
tooltip 50, as the 2025.8 OpenAPI states), and a ToolbarButton needs `toolbar_button_text`.
The limits are data in `rules/connectwise/hosted.yaml`; older SDKs quote other numbers
(description 255, origin 50), cwlint follows the current API.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW502"
NAME = "pod-fields"
SEVERITY = Severity.ERROR
SUMMARY = "A pod field is over its length limit, or a ToolbarButton lacks its text"
BAD = """
cwlint: 1
pods:
  - description: Acme call recording and ticket timeline pod for service desk
    screen: Service Ticket
    type: ToolbarButton
    url: https://pods.example.com/cw/ticket?id=[cw_id]
"""
GOOD = """
cwlint: 1
pods:
  - description: Acme call timeline
    screen: Service Ticket
    type: ToolbarButton
    url: https://pods.example.com/cw/ticket?id=[cw_id]
    toolbar_button_text: Calls
"""
SOURCE = "rules/connectwise/hosted.yaml (limits; ConnectWiseHostedSetup, OpenAPI 2025.8)"


def check(ctx: Context) -> Iterator[Issue]:
    limits = ctx.catalog.hosted.limits
    for path, pod in ctx.doc.items(("pods",)):
        if not isinstance(pod, dict):
            continue
        for name, limit in limits.items():
            value = pod.get(name)
            if isinstance(value, str) and len(value) > limit.max_length:
                yield Issue(
                    (*path, name),
                    (
                        f"{name} has {len(value)} characters; ConnectWise accepts at most "
                        f"{limit.max_length} ({limit.api_field}): shorten it"
                    ),
                )
            elif pod.get("type") in limit.required_for and not (
                isinstance(value, str) and value.strip()
            ):
                yield Issue(
                    (*path, name),
                    (
                        f"a {pod['type']} needs {name} ({limit.api_field}, at most "
                        f"{limit.max_length} characters): add the text ConnectWise shows"
                    ),
                )
