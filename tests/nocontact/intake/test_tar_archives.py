"""`nocontact import` of Mastodon's .tar.gz archive; hostile tars refused, the store untouched."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from nocontact.case import Case
from nocontact.cli import cli
from nocontact.intake.archives import import_path
from tests.crawlers import tar_shapes
from tests.helpers import IG_2025, zip_folder


def run(case: Case, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--case", str(case.root), *args])


def dump(case: Case) -> list[str]:
    with case.store() as store:
        return list(store.db.conn.iterdump())


def test_a_mastodon_tar_gz_imports_the_owners_side_and_keeps_a_copy(
    case: Case, tmp_path: Path
) -> None:
    source = tar_shapes.mastodon_tar(tmp_path / "archive-20261104120000-0a1b2c3d.tar.gz")
    result = run(case, "import", str(source))
    assert result.exit_code == 0, result.output
    with case.store() as store:
        found = store.db.execute(
            "SELECT i.type, i.direction, a.handle FROM interactions i"
            " JOIN accounts a ON a.id = i.account_id ORDER BY i.occurred_at"
        ).fetchall()
    assert found == [
        ("reply", "out", "robm@mastodon.social"),
        ("message", "out", "lp_watcher82@fosstodon.example"),
    ]
    after_first = dump(case)
    (copy,) = case.sources_dir.iterdir()
    assert copy.name.endswith(".tar.gz") and copy.read_bytes() == source.read_bytes()
    again = run(case, "import", str(source))
    assert again.exit_code == 0, again.output
    assert len(dump(case)) == len(after_first) and dump(case) != []


def test_a_folder_of_downloads_imports_its_tar_gz_too(case: Case, tmp_path: Path) -> None:
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    tar_shapes.mastodon_tar(downloads / "archive-20261104120000-0a1b2c3d.tar.gz")
    zip_folder(IG_2025, downloads / "instagram-jane.doe-2026.zip")
    results = import_path(case, downloads)
    assert sorted(r.platforms[0] for r in results) == ["instagram", "mastodon"]


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        (("latest.json", {"type": tarfile.SYMTYPE, "linkname": "/etc/passwd"}), "is a symlink"),
        (("../../.ssh/authorized_keys", {}), "escapes the archive folder"),
        ((None, {}), "inflates to more than"),
    ],
)
def test_a_hostile_tar_is_refused_in_one_line_and_nothing_changes(
    case: Case, tmp_path: Path, ig_zip: Path, extra: tuple[str | None, dict], problem: str
) -> None:
    assert run(case, "import", str(ig_zip)).exit_code == 0
    before = dump(case)
    name, fields = extra
    if name is None:
        source = tar_shapes.bomb_tar(tmp_path / "archive-bomb.tar.gz", 80 * 1024**2)
    else:
        source = tar_shapes.mastodon_tar(tmp_path / "evil.tar.gz", extra=((name, b"[]", fields),))
    result = run(case, "import", str(source))
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert problem in result.output and source.name in result.output
    assert dump(case) == before
    assert not (tmp_path / ".ssh").exists() and not (case.root.parent / ".ssh").exists()
