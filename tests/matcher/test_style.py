"""Style: the restrained person's wording and keywords are recognised; other people's are not."""

from __future__ import annotations

import pytest

from matcher.style import (
    SIMILAR,
    compare,
    keyword_hits,
    phrase_reuse,
    repeated_phrases,
    similarity,
)
from matcher.types import Candidate

SAMPLES = (
    "i just want to talk Janie-bean, for real tho... 😢 - R",
    "remember Lake Placid? we were happy there, for real tho... - R",
    "pls anwser me Janie-bean. i kno u still care...",
)
KEYWORDS = ("Janie-bean", "Lake Placid")


def test_same_habits_score_higher_than_other_writers() -> None:
    his = "why did u block me Janie-bean, for real tho... 😢 - R"
    theirs = ["Congrats on the new job! See you Saturday.", "great photo!! where was this taken?"]
    found = similarity(SAMPLES, [his, *theirs])
    assert found[0] > 0.35 > max(found[1:])


def test_keywords_match_despite_small_changes() -> None:
    docs = ["miss you janie bean", "went to lake placd last week", "nothing here", ""]
    assert keyword_hits(KEYWORDS, docs) == [["Janie-bean"], ["Lake Placid"], [], []]
    assert keyword_hits(["ok"], ["ok ok"]) == [[]]  # too short to mean anything


def test_short_texts_count_less() -> None:
    short = Candidate("s", "x", texts=("Janie-bean...",))
    long = Candidate("l", "x", texts=SAMPLES[:2])
    found = compare(SAMPLES, KEYWORDS, [short, long, Candidate("n", "x")])
    assert found.columns["style_sim"][0] < found.columns["style_sim"][1]
    assert found.columns["style_sim"][2] == 0.0
    assert found.columns["keywords"].tolist() == [0.5, 1.0, 0.0]
    assert "uses 'Janie-bean', 'Lake Placid' from the config" in found.reasons[1][-1].text


@pytest.mark.parametrize("references", [(), ("",)])
def test_no_reference_text_gives_no_style_evidence(references: tuple[str, ...]) -> None:
    found = compare(references, (), [Candidate("l", "x", texts=SAMPLES)])
    assert found.columns["style_sim"][0] == 0.0 and found.reasons == ((),)


def test_keywords_in_a_bio_or_name_count() -> None:
    found = compare((), KEYWORDS, [Candidate("b", "x", bio="Lake Placid born and raised")])
    assert found.columns["keywords"][0] == 0.5


def test_a_repeated_sentence_counts_even_in_one_short_message() -> None:
    known = ("my therapist says i should tell you this, at the end of the day 😂",)
    inbox = [
        "I deleted everything. My therapist says I should tell you this",
        "at the end of the day it was a great party",
        "at the end of the day, see you saturday",
        "at the end of the day we won",
        "great photo",
    ]
    found = compare(known, (), [Candidate(str(i), "x", texts=(t,)) for i, t in enumerate(inbox)])
    reuse = found.columns["phrases"]
    assert reuse[0] > max(reuse[1:4]) > 0 and reuse[4] == 0.0  # a stock phrase weighs less
    assert found.columns["style_sim"][0] < SIMILAR  # too short for the n-gram similarity alone
    assert found.reasons[0][-1].text == (
        "repeats phrases from the subject's writing: 'my therapist says i should tell you this'"
    )
    assert "'at the end of the day'" in found.reasons[3][-1].text


def test_phrases_need_three_words_in_a_row() -> None:
    assert phrase_reuse(["you know what"], ["you know", "what you know"]).tolist() == [0, 0]
    assert repeated_phrases(["a b c d", "x y z"], "a b c z x y z q") == ["a b c", "x y z"]
