"""Shared test helpers: fixture locations and zipping a fixture folder as a platform would."""

from __future__ import annotations

import zipfile
from pathlib import Path

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
