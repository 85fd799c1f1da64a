"""The self-contained HTML report: the order, what was found, every record and its hash."""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from crawlers import exports
from nocontact import __version__
from nocontact.case import Case
from nocontact.config import Config
from nocontact.evidence import hit_records, images, timeline
from nocontact.evidence.hit_records import HitRecord
from nocontact.evidence.marks import shown
from nocontact.language import catalogues, contact_phrases, jurisdiction, reasons
from nocontact.store import ledger
from nocontact.store.instants import now


def render(case: Case, *, lang: str = "en") -> str:
    """HTML with every platform string escaped and no external request of any kind."""
    config = case.config()
    with case.store(create=False) as store:
        conn = store.db.conn
        found = hit_records.load(conn, config, case.root)
        context = {
            "config": config,
            "lang": lang,
            "law": jurisdiction.explain(config.order.jurisdiction, lang),
            "hits": [_view(r, config, lang) for r in found],
            "counts": _counts(found),
            "repeats": hit_records.repetition(found),
            "dismissed": conn.execute(
                "SELECT count(*) FROM hits WHERE status = 'dismissed'"
            ).fetchone()[0],
            "plot": _plot(found, config, lang),
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
    env = catalogues.environment(lang, timezone=config.order.timezone)
    env.filters["shown"] = shown
    env.globals.update(
        what_happened=lambda c: contact_phrases.what_happened(c.type, c.direction, lang),
        counts_as=lambda c: contact_phrases.counts(c.assessment, lang),
        gap=lambda g: contact_phrases.gap(g.kinds, g.advice, lang),
    )
    return env.get_template("report.html.j2").render(**context)


def write(case: Case, output: Path, *, lang: str = "en") -> Path:
    """Write the report readable by the user only (it holds private messages)."""
    html = render(case, lang=lang).replace("\x00", "\ufffd")  # no NUL byte, whatever its source
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(html)
    os.chmod(output, 0o600)
    return output


def _view(record: HitRecord, config: Config, lang: str) -> dict[str, Any]:
    """What the template shows of a hit, photos already embedded as data: URIs."""
    starts = {c.thread.key: c.thread for c in record.contacts if c.thread}
    subject = record.hit["subject"]
    return {
        **record.hit,
        "record": record,
        "who": _subject(config, subject, lang),
        "reasons": reasons.reasons(record.hit["reasons"], lang),
        "avatar": images.photo_uri(record.avatar) if record.avatar else None,
        "references": [uri for p in record.references[:3] if (uri := images.photo_uri(p))],
        "threads": [
            contact_phrases.started(s, config.order.timezone, lang)
            for s in sorted(starts.values(), key=lambda s: s.at)
        ],
    }


def _subject(config: Config, subject: str, lang: str) -> str:
    gettext = catalogues.translations(lang).gettext
    if subject == "restrained":
        return gettext("the restrained person")
    relation = next((a.relation for a in config.associates if a.names[0] == subject), None)
    return f"{subject} ({relation})" if relation else subject


def _counts(found: list[HitRecord]) -> dict[str, Any]:
    """Records per hit and type (to the protected person), and per assessment."""
    types = sorted({c.type for r in found for c in r.contacts if c.direction == "in"})
    rows = []
    for r in found:
        inbound = Counter(c.type for c in r.contacts if c.direction == "in")
        reasons = Counter(c.assessment.reason for c in r.contacts)
        rows.append({"hit": r.hit, "types": [inbound[t] for t in types], "reasons": reasons})
    return {"types": types, "rows": rows}


def _plot(found: list[HitRecord], config: Config, lang: str) -> str | None:
    gettext = catalogues.translations(lang).gettext
    labels = {
        "violation": gettext("contact while the order was in force"),
        "third_party_not_covered": gettext("through a third party, not covered"),
        "before_order": gettext("outside the order"),
        "after_order": gettext("outside the order"),
        "from_you": gettext("your own messages"),
        "issued": gettext("order issued"),
        "expires": gettext("order expired"),
        "pending": gettext("#n = hit number; * = not yet reviewed"),
    }
    drawn = timeline.svg(found, config.order, labels)
    return images.data_uri(drawn, "image/svg+xml") if drawn else None


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
