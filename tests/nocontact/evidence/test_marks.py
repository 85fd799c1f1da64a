"""Invisible characters made visible in HTML, the same on the review page and the report."""

from __future__ import annotations

from nocontact.evidence.marks import shown


def test_control_characters_and_nul_are_marked_never_written() -> None:
    html = str(shown("a\x00b\x1b[2Jc\u200bd"))
    assert "\x00" not in html and "\x1b" not in html and "\u200b" not in html
    assert "[U+0000]" in html and "[U+001B]" in html and "[U+200B]" in html


def test_line_breaks_and_joiners_stay() -> None:
    assert str(shown("a\nb\u200dc")) == "<bdi>a\nb\u200dc</bdi>"
