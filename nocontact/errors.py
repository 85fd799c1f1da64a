"""The error tree. Library code raises these; only the CLI turns them into exit codes.

NocontactError (and crawlers.errors.ArchiveError, which the CLI treats alike)
├── ConfigError          config.toml missing, unknown key, bad value, missing file
├── ArchiveError         an archive cannot be read
│   ├── UnsafeArchive    path traversal, absolute path, symlink, size or member-count bomb
│   └── UnknownFormat    no parser recognises the archive
├── StoreError           the case database is unusable
└── VerifyError          the ledger chain or an evidence file does not match its hash
"""

from __future__ import annotations

from crawlers.errors import ArchiveError, UnknownFormat, UnsafeArchive


class NocontactError(Exception):
    """Base of every error the user should see as one line."""


class ConfigError(NocontactError):
    """config.toml is missing or invalid."""


class StoreError(NocontactError):
    """The case database is missing or unusable."""


class VerifyError(NocontactError):
    """Recomputed hashes differ from what was recorded."""


__all__ = [
    "ArchiveError",
    "ConfigError",
    "NocontactError",
    "StoreError",
    "UnknownFormat",
    "UnsafeArchive",
    "VerifyError",
]
