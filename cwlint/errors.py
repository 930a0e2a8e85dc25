"""Errors that are not findings: the run cannot go on as asked (exit 2)."""

from __future__ import annotations


class UsageError(Exception):
    """Bad input that is not a finding: a missing path, an unreadable file, a broken config.

    The message names the file (and line where there is one), what is wrong and what to do.
    """


class OptionsError(UsageError):
    """Options that cannot go together (``--live`` with ``--snapshot``): a usage error in the
    strict sense, which the command line shows with its usage line."""
