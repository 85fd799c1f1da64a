"""Name similarity's vectorised steps give what a test of one text at a time gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matcher.name_similarity import _containing

LETTERS = st.text(alphabet="abm", max_size=10)


@given(st.lists(LETTERS, max_size=20), st.lists(LETTERS.filter(bool), min_size=1, max_size=5))
def test_containing_is_a_substring_test_of_each_text(texts: list[str], targets: list[str]) -> None:
    columns = list(range(0, len(targets), 2))
    found = _containing(texts, targets, columns)
    assert found.shape == (len(texts), len(targets))
    for row, text in enumerate(texts):
        for column, target in enumerate(targets):
            assert found[row, column] == (column in columns and target in text)
