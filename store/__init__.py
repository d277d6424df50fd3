"""The project store: one SQLite file per project (layers, settings, audit; later plans and
feed history). Only this package imports sqlite-utils; callers get plain dataclasses."""

from store.connection import ProjectStore, open_store
from store.errors import StoreError, StoreLockedError

__all__ = ["ProjectStore", "StoreError", "StoreLockedError", "open_store"]
