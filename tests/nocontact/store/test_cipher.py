"""Sealed files and the case key: round trips, and every kind of tampering is caught."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nocontact.errors import PassphraseError, StoreError
from nocontact.store import cipher
from nocontact.store.database import Store

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> cipher.Keys:
    return cipher.create(tmp_path_factory.mktemp("case"), PASSPHRASE)


def _sealed(data: bytes, key: bytes) -> bytes:
    out = io.BytesIO()
    cipher.seal([data], out, key)
    return out.getvalue()


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=3 * 64 * 1024 + 5), st.integers(min_value=1, max_value=70_000))
def test_sealing_round_trips_in_any_piece_size(data: bytes, piece: int) -> None:
    key = os.urandom(32)
    out = io.BytesIO()
    cipher.seal((data[i : i + piece] for i in range(0, len(data), piece)), out, key)
    assert len(data) < 16 or data not in out.getvalue()
    out.seek(0)
    assert b"".join(cipher.unseal(out, key, name="x")) == data


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-1],  # cut short inside the last chunk
        lambda b: b[: len(cipher.MAGIC) + 7 + 64 * 1024 + 16],  # cut at a chunk boundary
        lambda b: b[:40] + bytes([b[40] ^ 1]) + b[41:],  # one flipped bit
    ],
    ids=["truncated", "chunk dropped", "bit flipped"],
)
def test_a_damaged_sealed_file_is_refused(damage: object) -> None:
    key = os.urandom(32)
    sealed = damage(_sealed(os.urandom(150_000), key))  # type: ignore[operator]
    with pytest.raises(StoreError, match="altered, cut short"):
        b"".join(cipher.unseal(io.BytesIO(sealed), key, name="x"))


def test_another_key_cannot_open_a_sealed_file() -> None:
    sealed = _sealed(b"message text", os.urandom(32))
    with pytest.raises(StoreError, match="another key"):
        b"".join(cipher.unseal(io.BytesIO(sealed), os.urandom(32), name="x"))


def test_wrong_passphrase_is_one_line_and_the_marker_is_private(
    tmp_path: Path, keys: cipher.Keys
) -> None:
    made = cipher.create(tmp_path, PASSPHRASE)
    assert stat.S_IMODE((tmp_path / cipher.MARKER).stat().st_mode) == 0o600
    assert cipher.unlock(tmp_path, PASSPHRASE) == made != keys  # a fresh salt per case
    with pytest.raises(PassphraseError, match="wrong passphrase") as caught:
        cipher.unlock(tmp_path, "not the passphrase")
    assert "\n" not in str(caught.value)
    marker = json.loads((tmp_path / cipher.MARKER).read_text())
    assert marker["kdf"]["name"] == "argon2id" and PASSPHRASE not in json.dumps(marker)
    assert "key" not in repr(made).replace("Keys", "")


def test_short_passphrase_refused(tmp_path: Path) -> None:
    with pytest.raises(PassphraseError, match="at least 8"):
        cipher.create(tmp_path, "short")
    assert not cipher.is_encrypted(tmp_path)


def test_encrypted_database_reads_as_noise_to_plain_sqlite(
    tmp_path: Path, keys: cipher.Keys
) -> None:
    path = tmp_path / "nocontact.db"
    with Store(path, keys=keys) as store, store.transaction() as conn:
        conn.execute("INSERT INTO reviews (hit_id, action, text) VALUES (NULL, 'note', 'Zoë')")
    with Store(path, create=False, keys=keys) as store:
        assert store.counts()["reviews"] == 1
    plain = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        plain.execute("SELECT name FROM sqlite_master").fetchall()
    plain.close()
    assert "Zoë".encode() not in path.read_bytes()
    other = cipher.Keys(database=os.urandom(32), files=os.urandom(32))
    with pytest.raises(PassphraseError):
        Store(path, create=False, keys=other)


def test_read_bytes_leaves_plain_files_alone_and_needs_a_key_for_sealed(tmp_path: Path) -> None:
    key = os.urandom(32)
    cipher.write_private(tmp_path / "plain", b"hello", None)
    cipher.write_private(tmp_path / "sealed", b"hello", key)
    assert cipher.read_bytes(tmp_path / "plain", None) == b"hello"
    assert cipher.read_bytes(tmp_path / "sealed", key) == b"hello"
    assert cipher.is_sealed(tmp_path / "sealed") and not cipher.is_sealed(tmp_path / "plain")
    with pytest.raises(StoreError, match="only its encrypted case"):
        cipher.read_bytes(tmp_path / "sealed", None)
    with pytest.raises(FileExistsError):  # never written over
        cipher.write_private(tmp_path / "plain", b"again", None)
