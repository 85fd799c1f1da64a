"""The terminal side of the CLI: progress while long work runs, global options anywhere.

Library code reports progress through a `Progress` callback (nocontact.case); this module
is the one that draws it: a bar redrawn in place on a terminal, a plain line every few
seconds when the output is a log file or a pipe, nothing with `--quiet`.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

import click

GLOBAL_FLAGS = ("-v", "--verbose", "-q", "--quiet")
GLOBAL_VALUES = ("--case",)
_BAR = 24
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
        if self.tty:
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
