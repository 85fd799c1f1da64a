"""Command line: each command parses options, makes one library call and prints the result.

Heavy libraries (scikit-learn, skops, Scrapy, matplotlib, fpdf2) are imported inside the
commands that use them, so `--help`, `hits`, `decide` and `status` answer at once.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from nocontact import __version__, console
from nocontact.console import LazyChoice, Reporter, hoist_global_options
from nocontact.errors import NocontactError, PassphraseError, VerifyError

if TYPE_CHECKING:
    from collections.abc import Callable

    from nocontact.case import Case

INTERRUPTED = 130  # 128 + SIGINT, as shells and other tools report Ctrl-C


class _Group(click.Group):
    """One line on stderr and exit 1 for the library's errors and for files that cannot be
    written; 130 on Ctrl-C; global options accepted after the subcommand too."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            args = hoist_global_options(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NocontactError as exc:
            from nocontact.store.untrusted import printable

            click.echo(f"error: {printable(str(exc))}", err=True)  # names come from archives
            ctx.exit(1)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"error: {where}{exc.strerror or exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("\nstopped (Ctrl-C); what was not finished was not saved", err=True)
            ctx.exit(INTERRUPTED)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nocontact")
@click.option(
    "--case",
    "case_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="NOCONTACT_CASE",
    default=".",
    show_default=True,
    help="Case folder holding config.toml, nocontact.db and evidence/.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log skipped records and other details.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or progress lines.")
@click.option("--debug", is_flag=True, help="Also log details that quote platform text.")
@click.pass_context
def cli(ctx: click.Context, case_dir: Path, verbose: bool, quiet: bool, debug: bool) -> None:
    """Keep a private, verifiable log of contact that a no-contact order forbids.

    --case, -v and -q may also come after the command (`nocontact hits --case DIR`).
    Start with `nocontact status`: it says what to do next.
    """
    from nocontact.case import Case

    os.umask(0o077)  # everything this tool writes is readable by the user only
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    if not debug:
        handler.addFilter(_without_platform_text)
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING,
        handlers=[handler],
    )
    ctx.obj = Case(  # `command` names the lock holder
        case_dir, passphrase=_asker(case_dir), command=ctx.invoked_subcommand or ""
    )
    ctx.obj.contain_caches()
    ctx.meta["progress"] = Reporter(quiet=quiet)
    ctx.call_on_close(ctx.meta["progress"].close)


def _progress() -> Reporter:
    return click.get_current_context().meta["progress"]


def _asker(case_dir: Path) -> Callable[[], str]:
    """Ask for an encrypted case's passphrase once, and only if a command opens the case."""
    given: list[str] = []

    def passphrase() -> str:
        from nocontact.store import passphrases

        if not given:
            unattended = passphrases.unattended(case_dir)
            if unattended is None and not sys.stdin.isatty():
                raise PassphraseError(
                    f"{case_dir} is an encrypted case and nobody can type its passphrase "
                    f"here: set {passphrases.FILE_ENV} (see README, scheduled scans)"
                )
            given.append(unattended or click.prompt("Case passphrase", hide_input=True, err=True))
        return given[0]

    return passphrase


def _new_passphrase() -> str:
    """A new passphrase: from the environment for scripts, else typed twice."""
    from nocontact.store import passphrases

    return passphrases.from_environment() or click.prompt(
        "New case passphrase (8+ characters; it cannot be recovered)",
        hide_input=True,
        confirmation_prompt=True,
        err=True,
    )


_PLATFORM_LOGGERS = ("crawlers", "nocontact.intake", "nocontact.match")


def _without_platform_text(record: logging.LogRecord) -> bool:
    """Logs may end up in a journal: the crawlers' details (handles, paths, texts) need --debug."""
    if record.name.startswith(_PLATFORM_LOGGERS) and record.args:
        record.msg = f"{record.msg} (details with --debug)"
        args = record.args if isinstance(record.args, tuple) else ()
        record.args = tuple(a if isinstance(a, int | float) else "…" for a in args) or None
    return True


@cli.command()
@click.option("--force", is_flag=True, help="Overwrite an existing config.toml.")
@click.option("--encrypt", is_flag=True, help="Encrypt the database and evidence files.")
@click.option("--keyring", is_flag=True, help="Also keep the passphrase in the OS keyring.")
@click.pass_obj
def init(case: Case, force: bool, encrypt: bool, keyring: bool) -> None:
    """Create a case folder with a config.toml to edit."""
    if case.config_path.exists() and not force:
        raise NocontactError(f"{case.config_path} already exists (use --force to overwrite)")
    if encrypt and (case.encrypted or case.db_path.exists()):
        raise NocontactError(f"{case.root} already holds a case: use `nocontact encrypt`")
    case.private_dir(case.root)
    example = resources.files("nocontact") / "data" / "config.example.toml"
    case.config_path.write_bytes(example.read_bytes())
    if encrypt:
        from nocontact.case import Case
        from nocontact.store import cipher, passphrases

        phrase = _new_passphrase()
        cipher.create(case.root, phrase)
        Case(case.root, passphrase=lambda: phrase).store().close()
        if keyring:
            passphrases.remember(case.root, phrase)
        click.echo(f"encrypted case: {case.db_path} and its evidence files need the passphrase")
    click.echo(f"wrote {case.config_path}: edit it, then run `nocontact import ARCHIVE.zip`")


@cli.command()
@click.option("--keyring", is_flag=True, help="Also keep the passphrase in the OS keyring.")
@click.pass_obj
def encrypt(case: Case, keyring: bool) -> None:
    """Encrypt an existing case in place (database and archive copies), all or nothing."""
    from nocontact.case import Case
    from nocontact.evidence import verification
    from nocontact.store import encryption, passphrases

    before = verification.verify(case)
    if not before.ok:
        raise VerifyError(f"not encrypted: verify fails first ({before.problems[0]})")
    phrase = _new_passphrase()
    sealed = encryption.encrypt_case(case.root, case.db_path, case.sources_dir, phrase)
    if keyring:
        passphrases.remember(case.root, phrase)
    after = verification.verify(Case(case.root, passphrase=lambda: phrase))
    click.echo(f"encrypted {case.db_path} and {sealed} archive copies; {after.summary()}")
    if not after.ok:
        raise VerifyError(f"verification failed after encryption: {after.problems[0]}")


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--platform", type=LazyChoice(console.parsers), help="Skip auto-detection.")
@click.option("--no-copy", is_flag=True, help="Do not keep a copy in evidence/sources/.")
@click.pass_obj
def import_(case: Case, paths: tuple[Path, ...], platform: str | None, no_copy: bool) -> None:
    """Import downloaded archives (zip, folder, a folder of them, or one exported file such as
    a WhatsApp .txt, an .mbox or an SMS backup .xml). Safe to repeat."""
    from nocontact.intake import archives

    case.config()
    for path in paths:
        for result in archives.import_path(
            case, path, platform=platform, copy=not no_copy, progress=_progress()
        ):
            _progress().close()
            click.echo(result.summary())
            _echo_unseen(result.unseen())


def _echo_unseen(unseen: dict[str, tuple[str, ...]]) -> None:
    """One note, never contradicting the summary above it: no record is not no contact."""
    from nocontact.language.contact_phrases import kind_noun

    if unseen:
        what = "; ".join(
            f"{platform}: {', '.join(kind_noun(k, 'en') for k in kinds)}"
            for platform, kinds in unseen.items()
        )
        click.echo(
            f"note: this archive cannot show {what}. No record there is not proof of no "
            "contact: screenshot such contact as it arrives (the report's 'What these archives "
            "cannot show' says how)."
        )


@cli.command()
@click.pass_obj
def match(case: Case) -> None:
    """Score every account that contacted you against the people the order names."""
    from nocontact.match import scoring

    click.echo(scoring.run_match(case, progress=_progress()).summary())


@cli.command()
@click.option("--platform", type=LazyChoice(console.enrichers), help="Only this platform.")
@click.option("--limit", type=click.IntRange(min=1), help="Look up at most this many accounts.")
@click.pass_obj
def enrich(case: Case, platform: str | None, limit: int | None) -> None:
    """Fill in missing avatars and creation dates from public profiles (no login)."""
    from nocontact.intake import enrichment

    result = enrichment.enrich(case, platform=platform, limit=limit, progress=_progress())
    click.echo(result.summary())


@cli.command()
@click.option("--platform", type=LazyChoice(console.scanners), help="Scan only this platform.")
@click.option(
    "--notify", is_flag=True, help="Then re-score and summarise new contact from suspects."
)
@click.pass_obj
def scan(case: Case, platform: str | None, notify: bool) -> None:
    """Fetch what is new on your accounts through official APIs ([scan.*] in config.toml)."""
    from nocontact.intake import scans
    from nocontact.match import scoring

    results = scans.run_scan(case, platform, progress=_progress())
    if not results:
        click.echo(
            "no live scan is set up (optional): see [scan.*] in config.toml and docs/scanning.md"
        )
        return
    for result in results:
        click.echo(result.summary())
        for warning in result.warnings:
            click.echo(f"WARNING: {warning}")
    if notify:
        click.echo(scoring.run_match(case, progress=_progress()).summary())
        click.echo("\n".join(scans.notify_lines(case, results)))
    stopped = [r.platform for r in results if r.error]
    if stopped:
        raise NocontactError(
            f"the {', '.join(stopped)} scan stopped early; what it read is stored and the "
            "next scan resumes from there"
        )


@cli.group("schedule")
def schedule_() -> None:
    """Run `scan --notify` on a timer (systemd user timer, else a cron line)."""


def _schedule_options(command: Any) -> Any:
    command = click.option(
        "--every",
        type=click.IntRange(15, 1440),
        default=console.every,
        show_default="30",
        help="Minutes between scans.",
    )(command)
    using = click.Choice(["auto", "systemd", "cron"])
    return click.option("--using", type=using, default="auto", show_default=True)(command)


@schedule_.command("print")
@_schedule_options
@click.pass_obj
def schedule_print(case: Case, every: int, using: str) -> None:
    """Show what `schedule install` would write, changing nothing."""
    from nocontact.intake import schedule

    click.echo(schedule.plan(case, every=every, using=using).describe())


@schedule_.command("install")
@_schedule_options
@click.pass_obj
def schedule_install(case: Case, every: int, using: str) -> None:
    """Install and start the timer for this case (logs go to <case>/logs/scan.log)."""
    from nocontact.intake import schedule
    from nocontact.store import passphrases

    case.config()
    click.echo("\n".join(schedule.install(schedule.plan(case, every=every, using=using), case)))
    if case.encrypted and not (case.root / passphrases.KEYRING_OPT_IN).is_file():
        click.echo(
            f"note: this case is encrypted: put {passphrases.FILE_ENV}=/path/to/a/chmod-600/file "
            f"in {schedule.SECRETS_FILE}, or the timer cannot open it (README: scheduled scans)"
        )


@schedule_.command("remove")
@_schedule_options
@click.pass_obj
def schedule_remove(case: Case, every: int, using: str) -> None:
    """Stop and remove this case's timer; its logs stay."""
    from nocontact.intake import schedule

    click.echo("\n".join(schedule.remove(schedule.plan(case, every=every, using=using))))


@cli.command("hits")
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


@cli.command()
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


@cli.command()
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


@cli.command("review")
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


@cli.command("report")
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


@cli.command("export")
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

    result = export.export(case, output, lang=lang, plain=plain, progress=_progress())
    click.echo(result.summary())


@cli.command()
@click.argument(
    "folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.pass_obj
def verify(case: Case, folder: Path | None) -> None:
    """Recompute the ledger chain, raw-record and archive hashes (and an export FOLDER's)."""
    from nocontact.evidence import export_check, verification

    results = [verification.verify(case)] if folder is None or case.db_path.exists() else []
    if folder is not None:
        results.append(export_check.check(folder, case))
    problems = [problem for result in results for problem in result.problems]
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    for result in results:
        click.echo(result.summary())
    if problems:
        raise VerifyError(f"verification failed; first problem: {problems[0]}")


@cli.command("train")
@console.synthetic_options(
    "Synthetic training cases per generator.",
    "Held-out synthetic test cases per generator, for the model card's metrics.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Model file to write [default: the model shipped with nocontact].",
)
def train_(cases: int | None, test_cases: int | None, seed: int, output: Path | None) -> None:
    """Train the matcher on two synthetic generators; writes the model and its MODEL_CARD.md."""
    from nocontact.match import training

    cases, test_cases = console.synthetic_defaults(cases, test_cases)
    target = output or console.model_file()
    click.echo(
        training.train(
            cases=cases,
            seed=seed,
            output=target,
            test_cases=test_cases,
            floors=training.evidence_floors(),
        ).summary()
    )


@cli.command("evaluate")
@click.option("--avatars", is_flag=True, help="Also measure avatar matching after edits.")
@console.synthetic_options(
    "Synthetic training cases per generator (per-generator and names-only models).",
    "Held-out synthetic test cases per generator.",
)
def evaluate_(avatars: bool, cases: int | None, test_cases: int | None, seed: int) -> None:
    """Measure the trained matcher on both synthetic generators, in and across them."""
    from nocontact.match import training

    cases, test_cases = console.synthetic_defaults(cases, test_cases)
    lines = training.run_evaluation(
        cases=cases,
        seed=seed,
        test_cases=test_cases,
        avatars=avatars,
        floors=training.evidence_floors(),
    )
    click.echo("\n".join(lines))


@cli.command("demo")
@click.option(
    "--dir",
    "target",
    type=click.Path(file_okay=False, path_type=Path),
    help="Build the demo case here and keep it (by default a temporary folder, removed after).",
)
def demo_(target: Path | None) -> None:
    """Build the synthetic demo case, import, match, print hits and write the report."""
    from nocontact import demo

    if target is not None:
        report = _demo(demo, target)
        click.echo(f"the demo case is kept in {target}; open its report: {report}")
        return
    with tempfile.TemporaryDirectory(prefix="nocontact-demo-") as folder:
        _demo(demo, Path(folder))
    click.echo(
        "the demo ran in a temporary folder, now removed; to keep it and open its report, "
        "run `nocontact demo --dir nocontact-demo`"
    )


def _demo(demo: Any, target: Path) -> Path:
    from nocontact.evidence import report
    from nocontact.intake import archives
    from nocontact.match import scoring
    from nocontact.store import hits

    case, downloads = demo.build(target)
    case.contain_caches()  # the demo case, not the folder the command was run from
    click.echo("demo case (synthetic people only)")
    for archive in downloads:
        result = archives.import_archive(case, archive, progress=_progress())
        _progress().close()
        click.echo(result.summary())
        _echo_unseen(result.unseen())
    click.echo(scoring.run_match(case, progress=_progress()).summary())
    with case.store(create=False) as store, store.reading() as conn:
        found = hits.list_hits(conn)
    click.echo(hits.to_table(found, timezone=case.config().order.timezone))
    return report.write(case, case.root / "report.html")
