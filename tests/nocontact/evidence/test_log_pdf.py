"""The evidence log as PDF: every row, page numbers, the ledger head; any text prints."""

from __future__ import annotations

import io
import logging

import pytest
from pypdf import PdfReader

from nocontact.evidence import log_pdf
from nocontact.evidence.log_rows import rows_of
from tests.nocontact.evidence.conftest import Loaded

META = {
    "format": "nocontact-evidence-export/1",
    "created_at": "2026-11-01T10:00:00.000Z",
    "tool": {"name": "nocontact", "version": "test"},
    "language": "en",
    "ledger": {"head": "ab" * 32, "entries": 7},
    "order": {
        "issued": "2025-01-01",
        "expires": None,
        "jurisdiction": "US-NY",
        "covers_third_parties": True,
        "timezone": "UTC",
    },
    "protected_accounts": [{"platform": "instagram", "handle": "jane.doe", "user_id": None}],
    "confirmed_hits": [],
    "method": ["Records were read on the protected person's own computer."],
}


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_every_row_page_numbers_and_ledger_head(loaded: Loaded) -> None:
    rows = rows_of(loaded.records, loaded.case.config(), "en", loaded.raws)
    text = _text(log_pdf.render(rows, META, lang="en"))
    assert all(row["interaction_id"] in text for row in rows)
    assert "Page 1 of" in text and "ab" * 8 in text.replace("\n", "").replace(" ", "")


def test_text_outside_the_font_still_prints(loaded: Loaded) -> None:
    rows = rows_of(loaded.records, loaded.case.config(), "en", loaded.raws)
    odd = [{**rows[0], "text": "emoji 🎂 and ZWJ 👩‍👩‍👧 and RTL \u202e"}]
    assert _text(log_pdf.render(odd, META, lang="es")).strip()


def test_page_count_marker_in_a_message_prints_as_written(loaded: Loaded) -> None:
    rows = rows_of(loaded.records, loaded.case.config(), "en", loaded.raws)
    odd = [{**rows[0], "text": "see page {nb} of my diary"}]
    text = _text(log_pdf.render(odd, META, lang="en"))
    assert "see page {nb} of my diary" in text and "Page 1 of 1" in text


def test_a_row_taller_than_a_page_is_shortened_not_refused(loaded: Loaded) -> None:
    rows = rows_of(loaded.records, loaded.case.config(), "en", loaded.raws)
    tall = [{**rows[0], "text": "line\n" * 1100 + "last words"}, rows[1]]
    pages = PdfReader(io.BytesIO(log_pdf.render(tall, META, lang="en"))).pages
    words = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "line … (shortened here; whole in log.csv and " + rows[0]["raw_copy"] + ")" in words
    assert "last words" not in words and f" {rows[1]['interaction_id']} " in words


def test_cells_break_where_fpdf2_multi_cell_breaks_them() -> None:
    """The table measures text itself (for speed); its lines must be multi_cell()'s."""
    pdf = log_pdf._Log("%(page)s %(pages)s %(head)s", "ab", "A4")
    pdf.add_page()
    pdf.set_font("dejavu", size=6.5)
    table = log_pdf._Table(pdf, [12.0, 38.0, 60.0])
    texts = [
        "Please stop writing to me, I asked you twice already.\nNo answer means no.",
        "x" * 200 + " word " + "🔥🙏" * 30 + " end ",
        "tabs\tand\u00a0no-break\u2003em spaces   trailing   \n\nblank line above",
        "Привет, как дела? 中文 [U+202E] 👩‍👩‍👧 https://example.invalid/" + "p" * 80,
    ]
    for width in table.widths:
        for raw in texts:
            text = log_pdf._printable(raw)
            expected = pdf.multi_cell(width, 3.2, text, dry_run=True, output="LINES")
            got = table._lines(text, width, False)
            assert [line.replace("\u00a0", " ") for line in got] == [
                line.replace("\u00a0", " ") for line in expected
            ], (width, raw)


def test_a_tab_prints_as_spaces_without_a_missing_glyph_warning(
    loaded: Loaded, caplog: pytest.LogCaptureFixture
) -> None:
    rows = rows_of(loaded.records, loaded.case.config(), "en", loaded.raws)
    tabbed = [{**rows[0], "text": "before\tafter"}]
    with caplog.at_level(logging.WARNING):
        text = _text(log_pdf.render(tabbed, META, lang="en"))
    assert "before" in text and "after" in text
    assert not [r for r in caplog.records if "missing" in r.getMessage()]
