"""An `on_premise` block in a manifest with `deployment: cloud`.

ConnectWise runs cloud servers itself: their certificate, firewall and version are not the
admin's to set, so the block's settings say nothing and no rule checks them. Either the
deployment is wrong (the server is on premise) or the block is left over from a template.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW605"
NAME = "on-premise-on-cloud"
SEVERITY = Severity.WARNING
SUMMARY = "An on_premise block with deployment: cloud"
BAD = """
cwlint: 1
connection:
  deployment: cloud
on_premise:
  allowed_ips: [3.23.117.12]
"""
GOOD = """
cwlint: 1
connection:
  deployment: on-premise
on_premise:
  allowed_ips: [3.23.117.12]
"""
SOURCE = "SPEC §1 (on_premise: only with deployment: on-premise)"


def check(ctx: Context) -> Iterator[Issue]:
    data = ctx.doc.data
    if (
        isinstance(data, dict)
        and "on_premise" in data
        and ctx.doc.get(("connection", "deployment")) == "cloud"
    ):
        yield Issue(
            ("on_premise",),
            (
                "on_premise applies only to deployment: on-premise, and this manifest says "
                "deployment: cloud, so its settings are not checked: remove the block, or set "
                "connection.deployment: on-premise if the server is yours"
            ),
            at_key=True,
        )
