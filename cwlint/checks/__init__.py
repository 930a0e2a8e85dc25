"""One module per rule, named after it (``cw301_missing_permission.py`` is ``CW301``,
``missing-permission``); helpers start with an underscore (``_role.py``) and are never rules.

To add a rule: add a module here with ID, NAME, SEVERITY, SUMMARY, a docstring (why), BAD and
GOOD examples (complete manifests), SOURCE and ``check(ctx)``, and a fixture folder
``tests/checks/<ID>/``. The registry (``cwlint.registry``) refuses a module that breaks this.
"""
