"""Sources: what was imported or scanned, when, and what it added."""

from __future__ import annotations

from nocontact import __version__
from nocontact.store import sources
from nocontact.store.database import Store
from tests.nocontact.store.conftest import ROB, contact, write


def test_an_import_is_listed_with_its_counts(store: Store) -> None:
    written = write(store, [contact(ROB, 1)], name="ig.zip")
    with store.reading() as conn:
        (row,) = sources.sources(conn)
        assert sources.find_source(conn, "ig.zip" * 4) == (row.id, row.finished_at, ["instagram"])
        assert sources.find_source(conn, "f" * 64) is None
        version = conn.execute("SELECT tool_version FROM sources").fetchone()[0]
    assert (row.id, row.original_name, row.platforms) == (
        written.source_id,
        "ig.zip",
        ("instagram",),
    )
    assert row.status == "complete" and row.counts == {"added": 1} and version == __version__


def test_a_scan_grows_and_is_closed(store: Store) -> None:
    with store.transaction() as conn:
        scan = sources.add_source(
            conn,
            sha256="0" * 64,
            kind="scan",
            platforms=["mastodon"],
            name="jane@example.social on mastodon",
            size=0,
            parsers=["mastodon/1"],
            copy_path=None,
        )
    with store.reading() as conn:
        assert sources.open_scans(conn) == [scan]
    with store.transaction() as conn:
        sources.update_scan(conn, scan, sha256="1" * 64, size=10, counts={"pages": 2})
        sources.close_source(conn, scan, "interrupted")
    with store.reading() as conn:
        row = sources.source(conn, scan)
        assert sources.open_scans(conn) == []
    assert (row.sha256, row.status, row.counts) == ("1" * 64, "interrupted", {"pages": 2})
    assert row.finished_at is not None


def test_a_source_row_edited_outside_nocontact_is_still_read(store: Store) -> None:
    """`verify` reads every source; unsealed columns of another type must not stop it."""
    write(store, [contact(ROB, 1)], name="ig.zip")
    with store.transaction() as conn:
        conn.execute("UPDATE sources SET platforms = X'00ff', counts = 'not json'")
    with store.reading() as conn:
        (row,) = sources.sources(conn)
    assert (row.original_name, row.platforms, row.counts) == ("ig.zip", (), {})
