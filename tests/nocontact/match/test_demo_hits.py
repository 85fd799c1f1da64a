"""The demo's hits, every field of every one, stay what `tests/data/demo_hits.json` holds.

Speed work on the matcher must not change what it finds or says. When detection changes on
purpose, regenerate the file with one command from the repository root and review its diff:

    rm -rf /tmp/nc-demo && python -m nocontact demo --dir /tmp/nc-demo >/dev/null && \
        python -m nocontact --case /tmp/nc-demo hits --format json > tests/data/demo_hits.json
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from nocontact.cli import cli

EXPECTED = Path(__file__).resolve().parents[2] / "data" / "demo_hits.json"
# Fields that differ from one run to the next (times of running, folders); the hits JSON has
# none today, the set keeps the comparison honest if one is added.
VARYING: frozenset[str] = frozenset()


def _stable(hits: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{k: v for k, v in hit.items() if k not in VARYING} for hit in hits]


def test_demo_hits_equal_the_checked_in_file(tmp_path: Path) -> None:
    case = tmp_path / "demo"
    built = CliRunner().invoke(cli, ["demo", "--dir", str(case)])
    assert built.exit_code == 0, built.output
    listed = CliRunner().invoke(cli, ["--case", str(case), "hits", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    found = json.loads(listed.output)
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert len(found) == len(expected) == 8
    assert _stable(found) == _stable(expected)
