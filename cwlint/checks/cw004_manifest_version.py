"""`cwlint:` is missing or names a format this cwlint does not read.

The key marks a YAML file as a cwlint manifest and says which format it follows, so that a
future format can change without misreading old files. Files named on the command line are
always checked; in directories only YAML files with a top-level `cwlint:` are picked up.
An empty file, or a document that is a list or a single value, is reported here too.
"""

from cwlint.findings import Severity

ID = "CW004"
NAME = "manifest-version"
SEVERITY = Severity.ERROR
SUMMARY = "`cwlint:` is missing or names an unknown format"
BAD = """
name: acme-1stream
connection:
  deployment: cloud
"""
GOOD = """
cwlint: 1
name: acme-1stream
connection:
  deployment: cloud
"""
SOURCE = "SPEC §1, manifest format 1"
