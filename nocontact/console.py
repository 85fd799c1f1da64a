"""The terminal side of the CLI: progress while long work runs, global options anywhere,
and option choices read from their registries only when a command needs them (so that
`nocontact --help` imports no parser, scanner or template library).

Library code reports progress through a `Progress` callback (nocontact.case); this module
is the one that draws it: a bar redrawn in place on a terminal, a plain line every few
seconds when the output is a log file or a pipe, nothing with `--quiet`.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import click

GLOBAL_FLAGS = ("-v", "--verbose", "-q", "--quiet")
GLOBAL_VALUES = ("--case",)
_BAR = 24
Command = Callable[..., Any]  # a click command function, before or after its decorators
_TTY_EVERY = 0.1  # seconds between redraws of the bar
_LOG_EVERY = 5.0  # seconds between plain lines in a log


def hoist_global_options(args: list[str]) -> list[str]:
    """Move `--case DIR`, `-v` and `-q` given after the subcommand to the front, where click
    reads them, so `nocontact hits --case DIR` works like `nocontact --case DIR hits`.

    >>> hoist_global_options(["hits", "--case", "c", "-q", "--", "-v"])
    ['--case', 'c', '-q', 'hits', '--', '-v']
    """
    front: list[str] = []
    rest: list[str] = []
    items = iter(enumerate(args))
    for index, arg in items:
        if arg == "--":
            rest += args[index:]
            break
        if arg in GLOBAL_FLAGS:
            front.append(arg)
        elif arg in GLOBAL_VALUES:
            front.append(arg)
            following = next(items, None)
            if following is not None:
                front.append(following[1])
        elif arg.startswith("--case="):
            front.append(arg)
        else:
            rest.append(arg)
    return front + rest


class Reporter:
    """A `Progress` callback: (label, done, total or None) → a bar, a log line or nothing."""

    def __init__(self, *, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._label: str | None = None
        self._shown = 0.0
        self._open = False

    def __call__(self, label: str, done: int, total: int | None) -> None:
        if self.quiet:
            return
        moment = time.monotonic()
        finished = total is not None and done >= total
        fresh = label != self._label
        if fresh and self._open:
            self.close()
        every = _TTY_EVERY if self.tty else _LOG_EVERY
        if not (fresh or finished or moment - self._shown >= every):
            return
        self._label, self._shown = label, moment
        line = f"{label}: {_bar(done, total) if self.tty else _count(done, total)}"
        if self.tty:  # one line, never wrapped, or the next redraw could not replace it
            width = shutil.get_terminal_size().columns - 1
            line = line if len(line) <= width else "…" + line[-(width - 1) :]
            click.echo(f"\r\x1b[2K{line}", file=self.stream, nl=False)
            self._open = not finished
            if finished:
                click.echo("", file=self.stream)
        else:
            click.echo(line, file=self.stream)

    def close(self) -> None:
        """End a bar left open (work that stopped before its total, or had none)."""
        if self._open:
            click.echo("", file=self.stream)
            self._open = False


def _count(done: int, total: int | None) -> str:
    return f"{done:,} of {total:,}" if total is not None else f"{done:,}"


def _bar(done: int, total: int | None) -> str:
    if not total:
        return _count(done, total)
    filled = min(_BAR, _BAR * done // total)
    return f"[{'#' * filled}{'.' * (_BAR - filled)}] {_count(done, total)}"


class LazyChoice(click.Choice):
    """A choice read from a registry only when a command that offers it runs or shows help."""

    def __init__(self, load: Callable[[], Sequence[str]]) -> None:
        self._load = load
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> Sequence[str]:
        return tuple(self._load())

    @choices.setter
    def choices(self, _: Sequence[str]) -> None:
        """click.Choice sets its list in __init__; ours is read from the registry instead."""


def parsers() -> list[str]:
    from crawlers import exports

    return exports.names()


def scanners() -> list[str]:
    from crawlers import api

    return api.names()


def enrichers() -> Sequence[str]:
    from nocontact.intake import enrichment

    return enrichment.PLATFORMS


def langs() -> Sequence[str]:
    from nocontact.language import catalogues

    return catalogues.LANGS


def actions() -> Sequence[str]:
    from nocontact.review import decisions

    return decisions.ACTIONS


def statuses() -> Sequence[str]:
    from nocontact.store import hits

    return hits.STATUSES


def every() -> int:
    """Minutes between scheduled scans unless told otherwise."""
    from nocontact.intake import schedule

    return schedule.DEFAULT_MINUTES


def synthetic_options(cases_help: str, test_cases_help: str) -> Callable[[Command], Command]:
    """The synthetic data options `train` and `evaluate` share: the same defaults in both."""

    def apply(command: Command) -> Command:
        for option in reversed(
            (
                click.option(
                    "--cases", type=click.IntRange(min=20), help=cases_help + " [default: 300]"
                ),
                click.option(
                    "--test-cases",
                    type=click.IntRange(min=10),
                    help=test_cases_help + " [default: 120]",
                ),
                click.option(
                    "--seed", type=int, default=0, show_default=True, help="Synthetic data seed."
                ),
            )
        ):
            command = option(command)
        return command

    return apply


def synthetic_defaults(cases: int | None, test_cases: int | None) -> tuple[int, int]:
    """The matcher's own defaults, read only when training or evaluating."""
    from matcher import model
    from matcher.evaluate import TEST_CASES

    return cases or model.TRAIN_CASES, test_cases or TEST_CASES


def model_file() -> Path:
    """Where `train` writes unless told otherwise: the model shipped with nocontact."""
    from matcher import model

    return model.MODEL_FILE


def progress() -> Reporter:
    """The running command's progress reporter (set up by the command group)."""
    return click.get_current_context().meta["progress"]


def echo_unseen(unseen: dict[str, tuple[str, ...]]) -> None:
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
