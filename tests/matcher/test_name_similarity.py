"""Name similarity's vectorised steps give what a test of one text at a time gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matcher.name_similarity import _containing, similarity
from matcher.names import index_names

LETTERS = st.text(alphabet="abm", max_size=10)


@given(st.lists(LETTERS, max_size=20), st.lists(LETTERS.filter(bool), min_size=1, max_size=5))
def test_containing_is_a_substring_test_of_each_text(texts: list[str], targets: list[str]) -> None:
    columns = list(range(0, len(targets), 2))
    found = _containing(texts, targets, columns)
    assert found.shape == (len(texts), len(targets))
    for row, text in enumerate(texts):
        for column, target in enumerate(targets):
            assert found[row, column] == (column in columns and target in text)


def test_unexplained_matches_keep_the_score_steps_and_flags() -> None:
    index = index_names(["Robert James Miller", "Roberto Miller"], ["rob.miller82"])
    texts = ["Bobby Miller", "r0b_m1ll3r", "Miller R.", "R J Miller", "millerrobert", "Robbert"]
    texts += ["Роберт Миллер", "bob.mills7", "xrobertmillerx", "Karen Smith", None, ""]
    explained = similarity(texts, index)
    bare = similarity(texts, index, explained=False)
    assert sum(m is not None for m in bare) >= 8
    for full, short in zip(explained, bare, strict=True):
        assert (full is None) == (short is None)
        if full is not None and short is not None:
            assert (short.score, short.steps, short.flags) == (full.score, full.steps, full.flags)
            assert (short.level, short.target, short.notes) == ("", "", ())
