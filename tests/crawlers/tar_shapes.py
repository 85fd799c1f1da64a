"""Tar archives built at test time: Mastodon's real layout, and hostile variants of it."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

from tests.helpers import DATA

MASTODON = DATA / "exports" / "mastodon" / "2026"
# What "Request your archive" gives: the JSON documents at the root, the owner's pictures
# and the media of their posts under media_attachments/files/<id partition>/original/.
MEDIA = "media_attachments/files/113/882/044/170/512/345/original/4f1e2a9c0b7d3e65.png"


def _add(tar: tarfile.TarFile, name: str, data: bytes, **fields: object) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), 1775000000, 0o644
    for key, value in fields.items():
        setattr(info, key, value)
    tar.addfile(info, io.BytesIO(data) if info.isreg() else None)


def mastodon_tar(
    path: Path, *, extra: tuple[tuple[str, bytes, dict[str, object]], ...] = ()
) -> Path:
    """`archive-<time>-<hex>.tar.gz` as Mastodon writes it (gzip, ustar members)."""
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for source in sorted(MASTODON.iterdir()):
            _add(tar, source.name, source.read_bytes())
        _add(tar, "avatar.png", b"\x89PNG\r\n\x1a\n" + bytes(32))
        _add(tar, MEDIA, b"\x89PNG\r\n\x1a\n" + bytes(64))
        for name, data, fields in extra:
            _add(tar, name, data, **fields)
    return path


def bomb_tar(path: Path, size: int) -> Path:
    """One member of `size` zero bytes: a few hundred KB on disk, `size` once inflated."""
    info = tarfile.TarInfo("outbox.json")
    info.size = size
    with gzip.open(path, "wb", compresslevel=1) as gz:
        gz.write(info.tobuf(format=tarfile.USTAR_FORMAT))
        block = bytes(1024 * 1024)
        for _ in range(size // len(block)):
            gz.write(block)
        gz.write(bytes(size % len(block) + 1024))
    return path
