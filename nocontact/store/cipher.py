"""An encrypted case at rest: a SQLCipher database and sealed evidence files, one passphrase.

Someone who shares the computer must not be able to read the record. The passphrase is
stretched with Argon2id (salt and cost in `cipher.json`, beside a check value that tells a
wrong passphrase from a damaged file) into two keys: a raw SQLCipher key for the database and
an AES-256-GCM key for files. Files are sealed in 64 KiB chunks (the STREAM construction
that age uses: a random nonce prefix, the chunk counter and a last-chunk flag), so a large
archive is encrypted and checked without ever being written, or held, in clear.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO

from nocontact.errors import PassphraseError, StoreError

MARKER = "cipher.json"
SUFFIX = ".enc"
FORMAT = "nocontact-cipher/1"
MAGIC = b"NCSEAL1\n"
_CHUNK = 64 * 1024
_TAG = 16
_PREFIX = 7
_CHECK = b"nocontact case key"
# Argon2id, RFC 9106's second recommended option (64 MiB, 3 passes), one lane.
_COST = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 1}


@dataclass(frozen=True, slots=True)
class Keys:
    """The two keys of an unlocked case (never printed: repr hides them)."""

    database: bytes = field(repr=False)
    files: bytes = field(repr=False)


def available() -> None:
    """Encrypted cases need the `encrypt` extra; say how to get it instead of a traceback."""
    import importlib.util

    needed = ("sqlcipher3", "argon2", "cryptography")
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        raise StoreError(
            f"an encrypted case needs {', '.join(missing)}: pip install 'nocontact[encrypt]'"
        )


def is_encrypted(root: Path) -> bool:
    return (root / MARKER).is_file()


def create(root: Path, passphrase: str, *, marker: Path | None = None) -> Keys:
    """Choose a salt, derive the keys and write the marker (0600) that makes a case encrypted."""
    available()
    if len(passphrase) < 8:
        raise PassphraseError("the passphrase must be at least 8 characters long")
    salt = os.urandom(16)
    keys = _derive(passphrase, salt, **_COST)
    nonce = os.urandom(12)
    check = nonce + _aead(keys.files).encrypt(nonce, _CHECK, MAGIC)
    data = {"format": FORMAT, "kdf": {"name": "argon2id", "salt": salt.hex(), **_COST}}
    data["check"] = check.hex()
    write_private(marker or root / MARKER, (json.dumps(data, indent=2) + "\n").encode(), None)
    return keys


def unlock(root: Path, passphrase: str) -> Keys:
    """The case's keys, or a one-line error when the passphrase is wrong."""
    available()
    from cryptography.exceptions import InvalidTag

    path = root / MARKER
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        kdf, check = data["kdf"], bytes.fromhex(data["check"])
        cost = {k: int(kdf[k]) for k in _COST}
        keys = _derive(passphrase, bytes.fromhex(kdf["salt"]), **cost)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{path}: not a readable case key file ({exc})") from exc
    try:
        _aead(keys.files).decrypt(check[:12], check[12:], MAGIC)
    except InvalidTag:
        raise PassphraseError(f"{root}: wrong passphrase for this encrypted case") from None
    return keys


@lru_cache(maxsize=4)  # a command opens the store several times; derive once
def _derive(
    passphrase: str, salt: bytes, *, time_cost: int, memory_cost: int, parallelism: int
) -> Keys:
    from argon2.low_level import Type, hash_secret_raw

    raw = hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=time_cost,
        memory_cost=memory_cost,
        parallelism=parallelism,
        hash_len=64,
        type=Type.ID,
    )
    return Keys(database=raw[:32], files=raw[32:])


def connect(path: Path, keys: Keys | None, *, timeout: float = 5.0) -> sqlite3.Connection:
    """A plain sqlite3 connection, or a SQLCipher one keyed before any page is read."""
    if keys is None:
        return sqlite3.connect(path, isolation_level=None, timeout=timeout)
    from sqlcipher3 import dbapi2

    conn = dbapi2.connect(str(path), isolation_level=None, timeout=timeout)
    conn.execute(f"PRAGMA key = \"x'{keys.database.hex()}'\"")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi2.DatabaseError as exc:
        conn.close()
        raise PassphraseError(f"{path}: cannot be opened with this case's key ({exc})") from None
    return conn  # type: ignore[no-any-return]  # same DB-API as sqlite3


def database_error(conn: sqlite3.Connection) -> type[Exception]:
    """The DatabaseError class of whichever driver made `conn`."""
    module = type(conn).__module__.split(".")[0]
    if module == "sqlcipher3":
        from sqlcipher3 import dbapi2

        return dbapi2.DatabaseError  # type: ignore[no-any-return]
    return sqlite3.DatabaseError


def encrypt_database(plain: Path, target: Path, keys: Keys) -> None:
    """Copy a plain case database into a new SQLCipher file (sqlcipher_export)."""
    from sqlcipher3 import dbapi2

    conn = dbapi2.connect(str(plain), isolation_level=None)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(
            f"ATTACH DATABASE ? AS sealed KEY \"x'{keys.database.hex()}'\"", (str(target),)
        )
        conn.execute("SELECT sqlcipher_export('sealed')")
        conn.execute(f"PRAGMA sealed.user_version = {int(version)}")
        conn.execute("DETACH DATABASE sealed")
    finally:
        conn.close()
    os.chmod(target, 0o600)


def _aead(key: bytes):  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class Sealer:
    """A write-only file object that seals what is written (zipfile can write into it)."""

    def __init__(self, out: IO[bytes], key: bytes) -> None:
        self._out, self._aead, self._prefix = out, _aead(key), os.urandom(_PREFIX)
        self._pending, self._counter = bytearray(), 0
        out.write(MAGIC + self._prefix)

    def write(self, data: bytes) -> int:
        self._pending += data
        while len(self._pending) > _CHUNK:  # keep one full chunk back: it may be the last
            self._emit(bytes(self._pending[:_CHUNK]), last=False)
            del self._pending[:_CHUNK]
        return len(data)

    def flush(self) -> None:
        """Chunks are written as they fill; the last one only on close()."""

    def close(self) -> None:
        self._emit(bytes(self._pending), last=True)
        self._pending.clear()

    def _emit(self, plain: bytes, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._counter, last)
        self._out.write(self._aead.encrypt(nonce, plain, MAGIC))
        self._counter += 1


def seal(chunks: Iterable[bytes], out: IO[bytes], key: bytes) -> None:
    """Encrypt a stream of plaintext pieces into `out`."""
    sealer = Sealer(out, key)
    for piece in chunks:
        sealer.write(piece)
    sealer.close()


def unseal(fh: IO[bytes], key: bytes, *, name: str) -> Iterator[bytes]:
    """The plaintext of a sealed stream, chunk by chunk; a changed byte raises StoreError."""
    from cryptography.exceptions import InvalidTag

    head = fh.read(len(MAGIC) + _PREFIX)
    if head[: len(MAGIC)] != MAGIC or len(head) != len(MAGIC) + _PREFIX:
        raise StoreError(f"{name}: not a sealed nocontact file")
    aead, prefix = _aead(key), head[len(MAGIC) :]
    counter, block = 0, fh.read(_CHUNK + _TAG)
    while True:
        following = fh.read(_CHUNK + _TAG) if len(block) == _CHUNK + _TAG else b""
        last = not following
        try:
            plain = aead.decrypt(_nonce(prefix, counter, last), block, MAGIC)
        except InvalidTag:
            raise StoreError(
                f"{name}: sealed file was altered, cut short or has another key"
            ) from None
        yield plain
        if last:
            return
        block, counter = following, counter + 1


def is_sealed(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def read_bytes(path: Path, key: bytes | None) -> bytes:
    """A file's content, unsealed in memory when it is sealed (never to disk)."""
    if not is_sealed(path):
        return path.read_bytes()
    if key is None:
        raise StoreError(f"{path}: sealed; only its encrypted case can open it")
    with path.open("rb") as fh:
        return b"".join(unseal(fh, key, name=str(path)))


def chunks_of(path: Path, key: bytes | None) -> Iterator[bytes]:
    """A file's plaintext in pieces: for hashing a large sealed archive without holding it."""
    with path.open("rb") as fh:
        if fh.read(len(MAGIC)) != MAGIC:
            fh.seek(0)
            while piece := fh.read(1 << 20):
                yield piece
            return
        if key is None:
            raise StoreError(f"{path}: sealed; only its encrypted case can open it")
        fh.seek(0)
        yield from unseal(fh, key, name=str(path))


def write_private(path: Path, data: bytes, key: bytes | None) -> None:
    """Create a new file only the user can read, sealed when a key is given."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        if key is None:
            fh.write(data)
        else:
            seal([data], fh, key)


def seal_file(source: Path, target: Path, key: bytes) -> None:
    """Seal a (possibly large) file into a new private file, streaming."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        seal(chunks_of(source, None), out, key)
