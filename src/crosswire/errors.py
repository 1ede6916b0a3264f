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
    """An optional dependency (``extra`` None: a core one, missing from a broken install) is not installed; the
    message names the pip command."""

    def __init__(self, extra: str | None, package: str):
        how = f"pip install 'crosswire[{extra}]'" if extra else f"pip install {package} (crosswire needs it)"
        super().__init__(f"'{package}' is not installed: {how}")
        self.extra = extra
        self.package = package


class StageError(CrosswireError):
    """A pipeline stage failed or returned the wrong thing; names the stage."""


def redact(db: str) -> str:
    """``db`` fit for a message: a store URL's password becomes ``***`` (``postgresql://u:***@host/db``)."""
    from urllib.parse import urlsplit

    if "://" not in db:
        return db
    try:
        parts = urlsplit(db)
        password = parts.password
    except ValueError:
        return db.split("://", 1)[0] + "://…"  # unparsable: show the scheme alone
    if not password:
        return db
    user, _, host = parts.netloc.rpartition("@")
    return parts._replace(netloc=f"{user.split(':', 1)[0]}:***@{host}").geturl()
