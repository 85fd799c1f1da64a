"""A case folder: config.toml, nocontact.db and evidence/, all private to the user."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from nocontact import config
from nocontact.store import ledger
from nocontact.store.database import Store


@dataclass(frozen=True, slots=True)
class Case:
    root: Path

    @property
    def config_path(self) -> Path:
        return self.root / "config.toml"

    @property
    def db_path(self) -> Path:
        return self.root / "nocontact.db"

    @property
    def sources_dir(self) -> Path:
        return self.root / "evidence" / "sources"

    def config(self) -> config.Config:
        return config.load(self.config_path)

    def store(self, *, create: bool = True) -> Store:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        return Store(self.db_path, create=create)

    def seal_order(self, conn: sqlite3.Connection) -> None:
        """Seal config.toml's order terms in the ledger if they changed since last sealed."""
        if self.config_path.is_file():
            ledger.seal_terms(conn, self.config().order.terms())

    def private_dir(self, path: Path) -> Path:
        """Create a folder only the user can read (evidence may hold intimate messages)."""
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)
        return path
