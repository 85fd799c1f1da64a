"""The notes after an import and the report's gaps never deny what the archive just showed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nocontact.case import Case
from nocontact.cli import cli
from nocontact.evidence import report
from nocontact.intake.archives import import_archive
from tests.helpers import DATA

FIXTURES = sorted(p for p in (DATA / "exports").glob("*/*") if p.is_dir())


@pytest.mark.parametrize("folder", FIXTURES, ids=lambda p: f"{p.parent.name}-{p.name}")
def test_what_an_archive_cannot_show_never_lists_what_it_showed(case: Case, folder: Path) -> None:
    result = import_archive(case, folder, copy=False)
    unseen = result.unseen()
    listed = {kind for kinds in unseen.values() for kind in kinds}
    assert not listed & set(result.by_type), f"{unseen} after adding {dict(result.by_type)}"


def test_the_import_prints_one_note(case: Case, ig_zip: Path) -> None:
    result = CliRunner().invoke(cli, ["--case", str(case.root), "import", str(ig_zip)])
    notes = [line for line in result.stdout.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "not proof of no contact" in notes[0]
    assert "reaction" not in notes[0] and "messages" not in notes[0]  # the fixture has both


def test_an_import_that_added_reactions_does_not_say_it_cannot_show_them(
    case: Case, ig_zip: Path
) -> None:
    result = import_archive(case, ig_zip, copy=False)
    assert result.by_type["reaction"] > 0, "the fixture holds chat reactions"
    assert "reaction" not in {k for kinds in result.unseen().values() for k in kinds}


def test_the_report_never_lists_as_missing_a_kind_it_shows(case: Case, ig_zip: Path) -> None:
    import_archive(case, ig_zip, copy=False)
    html = report.render(case)
    gaps = html.split("What these archives cannot show")[1].split("<h2>")[0]
    assert "instagram" in gaps
    assert "reactions" not in gaps and "messages" not in gaps, "the archive shows both"
