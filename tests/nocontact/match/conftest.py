"""The demo case imported once per module (not matched: each test decides how to match)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from nocontact import demo
from nocontact.case import Case
from nocontact.cli import cli
from nocontact.intake import archives


@pytest.fixture(scope="module")
def demo_case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    case, downloads = demo.build(tmp_path_factory.mktemp("demo") / "case")
    for archive in downloads:
        archives.import_archive(case, archive)
    return case


def flagged(case: Case) -> dict[str, str]:
    result = CliRunner().invoke(cli, ["--case", str(case.root), "hits", "--format", "json"])
    assert result.exit_code == 0, result.output
    return {h["handle"] or h["display_name"]: h["kind"] for h in json.loads(result.output)}
