"""Open a downloaded archive (.zip, .tar.gz or extracted folder) the same way, safely.

Archives come from platforms but pass through the user's Downloads folder, so every member
name is checked: no absolute paths, no `..`, no symlinks, no name given twice, and caps on
member count and total uncompressed size (zip bombs). Headers can lie, so what a member
really inflates to is counted again while it is read (`crawlers.guard`). A tar (Mastodon's
archive is a .tar.gz) is never extracted: members are read from the stream, only regular
files are accepted (no symlinks, hard links, devices or fifos), and its listing stops as
soon as the sizes its headers give pass the cap, before inflating any further.
"""

from __future__ import annotations

import fnmatch
import io
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

import ijson

from crawlers.errors import ArchiveError, UnsafeArchive
from crawlers.guard import CHUNK, Budget, GuardedReader

MAX_MEMBERS = 200_000
MAX_TOTAL_BYTES = 64 * 1024**3  # real exports with media reach tens of GB
MAX_JSON_BYTES = 1024**3  # one data file streamed (the largest real ones hold ~1M records)
MAX_PAGE_BYTES = 128 * 1024**2  # one HTML or text page, which parsers read whole
MAX_READ_BYTES = 4 * 1024**3  # data inflated in all while reading one archive
_STREAMED = (".json", ".js")
TAR_SUFFIXES = (".tar.gz", ".tgz", ".tar")
# Listing a tar inflates everything before its last header, so a tar may inflate at most this
# many times its own size (media is already compressed, JSON ~10x; zeros ~1000x) beyond a floor.
TAR_RATIO, TAR_FLOOR = 100, 64 * 1024**2


def _check_name(origin: Path, name: str) -> str:
    """Return the member name as a safe relative posix path or refuse the archive."""
    posix = name.replace("\\", "/")
    path = PurePosixPath(posix)
    if path.is_absolute() or (len(posix) > 1 and posix[1] == ":"):
        raise UnsafeArchive(f"{origin}: member {name!r} has an absolute path; refusing archive")
    if ".." in path.parts:
        raise UnsafeArchive(f"{origin}: member {name!r} escapes the archive folder (..)")
    return str(path)


class Archive:
    """Uniform read access to a zip file or an extracted folder."""

    def __init__(
        self,
        path: Path,
        *,
        max_members: int = MAX_MEMBERS,
        max_total_bytes: int = MAX_TOTAL_BYTES,
        max_read_bytes: int = MAX_READ_BYTES,
        max_json_bytes: int = MAX_JSON_BYTES,
    ) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._tar: tarfile.TarFile | None = None
        self._infos: dict[str, zipfile.ZipInfo] = {}
        self._members: dict[str, tarfile.TarInfo] = {}
        self._budget = Budget(max_read_bytes)
        self._max_json = max_json_bytes
        self._single = False
        if path.is_dir():
            self._names = self._scan_folder(path, max_members, max_total_bytes)
        elif zipfile.is_zipfile(path):
            self._zip = self._open_zip(path)
            self._names = self._scan_zip(self._zip, max_members, max_total_bytes)
        elif path.is_file() and path.name.casefold().endswith(TAR_SUFFIXES):
            self._tar = self._open_tar(path)
            inflated = max(TAR_FLOOR, TAR_RATIO * path.stat().st_size)
            try:
                self._names = self._scan_tar(self._tar, max_members, min(max_total_bytes, inflated))
            except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
                self.close()
                raise ArchiveError(f"{path}: corrupt tar archive ({exc})") from exc
            except BaseException:
                self.close()
                raise
        elif path.is_file() and path.suffix.casefold() != ".zip":
            # One exported file (a WhatsApp .txt, an .mbox, an SMS backup .xml): one member.
            if path.stat().st_size > max_total_bytes:
                raise UnsafeArchive(f"{path}: size exceeds {max_total_bytes} bytes")
            self._names, self._single = [path.name], True
        else:
            raise ArchiveError(f"{path}: not a zip file or folder (corrupt or wrong file?)")

    @staticmethod
    def _open_zip(path: Path) -> zipfile.ZipFile:
        try:
            return zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ArchiveError(f"{path}: cannot open zip: {exc}") from exc

    @staticmethod
    def _open_tar(path: Path) -> tarfile.TarFile:
        try:
            return tarfile.open(path, "r:*")
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise ArchiveError(f"{path}: cannot open tar archive: {exc}") from exc

    def _scan_tar(self, tar: tarfile.TarFile, max_members: int, max_total: int) -> list[str]:
        """Walk the headers (inflating the stream up to each), refusing at the first problem."""
        total, count = 0, 0
        while (member := tar.next()) is not None:
            count += 1
            if count > max_members:
                raise UnsafeArchive(f"{self.path}: more than {max_members} members; refusing it")
            name = _check_name(self.path, member.name)
            if member.isdir():
                continue
            if not member.isreg():
                kind = _TAR_KINDS.get(member.type, "not a regular file")
                raise UnsafeArchive(f"{self.path}: member {member.name!r} is a {kind}")
            total += member.size
            if total > max_total:
                raise UnsafeArchive(
                    f"{self.path}: inflates to more than {max_total} bytes; refusing it "
                    "(a tar bomb or not a genuine export)"
                )
            if name in self._members:
                raise UnsafeArchive(
                    f"{self.path}: member {name!r} appears twice; refusing the archive "
                    "(a genuine export never repeats a name)"
                )
            self._members[name] = member
        return sorted(self._members)

    def _scan_zip(self, zf: zipfile.ZipFile, max_members: int, max_total: int) -> list[str]:
        infos = zf.infolist()
        if len(infos) > max_members:
            raise UnsafeArchive(
                f"{self.path}: {len(infos)} members exceed the cap of {max_members}"
            )
        total = 0
        for info in infos:
            name = _check_name(self.path, info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise UnsafeArchive(f"{self.path}: member {info.filename!r} is a symlink")
            total += info.file_size
            if total > max_total:
                raise UnsafeArchive(f"{self.path}: uncompressed size exceeds {max_total} bytes")
            if info.is_dir():
                continue
            if name in self._infos:  # which copy is the record? Neither can be trusted.
                raise UnsafeArchive(
                    f"{self.path}: member {name!r} appears twice; refusing the archive "
                    "(a genuine export never repeats a name)"
                )
            self._infos[name] = info
        return sorted(self._infos)

    def _scan_folder(self, root: Path, max_members: int, max_total: int) -> list[str]:
        total, names = 0, []
        for item in sorted(root.rglob("*")):
            if item.is_symlink():
                raise UnsafeArchive(f"{root}: {item.relative_to(root)} is a symlink")
            if not item.is_file():
                continue
            names.append(item.relative_to(root).as_posix())
            total += item.stat().st_size
            if len(names) > max_members or total > max_total:
                raise UnsafeArchive(f"{root}: folder exceeds the member or size cap")
        return names

    @property
    def names(self) -> list[str]:
        """Every file inside, as posix paths relative to the archive root."""
        return list(self._names)

    def glob(self, *patterns: str) -> list[str]:
        """Inner paths matching any pattern; `*/` prefixes allow one wrapping folder."""
        return [n for n in self._names if any(_match(n, p) for p in patterns)]

    def has_any(self, *patterns: str) -> bool:
        return any(any(_match(n, p) for p in patterns) for n in self._names)

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        """Open one member for streaming binary reading, within the archive's limits."""
        if name not in self._names:
            raise ArchiveError(f"{self.path}: no member {name!r}")
        origin = f"{self.path}: {name}"
        streamed = name.lower().endswith(_STREAMED)
        limit = self._max_json if streamed else MAX_PAGE_BYTES
        try:
            with self._raw(name, origin, limit) as fh:
                guarded = GuardedReader(fh, origin, limit=limit, budget=self._budget, json=streamed)
                yield cast(IO[bytes], io.BufferedReader(guarded, CHUNK))  # lines too
        except (zipfile.BadZipFile, tarfile.TarError, zlib.error, OSError, EOFError) as exc:
            raise ArchiveError(f"{origin}: corrupt member ({exc})") from exc
        except ijson.JSONError as exc:
            raise ArchiveError(f"{origin}: invalid JSON ({exc})") from exc
        except UnicodeDecodeError as exc:
            raise ArchiveError(f"{origin}: invalid UTF-8 text ({exc.reason})") from exc

    @contextmanager
    def _raw(self, name: str, origin: str, limit: int) -> Iterator[IO[bytes]]:
        if self._tar is not None:
            member = self._members[name]
            if member.size > limit:  # a tar header's size is where the next member starts
                raise UnsafeArchive(f"{origin}: inflates to {member.size} bytes; refusing it")
            fh = self._tar.extractfile(member)  # read from the stream; nothing is extracted
            if fh is None:
                raise ArchiveError(f"{origin}: not a regular file")
            with fh:
                yield fh
            return
        if self._zip is None:
            with (self.path if self._single else self.path / name).open("rb") as fh:
                yield fh
            return
        info = self._infos[name]
        if info.file_size > limit:  # the header may lie low, never high: refuse at once
            raise UnsafeArchive(f"{origin}: inflates to {info.file_size} bytes; refusing it")
        with self._zip.open(info) as fh:
            yield fh

    def iter_records(
        self,
        name: str,
        *,
        wrapper: str | None = None,
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        """Stream the records of a JSON file holding a list, `{wrapper: [...]}` or one dict."""
        with self.open(name) as fh:
            first = _first_char(fh)
        if first == b"[":
            yield from self._stream(name, "item")
            return
        if first != b"{":
            raise ArchiveError(f"{self.path}: {name}: not a JSON list or object")
        found = False
        if wrapper:
            for index, record in self._stream(name, f"{wrapper}.item"):
                found = True
                yield index, record
        if not found:  # a single record, or a wrapper that this export left out
            for _, document in self._stream(name, ""):
                if not (wrapper and wrapper in document):
                    yield 0, document

    def _stream(self, name: str, prefix: str) -> Iterator[tuple[int, Any]]:
        with self.open(name) as fh:
            try:
                yield from enumerate(ijson.items(fh, prefix, use_float=True))
            except ijson.JSONError as exc:
                raise ArchiveError(f"{self.path}: {name}: invalid JSON ({exc})") from exc

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
        if self._tar is not None:
            self._tar.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_TAR_KINDS = {
    tarfile.SYMTYPE: "symlink",
    tarfile.LNKTYPE: "hard link",
    tarfile.CHRTYPE: "character device",
    tarfile.BLKTYPE: "block device",
    tarfile.FIFOTYPE: "fifo",
}


def _match(name: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(name, "*/" + pattern)


def _first_char(fh: IO[bytes]) -> bytes:
    while True:
        ch = fh.read(1)
        if not ch or not ch.isspace():
            return ch
