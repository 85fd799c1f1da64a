"""Enrichments: each lookup stored as fetched; only known columns are ever written."""

from __future__ import annotations

import pytest

from nocontact.store import enrichments
from nocontact.store.database import Store
from tests.nocontact.store.conftest import ROB, contact, write


def test_a_lookup_is_stored_and_read_back_for_verification(store: Store) -> None:
    write(store, [contact(ROB, 1)])
    with store.transaction() as conn:
        first = enrichments.add_enrichment(
            conn, {"account_id": 1, "raw": "{}", "raw_sha256": "h", "avatar_path": "a/b.jpg"}
        )
        second = enrichments.add_enrichment(conn, {"account_id": 1, "status": "not_found"})
    with store.reading() as conn:
        found = enrichments.stored_lookups(conn)
    assert found[first] == enrichments.StoredLookup(first, "{}", "h", None, "a/b.jpg")
    assert found[second].raw is None and second == first + 1


def test_an_unknown_column_is_refused_before_any_sql(store: Store) -> None:
    refused = pytest.raises(ValueError, match=r"not enrichment columns: \['id; DROP'\]")
    with refused, store.transaction() as conn:
        enrichments.add_enrichment(conn, {"account_id": 1, "id; DROP": 1})
