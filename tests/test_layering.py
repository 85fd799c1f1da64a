"""Data flows one way: crawlers and matcher never import the application or each other, and
inside the application each room imports only the rooms below it (DESIGN §1-2)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "crawlers": {"matcher", "nocontact"},
    "matcher": {"crawlers", "nocontact", "sqlite3", "sqlite_utils"},
}
# What each subpackage of nocontact may import of the others (type-only imports aside).
ROOMS = {
    "store": set(),
    "language": {"store"},
    "intake": {"store"},
    "match": {"store"},
    "evidence": {"store", "language"},
    "review": {"store", "language", "evidence"},
}
TOP = {"case", "config", "errors", "demo", "cli", "cli_evidence", "cli_model", "console"}


def _type_only(tree: ast.Module) -> set[int]:
    """Line numbers of imports under `if TYPE_CHECKING:`, which never run."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            lines |= {
                n.lineno for child in node.body for n in ast.walk(child) if hasattr(n, "lineno")
            }
    return lines


def _modules(path: Path) -> set[str]:
    """Dotted names of every module imported at run time."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_only(tree)
    found = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_forbidden_imports(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"no modules found in {package}"
    for path in files:
        bad = {name.split(".")[0] for name in _modules(path)} & FORBIDDEN[package]
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


@pytest.mark.parametrize("room", sorted(ROOMS))
def test_each_room_imports_only_the_rooms_below(room: str) -> None:
    files = sorted((ROOT / "nocontact" / room).rglob("*.py"))
    assert len(files) > 1, f"nocontact/{room} has no modules"
    for path in files:
        used = {
            name.split(".")[1]
            for name in _modules(path)
            if name.startswith("nocontact.") and name.split(".")[1] in ROOMS
        }
        bad = used - ROOMS[room] - {room}
        assert not bad, f"{path.relative_to(ROOT)} imports nocontact.{sorted(bad)}"


def test_nothing_imports_the_cli() -> None:
    for path in sorted((ROOT / "nocontact").rglob("*.py")):
        if path.name in {"cli.py", "__main__.py"}:
            continue
        assert "nocontact.cli" not in _modules(path), f"{path.relative_to(ROOT)} imports the CLI"


def test_the_top_level_holds_only_the_entry_points() -> None:
    modules = {p.stem for p in (ROOT / "nocontact").glob("*.py")} - {"__init__", "__main__"}
    assert modules == TOP
    rooms = {p.name for p in (ROOT / "nocontact").iterdir() if (p / "__init__.py").exists()}
    assert rooms == set(ROOMS)


def test_no_two_modules_share_a_name() -> None:
    stems = [p.stem for p in (ROOT / "nocontact").rglob("*.py") if p.stem != "__init__"]
    assert sorted(stems) == sorted(set(stems))


@pytest.mark.parametrize("room", sorted(ROOMS))
def test_each_room_says_what_it_owns(room: str) -> None:
    doc = ast.get_docstring(ast.parse((ROOT / "nocontact" / room / "__init__.py").read_text()))
    assert doc and "May import" in doc


def test_crawler_tests_import_nothing_from_the_application() -> None:
    """The crawlers are tested as they are used: alone, with helpers that are as plain."""
    files = sorted((ROOT / "tests" / "crawlers").rglob("*.py"))
    helpers = {name for path in files for name in _modules(path) if name.startswith("tests.")}
    files += [ROOT / f"{name.replace('.', '/')}.py" for name in sorted(helpers)]
    for path in (p for p in files if p.is_file()):
        bad = {name.split(".")[0] for name in _modules(path)} & FORBIDDEN["crawlers"]
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_every_application_module_has_a_test_module() -> None:
    """Tests mirror the code: nocontact/<room>/<m>.py has tests/nocontact/<room>/test_<m>.py."""
    for path in sorted((ROOT / "nocontact").rglob("*.py")):
        if path.stem in {"__init__", "__main__"} or "data" in path.relative_to(ROOT).parts:
            continue  # package data (the demo's build script) is not application code
        inner = path.parent.relative_to(ROOT)
        test = ROOT / "tests" / inner / f"test_{path.stem}.py"
        assert test.is_file(), f"{path.relative_to(ROOT)} has no {test.relative_to(ROOT)}"
