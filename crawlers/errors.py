"""Errors the crawlers raise; `nocontact.errors` re-exports them in the tree."""

from __future__ import annotations


class ArchiveError(Exception):
    """An archive or one of its files cannot be read."""


class UnsafeArchive(ArchiveError):
    """The archive tries to escape its folder or to exhaust the disk."""


class UnknownFormat(ArchiveError):
    """No registered parser recognises the archive."""


class SkipRecord(Exception):
    """One record is unusable; the import counts it and goes on (like scrapy's DropItem)."""


class ScanError(Exception):
    """A live scan through a platform API could not go on; stored pages stay stored."""


class AuthError(ScanError):
    """The token or app password is missing, or the platform refused it."""


class RateLimited(ScanError):
    """The platform asks to wait longer than one scan may; the next scan resumes."""


class CrawlError(Exception):
    """The public-profile crawler could not run to its end."""
