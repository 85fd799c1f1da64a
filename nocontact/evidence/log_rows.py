"""One evidence-log row per record of a confirmed hit: when, what, who, where it was read.

Shared by log.csv and log.pdf, so both say exactly the same. Column names are English
and stable (scripts read them); the plain-words columns follow the export's language.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from nocontact.config import Config
from nocontact.evidence.hit_records import Contact, HitRecord
from nocontact.language import contact_phrases, reasons
from nocontact.language.catalogues import NO_TIME, translations, zone
from nocontact.store.instants import iso
from nocontact.store.untrusted import csv_cell

COLUMNS = (
    "interaction_id",
    "hit_id",
    "date",
    "time",
    "time_zone",
    "utc",
    "platform",
    "type",
    "direction",
    "what_happened",
    "text",
    "under_the_order",
    "violation",
    "conversation",
    "conversation_started_by",
    "conversation_started_at",
    "account_handle",
    "account_name",
    "account_id",
    "account_url",
    "link",
    "suspected_link_to",
    "suspected_because",
    "source_kind",
    "source_sha256",
    "source_file",
    "inner_path",
    "record_index",
    "api_url",
    "read_at",
    "raw_sha256",
    "raw_copy",
    "reviewer_notes",
    "witnesses",
)


def rows_of(
    found: list[HitRecord], config: Config, lang: str, raws: Mapping[int, str]
) -> list[dict[str, str]]:
    """Rows oldest first; a record shared by two hits (one account, two subjects) is one row.

    `raws` maps interaction ids to their stored raw text, which decides the copy's extension.
    """
    rows: dict[int, dict[str, str]] = {}
    for record in found:
        for contact in record.contacts:
            if contact.id in rows:
                rows[contact.id]["hit_id"] += f";{record.hit.id}"
            else:
                rows[contact.id] = _row(record, contact, config, lang, raws[contact.id])
    ordered = sorted(  # undated records last
        rows.values(), key=lambda r: (not r["utc"], r["utc"], int(r["interaction_id"]))
    )
    return [{key: csv_cell(value) for key, value in row.items()} for row in ordered]


def _row(record: HitRecord, c: Contact, config: Config, lang: str, raw: str) -> dict[str, str]:
    gettext = translations(lang).gettext
    hit, tz = record.hit, config.order.timezone
    inner_path, index, api_url = locate(c.locator)
    subject = gettext("the restrained person") if hit.subject == "restrained" else hit.subject
    return {
        "interaction_id": str(c.id),
        "hit_id": str(hit.id),
        **_time_cells(c, tz, lang),
        "platform": c.platform,
        "type": c.type,
        "direction": c.direction,
        "what_happened": contact_phrases.what_happened(c.type, c.direction, lang),
        "text": c.text or "",
        "under_the_order": contact_phrases.counts(c.assessment, lang),
        "violation": gettext("yes") if c.assessment.violation else gettext("no"),
        "conversation": c.target if c.target and not _is_url(c.target) else "",
        "conversation_started_by": gettext(c.thread.by) if c.thread else "",
        "conversation_started_at": iso(c.thread.at) if c.thread else "",
        "account_handle": hit.handle or "",
        "account_name": hit.display_name or "",
        "account_id": hit.user_id or "",
        "account_url": hit.url or "",
        "link": c.target if c.target and _is_url(c.target) else "",
        "suspected_link_to": subject,
        "suspected_because": " | ".join(reasons.reasons(hit.reasons, lang)),
        "source_kind": c.source.kind,
        "source_sha256": c.source.sha256,
        "source_file": c.source.name,
        "inner_path": inner_path,
        "record_index": index,
        "api_url": api_url,
        "read_at": c.source.read_at or "",
        "raw_sha256": c.raw_sha256,
        "raw_copy": f"records/{c.id}.{_extension(raw)}",
        "reviewer_notes": " | ".join(text for text, _ in record.notes),
        "witnesses": " | ".join(text for text, _ in record.witnesses),
    }


def _time_cells(c: Contact, tz: str, lang: str) -> dict[str, str]:
    """Date, time, zone and UTC; an undated record says so in the date cell."""
    if c.at is None:
        no_time = translations(lang).gettext(NO_TIME)
        return {"date": no_time, "time": "", "time_zone": "", "utc": ""}
    local = c.at.astimezone(ZoneInfo(tz))
    return {
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M:%S"),
        "time_zone": f"{tz} {zone(local)}" if tz != "UTC" else "UTC",
        "utc": iso(c.at),
    }


def locate(locator: str) -> tuple[str, str, str]:
    """(inner path, record index, API URL) from a stored locator.

    >>> locate("connections/followers_1.json#17")
    ('connections/followers_1.json', '17', '')
    >>> locate("https://mastodon.social/api/v1/notifications?max_id=9")
    ('', '', 'https://mastodon.social/api/v1/notifications?max_id=9')
    """
    if _is_url(locator):
        return "", "", locator
    path, _, index = locator.rpartition("#")
    return (path, index, "") if path and index.isdigit() else (locator, "", "")


def _is_url(text: str) -> bool:
    return text.startswith(("https://", "http://"))


def _extension(raw: str) -> str:
    """'json' for JSON records, 'txt' for anything else (an HTML fragment, a text line)."""
    try:
        json.loads(raw)
    except ValueError:
        return "txt"
    return "json"
