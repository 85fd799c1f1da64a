"""What a person reads in the report: the repetition table, the timeline, the Spanish headers."""

from __future__ import annotations

import re
from pathlib import Path

from nocontact.evidence import report, timeline
from nocontact.evidence.hit_records import load
from tests.nocontact.evidence_case import confirm, ig_case


def test_repetition_table_names_platform_and_handle(tmp_path: Path) -> None:
    case = ig_case(tmp_path, issued="2026-03-02")
    confirm(case, "Nico Bauer")
    html = report.render(case)
    table = html[html.index("<h2>Repetition</h2>") : html.index("<h2>Confirmed hits</h2>")]
    assert "<th>platform</th>" in table
    assert re.search(r"<td>instagram</td>\s*<td><a href=\"#hit-\d+\">#\d+</a> \S+", table)


def test_spanish_count_headers_are_translated(tmp_path: Path) -> None:
    case = ig_case(tmp_path, issued="2026-03-02")
    confirm(case, "Nico Bauer")
    html = report.render(case, lang="es")
    headers = re.findall(r'<th class="num">([^<]+)</th>', html)
    assert "mensajes" in headers
    english = {"message", "messages", "follow", "unsent message", "reaction", "reactions"}
    assert not english & set(headers), headers
    by_type = html[html.index('<table class="bytype">') :].split("</table>")[0]
    assert "<td>message</td>" not in by_type and "<td>mensajes</td>" in by_type


def test_timeline_has_one_row_per_account(tmp_path: Path) -> None:
    case = ig_case(tmp_path, issued="2026-03-02")
    config = case.config()
    with case.store(create=False) as store:
        records = load(store.db.conn, config, case.root)
    doubled = records + [records[0]]  # the same account suspected twice
    assert len(timeline._rows(doubled)) == len(records)
    label = timeline._label([records[0]])
    hit = records[0].hit
    assert label.startswith(f"{hit.platform}: ") and f"#{hit.id}" in label
    drawn = timeline.svg(doubled, config.order, _labels())
    assert drawn and b"<!--" not in drawn and b"<text" not in drawn


def _labels() -> dict[str, str]:
    keys = ("violation", "third_party_not_covered", "before_order", "after_order", "from_you")
    return {**dict.fromkeys(keys, "x"), "issued": "issued", "expires": "ends", "pending": "*"}


def test_report_has_a_viewport_tag() -> None:
    template = Path(report.__file__).parent.parent / "templates" / "report.html.j2"
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in (
        template.read_text(encoding="utf-8")
    )
