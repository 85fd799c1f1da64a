"""The evidence log as PDF: every row, page numbers, the ledger head; any text prints."""

from __future__ import annotations

import io

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
