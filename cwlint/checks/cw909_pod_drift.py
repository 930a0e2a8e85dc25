"""`--live`: a pod, tab or toolbar button of the manifest is missing in the tenant, disabled, or
set up differently (screen, type, URL, origin, height, button text).

Hosted setups are found by description (ConnectWise's own key for users picking pods), then
compared field by field with the manifest: a URL edited in the UI, a pod moved to another
screen, or one disabled by an admin is what makes "the pod is blank" tickets. Screens are
compared by name through `/system/connectWiseHostedScreens` (aliases such as `Ticket` accepted).
Fields the manifest leaves out are not compared.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW909"
NAME = "pod-drift"
SEVERITY = Severity.ERROR
SUMMARY = "a hosted setup is missing, disabled or differs (url, screen, type)"
BAD = """
cwlint: 1
# live: "1stream call pod" has url https://old.example.com/cw/ticket?id=[cw_id]
pods:
  - description: 1stream call pod
    screen: Service Ticket
    type: Pod
    url: https://pods.example.com/cw/ticket?id=[cw_id]
"""
GOOD = """
cwlint: 1
pods:
  - description: 1stream call pod
    screen: Service Ticket
    type: Pod
    url: https://pods.example.com/cw/ticket?id=[cw_id]
"""
SOURCE = "rules/connectwise/api.yaml (hosted_setups, hosted_screens); rules/connectwise/hosted.yaml"
LIVE = True
#: The tenant reads this rule needs (rules/connectwise/api.yaml), beyond companyinfo and
#: system/info, which every live run makes.
READS: tuple[str, ...] = ("hosted_setups", "hosted_screens")

#: Manifest pod field -> ConnectWiseHostedSetup field, compared when the manifest states it.
FIELDS = {
    "type": "type",
    "url": "url",
    "origin": "origin",
    "height": "podHeight",
    "toolbar_button_text": "toolbarButtonText",
    "toolbar_button_tooltip": "toolbarButtonToolTip",
}


def check(ctx: Context) -> Iterator[Issue]:
    tenant = ctx.tenant
    if tenant is None or "hosted_setups" not in tenant.reads:
        return
    for name in ("hosted_setups", "hosted_screens"):
        if not tenant.result(name).ok:
            yield from tenant.unavailable(name, ("pods",), "the pods")
            return
    screens = _screens(tenant.value("hosted_screens"))
    setups = tenant.value("hosted_setups")
    for path, pod in ctx.doc.items(("pods",)):
        if isinstance(pod, dict) and isinstance(pod.get("description"), str):
            yield from _compare(ctx, path, pod, setups, screens)


def _screens(rows: list[dict]) -> dict[object, str]:
    """Screen name by the id a hosted setup's ``screenId`` holds (the screen's ``id``; its
    string ``screenId`` when numeric, as the two are the same number)."""
    out: dict[object, str] = {}
    for row in rows:
        name = row.get("name")
        if not isinstance(name, str):
            continue
        for key in (row.get("id"), row.get("screenId")):
            if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
                out.setdefault(int(key), name)
    return out


def _compare(
    ctx: Context, path: tuple, pod: dict, setups: list[dict], screens: dict[object, str]
) -> Iterator[Issue]:
    from cwlint.catalog import norm_name
    from cwlint.manifest.schema import suggest

    description = pod["description"]
    same = [s for s in setups if norm_name(str(s.get("description", ""))) == norm_name(description)]
    if not same:
        hint = suggest(description, [str(s.get("description", "")) for s in setups])
        yield Issue(
            (*path, "description"),
            (
                f"the tenant has no hosted setup {description!r}: create it in System > Setup Tables "
                f"> Manage Hosted API, or correct the description{hint}"
            ),
        )
        return
    wanted = _screen_key(ctx, pod.get("screen"))
    found = next(
        (s for s in same if _screen_key(ctx, screens.get(s.get("screenId"))) == wanted), None
    )
    if found is None:
        shown = ", ".join(
            sorted({screens.get(s.get("screenId"), "an unknown screen") for s in same})
        )
        yield Issue(
            (*path, "screen"),
            (
                f"hosted setup {description!r} is on {shown} in the tenant, the manifest says "
                f"{pod.get('screen')!r}: move it, or correct the screen"
            ),
        )
        return
    where = f"in Manage Hosted API ({description!r})"
    if bool(found.get("disabledFlag")) != bool(pod.get("disabled", False)):
        state = "disabled" if found.get("disabledFlag") else "enabled"
        yield Issue(
            (*path, "description"),
            (
                f"hosted setup {description!r} is {state} in the tenant, the manifest says "
                f"{'disabled' if pod.get('disabled') else 'enabled'}: "
                f"{'enable' if state == 'disabled' else 'disable'} it {where}"
            ),
        )
    for field, api_field in FIELDS.items():
        if field in pod and not _equal(pod[field], found.get(api_field)):
            live = found.get(api_field)
            yield Issue(
                (*path, field),
                (
                    f"hosted setup {description!r}: {field} is {_show(live)} in the tenant, the "
                    f"manifest says {_show(pod[field])}: correct it {where}, or in the manifest"
                ),
            )


def _screen_key(ctx: Context, name: object) -> str | None:
    if not isinstance(name, str):
        return None
    from cwlint.catalog import norm_name

    known = ctx.catalog.hosted.screen(name)
    return norm_name(known.name if known is not None else name)


def _equal(said: Any, live: Any) -> bool:
    if isinstance(said, str) and isinstance(live, str):
        return said.strip() == live.strip()
    return said == live


def _show(value: Any) -> str:
    """A value a message may print: a URL that carries credentials is not shown (CW205)."""
    if value is None:
        return "not set"
    if isinstance(value, str) and "://" in value:
        from urllib.parse import parse_qsl, urlsplit

        from cwlint.secrets import secret_parameters

        parts = urlsplit(value)
        if "@" in parts.netloc or secret_parameters(parse_qsl(parts.query)):
            return "a URL with credentials in it (not shown)"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
