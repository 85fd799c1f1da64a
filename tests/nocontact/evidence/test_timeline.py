"""The timeline plot: SVG of numbers and dates only, nothing to draw gives no plot."""

from __future__ import annotations

import xml.etree.ElementTree as ET

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
}


def test_the_plot_is_svg_without_names_or_text_elements(loaded: Loaded) -> None:
    drawn = timeline.svg(loaded.records, loaded.case.config().order, LABELS)
    assert drawn is not None
    svg = drawn.decode("utf-8")
    assert ET.fromstring(svg).tag.endswith("svg")
    assert "<text" not in svg and "Nico" not in svg and "script" not in svg.lower()


def test_no_records_no_plot(loaded: Loaded) -> None:
    assert timeline.svg([], loaded.case.config().order, LABELS) is None
