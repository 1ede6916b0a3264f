"""The errors crosswire raises: one-line messages a user can act on."""

from __future__ import annotations


class CrosswireError(Exception):
    """Base of every error crosswire raises on purpose."""


class BadInput(CrosswireError):
    """An input (file, page, feed, URL) that cannot be ingested; the batch goes on without it."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class MissingExtra(CrosswireError):
    """An optional dependency is not installed; the message names the pip command."""

    def __init__(self, extra: str, package: str):
        super().__init__(f"'{package}' is not installed: pip install 'crosswire[{extra}]'")
        self.extra = extra
        self.package = package


class StageError(CrosswireError):
    """A pipeline stage failed or returned the wrong thing; names the stage."""
