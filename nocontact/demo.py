"""Build the bundled synthetic demo case in a fresh folder and run the whole path on it."""

from __future__ import annotations

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
        shutil.copy(demo / "config.toml", case.config_path)
        shutil.copytree(demo / "photos", target / "photos")
        archives = []
        for folder in sorted(p for p in (demo / "archive").iterdir() if p.is_dir()):
            archive = target / "downloads" / f"{folder.name}.zip"
            archive.parent.mkdir(exist_ok=True)
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
                for item in sorted(p for p in folder.rglob("*") if p.is_file()):
                    zf.write(item, item.relative_to(folder).as_posix())
            archives.append(archive)
    return case, archives
