"""The self-contained HTML report: the order, what was found, every record and its hash."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from crawlers import exports
from nocontact import __version__, ledger
from nocontact.case import Case
from nocontact.hits import list_hits
from nocontact.timefmt import now


def render(case: Case) -> str:
    """HTML with every platform string escaped and no external request of any kind."""
    config = case.config()
    with case.store(create=False) as store:
        conn = store.db.conn
        hits = list_hits(conn)
        for hit in hits:
            hit["records"] = _records(conn, hit["id"])
        context = {
            "config": config,
            "hits": hits,
            "sources": _sources(conn),
            "gaps": exports.gaps(_platforms(conn)),
            "types": conn.execute(
                "SELECT type, direction, count(*) FROM interactions GROUP BY type, direction"
                " ORDER BY count(*) DESC"
            ).fetchall(),
            "accounts": conn.execute(
                "SELECT count(DISTINCT account_id) FROM interactions WHERE direction = 'in'"
            ).fetchone()[0],
            "head": ledger.head(conn),
            "entries": conn.execute("SELECT count(*) FROM ledger").fetchone()[0],
            "generated": now(),
            "version": __version__,
        }
    env = Environment(loader=PackageLoader("nocontact"), autoescape=select_autoescape(default=True))
    return env.get_template("report.html.j2").render(**context)


def write(case: Case, output: Path) -> Path:
    """Write the report readable by the user only (it holds private messages)."""
    html = render(case)
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(html)
    os.chmod(output, 0o600)
    return output


def _records(conn: sqlite3.Connection, hit_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT i.occurred_at, i.type, i.direction, i.text, i.target, i.locator, i.raw_sha256,"
        " s.sha256, s.original_name FROM interactions i JOIN sources s ON s.id = i.source_id"
        " WHERE i.account_id = (SELECT account_id FROM hits WHERE id = ?) ORDER BY i.occurred_at",
        (hit_id,),
    )
    keys = (
        "at",
        "type",
        "direction",
        "text",
        "target",
        "locator",
        "raw_sha256",
        "source_sha256",
        "source_name",
    )
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _sources(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT original_name, sha256, platforms, finished_at, counts FROM sources ORDER BY id"
    ).fetchall()
    return [
        {"name": n, "sha256": s, "platforms": p, "at": a, "counts": json.loads(c or "{}")}
        for n, s, p, a, c in rows
    ]


def _platforms(conn: sqlite3.Connection) -> list[str]:
    return [p for (ps,) in conn.execute("SELECT platforms FROM sources") for p in ps.split(",")]
