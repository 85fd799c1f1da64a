"""LinkedIn CSVs: messages both ways, invitations with their note, connections after a preamble."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from crawlers import exports
from crawlers.archive import Archive
from crawlers.events import Interaction
from crawlers.exports import linkedin
from crawlers.wallclock import is_wall_clock
from tests.helpers import DATA, zip_folder

LI = DATA / "exports" / "linkedin" / "2026"


def _parse(source: Path) -> list[Interaction]:
    with Archive(source) as archive:
        return list(linkedin.parse(archive))


def test_detected_by_the_linkedin_parser_only(tmp_path: Path) -> None:
    for source in (LI, zip_folder(LI, tmp_path / "Basic_LinkedInDataExport_04-20-2026.zip")):
        with Archive(source) as archive:
            assert [p.NAME for p in exports.PARSERS if p.detect(archive)] == ["linkedin"]


def test_counts_skip_sponsored_mail() -> None:
    assert Counter((i.type, i.direction) for i in _parse(LI)) == {
        ("message", "in"): 3,  # the sponsored "LinkedIn Member" InMail is not a person
        ("message", "out"): 1,
        ("follow_request", "in"): 1,
        ("follow_request", "out"): 1,
        ("other", "in"): 2,
    }


def test_owner_is_found_and_accounts_are_profile_slugs() -> None:
    items = {str(i.locator): i for i in _parse(LI)}
    first = items["messages.csv#0"]
    assert (first.direction, first.account.handle) == ("in", "robert-miller-82")
    assert first.account.url == "https://www.linkedin.com/in/robert-miller-82"
    assert first.occurred_at == datetime(2026, 4, 2, 21, 15, 10, tzinfo=UTC)
    reply = items["messages.csv#1"]
    assert (reply.direction, reply.account.display_name) == ("out", "Robert Miller")
    assert items["messages.csv#2"].text == "Opportunity\n\nHi Jane,\nLake Placid, remember?"


def test_invitations_and_connections_are_local_dates() -> None:
    items = {str(i.locator): i for i in _parse(LI)}
    invite = items["Invitations.csv#0"]
    assert (invite.account.handle, invite.text) == ("r-j-m-1982", "I miss you")
    assert is_wall_clock(invite.occurred_at)
    assert invite.occurred_at.replace(tzinfo=None) == datetime(2026, 4, 9, 23, 58)
    robert = items["Connections.csv#1"]  # read after the "Notes:" preamble
    assert robert.account.handle == "robert-miller-82"
    assert robert.occurred_at.replace(tzinfo=None) == datetime(2019, 2, 14)


def test_one_conversation_without_invitations_still_finds_the_owner(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    rows = (LI / "messages.csv").read_text(encoding="utf-8").splitlines()
    (folder / "messages.csv").write_text("\n".join([rows[0], rows[1], rows[1]]), "utf-8")
    items = _parse(folder)  # Robert wrote twice to Jane: Jane is the one receiving
    assert [(i.direction, i.account.handle) for i in items] == [("in", "robert-miller-82")] * 2
