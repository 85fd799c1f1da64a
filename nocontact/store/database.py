"""The case database (DESIGN §4): one SQLite file, plain tables that open in Datasette.

Writes that must be atomic (an import, a match run) go through `transaction()`, which uses
explicit BEGIN/COMMIT on an autocommit connection: sqlite-utils' own write helpers commit
on their own, so inside a transaction only plain SQL is used.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import sqlite_utils

from nocontact.errors import StoreError
from nocontact.store import cipher

SCHEMA_VERSION = 1

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
    },
    "account_names": {"id": int, "account_id": int, "field": str, "value": str, "seen_at": str},
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
_INDEXES = {
    "interactions": [["account_id", "occurred_at"], ["source_id"], ["occurred_at"]],
    "matches": [["account_id"]],
    "reviews": [["hit_id"]],
    "enrichments": [["account_id", "fetched_at"]],
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

    def __init__(self, path: Path, *, create: bool = True, keys: cipher.Keys | None = None) -> None:
        if not create and not path.exists():
            raise StoreError(f"{path}: no case database here; run `nocontact import` first")
        self.path = path
        conn = cipher.connect(path, keys)
        try:
            self.db = sqlite_utils.Database(conn)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA temp_store = MEMORY")  # no temporary files, not even unlinked
            self._create_schema()
        except cipher.database_error(conn) as exc:
            conn.close()
            raise StoreError(f"{path}: not a usable case database ({exc})") from exc
        for suffix in ("", "-wal", "-shm"):
            target = Path(f"{path}{suffix}")
            if target.exists():
                os.chmod(target, 0o600)

    def _create_schema(self) -> None:
        """Create what is missing: later versions add tables, never drop or rename them."""
        missing = [name for name in _TABLES if not self.db[name].exists()]
        if not missing:
            return
        with self.transaction():
            for name in missing:
                pk = _PRIMARY_KEYS.get(name, "id")
                self.db[name].create(
                    _TABLES[name], pk=pk, foreign_keys=_FOREIGN_KEYS.get(name, []), not_null={pk}
                )
                if name in _UNIQUE:
                    self.db[name].create_index(_UNIQUE[name], unique=True)
                for index in _INDEXES.get(name, []):
                    self.db[name].create_index(index)
            self.db.execute(_HITS_VIEW)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """All-or-nothing: an exception leaves the database exactly as before."""
        return self._between("BEGIN IMMEDIATE")

    def reading(self) -> AbstractContextManager[sqlite3.Connection]:
        """One snapshot for every query inside, even if another process writes meanwhile."""
        return self._between("BEGIN")

    @contextmanager
    def _between(self, begin: str) -> Iterator[sqlite3.Connection]:
        conn = self.db.conn
        conn.execute(begin)
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def counts(self) -> dict[str, int]:
        """Rows per table, for summaries and idempotence checks."""
        return {name: self.db[name].count for name in _TABLES}

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
