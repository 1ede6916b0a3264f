"""Storage: the ``Store`` repository over SQLite (default) or PostgreSQL."""

from .repository import Store, db_url

__all__ = ["Store", "db_url"]
