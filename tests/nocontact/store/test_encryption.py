"""Encrypting a case in place is all or nothing, also when interrupted at either side of its
commit point (simulated by stopping right before or right after `cipher.json` moves in)."""

from __future__ import annotations

import pytest

from nocontact.case import Case
from nocontact.errors import StoreError
from nocontact.evidence.verification import verify
from nocontact.intake.archives import import_archive
from nocontact.store import cipher, encryption

PASSPHRASE = "a long enough case passphrase"


@pytest.fixture
def imported(case: Case, ig_zip) -> Case:  # type: ignore[no-untyped-def]
    import_archive(case, ig_zip)
    return case


def _state(case: Case) -> tuple[bool, list[str]]:
    return case.encrypted, sorted(p.name for p in case.sources_dir.iterdir())


def test_before_the_commit_point_the_plain_case_is_untouched(imported: Case) -> None:
    stage = imported.root / encryption.STAGING
    stage.mkdir()
    cipher.create(imported.root, PASSPHRASE, marker=stage / cipher.MARKER)
    (stage / "nocontact.db").write_bytes(b"half written")
    before = _state(imported)
    assert verify(imported).ok  # opening the case threw the unfinished attempt away
    assert not stage.exists() and _state(imported) == before


def test_after_the_commit_point_the_next_open_finishes(
    imported: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(encryption, "finish", lambda *args: None)  # "crash" right after commit
    encryption.encrypt_case(imported.root, imported.db_path, imported.sources_dir, PASSPHRASE)
    monkeypatch.undo()
    assert (imported.root / encryption.STAGING).is_dir() and imported.encrypted
    unlocked = Case(imported.root, passphrase=lambda: PASSPHRASE)
    report = verify(unlocked)
    assert report.ok and report.sources == 1
    assert not (imported.root / encryption.STAGING).exists()
    assert all(name.endswith(cipher.SUFFIX) for name in _state(imported)[1])


def test_nothing_to_encrypt_without_a_database(case: Case) -> None:
    with pytest.raises(StoreError, match="nothing to encrypt"):
        encryption.encrypt_case(case.root, case.db_path, case.sources_dir, PASSPHRASE)
    assert not case.encrypted
