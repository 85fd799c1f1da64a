"""A real case folder in tmp_path and real-shaped archives zipped at test time.

The case names two people of the 2025 Instagram fixture: "Nico Bauer" as the restrained
person (listed handle nico.bauer) and "Zoë Lefèvre" as an associate.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest

from nocontact.case import Case
from tests.helpers import IG_2025, zip_folder

CONFIG = """
[order]
issued = 2026-03-02
jurisdiction = "US-NY"

[[protected.accounts]]
platform = "instagram"
handle = "jane.doe"

[restrained]
names = ["Nicolas Bauer"]
handles = { instagram = ["nico.bauer"] }
birth_year = 1990

[[associates]]
name = "Zoë Lefèvre"
relation = "friend"
handles = { instagram = ["zoe.lefevre"] }
"""


@pytest.fixture
def case(tmp_path: Path) -> Case:
    root = tmp_path / "case"
    root.mkdir()
    (root / "config.toml").write_text(CONFIG, encoding="utf-8")
    return Case(root)


@pytest.fixture
def ig_zip(tmp_path: Path) -> Path:
    return zip_folder(IG_2025, tmp_path / "instagram-jane.doe-2026-11-01-Test01.zip")


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend that keeps secrets in this process only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.saved[(service, username)]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)
