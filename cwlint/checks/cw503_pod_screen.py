"""A pod names a hosted screen cwlint does not know.

A hosted setup appears on one ConnectWise screen (Service Ticket, Company, ...). ConnectWise does
not publish the list of screen names: a tenant serves its own at
`GET /system/connectWiseHostedScreens`. cwlint's list (`rules/connectwise/hosted.yaml`) is
best-effort, gathered from vendor pod guides and the Hosted API client documentation, so an
unknown screen is only a warning: most often a typo, sometimes a screen cwlint has not seen.
Spellings of one screen are folded into one name (`Service Tickets` is `Service Ticket`).

Under `--live`, when the tenant's screen list was read, that list decides: a screen the tenant
serves is fine whatever cwlint's list says, and one it does not serve is a warning
that names the tenant's closest screen.
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
#: Under --live the tenant's own screen list decides (read before this rule runs).
READS = ("hosted_screens",)


def check(ctx: Context) -> Iterator[Issue]:
    from cwlint.catalog import norm_name, suggest

    hosted = ctx.catalog.hosted
    served = _tenant_screens(ctx)
    for path, pod in ctx.doc.items(("pods",)):
        screen = pod.get("screen") if isinstance(pod, dict) else None
        if not isinstance(screen, str):
            continue
        if served is not None:
            known = hosted.screen(screen)
            names = {norm_name(screen), *(norm_name(a) for a in (known.aliases if known else ()))}
            if known is not None:
                names.add(norm_name(known.name))
            if names & {norm_name(s) for s in served}:
                continue
            close = suggest(screen, served)
            hint = f"; did you mean {close!r}?" if close else ""
            yield Issue(
                (*path, "screen"),
                (
                    f"screen {screen!r} is not one of the tenant's hosted screens "
                    f"(/system/connectWiseHostedScreens){hint}"
                ),
            )
            continue
        if hosted.screen(screen) is not None:
            continue
        spellings = [s for known in hosted.screens for s in (known.name, *known.aliases)]
        close = suggest(screen, spellings)
        meant = hosted.screen(close) if close else None
        hint = f"; did you mean {meant.name!r}?" if meant is not None else ""
        caveat = (
            ""
            if hosted.screens_complete
            else (
                " (ConnectWise does not publish its hosted screens, so cwlint's list is best-effort:"
                " if the screen exists under System > Setup Tables > Manage Hosted API, suppress"
                " this, or run `cwlint check --live` to judge it by the tenant's own list)"
            )
        )
        yield Issue(
            (*path, "screen"),
            f"screen {screen!r} is not a hosted screen cwlint knows{hint}{caveat}",
        )


def _tenant_screens(ctx: Context) -> list[str] | None:
    """The names of the tenant's hosted screens (``--live``), or ``None`` when not read."""
    tenant = ctx.tenant
    if tenant is None:
        return None
    screens = tenant.value("hosted_screens")
    if not isinstance(screens, list):
        return None
    return [s["name"] for s in screens if isinstance(s, dict) and isinstance(s.get("name"), str)]
