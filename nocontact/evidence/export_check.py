"""Check an evidence export folder: every file against manifest.json and SHA256SUMS, every
raw copy against its sha256 in log.csv, and, when the case database is at hand, the
manifest against the ledger entry that sealed it and each log.csv row against the case's
record (so an export edited and re-hashed is caught). Each problem names the file at fault.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from nocontact.case import Case
from nocontact.errors import NocontactError, StoreError
from nocontact.evidence.export import LOG_CSV, MANIFEST, SUMS
from nocontact.evidence.verification import Findings
from nocontact.store import cipher, ledger, seals
from nocontact.store.fingerprint import pieces_sha256


@dataclass(slots=True)
class FolderReport(Findings):
    folder: Path
    files: int = 0
    against_case: bool = False

    def summary(self) -> str:
        case = (
            "against the case ledger and the case's records"
            if self.against_case
            else "for internal consistency only (no case database here: an export edited and "
            "re-hashed, manifest and sums included, passes this; check it with its case)"
        )
        return f"verify {self.state}: export {self.folder}, {self.files} files checked {case}"


# log.csv columns that copy a record's stored value, and where it is in the sealed values.
_COMPARED = {"raw_sha256": 0, "text": 1, "utc": 2, "type": 3, "direction": 4, "platform": 6}


def check(folder: Path, case: Case | None = None) -> FolderReport:
    """Recompute every hash of an export; with a case, also match it to the ledger."""
    if not (folder / MANIFEST).exists() and not (folder / SUMS).exists():
        raise NocontactError(
            f"{folder} is not a nocontact export (it has no {MANIFEST} or {SUMS}); "
            "`nocontact verify` with no folder checks the case itself"
        )
    report = FolderReport(folder)
    key = case.file_key() if case is not None else None  # a sealed export needs its case
    try:
        actual = {
            p.relative_to(folder).as_posix(): pieces_sha256(cipher.chunks_of(p, key))
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }
    except StoreError as exc:
        report.problems.append(str(exc))
        return report
    report.files = len(actual)
    sums = _sums(folder / SUMS, key, report.problems)
    manifest = _manifest(folder / MANIFEST, key, report.problems)
    listed: dict[str, str] = manifest.get("files", {}) if isinstance(manifest, dict) else {}
    if MANIFEST in actual and sums.get(MANIFEST) != actual[MANIFEST]:
        report.problems.append(
            f"{MANIFEST}: does not match its sha256 in {SUMS} (one of the two was altered)"
        )
    report.problems += _files(actual, listed, sums)
    report.problems += _raw_copies(folder, actual, key)
    if case is not None and case.db_path.exists():
        report.against_case = True
        report.problems += _against_ledger(case, folder, manifest, actual)
        try:
            rows = _log_rows(folder, key) or []
        except (UnicodeDecodeError, csv.Error, StoreError):
            rows = []  # already reported as unreadable
        report.problems += _against_records(case, rows)
    return report


def _files(actual: dict[str, str], listed: dict[str, str], sums: dict[str, str]) -> list[str]:
    problems = []
    for name, sha in sorted(listed.items()):
        if not _safe(name):
            problems.append(f"{MANIFEST}: lists {name!r}, a path outside the export folder")
        elif name not in actual:
            problems.append(f"{name}: missing (listed in {MANIFEST})")
        elif actual[name] != sha:
            problems.append(f"{name}: altered: does not match its sha256 in {MANIFEST}")
        elif sums.get(name) != sha:
            problems.append(f"{SUMS}: its sha256 for {name} was altered")
    for name in sorted(actual.keys() - listed.keys() - {MANIFEST, SUMS}):
        problems.append(f"{name}: not listed in {MANIFEST} (added after the export)")
    for name in sorted(sums.keys() - listed.keys() - {MANIFEST}):
        problems.append(f"{SUMS}: lists {name!r}, which {MANIFEST} does not")
    return problems


def _log_rows(folder: Path, key: bytes | None) -> list[dict[str, str]] | None:
    """log.csv's rows (unsealed with a key); None when it is missing."""
    try:
        text = cipher.read_bytes(folder / LOG_CSV, key).decode("utf-8-sig")
    except FileNotFoundError:
        return None
    csv.field_size_limit(2**31 - 1)  # a message cell may exceed the 128 KiB default
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _raw_copies(folder: Path, actual: dict[str, str], key: bytes | None) -> list[str]:
    """Each raw copy against the raw_sha256 that log.csv gives for it."""
    if LOG_CSV not in actual:
        return [f"{LOG_CSV}: missing"]
    try:
        rows = _log_rows(folder, key) or []
    except (UnicodeDecodeError, csv.Error) as exc:
        return [f"{LOG_CSV}: not a readable CSV ({exc})"]
    problems = []
    for number, row in enumerate(rows, start=2):
        copy, sha = row.get("raw_copy") or "", row.get("raw_sha256") or ""
        if not copy or not _safe(copy):
            problems.append(f"{LOG_CSV}: line {number} has no usable raw_copy path")
        elif copy not in actual:
            problems.append(f"{copy}: missing (named on line {number} of {LOG_CSV})")
        elif actual[copy] != sha:
            problems.append(f"{copy}: does not match raw_sha256 on line {number} of {LOG_CSV}")
    return problems


def _against_ledger(case: Case, folder: Path, manifest: Any, actual: dict[str, str]) -> list[str]:
    """The logs and manifest must be those an export entry sealed, its head a hash of the chain."""
    with case.store(create=False) as store, store.reading() as conn:
        entries, _ = ledger.check(conn)
        hashes = ledger.hashes(conn)
    exports = [e for e in entries if e.action == "export"]
    sealed = next(
        (e for e in exports if e.payload.get("manifest_sha256") == actual.get(MANIFEST)),
        next((e for e in exports if e.payload.get("folder") == folder.name), None),
    )
    problems = []
    for name, sha in (sealed.payload.get("logs", {}) if sealed else {}).items():
        if name in actual and actual[name] != sha:
            problems.append(f"{name}: not the one the export sealed (ledger entry {sealed.seq})")
    if not sealed or sealed.payload.get("manifest_sha256") != actual.get(MANIFEST):
        problems.append(f"{MANIFEST}: not the manifest any export in this case's ledger sealed")
    head = manifest.get("ledger", {}).get("head") if isinstance(manifest, dict) else None
    if head not in hashes and head != ledger.GENESIS:
        problems.append(f"{MANIFEST}: its ledger head is not an entry of this case's ledger")
    return problems


def _against_records(case: Case, rows: list[dict[str, str]]) -> list[str]:
    """Each log.csv row against the case's record: what a court reads is what was sealed."""
    ids = [int(r["interaction_id"]) for r in rows if (r.get("interaction_id") or "").isdigit()]
    with case.store(create=False) as store, store.reading() as conn:
        records, names = seals.sealed_by_id(conn, ids), seals.names_seen(conn, ids)
    problems = []
    for number, row in enumerate(rows, start=2):
        where = f"{LOG_CSV} line {number}"
        record_id = row.get("interaction_id") or ""
        record = records.get(int(record_id)) if record_id.isdigit() else None
        if record is None:
            problems.append(f"{where}: interaction {record_id!r} is not a record of this case")
            continue
        column = _differing(row, record.values, names.get(record.id, set()))
        if column:
            problems.append(
                f"{where} (interaction {record.id}), column {column} differs from the case's record"
            )
    return problems


def _differing(row: dict[str, str], values: tuple[Any, ...], names: set[str]) -> str | None:
    """The first column of a log row that is not what the record holds."""
    for column, value in zip(_COMPARED, (values[i] for i in _COMPARED.values()), strict=True):
        cell = row.get(column) or ""
        if cell != (value or "") and not (cell.startswith("'") and cell[1:] == (value or "")):
            return column
    for column in ("account_handle", "account_name"):
        cell = row.get(column) or ""
        if cell and cell not in names and cell[1:] not in names:
            return column
    return None


def _sums(path: Path, key: bytes | None, problems: list[str]) -> dict[str, str]:
    try:
        lines = cipher.read_bytes(path, key).decode("utf-8").splitlines()
    except FileNotFoundError:
        problems.append(f"{SUMS}: missing")
        return {}
    except UnicodeDecodeError:
        problems.append(f"{SUMS}: not readable text")
        return {}
    found = {}
    for number, line in enumerate(lines, start=1):
        sha, sep, name = line.partition("  ")
        if not sep or len(sha) != 64 or not name:
            problems.append(f"{SUMS}: line {number} is not 'sha256  name'")
        else:
            found[name] = sha
    return found


def _manifest(path: Path, key: bytes | None, problems: list[str]) -> Any:
    try:
        data = json.loads(cipher.read_bytes(path, key).decode("utf-8"))
    except FileNotFoundError:
        problems.append(f"{MANIFEST}: missing")
        return {}
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.append(f"{MANIFEST}: not readable JSON ({exc})")
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        problems.append(f"{MANIFEST}: has no 'files' table of name → sha256")
        return {}
    return data


def _safe(name: str) -> bool:
    """A relative path that stays inside the folder."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name
