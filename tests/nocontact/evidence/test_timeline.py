"""The timeline plot: SVG of numbers and dates only, nothing to draw gives no plot."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from dataclasses import replace

from nocontact.evidence import timeline
from tests.nocontact.evidence.conftest import Loaded

LABELS = {
    "violation": "contact while the order was in force",
    "third_party_not_covered": "through a third party, not covered",
    "before_order": "outside the order",
    "after_order": "outside the order",
    "from_you": "your own messages",
    "issued": "order issued",
    "expires": "order expired",
    "pending": "#n = hit number; * = not yet reviewed",
    "more": "the first %(shown)s of %(total)s accounts; every record is listed below",
}


def test_the_plot_is_svg_without_names_or_text_elements(loaded: Loaded) -> None:
    drawn = timeline.svg(loaded.records, loaded.case.config().order, LABELS)
    assert drawn is not None
    svg = drawn.decode("utf-8")
    assert ET.fromstring(svg).tag.endswith("svg")
    assert "<text" not in svg and "Nico" not in svg and "script" not in svg.lower()


def test_no_records_no_plot(loaded: Loaded) -> None:
    assert timeline.svg([], loaded.case.config().order, LABELS) is None


def test_a_long_list_of_accounts_draws_the_first_ones(loaded: Loaded, monkeypatch) -> None:
    """Thousands of hits would make thousands of unreadable rows: the first MAX_ROWS are drawn."""
    order = loaded.case.config().order
    assert len(timeline._rows(loaded.records)) > 1
    every = timeline.svg(loaded.records, order, LABELS)
    monkeypatch.setattr(timeline, "MAX_ROWS", 1)
    first = timeline.svg(loaded.records, order, LABELS)
    assert every is not None and first is not None
    assert first.count(b'id="ytick_') == 1 < every.count(b'id="ytick_')


def test_control_characters_in_a_handle_are_spelt_out_without_a_font_warning(
    loaded: Loaded,
) -> None:
    record = loaded.records[0]
    odd = replace(record, hit=replace(record.hit, handle="rob\x07\u202em82"))
    assert timeline._label([odd]).startswith(f"{record.hit.platform}: rob[U+0007][U+202E]m82")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of a glyph missing from the font
        drawn = timeline.svg([odd], loaded.case.config().order, LABELS)
    assert drawn is not None
