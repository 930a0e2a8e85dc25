"""`client_id` is written out but is not a GUID.

Every API call carries a `clientId` header: the GUID ConnectWise issues for the integration on
its developer portal (https://developer.connectwise.com/ClientID), required since August 2019.
Anything else (a name, an API key pasted into the wrong field, a GUID in braces) is refused.
A `${VAR}` reference is not judged here (`--live` resolves it). ConnectWise asks to treat the
clientId as a secret, so messages never show it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity
from cwlint.secrets import REFERENCE_FORM, env_reference, looks_like_reference

ID = "CW107"
NAME = "client-id-format"
SEVERITY = Severity.ERROR
SUMMARY = "client_id is a literal that is not a GUID"
BAD = """
cwlint: 1
connection:
  client_id: acme-1stream
"""
GOOD = """
cwlint: 1
connection:
  client_id: ${CW_CLIENT_ID}   # or the GUID itself, e.g. 3f2504e0-4f89-41d3-9a0c-0305e82c3301
"""
SOURCE = "rules/connectwise/connection.yaml (client_id: PSA Developer Guide 'ClientIds')"

PATH = ("connection", "client_id")
GUID = "a GUID (8-4-4-4-12 hexadecimal digits)"
GUID_LENGTH = 36
WHERE = (
    "use the integration's clientId from https://developer.connectwise.com/ClientID, or "
    "reference it: client_id: ${CW_CLIENT_ID}"
)


def _why(value: str, ctx: Context) -> str:
    """What is wrong with a literal client_id, without showing it."""
    facts = ctx.catalog.connection
    text = value.strip()
    if not text:
        return f"client_id is empty; {WHERE}"
    if text != value and facts.is_guid(text):
        return "client_id has spaces around the GUID: remove them"
    if facts.is_guid(text.strip("{}()")):
        return "client_id has braces around the GUID: write the GUID alone"
    if re.fullmatch(r"[0-9A-Fa-f]{32}", text):
        return "client_id is 32 hexadecimal digits without dashes: write it as 8-4-4-4-12"
    if looks_like_reference(value):
        return f"client_id looks like a variable reference, but {REFERENCE_FORM}"
    if facts.is_key_format(text):
        return f"client_id looks like an API key (16 letters and digits), not {GUID}; {WHERE}"
    if len(value) == GUID_LENGTH:
        return f"client_id is not {GUID}: it has a GUID's length but other characters; {WHERE}"
    return f"client_id is not {GUID}: it has {len(value)} characters, not {GUID_LENGTH}; {WHERE}"


def check(ctx: Context) -> Iterator[Issue]:
    value = ctx.doc.get(PATH)
    if not isinstance(value, str) or env_reference(value) or ctx.catalog.connection.is_guid(value):
        return
    yield Issue(PATH, _why(value, ctx))
