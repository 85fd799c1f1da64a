"""`nocontact status`: where the case stands and the one next step, in plain words.

A frightened person should not have to remember the order of the commands: this reads the
config, the store and the ledger (and re-checks the ledger as `verify` does) and names one
thing to do next.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from nocontact.case import Case
from nocontact.config import Config
from nocontact.errors import NocontactError
from nocontact.evidence import verification
from nocontact.store import ledger, overview
from nocontact.store.instants import local


@dataclass(slots=True)
class Status:
    """What `status` shows; times are ISO 8601 UTC (the text form shows them locally)."""

    case: str
    timezone: str = "UTC"
    order: dict[str, Any] | None = None
    config_problem: str | None = None
    archives: list[dict[str, Any]] = field(default_factory=list)
    scans: dict[str, str] = field(default_factory=dict)
    matched_at: str | None = None
    accounts_scored: int | None = None
    match_note: str | None = None
    hits: dict[str, int] = field(default_factory=dict)
    export_due: bool = False  # confirmed hits decided after the last export (or never exported)
    ledger_entries: int = 0
    ledger_head: str = ledger.GENESIS
    verified: bool | None = None
    verify_problem: str | None = None
    next_step: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    def text(self) -> str:
        """A few short lines, the next step last."""
        when = self._when
        lines = [f"case: {self.case}"]
        if self.order:
            ends = f", expires {self.order['expires']}" if self.order["expires"] else ""
            lines.append(f"order: issued {self.order['issued']}{ends} (times in {self.timezone})")
        elif self.config_problem:
            lines.append(f"config: {self.config_problem}")
        for a in self.archives:
            span = f"{when(a['first'])} to {when(a['last'])}" if a["first"] else "no dated records"
            owner = f", your account {a['owner']}" if a["owner"] else ""
            lines.append(
                f"archive: {a['name']} [{', '.join(a['platforms'])}{owner}] imported "
                f"{when(a['imported_at'])}: {a['read']:,} records read, {a['added']:,} added, "
                f"{span}"
            )
        lines += [f"last scan: {p} {when(at)}" for p, at in sorted(self.scans.items())]
        if self.matched_at:
            scored = "?" if self.accounts_scored is None else f"{self.accounts_scored:,}"
            lines.append(f"matched: {scored} accounts on {when(self.matched_at)}")
        if self.match_note:
            lines.append(f"match: {self.match_note}")
        if self.hits:
            lines.append("hits: " + ", ".join(f"{n} {s}" for s, n in self.hits.items()))
        if self.verified is not None:
            check = "verify passes" if self.verified else f"verify FAILS: {self.verify_problem}"
            lines.append(f"ledger: {self.ledger_entries} entries, head {self.ledger_head}; {check}")
        lines.append(f"next step: {self.next_step}")
        return "\n".join(lines)

    def _when(self, text: str | None) -> str:
        return local(text, self.timezone)


def status(case: Case) -> Status:
    """Read everything `status` shows; never writes to the case."""
    found = Status(case=str(case.root))
    config = _config(case, found)
    if case.db_path.exists():
        _store(case, found, config)
    found.next_step = _next_step(case, found)
    return found


def _config(case: Case, found: Status) -> Config | None:
    if not case.config_path.exists():
        found.config_problem = f"no config.toml in {case.root}"
        return None
    try:
        config = case.config()
    except NocontactError as exc:
        found.config_problem = str(exc)
        return None
    order = config.order
    found.timezone = order.timezone
    found.order = {
        "issued": order.issued.isoformat(),
        "expires": order.expires.isoformat() if order.expires else None,
        "jurisdiction": order.jurisdiction,
    }
    return config


def _store(case: Case, found: Status, config: Config | None) -> None:
    owners = {a.platform: a.handle or a.user_id for a in (config.protected if config else ())}
    with case.store(create=False) as store, store.reading() as conn:
        for row in overview.sources(conn):
            owner = next((owners[p] for p in row.platforms if owners.get(p)), None)
            found.archives.append({**asdict(row), "owner": owner})
        found.scans = overview.last_scans(conn)
        matched = overview.last_entry(conn, "match")
        if matched:
            scored = matched[2].get("candidates")  # of another type only by an edit: verify says
            found.matched_at = matched[1]
            found.accounts_scored = scored if isinstance(scored, int) else None
        found.match_note = overview.match_outdated(conn)
        found.hits = overview.hit_counts(conn)
        reviewed = overview.last_entry(conn, "review")
        exported = overview.last_entry(conn, "export")
        found.ledger_head = ledger.head(conn)
    checked = verification.verify(case)
    found.ledger_entries, found.verified = checked.ledger_entries, checked.ok
    found.verify_problem = checked.problems[0] if checked.problems else None
    later = exported is None or (reviewed is not None and reviewed[0] > exported[0])
    found.export_due = bool(found.hits.get("confirmed")) and later


def _next_step(case: Case, found: Status) -> str:
    """The one thing to do now, in the order a case is built."""
    if found.config_problem and not case.config_path.exists():
        return "run `nocontact init`, then fill in config.toml (the order, your accounts, names)"
    if found.config_problem:
        return "fix config.toml as the line above says, then run `nocontact status` again"
    if found.verified is False:
        return (
            "run `nocontact verify` to see what changed; keep a copy of this folder as it is "
            "and tell your lawyer before changing anything"
        )
    if not found.archives and not found.scans:
        return "download your data from a platform, then `nocontact import PATH.zip`"
    if found.match_note:
        return "run `nocontact match`"
    if found.hits.get("new"):
        return f"review the {found.hits['new']} new hits: `nocontact review` (or `nocontact hits`)"
    if found.export_due:
        return "write the evidence for your lawyer: `nocontact export -o for-lawyer`"
    return "nothing to do now; import newer archives as you download them, or `nocontact scan`"
