"""The evidence export: what a lawyer or court receives, each file sealed by its SHA-256.

A new folder (0700) holds `log.csv` (one row per record of each confirmed hit), `log.pdf`
(the same, readable, with page numbers and the ledger head), `records/<id>.json` (each raw
record exactly as stored), `manifest.json` (every file's SHA-256, the tool version, the
ledger head, the order and the method, so a qualified person can certify the collection,
FRE 902(14)-style) and `SHA256SUMS` (for `sha256sum -c`). The export is then sealed in the
ledger with the manifest's SHA-256. `nocontact verify DIR` checks it (exportcheck.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nocontact import __version__
from nocontact.case import Case
from nocontact.config import Config
from nocontact.errors import NocontactError
from nocontact.evidence import hit_records, log_pdf
from nocontact.evidence.hit_records import HitRecord
from nocontact.evidence.log_rows import COLUMNS, rows_of
from nocontact.language import catalogues
from nocontact.store import cipher, ledger
from nocontact.store.instants import now
from nocontact.store.interactions import raw_texts

FORMAT = "nocontact-evidence-export/1"
MANIFEST, SUMS, LOG_CSV, LOG_PDF = "manifest.json", "SHA256SUMS", "log.csv", "log.pdf"
METHOD = (
    "Records were read by nocontact on the protected person's own computer from the data "
    "archives the protected person downloaded from their own accounts, and from official "
    "platform APIs where configured; nothing was read from the restrained person's accounts.",
    "Each archive was hashed with SHA-256 when imported (a folder as the SHA-256 of its "
    "sorted 'sha256  path' lines) and a read-only copy kept in the case's evidence/sources.",
    "Each record was stored exactly as read, with the SHA-256 of its UTF-8 bytes "
    "(raw_sha256); records/<interaction_id>.<ext> holds those bytes unchanged.",
    "Times are the platforms' own timestamps, stored in UTC and shown in the case's time "
    "zone; source_file, inner_path and record_index (or api_url) locate each record in its "
    "source, and read_at is when nocontact read that archive or fetched that record.",
    "Every import, match, review decision and export is an entry of an append-only SHA-256 "
    "hash chain (the ledger); ledger.head is its last entry when this export was made, and "
    "the export is then recorded as the next entry with the SHA-256 of this manifest.",
    "The link between an account and a person is a suspicion with stated reasons, confirmed "
    "by the reviewer; it is not a finding of identity.",
    "CSV cells that a spreadsheet could run as a formula (starting with = + - @ or a tab) "
    "are prefixed with an apostrophe; the raw record copies are exact.",
    "To check: `nocontact verify DIR` (also against the case database), or "
    "`sha256sum -c SHA256SUMS` in this folder.",
)


@dataclass(frozen=True, slots=True)
class ExportResult:
    folder: Path
    rows: int
    files: int
    manifest_sha256: str
    ledger_hash: str

    def summary(self) -> str:
        return (
            f"exported {self.rows} records of confirmed hits to {self.folder} ({self.files} "
            f"files); manifest sha256 {self.manifest_sha256}, sealed in ledger {self.ledger_hash}"
        )


def export(case: Case, folder: Path, *, lang: str = "en", plain: bool = False) -> ExportResult:
    """Write the evidence folder for every confirmed hit and seal it in the ledger.

    In an encrypted case every file is sealed with the case's key (its hashes are of the
    plaintext) unless `plain` asks for a readable copy.
    """
    config = case.config()
    key = None if plain else case.file_key()
    catalogues.translations(lang)  # an unknown language fails before anything is written
    with case.store(create=False) as store, store.reading() as conn:
        found = hit_records.load(
            conn, config, case.root, statuses=("confirmed",), key=case.file_key()
        )
        if not found:
            raise NocontactError(
                "no confirmed hits to export: confirm hits first (`nocontact review` or "
                "`nocontact decide HIT_ID confirm`)"
            )
        raws = raw_texts(conn, sorted({c.id for r in found for c in r.contacts}))
        rows = rows_of(found, config, lang, raws)
        head = ledger.head(conn)
        entries = ledger.entry_count(conn)
    meta = _meta(config, found, head, entries, lang)
    csv_bytes, pdf_bytes = _csv(rows), log_pdf.render(rows, meta, lang=lang)  # before any write
    target = _new_folder(case, folder)
    files: dict[str, str] = {}
    for row in rows:
        raw = raws[int(row["interaction_id"])]
        files[row["raw_copy"]] = _write(target / row["raw_copy"], raw.encode("utf-8"), key)
    files[LOG_CSV] = _write(target / LOG_CSV, csv_bytes, key)
    files[LOG_PDF] = _write(target / LOG_PDF, pdf_bytes, key)
    manifest = {**meta, "files": {name: files[name] for name in sorted(files)}}
    manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()
    files[MANIFEST] = _write(target / MANIFEST, manifest_bytes, key)
    _write(target / SUMS, sums(files), key)
    with case.store(create=False) as store, store.transaction() as conn:
        sealed = ledger.append(
            conn,
            "export",
            {
                "folder": target.name,
                "manifest_sha256": files[MANIFEST],
                "files": len(files) + 1,
                "records": len(rows),
                "hits": [r.hit.id for r in found],
                "ledger_head": head,
            },
        )
    return ExportResult(target, len(rows), len(files) + 1, files[MANIFEST], sealed)


def sums(files: dict[str, str]) -> bytes:
    """`sha256sum` format, sorted by name: every file but SHA256SUMS itself."""
    return "".join(f"{files[name]}  {name}\n" for name in sorted(files)).encode("utf-8")


def _meta(
    config: Config, found: list[HitRecord], head: str, entries: int, lang: str
) -> dict[str, Any]:
    order = config.order
    return {
        "format": FORMAT,
        "created_at": now(),
        "tool": {"name": "nocontact", "version": __version__},
        "language": lang,
        "ledger": {"head": head, "entries": entries},
        "order": {
            "issued": order.issued.isoformat(),
            "expires": order.expires.isoformat() if order.expires else None,
            "jurisdiction": order.jurisdiction,
            "covers_third_parties": order.covers_third_parties,
            "timezone": order.timezone,
        },
        "protected_accounts": [
            {"platform": a.platform, "handle": a.handle, "user_id": a.user_id}
            for a in config.protected
        ],
        "confirmed_hits": [
            {
                key: r.hit.to_json()[key]
                for key in (
                    "id",
                    "platform",
                    "handle",
                    "display_name",
                    "user_id",
                    "subject",
                    "kind",
                    "score",
                    "reasons",
                )
            }
            for r in found
        ],  # fmt: skip
        "method": list(METHOD),
    }


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM makes spreadsheets read UTF-8


def _new_folder(case: Case, folder: Path) -> Path:
    """A fresh private folder: an export is never written over another one."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise NocontactError(
            f"{folder} already exists and is not an empty folder; choose a new one "
            "(an export is never overwritten)"
        )
    case.private_dir(folder / "records")
    return case.private_dir(folder)


def _write(path: Path, data: bytes, key: bytes | None) -> str:
    """Write a file readable by the user only (sealed with a key); returns its SHA-256."""
    cipher.write_private(path, data, key)
    return hashlib.sha256(data).hexdigest()
