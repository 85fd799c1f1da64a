"""Progress as the terminal shows it: a bar redrawn in place, plain lines in a log, or nothing."""

from __future__ import annotations

import io

from nocontact.console import Reporter, hoist_global_options


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_plain_lines_at_the_start_and_the_end() -> None:
    log = io.StringIO()
    progress = Reporter(stream=log)
    for done in range(1, 1001):
        progress("import x.zip: records read", done, 1000)
    progress("match: scoring", 0, 5)
    lines = log.getvalue().splitlines()
    assert lines[0] == "import x.zip: records read: 1 of 1,000"
    assert "import x.zip: records read: 1,000 of 1,000" in lines
    assert lines[-1] == "match: scoring: 0 of 5" and len(lines) < 10
    assert "\r" not in log.getvalue()


def test_a_terminal_gets_one_bar_redrawn_in_place() -> None:
    screen = _Terminal()
    progress = Reporter(stream=screen)
    progress("export: records written", 1, 4)
    progress("export: records written", 4, 4)
    shown = screen.getvalue()
    assert shown.count("\r") == 2 and shown.endswith("4 of 4\n")
    assert "[" + "#" * 24 + "]" in shown


def test_quiet_shows_nothing() -> None:
    log = io.StringIO()
    progress = Reporter(quiet=True, stream=log)
    progress("anything", 1, None)
    progress.close()
    assert log.getvalue() == ""


def test_global_options_move_to_the_front_but_not_past_a_double_dash() -> None:
    assert hoist_global_options(["decide", "3", "note", "--", "-v"]) == [
        "decide",
        "3",
        "note",
        "--",
        "-v",
    ]
    assert hoist_global_options(["import", "a.zip", "-v"]) == ["-v", "import", "a.zip"]
