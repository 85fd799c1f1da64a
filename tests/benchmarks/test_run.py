"""run.py --only: the benchmarks run again replace their rows; every other row is kept."""

from __future__ import annotations

from typing import Any

from benchmarks import run


def _row(what: str, ours: float) -> dict[str, Any]:
    return {
        "what": what,
        "size": 10,
        "unit": "s",
        "ours": ours,
        "floor": 1.0,
        "ratio": 1.0 / ours,
        "peak_rss_mb": 5.0,
        "note": "",
    }


def _growth(what: str, seconds: float) -> dict[str, Any]:
    return {"what": what, "sizes": (1, 10), "times": (1.0, seconds), "growth": seconds}


def test_rows_not_run_again_are_kept_in_their_place() -> None:
    before = run.markdown(
        [_row("a", 2.0), _row("b", 3.0)], [_growth("a", 10.0), _growth("b", 12.0)], {"run": "1"}
    )
    fresh = run.markdown([_row("b", 4.0), _row("c", 5.0)], [_growth("b", 9.0)], {"run": "2"})
    merged = run.merged(before, fresh, "re-run: b")
    results = merged.partition("## Growth")[0].splitlines()
    table = [line.split(" | ")[0] for line in results if line.startswith("| ") and " s | " in line]
    assert table == ["| a", "| b", "| c"]
    assert "| b | 10 | 4 s |" in merged and "| b | 10 | 3 s |" not in merged
    assert "x12.0" not in merged and "x9.0" in merged and "x10.0" in merged
    assert "- run: 1" in merged and "- re-run: b" in merged and "- run: 2" not in merged


def test_a_second_partial_run_keeps_one_note() -> None:
    before = run.markdown([_row("a", 2.0)], [], {"run": "1"})
    once = run.merged(before, run.markdown([_row("a", 3.0)], [], {}), "re-run: a")
    twice = run.merged(once, run.markdown([_row("a", 4.0)], [], {}), "re-run: a, later")
    assert twice.count("- re-run") == 1 and "later" in twice
