"""Safe opening of archives: zip, tar.gz and folder alike, hostile members refused."""

from __future__ import annotations

import json
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from crawlers import exports
from crawlers.archive import Archive
from crawlers.errors import ArchiveError, UnsafeArchive
from crawlers.exports import mastodon
from tests.crawlers import tar_shapes


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_and_folder_read_alike(tmp_path: Path) -> None:
    data = json.dumps({"relationships_followers": [{"a": 1}, {"a": 2}]}).encode()
    archive = _zip(tmp_path / "a.zip", {"x/followers.json": data})
    folder = tmp_path / "folder" / "x"
    folder.mkdir(parents=True)
    (folder / "followers.json").write_bytes(data)
    for source in (archive, tmp_path / "folder"):
        with Archive(source) as opened:
            assert opened.names == ["x/followers.json"]
            records = list(
                opened.iter_records("x/followers.json", wrapper="relationships_followers")
            )
            assert records == [(0, {"a": 1}), (1, {"a": 2})]


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ([{"a": 1}], [(0, {"a": 1})]),  # bare list (2023+ followers_1.json)
        ({"w": [{"a": 1}, {"a": 2}]}, [(0, {"a": 1}), (1, {"a": 2})]),  # wrapped list
        ({"a": 1}, [(0, {"a": 1})]),  # a single record as a dict
        ({"w": []}, []),  # wrapper present, empty
    ],
)
def test_record_shapes(tmp_path: Path, document: object, expected: list) -> None:
    archive = _zip(tmp_path / "a.zip", {"f.json": json.dumps(document).encode()})
    with Archive(archive) as opened:
        assert list(opened.iter_records("f.json", wrapper="w")) == expected


@pytest.mark.parametrize("name", ["../evil.json", "a/../../evil.json", "/etc/passwd", "C:/x.json"])
def test_traversal_and_absolute_paths_refused(tmp_path: Path, name: str) -> None:
    archive = _zip(tmp_path / "evil.zip", {"ok.json": b"[]", name: b"[]"})
    with pytest.raises(UnsafeArchive, match="evil.zip"):
        Archive(archive)


def test_symlink_member_refused(tmp_path: Path) -> None:
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo("link")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(UnsafeArchive, match="symlink"):
        Archive(path)


def test_symlink_in_folder_refused(tmp_path: Path) -> None:
    (tmp_path / "f").mkdir()
    (tmp_path / "f" / "link").symlink_to("/etc/passwd")
    with pytest.raises(UnsafeArchive, match="symlink"):
        Archive(tmp_path / "f")


def test_size_and_member_caps(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "big.zip", {f"f{i}.json": b"0" * 1000 for i in range(5)})
    with pytest.raises(UnsafeArchive, match="cap"):
        Archive(archive, max_members=4)
    with pytest.raises(UnsafeArchive, match="size"):
        Archive(archive, max_total_bytes=4000)


def test_corrupt_zip_is_a_clear_error(tmp_path: Path) -> None:
    good = _zip(tmp_path / "good.zip", {"f.json": b"[1, 2, 3]" * 100})
    broken = tmp_path / "broken.zip"
    broken.write_bytes(good.read_bytes()[:40])
    with pytest.raises(ArchiveError, match="broken.zip"):
        Archive(broken)


def test_invalid_json_names_file(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "a.zip", {"dir/f.json": b'[{"a": 1}, {"a": '})
    with Archive(archive) as opened, pytest.raises(ArchiveError, match="dir/f.json"):
        list(opened.iter_records("dir/f.json"))


def test_a_mastodon_tar_gz_reads_like_its_folder(tmp_path: Path) -> None:
    source = tar_shapes.mastodon_tar(tmp_path / "archive-20261104120000-0a1b2c3d.tar.gz")
    with Archive(source) as packed, Archive(tar_shapes.MASTODON) as folder:
        assert set(folder.names) < set(packed.names)
        assert tar_shapes.MEDIA in packed.names
        assert [p.NAME for p in exports.PARSERS if p.detect(packed)] == ["mastodon"]
        assert list(mastodon.parse(packed)) == list(mastodon.parse(folder))


@pytest.mark.parametrize(
    ("name", "fields", "problem"),
    [
        ("latest.json", {"type": tarfile.SYMTYPE, "linkname": "/etc/passwd"}, "is a symlink"),
        ("copy.json", {"type": tarfile.LNKTYPE, "linkname": "outbox.json"}, "is a hard link"),
        ("dev/sda", {"type": tarfile.BLKTYPE}, "is a block device"),
        ("tty", {"type": tarfile.CHRTYPE}, "is a character device"),
        ("pipe", {"type": tarfile.FIFOTYPE}, "is a fifo"),
        ("../../.bashrc", {}, "escapes the archive folder"),
        ("/etc/cron.d/x", {}, "has an absolute path"),
        ("outbox.json", {}, "appears twice"),
    ],
)
def test_hostile_tar_members_are_refused(
    tmp_path: Path, name: str, fields: dict[str, object], problem: str
) -> None:
    source = tar_shapes.mastodon_tar(tmp_path / "evil.tar.gz", extra=((name, b"[]", fields),))
    with pytest.raises(UnsafeArchive, match=problem) as refused:
        Archive(source)
    assert str(refused.value).startswith(f"{source}: ")


def test_a_tar_bomb_is_refused_from_its_header_before_inflating(tmp_path: Path) -> None:
    source = tar_shapes.bomb_tar(tmp_path / "bomb.tgz", 80 * 1024**2)
    assert source.stat().st_size < 1024**2  # 80 MiB of zeros packs into a few hundred KB
    with pytest.raises(UnsafeArchive, match="inflates to more than 67108864 bytes"):
        Archive(source)


def test_a_broken_tar_gz_is_one_clear_error(tmp_path: Path) -> None:
    whole = tar_shapes.mastodon_tar(tmp_path / "whole.tar.gz").read_bytes()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    garbage = tmp_path / "garbage.tgz"
    garbage.write_bytes(b"this is not gzip at all")
    for broken in (cut, garbage):
        with pytest.raises(ArchiveError, match=f"{broken.name}: (corrupt|cannot open) tar"):
            Archive(broken)
