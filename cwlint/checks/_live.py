"""What the live rules (CW901-CW911) share: where the manifest names the role and the API
member. The data read from the tenant is ``ctx.tenant`` (:class:`cwlint.live.snapshot.Tenant`)."""

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


def api_path(ctx: Context) -> Pointer:
    """Where a failure of the API host is reported: ``api_url``, else ``site``."""
    return (
        ("connection", "api_url")
        if ctx.doc.get(("connection", "api_url"))
        else ("connection", "site")
    )


def joined(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def endpoints(reads: list[Any]) -> str:
    """The API paths of ``reads`` (:class:`cwlint.live.snapshot.Read`), each once."""
    return joined(list(dict.fromkeys(f"/{read.path.rstrip('/')}" for read in reads)))


def what(reads: list[Any]) -> str:
    """What ``reads`` give (``the security roles and the members``), each once."""
    return joined(list(dict.fromkeys(read.what for read in reads)))
