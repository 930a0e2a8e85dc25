"""The API member is assigned a role other than the one the manifest describes.

`api_member.security_role` is the role ConnectWise gives the API member; `security_role` is the
role cwlint checks against the vendor's profile. When the names differ, the member runs with a
role nobody checked (and `--live` compares the wrong one). Role names are compared exactly, as
written in System > Security Roles; names that differ only in case or spacing are the same
role to ConnectWise's case-insensitive look-up (and to CW908), so that is a warning only. Quiet
when either name is absent.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW304"
NAME = "role-reference"
SEVERITY = Severity.ERROR
SUMMARY = "api_member.security_role is not security_role.name"
BAD = """
cwlint: 1
api_member:
  identifier: gradientapi
  security_role: Gradient
security_role:
  name: Gradient Sync
"""
GOOD = """
cwlint: 1
api_member:
  identifier: gradientapi
  security_role: Gradient Sync
security_role:
  name: Gradient Sync
"""
SOURCE = "SPEC §1 (api_member.security_role names security_role.name)"

PATH = ("api_member", "security_role")


def check(ctx: Context) -> Iterator[Issue]:
    from cwlint.catalog import norm_name

    assigned, described = ctx.doc.get(PATH), ctx.doc.get(("security_role", "name"))
    if not isinstance(assigned, str) or not isinstance(described, str) or assigned == described:
        return
    if norm_name(assigned) == norm_name(described):
        yield Issue(
            PATH,
            (
                f"api_member.security_role {assigned!r} differs from security_role.name "
                f"{described!r} only in case or spacing: most likely the same role (`--live` "
                "looks role names up without regard to case, as ConnectWise's name conditions "
                "do on a default install: inferred); write it the same in both for clarity"
            ),
            severity=Severity.WARNING,
        )
        return
    yield Issue(
        PATH,
        (
            f"the API member is assigned role {assigned!r}, but the manifest describes role "
            f"{described!r} (security_role.name), so the role the member really has goes "
            "unchecked: make the two names the same (in ConnectWise: System > Members > API "
            "Members > the member > Role ID)"
        ),
    )
