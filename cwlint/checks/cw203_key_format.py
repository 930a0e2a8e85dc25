"""An API key written in the manifest is not 16 letters and digits.

ConnectWise does not document the key length, but every real key seen is 16 alphanumerics
(public and private alike). A different shape usually means a copy-and-paste accident: a key
cut short, a trailing space or newline, both keys pasted into one field, or the company id
in front of it. A heuristic, hence a warning. Here only literal keys are judged (CW201/CW202
already say they should be references); the test itself is
`cwlint.secrets.key_format_problem`, which `--live` can apply to resolved values. The value is
never printed, only what is wrong with its shape.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity
from cwlint.secrets import env_reference, key_format_problem, looks_like_reference

ID = "CW203"
NAME = "key-format"
SEVERITY = Severity.WARNING
SUMMARY = "a key (literal, or resolved for --live) is not 16 alphanumerics"
BAD = """
cwlint: 1
connection:
  public_key: "FAKEpublKEY12345 "
"""
GOOD = """
cwlint: 1
connection:
  public_key: ${CW_PUBLIC_KEY}
"""
SOURCE = "rules/connectwise/connection.yaml (api_keys: heuristic; flowgear, rjanicek examples)"

KEYS = ("public_key", "private_key")


def check(ctx: Context) -> Iterator[Issue]:
    facts = ctx.catalog.connection
    for name in KEYS:
        path = ("connection", name)
        value = ctx.doc.get(path)
        if (
            not isinstance(value, str)
            or not value.strip()
            or env_reference(value)
            or looks_like_reference(value)
        ):
            continue
        problem = key_format_problem(value, facts)
        if problem:
            yield Issue(
                path,
                (
                    f"{name} does not look like a ConnectWise API key: {problem}; keys are "
                    f"{facts.key_length} letters and digits (a heuristic: the length is not "
                    "documented), so check that the whole key was copied and nothing else"
                ),
            )
    if ctx.live:  # the values of ${VAR} references, as --live resolves them (never shown)
        from cwlint.live.env import resolved_key_problems

        for path, problem in resolved_key_problems(ctx.doc.get(("connection",)), ctx.env, facts):
            yield Issue(
                path,
                (
                    f"${{{env_reference(ctx.doc.get(path))}}} ({path[-1]}) does not look like a "
                    f"ConnectWise API key: {problem}; keys are {facts.key_length} letters and "
                    "digits (a heuristic), so check that the variable holds the whole key and "
                    "nothing else"
                ),
            )
