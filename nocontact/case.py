"""A case folder: config.toml, nocontact.db and evidence/, all private to the user."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from nocontact import config
from nocontact.errors import PassphraseError
from nocontact.store import cipher, encryption, ledger
from nocontact.store.database import Store
from nocontact.store.lock import hold

# How long work reports how far it got: (what, how many done, how many in all or None).
# Library code calls it; only the CLI draws it (nocontact/console.py).
Progress = Callable[[str, int, "int | None"], None]


def no_progress(label: str, done: int, total: int | None) -> None:
    """The default `Progress`: work done quietly (library callers, tests)."""


@dataclass(frozen=True, slots=True)
class Case:
    """A case folder; `passphrase` is asked only when an encrypted case is opened.

    `command` names the holder of the writer lock; `lock_wait` is how long to wait for it.
    """

    root: Path
    passphrase: Callable[[], str] | None = field(default=None, compare=False, repr=False)
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
        self._tighten()
        return config.load(self.config_path)

    @property
    def encrypted(self) -> bool:
        return cipher.is_encrypted(self.root)

    def keys(self) -> cipher.Keys | None:
        """The keys of an encrypted case (None for a plain one); a wrong passphrase raises."""
        if not self.encrypted:
            return None
        if self.passphrase is None:
            raise PassphraseError(
                f"{self.root} is an encrypted case: give its passphrase at the prompt, in "
                "NOCONTACT_PASSPHRASE or in the file NOCONTACT_PASSPHRASE_FILE names"
            )
        return cipher.unlock(self.root, self.passphrase())

    def file_key(self) -> bytes | None:
        """The key that seals evidence copies and exports; None in a plain case."""
        keys = self.keys()
        return keys.files if keys else None

    def store(self, *, create: bool = True) -> Store:
        if create:
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._tighten()
        if os.access(self.root, os.W_OK):  # a case on read-only media is only read
            encryption.finish(self.root, self.db_path, self.sources_dir)  # after a crash, if any
        return Store(
            self.db_path, create=create, keys=self.keys(), holder=self.command, wait=self.lock_wait
        )

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

    def contain_caches(self) -> None:
        """Point libraries' own config and caches (matplotlib's font list) into this case.

        Call before they are imported: otherwise they write ~/.config and ~/.cache, a trace
        of the tool outside the case folder.
        """
        os.environ["MPLCONFIGDIR"] = str((self.root / "cache" / "matplotlib").resolve())

    def _tighten(self) -> None:
        """A folder made by hand (mkdir, 0755) becomes private the first time nocontact opens it.
        A case on read-only media is left as it is (it can still be read)."""
        if self.root.is_dir() and self.root.stat().st_mode & 0o077:
            with suppress(OSError):
                os.chmod(self.root, 0o700)

    def private_dir(self, path: Path) -> Path:
        """Create a folder only the user can read (evidence may hold intimate messages)."""
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)
        return path
