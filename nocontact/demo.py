"""Build the bundled synthetic demo case in a fresh folder and run the whole path on it."""

from __future__ import annotations

import os
import shutil
import zipfile
from importlib import resources
from pathlib import Path

from nocontact.case import Case

DEMO = resources.files("nocontact") / "data" / "demo"  # package data: works from any install


def build(target: Path) -> tuple[Case, list[Path]]:
    """Copy the demo config and photos, zip each demo archive folder as a platform would."""
    case = Case(target)
    case.private_dir(target)
    with resources.as_file(DEMO) as demo:
        shutil.copyfile(demo / "config.toml", case.config_path)
        os.chmod(case.config_path, 0o600)
        shutil.copytree(demo / "photos", target / "photos", copy_function=_private_copy)
        os.chmod(target / "photos", 0o700)
        archives = []
        for folder in sorted(p for p in (demo / "archive").iterdir() if p.is_dir()):
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
