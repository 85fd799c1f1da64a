"""Review decisions change hit status, keep notes and are sealed in the ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

from nocontact.case import Case
from nocontact.errors import NocontactError
from nocontact.evidence.verification import verify
from nocontact.intake.archives import import_archive
from nocontact.match.scoring import run_match
from nocontact.review import decisions
from nocontact.store.hits import list_hits


def _first_hit(case: Case, ig_zip: Path) -> int:
    import_archive(case, ig_zip)
    run_match(case)
    with case.store() as store, store.reading() as conn:
        return list_hits(conn)[0].id


def test_confirm_note_witness_and_rematch_keep_status(case: Case, ig_zip: Path) -> None:
    hit = _first_hit(case, ig_zip)
    decisions.decide(case, hit, "confirm")
    decisions.decide(case, hit, "note", "He also called my work phone that day.")
    decisions.decide(case, hit, "witness", "Sam Doe saw the message arrive")
    run_match(case)  # re-scoring must not undo a person's decision
    with case.store() as store:
        (found,) = [h for h in list_hits(store.db.conn) if h.id == hit]
        actions = [a for (a,) in store.db.execute("SELECT action FROM ledger ORDER BY seq")]
    assert found.status == "confirmed"
    assert [r.action for r in decisions.history(case, hit)] == ["confirm", "note", "witness"]
    assert actions.count("review") == 3
    assert verify(case).ok


def test_dismiss_then_reopen(case: Case, ig_zip: Path) -> None:
    hit = _first_hit(case, ig_zip)
    decisions.decide(case, hit, "dismiss", "my cousin, not him")
    decisions.decide(case, hit, "reopen")
    with case.store() as store:
        status = store.db.execute("SELECT status FROM hits WHERE id = ?", [hit]).fetchone()[0]
    assert status == "new"


@pytest.mark.parametrize(
    ("hit", "action", "text", "problem"),
    [
        (999, "confirm", None, "no hit with id 999"),
        (None, "delete", None, "unknown review action"),
        (None, "note", "  ", "needs text"),
    ],
)
def test_bad_decisions_are_refused_and_change_nothing(
    case: Case, ig_zip: Path, hit: int | None, action: str, text: str | None, problem: str
) -> None:
    real = _first_hit(case, ig_zip)
    with case.store() as store:
        before = store.counts()
    with pytest.raises(NocontactError, match=problem):
        decisions.decide(case, hit or real, action, text)
    with case.store() as store:
        assert store.counts() == before
