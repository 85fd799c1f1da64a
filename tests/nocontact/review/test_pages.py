"""The review pages rendered without a server: the queue, one hit, lists in pages."""

from __future__ import annotations

import pytest

from nocontact.case import Case
from nocontact.errors import StoreError
from nocontact.review.pages import Pages
from tests.nocontact.conftest import CONFIG
from tests.nocontact.evidence_case import confirm, hit_id, ig_case


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    made = ig_case(tmp_path_factory.mktemp("pages"))
    confirm(made, "Zoë Lefèvre")
    return made


def test_lists_come_in_pages_of_the_size_asked(case: Case) -> None:
    pages = Pages(case, "en", page_size=1)
    first, second = pages.listing("new", 1), pages.listing("new", 2)
    assert first is not None and second is not None
    assert "Hits 1 to 1 of" in first and 'id="next-page"' in first
    assert pages.listing("new", 99) is None


def test_one_hit_shows_its_records_names_and_place_in_the_queue(case: Case) -> None:
    pages = Pages(case, "en")
    nico = hit_id(case, "Nico Bauer")
    html = pages.hit(nico)
    assert html is not None and f'data-hit="{nico}"' in html and 'data-status="new"' in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html  # platform text escaped
    assert pages.hit(999) is None and pages.place(999) is None
    status, _ = pages.place(hit_id(case, "Zoë Lefèvre")) or ("", None)
    assert status == "confirmed"


def test_the_home_page_is_the_top_of_the_queue(case: Case) -> None:
    assert 'data-status="new"' in Pages(case, "es").home()


def test_no_database_is_the_stores_one_line_error(tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("empty")
    (root / "config.toml").write_text(CONFIG, encoding="utf-8")
    with pytest.raises(StoreError, match="nocontact import"):
        Pages(Case(root), "en")
