"""The files nocontact reads at run time are inside the wheel, so `pip install .` works.

The full check (a fresh venv outside the source tree, then `nocontact demo` compared with
the editable install) is `.ci/package-check`, which CI runs; this builds the wheel only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NEEDED = (
    "matcher/models/matcher.skops",
    "matcher/data/default_avatars.json",
    "nocontact/data/config.example.toml",
    "nocontact/data/demo/config.toml",
    "nocontact/data/demo/photos/rob1.jpg",
    "nocontact/fonts/NotoEmoji-Regular.ttf",
    "nocontact/templates/report.html.j2",
    "nocontact/locale/es/LC_MESSAGES/nocontact.po",
)


@pytest.mark.slow
def test_the_wheel_holds_every_file_read_at_run_time(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a clean copy: no stale build/ can hide a missing file
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("crawlers", "matcher", "nocontact"):
        shutil.copytree(
            ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("nocontact-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert not [n for n in NEEDED if n not in names]
    demo = [n for n in names if n.startswith("nocontact/data/demo/archive/")]
    source = [p for p in (ROOT / "nocontact/data/demo/archive").rglob("*") if p.is_file()]
    assert len(demo) == len(source)


def test_no_code_reads_files_beside_the_package() -> None:
    """`Path(__file__).parent.parent` breaks a non-editable install: resources instead."""
    for package in ("nocontact", "matcher", "crawlers"):
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert "__file__).resolve().parent.parent" not in text, path
