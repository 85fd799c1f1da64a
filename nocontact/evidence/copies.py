"""The archive copies kept in the case, their hashes recomputed for `verify`.

A copy that cannot be read (truncated, no longer a zip, unreadable) is a problem to report
about the copy, never a failure of the check itself.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from nocontact.case import Case
from nocontact.errors import StoreError
from nocontact.store import cipher
from nocontact.store.fingerprint import pieces_sha256, zip_members_sha256
from nocontact.store.sources import SourceRow

# What reading a zip that is no longer one raises: a truncated or edited folder copy.
_BAD_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError)


def problems(case: Case, rows: list[SourceRow]) -> list[str]:
    """Each source's archive copy against the hash it was imported with."""
    key, found = case.file_key(), []
    for row in rows:
        if not isinstance(row.copy_path, str):  # a BLOB: an edit outside nocontact
            found.append(f"source {row.id}, column copy_path is not a file name")
        elif problem := check(case.sources_dir / row.copy_path, row.sha256, row.kind, key):
            found.append(problem)
    return found


def check(path: Path, sha: str, kind: str, key: bytes | None) -> str | None:
    """An archive copy's hash, recomputed in memory when the copy is sealed."""
    if not path.is_file():
        return f"source copy {path} is missing"
    try:
        data = cipher.read_bytes(path, key) if kind == "folder" else None
        actual = pieces_sha256(cipher.chunks_of(path, key)) if data is None else _members(data)
    except StoreError as exc:
        return f"source copy {exc}"
    except OSError as exc:  # permissions, a disk error
        return f"source copy {path} cannot be read ({exc.strerror or exc})"
    if actual is None:
        return f"source copy {path} does not match sha256 {sha}: it is not a readable zip"
    return None if actual == sha else f"source copy {path} does not match sha256 {sha}"


def _members(data: bytes) -> str | None:
    """A folder copy's hash: its members' (fingerprint.py); None if it is not a readable zip."""
    try:
        return zip_members_sha256(io.BytesIO(data))
    except _BAD_ZIP:
        return None


def plain_sha256(path: Path, key: bytes | None) -> str | None:
    """A file's hash, unsealed in memory if sealed; None if it cannot be unsealed or read."""
    try:
        return pieces_sha256(cipher.chunks_of(path, key))
    except (StoreError, OSError):
        return None
