"""A ledger entry out of shape is the cause `verify` names for the rows it sealed.

A real case (imported, matched, reviewed, a second archive imported, an account enriched)
has one entry edited out of shape and the ledger re-chained over the edit, as a forger
would: the shape line comes first, and the rows that entry sealed are said to be
unchecked because of it, never "added outside nocontact" or "not what any match run sealed".
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawlers.spiders.records import ProfileResult
from nocontact.case import Case
from nocontact.errors import VerifyError
from nocontact.evidence import export, follow_ons
from nocontact.evidence.verification import verify
from nocontact.intake import enrichment
from nocontact.intake.archives import import_archive
from nocontact.review import decisions
from nocontact.store import ledger
from nocontact.store.accounts import LookupDue
from nocontact.store.database import Store
from tests.helpers import DATA, zip_folder
from tests.nocontact.evidence_case import first_problem, hit_id, ig_case, rechain

_OUT = "is out of shape, so {} cannot be checked"


def _built(base: Path, *, enriched_last: bool) -> Case:
    """Ledger: order, import, match, review, review, then an import (Facebook) and an enrich
    (a bio), the enrich last or first: the last of them seals every account."""
    case = ig_case(base)
    decisions.decide(case, hit_id(case, "Nico Bauer"), "confirm")
    decisions.decide(case, hit_id(case, "zoe.lefevre"), "dismiss")
    if enriched_last:
        _import_facebook(case, base)
    with case.store(create=False) as store, store.transaction() as conn:
        account, platform, handle, user_id = conn.execute(
            "SELECT id, platform, handle, user_id FROM accounts ORDER BY id LIMIT 1"
        ).fetchone()
        found = ProfileResult(
            key=str(account),
            platform=platform,
            fetch_url="https://example.invalid/profile",
            fetched_at=datetime(2026, 5, 1, tzinfo=UTC),
            status="ok",
            raw="{}",
            bio="A synthetic bio.",
        )
        due = {account: LookupDue(account, platform, handle, user_id)}
        enrichment.record(conn, due, [found], {}, servers={})
    if not enriched_last:
        _import_facebook(case, base)
    assert verify(case).ok, verify(case).problems
    return case


def _import_facebook(case: Case, base: Path) -> None:
    import_archive(case, zip_folder(DATA / "exports" / "facebook" / "2025", base / "fb.zip"))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Case:
    return _built(tmp_path_factory.mktemp("enriched_last"), enriched_last=True)


@pytest.fixture(scope="module")
def imported_last(tmp_path_factory: pytest.TempPathFactory) -> Case:
    return _built(tmp_path_factory.mktemp("imported_last"), enriched_last=False)


@pytest.fixture
def copy(pristine: Case, tmp_path: Path) -> Case:
    return Case(Path(shutil.copytree(pristine.root, tmp_path / "case")))


def _tamper(case: Case, action: str, payload: str) -> tuple[int, list[str]]:
    """The last `action` entry's payload set to the SQL expression, the ledger re-chained;
    (its seq, the lines every such edit gives: its shape, then the re-chain)."""
    with sqlite3.connect(case.db_path) as conn:
        seq, at = conn.execute(
            "SELECT seq, at FROM ledger WHERE action = ? ORDER BY seq DESC LIMIT 1", (action,)
        ).fetchone()
        conn.execute(f"UPDATE ledger SET payload = {payload} WHERE seq = ?", (seq,))
        rechain(conn)
    shape = {
        "import": "'source_id'",
        "match": "'hits'",
        "review": "'hit_id'",
        "enrich": "'fetches'",
    }
    lacks = "payload lacks" if payload == "'{}'" else "payload's"
    return seq, [
        f"ledger entry {seq} ({action} at {at}): {lacks} {shape[action]}",
        f"ledger entry {seq} is not the one ledger-heads.txt recorded ({action} at {at}): "
        "the ledger was rewritten and re-chained",
    ]


def _checked(case: Case, expected: list[str]) -> None:
    """The full list alone and with a second process; the CLI's first problem is the shape."""
    problems = verify(case).problems
    assert len(problems) == len(expected), problems
    assert problems[0].startswith(expected[0]) and problems[0].endswith(
        ", so nothing it sealed is known"
    )
    assert problems[1:] == expected[1:]
    assert verify(case, helper_from=0).problems == problems
    assert first_problem(case) == problems[0]


def test_a_review_entry_out_of_shape_leaves_its_row_and_the_hit_status_unchecked(
    copy: Case,
) -> None:
    zoe = hit_id(copy, "zoe.lefevre")
    seq, lines = _tamper(copy, "review", "'{}'")
    both = _OUT.format("they")
    _checked(
        copy,
        [
            *lines,
            f"review 2 (hit {zoe}, dismiss) and hit {zoe}'s status: their "
            f"ledger entry {seq} {both}",
        ],
    )


def test_a_review_added_outside_nocontact_is_still_named_so(copy: Case) -> None:
    """The left-out entry is tied to its own row (by position); a row no entry sealed stays."""
    nico = hit_id(copy, "Nico Bauer")
    seq, lines = _tamper(copy, "review", "json_set(payload, '$.hit_id', json('[1]'))")
    with sqlite3.connect(copy.db_path) as conn:
        conn.execute(
            "INSERT INTO reviews (id, hit_id, action, text, at) VALUES (3, ?, 'note', 'x', ?)",
            (nico, "2026-05-01T00:00:00.000Z"),
        )
    zoe = hit_id(copy, "zoe.lefevre")
    _checked(
        copy,
        [
            *lines,
            f"review 2 (hit {zoe}, dismiss) and hit {zoe}'s status: their ledger entry {seq} "
            + _OUT.format("they"),
            f"review 3 (hit {nico}, note) is sealed by no ledger entry: it was added outside "
            "nocontact",
        ],
    )


def test_a_match_entry_out_of_shape_leaves_every_hit_score_unchecked(
    copy: Case, tmp_path: Path
) -> None:
    with sqlite3.connect(copy.db_path) as conn:
        hits = [row[0] for row in conn.execute("SELECT id FROM hits ORDER BY id")]
    seq, lines = _tamper(copy, "match", "json_set(payload, '$.hits', json('\"all\"'))")
    listed = ", ".join(str(h) for h in hits)
    unchecked = (
        f"the scores and reasons of {len(hits)} hits ({listed}): their ledger entry {seq} "
        + _OUT.format("they")
    )
    _checked(copy, [*lines, unchecked])
    with pytest.raises(VerifyError, match=f"^{re.escape(unchecked)}; nothing was exported"):
        export.export(copy, tmp_path / "evidence")  # the entry is blamed, not the hits
    assert not (tmp_path / "evidence").exists()


def test_an_import_out_of_shape_leaves_the_accounts_it_added_unchecked(
    imported_last: Case, tmp_path: Path
) -> None:
    """The Facebook import added accounts: the enrichment's digest before it differs, and
    that is the import entry's fault, not an edit outside nocontact."""
    case = Case(Path(shutil.copytree(imported_last.root, tmp_path / "case")))
    seq, lines = _tamper(case, "import", "'{}'")
    _checked(
        case,
        [
            *lines,
            f"accounts and names changed since ledger entry 6: their ledger entry {seq} "
            + _OUT.format("they"),
        ],
    )


def test_an_enrich_out_of_shape_leaves_the_bio_it_added_unchecked(copy: Case) -> None:
    seq, lines = _tamper(copy, "enrich", "json_set(payload, '$.fetches', json('{}'))")
    _checked(
        copy,
        [
            *lines,
            f"accounts and names changed since ledger entry 6: their ledger entry {seq} "
            + _OUT.format("they"),
        ],
    )


def test_an_import_out_of_shape_whose_accounts_a_later_entry_sealed_gives_no_more(
    copy: Case,
) -> None:
    """Its interactions are still checked against their own seals; nothing else is said."""
    _, lines = _tamper(copy, "import", "json_set(payload, '$.source_id', json('\"2\"'))")
    _checked(copy, lines)


def test_a_match_run_names_its_first_hits_and_counts_the_rest(tmp_path: Path) -> None:
    """A match run seals every hit: its line stays one line however many there are, and
    lines about anything else are kept as they are, in their place."""
    with Store(tmp_path / "case.db") as store, store.transaction() as conn:
        ledger.append(conn, "match", {"hits": "all"})
        entries, _ = ledger.check(conn)
        hits = [f"hit {n}, column account_id is not what any match run sealed" for n in range(12)]
        other = "hit 99, column status is 'new' but the sealed decisions make it 'dismissed' (x)"
        shape = "ledger entry 1 (match at t): payload's 'hits' is text, not a list"
        problems = [f"{shape}{follow_ons.SHAPE_LINE}", *hits[:3], other, *hits[3:]]
        assert follow_ons.explained(conn, entries, problems) == [
            problems[0],
            "the scores and reasons of 12 hits (0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 2 more): "
            "their ledger entry 1 " + _OUT.format("they"),
            other,
        ]


def test_without_an_entry_out_of_shape_the_lines_are_left_alone(tmp_path: Path) -> None:
    unscored = ["hit 1, column account_id is not what any match run sealed"]
    with Store(tmp_path / "case.db") as store, store.reading() as conn:
        assert follow_ons.explained(conn, [], unscored) is unscored
