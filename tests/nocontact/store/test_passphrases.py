"""Unattended passphrases: the environment first, then a file only its owner can read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nocontact.errors import PassphraseError
from nocontact.store import passphrases
from tests.nocontact.conftest import MemoryKeyring


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(passphrases.ENV, raising=False)
    monkeypatch.delenv(passphrases.FILE_ENV, raising=False)


def _file(tmp_path: Path, text: str, mode: int) -> Path:
    path = tmp_path / "passphrase"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def test_nothing_configured_means_ask(tmp_path: Path) -> None:
    assert passphrases.unattended(tmp_path) is None


def test_a_private_file_gives_its_first_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(passphrases.FILE_ENV, str(_file(tmp_path, "s3cret phrase\n", 0o600)))
    assert passphrases.unattended(tmp_path) == "s3cret phrase"
    monkeypatch.setenv(passphrases.ENV, "from the environment")
    assert passphrases.unattended(tmp_path) == "from the environment"


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_file_others_can_read_is_refused(tmp_path: Path, mode: int) -> None:
    with pytest.raises(PassphraseError, match="chmod 600"):
        passphrases.read_file(_file(tmp_path, "s3cret phrase\n", mode))


def test_an_empty_or_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(PassphraseError, match="empty"):
        passphrases.read_file(_file(tmp_path, "", 0o600))
    with pytest.raises(PassphraseError, match="not readable"):
        passphrases.read_file(tmp_path / "missing")


def test_the_keyring_is_read_only_for_a_case_that_opted_in(
    tmp_path: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    memory_keyring.set_password(passphrases.KEYRING_SERVICE, str(other.resolve()), "x" * 9)
    assert passphrases.unattended(other) is None  # stored, but this case never opted in
    passphrases.remember(tmp_path, "kept in the keyring")
    assert (tmp_path / passphrases.KEYRING_OPT_IN).stat().st_mode & 0o077 == 0
    assert passphrases.unattended(tmp_path) == "kept in the keyring"
    monkeypatch.setenv(passphrases.ENV, "from the environment")
    assert passphrases.unattended(tmp_path) == "from the environment"
