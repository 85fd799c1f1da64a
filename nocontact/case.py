"""A case folder: config.toml, nocontact.db and evidence/, all private to the user."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from nocontact import config
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
        self._tighten()
        return config.load(self.config_path)

    def store(self, *, create: bool = True) -> Store:
        self.private_dir(self.root)
        return Store(self.db_path, create=create)

    def contain_caches(self) -> None:
        """Point libraries' own config and caches (matplotlib's font list) into this case.

        Call before they are imported: otherwise they write ~/.config and ~/.cache, a trace
        of the tool outside the case folder.
        """
        os.environ["MPLCONFIGDIR"] = str((self.root / "cache" / "matplotlib").resolve())

    def _tighten(self) -> None:
        """A folder made by hand (mkdir, 0755) becomes private the first time nocontact opens it."""
        if self.root.is_dir():
            os.chmod(self.root, 0o700)

    def private_dir(self, path: Path) -> Path:
        """Create a folder only the user can read (evidence may hold intimate messages)."""
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)
        return path
