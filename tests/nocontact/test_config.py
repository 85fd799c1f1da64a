"""config.toml validation: each mistake is one line that names the key."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from crawlers import api
from nocontact import config
from nocontact.config import load
from nocontact.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """
[order]
issued = 2026-03-02
[restrained]
names = ["Robert James Miller"]
"""


def test_example_config_loads_with_every_section() -> None:
    config = load(ROOT / "nocontact" / "data" / "config.example.toml")
    assert config.order.issued == date(2026, 3, 2)
    assert config.restrained.handles["instagram"] == ("rob.miller82",)
    assert config.restrained.user_ids["x"] == ("1234567890",)
    assert config.associates[0].relation == "sister"
    assert config.min_score == 0.5


def test_minimal_config_defaults(tmp_path: Path) -> None:
    config = load(_write(tmp_path, MINIMAL))
    assert config.order.expires is None
    assert config.order.covers_third_parties is True
    assert config.associates == ()


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        (MINIMAL + "nickname = 'x'\n", "restrained.nickname", "unknown key"),
        (MINIMAL + "[typo]\n", "typo", "unknown key"),
        (MINIMAL.replace("2026-03-02", '"2026-13-45"'), "order.issued", "not a date"),
        (MINIMAL.replace("issued = 2026-03-02", "issued = 5"), "order.issued", "expected"),
        (MINIMAL + "photos = ['photos/missing.jpg']\n", "restrained.photos", "not found"),
        (
            MINIMAL + "writing_samples = ['samples/*.txt']\n",
            "restrained.writing_samples",
            "matches no file",
        ),
        (MINIMAL + "birth_year = 1492\n", "restrained.birth_year", "plausible"),
        (MINIMAL + "birth_date = 2999-01-01\n", "restrained.birth_date", "plausible"),
        (MINIMAL + "birth_date = 'July'\n", "restrained.birth_date", "not a date"),
        (MINIMAL + "urls = [1]\n", "restrained.urls", "list of non-empty strings"),
        (MINIMAL + "[match]\nmin_score = 2\n", "match.min_score", "between 0 and 1"),
        (MINIMAL + "[[associates]]\nrelation = 'sister'\n", "associates[0].name", "missing"),
        (
            MINIMAL + "[[associates]]\nname = 'M'\nhandle = 'x'\n",
            "associates[0].handle",
            "unknown key",
        ),
        (MINIMAL + "[scan.myspace]\ntoken_env = 'X'\n", "scan.myspace", "no scanner"),
        (MINIMAL + "[scan.mastodon]\ntoken = 'secret'\n", "scan.mastodon.token", "unknown key"),
        ("[restrained]\nnames = ['R']\n", "order", "missing table"),
        (MINIMAL + "handles = { instagram = 'rob' }\n", "restrained.handles.instagram", "list"),
    ],
)
def test_errors_name_the_key(tmp_path: Path, text: str, key: str, problem: str) -> None:
    with pytest.raises(ConfigError) as info:
        load(_write(tmp_path, text))
    message = str(info.value)
    assert "\n" not in message
    assert f": {key}: " in message
    assert problem in message
    assert str(tmp_path / "config.toml") in message


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nocontact init"):
        load(tmp_path / "config.toml")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load(_write(tmp_path, "[order\n"))


def test_photo_paths_resolve_against_case_folder(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "rob1.jpg").write_bytes(b"\xff\xd8")
    config = load(_write(tmp_path, MINIMAL + "photos = ['photos/rob1.jpg']\n"))
    assert config.restrained.photos == (tmp_path / "photos" / "rob1.jpg",)


@pytest.mark.parametrize("scanner", api.SCANNERS, ids=lambda m: m.NAME)
def test_each_scanner_setting_is_a_config_key(scanner: object) -> None:
    names = {field.name for field in dataclasses.fields(scanner.Settings)}
    assert names == config._TABLES[f"scan.{scanner.NAME}"]
