"""The notes after an import and the report's gaps never deny what the archive just showed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nocontact.case import Case
from nocontact.evidence import report
from nocontact.intake.archives import import_archive
from tests.helpers import DATA

FIXTURES = sorted(p for p in (DATA / "exports").glob("*/*") if p.is_dir())


@pytest.mark.parametrize("folder", FIXTURES, ids=lambda p: f"{p.parent.name}-{p.name}")
def test_the_note_never_lists_a_kind_the_archive_showed(case: Case, folder: Path) -> None:
    result = import_archive(case, folder, copy=False)
    notes = result.notes()
    assert len(notes) <= 1, "one summary, not one line per gap"
    for note in notes:
        listed = {
            kind
            for part in re.findall(r"archives cannot show ([a-z_, ]+)", note)
            for kind in part.split(", ")
        }
        assert listed, note
        assert not listed & set(result.by_type), f"{note} after adding {dict(result.by_type)}"
        assert "not proof of no contact" in note


def test_an_import_that_added_reactions_does_not_say_it_cannot_show_them(
    case: Case, ig_zip: Path
) -> None:
    result = import_archive(case, ig_zip, copy=False)
    assert result.by_type["reaction"] > 0, "the fixture holds chat reactions"
    assert "reaction" not in " ".join(result.notes())


def test_the_report_never_lists_as_missing_a_kind_it_shows(case: Case, ig_zip: Path) -> None:
    import_archive(case, ig_zip, copy=False)
    html = report.render(case)
    gaps = html.split("What these archives cannot show")[1].split("<h2>")[0]
    assert "instagram" in gaps
    assert "reactions" not in gaps and "messages" not in gaps, "the archive shows both"
