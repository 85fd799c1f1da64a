"""Jurisdiction texts: one family per prefix, every family in every language."""

from __future__ import annotations

import pytest

from nocontact.language import catalogues, jurisdiction


@pytest.mark.parametrize("lang", catalogues.LANGS)
@pytest.mark.parametrize("code", ["US-NY", "ES-MD", "FR"])
def test_every_family_explains_itself_in_every_language(code: str, lang: str) -> None:
    text = jurisdiction.explain(code, lang)
    assert text.title and text.points and text.note


def test_an_unknown_language_falls_back_to_english() -> None:
    assert jurisdiction.explain("US-NY", "xx") == jurisdiction.explain("US-NY", "en")
