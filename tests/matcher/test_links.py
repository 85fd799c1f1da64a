"""Links: shared emails, phones, links and connections, however they are written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher import synth
from matcher.links import Details, Identifiers, compare, phone_runs, possible
from matcher.mailboxes import mailbox
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


@pytest.mark.parametrize(
    ("written", "same"),
    [
        ("robmiller82@gmail.com", True),  # Gmail ignores the dots
        ("Rob.Miller82+ig@googlemail.com", True),  # and a '+tag'; googlemail is gmail
        ("rob.miller82@example.com", False),  # another provider: another mailbox
        ("rob.miller83@gmail.com", False),
        ("+rob.miller82@gmail.com", False),  # a '+' that opens the address tags nothing
    ],
)
def test_addresses_of_one_mailbox_are_one(written: str, same: bool) -> None:
    assert (mailbox(written) == mailbox("rob.miller82@gmail.com")) is same
    details = Details.of(emails=["rob.miller82@gmail.com"])
    assert bool(details.find(f"mail {written} please")) is same


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
    assert found.columns["shared_connections"][2] == 2 / 3 * 2 / 3  # 2 shared, of 3 it follows
    assert found.reasons[2][0].text == (
        "connected to friend.007, mary.m.miller, also connected to his accounts"
    )
    assert found.reasons[3] == ()


def test_connections_count_by_how_many_and_how_much_of_its_circle() -> None:
    """Three of the subject's friends and no one else weigh more than the same three among
    many of its own, and more shared connections never weigh less."""
    friends = ["ann", "bea", "cal"]
    only = Candidate("a", "x", connections=tuple(friends))
    among = Candidate("b", "x", connections=(*friends, *(f"p{i}" for i in range(9))))
    fewer = Candidate("c", "x", connections=("ann", "bea", *(f"p{i}" for i in range(10))))
    found = compare(REFERENCE, friends, [only, among, fewer]).columns["shared_connections"]
    assert found.tolist() == [1.0, 0.25, 2 / 3 * 2 / 12]
    assert found[1] > found[2]


DETAILS = Details.of(
    phones=["+1 212 555 0147", "+39 06 1234 5678"],
    emails=["R.Heaffy@example.net"],
    urls=["https://linktr.ee/rheaffy"],
    handles=["r.heaffy85", "mick"],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call (212) 555-0147", [("phone", "+1 212 555 0147")]),
        ("call +1.212.555.0147!", [("phone", "+1 212 555 0147")]),
        ("whatsapp 0012125550147", [("phone", "+1 212 555 0147")]),
        ("call 212 - 555 - 0147", [("phone", "+1 212 555 0147")]),
        ("email:r.heaffy@example.net", [("email", "R.Heaffy@example.net")]),
        ("chiamami allo 06 1234 5678", [("phone", "+39 06 1234 5678")]),
        ("chiamami: +390612345678", [("phone", "+39 06 1234 5678")]),
        ("mail r.heaffy@EXAMPLE.net.", [("email", "R.Heaffy@example.net")]),
        ("<mailto:r.heaffy@example.net>", [("email", "R.Heaffy@example.net")]),
        ("all my links: https://www.linktr.ee/RHeaffy/", [("url", "https://linktr.ee/rheaffy")]),
        ("IG: @R.Heaffy85", [("handle", "r.heaffy85")]),
        ("instagram.com/r.heaffy85", [("handle", "r.heaffy85")]),
        ("add r.heaffy85 on snap", [("handle", "r.heaffy85")]),
        ("call 212 555 0199", []),  # another number
        ("ref 2125550147999", []),  # digits inside a longer number
        ("mick jagger", []),  # a short listed handle counts only when written as a handle
        ("linktr.ee/rheaffy2", []),
        ("r.heaffy@example.com", []),
    ],
)
def test_configured_details_are_found_however_written(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert DETAILS.find(text) == expected


@given(st.text(alphabet="0123456789 +-().", max_size=300))
def test_phone_runs_hold_seven_to_fifteen_digits(text: str) -> None:
    for _, digits in phone_runs(text):
        assert digits.isdigit() and 7 <= len(digits) <= 15


@given(st.text(max_size=300))
def test_any_text_is_searched_without_error(text: str) -> None:
    DETAILS.find(text)
    Identifiers.find([text])


def test_long_hostile_fields_are_read_once_and_capped() -> None:
    hostile = "1-" * 50_000 + "@" * 10_000 + "a." * 50_000
    assert DETAILS.find(hostile) == []
    assert Identifiers.find([hostile]).emails == frozenset()


def test_what_an_account_lacks_for_a_feature_leaves_it_at_zero() -> None:
    for case in synth.cases("test", 4):
        for reference, connections in ((REFERENCE, ("mary.m.miller",)), (Identifiers.find([]), ())):
            found = compare(reference, connections, case.candidates).columns
            for feature, rows in possible(reference, connections, case.candidates).items():
                assert not found[feature][~rows].any(), feature
    words = Candidate("1", "x", texts=("see you",))
    assert possible(Identifiers.find(["https://linktr.ee/x"]), (), [words])["shared_url"][0]
    assert not possible(REFERENCE, (), [Candidate("2", "x", handle="a")])["shared_contact"][0]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("5️⃣5️⃣5️⃣ 0️⃣1️⃣0️⃣0️⃣", [("phone", "+1 555 0100")]),
        ("５５５－０１００", [("phone", "+1 555 0100")]),
        ("555-0lO0", [("phone", "+1 555 0100")]),
        ("555_0100", [("phone", "+1 555 0100")]),
        ("rob.m@yahoo", [("email", "rob.m@yahoo.co.uk")]),
        ("ROB.M at yahoo dot co dot uk", [("email", "rob.m@yahoo.co.uk")]),
        ("write me at rob.m at yahoo", [("email", "rob.m@yahoo.co.uk")]),
        ("write me at rob.m[at]yahoo.co.uk, nobody reads it", [("email", "rob.m@yahoo.co.uk")]),
        ("rob.m@yаhoo.co.uk", [("email", "rob.m@yahoo.co.uk")]),
        ("r o b . m @ y a h o o", [("email", "rob.m@yahoo.co.uk")]),
        ("555-0lO1", []),
        ("rob.m@example", []),
        ("rob.n@yahoo", []),
        ("hello, I'll call", []),
    ],
)
def test_details_are_found_through_their_disguises(text: str, found: list) -> None:
    details = Details.of(phones=["+1 555 0100"], emails=["rob.m@yahoo.co.uk"])
    assert details.find(text) == found
