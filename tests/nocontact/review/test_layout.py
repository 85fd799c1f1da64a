"""The report and the review page fit a phone (390 px) and a laptop (1366 px) screen.

Debian's Chromium through Playwright (the session's browser, conftest.py). A page passes when
nothing makes the page itself scroll sideways (wide tables scroll inside their own box) and every
button sits inside its box. Screenshots go to tests/artifacts/screenshots/; set
NOCONTACT_SCREENSHOTS=docs/screenshots to refresh the ones committed in docs/screenshots/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from nocontact.case import Case
from nocontact.evidence import report
from nocontact.review import decisions
from nocontact.review.server import serve
from nocontact.store.hits import list_hits
from tests.nocontact.review_cases import photo_case

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[3]
SHOTS = ROOT / os.environ.get("NOCONTACT_SCREENSHOTS", "tests/artifacts/screenshots")
WIDTHS = (390, 1366)
_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const page = document.documentElement.scrollWidth - width;
  const outside = [];
  for (const button of document.querySelectorAll("button, input:not([type=hidden]), textarea")) {
    const box = button.closest(".actions") || document.body;
    const a = button.getBoundingClientRect(), b = box.getBoundingClientRect();
    if (a.right > b.right + 1 || a.left < b.left - 1) outside.push(button.outerHTML.slice(0, 60));
  }
  return {page, outside};
}"""


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    found = photo_case(tmp_path_factory.mktemp("layout"))
    with found.store(create=False) as store:
        order = [h.id for h in list_hits(store.db.conn, status="new")]
    decisions.decide(found, order[0], "confirm")
    decisions.decide(found, order[0], "witness", "Sam Doe saw the follow request arrive")
    decisions.decide(found, order[-1], "confirm")
    return found


def _check(browser: Browser, url: str, width: int, name: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page: Page = context.new_page()
    page.goto(url)
    found = page.evaluate(_OVERFLOW)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    context.close()
    assert found["page"] <= 0, f"{name} at {width} px scrolls sideways by {found['page']} px"
    assert found["outside"] == [], f"{name} at {width} px: outside their box {found['outside']}"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_report_fits(browser: Browser, case: Case, width: int) -> None:
    output = report.write(case, case.root / "report.html")
    _check(browser, output.resolve().as_uri(), width, "report")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_review_page_fits(browser: Browser, case: Case, width: int) -> None:
    server = serve(case, open_browser=False)
    try:
        _check(browser, server.url, width, "review-hit")
        _check(browser, server.url + "list/new", width, "review-list")
    finally:
        server.stop()
