"""Storage backends behind one `Store` protocol: SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from .base import Store, StoreConflict, StoreError, StoreFull, StoreReadOnly, StoreUnavailable

__all__ = ["open_store", "Store", "StoreConflict", "StoreError", "StoreFull", "StoreReadOnly", "StoreUnavailable"]


def open_store(url: str) -> Store:
    """Open the backend a URL names: `sqlite:///path.db` or `postgresql://user@host:port/db`."""
    if url.startswith("sqlite:"):
        from .sqlite import SQLiteStore

        return SQLiteStore(url)
    if url.startswith(("postgresql:", "postgres:")):
        try:
            from .postgres import PostgresStore
        except ImportError as exc:  # pragma: no cover - postgres module ships with the package
            raise StoreUnavailable(f"PostgreSQL backend unavailable: {exc}") from None
        return PostgresStore(url)
    scheme = url.split(":", 1)[0] if ":" in url else url
    raise StoreUnavailable(
        f"unknown backend {scheme!r} in {url!r}: use sqlite:///path/to.db or postgresql://user@host:port/db")
