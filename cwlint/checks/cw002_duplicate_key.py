"""A mapping repeats a key: every YAML loader silently keeps the last value.

The first `private_key:` you wrote is thrown away without a word, so the manifest says one thing
and means another. cwlint reports every repeat at its own line:column and keeps linting, using
the last value as the loaders do.
"""

from cwlint.findings import Severity

ID = "CW002"
NAME = "duplicate-key"
SEVERITY = Severity.ERROR
SUMMARY = "A mapping repeats a key (YAML loaders silently keep the last)"
BAD = """
cwlint: 1
api_member:
  identifier: acme1stream
  identifier: acme-gradient
"""
GOOD = """
cwlint: 1
api_member:
  identifier: acme1stream
"""
SOURCE = "YAML 1.2 §3.2.1.1: mapping keys are unique"
