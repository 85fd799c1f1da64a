"""Read hits in the shape scripts depend on (DESIGN §5); extend it, never rename."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from typing import Any

from nocontact.store.untrusted import csv_cell, printable

FIELDS = (
    "id",
    "platform",
    "handle",
    "display_name",
    "user_id",
    "url",
    "subject",
    "kind",
    "score",
    "status",
    "reasons",
    "first_contact",
    "last_contact",
    "interactions",
    "types",
)
STATUSES = ("new", "confirmed", "dismissed")


def list_hits(
    conn: sqlite3.Connection, *, status: str | None = None, min_score: float | None = None
) -> list[dict[str, Any]]:
    """Hits, highest score first, as plain dicts with the contract's keys."""
    sql = f"SELECT {', '.join(FIELDS)} FROM hits_view WHERE 1 = 1"
    params: list[Any] = []
    if status:
        sql += " AND status = ?"
        params.append(status)
    if min_score is not None:
        sql += " AND score >= ?"
        params.append(min_score)
    rows = conn.execute(sql + " ORDER BY score DESC, first_contact, id", params).fetchall()
    hits = [dict(zip(FIELDS, row, strict=True)) for row in rows]
    for hit in hits:
        hit["reasons"] = json.loads(hit["reasons"] or "[]")
        hit["types"] = json.loads(hit["types"] or "[]")
        hit["score"] = round(hit["score"], 4)
    return hits


def to_json(hits: list[dict[str, Any]]) -> str:
    return json.dumps(hits, ensure_ascii=False, indent=2)


def to_csv(hits: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for hit in hits:
        row = {**hit, "reasons": " | ".join(hit["reasons"]), "types": ",".join(hit["types"])}
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return out.getvalue().rstrip("\n")


def to_table(hits: list[dict[str, Any]]) -> str:
    """A terminal table; attribution is worded as suspicion, the reasons say why."""
    if not hits:
        return "No hits. (No record is not proof of no contact: see `nocontact report`.)"
    lines = [
        f"{'id':>4}  {'score':>5}  {'kind':<11} {'status':<9} {'account':<34} "
        f"{'n':>3}  first contact"
    ]
    for h in hits:
        who = printable(f"{h['platform']}:{h['handle'] or h['display_name'] or h['user_id']}")
        lines.append(
            f"{h['id']:>4}  {h['score']:>5.2f}  {h['kind']:<11} {h['status']:<9} "
            f"{who[:34]:<34} {h['interactions']:>3}  {h['first_contact'] or '-'}"
        )
        subject = "the restrained person" if h["subject"] == "restrained" else h["subject"]
        because = printable("; ".join(h["reasons"]))
        lines.append(f"{'':>6} suspected link to {printable(subject)}, because: {because}")
    return "\n".join(lines)
