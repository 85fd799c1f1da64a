"""Hit records: one read of the store that the report, the export and the review page share."""

from __future__ import annotations

import pytest

from nocontact.case import Case
from nocontact.evidence import hit_records
from nocontact.review import decisions
from nocontact.store.hits import Hit
from tests.nocontact.evidence_case import THREAD, confirm, hit_id, ig_case


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    made = ig_case(tmp_path_factory.mktemp("records"))
    confirm(made, "Zoë Lefèvre")
    nico = hit_id(made, "Nico Bauer")
    decisions.decide(made, nico, "note", "screenshots on my phone")
    decisions.decide(made, nico, "witness", "Sam Doe")
    decisions.decide(made, nico, "confirm")
    return made


def _load(case: Case, **options: object) -> list[hit_records.HitRecord]:
    with case.store(create=False) as store, store.reading() as conn:
        return hit_records.load(conn, case.config(), case.root, **options)


def _by_name(found: list[hit_records.HitRecord]) -> dict[str, hit_records.HitRecord]:
    return {r.hit.handle or r.hit.display_name or "": r for r in found}


def test_confirmed_hits_come_first_and_statuses_filter(case: Case) -> None:
    found = _load(case)
    statuses = [r.hit.status for r in found]
    assert statuses == sorted(statuses, key=["confirmed", "new"].index)
    assert all(isinstance(r.hit, Hit) for r in found)
    confirmed = _load(case, statuses=("confirmed",))
    assert {r.hit.status for r in confirmed} == {"confirmed"} and len(confirmed) == 2


def test_each_contact_names_its_source_and_inner_path(case: Case) -> None:
    nico = next(r for r in _load(case) if r.hit.id == hit_id(case, "Nico Bauer"))
    assert nico.contacts and [c.at for c in nico.contacts] == sorted(c.at for c in nico.contacts)
    assert all(c.at.utcoffset() is not None for c in nico.contacts)
    with case.store(create=False) as store, store.reading() as conn:
        archive_sha = conn.execute("SELECT sha256 FROM sources").fetchone()[0]
    assert {c.source.sha256 for c in nico.contacts} == {archive_sha}
    assert {c.source.kind for c in nico.contacts} == {"archive"}
    in_thread = [c for c in nico.contacts if THREAD in c.locator]
    assert [c.direction for c in in_thread] == ["out", "in", "in"]  # Jane wrote first
    assert all(c.locator.split("#")[-1].isdigit() for c in in_thread)


def test_notes_and_witnesses_come_from_the_reviews(case: Case) -> None:
    nico = next(r for r in _load(case) if r.hit.id == hit_id(case, "Nico Bauer"))
    assert [text for text, _ in nico.notes] == ["screenshots on my phone"]
    assert [text for text, _ in nico.witnesses] == ["Sam Doe"]


def test_repeated_violations_are_numbered_overall_and_per_account(case: Case) -> None:
    repeats = hit_records.repetition(_load(case))
    assert [r.overall for r in repeats] == list(range(1, len(repeats) + 1))
    per_account: dict[int, list[int]] = {}
    for r in repeats:
        per_account.setdefault(r.record.hit.id, []).append(r.per_account)
    assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in per_account.values())
    assert [r.contact.at for r in repeats] == sorted(r.contact.at for r in repeats)


def test_reference_photos_follow_the_subject(case: Case) -> None:
    assert all(r.references == () for r in _load(case))  # the test config lists no photos
    assert all(r.avatar is None for r in _load(case))  # nothing enriched: no avatar file


def test_the_light_read_assesses_the_same_records_as_the_full_one(case: Case) -> None:
    """The report counts and plots from `assessed`, and lists from `load`: they must agree."""
    full = _load(case)
    with case.store(create=False) as store, store.reading() as conn:
        chosen = hit_records.chosen(conn)
        light = [hit_records.assessed(conn, case.config(), hit) for hit in chosen]
    assert [r.hit for r in light] == [r.hit for r in full] and len(full) > 1
    for one, other in zip(light, full, strict=True):
        assert [(c.id, c.at, c.assessment) for c in one.contacts] == [
            (c.id, c.at, c.assessment) for c in other.contacts
        ]
