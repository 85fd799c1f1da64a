"""`nocontact report`: self-contained, escaped, in English or Spanish, with the order's terms."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file, extract_python
from babel.messages.pofile import read_po
from click.testing import CliRunner
from PIL import Image

from crawlers import exports
from nocontact.case import Case
from nocontact.cli import cli
from nocontact.evidence import export, log_pdf
from nocontact.language import contact_phrases
from nocontact.language.catalogues import translations
from nocontact.review import decisions
from tests.nocontact.evidence_case import XSS, confirm, demo_case, hit_id, ig_case


class _Tags(HTMLParser):
    """Every start tag with its attributes, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _report(case: Case, tmp_path: Path, *args: str) -> str:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["--case", str(case.root), "report", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == 0o600
    return out.read_text(encoding="utf-8")


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_report_is_self_contained_and_runs_nothing(tmp_path: Path) -> None:
    case = ig_case(tmp_path)
    confirm(case, "Nico Bauer")
    decisions.decide(case, hit_id(case, "Nico Bauer"), "note", f"note {XSS[1]}")
    html = _report(case, tmp_path)
    tags = _tags(html)
    assert {t for t, _ in tags}.isdisjoint({"script", "link", "iframe", "object", "embed", "base"})
    assert not [a for _, attrs in tags for a in attrs if a.startswith("on")]
    assert all(attrs["src"].startswith("data:") for t, attrs in tags if t == "img")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "default-src 'none'" in html and "@media print" in html
    for payload in XSS:
        assert payload not in html
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=&#34;alert(2)&#34;&gt;"
    assert f"hey {escaped}" in html
    assert "note &lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in html


def test_timeline_draws_platform_text_only_as_paths(tmp_path: Path) -> None:
    case = ig_case(tmp_path)
    html = _report(case, tmp_path)
    (uri,) = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    svg = base64.b64decode(uri).decode("utf-8")
    root = ET.fromstring(svg)  # well-formed
    assert root.tag.endswith("svg")
    assert "<text" not in svg and "script" not in svg.lower()
    assert "Nico" not in svg and "alert" not in svg
    assert "http://www.w3.org/2000/svg" in svg and not re.search(r'href="(?!#)', svg)


def test_order_terms_show_in_the_report(tmp_path: Path) -> None:
    case = ig_case(tmp_path, issued="2026-03-02")
    confirm(case, "Nico Bauer")
    html = _report(case, tmp_path)
    assert 'class="outside"' in html and "Outside the order: before it was issued" in html
    assert "Conversation started by you on Apr 1, 2026" in html
    assert "Your own action: not a violation, kept for the record" in html
    # repetition: the two messages after the order, numbered 1 and 2 overall and per account
    table = html[html.index("<h2>Repetition</h2>") : html.index("<h2>Confirmed hits</h2>")]
    assert re.findall(r'<td class="num">(\d+)</td><td>Apr 1, 2026', table) == ["1", "2"]
    assert "Nico Bauer" in table and "Zoë" not in table  # pending hits are not counted


def test_counts_per_account_and_type_and_dismissed_hits_hidden(tmp_path: Path) -> None:
    case = demo_case(tmp_path)
    confirm(case, "Robert Miller", "Mary Miller")
    decisions.decide(case, hit_id(case, "bob.miller.82"), "dismiss")
    html = _report(case, tmp_path)
    assert "2 confirmed hit(s) and 5 pending review" in html and "1 dismissed" in html
    assert 'id="hit-{}"'.format(hit_id(case, "bob.miller.82")) not in html
    row = re.search(
        r"<td>instagram: <bdi>Robert Miller</bdi></td>\s*<td>confirmed</td>(.*?)</tr>", html, re.S
    )
    assert row is not None
    numbers = re.findall(r'<td class="num">(\d+)</td>', row.group(1))
    types = re.findall(r'<th class="num">([a-z ]+)</th>', html)
    per_type = dict(zip(types, numbers, strict=False))
    assert per_type["messages"] == "4" and per_type["unsent messages"] == "1"
    # during the order, outside it, time not given, from you
    assert numbers[-4:] == ["6", "0", "0", "1"]
    # the demo order is in New York time: 21:02 UTC is 5:02 PM EDT
    assert "Mar 9, 2026, 5:02:00\u202fPM EDT (UTC-04:00)" in html


def test_avatar_beside_the_reference_photo(tmp_path: Path) -> None:
    case = demo_case(tmp_path)
    robert = hit_id(case, "Robert Miller")
    _store_avatar(case, robert, Image.new("RGB", (600, 600), (200, 30, 30)))
    html = _report(case, tmp_path)
    section = html[html.index(f'id="hit-{robert}"') :]
    section = section[: section.index("</section>")]
    images = re.findall(r'<img src="data:image/jpeg;base64,([^"]+)"', section)
    assert len(images) == 2  # this account, then the reference photo
    sizes = [Image.open(io.BytesIO(base64.b64decode(i))).size for i in images]
    assert all(max(size) <= 160 for size in sizes)
    assert "reference photo of the restrained person" in section


def test_an_altered_avatar_is_not_shown(tmp_path: Path) -> None:
    case = demo_case(tmp_path)
    robert = hit_id(case, "Robert Miller")
    path = _store_avatar(case, robert, Image.new("RGB", (64, 64), (0, 0, 0)))
    path.write_bytes(path.read_bytes() + b"x")
    section = _report(case, tmp_path).split(f'id="hit-{robert}"')[1].split("</section>")[0]
    assert "no avatar on record" in section


@pytest.mark.parametrize(
    ("jurisdiction", "lang", "expected"),
    [
        ("US-NY", "en", "directly or through third parties"),
        ("ES-M", "es", "El consentimiento de la víctima no excluye el delito"),
        ("ES-M", "en", "consent is no defence"),
        ("UK", "en", "depends on the wording of your order"),
    ],
)
def test_jurisdiction_text(tmp_path: Path, jurisdiction: str, lang: str, expected: str) -> None:
    html = _report(ig_case(tmp_path, jurisdiction=jurisdiction), tmp_path, "--lang", lang)
    assert expected in html
    assert ("not legal advice" if lang == "en" else "no asesoramiento jurídico") in html


def test_spanish_report_has_spanish_labels_dates_and_law(tmp_path: Path) -> None:
    case = ig_case(tmp_path, jurisdiction="ES-M", timezone="Europe/Madrid", issued="2026-03-02")
    confirm(case, "Nico Bauer")
    html = _report(case, tmp_path, "--lang", "es")
    assert '<html lang="es">' in html
    labels = (
        "Resumen",
        "Cronología",
        "Reiteración",
        "Coincidencias confirmadas",
        "qué ocurrió",
        "Le envió un mensaje",
        "Fuera de la orden: anterior a que se dictara",
        "Conversación iniciada por usted el 1 abr 2026",
    )
    for label in labels:
        assert label in html, label
    assert "art. 468 del Código Penal" in html and "«me gusta»" in html
    assert "1 abr 2026, 12:05:00 CEST (UTC+02:00)" in html  # 10:05 UTC in Madrid
    assert "Summary" not in html and "Confirmed hits" not in html
    assert "«me gusta», comentarios, menciones, etiquetas. Los «me gusta», comentarios" in html
    assert "are not in the download" not in html  # the gaps list reads in Spanish too
    assert "el nombre visible" in html and "display name" not in html  # and the reasons


def test_every_archive_gap_has_a_spanish_translation() -> None:
    """What each parser says its archive cannot show, and each kind it names."""
    spanish = translations("es").gettext
    gaps = [gap for parser in exports._BY_NAME.values() for gap in parser.GAPS]
    assert len(gaps) >= 10
    missing = [g.advice for g in gaps if spanish(g.advice) == g.advice]
    missing += [k for g in gaps for k in g.kinds if k not in contact_phrases._KIND_NOUNS]
    assert missing == []
    assert all(spanish(noun) != noun for noun in contact_phrases._KIND_NOUNS.values())


def test_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    case = ig_case(tmp_path)
    args = ["--case", str(case.root), "report", "-o", str(tmp_path / "r.html"), "--lang", "de"]
    assert CliRunner().invoke(cli, args).exit_code == 2


def test_every_message_has_a_spanish_translation() -> None:
    package = Path(contact_phrases.__file__).parent.parent
    messages = set(export.METHOD) | {heading for heading, _ in log_pdf._COLUMNS}
    for table in (
        contact_phrases._FROM_THEM,
        contact_phrases._FROM_YOU,
        contact_phrases._REASONS,
        contact_phrases._STARTED,
    ):
        messages |= set(table.values())
    for name in ("report.html.j2", "report_body.html.j2", "report_hit.html.j2"):
        options = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}
        found = extract_from_file("jinja2.ext:babel_extract", package / "templates" / name,
                                  options=options)  # fmt: skip
        messages |= {message for _, message, _, _ in found}
    for name in (
        "evidence/report.py",
        "evidence/log_pdf.py",
        "evidence/log_rows.py",
        "language/contact_phrases.py",
    ):
        with (package / name).open("rb") as fh:
            found = extract_python(fh, ["gettext", "_"], [], {})
            messages |= {m for _, _, m, _ in found if isinstance(m, str) and m}
    with (package / "locale" / "es" / "LC_MESSAGES" / "nocontact.po").open("rb") as fh:
        catalog = read_po(fh)
    missing = sorted(m for m in messages if not (catalog.get(m) and catalog.get(m).string))
    assert len(messages) > 100 and missing == []
    assert translations("es").gettext("Followed you") == "Empezó a seguirle"


def _store_avatar(case: Case, hit: int, image: Image.Image) -> Path:
    """An avatar as `nocontact enrich` keeps it: a file in evidence/avatars and its rows."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    data = buffer.getvalue()
    sha = hashlib.sha256(data).hexdigest()
    path = case.private_dir(case.root / "evidence" / "avatars") / f"{sha}.png"
    path.write_bytes(data)
    with case.store(create=False) as store:
        (account,) = store.db.execute("SELECT account_id FROM hits WHERE id = ?", (hit,)).fetchone()
        store.db.execute(
            "INSERT INTO enrichments (account_id, platform, fetch_url, fetched_at, status,"
            " avatar_sha256, avatar_path) VALUES (?, 'instagram', 'https://x.invalid/p', ?,"
            " 'ok', ?, ?)",
            (account, "2026-11-01T00:00:00.000Z", sha, f"evidence/avatars/{sha}.png"),
        )
        store.db.execute(
            "INSERT INTO avatars (account_id, image_sha256, phash, dhash, quality, is_default)"
            " VALUES (?, ?, '0', '0', 1.0, 0)",
            (account, sha),
        )
    return path
