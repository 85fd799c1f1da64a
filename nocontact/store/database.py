"""The case database (DESIGN §4): one SQLite file, plain tables that open in Datasette.

Writes that must be atomic (an import, a match run) go through `transaction()`, which uses
explicit BEGIN/COMMIT on an autocommit connection: sqlite-utils' own write helpers commit
on their own, so inside a transaction only plain SQL is used.
"""

from __future__ import annotations

import importlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from nocontact.errors import StoreError
from nocontact.store import anchor, cipher, seals
from nocontact.store.lock import hold


def _import_sqlite_utils() -> ModuleType:
    """sqlite-utils imports numpy (a fifth of a second) only to type numpy values passed to
    its insert helpers, which nocontact never calls: numpy is hidden for that one import, so
    `hits`, `decide` and `status` answer at once. numpy stays importable for the matcher."""
    if "numpy" in sys.modules:
        return importlib.import_module("sqlite_utils")
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` fails meanwhile
    try:
        return importlib.import_module("sqlite_utils")
    finally:
        del sys.modules["numpy"]


sqlite_utils = _import_sqlite_utils()

SCHEMA_VERSION = 1
_BUSY_SECONDS = 60.0  # readers and the rare outside writer wait this long, then fail cleanly
# The page cache, filled only as pages are read: a large import's indexes stay in it instead
# of being spilled to the WAL and written there again at each change (2 MiB by default).
_CACHE_KIB = 96 * 1024  # a 1M-record import: 7% less CPU than 64 MiB, peak still < 300 MB
_MEDIA_ERRORS = (
    "database or disk is full",
    "disk I/O error",
    "attempt to write a readonly database",
    "unable to open database file",
    "database is locked",
)

_TABLES = {
    "sources": {
        "id": int,
        "sha256": str,
        "kind": str,
        "platforms": str,
        "original_name": str,
        "size": int,
        "parsers": str,
        "tool_version": str,
        "started_at": str,
        "finished_at": str,
        "status": str,
        "copy_path": str,
        "counts": str,
    },
    "accounts": {
        "id": int,
        "platform": str,
        "key": str,
        "user_id": str,
        "handle": str,
        "display_name": str,
        "url": str,
        "avatar_url": str,
        "bio": str,
        "created_at": str,
        "first_seen": str,
        "last_seen": str,
        "seal": str,
    },
    "account_names": {
        "id": int,
        "account_id": int,
        "field": str,
        "value": str,
        "seen_at": str,
        "seal": str,
    },
    "interactions": {
        "id": int,
        "account_id": int,
        "platform": str,
        "type": str,
        "direction": str,
        "occurred_at": str,
        "text": str,
        "target": str,
        "source_id": int,
        "locator": str,
        "raw": str,
        "raw_sha256": str,
        "dedup_key": str,
        "seal": str,
    },
    "avatars": {
        "id": int,
        "account_id": int,
        "image_sha256": str,
        "phash": str,
        "dhash": str,
        "quality": float,
        "is_default": int,
    },
    "enrichments": {
        "id": int,
        "account_id": int,
        "platform": str,
        "fetch_url": str,
        "fetched_at": str,
        "cached": int,
        "status": str,
        "reason": str,
        "raw": str,
        "raw_sha256": str,
        "filled": str,
        "avatar_url": str,
        "avatar_fetched_at": str,
        "avatar_sha256": str,
        "avatar_path": str,
        "avatar_reason": str,
    },
    "matches": {
        "id": int,
        "account_id": int,
        "subject": str,
        "kind": str,
        "score": float,
        "features": str,
        "reasons": str,
        "model_version": str,
        "at": str,
    },
    "hits": {
        "id": int,
        "account_id": int,
        "subject": str,
        "kind": str,
        "score": float,
        "status": str,
        "reasons": str,
        "first_contact": str,
        "last_contact": str,
        "count": int,
        "types": str,
        "created_at": str,
        "updated_at": str,
    },
    "reviews": {"id": int, "hit_id": int, "action": str, "text": str, "at": str},
    "scan_state": {
        "id": int,
        "platform": str,
        "account": str,
        "stream": str,
        "cursor": str,
        "updated_at": str,
    },
    "ledger": {
        "seq": int,
        "at": str,
        "action": str,
        "payload": str,
        "payload_sha256": str,
        "prev_hash": str,
        "hash": str,
    },
}
_PRIMARY_KEYS = {"ledger": "seq"}
_SQL_TYPES = {int: "INTEGER", str: "TEXT", float: "FLOAT"}
_FOREIGN_KEYS = {
    "account_names": [("account_id", "accounts", "id")],
    "interactions": [("account_id", "accounts", "id"), ("source_id", "sources", "id")],
    "avatars": [("account_id", "accounts", "id")],
    "enrichments": [("account_id", "accounts", "id")],
    "matches": [("account_id", "accounts", "id")],
    "hits": [("account_id", "accounts", "id")],
    "reviews": [("hit_id", "hits", "id")],
}
_UNIQUE = {
    "sources": ["sha256"],
    "accounts": ["platform", "key"],
    "account_names": ["account_id", "field", "value"],
    "interactions": ["dedup_key"],
    "hits": ["account_id", "subject"],
    "scan_state": ["platform", "account", "stream"],
}
# A case made before an index was listed here gets it when next opened. Each index costs
# every import a B-tree insert per record: one on occurred_at alone served no query.
_INDEXES = {
    "interactions": [["account_id", "occurred_at"], ["source_id"], ["target"]],
    "matches": [["account_id"]],
    "reviews": [["hit_id"]],
    "enrichments": [["account_id", "fetched_at"]],
    "avatars": [["account_id"]],
}
_HITS_VIEW = """
CREATE VIEW IF NOT EXISTS hits_view AS
SELECT hits.id, accounts.platform, accounts.handle, accounts.display_name, accounts.user_id,
       accounts.url, hits.subject, hits.kind, hits.score, hits.status, hits.reasons,
       hits.first_contact, hits.last_contact, hits."count" AS interactions, hits.types
FROM hits JOIN accounts ON accounts.id = hits.account_id
ORDER BY hits.score DESC, hits.first_contact
"""


class Store:
    """An open case database."""

    def __init__(
        self,
        path: Path,
        *,
        create: bool = True,
        keys: cipher.Keys | None = None,
        holder: str = "",
        wait: float | None = None,
    ) -> None:
        if not create and not path.exists():
            raise StoreError(f"{path}: no case database here; run `nocontact import` first")
        self.path, self.holder, self.wait = path, holder, wait
        conn = cipher.connect(path, keys, timeout=_BUSY_SECONDS)  # keyed before any statement
        error = cipher.database_error(conn)
        try:
            conn = self._journal(conn, path, encrypted=keys is not None)
            self.db = sqlite_utils.Database(conn)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA temp_store = MEMORY")  # no temporary files, not even unlinked
            self.db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
            self._create_schema()
        except error as exc:
            conn.close()
            raise StoreError(f"{path}: not a usable case database ({exc})") from exc
        for suffix in ("", "-wal", "-shm"):
            target = Path(f"{path}{suffix}")
            if target.exists() and os.access(target, os.W_OK):
                os.chmod(target, 0o600)

    @staticmethod
    def _journal(conn: sqlite3.Connection, path: Path, *, encrypted: bool) -> sqlite3.Connection:
        """WAL; a plain case on read-only media gets a read-only connection instead (a case
        can still be read)."""
        if encrypted:
            conn.execute("PRAGMA journal_mode = WAL")
            return conn
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return conn
        except sqlite3.OperationalError:
            if not path.exists() or os.access(path.parent, os.W_OK):
                raise
            conn.close()
        uri = f"{path.resolve().as_uri()}?immutable=1"
        return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=_BUSY_SECONDS)

    def _create_schema(self) -> None:
        """Create what is missing: later versions add tables and columns, never drop or rename."""
        missing = [name for name in _TABLES if not self.db[name].exists()]
        columns = {
            (name, column, kind)
            for name in set(_TABLES) - set(missing)
            for column, kind in _TABLES[name].items()
            if column not in self.db[name].columns_dict
        }
        indexes = [
            (name, index)
            for name in sorted(set(_INDEXES) - set(missing))
            for index in _INDEXES[name]
            if index not in [found.columns for found in self.db[name].indexes]
        ]
        if indexes and not os.access(self.path, os.W_OK):
            indexes = []  # read-only media: the case is read without them
        if not missing and not columns and not indexes:
            return
        with self.transaction():
            for name, index in indexes:
                self.db[name].create_index(index, if_not_exists=True)
            for name, column, kind in sorted(columns, key=str):
                self.db.execute(f"ALTER TABLE [{name}] ADD COLUMN [{column}] {_SQL_TYPES[kind]}")
            for name in missing:
                pk = _PRIMARY_KEYS.get(name, "id")
                self.db[name].create(
                    _TABLES[name], pk=pk, foreign_keys=_FOREIGN_KEYS.get(name, []), not_null={pk}
                )
                if name in _UNIQUE:
                    self.db[name].create_index(_UNIQUE[name], unique=True)
                for index in _INDEXES.get(name, []):
                    self.db[name].create_index(index)
            if ("interactions", "seal", str) in columns:
                seals.seal_existing(self.db.conn)
            self.db.execute(_HITS_VIEW)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        if "ledger" in missing:  # a new case: its heads file exists from the start, so a kill
            anchor.start(self.heads_path)  # between a commit and its heads is not a deletion

    @property
    def heads_path(self) -> Path:
        """The ledger's heads outside the database, beside it (anchor.py)."""
        return self.path.parent / anchor.HEADS

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing, one writer per case: an exception leaves the database as before.
        The heads of the ledger entries it added are appended to the heads file once it has
        committed.

        A full disk or read-only folder becomes a one-line StoreError, never a traceback.
        """
        conn = self.db.conn
        with hold(self.path.parent, self.holder, wait=self.wait):
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    before = anchor.last_seq(conn) if self.db["ledger"].exists() else 0
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:  # SQLite rolls back by itself on a full disk
                        conn.execute("ROLLBACK")
                    raise
            except cipher.database_error(conn) as exc:
                if not str(exc).startswith(_MEDIA_ERRORS):
                    raise
                raise StoreError(f"{self.path}: {exc}; nothing was changed") from None
            if self.db["ledger"].exists():
                anchor.record(conn, self.heads_path, before)

    @contextmanager
    def reading(self, *, cache_kib: int | None = None) -> Iterator[sqlite3.Connection]:
        """One snapshot for every query inside, even if another process writes meanwhile.

        `cache_kib` caps the page cache meanwhile: a pass over whole tables reads each page
        once, and keeping them (up to 96 MiB) would only grow the process.
        """
        conn = self.db.conn
        if cache_kib is not None:
            conn.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")
            if cache_kib is not None:
                conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")

    def counts(self) -> dict[str, int]:
        """Rows per table, for summaries and idempotence checks."""
        return {name: self.db[name].count for name in _TABLES}

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
