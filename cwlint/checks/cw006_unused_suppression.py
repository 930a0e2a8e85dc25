"""A `# cwlint: disable=` comment that suppressed nothing, or cannot work as written.

A stale suppression hides the next real problem on its line, and a misspelt one hides nothing
while looking as if it did. Reported at the comment: an ID with no finding on the line the
comment covers (or, for `disable-file=`, in the file); an unknown rule ID or name; a misspelt
directive. Remove the comment or fix the ID it names. Only rules that ran are judged: a
suppression of a rule turned off (select, ignore, per-file-ignores) is left alone, as is one of a
live-only rule without `--live`, and a suppression of CW006 itself is never reported. Emitted by the suppression stage
(`cwlint/suppress.py`), not by a check.
"""

from cwlint.findings import Severity

ID = "CW006"
NAME = "unused-suppression"
SEVERITY = Severity.WARNING
SUMMARY = "A `# cwlint: disable=` comment that suppressed nothing"
BAD = """
cwlint: 1
name: acme-1stream  # cwlint: disable=CW302
"""
GOOD = """
cwlint: 1
name: acme-1stream
"""
SOURCE = "SPEC §4, inline suppressions"
