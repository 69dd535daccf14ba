"""The one error a fuzz run raises on purpose: unusable input, reported as exit status 2."""

from __future__ import annotations


class FuzzUsageError(Exception):
    """Bad usage or unusable input: unknown surface or operation, a spec with errors, a backend
    that cannot be opened, a --url that cannot be reached. The message is one line."""
