"""Command line: each command parses options, makes one library call and prints the result."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from crawlers import api, exports
from matcher import model
from matcher.evaluate import TEST_CASES
from nocontact import __version__, demo
from nocontact.case import Case
from nocontact.errors import NocontactError, PassphraseError, VerifyError
from nocontact.evidence import export, export_check, report, verification
from nocontact.intake import archives, enrichment, scans, schedule
from nocontact.language import catalogues
from nocontact.match import scoring, training
from nocontact.review import decisions, server
from nocontact.store import cipher, encryption, hits, passphrases

EXAMPLE_CONFIG = Path(__file__).resolve().parent.parent / "config.example.toml"
Command = Callable[..., Any]  # a click command function, before or after its decorators


class _Group(click.Group):
    """Turns the library's errors into one line on stderr and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NocontactError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=_Group)
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
@click.option("--debug", is_flag=True, help="Also log details that quote platform text.")
@click.pass_context
def cli(ctx: click.Context, case_dir: Path, verbose: bool, debug: bool) -> None:
    """Keep a private, verifiable log of contact that a no-contact order forbids."""
    os.umask(0o077)  # everything this tool writes is readable by the user only
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    if not debug:
        handler.addFilter(_without_platform_text)
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING,
        handlers=[handler],
    )
    ctx.obj = Case(case_dir, passphrase=_asker(case_dir))
    ctx.obj.contain_caches()


def _asker(case_dir: Path) -> Callable[[], str]:
    """Ask for an encrypted case's passphrase once, and only if a command opens the case."""
    given: list[str] = []

    def passphrase() -> str:
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
    shutil.copyfile(EXAMPLE_CONFIG, case.config_path)
    if encrypt:
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
@click.option("--platform", type=click.Choice(exports.names()), help="Skip auto-detection.")
@click.option("--no-copy", is_flag=True, help="Do not keep a copy in evidence/sources/.")
@click.pass_obj
def import_(case: Case, paths: tuple[Path, ...], platform: str | None, no_copy: bool) -> None:
    """Import downloaded data archives (zip, folder, or a folder of them). Safe to repeat."""
    case.config()
    platforms: list[str] = []
    for path in paths:
        for result in archives.import_path(case, path, platform=platform, copy=not no_copy):
            click.echo(result.summary())
            platforms += result.platforms
    _echo_gaps(platforms)


def _echo_gaps(platforms: list[str]) -> None:
    """Say what the archives cannot show: no record there is not proof of no contact."""
    for gap in exports.gaps(platforms):
        click.echo(
            f"note: {gap.platform} archives cannot show {', '.join(gap.kinds)}. {gap.advice}"
        )


@cli.command()
@click.pass_obj
def match(case: Case) -> None:
    """Score every account that contacted you against the people the order names."""
    click.echo(scoring.run_match(case).summary())


@cli.command()
@click.option("--platform", type=click.Choice(enrichment.PLATFORMS), help="Only this platform.")
@click.option("--limit", type=click.IntRange(min=1), help="Look up at most this many accounts.")
@click.pass_obj
def enrich(case: Case, platform: str | None, limit: int | None) -> None:
    """Fill in missing avatars and creation dates from public profiles (no login)."""
    click.echo(enrichment.enrich(case, platform=platform, limit=limit).summary())


@cli.command()
@click.option("--platform", type=click.Choice(api.names()), help="Scan only this platform.")
@click.option(
    "--notify", is_flag=True, help="Then re-score and summarise new contact from suspects."
)
@click.pass_obj
def scan(case: Case, platform: str | None, notify: bool) -> None:
    """Fetch what is new on your accounts through official APIs ([scan.*] in config.toml)."""
    results = scans.run_scan(case, platform)
    for result in results:
        click.echo(result.summary())
        for warning in result.warnings:
            click.echo(f"WARNING: {warning}")
    if notify:
        click.echo(scoring.run_match(case).summary())
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
        default=schedule.DEFAULT_MINUTES,
        show_default=True,
        help="Minutes between scans.",
    )(command)
    using = click.Choice(["auto", "systemd", "cron"])
    return click.option("--using", type=using, default="auto", show_default=True)(command)


@schedule_.command("print")
@_schedule_options
@click.pass_obj
def schedule_print(case: Case, every: int, using: str) -> None:
    """Show what `schedule install` would write, changing nothing."""
    click.echo(schedule.plan(case, every=every, using=using).describe())


@schedule_.command("install")
@_schedule_options
@click.pass_obj
def schedule_install(case: Case, every: int, using: str) -> None:
    """Install and start the timer for this case (logs go to <case>/logs/scan.log)."""
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
    click.echo("\n".join(schedule.remove(schedule.plan(case, every=every, using=using))))


@cli.command("hits")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option("--status", type=click.Choice(hits.STATUSES), help="Only hits with this status.")
@click.option("--min-score", type=click.FloatRange(0, 1), help="Only hits scoring at least this.")
@click.pass_obj
def hits_(case: Case, fmt: str, status: str | None, min_score: float | None) -> None:
    """List suspected contacts, highest score first."""
    with case.store(create=False) as store, store.reading() as conn:
        found = hits.list_hits(conn, status=status, min_score=min_score)
    render = {"table": hits.to_table, "json": hits.to_json, "csv": hits.to_csv}[fmt]
    click.echo(render(found))


@cli.command()
@click.argument("hit_id", type=int)
@click.argument("action", type=click.Choice(decisions.ACTIONS))
@click.argument("text", required=False)
@click.pass_obj
def decide(case: Case, hit_id: int, action: str, text: str | None) -> None:
    """Confirm, dismiss, reopen, note or add a witness to a hit (recorded in the ledger)."""
    decision = decisions.decide(case, hit_id, action, text)
    click.echo(f"hit {hit_id}: {action} recorded at {decision.at} (ledger {decision.ledger_hash})")


@cli.command("review")
@click.option("--no-browser", is_flag=True, help="Print the page's private address instead.")
@click.option("--lang", type=click.Choice(catalogues.LANGS), default="en", show_default=True)
@click.pass_obj
def review_(case: Case, no_browser: bool, lang: str) -> None:
    """Review hits in your browser: a private page on 127.0.0.1 until you press Ctrl-C."""
    running = server.serve(case, open_browser=not no_browser, lang=lang)
    if running.opened:
        click.echo(f"review page open in your browser ({running.origin}); Ctrl-C here to stop")
    else:  # the address holds this run's secret: shown only when no browser could be opened
        click.echo(f"open this private address in your browser: {running.url}\nCtrl-C to stop")
    try:
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
@click.option("--lang", type=click.Choice(catalogues.LANGS), default="en", show_default=True)
@click.option("--plain", is_flag=True, help="Encrypted case: write a readable file, not sealed.")
@click.pass_obj
def report_(case: Case, output: Path, lang: str, plain: bool) -> None:
    """Write one self-contained HTML report (no external requests)."""
    click.echo(f"wrote {report.write(case, output, lang=lang, plain=plain)}")


@cli.command("export")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="New folder to write the evidence log into.",
)
@click.option("--lang", type=click.Choice(catalogues.LANGS), default="en", show_default=True)
@click.option("--plain", is_flag=True, help="Encrypted case: write readable files, not sealed.")
@click.pass_obj
def export_(case: Case, output: Path, lang: str, plain: bool) -> None:
    """Export confirmed hits as a sealed evidence folder (CSV, PDF, raw records, manifest)."""
    click.echo(export.export(case, output, lang=lang, plain=plain).summary())


@cli.command()
@click.argument(
    "folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.pass_obj
def verify(case: Case, folder: Path | None) -> None:
    """Recompute the ledger chain, raw-record and archive hashes (and an export FOLDER's)."""
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


def _synthetic_options(cases_help: str, test_cases_help: str) -> Callable[[Command], Command]:
    """The synthetic data options `train` and `evaluate` share: the same defaults in both."""

    def apply(command: Command) -> Command:
        for option in reversed(
            (
                click.option(
                    "--cases",
                    type=click.IntRange(min=20),
                    default=model.TRAIN_CASES,
                    show_default=True,
                    help=cases_help,
                ),
                click.option(
                    "--test-cases",
                    type=click.IntRange(min=10),
                    default=TEST_CASES,
                    show_default=True,
                    help=test_cases_help,
                ),
                click.option(
                    "--seed", type=int, default=0, show_default=True, help="Synthetic data seed."
                ),
            )
        ):
            command = option(command)
        return command

    return apply


@cli.command("train")
@_synthetic_options(
    "Synthetic training cases.", "Held-out synthetic test cases for the model card's metrics."
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=model.MODEL_FILE,
    show_default=True,
    help="Model file to write.",
)
def train_(cases: int, test_cases: int, seed: int, output: Path) -> None:
    """Train the matcher on synthetic cases; writes the model and its MODEL_CARD.md."""
    click.echo(
        training.train(cases=cases, seed=seed, output=output, test_cases=test_cases).summary()
    )


@cli.command("evaluate")
@click.option("--avatars", is_flag=True, help="Also measure avatar matching after edits.")
@_synthetic_options(
    "Synthetic training cases for the names-only baseline.", "Held-out synthetic test cases."
)
def evaluate_(avatars: bool, cases: int, test_cases: int, seed: int) -> None:
    """Measure the trained matcher and simple baselines on held-out synthetic cases."""
    lines = training.run_evaluation(cases=cases, seed=seed, test_cases=test_cases, avatars=avatars)
    click.echo("\n".join(lines))


@cli.command("demo")
@click.option(
    "--dir",
    "target",
    type=click.Path(file_okay=False, path_type=Path),
    help="Build the demo case here instead of a new temporary folder.",
)
def demo_(target: Path | None) -> None:
    """Build the synthetic demo case, import, match, print hits and write the report."""
    case, downloads = demo.build(target or Path(tempfile.mkdtemp(prefix="nocontact-demo-")))
    case.contain_caches()  # the demo case, not the folder the command was run from
    click.echo(f"demo case (synthetic people only): {case.root}")
    platforms: list[str] = []
    for archive in downloads:
        result = archives.import_archive(case, archive)
        click.echo(result.summary())
        platforms += result.platforms
    _echo_gaps(platforms)
    click.echo(scoring.run_match(case).summary())
    with case.store(create=False) as store, store.reading() as conn:
        click.echo(hits.to_table(hits.list_hits(conn)))
    click.echo(f"report: {report.write(case, case.root / 'report.html')}")
