"""A `# cwlint: disable=` comment suppressed nothing.

Stale suppressions hide the next real problem on that line. Remove the comment, or fix the ID
it names.
"""

from cwlint.findings import Severity

ID = "CW006"
NAME = "unused-suppression"
SEVERITY = Severity.WARNING
SUMMARY = "A `# cwlint: disable=` comment that suppressed nothing"
BAD = """
name: acme-1stream  # cwlint: disable=CW302
"""
GOOD = """
name: acme-1stream
"""
SOURCE = "SPEC §4, inline suppressions"
