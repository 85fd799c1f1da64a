"""The error tree. Library code raises these; only the CLI turns them into exit codes.

The root is shared with the crawlers (`crawlers.errors.ToolError`, which cannot import this
package), so the CLI catches one class:

NocontactError           crawlers.errors.ToolError under the application's name
├── ConfigError          config.toml missing, unknown key, bad value, missing file
├── StoreError           the case database is unusable
│   └── PassphraseError  an encrypted case's passphrase is missing or wrong
├── EnrichError          the public-profile crawler could not run; nothing was stored
├── ModelError           the matcher model file is unusable
├── VerifyError          the ledger chain or an evidence file does not match its hash
├── ArchiveError         an archive cannot be read (crawlers.errors)
│   ├── UnsafeArchive    path traversal, absolute path, symlink, size or member-count bomb
│   └── UnknownFormat    no parser recognises the archive
├── ScanError            a live API scan stopped; stored pages stay stored (crawlers.errors)
│   ├── AuthError        the token or app password is missing or refused
│   └── RateLimited      the platform asks to wait longer than one scan may
└── CrawlError           the public-profile crawler stopped (crawlers.errors)
"""

from __future__ import annotations

from crawlers.errors import (
    ArchiveError,
    AuthError,
    CrawlError,
    RateLimited,
    ScanError,
    UnknownFormat,
    UnsafeArchive,
)
from crawlers.errors import ToolError as NocontactError


class ConfigError(NocontactError):
    """config.toml is missing or invalid."""


class StoreError(NocontactError):
    """The case database is missing or unusable."""


class PassphraseError(StoreError):
    """An encrypted case's passphrase is missing or wrong; nothing was opened."""


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
    "CrawlError",
    "EnrichError",
    "ModelError",
    "NocontactError",
    "PassphraseError",
    "RateLimited",
    "ScanError",
    "StoreError",
    "UnknownFormat",
    "UnsafeArchive",
    "VerifyError",
]
