"""On premise, the server's PSA version is older than the vendor supports, or is unreadable.

Since 2019.1 the ConnectWise API version equals the PSA release, so an on-premise server older
than the version a vendor builds against lacks the endpoints and fields it uses. The minimum
comes from the profile's `min_version`, only when the vendor states a number (Gradient MSP asks
for "the latest stable version", which cannot be checked statically: nothing is said). The
version is written `YYYY.N`, quoted (`"2025.1"`; unquoted, YAML reads 2025.10 as 2025.1).
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW604"
NAME = "version-support"
SEVERITY = Severity.WARNING
SUMMARY = "On premise, the version is older than the profile's minimum"
BAD = """
cwlint: 1
profile: commvault
connection:
  deployment: on-premise
on_premise:
  version: "2023.2"
"""
GOOD = """
cwlint: 1
profile: commvault
connection:
  deployment: on-premise
on_premise:
  version: "2025.1"
"""
SOURCE = "rules/profiles/<id>.yaml (min_version); rules/connectwise/connection.yaml (version)"

PATH = ("on_premise", "version")


def check(ctx: Context) -> Iterator[Issue]:
    version = ctx.doc.get(PATH)
    if not isinstance(version, str) or ctx.doc.get(("connection", "deployment")) != "on-premise":
        return
    parsed = ctx.catalog.connection.parse_version(version)
    if parsed is None:
        yield Issue(
            PATH,
            (
                f"version {version!r} is not a PSA version: write it as YYYY.N, "
                'quoted, e.g. "2025.1"'
            ),
        )
        return
    profile = ctx.profile
    minimum = profile.min_version_tuple() if profile is not None else None
    if profile is not None and minimum is not None and parsed < minimum:
        note = f" ({profile.version_note})" if profile.version_note else ""
        yield Issue(
            PATH,
            (
                f"version {version!r} is older than {profile.min_version}, the minimum "
                f"{profile.name} supports{note}: upgrade the server first"
            ),
        )
