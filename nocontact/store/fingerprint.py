"""SHA-256 identity of an imported archive, for a zip file and an extracted folder alike."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

_CHUNK = 1 << 20


def text_sha256(text: str | None) -> str | None:
    """The hash of a stored text column (UTF-8), None for NULL; a BLOB (an edit outside
    nocontact) has none, so it matches no recorded hash."""
    if not isinstance(text, str):
        return None if text is None else f"not text: {text!r}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return stream_sha256(fh)


def stream_sha256(fh: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := fh.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def pieces_sha256(pieces: Iterable[bytes]) -> str:
    """The hash of a file read in pieces (a sealed file's plaintext, unsealed in memory)."""
    digest = hashlib.sha256()
    for piece in pieces:
        digest.update(piece)
    return digest.hexdigest()


def manifest_sha256(entries: Iterable[tuple[str, str]]) -> str:
    """Hash of sorted "sha256  path" lines: the identity of a folder, wherever it lies."""
    lines = "".join(f"{sha}  {name}\n" for name, sha in sorted(entries))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def folder_sha256(root: Path) -> str:
    files = (p for p in root.rglob("*") if p.is_file())
    return manifest_sha256((p.relative_to(root).as_posix(), file_sha256(p)) for p in files)


def zip_members_sha256(path: Path | IO[bytes]) -> str:
    """Manifest hash of a zip's members: equals folder_sha256 of the folder it was made from."""
    with zipfile.ZipFile(path) as zf:
        entries = []
        for info in zf.infolist():
            if not info.is_dir():
                with zf.open(info) as fh:
                    entries.append((info.filename, stream_sha256(fh)))
    return manifest_sha256(entries)


def source_sha256(path: Path) -> str:
    return folder_sha256(path) if path.is_dir() else file_sha256(path)
