"""Normalisation reads evasive spellings the same way, and never breaks on odd text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.name_forms import reading_runs
from matcher.names import (
    birth_year_digits,
    deconfuse,
    index_names,
    nicknames,
    normalise,
    skeleton,
    spellings,
)

ASCII_WORDS = re.compile(r"[a-z]*")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("ROBERT MILLER", "robert miller", id="case"),
        pytest.param("Rоbert Мiller", "robert miller", id="cyrillic-look-alikes"),
        pytest.param("Роберт Миллер", "robert miller", id="cyrillic-script"),
        pytest.param("Robért Millér", "robert miller", id="accents"),
        pytest.param("𝐑𝐨𝐛𝐞𝐫𝐭 𝐌𝐢𝐥𝐥𝐞𝐫", "robert miller", id="maths-bold"),
        pytest.param("Ｒｏｂ", "rob", id="fullwidth"),
        pytest.param("Straße", "strasse", id="casefold"),
    ],
)
def test_normalise_reads_scripts_and_look_alikes(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_deconfuse_leaves_words_wholly_in_another_script() -> None:
    assert deconfuse("Rоb Роб") == "rob роб"
    assert deconfuse("Роб", mixed_only=False) != "роб"


@pytest.mark.parametrize(
    ("handle", "expected"),
    [
        pytest.param("r0b_m1ll3r", "robmiller", id="leet"),
        pytest.param("rob.miller82", "robmiller", id="separators-and-number"),
        pytest.param("@Robert-Miller_1982", "robertmiller", id="at-sign-and-year"),
        pytest.param("m@ry$mith", "marysmith", id="symbols"),
        pytest.param("4l1c3", "alice", id="all-leet"),
    ],
)
def test_skeleton(handle: str, expected: str) -> None:
    assert skeleton(handle) == expected


def test_skeleton_reads_one_as_l_when_asked() -> None:
    assert skeleton("mi11er", one="l") == "miller"


def test_spellings_start_with_the_plain_reading() -> None:
    assert [(s.tokens, s.steps) for s in spellings("Bob Miller")] == [(("bob", "miller"), ())]


@pytest.mark.parametrize(
    ("text", "tokens", "steps"),
    [
        pytest.param("r0b_m1ll3r", ("rob", "miller"), ("leetspeak",), id="leet-as-i"),
        pytest.param("mi11er", ("miller",), ("leetspeak",), id="leet-as-l"),
        pytest.param("rjmiller82", ("rjmiller",), ("digits",), id="trailing-year"),
        pytest.param("Rоbert", ("robert",), ("confusable",), id="look-alike"),
        pytest.param("Роберт", ("robert",), ("transliteration",), id="cyrillic"),
    ],
)
def test_spellings_record_the_steps_taken(
    text: str, tokens: tuple[str, ...], steps: tuple[str, ...]
) -> None:
    found = {s.tokens: s.steps for s in spellings(text)}
    assert found[tokens] == steps


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "bob.miller10330",
            [
                (("bob", "miller"), ("digits",)),
                (("bob", "millerioeeo"), ("leetspeak",)),
                (("bob", "millerloeeo"), ("leetspeak",)),
            ],
        ),
        (
            "r0b_m1ll3r.82",
            [
                (("ll",), ("digits",)),
                (("rob", "miller"), ("leetspeak", "digits")),
                (("rob", "mlller"), ("leetspeak", "digits")),
            ],
        ),
        ("@j0hn$mith", [(("hn", "mith"), ("digits",)), (("johnsmith",), ("leetspeak",))]),
    ],
)
def test_every_reading_of_digits_and_signs_is_listed_once(
    text: str, expected: list[tuple[tuple[str, ...], tuple[str, ...]]]
) -> None:
    assert [(s.tokens, s.steps) for s in spellings(text)] == expected


@given(st.text(alphabet="aBob.Mi_ll-er 0123456789@$é'", max_size=24))
def test_each_run_of_letters_stays_inside_a_word_of_every_spelling(text: str) -> None:
    """What lets a rule skip a text from its runs of letters alone (`reading_runs`)."""
    runs = reading_runs(text)
    if runs is None:
        assert not text.isascii()
        return
    for spelling in spellings(text):
        assert all(any(run in token for token in spelling.tokens) for run in runs)


def test_a_number_is_not_read_as_leetspeak() -> None:
    """The 90 of 'smithj90' is a birth year, not 'go': a run of digits reads as letters only
    when each of them stands for one ('j0hn' is 'john')."""
    assert [s.tokens for s in spellings("smithj90")] == [("smithj",)]
    assert ("john",) in {s.tokens for s in spellings("j0hn1985")}


def test_nicknames_work_in_both_directions() -> None:
    assert {"bob", "bobby", "rob", "robby", "robbie"} <= nicknames("robert")
    assert "robert" in nicknames("bob")
    assert "robin" not in nicknames("robert")
    assert "robert" not in nicknames("robert")


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        pytest.param("bob.miller.82", 1982, "82", id="two-digits"),
        pytest.param("robertmiller_1982", 1982, "1982", id="four-digits"),
        pytest.param("rob.martin84", 1982, None, id="other-number"),
        pytest.param("rob819822", 1982, None, id="inside-a-longer-number"),
        pytest.param("bob82", None, None, id="no-year-known"),
    ],
)
def test_birth_year_digits(text: str, year: int | None, expected: str | None) -> None:
    assert birth_year_digits(text, year) == expected


def test_index_derives_handle_forms_from_names_and_handles() -> None:
    index = index_names(["Robert James Miller"], ["rob.miller82"])
    levels = {v.text: v.level for v in index.variants}
    assert levels["robmiller"] == "known handle"  # a listed handle outranks the nickname form
    assert levels["robertmiller"] == "exact"
    assert levels["bobmiller"] == "nickname"
    assert levels["millerrobert"] == "reordered"
    assert levels["rjmiller"] == "initials"
    assert index.names[0].middles == ("james",)


def test_index_drops_name_suffixes() -> None:
    (name,) = index_names(["Robert Miller Jr."]).names
    assert (name.first, name.last) == ("robert", "miller")


@given(st.text())
def test_normalise_is_idempotent_ascii_and_total(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert once.isascii()
    assert once == once.lower()


@given(st.text(), st.sampled_from(["i", "l"]))
def test_skeleton_is_idempotent_and_letters_only(text: str, one: str) -> None:
    once = skeleton(text, one=one)
    assert skeleton(once, one=one) == once
    assert ASCII_WORDS.fullmatch(once)


@given(st.text())
def test_spellings_are_ascii_words_simplest_first(text: str) -> None:
    found = spellings(text)
    assert all(ASCII_WORDS.fullmatch(token) and token for s in found for token in s.tokens)
    assert [len(s.steps) for s in found] == sorted(len(s.steps) for s in found)
    assert len({s.tokens for s in found}) == len(found)
