"""One module per rule, named after it (``cw301_missing_permission.py``).

To add a rule: add a module here with ID, NAME, SEVERITY, SUMMARY, a docstring (why), BAD and
GOOD examples, SOURCE and ``check(ctx)``, and a fixture folder ``tests/checks/<ID>/``.
"""
