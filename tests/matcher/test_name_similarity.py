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


def _best(text: str, name: str) -> tuple[float, str]:
    [found] = similarity([text], index_names([name]))
    return (found.score, found.level) if found else (0.0, "")


def test_another_given_name_beside_the_same_surname_is_no_slip() -> None:
    """'Joan' and 'Michael' are names of their own, not misspellings of 'John' or 'Michèle':
    the surname alone matches, below what the name rules flag (0.5)."""
    assert _best("Joan Cunningham", "John Cunningham") == (0.3, "surname only")
    assert _best("Michael Delmas", "Michèle Delmas")[0] == 0.3
    assert _best("José Millán Almeida", "Joel Millán Almeida")[0] == 0.3


def test_slips_of_the_same_name_still_count() -> None:
    """A misspelt given name that is no name of its own, and a one-word handle a letter off."""
    assert _best("Robbert Miller", "Robert Miller")[0] == 0.55
    assert round(_best("robertmiler", "Robert Miller")[0], 4) == 0.6


def test_a_spanish_double_surname_is_also_read_at_the_first_surname() -> None:
    """People go by their first surname: 'Millán J.' and 'Joel Millán' name Joel Millán
    Almeida as 'Miller R.' and 'Robert Miller' name Robert Miller. A middle given name is
    no surname: 'John H.' is not 'Michael John Heaffy'."""
    name = "Joel Millán Almeida"
    assert _best("Millán J.", name) == _best("Miller R.", "Robert Miller") == (0.3, "reordered")
    assert _best("Joel Millán", name) == _best("Joel Almeida", name) == (0.9, "exact")
    assert _best("jmillan", name) == (0.45, "initials")
    assert _best("Carlos Millán", name) == (0.3, "surname only")
    assert _best("John H.", "Michael John Heaffy")[0] < 0.1


def test_an_elided_surname_is_one_word() -> None:
    """O'Connor is a surname, not a middle initial 'O': 'coconnor' is a first initial and
    the surname (0.45), not the initials of a first and a middle name (0.65)."""
    assert _best("coconnor", "Charlene O'Connor")[0] == 0.45
    assert _best("Charlene O’Connor", "Charlene O'Connor")[0] == 0.9
    assert _best("Charlie OConnor", "Charles O'Connor")[0] == 0.8
