"""One error tree: the CLI catches one class, and every class in it is raised somewhere."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from crawlers import errors as crawler_errors
from nocontact import errors

ROOT = Path(__file__).resolve().parents[2]
SOURCES = "\n".join(
    path.read_text(encoding="utf-8")
    for package in ("nocontact", "crawlers")
    for path in sorted((ROOT / package).rglob("*.py"))
)


def _classes(module: object) -> list[type[BaseException]]:
    return [
        member
        for _, member in inspect.getmembers(module, inspect.isclass)
        if issubclass(member, BaseException)
    ]


@pytest.mark.parametrize("error", _classes(crawler_errors), ids=lambda c: c.__name__)
def test_every_crawler_error_shares_the_applications_root(error: type[BaseException]) -> None:
    if error is crawler_errors.SkipRecord:  # a signal the import handles, never shown
        assert not issubclass(error, errors.NocontactError)
    else:
        assert issubclass(error, errors.NocontactError)


@pytest.mark.parametrize("name", errors.__all__)
def test_every_error_in_the_tree_is_raised_somewhere(name: str) -> None:
    error = getattr(errors, name)
    assert issubclass(error, errors.NocontactError)
    assert error is errors.NocontactError or f"raise {name}(" in SOURCES, f"{name} is unused"


def test_the_tree_in_the_docstring_names_every_class() -> None:
    for name in errors.__all__:
        assert name in (errors.__doc__ or ""), name


def test_a_crawler_error_reaches_the_user_as_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from nocontact.cli import cli

    bad = tmp_path / "not-an-export"
    bad.mkdir()
    (bad / "notes.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "case").mkdir()
    (tmp_path / "case" / "config.toml").write_text(
        (ROOT / "nocontact" / "data" / "config.example.toml")
        .read_text(encoding="utf-8")
        .replace("2026-03-02", "2026-04-01"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["--case", str(tmp_path / "case"), "import", str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and result.output.count("\n") == 1
    assert "not a recognised export" in result.output
