"""The YAML uses features a manifest never needs and an attacker loves.

Custom tags (`!!python/object`, `!Ref`) can make other loaders construct objects or run code;
cwlint never executes them, and reports them so the file stays plain data. Aliases that expand
past a safe bound ("billion laughs"), nesting deeper than a manifest ever goes and files of
several megabytes are stopped and reported, in bounded time and memory.
"""

from cwlint.findings import Severity

ID = "CW005"
NAME = "yaml-unsafe"
SEVERITY = Severity.ERROR
SUMMARY = "Custom tags, or aliases that expand past a safe bound"
BAD = """
cwlint: 1
connection:
  private_key: !!python/object/apply:os.getenv [CW_PRIVATE_KEY]
"""
GOOD = """
cwlint: 1
connection:
  private_key: ${CW_PRIVATE_KEY}
"""
SOURCE = "https://en.wikipedia.org/wiki/Billion_laughs_attack"
