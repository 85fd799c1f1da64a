"""Build the bundled synthetic demo case in a fresh folder and run the whole path on it."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

from nocontact.case import Case
from nocontact.errors import NocontactError

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


def build(target: Path) -> tuple[Case, list[Path]]:
    """Copy the demo config and photos, zip each demo archive folder as a platform would."""
    if not (DEMO_DIR / "config.toml").is_file():
        raise NocontactError(f"{DEMO_DIR}: demo data not found (install from a source checkout)")
    case = Case(target)
    case.private_dir(target)
    shutil.copyfile(DEMO_DIR / "config.toml", case.config_path)
    os.chmod(case.config_path, 0o600)
    shutil.copytree(DEMO_DIR / "photos", target / "photos", copy_function=_private_copy)
    os.chmod(target / "photos", 0o700)
    archives = []
    for folder in sorted(p for p in (DEMO_DIR / "archive").iterdir() if p.is_dir()):
        archive = target / "downloads" / f"{folder.name}.zip"
        case.private_dir(archive.parent)
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for item in sorted(p for p in folder.rglob("*") if p.is_file()):
                zf.write(item, item.relative_to(folder).as_posix())
        os.chmod(archive, 0o600)
        archives.append(archive)
    return case, archives


def _private_copy(source: str, target: str) -> None:
    """Copy without the source's mode bits: a demo photo is as private as a real one."""
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)
