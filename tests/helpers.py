"""Shared test helpers: fixture locations and zipping a fixture folder as a platform would."""

from __future__ import annotations

import zipfile
from datetime import UTC
from pathlib import Path

from crawlers.events import Interaction

DATA = Path(__file__).resolve().parent / "data"
IG_2025 = DATA / "exports" / "instagram" / "2025"


def zip_folder(folder: Path, target: Path, *, skip: tuple[str, ...] = ()) -> Path:
    """Zip a fixture folder the way a platform delivers it (inner paths kept)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = item.relative_to(folder).as_posix()
            if name not in skip:
                zf.write(item, name)
    return target


def contact_key(item: Interaction) -> tuple[str, ...]:
    """What makes two parsed records the same contact, whatever format they came from.

    The store's dedup key is built from these (tests/nocontact/store/test_writes.py checks
    that), so parsers of two formats of one export agree on them.
    """
    minute = item.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
    fields = (item.platform, item.type, item.direction, item.account.key, minute)
    return (*fields, item.target or "", item.text or "")
