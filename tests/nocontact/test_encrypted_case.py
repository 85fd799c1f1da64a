"""The whole path on a plain and on an encrypted case: the same results, nothing in clear.

Each kind runs init → import → match → hits → decide → report → export → verify (and
verify of the export) through the CLI; the encrypted one is also read with plain sqlite3
and searched byte for byte for a message text the fixture holds.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawlers.events import Account
from nocontact.case import Case
from nocontact.cli import cli
from nocontact.store import cipher, passphrases
from nocontact.store.writes import upsert_account
from tests.nocontact.conftest import CONFIG, MemoryKeyring
from tests.profile_server import avatar_media, serving

PASSPHRASE = "a long enough case passphrase"
MESSAGE = "Hi, are you still selling the bike?"  # a direct message in the 2025 fixture


def _cli(case: Path, *args: str, ok: bool = True) -> str:
    result = CliRunner().invoke(cli, ["--case", str(case), *args])
    assert (result.exit_code == 0) is ok, result.output
    return result.output


def _whole_path(case: Path, archive: Path, *, encrypt: bool) -> dict[str, object]:
    """Everything a user would look at, with the parts that differ per run left out."""
    _cli(case, "init", *(["--encrypt"] if encrypt else []))
    (case / "config.toml").write_text(CONFIG, encoding="utf-8")
    imported = _cli(case, "import", str(archive))
    matched = _cli(case, "match")
    found = json.loads(_cli(case, "hits", "--format", "json"))
    _cli(case, "decide", str(found[0]["id"]), "confirm")
    _cli(case, "report", "-o", str(case / "report.html"))
    exported = _cli(case, "export", "-o", str(case / "export"))
    verified = _cli(case, "verify", str(case / "export"))
    return {
        "import": imported,
        "match": matched,
        "hits": found,
        "export": exported.split(" to ")[0],
        "verify": [line.split("; ledger head")[0] for line in verified.splitlines()][:1],
        "export files": sorted(p.name for p in (case / "export").rglob("*")),
    }


@pytest.fixture
def passphrase(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(passphrases.ENV, PASSPHRASE)
    return PASSPHRASE


def test_both_kinds_give_the_same_results(tmp_path: Path, ig_zip: Path, passphrase: str) -> None:
    plain = _whole_path(tmp_path / "plain", ig_zip, encrypt=False)
    sealed = _whole_path(tmp_path / "sealed", ig_zip, encrypt=True)
    assert plain["hits"], "the fixture holds contact from the restrained person"
    assert sealed == plain
    assert "verify OK" in str(sealed["verify"])


def _files_holding(root: Path, text: str) -> list[str]:
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and text.encode() in p.read_bytes()
    )


def test_nothing_of_an_encrypted_case_is_readable_without_the_passphrase(
    tmp_path: Path, ig_zip: Path, passphrase: str
) -> None:
    plain, sealed = tmp_path / "plain", tmp_path / "sealed"
    _whole_path(plain, ig_zip, encrypt=False)
    _whole_path(sealed, ig_zip, encrypt=True)
    assert "nocontact.db" in _files_holding(plain, MESSAGE)  # the search would find it
    assert _files_holding(sealed, MESSAGE) == []
    assert _files_holding(sealed, "nico.bauer") == ["config.toml"]  # the user's own config
    conn = sqlite3.connect(sealed / "nocontact.db")
    for table in ("interactions", "accounts", "hits", "ledger", "sqlite_master"):
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute(f"SELECT * FROM {table}").fetchall()
    conn.close()


def test_wrong_or_missing_passphrase_is_one_line(
    tmp_path: Path, ig_zip: Path, monkeypatch: pytest.MonkeyPatch, passphrase: str
) -> None:
    case = tmp_path / "case"
    _cli(case, "init", "--encrypt")
    (case / "config.toml").write_text(CONFIG, encoding="utf-8")
    before = sorted(p.name for p in case.rglob("*"))
    monkeypatch.setenv(passphrases.ENV, "not the passphrase")
    said = _cli(case, "import", str(ig_zip), ok=False)
    assert said == f"error: {case}: wrong passphrase for this encrypted case\n"
    monkeypatch.delenv(passphrases.ENV)
    said = _cli(case, "hits", ok=False)
    assert said.startswith("error: ") and said.count("\n") == 1
    assert "NOCONTACT_PASSPHRASE_FILE" in said
    assert sorted(p.name for p in case.rglob("*")) == before


def test_plain_export_and_report_only_on_request(
    tmp_path: Path, ig_zip: Path, passphrase: str
) -> None:
    case = tmp_path / "case"
    _whole_path(case, ig_zip, encrypt=True)
    assert b"<html" not in (case / "report.html").read_bytes()
    _cli(case, "report", "--plain", "-o", str(tmp_path / "readable.html"))
    assert b"<html" in (tmp_path / "readable.html").read_bytes()
    _cli(case, "export", "--plain", "-o", str(tmp_path / "readable"))
    header = (tmp_path / "readable" / "log.csv").read_text(encoding="utf-8-sig")
    assert header.startswith("interaction_id,")
    assert "verify OK" in _cli(case, "verify", str(tmp_path / "readable"))
    log = case / "export" / "log.csv"
    log.write_bytes(log.read_bytes()[:-1])
    assert "log.csv" in _cli(case, "verify", str(case / "export"), ok=False)


def test_encrypt_converts_a_plain_case_and_verify_passes_before_and_after(
    tmp_path: Path, ig_zip: Path, passphrase: str
) -> None:
    case = tmp_path / "case"
    _whole_path(case, ig_zip, encrypt=False)
    before = json.loads(_cli(case, "hits", "--format", "json"))
    copies = sorted((case / "evidence" / "sources").iterdir())
    assert "verify OK" in _cli(case, "verify")
    said = _cli(case, "encrypt")
    assert "encrypted" in said and "verify OK" in said
    assert [p.name for p in (case / "evidence" / "sources").iterdir()] == [f"{copies[0].name}.enc"]
    assert not (case / ".encrypting").exists()
    assert json.loads(_cli(case, "hits", "--format", "json")) == before
    assert "verify OK" in _cli(case, "verify")
    assert not [f for f in _files_holding(case, MESSAGE) if f.startswith("nocontact.db")]
    assert "already an encrypted case" in _cli(case, "encrypt", ok=False)


def test_enrich_keeps_avatars_sealed_and_no_http_cache(tmp_path: Path, passphrase: str) -> None:
    root = tmp_path / "case"
    with serving(avatar_media()) as server:
        root.mkdir()
        cipher.create(root, passphrase)
        settings = f'[enrich]\nappview = "{server.base}"\ndelay = 0\n'
        (root / "config.toml").write_text(CONFIG + settings, encoding="utf-8")
        case = Case(root, passphrase=lambda: passphrase)
        with case.store() as store, store.transaction() as conn:
            upsert_account(conn, Account("bluesky", handle="mira-h.bsky.social"))
        assert "avatar" in _cli(root, "enrich")
    kept = sorted((root / "evidence" / "avatars").iterdir())
    assert kept and all(p.name.endswith(cipher.SUFFIX) and cipher.is_sealed(p) for p in kept)
    assert not (root / "cache" / "http").exists()
    assert [p for p in (root / "cache").iterdir() if p.name.startswith("enrich-")] == []
    assert "verify OK" in _cli(root, "verify")


def test_a_case_that_opted_into_the_keyring_opens_without_a_prompt(
    tmp_path: Path,
    ig_zip: Path,
    passphrase: str,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    case = tmp_path / "case"
    _cli(case, "init", "--encrypt", "--keyring")
    (case / "config.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.delenv(passphrases.ENV)
    assert "added" in _cli(case, "import", str(ig_zip))
    assert list(memory_keyring.saved.values()) == [PASSPHRASE]


def test_an_altered_sealed_archive_copy_is_named_by_verify(
    tmp_path: Path, ig_zip: Path, passphrase: str
) -> None:
    case = tmp_path / "case"
    _whole_path(case, ig_zip, encrypt=True)
    (copy,) = (case / "evidence" / "sources").iterdir()
    assert copy.name.endswith(".zip.enc") and ig_zip.read_bytes()[:64] not in copy.read_bytes()
    os.chmod(copy, 0o600)
    data = bytearray(copy.read_bytes())
    data[100] ^= 1
    copy.write_bytes(bytes(data))
    said = _cli(case, "verify", ok=False)
    assert f"source copy {copy}: sealed file was altered" in said


def test_encrypt_seals_the_avatars_enrich_kept(tmp_path: Path, passphrase: str) -> None:
    root = tmp_path / "case"
    with serving(avatar_media()) as server:
        root.mkdir()
        settings = f'[enrich]\nappview = "{server.base}"\ndelay = 0\n'
        (root / "config.toml").write_text(CONFIG + settings, encoding="utf-8")
        with Case(root).store() as store, store.transaction() as conn:
            upsert_account(conn, Account("bluesky", handle="mira-h.bsky.social"))
        _cli(root, "enrich")
    (plain,) = (root / "evidence" / "avatars").iterdir()
    assert "verify OK" in _cli(root, "encrypt")
    assert [p.name for p in (root / "evidence" / "avatars").iterdir()] == [f"{plain.name}.enc"]
    assert not (root / "cache" / "http").exists()
    assert "verify OK" in _cli(root, "verify")
