"""Evidence-log rows: one per record, oldest first, located in their source, safe as CSV."""

from __future__ import annotations

from nocontact.evidence.log_rows import COLUMNS, locate, rows_of
from tests.nocontact.evidence.conftest import Loaded
from tests.nocontact.evidence_case import XSS


def test_one_row_per_record_oldest_first_with_every_column(loaded: Loaded) -> None:
    rows = rows_of(loaded.records, loaded.case.config(), "en", loaded.raws)
    assert len(rows) == len({c.id for r in loaded.records for c in r.contacts})
    assert all(list(row) == list(COLUMNS) for row in rows)
    assert [r["utc"] for r in rows] == sorted(r["utc"] for r in rows)
    assert all(row["raw_copy"].startswith("records/") for row in rows)
    assert all(row["inner_path"] and row["record_index"].isdigit() for row in rows)


def test_platform_text_cannot_run_as_a_formula(loaded: Loaded) -> None:
    rows = rows_of(loaded.records, loaded.case.config(), "en", loaded.raws)
    texts = [row["text"] for row in rows]
    assert '\'=HYPERLINK("http://example.invalid")' in texts
    assert any(XSS[0] in text for text in texts)  # text stays text: escaping is the reader's


def test_an_api_record_is_located_by_its_url() -> None:
    assert locate("https://bsky.social/xrpc/x?cursor=1") == (
        "",
        "",
        "https://bsky.social/xrpc/x?cursor=1",
    )
    assert locate("messages/inbox/a/message_1.json#12") == (
        "messages/inbox/a/message_1.json",
        "12",
        "",
    )
