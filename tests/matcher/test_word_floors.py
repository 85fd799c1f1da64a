"""Floors from an account's own words: contact details, keywords, a relay's naming."""

from __future__ import annotations

from matcher import keywords, links, rules, word_floors
from matcher.name_forms import index_forms
from matcher.types import Candidate, Profile, Subject

OWNER = "the restrained person's"
DETAILS = links.Details.of(emails=["rob.miller82@example.com"], phones=["+1 518 555 0142"])
KEYWORDS = keywords.prepare(["Janie-bean", "Lake Placid"])
PARTS = frozenset({"robert", "miller"})


def _keyword(candidate: Candidate) -> list[word_floors.Found]:
    return word_floors.keyword(
        KEYWORDS, candidate, owner=OWNER, name_parts=PARTS, birth_year=1982, has_contact=False
    )


def test_each_contact_detail_counts_once_wherever_it_shows() -> None:
    candidate = Candidate(
        "1",
        "x",
        texts=("mail rob.miller82@example.com", "again: rob.miller82@example.com"),
        bio="call 518-555-0142",
    )
    found = word_floors.contact(DETAILS, OWNER, candidate)
    assert [(rule, score) for rule, score, _ in found] == [("contact", 0.97), ("contact", 0.97)]
    assert "appears in its bio" in found[1][2].text
    assert word_floors.contact(DETAILS, OWNER, Candidate("2", "x", texts=("hi",))) == []


def test_a_private_keyword_decides_and_a_place_needs_a_second_sign() -> None:
    (both,) = _keyword(Candidate("1", "x", texts=("janie bean, remember lake placid?",)))
    assert both[1] == word_floors.KEYWORDS_PRIVATE
    (coined,) = _keyword(Candidate("2", "x", texts=("miss you Janie-bean",)))
    assert coined[1] == word_floors.KEYWORD_RARE
    assert _keyword(Candidate("3", "x", handle="karen.smith", texts=("Lake Placid!",))) == []
    (place,) = _keyword(Candidate("4", "x", handle="k.smith82", texts=("Lake Placid!",)))
    assert place[1] == word_floors.KEYWORD_COMMON and "birth year" in place[2].text


def test_a_relay_names_the_restrained_person_in_its_own_words() -> None:
    speaks_of = keywords.prepare(["Robert Miller", "Robert"])
    (found,) = word_floors.relay(
        speaks_of, "associate Mary's", Candidate("1", "x", bio="Robert says hi")
    )
    assert found[:2] == ("relay", word_floors.RELAY)
    assert word_floors.relay(speaks_of, "associate Mary's", Candidate("2", "x", bio="hi")) == []


def test_a_stranger_names_the_person_by_a_full_form_of_the_name_only() -> None:
    """Given name or nickname with the surname, either way round, spaced or glued; a surname
    that is also a given name ('Thomas James') is still the one looked for."""
    written = word_floors.written_names(index_forms(["Thomas James", "Robert Miller"]))
    assert written is not None and set(written.anchors) == {"james", "miller"}
    for text in ("Tom James says hi", "JAMES, THOMAS wants to talk", "msg from RobertMiller"):
        (found,) = word_floors.naming(written, Candidate("1", "x", texts=("ok", text)))
        assert found[0] == "relay", text
    for text in ("James said hi", "Thomas is here", "T. James", "miller time", ""):
        assert word_floors.naming(written, Candidate("1", "x", texts=(text,))) == [], text


def test_a_bio_naming_the_person_in_full_says_whose_account_it_is() -> None:
    """'backup of Rob Miller' in a bio is the account speaking of itself: an alias, not a
    third party passing on contact."""
    subject = Subject("restrained", "restrained", names=("Robert James Miller",))
    candidate = Candidate("1", "instagram", handle="quiet_fox", bio="backup of Rob Miller")
    (floor,) = rules.floors(Profile(subject), [candidate])
    assert floor.kind == "alias" and floor.rules == ("name",)
    assert floor.reasons[0].text == (
        "name rule: its bio names the restrained person ('Robert James Miller', with the"
        " nickname Rob for Robert)"
    )
    relaying = Candidate("2", "instagram", handle="quiet_fox", texts=("Rob Miller says sorry",))
    assert rules.floors(Profile(subject), [relaying])[0].kind == "third_party"
