"""A case folder: config.toml, nocontact.db and evidence/, all private to the user."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from nocontact import config
from nocontact.store import ledger
from nocontact.store.database import Store
from nocontact.store.lock import hold

# How long work reports how far it got: (what, how many done, how many in all or None).
# Library code calls it; only the CLI draws it (nocontact/console.py).
Progress = Callable[[str, int, "int | None"], None]


def no_progress(label: str, done: int, total: int | None) -> None:
    """The default `Progress`: work done quietly (library callers, tests)."""


@dataclass(frozen=True, slots=True)
class Case:
    """`command` names the holder of the writer lock; `lock_wait` is how long to wait for it."""

    root: Path
    command: str = ""
    lock_wait: float | None = None

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
        if create:
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        return Store(self.db_path, create=create, holder=self.command, wait=self.lock_wait)

    def writing(self) -> AbstractContextManager[None]:
        """Hold the case's writer lock across several steps (files, then the ledger)."""
        return hold(self.root, self.command, wait=self.lock_wait)

    def seal_order(self, conn: sqlite3.Connection) -> None:
        """Seal config.toml's order terms in the ledger if they changed since last sealed."""
        if self.config_path.is_file():
            ledger.seal_terms(conn, self.config().order.terms())

    def order_sealed(self, conn: sqlite3.Connection) -> bool:
        """Whether the ledger already holds config.toml's order terms (nothing to write)."""
        if not self.config_path.is_file():
            return True
        return ledger.terms_sealed(conn, self.config().order.terms())

    def private_dir(self, path: Path) -> Path:
        """Create a folder only the user can read (evidence may hold intimate messages)."""
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)
        return path
