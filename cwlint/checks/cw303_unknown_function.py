"""A permission names a module or function that is not in cwlint's ConnectWise catalogue.

A role entry with a misspelt module or function matches nothing in ConnectWise: whoever sets up
the role from the manifest cannot find it, and the comparison with the vendor's profile misses
it (the real function then looks ungranted). Names are matched forgiving case, spacing, dashes
and the aliases vendors use ("Projects", "Time and Expense", "Service Ticket- Dependencies").

ConnectWise does not publish its full list of security functions (the official matrix needs a
developer login), so cwlint's list is gathered from vendor tables and is complete only for some
modules (`complete: true` in `rules/connectwise/security-functions.yaml`). In the other modules
an unknown function is reported as a hint that says the list is incomplete, unless it is close
to a known name (then it is most likely a typo, and a warning).
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._role import rows
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW303"
NAME = "unknown-function"
SEVERITY = Severity.WARNING
SUMMARY = 'Module/function not in the ConnectWise catalogue ("did you mean ...?")'
BAD = """
cwlint: 1
security_role:
  name: Gradient Sync
  permissions:
    - {module: Service Desk, function: Service Tikcets, add: All, edit: All, inquire: All}
"""
GOOD = """
cwlint: 1
security_role:
  name: Gradient Sync
  permissions:
    - {module: Service Desk, function: Service Tickets, add: All, edit: All, inquire: All}
"""
SOURCE = "rules/connectwise/security-functions.yaml"


def check(ctx: Context) -> Iterator[Issue]:
    from cwlint.catalog import suggest

    security = ctx.catalog.security
    for row in rows(ctx):
        if row.known:
            continue
        module_name, function_name = row.data["module"], row.data["function"]
        module = security.module(module_name)
        if module is None:
            spelt = [s for m in security.modules for s in (m.name, *m.aliases)]
            close = suggest(module_name, spelt)
            hint = (
                f"did you mean {security.resolve_module(close)!r}?"
                if close
                else f"the modules are {', '.join(security.module_names())}"
            )
            yield Issue(
                (*row.path, "module"),
                (f"{module_name!r} is not a ConnectWise security module: {hint}"),
            )
            continue
        spellings = [s for f in module.functions for s in (f.name, *f.aliases)]
        close = suggest(function_name, spellings)
        elsewhere = security.modules_with_function(function_name)
        if close:
            hint = f"; did you mean {security.resolve_function(module.name, close)[1]!r}?"
        elif elsewhere:
            hint = f": it is a function of {' and '.join(elsewhere)}; move it there"
        elif module.complete:
            hint = f"; its functions are {', '.join(f.name for f in module.functions)}"
        else:
            hint = ""
        incomplete = (
            ""
            if module.complete
            else (
                f" (cwlint's list of {module.name} functions is incomplete: ConnectWise does not "
                "publish it; if the role really has this function, suppress CW303 on this line)"
            )
        )
        yield Issue(
            (*row.path, "function"),
            (
                f"{function_name!r} is not a function of {module.name} that cwlint knows{hint}"
                f"{incomplete}"
            ),
            severity=Severity.INFO if not module.complete and not (close or elsewhere) else None,
        )
