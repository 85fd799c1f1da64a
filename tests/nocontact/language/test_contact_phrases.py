"""What a record is, in words, for each type and direction, in each language."""

from __future__ import annotations

import pytest

from crawlers.events import INTERACTION_TYPES
from nocontact.language import contact_phrases


@pytest.mark.parametrize("direction", ["in", "out"])
@pytest.mark.parametrize("kind", INTERACTION_TYPES)
def test_every_type_is_worded_and_translated(kind: str, direction: str) -> None:
    english = contact_phrases.what_happened(kind, direction, "en")
    spanish = contact_phrases.what_happened(kind, direction, "es")
    assert english and spanish and english != spanish


def test_inbound_types_are_told_apart() -> None:
    phrases = {contact_phrases.what_happened(t, "in", "en") for t in INTERACTION_TYPES}
    assert len(phrases) > len(INTERACTION_TYPES) // 2  # not one catch-all sentence


def test_gap_names_the_kinds_before_the_advice() -> None:
    text = contact_phrases.gap(("like", "comment"), "Screenshot them.", "en")
    assert text == "likes, comments. Screenshot them."
