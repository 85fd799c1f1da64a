"""Command line: each command parses options, makes one library call and prints the result.

Heavy libraries (scikit-learn, skops, Scrapy, matplotlib, fpdf2) are imported inside the
commands that use them, so `--help`, `hits`, `decide` and `status` answer at once.
"""

from __future__ import annotations

import atexit
import gc
import logging
import os
import signal
import sys
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from nocontact import __version__, cli_evidence, cli_model, console
from nocontact.console import LazyChoice, Reporter, hoist_global_options
from nocontact.errors import NocontactError, PassphraseError, VerifyError

if TYPE_CHECKING:
    from collections.abc import Callable

    from nocontact.case import Case

INTERRUPTED = 130  # 128 + SIGINT, as shells and other tools report Ctrl-C

# What a command leaves alive goes with the process. Python's exit would first walk every
# object still alive for reference cycles, several times: over two seconds after a match of
# 100,000 accounts (whose readings stay cached). Frozen, they are out of the collector's sight.
atexit.register(gc.freeze)


class _Group(click.Group):
    """One line on stderr and exit 1 for the library's errors and for files that cannot be
    written; 130 on Ctrl-C; global options accepted after the subcommand too."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            args = hoist_global_options(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        if ctx.parent is None and threading.current_thread() is threading.main_thread():
            # Ctrl-C stops a command however it was started: a shell starts background jobs
            # with SIGINT ignored, and Python then never raises KeyboardInterrupt for it.
            signal.signal(signal.SIGINT, signal.default_int_handler)
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
            case, path, platform=platform, copy=not no_copy, progress=console.progress()
        ):
            console.progress().close()
            click.echo(result.summary())
            console.echo_unseen(result.unseen())


@cli.command()
@click.pass_obj
def match(case: Case) -> None:
    """Score every account that contacted you against the people the order names."""
    from nocontact.match import scoring

    click.echo(scoring.run_match(case, progress=console.progress()).summary())


@cli.command()
@click.option("--platform", type=LazyChoice(console.enrichers), help="Only this platform.")
@click.option("--limit", type=click.IntRange(min=1), help="Look up at most this many accounts.")
@click.pass_obj
def enrich(case: Case, platform: str | None, limit: int | None) -> None:
    """Fill in missing avatars and creation dates from public profiles (no login)."""
    from nocontact.intake import enrichment

    result = enrichment.enrich(case, platform=platform, limit=limit, progress=console.progress())
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

    results = scans.run_scan(case, platform, progress=console.progress())
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
        click.echo(scoring.run_match(case, progress=console.progress()).summary())
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


for _command in (*cli_evidence.COMMANDS, *cli_model.COMMANDS):
    cli.add_command(_command)
