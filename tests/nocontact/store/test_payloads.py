"""Each ledger action's payload shape: the first key at fault is named, a sound one passes."""

from __future__ import annotations

from typing import Any

import pytest

from nocontact.store import payloads

IMPORT = {
    "source_id": 1,
    "sha256": "a" * 64,
    "name": "ig.zip",
    "interactions_digest": "b" * 64,
    "rows_digest": "c" * 64,
    "started_at": "2026-03-10T21:00:00.000Z",
    "accounts_digest": "d" * 64,
    "read": 3,
}
SOUND = {
    "import": IMPORT,
    "scan": IMPORT | {"status": "done"},
    "seal": {"records": 2, "rows_digests": {"1": "c" * 64}, "accounts_digest": "d" * 64},
    "match": {"candidates": 2, "hits": [[1, "restrained", "alias", 0.9, ["name"]]]},
    "review": {"hit_id": 1, "action": "confirm", "text": None, "review_id": 1, "at": "t"},
    "enrich": {
        "fetches": [{"enrichment_id": 1, "raw_sha256": "e" * 64, "avatar_sha256": None}],
        "accounts_digest": "d" * 64,
    },
    "order": {"terms": {"issued": "2026-03-02"}, "sha256": "f" * 64},
    "export": {"manifest_sha256": "a" * 64, "folder": "out", "logs": {"log.csv": "b" * 64}},
}
OLDER = {  # what an older version wrote: the keys added since are optional
    "import": {k: IMPORT[k] for k in ("source_id", "sha256", "name", "interactions_digest")},
    "seal": {"rows_digests": {}},
    "match": {"candidates": 0},
    "review": {"hit_id": 1, "action": "note", "text": "He wrote again."},
    "enrich": {"fetches": []},
    "export": {"manifest_sha256": "a" * 64},
}


@pytest.mark.parametrize("action", sorted(SOUND))
def test_what_nocontact_writes_has_its_shape(action: str) -> None:
    assert payloads.problem(action, SOUND[action]) is None


@pytest.mark.parametrize("action", sorted(OLDER))
def test_what_an_older_version_wrote_has_its_shape(action: str) -> None:
    assert payloads.problem(action, OLDER[action]) is None


def test_an_action_nocontact_does_not_write_has_no_shape() -> None:
    assert payloads.problem("unknown", {}) is None


@pytest.mark.parametrize(
    ("action", "edit", "problem"),
    [
        ("import", {"source_id": "1"}, "payload's 'source_id' is text, not an integer"),
        ("import", {"source_id": False}, "payload's 'source_id' is true or false, not an integer"),
        ("import", {"source_id": 1.0}, "payload's 'source_id' is a decimal number, not an integer"),
        ("import", {"name": None}, "payload's 'name' is null, not text"),
        ("scan", {"rows_digest": ["c"]}, "payload's 'rows_digest' is a list, not text"),
        ("seal", {"rows_digests": {"1": 5}}, "payload's 'rows_digests.1' is an integer, not text"),
        (
            "seal",
            {"rows_digests": {"²": "c"}},
            "payload's 'rows_digests' has a key '²' that is no source id",
        ),
        (
            "seal",
            {"rows_digests": {"": "c"}},
            "payload's 'rows_digests' has a key '' that is no source id",
        ),
        ("match", {"hits": {"1": []}}, "payload's 'hits' is an object, not a list"),
        ("match", {"hits": [[1]]}, "payload lacks 'hits[0][1]'"),
        ("match", {"hits": [[1, None]]}, "payload's 'hits[0][1]' is null, not text"),
        ("review", {"text": 5}, "payload's 'text' is an integer, not text or null"),
        ("review", {"review_id": None}, "payload's 'review_id' is null, not an integer"),
        ("enrich", {"fetches": [{}]}, "payload lacks 'fetches[0].enrichment_id'"),
        ("enrich", {"fetches": [None]}, "payload's 'fetches[0]' is null, not an object"),
        ("order", {"terms": []}, "payload's 'terms' is a list, not an object"),
        ("export", {"logs": {"log.csv": None}}, "payload's 'logs.log.csv' is null, not text"),
    ],
)
def test_the_first_key_at_fault_is_named(action: str, edit: dict[str, Any], problem: str) -> None:
    assert payloads.problem(action, SOUND[action] | edit) == problem


@pytest.mark.parametrize("action", sorted(SOUND))
def test_an_empty_payload_lacks_a_key_unless_every_key_is_optional(action: str) -> None:
    found = payloads.problem(action, {})
    required = [k for k in payloads.SHAPES[action] if not k.endswith("?")]
    assert found == (f"payload lacks '{required[0]}'" if required else None)
