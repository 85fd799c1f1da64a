"""Configured keywords found whole, however spaced, cased or accented; never inside a word."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher import keywords
from matcher.keywords import found, prepare

KEYWORDS = prepare(["Janie-bean", "Lake Placid", "Café Tortoni", "babe"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("miss you Janie-bean", ["Janie-bean"]),
        ("miss you janie bean", ["Janie-bean"]),
        ("miss you JANIEBEAN!!", ["Janie-bean"]),
        ("miss you jaine-bean", ["Janie-bean"]),  # one slip in a long keyword
        ("remember lake placid?", ["Lake Placid"]),
        ("coffee at cafe tortoni", ["Café Tortoni"]),
        ("hey babe", ["babe"]),
        ("the babes were loud", []),  # whole words only
        ("heyyy babeeee", ["babe"]),  # letters drawn out
        ("miss you j a n i e b e a n", ["Janie-bean"]),  # letters set apart
        ("B.A.B.E. and lake placiddd", ["Lake Placid", "babe"]),
        ("a b c d e", []),
        ("the baaabes were loud", []),
        ("janie and her bean bag", []),
        ("lake days are placid", []),
        ("", []),
    ],
)
def test_keywords_are_found_whole_and_folded(text: str, expected: list[str]) -> None:
    assert [k.text for k in found(KEYWORDS, [text])] == expected


def test_a_keyword_of_common_words_is_marked_common() -> None:
    common = {k.text: k.common for k in prepare(["Jones Beach", "the cabin", "babe", "Mystic"])}
    assert all(common.values())
    rare = {k.text: k.common for k in prepare(["Janie-bean", "Lake Placid", "Cooperstown"])}
    assert not any(rare.values())


@given(
    separator=st.sampled_from([" ", "-", "", "  ", " - "]),
    upper=st.booleans(),
    before=st.sampled_from(["", "hi ", "¿", "remember "]),
)
def test_any_spacing_and_case_of_a_keyword_is_found(
    separator: str, upper: bool, before: str
) -> None:
    text = f"{before}lake{separator}placid?"
    assert [k.text for k in found(KEYWORDS, [text.upper() if upper else text])] == ["Lake Placid"]


@given(st.text(max_size=200))
def test_any_text_is_searched_without_error(text: str) -> None:
    found(KEYWORDS, [text, None])


def test_frequencies_read_off_the_lists_are_wordfreqs() -> None:
    """A plain word is looked for in the bands of wordfreq's list frequent enough, rather than
    in the dictionary wordfreq builds of the whole list: the same words reach each threshold
    in every language."""
    from wordfreq import zipf_frequency

    from matcher.keywords import COINED_ZIPF, COMMON_ZIPF, LANGUAGES, _reaching

    words = ["the", "beach", "lake", "placid", "janiebean", "cooperstown", "de", "straße", "apt4b"]
    words += ["haus", "qzxqzx", "niño", "lodz", "z", "dzień", "ocelot", "szczebrzeszyn"]
    for lang in LANGUAGES:
        for least in (COMMON_ZIPF, COINED_ZIPF):
            expected = {w for w in words if zipf_frequency(w, lang) >= least}
            assert _reaching(words, lang, least) == expected, (lang, least)


def test_word_lists_stay_unpacked_only_inside_lists_open() -> None:
    """Slips are looked up one word at a time: inside `lists_open` each list is unpacked once
    and kept; outside, nothing is kept (the memory goes back)."""
    assert keywords._OPEN is None
    with keywords.lists_open():
        assert keywords.is_coined("whitakkerqz") and not keywords.is_coined("garden")
        assert keywords._OPEN and set(keywords._OPEN) <= set(keywords.LANGUAGES)
    assert keywords._OPEN is None
