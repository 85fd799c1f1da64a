"""Turn a plain case into an encrypted one in place, all or nothing.

Everything encrypted is first built in `.encrypting/` inside the case (the database through
sqlcipher_export, each archive copy sealed). Moving `cipher.json` into the case is the one
commit point: before it the plain case is untouched and the folder is thrown away; after
it `finish()` moves the rest into place, again after a crash, the next time the case opens.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from nocontact.errors import StoreError
from nocontact.store import cipher

STAGING = ".encrypting"
AVATARS = Path("evidence") / "avatars"  # where enrich keeps avatars (intake.enrichment)


def encrypt_case(root: Path, db: Path, copies: Path, passphrase: str) -> int:
    """Encrypt the database, archive copies and avatars; returns how many copies were sealed."""
    if cipher.is_encrypted(root):
        raise StoreError(f"{root} is already an encrypted case")
    if not db.is_file():
        raise StoreError(f"{db}: no case database here; nothing to encrypt")
    stage = root / STAGING
    shutil.rmtree(stage, ignore_errors=True)  # an attempt that never reached its commit point
    stage.mkdir(mode=0o700)
    keys = cipher.create(root, passphrase, marker=stage / cipher.MARKER)
    _checkpoint(db)
    cipher.encrypt_database(db, stage / db.name, keys)
    sealed = _seal_folder(copies, stage / "sources", keys.files, mode=0o400)
    _seal_folder(root / AVATARS, stage / "avatars", keys.files, mode=0o600)
    conn = cipher.connect(stage / db.name, keys)
    try:
        for table, column in (("sources", "copy_path"), ("enrichments", "avatar_path")):
            conn.execute(
                f"UPDATE {table} SET {column} = {column} || ? WHERE {column} IS NOT NULL",
                (cipher.SUFFIX,),
            )
    finally:
        conn.close()
    os.replace(stage / cipher.MARKER, root / cipher.MARKER)  # the commit point
    shutil.rmtree(root / "cache" / "http", ignore_errors=True)  # enrich's profile pages, in clear
    finish(root, db, copies)
    return sealed


def finish(root: Path, db: Path, copies: Path) -> None:
    """Complete (or, before its commit point, discard) an interrupted encryption."""
    stage = root / STAGING
    if not stage.is_dir():
        return
    if not cipher.is_encrypted(root):
        shutil.rmtree(stage)
        return
    for folder, target in (("sources", copies), ("avatars", root / AVATARS)):
        for sealed in sorted((stage / folder).glob(f"*{cipher.SUFFIX}")):
            os.replace(sealed, target / sealed.name)
            (target / sealed.name.removesuffix(cipher.SUFFIX)).unlink(missing_ok=True)
    if (stage / db.name).is_file():
        for suffix in ("-wal", "-shm"):  # the plain WAL must never meet the encrypted file
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.replace(stage / db.name, db)
    shutil.rmtree(stage)


def _checkpoint(db: Path) -> None:
    """Fold the WAL into the plain file, so the copy and the later swap miss nothing."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _seal_folder(source: Path, stage: Path, key: bytes, *, mode: int) -> int:
    """Seal each plain file of a folder into the staging folder; how many were sealed."""
    stage.mkdir(mode=0o700)
    plain = sorted(p for p in source.glob("*") if p.is_file() and p.suffix != cipher.SUFFIX)
    for path in plain:
        target = stage / f"{path.name}{cipher.SUFFIX}"
        cipher.seal_file(path, target, key)
        os.chmod(target, mode)
    return len(plain)
