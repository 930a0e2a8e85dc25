"""The file is not valid YAML, so no ConnectWise tool could read it either.

Reported at the exact place the parser stopped: a tab used for indentation, an unclosed quote
or bracket, a key without its colon. Binary files and text that is not UTF-8 are reported here
too, at the first offending byte. Nothing else is checked in a file that does not parse.
"""

from cwlint.findings import Severity

ID = "CW001"
NAME = "yaml-syntax"
SEVERITY = Severity.ERROR
SUMMARY = "The file is not valid YAML (position of the problem)"
BAD = """
cwlint: 1
connection:
  site: "https://na.myconnectwise.net/
"""
GOOD = """
cwlint: 1
connection:
  site: "https://na.myconnectwise.net/"
"""
SOURCE = "YAML 1.2 specification, https://yaml.org/spec/1.2.2/"
