"""One Instagram case with confirmed hits, loaded as hit records, shared by a test module."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from nocontact.case import Case
from nocontact.evidence import hit_records
from nocontact.evidence.hit_records import HitRecord
from nocontact.store.interactions import raw_texts
from tests.nocontact.evidence_case import confirm, ig_case


@dataclass(frozen=True, slots=True)
class Loaded:
    case: Case
    records: list[HitRecord]
    raws: dict[int, str]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    case = ig_case(tmp_path_factory.mktemp("loaded"))
    confirm(case, "Nico Bauer", "Zoë Lefèvre")
    with case.store(create=False) as store, store.reading() as conn:
        records = hit_records.load(conn, case.config(), case.root, statuses=("confirmed",))
        raws = raw_texts(conn, [c.id for r in records for c in r.contacts])
    return Loaded(case, records, raws)
