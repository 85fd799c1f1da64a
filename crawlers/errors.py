"""Errors the crawlers raise, under the one root the application's CLI catches.

ToolError               (re-exported by `nocontact.errors` as NocontactError)
├── ArchiveError        an archive or one of its files cannot be read
│   ├── UnsafeArchive   it tries to escape its folder or to exhaust the disk
│   └── UnknownFormat   no registered parser recognises it
├── ScanError           a live scan could not go on; stored pages stay stored
│   ├── AuthError       the token or app password is missing or refused
│   └── RateLimited     the platform asks to wait longer than one scan may
└── CrawlError          the public-profile crawler could not run to its end

SkipRecord is a control signal, not an error: one record is unusable, the import counts it
and goes on (like scrapy's DropItem). It never reaches the user, so it is outside the tree.
"""

from __future__ import annotations

import re

_LINE_BREAK = re.compile(r"\n|\\n")


class ToolError(Exception):
    """Base of every error the user should see as one line naming the file and the fix."""


class ArchiveError(ToolError):
    """An archive or one of its files cannot be read; the message is always one line.

    JSON parsers draw the faulty text under a caret on extra lines: only the first is kept.

    >>> str(ArchiveError("a.zip: f.json: invalid JSON (parse error: bad key\\n  {x}\\n  ^"))
    'a.zip: f.json: invalid JSON (parse error: bad key)'
    """

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


def one_line(text: str) -> str:
    """The first line of a message, its parentheses closed and a bytes repr unwrapped."""
    line = _LINE_BREAK.split(text, maxsplit=1)[0].rstrip()
    line = line.replace("(b'", "(").replace('(b"', "(")
    return line + ")" * max(0, line.count("(") - line.count(")"))


class UnsafeArchive(ArchiveError):
    """The archive tries to escape its folder or to exhaust the disk."""


class UnknownFormat(ArchiveError):
    """No registered parser recognises the archive."""


class SkipRecord(Exception):
    """One record is unusable; the import counts it and goes on (like scrapy's DropItem)."""


class ScanError(ToolError):
    """A live scan through a platform API could not go on; stored pages stay stored."""


class AuthError(ScanError):
    """The token or app password is missing, or the platform refused it."""


class RateLimited(ScanError):
    """The platform asks to wait longer than one scan may; the next scan resumes."""


class CrawlError(ToolError):
    """The public-profile crawler could not run to its end."""
