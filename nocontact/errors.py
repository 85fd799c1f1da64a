"""The error tree. Library code raises these; only the CLI turns them into exit codes.

NocontactError (and crawlers.errors.ArchiveError and ScanError, which the CLI treats alike)
├── ConfigError          config.toml missing, unknown key, bad value, missing file
├── ArchiveError         an archive cannot be read
│   ├── UnsafeArchive    path traversal, absolute path, symlink, size or member-count bomb
│   └── UnknownFormat    no parser recognises the archive
├── ScanError            a live API scan stopped (crawlers.errors; stored pages stay stored)
│   ├── AuthError        the token or app password is missing or refused
│   └── RateLimited      the platform asks to wait longer than one scan may
├── StoreError           the case database is unusable
├── EnrichError          the public-profile crawler could not run
├── ModelError           the matcher model file is unusable
└── VerifyError          the ledger chain or an evidence file does not match its hash
"""

from __future__ import annotations

from crawlers.errors import (
    ArchiveError,
    AuthError,
    RateLimited,
    ScanError,
    UnknownFormat,
    UnsafeArchive,
)


class NocontactError(Exception):
    """Base of every error the user should see as one line."""


class ConfigError(NocontactError):
    """config.toml is missing or invalid."""


class StoreError(NocontactError):
    """The case database is missing or unusable."""


class EnrichError(NocontactError):
    """The public-profile crawler could not run; nothing was stored."""


class ModelError(NocontactError):
    """The trained matcher model cannot be read or trained."""


class VerifyError(NocontactError):
    """Recomputed hashes differ from what was recorded."""


__all__ = [
    "ArchiveError",
    "AuthError",
    "ConfigError",
    "EnrichError",
    "ModelError",
    "NocontactError",
    "RateLimited",
    "ScanError",
    "StoreError",
    "UnknownFormat",
    "UnsafeArchive",
    "VerifyError",
]
