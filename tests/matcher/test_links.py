"""Links: shared emails, phones, links and connections, however they are written."""

from __future__ import annotations

from matcher.links import Identifiers, compare
from matcher.types import Candidate

REFERENCE = Identifiers.find(
    ["rob.miller82@example.com", "+1 555 0100 2233", "https://linktr.ee/RobM82/"]
)


def test_identifiers_are_normalised() -> None:
    found = Identifiers.find(
        ["Mail ROB.MILLER82@EXAMPLE.COM", "call (555) 010-02233", "www.linktr.ee/robm82"]
    )
    assert found.emails == REFERENCE.emails
    assert found.phones == REFERENCE.phones
    assert "linktr.ee/robm82" in {u.casefold() for u in found.urls}


def test_shared_details_and_connections_are_found_and_said() -> None:
    candidates = [
        Candidate("e", "x", texts=("text me at 555-010-02233",)),
        Candidate("u", "x", bio="all my links: linktr.ee/RobM82"),
        Candidate("c", "x", connections=("mary.m.miller", "@Friend.007", "someone")),
        Candidate("n", "x", bio="linktr.ee/other", texts=("mail me: x@example.org",)),
    ]
    found = compare(REFERENCE, ["mary.m.miller", "friend.007"], candidates, owner="his")
    assert found.columns["shared_contact"].tolist() == [1, 0, 0, 0]
    assert found.columns["shared_url"].tolist() == [0, 1, 0, 0]
    assert found.columns["shared_connections"][2] == 2 / 3
    assert found.reasons[2][0].text == (
        "connected to friend.007, mary.m.miller, also connected to his accounts"
    )
    assert found.reasons[3] == ()
