"""Commands over the evidence: list and decide hits, status, the review page, report, export
and verify. Registered on the command group by `nocontact.cli`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from nocontact import console
from nocontact.console import LazyChoice
from nocontact.errors import VerifyError

if TYPE_CHECKING:
    from nocontact.case import Case


@click.command("hits")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table: times in the case's time zone; json and csv: ISO 8601 UTC.",
)
@click.option("--status", type=LazyChoice(console.statuses), help="Only hits with this status.")
@click.option("--min-score", type=click.FloatRange(0, 1), help="Only hits scoring at least this.")
@click.pass_obj
def hits_(case: Case, fmt: str, status: str | None, min_score: float | None) -> None:
    """List suspected contacts, highest score first."""
    from nocontact.store import hits, overview

    with case.store(create=False) as store, store.reading() as conn:
        found = hits.list_hits(conn, status=status, min_score=min_score)
        stale = overview.match_outdated(conn)
    if fmt == "table":
        click.echo(hits.to_table(found, timezone=case.config().order.timezone))
    else:
        click.echo({"json": hits.to_json, "csv": hits.to_csv}[fmt](found))
    if stale:
        click.echo(f"note: {stale}", err=True)


@click.command()
@click.argument("hit_id", type=int)
@click.argument("action", type=LazyChoice(console.actions))
@click.argument("text", required=False)
@click.pass_obj
def decide(case: Case, hit_id: int, action: str, text: str | None) -> None:
    """Confirm, dismiss, reopen, note or add a witness to a hit (recorded in the ledger)."""
    from nocontact.review import decisions
    from nocontact.store.instants import local

    decision = decisions.decide(case, hit_id, action, text)
    at = local(decision.at, case.config().order.timezone)
    if decision.ledger_hash is None and action in ("note", "witness"):
        click.echo(f"hit {hit_id}: this {action} is already recorded; nothing added")
    elif decision.ledger_hash is None:
        click.echo(f"hit {hit_id}: already {decision.status}; nothing added")
    else:
        click.echo(f"hit {hit_id}: {action} recorded at {at} (ledger {decision.ledger_hash})")


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.pass_obj
def status(case: Case, fmt: str) -> None:
    """Where this case stands and the one next step to take."""
    from nocontact.evidence import status as case_status

    found = case_status.status(case)
    click.echo(found.to_json() if fmt == "json" else found.text())


@click.command("review")
@click.option("--no-browser", is_flag=True, help="Print the page's private address instead.")
@click.option("--lang", type=LazyChoice(console.langs), default="en", show_default=True)
@click.pass_obj
def review_(case: Case, no_browser: bool, lang: str) -> None:
    """Review hits in your browser: a private page on 127.0.0.1 until you press Ctrl-C."""
    from nocontact.review import server

    running = server.serve(case, open_browser=not no_browser, lang=lang)
    try:
        if running.opened:
            click.echo(f"review page open in your browser ({running.origin}); Ctrl-C to stop")
        else:  # the address holds this run's secret: shown only when no browser could open
            click.echo(f"open this private address in your browser: {running.url}\nCtrl-C to stop")
        running.wait()
    except KeyboardInterrupt:
        click.echo("review page stopped")
    finally:
        running.stop()


@click.command("report")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="HTML file to write.",
)
@click.option("--lang", type=LazyChoice(console.langs), default="en", show_default=True)
@click.option("--plain", is_flag=True, help="Encrypted case: write a readable file, not sealed.")
@click.pass_obj
def report_(case: Case, output: Path, lang: str, plain: bool) -> None:
    """Write one self-contained HTML report (no external requests)."""
    from nocontact.evidence import report
    from nocontact.store import overview

    click.echo(f"wrote {report.write(case, output, lang=lang, plain=plain)}")
    with case.store(create=False) as store, store.reading() as conn:
        stale = overview.match_outdated(conn)
    if stale:
        click.echo(f"note: {stale}", err=True)


@click.command("export")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="New folder to write the evidence log into [default: export-DATE-TIME in the case].",
)
@click.option("--lang", type=LazyChoice(console.langs), default="en", show_default=True)
@click.option("--plain", is_flag=True, help="Encrypted case: write readable files, not sealed.")
@click.pass_obj
def export_(case: Case, output: Path | None, lang: str, plain: bool) -> None:
    """Export confirmed hits as a sealed evidence folder (CSV, PDF, raw records, manifest)."""
    from nocontact.evidence import export

    result = export.export(case, output, lang=lang, plain=plain, progress=console.progress())
    click.echo(result.summary())


@click.command()
@click.argument(
    "folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.pass_obj
def verify(case: Case, folder: Path | None) -> None:
    """Recompute the ledger chain, raw-record and archive hashes (and an export FOLDER's)."""
    from nocontact.evidence import verification

    results = [verification.verify(case)] if folder is None or case.db_path.exists() else []
    if folder is not None:  # imported only here: it brings the PDF library (a third second)
        from nocontact.evidence import export_check

        results.append(export_check.check(folder, case))
    problems = [problem for result in results for problem in result.problems]
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    for result in results:
        click.echo(result.summary())
    if problems:
        raise VerifyError(f"verification failed; first problem: {problems[0]}")


COMMANDS = (hits_, decide, status, review_, report_, export_, verify)
