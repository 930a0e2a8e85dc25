"""With `--live`, a `${VAR}` in `connection:` names a variable that is unset or empty.

Secrets live in the environment (or an `--env-file`), never in the manifest. When one is
missing, the live checks cannot authenticate: rather than sending empty credentials (a 401 that
would blame the keys), cwlint reports the variable here and skips the live checks that need it.
Only the variable's name is shown, never a value. Without `--live` nothing is resolved and this
rule stays silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity, dotted

ID = "CW204"
NAME = "unresolved-env"
SEVERITY = Severity.ERROR
SUMMARY = "--live and a referenced variable is unset or empty"
BAD = """
cwlint: 1
# CW_PRIVATE_KEY is not exported and not in --env-file
connection:
  private_key: ${CW_PRIVATE_KEY}
"""
GOOD = """
cwlint: 1
# export CW_PRIVATE_KEY=...   or   cwlint check --live --env-file .env
connection:
  private_key: ${CW_PRIVATE_KEY}
"""
SOURCE = "SPEC §1 (secrets are ${NAME} references, resolved only for --live)"
LIVE = True
#: The tenant reads this rule needs (rules/connectwise/api.yaml), beyond companyinfo and
#: system/info, which every live run makes.
READS: tuple[str, ...] = ()  # the environment only

#: What cannot be done without the field (the credentials: no API call at all).
_SKIPPED = {
    "site": "companyinfo was not read (codebase and deployment not compared)",
    "codebase": "the codebase was not compared",
    "api_url": "the checks that call the API were skipped",
}
_API = "the checks that call the API were skipped"


def check(ctx: Context) -> Iterator[Issue]:
    if not ctx.live:
        return
    from cwlint.live.env import resolve

    connection = resolve(ctx.doc.get(("connection",)), ctx.env)
    for missing in connection.unresolved:
        field = missing.path[-1]
        state = "is empty" if missing.empty else "is not set"
        yield Issue(
            missing.path,
            (
                f"{dotted(missing.path)} references ${{{missing.variable}}}, but the environment "
                f"variable {missing.variable} {state}: export it, or put it in the file given "
                f"with --env-file; {_SKIPPED.get(field, _API)}"
            ),
        )
