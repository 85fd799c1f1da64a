"""Check an evidence export folder: every file against manifest.json and SHA256SUMS, every
raw copy against its sha256 in log.csv, and, when the case database is at hand, the
manifest against the ledger entry that sealed it. Each problem names the file at fault.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from nocontact.case import Case
from nocontact.errors import StoreError
from nocontact.evidence.export import LOG_CSV, MANIFEST, SUMS
from nocontact.evidence.verification import Findings
from nocontact.store import cipher, ledger
from nocontact.store.fingerprint import pieces_sha256


@dataclass(slots=True)
class FolderReport(Findings):
    folder: Path
    files: int = 0
    against_case: bool = False

    def summary(self) -> str:
        case = "and against the case ledger" if self.against_case else "(no case database here)"
        return f"verify {self.state}: export {self.folder}, {self.files} files checked {case}"


def check(folder: Path, case: Case | None = None) -> FolderReport:
    """Recompute every hash of an export; with a case, also match it to the ledger."""
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
        report.problems += _against_ledger(case, manifest, actual.get(MANIFEST))
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


def _raw_copies(folder: Path, actual: dict[str, str], key: bytes | None) -> list[str]:
    """Each raw copy against the raw_sha256 that log.csv gives for it."""
    if LOG_CSV not in actual:
        return [f"{LOG_CSV}: missing"]
    try:
        text = cipher.read_bytes(folder / LOG_CSV, key).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
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


def _against_ledger(case: Case, manifest: Any, manifest_sha: str | None) -> list[str]:
    """The manifest must be the one an export entry sealed, its head a hash of the chain."""
    with case.store(create=False) as store, store.reading() as conn:
        entries, _ = ledger.check(conn)
        hashes = ledger.hashes(conn)
    sealed = {e.payload.get("manifest_sha256") for e in entries if e.action == "export"}
    problems = []
    if manifest_sha not in sealed:
        problems.append(f"{MANIFEST}: not the manifest any export in this case's ledger sealed")
    head = manifest.get("ledger", {}).get("head") if isinstance(manifest, dict) else None
    if head not in hashes and head != ledger.GENESIS:
        problems.append(f"{MANIFEST}: its ledger head is not an entry of this case's ledger")
    return problems


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
