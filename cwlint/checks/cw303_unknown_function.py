"""A permission names a module or function that is not in cwlint's ConnectWise catalogue.

A role entry with a misspelt module or function matches nothing in ConnectWise: whoever sets up
the role from the manifest cannot find it, and the comparison with the vendor's profile misses
it (the real function then looks ungranted). Names are matched forgiving case, spacing, dashes
and the aliases vendors use ("Projects", "Time and Expense", "Service Ticket- Dependencies").

ConnectWise does not publish its full list of security functions (the official matrix needs a
developer login), so cwlint's list is gathered from vendor tables and is complete only for some
modules (`complete: true` in `rules/connectwise/security-functions.yaml`). In the other modules
an unknown function is an info that says the list is incomplete, unless it is nearly the same
as a known name (then it is almost certainly a typo: a warning with a "did you mean"); a looser
resemblance ("Report Writer" and "Reports") is not offered. Messages echo the module as written,
with the catalogue's name in brackets where it differs.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._role import rows, ui_path
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


#: In a module whose list is not complete, only a name this close to a known one is taken for a
#: typo: "Report Writer" is not offered "Reports", nor "Workflow Rules" anything.
NEAR_CERTAIN = 0.85


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
                f"{module_name!r} is not a ConnectWise security module: {hint}",
            )
            continue
        written = module_name.strip()
        shown = written if written == module.name else f"{written} [{module.name}]"
        spellings = [s for f in module.functions for s in (f.name, *f.aliases)]
        cutoff = 0.6 if module.complete else NEAR_CERTAIN
        close = suggest(function_name, spellings, cutoff=cutoff)
        elsewhere = security.modules_with_function(function_name)
        where = ui_path(ctx, module.name)
        if close:
            found = security.resolve_function(module.name, close)
            yield Issue(
                (*row.path, "function"),
                (
                    f"{function_name!r} is not a function of {shown} that cwlint knows; did you "
                    f"mean {found[1] if found else close!r}? (the functions are listed under "
                    f"{where})"
                ),
            )
        elif elsewhere:
            yield Issue(
                (*row.path, "function"),
                (
                    f"{function_name!r} is not a function of {shown}: it is a function of "
                    f"{' and '.join(elsewhere)}; move it there"
                ),
            )
        elif module.complete:
            yield Issue(
                (*row.path, "function"),
                (
                    f"{function_name!r} is not a function of {shown}; its functions are "
                    f"{', '.join(f.name for f in module.functions)}"
                ),
            )
        else:
            known = len(module.functions)
            counted = (
                f" of the {module.count_2017} in ConnectWise's 2017 matrix"
                if (module.count_2017)
                else ""
            )
            yield Issue(
                (*row.path, "function"),
                (
                    f"{function_name!r} is not among the {known} {shown} functions cwlint knows"
                    f"{counted}: ConnectWise does not publish the full list, so it may well be "
                    f"real; check the name under {where}, and suppress CW303 on this line if it is"
                ),
                severity=Severity.INFO,
            )
