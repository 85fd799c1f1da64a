"""Matches: each run replaces the last one's scores, features and reasons kept whole."""

from __future__ import annotations

import json

from nocontact.store import matches
from nocontact.store.database import Store
from tests.nocontact.store.conftest import ROB, contact, write


def test_a_run_replaces_the_previous_runs_matches(store: Store) -> None:
    write(store, [contact(ROB, 1)])
    first = matches.MatchRow(1, "restrained", "alias", 0.8, {"names": 0.9}, ("ü reason",), "m-1")
    with store.transaction() as conn:
        matches.replace_matches(conn, [first, first], "2026-04-01")
        matches.replace_matches(conn, [first], "2026-04-02")
        rows = conn.execute("SELECT features, reasons, model_version, at FROM matches").fetchall()
    assert len(rows) == 1
    features, reasons, version, at = rows[0]
    assert json.loads(features) == {"names": 0.9} and reasons == '["ü reason"]'
    assert (version, at) == ("m-1", "2026-04-02")
