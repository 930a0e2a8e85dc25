"""What the live rules (CW901-CW911) share: where the manifest names the role and the API
member. The data read from the tenant is ``ctx.tenant`` (:class:`cwlint.live.tenant.Tenant`)."""

from __future__ import annotations

from typing import Any

from cwlint.context import Context
from cwlint.findings import Pointer


def data(ctx: Context) -> dict[str, Any]:
    return ctx.doc.data if isinstance(ctx.doc.data, dict) else {}


def role_path(ctx: Context) -> Pointer:
    """Where the role's name is written: ``security_role.name``, else the API member's."""
    if isinstance(ctx.doc.get(("security_role", "name")), str):
        return ("security_role", "name")
    return ("api_member", "security_role")
