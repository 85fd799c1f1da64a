"""`verify` names a ledger entry whose payload is JSON of another shape, once, never a traceback.

Each action nocontact writes is tampered in a real case (an edit outside nocontact, as
`UPDATE ledger SET payload = '{}'`); the entry is named and left out of the later checks.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from nocontact.case import Case
from nocontact.cli import cli
from nocontact.evidence import export
from nocontact.evidence.verification import verify
from nocontact.review import decisions
from nocontact.store import ledger, seals
from tests.nocontact.evidence_case import hit_id, ig_case, rechain


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """A reviewed and exported case, then a scan, an enrichment and a seal entry as those
    commands write them (a scan sealing the import's source again, no fetch, no new row)."""
    case = ig_case(tmp_path_factory.mktemp("pristine"))
    nico, zoe = hit_id(case, "Nico Bauer"), hit_id(case, "zoe.lefevre")
    decisions.decide(case, nico, "confirm")
    decisions.decide(case, nico, "note", "He wrote again after the order.")
    decisions.decide(case, zoe, "dismiss")
    export.export(case, case.root / "export")
    with case.store(create=False) as store, store.transaction() as conn:
        (text,) = conn.execute("SELECT payload FROM ledger WHERE action = 'import'").fetchone()
        sealed, accounts = json.loads(text), seals.accounts_digest(conn)
        ledger.append(conn, "scan", sealed | {"status": "done"})
        ledger.append(conn, "enrich", {"fetches": [], "accounts_digest": accounts})
        digests = {str(sealed["source_id"]): sealed["rows_digest"]}
        ledger.append(
            conn, "seal", {"records": 0, "rows_digests": digests, "accounts_digest": accounts}
        )
    assert verify(case).ok, verify(case).problems
    return case


@pytest.fixture
def copy(pristine: Case, tmp_path: Path) -> Case:
    return Case(Path(shutil.copytree(pristine.root, tmp_path / "case")))


def _tamper(case: Case, action: str, payload: str) -> str:
    """Set the last `action` entry's payload to the SQL expression; its `ledger entry ...`."""
    with sqlite3.connect(case.db_path) as conn:
        seq, at = conn.execute(
            "SELECT seq, at FROM ledger WHERE action = ? ORDER BY seq DESC LIMIT 1", (action,)
        ).fetchone()
        conn.execute(f"UPDATE ledger SET payload = {payload} WHERE seq = ?", (seq,))
    return f"ledger entry {seq} ({action} at {at})"


def _set(path: str, value: str) -> str:
    return f"json_set(payload, '$.{path}', json('{value}'))"


def _drop(path: str) -> str:
    return f"json_remove(payload, '$.{path}')"


_SHAPES = [
    ("import", "'{}'", "payload lacks 'source_id'"),
    ("import", _set("source_id", '"2"'), "payload's 'source_id' is text, not an integer"),
    ("import", _set("source_id", "null"), "payload's 'source_id' is null, not an integer"),
    ("import", _set("source_id", "true"), "payload's 'source_id' is true or false, not an integer"),
    ("import", _drop("name"), "payload lacks 'name'"),
    (
        "import",
        _set("interactions_digest", "[]"),
        "payload's 'interactions_digest' is a list, not text",
    ),
    ("import", _set("rows_digest", "7"), "payload's 'rows_digest' is an integer, not text"),
    ("import", _set("accounts_digest", "{}"), "payload's 'accounts_digest' is an object, not text"),
    ("scan", _set("source_id", "1.5"), "payload's 'source_id' is a decimal number, not an integer"),
    ("scan", _set("started_at", "[1]"), "payload's 'started_at' is a list, not text"),
    ("match", _set("hits", '"all"'), "payload's 'hits' is text, not a list"),
    ("match", _set("hits[0]", "{}"), "payload's 'hits[0]' is an object, not a list"),
    ("match", _set("hits[0]", "[3]"), "payload lacks 'hits[0][1]'"),
    ("match", _set("hits[1][0]", "[1]"), "payload's 'hits[1][0]' is a list, not an integer"),
    ("review", "'{}'", "payload lacks 'hit_id'"),
    ("review", _set("hit_id", "[1]"), "payload's 'hit_id' is a list, not an integer"),
    ("review", _set("action", "{}"), "payload's 'action' is an object, not text"),
    ("review", _drop("text"), "payload lacks 'text'"),
    ("review", _set("review_id", "[]"), "payload's 'review_id' is a list, not an integer"),
    ("enrich", _set("fetches", "{}"), "payload's 'fetches' is an object, not a list"),
    ("enrich", _set("fetches", "[7]"), "payload's 'fetches[0]' is an integer, not an object"),
    (
        "enrich",
        _set("fetches", '[{"enrichment_id": [1]}]'),
        "payload's 'fetches[0].enrichment_id' is a list, not an integer",
    ),
    ("enrich", _set("fetches", '[{"enrichment_id": 1}]'), "payload lacks 'fetches[0].raw_sha256'"),
    ("seal", _set("rows_digests", "[]"), "payload's 'rows_digests' is a list, not an object"),
    (
        "seal",
        _set("rows_digests", '{"one": "d"}'),
        "payload's 'rows_digests' has a key 'one' that is no source id",
    ),
    ("seal", _set("rows_digests", '{"1": null}'), "payload's 'rows_digests.1' is null, not text"),
    ("order", "'{}'", "payload lacks 'terms'"),
    ("order", _set("terms", '"none"'), "payload's 'terms' is text, not an object"),
    ("export", _drop("manifest_sha256"), "payload lacks 'manifest_sha256'"),
    ("export", _set("logs", "[]"), "payload's 'logs' is a list, not an object"),
]


@pytest.mark.parametrize(("action", "payload", "shape"), _SHAPES)
def test_a_payload_of_another_shape_is_named_once(
    copy: Case, action: str, payload: str, shape: str
) -> None:
    """Its hash is named first, then its shape; with a second process alike; exit 1."""
    where = _tamper(copy, action, payload)
    named = f"{where}: {shape}, so nothing it sealed is known"
    result = CliRunner().invoke(cli, ["--case", str(copy.root), "verify"])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # a problem, not a traceback
    assert f"first problem: {where}: payload does not match its sha256" in result.output
    alone = verify(copy)
    assert alone.problems[:2] == [f"{where}: payload does not match its sha256", named]
    assert alone.problems.count(named) == 1
    assert f"problem: {named}" in result.output
    assert verify(copy, helper_from=0).problems == alone.problems


def test_a_re_chained_payload_of_another_shape_is_named_by_its_shape_alone(copy: Case) -> None:
    """Every hash recomputed over the edit: the chain holds, the shape names the entry."""
    where = _tamper(copy, "import", _set("source_id", '"1"'))
    with sqlite3.connect(copy.db_path) as conn:
        rechain(conn)
    assert [p for p in verify(copy).problems if p.startswith(where)] == [
        f"{where}: payload's 'source_id' is text, not an integer, so nothing it sealed is known"
    ]


def test_an_export_folder_checked_against_an_export_entry_out_of_shape(copy: Case) -> None:
    where = _tamper(copy, "export", _set("logs", '"log.csv"'))
    folder = copy.root / "export"
    result = CliRunner().invoke(cli, ["--case", str(copy.root), "verify", str(folder)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert f"{where}: payload's 'logs' is text, not an object" in result.output
    assert "manifest.json: not the manifest any export in this case's ledger sealed" in (
        result.output
    )


@pytest.mark.parametrize("payload", ["'[1]'", _set("candidates", '"many"')])
def test_status_reads_a_match_entry_out_of_shape_and_says_verify_failed(
    copy: Case, payload: str
) -> None:
    where = _tamper(copy, "match", payload)
    result = CliRunner().invoke(cli, ["--case", str(copy.root), "status"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert f"{where}: payload does not match its sha256" in result.output
    assert "matched: ? accounts on " in result.output
