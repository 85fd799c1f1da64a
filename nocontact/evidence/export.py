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
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nocontact import __version__
from nocontact.case import Case, Progress, no_progress
from nocontact.config import Config
from nocontact.errors import NocontactError
from nocontact.evidence import hit_records, log_pdf, verification
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
    "CSV cells that a spreadsheet could run as a formula (starting with = + - @, a tab or a "
    "line break, even after spaces) "
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
    ledger_seq: int

    def summary(self) -> str:
        return (
            f"exported {self.rows} records of confirmed hits to {self.folder} ({self.files} "
            f"files); manifest sha256 {self.manifest_sha256}, sealed by ledger entry "
            f"{self.ledger_seq} ({self.ledger_hash}); log.pdf shows the head just before it"
        )


def export(
    case: Case,
    folder: Path | None,
    *,
    lang: str = "en",
    plain: bool = False,
    progress: Progress = no_progress,
) -> ExportResult:
    """Write the evidence folder for every confirmed hit and seal it in the ledger.

    In an encrypted case every file is sealed with the case's key (its hashes are of the
    plaintext) unless `plain` asks for a readable copy.
    """
    folder = _outside_evidence(case, folder)
    config = case.config()
    key = None if plain else case.file_key()
    catalogues.translations(lang)  # an unknown language fails before anything is written
    with case.writing():  # one export at a time; no decision slips in before the seal
        return _export(case, folder, config, lang, key, progress)


def _export(
    case: Case, folder: Path, config: Config, lang: str, key: bytes | None, progress: Progress
) -> ExportResult:
    with case.store(create=False) as store, store.transaction() as conn:
        case.seal_order(conn)  # the terms the log states are the ones the ledger holds
        verification.check_hits(conn)  # a status edited outside nocontact is not exported
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
    work = _work_folder(case, folder)
    try:
        files = _write_files(work, rows, raws, meta, csv_bytes, pdf_bytes, key, progress)
        with case.store(create=False) as store, store.transaction() as conn:
            sealed = ledger.append(
                conn,
                "export",
                {
                    "folder": folder.name,
                    "manifest_sha256": files[MANIFEST],
                    "files": len(files) + 1,
                    "records": len(rows),
                    "hits": [r.hit.id for r in found],
                    "ledger_head": head,
                    "logs": {LOG_CSV: files[LOG_CSV], LOG_PDF: files[LOG_PDF]},
                },
            )
        work.rename(folder)  # the folder appears whole or not at all
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise NocontactError(f"{folder}: cannot write the export ({exc.strerror})") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return ExportResult(folder, len(rows), len(files) + 1, files[MANIFEST], sealed, entries + 1)


def _write_files(
    work: Path,
    rows: list[dict[str, str]],
    raws: dict[int, str],
    meta: dict[str, Any],
    csv_bytes: bytes,
    pdf_bytes: bytes,
    key: bytes | None,
    progress: Progress,
) -> dict[str, str]:
    """Every file of the export into the work folder; returns their SHA-256 by name."""
    files: dict[str, str] = {}
    for done, row in enumerate(rows, 1):
        raw = raws[int(row["interaction_id"])]
        files[row["raw_copy"]] = _write(work / row["raw_copy"], raw.encode("utf-8"), key)
        progress("export: records written", done, len(rows))
    files[LOG_CSV] = _write(work / LOG_CSV, csv_bytes, key)
    files[LOG_PDF] = _write(work / LOG_PDF, pdf_bytes, key)
    manifest = {**meta, "files": {name: files[name] for name in sorted(files)}}
    manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()
    files[MANIFEST] = _write(work / MANIFEST, manifest_bytes, key)
    _write(work / SUMS, sums(files), key)
    return files


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


def _outside_evidence(case: Case, folder: Path | None) -> Path:
    """A new folder beside the case's own evidence/ (which holds the archive copies)."""
    if folder is None:
        return case.root / f"export-{now()[:19].replace(':', '').replace('T', '-')}"
    own = (case.root / "evidence").resolve()
    if folder.resolve() == own or own in folder.resolve().parents:
        raise NocontactError(
            f"{folder}: this is the case's own evidence/ folder (it keeps the archive copies); "
            "export to a new folder, e.g. `nocontact export -o for-lawyer`"
        )
    return folder


def _work_folder(case: Case, folder: Path) -> Path:
    """A fresh private folder beside the target, renamed to it once complete and sealed.

    A killed export leaves only a hidden `.NAME.partial-*` folder, removed by the next
    export to that name; an existing export is never overwritten.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise NocontactError(
            f"{folder} already exists and is not an empty folder; choose a new one "
            "(an export is never overwritten)"
        )
    parent = case.private_dir(folder.resolve().parent)
    for stale in parent.glob(f".{folder.name}.partial-*"):
        shutil.rmtree(stale, ignore_errors=True)
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.partial-", dir=parent))
    except OSError as exc:
        raise NocontactError(f"{folder}: cannot write the export ({exc.strerror})") from None
    case.private_dir(work / "records")
    return work


def _write(path: Path, data: bytes, key: bytes | None) -> str:
    """Write a file readable by the user only (sealed with a key); returns its SHA-256."""
    cipher.write_private(path, data, key)
    return hashlib.sha256(data).hexdigest()
