"""The embedded store: SQLite by default (standard library, nothing to install).

>>> store = open_store(":memory:")
>>> store.info()["integrity"], store.info()["schema_version"] == SCHEMA_VERSION
('ok', True)
"""

from __future__ import annotations

from participation.store.errors import StoreBusyError, StoreConflictError, StoreError
from participation.store.loading import LoadReport, load, open_store
from participation.store.protocol import Store, UpsertCounts, WriteOutcome, WriteResult
from participation.store.schema import SCHEMA_VERSION
from participation.store.sqlite import SqliteStore

__all__ = [
    "SCHEMA_VERSION",
    "LoadReport",
    "SqliteStore",
    "Store",
    "StoreBusyError",
    "StoreConflictError",
    "StoreError",
    "UpsertCounts",
    "WriteOutcome",
    "WriteResult",
    "load",
    "open_store",
]
