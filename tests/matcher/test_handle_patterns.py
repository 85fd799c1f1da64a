"""Username patterns from a name and birth date: the usual ones found, look-alikes left alone."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.handle_patterns import _split, match, outline, patterns
from matcher.synth_people import SURNAMES

SMITH = patterns(["Robert James Smith"], birth_year=1985, birth_date=date(1985, 3, 12))


@pytest.mark.parametrize(
    ("handle", "parts"),
    [
        ("smithr85", "surname + first initial + birth year"),
        ("rsmith1985", "first initial + surname + birth year"),
        ("smith.r.85", "surname + first initial + birth year"),
        ("r_smith_85", "first initial + surname + birth year"),
        ("robert.smith", "first name + surname"),
        ("smith-robert", "surname + first name"),
        ("robert_s85", "first name + surname initial + birth year"),
        ("rjs1985", "initials + birth year"),
        ("rjsmith85", "initials + surname + birth year"),
        ("bob.smith85", "nickname + surname + birth year"),
        ("rsmith1203", "first initial + surname + day and month of birth"),
        ("smithr031285", "surname + first initial + date of birth"),
        ("smith.1203", "surname + day and month of birth"),  # one Smith in 365 shares it
        ("smith1985", "surname + birth year"),
        ("robert1203", "first name + day and month of birth"),  # the whole birthday
        ("robert031285", "first name + date of birth"),
        ("rsmith312", "first initial + surname + day and month of birth"),  # March 12, unpadded
        ("@SMITHR85", "surname + first initial + birth year"),
    ],
)
def test_the_usual_patterns_are_named(handle: str, parts: str) -> None:
    found = match(handle, SMITH)
    assert found is not None and found.exact
    assert " + ".join(found.pattern.parts) == parts


def test_leetspeak_and_look_alikes_are_folded_first() -> None:
    for handle in ("5m1thr85", "ѕmіthr85", "r0b3rt.5m1th"):  # Cyrillic ѕ and і in the second
        found = match(handle, SMITH)
        assert found is not None and found.exact, handle
    assert match("5m1thr85", SMITH).leetspeak  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("handle", "parts"),
    [
        ("smithr031485", "surname + first initial + a date in the birth year"),
        ("rsmith14031985", "first initial + surname + a date in the birth year"),
        ("r.smith.14.03.85", "first initial + surname + a date in the birth year"),
    ],
)
def test_a_date_in_the_birth_year_stands_for_an_unknown_birth_date(handle: str, parts: str) -> None:
    undated = patterns(["Robert James Smith"], birth_year=1985)
    found = match(handle, undated)
    assert found is not None and found.exact
    assert " + ".join(found.pattern.parts) == parts
    assert match(handle, SMITH) is None  # the birth date is known, and it is another day
    for other in ("smithr031484", "smithr133385", "smithr0314", "smithr1403"):
        assert match(other, undated) is None, other  # another year, no date, no year


def test_a_surname_is_read_without_its_particles_too() -> None:
    heuvel = patterns(["Hendrik van den Heuvel"], birth_year=1991)
    for handle in ("heuvelh91", "vandenheuvel.h91", "hendrik.heuvel"):
        found = match(handle, heuvel)
        assert found is not None and found.exact, handle
    assert match("denheuvel.h91", heuvel) is None


def test_one_slip_in_a_whole_name_with_the_birth_year_is_near() -> None:
    found = match("robertsmtih85", SMITH)
    assert found is not None and not found.exact
    assert found.pattern.text == "robertsmith85"


@pytest.mark.parametrize(
    "handle",
    [
        "rsmith",  # an initial and a surname: a hundred strangers
        "smithr",
        "smithj85",  # another initial
        "smithr84",  # another year
        "smith85",  # surname and a two-digit year only: too many Smiths
        "smith1204",  # surname and another day
        "robert85",  # first name and year only
        "smithers.r85",
        "jsmith1985",  # a slip in an initial is another person
        "robertsmithson85",
        "",
    ],
)
def test_look_alike_handles_follow_no_pattern(handle: str) -> None:
    assert match(handle, SMITH) is None


@given(
    first=st.sampled_from(["robert", "maria", "jose", "anna", "kasia", "giovanni", "ewa"]),
    last=st.sampled_from(SURNAMES),
    year=st.integers(1940, 2010),
    separators=st.lists(st.sampled_from(["", ".", "_", "-"]), min_size=3, max_size=3),
)
def test_every_pattern_matches_itself_written_with_any_separators(
    first: str, last: str, year: int, separators: list[str]
) -> None:
    found = patterns([f"{first} {last}"], birth_year=year)
    for pattern in found[:40]:
        head, tail = pattern.letters[:2], pattern.letters[2:]
        handle = head + separators[0] + tail + separators[1] + pattern.digits
        result = match(handle, found)
        assert result is not None and result.exact
        assert result.read == pattern.text


@given(st.text(alphabet="smithR85 ._-@1203", max_size=20))
def test_a_handles_outline_has_the_digits_a_slip_is_read_with(handle: str) -> None:
    """`match` skips handles by their outline: its digits must be those `_split` reads."""
    split, shape = _split(handle), outline(handle)
    assert shape is not None
    if split is not None:
        assert shape[1] == split[1]


@given(st.text(max_size=80))
def test_any_text_is_read_without_error(text: str) -> None:
    match(text, SMITH)


def test_a_pattern_list_indexed_once_matches_as_a_fresh_one() -> None:
    """The index kept for a tuple of patterns answers as one built for the call; a list,
    which could change, is indexed anew and sees its changes."""
    found = patterns(["Robert Smith"], birth_year=1985)
    handles = ["smith.r.85", "robertsmiht85", "rsmith", "5m1thr85", "bob_smith", "x"]
    first = [match(h, found) for h in handles]
    assert [match(h, found) for h in handles] == first
    assert [match(h, list(found)) for h in handles] == first
    mutable = list(found)
    assert match("smith.r.85", mutable) is not None
    mutable[:] = [p for p in mutable if p.text != "smithr85"]
    assert match("smith.r.85", mutable) is None


def test_a_surname_with_the_four_digit_birth_year_is_a_pattern() -> None:
    """'smith.1985' names the year in full: a pattern; 'smith85' does not (above)."""
    found = match("smith.1985", SMITH)
    assert found is not None and found.pattern.parts == ("surname", "birth year")
    assert match("smith.1986", SMITH) is None
