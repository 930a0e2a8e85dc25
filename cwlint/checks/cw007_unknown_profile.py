"""`profile:` names no built-in profile and no readable profile file.

Without its profile cwlint cannot say what the vendor requires, so the role, IP and pod rules
that compare against it stay silent. `cwlint profiles` lists the built-in ids; a path (relative to
the manifest) loads your own profile file, validated against `schemas/profile-1.schema.json`
(`cwlint schema --profile`; format in docs/profiles.md): each problem of that file is its own
finding, with the file's line:column and a "did you mean" for a misspelt key or value.
This ID is not in SPEC §3's table: it is cwlint's addition, so that a typo in `profile:` is
reported instead of silently turning the vendor rules off.
"""

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW007"
NAME = "unknown-profile"
SEVERITY = Severity.ERROR
SUMMARY = "`profile:` names no built-in profile or readable profile file"
BAD = """
cwlint: 1
profile: 1steram
"""
GOOD = """
cwlint: 1
profile: 1stream
"""
SOURCE = "rules/profiles/"


def check(ctx: Context) -> Iterator[Issue]:
    problems = ctx.profile_problems
    if problems:
        name = str(ctx.doc.get(("profile",))).strip()
        for line, col, message in problems:
            yield Issue(("profile",), f"{name}:{line}:{col}: not a valid cwlint profile: {message}")
    elif ctx.profile_error:
        yield Issue(("profile",), ctx.profile_error)
