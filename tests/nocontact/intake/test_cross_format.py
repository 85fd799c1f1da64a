"""One account's JSON and HTML downloads hold the same contact: importing both stores it once."""

from __future__ import annotations

from pathlib import Path

import pytest

from nocontact.case import Case
from nocontact.intake.archives import import_archive
from tests.helpers import DATA, zip_folder
from tests.nocontact.conftest import CONFIG

IG = DATA / "exports" / "instagram"
PAIRS = [("2025", "html-2025"), ("2021", "html-2022")]  # same people, same messages


def _case(root: Path) -> Case:
    root.mkdir()
    (root / "config.toml").write_text(CONFIG, encoding="utf-8")
    return Case(root)


def _rows(case: Case) -> dict[str, int]:
    with case.store() as store:
        conn = store.db.conn
        return {
            "interactions": conn.execute("SELECT count(*) FROM interactions").fetchone()[0],
            "accounts": conn.execute("SELECT count(*) FROM accounts").fetchone()[0],
        }


@pytest.mark.parametrize(("json_name", "html_name"), PAIRS)
@pytest.mark.parametrize("html_first", [False, True], ids=["json-then-html", "html-then-json"])
def test_second_format_adds_nothing(
    tmp_path: Path, json_name: str, html_name: str, html_first: bool
) -> None:
    json_zip = zip_folder(IG / json_name, tmp_path / f"instagram-jane.doe-{json_name}-J.zip")
    html_zip = zip_folder(IG / html_name, tmp_path / f"instagram-jane.doe-{html_name}-H.zip")
    first, second = (html_zip, json_zip) if html_first else (json_zip, html_zip)
    case = _case(tmp_path / "case")

    before = import_archive(case, first)
    assert before.added == before.read > 0
    stored = _rows(case)
    after = import_archive(case, second)

    assert after.already_imported_at is None  # a different file, really read
    assert after.read == before.read
    assert after.added == 0
    assert _rows(case) == stored  # no second copy of any person either
    assert {before.platforms[0], after.platforms[0]} == {"instagram", "instagram_html"}


def test_each_format_alone_stores_the_same_contact(tmp_path: Path) -> None:
    """Both formats give the same people, types, directions, minutes, targets and texts."""
    seen = []
    for name in ("2025", "html-2025"):
        case = _case(tmp_path / name)
        import_archive(case, zip_folder(IG / name, tmp_path / f"{name}.zip"))
        with case.store() as store:
            seen.append(
                sorted(
                    store.db.conn.execute(
                        "SELECT a.key, i.platform, i.type, i.direction,"
                        " substr(i.occurred_at, 1, 16), i.target, i.text"
                        " FROM interactions i JOIN accounts a ON a.id = i.account_id"
                    ).fetchall(),
                    key=repr,
                )
            )
    assert seen[0] == seen[1]
    assert ("name:Zoë Lefèvre", "instagram", "unsent_message", "in") in [r[:4] for r in seen[0]]
