"""Write and execute `demo_scores.ipynb`: every demo account's best score against the threshold.

Run from the repository root: `python notebooks/build_demo_scores.py` (needs the `dev` extra).
"""

from __future__ import annotations

from pathlib import Path

from _build import write_executed

CELLS = [
    (
        "md",
        "# Demo case: name and handle scores of every account\n\n"
        "Builds the synthetic demo case, imports it, matches, and shows how far the highest "
        "innocent score lies below the lowest flagged one (the threshold is "
        "`match.min_score = 0.5`).",
    ),
    (
        "code",
        "import tempfile, sqlite3\nfrom pathlib import Path\n"
        "from nocontact import demo\n"
        "from nocontact.intake import archives as pipeline\n"
        "from nocontact.match import scoring\n\n"
        "case, archives = demo.build(Path(tempfile.mkdtemp()) / 'demo')\n"
        "for archive in archives:\n    print(pipeline.import_archive(case, archive).summary())\n"
        "print(scoring.run_match(case).summary())",
    ),
    (
        "code",
        "conn = sqlite3.connect(case.db_path)\n"
        "best = conn.execute('''SELECT coalesce(a.handle, a.display_name), max(m.score)\n"
        "  FROM accounts a LEFT JOIN matches m ON m.account_id = a.id\n"
        "  WHERE a.id IN (SELECT account_id FROM interactions WHERE direction = 'in')\n"
        "  GROUP BY a.id ORDER BY 2 DESC''').fetchall()\n"
        "flagged = [(n, s) for n, s in best if s is not None and s >= 0.5]\n"
        "others = [s or 0.0 for n, s in best if s is None or s < 0.5]\n"
        "print(f'{len(flagged)} flagged, {len(others)} not flagged')\n"
        "print(f'lowest flagged {min(s for _, s in flagged):.2f}, "
        "highest not flagged {max(others):.2f}')\n"
        "for name, score in flagged:\n    print(f'{score:.2f}  {name}')",
    ),
    (
        "code",
        "import collections\n"
        "histogram = collections.Counter(round(s, 1) for s in others)\n"
        "for bucket in sorted(histogram):\n"
        "    print(f'{bucket:.1f} {\"#\" * histogram[bucket]}')",
    ),
]


def main() -> None:
    write_executed(CELLS, Path(__file__).with_name("demo_scores.ipynb"), timeout=300)


if __name__ == "__main__":
    main()
