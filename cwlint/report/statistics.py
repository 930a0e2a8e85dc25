"""``--statistics``: how many findings each rule produced, most first (as ``ruff --statistics``).

Text rows ``COUNT  ID  name`` and the summary line with the totals (also on a clean run:
``No problems: 3 manifests in 2 files checked.``; ``--quiet`` leaves it out), or with
``--format json`` a list of ``{code, name, count}``. Suppressed findings are not counted, as they
do not count for the exit code.
"""

from __future__ import annotations

import json
from collections import Counter

from cwlint.findings import Report
from cwlint.registry import all_rules
from cwlint.report import View


class StatisticsReporter:
    def __init__(self, view: View) -> None:
        self.view = view

    def render(self, report: Report) -> str:
        counts = Counter(f.rule for f in report.findings if f.suppressed is None)
        rules = all_rules()
        rows = [
            {"code": rule, "name": rules[rule].name if rule in rules else "", "count": n}
            for rule, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        ]
        if self.view.format == "json":
            return json.dumps(rows, indent=2) + "\n"
        from cwlint.report.text import TextReporter

        width = len(str(rows[0]["count"])) if rows else 1
        lines = [f"{r['count']:>{width}}  {r['code']}  {r['name']}" for r in rows]
        if not self.view.quiet:
            lines.append(TextReporter.summary(report))
        return "".join(line + "\n" for line in lines)
