"""Names as people write them: nicknames both ways, dropped middle names and second surnames."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.name_forms import floor_nicknames, forms, index_forms, read_as
from matcher.name_similarity import similarity
from matcher.names import index_names, nicknames


@pytest.mark.parametrize(
    ("formal", "nickname"),
    [
        ("william", "bill"),
        ("william", "will"),
        ("richard", "rick"),
        ("michael", "mikey"),
        ("daniel", "danny"),
        ("jose", "pepe"),
        ("francisco", "paco"),
        ("giuseppe", "beppe"),
        ("joao", "joaozinho"),
        ("johannes", "hans"),
        ("katarzyna", "kasia"),
        ("malgorzata", "gosia"),
    ],
)
def test_nicknames_go_both_ways(formal: str, nickname: str) -> None:
    assert nickname in nicknames(formal) and formal in nicknames(nickname)
    assert nickname in floor_nicknames(formal) and formal in floor_nicknames(nickname)


def test_an_ambiguous_nickname_stands_only_for_names_that_start_alike() -> None:
    assert {"richard", "ricardo"} <= floor_nicknames("rick")
    assert not {"eric", "derek", "cedric"} & floor_nicknames("rick")
    assert "fred" not in floor_nicknames("will")


@pytest.mark.parametrize(
    ("name", "written", "form"),
    [
        ("Michael John Heaffy", "Michael Heaffy", "without the middle name"),
        ("Michael John Heaffy", "MICHAEL JOHN HEAFFY", "the full name"),
        ("Michael John Heaffy", "Heaffy, Michael", "surname first"),
        ("Michael John Heaffy", "Heaffy M.", "surname and initial"),
        ("Michael John Heaffy", "M. Heaffy", "initial and surname"),
        ("Michael John Heaffy", "M.J. Heaffy", "initials and surname"),
        ("Michael John Heaffy", "MJ Heaffy", "initials and surname"),
        ("Michael John Heaffy", "M. John Heaffy", "initial, middle name and surname"),
        ("Michael John Heaffy", "Mikey Heaffy", "with the nickname Mikey for Michael"),
        ("Michael John Heaffy", "M1ck3y H3affy", "with the nickname Mickey for Michael"),
        ("José García López", "Jose Garcia", "without the second surname"),
        ("Francisco Valentín Julián Almazán", "Francisco Julián Almazán", "without a middle name"),
        ("José García López", "Pepe García López", "with the nickname Pepe for José"),
        ("Juan de la Cruz", "Juan De La Cruz", "the full name"),
        ("Zoë Lefèvre", "zoe lefevre", "the full name"),
        ("Robert Miller", "Роберт Миллер", "the full name"),
        ("Charlie James Wood", "Кхарлие Воод", "without the middle name"),  # by sound
        ("Robert Miller", "Ρόμπερτ Μίλλερ", "the full name"),  # Greek μπ for a foreign b
        ("Daniel Smith", "Ντάνιελ Σμιθ", "the full name"),
        ("Lambros Papadopoulos", "Λάμπρος Παπαδόπουλος", "the full name"),
    ],
)
def test_written_forms_are_read_as_the_name(name: str, written: str, form: str) -> None:
    found = read_as(written, index_forms([name]), handle=False)
    assert found is not None and found.form == form


@pytest.mark.parametrize(
    "written",
    [
        "Michael Okafor",  # same first name only
        "Sarah Heaffy",  # same surname only
        "John Heaffy",  # middle name and surname
        "Michael Heaffy-Brown",
        "Heaffy Plumbing",
        "Michaela Heaffy",
        "Mikhael Heafy",  # folding sounds is for names written in another script only
        "Mike",
        "",
    ],
)
def test_look_alikes_read_as_no_form(written: str) -> None:
    assert read_as(written, index_forms(["Michael John Heaffy"]), handle=False) is None


def test_initials_count_in_display_names_only() -> None:
    index = index_forms(["Michael John Heaffy"])
    assert read_as("heaffy.m", index, handle=True) is None
    assert read_as("michael.heaffy", index, handle=True) is not None
    assert read_as("michaelheaffy", index, handle=True) is not None
    assert read_as("Ann Alee", index_forms(["Anna Lee"]), handle=False) is None


def test_initials_written_together_are_no_given_name_of_someone_else() -> None:
    """'AL Smith' might be Anna Lee Smith, but 'Al Smith' is a name of its own: the initials
    written together count only when no given name reads the same."""
    index = index_forms(["Anna Lee Smith"])
    assert read_as("A.L. Smith", index, handle=False) is not None
    assert read_as("Al Smith", index, handle=False) is None


NAMES = st.lists(
    st.sampled_from(["robert", "maria", "jose", "lopez", "smith", "anne"]), min_size=2, max_size=4
)


@given(NAMES)
def test_every_form_reads_back_as_itself(parts: list[str]) -> None:
    name = " ".join(p.title() for p in parts)
    index = index_forms([name])
    for form in forms(name):
        found = read_as(" ".join(form.tokens), index, handle=False)
        assert found is not None and found.score >= form.score


@given(st.text(max_size=60))
def test_any_text_is_read_without_error(text: str) -> None:
    read_as(text, index_forms(["Michael John Heaffy"]), handle=True)
    read_as(text, index_forms(["Michael John Heaffy"]), handle=False)


def test_given_name_and_surname_initial_is_a_soft_level_not_a_floor() -> None:
    (found,) = similarity(["Robert M."], index_names(["Robert James Miller"]))
    assert found is not None and found.level == "surname initial"
    assert "M is the initial of Miller" in found.notes
    assert read_as("Robert M.", index_forms(["Robert James Miller"]), handle=False) is None
