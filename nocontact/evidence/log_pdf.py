"""log.pdf: the evidence log as a readable, printable document (fpdf2).

Same rows as log.csv, with page numbers and the ledger head on every page. Platform text
is drawn as plain text (never interpreted as markup); the font is the DejaVu Sans that
matplotlib ships, with Noto Emoji (shipped in nocontact/fonts/, OFL) for the emoji and
symbols it lacks, both embedded; any character neither can draw is written as [U+XXXX] so
nothing silently disappears. Very long texts are shortened here; log.csv and the raw
copies keep them whole.
"""

from __future__ import annotations

import importlib.util
import itertools
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.line_break import BREAKING_SPACE_SYMBOLS_STR, NBSP
from fpdf.util import FloatTolerance

from nocontact.errors import NocontactError
from nocontact.language import jurisdiction, reasons
from nocontact.language.catalogues import translations

_EMOJI = resources.files("nocontact") / "fonts" / "NotoEmoji-Regular.ttf"
_PRESENTATION = {0xFE0E, 0xFE0F}  # text/emoji style selectors: dropped, they change no meaning
_MAX_TEXT = 1200
_LINE = 3.2  # mm per line of text in a table cell
_HEADING_FILL = (235, 235, 235)
# Where the page count goes: NUL never reaches the page (_printable spells it out), so a
# message saying "{nb}", fpdf2's default, is printed as written and not as the page count.
# Three characters wide like "{nb}", whose place fpdf2 reserves as "000".
_PAGES = "\x00#\x00"
_TAB = "    "  # how a tab in a record is drawn
_COLUMNS = (  # (heading, width in mm on a 277 mm wide A4 landscape page)
    ("#", 12),
    ("When", 30),
    ("Account", 38),
    ("What happened", 36),
    ("Text", 60),
    ("Under the order", 31),
    ("Source and raw record sha256", 70),  # the source as S1, S2… of the Sources list
)


class _Log(FPDF):
    """Every page carries its number and the ledger head the export was sealed with."""

    def __init__(self, footer_text: str, head: str, page_format: str) -> None:
        super().__init__(orientation="landscape", unit="mm", format=page_format)
        self.footer_text, self.head = footer_text, head
        fonts = _fonts()
        self.add_font("dejavu", fname=str(fonts / "DejaVuSans.ttf"))
        self.add_font("dejavu", style="B", fname=str(fonts / "DejaVuSans-Bold.ttf"))
        self.add_font("mono", fname=str(fonts / "DejaVuSansMono.ttf"))
        with resources.as_file(_EMOJI) as emoji:
            self.add_font("emoji", fname=str(emoji))
        self.set_fallback_fonts(["emoji"], exact_match=False)
        self.alias_nb_pages(_PAGES)
        self.set_auto_page_break(auto=True, margin=14)
        self.set_margins(10, 10, 10)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("dejavu", size=7)
        text = self.footer_text % {"page": self.page_no(), "pages": _PAGES, "head": self.head}
        self.cell(0, 4, text, align="C")


def render(rows: list[dict[str, str]], meta: Mapping[str, Any], *, lang: str) -> bytes:
    """The PDF bytes for the export's rows and manifest metadata."""
    _ = translations(lang).gettext
    order = meta["order"]
    us = jurisdiction.family(order["jurisdiction"] or "") == "US"
    footer = _("Page %(page)s of %(pages)s · ledger head %(head)s")
    pdf = _Log(footer, meta["ledger"]["head"], "letter" if us else "A4")
    pdf.set_title(_("Evidence log"))
    pdf.set_creator(f"nocontact {meta['tool']['version']}")
    pdf.add_page()
    _heading(pdf, _("Evidence log: contact under a no-contact order"), size=15)
    _summary(pdf, meta, _)
    _hits(pdf, meta, rows, lang)
    labels = _sources(pdf, rows, _)
    _heading(pdf, _("Records"), size=12)
    _table(pdf, rows, labels, _)
    return bytes(pdf.output())


def _summary(pdf: FPDF, meta: Mapping[str, Any], _: Any) -> None:
    order = meta["order"]
    issued = _("Order issued: %(date)s") % {"date": order["issued"]}
    if order["expires"]:
        issued += "; " + _("in force until and including %(date)s") % {"date": order["expires"]}
    covered = (
        _("Contact through third parties is covered.")
        if order["covers_third_parties"]
        else _("Contact through third parties is not covered.")
    )
    where = _("Jurisdiction: %(name)s.") % {"name": order["jurisdiction"] or _("not stated")}
    lines = [
        issued,
        f"{where} {covered}",
        _("Times are shown in %(zone)s.") % {"zone": order["timezone"]},
        _("Exported %(when)s by nocontact %(version)s.")
        % {"when": meta["created_at"], "version": meta["tool"]["version"]},
        _("Ledger head at export (%(entries)s entries): %(head)s") % meta["ledger"],
        _(
            "This export is sealed by the next ledger entry, number %(seq)s, which records "
            "the SHA-256 of manifest.json; `nocontact export` printed that entry's hash and "
            "`nocontact verify` checks it."
        )
        % {"seq": meta["ledger"]["entries"] + 1},
        _("Every file of this export is listed with its SHA-256 in manifest.json."),
    ]
    _paragraphs(pdf, lines)
    _heading(pdf, _("Method"), size=11)
    _paragraphs(pdf, [_(sentence) for sentence in meta["method"]], size=8)


def _hits(pdf: FPDF, meta: Mapping[str, Any], rows: list[dict[str, str]], lang: str) -> None:
    _ = translations(lang).gettext
    _heading(pdf, _("Confirmed hits"), size=12)
    notes = {r["hit_id"]: (r["reviewer_notes"], r["witnesses"]) for r in rows}
    for hit in meta["confirmed_hits"]:
        who = hit["handle"] or hit["display_name"] or hit["user_id"]
        subject = _("the restrained person") if hit["subject"] == "restrained" else hit["subject"]
        note, witnesses = notes.get(str(hit["id"]), ("", ""))
        lines = [
            f"#{hit['id']} · {hit['platform']}: {who} · "
            + _("Suspected link to %(who)s, because:") % {"who": subject}
            + " "
            + "; ".join(reasons.reasons(hit["reasons"], lang))
        ]
        lines += [_("Reviewer notes: %(text)s") % {"text": note}] if note else []
        lines += [_("Witnesses: %(text)s") % {"text": witnesses}] if witnesses else []
        _paragraphs(pdf, lines, size=8)


def _sources(pdf: FPDF, rows: list[dict[str, str]], _: Any) -> dict[str, str]:
    """List each source once (S1, S2…): rows then name it instead of repeating it."""
    _heading(pdf, _("Sources"), size=12)
    labels: dict[str, str] = {}
    for row in rows:
        if row["source_sha256"] not in labels:
            labels[row["source_sha256"]] = label = f"S{len(labels) + 1}"
            line = _("%(label)s: %(file)s (%(kind)s), read %(when)s, sha256 %(sha)s") % {
                "label": label,
                "file": row["source_file"],
                "kind": row["source_kind"],
                "when": row["read_at"],
                "sha": row["source_sha256"],
            }
            _paragraphs(pdf, [line], size=8)
    return labels


def _table(pdf: _Log, rows: list[dict[str, str]], labels: dict[str, str], _: Any) -> None:
    """The records as a bordered table whose heading row repeats on every page.

    Drawn line by line: fpdf2's table() and multi_cell() re-measure the whole line for every
    character they add, twice per cell, which made a 5,000-row log take minutes. The page
    is the one table() drew: same widths, line breaks, page breaks and positions.
    """
    pdf.set_font("dejavu", size=6.5)
    scale = pdf.epw / sum(w for _text, w in _COLUMNS)  # US Letter is narrower than A4
    ratios = [w * scale for _text, w in _COLUMNS]
    widths = [r / sum(ratios) * pdf.epw for r in ratios]
    table = _Table(pdf, widths)
    heading = table.lay_out([_(text) for text, _width in _COLUMNS], bold=True)
    table.most = int((pdf.page_break_trigger - pdf.t_margin - heading.height) / _LINE)
    body = (
        table.lay_out(_cells(row, labels[row["source_sha256"]], _), note=_shortened(row, _))
        for row in rows
    )
    first = next(body, None)
    if first is not None and pdf.will_page_break(heading.height + first.height):
        pdf.add_page(same=True)  # never a heading alone at the foot of a page
    if pdf.will_page_break(heading.height):
        pdf.add_page(same=True)
    table.draw(heading)
    for laid in itertools.chain([] if first is None else [first], body):
        if pdf.will_page_break(laid.height):
            pdf.add_page(same=True)
            table.draw(heading)
        table.draw(laid)
    pdf.set_x(pdf.l_margin)


class _Laid(NamedTuple):
    cells: list[list[str]]  # each cell's text, broken into lines that fit its column
    height: float
    bold: bool


class _Table:
    """Breaks cell text into lines the way fpdf2's multi_cell() does, measuring each
    character once, and draws each line where multi_cell() put it."""

    def __init__(self, pdf: _Log, widths: list[float]) -> None:
        self.pdf, self.widths = pdf, widths
        self.xs = list(itertools.accumulate(widths[:-1], initial=pdf.l_margin))
        self.size = pdf.font_size_pt
        self.measured: dict[bool, dict[str, tuple[float, bool]]] = {False: {}, True: {}}
        self.most = 1 << 30  # lines a cell may take: a row must fit on one page

    def lay_out(self, texts: Iterable[str], *, bold: bool = False, note: str = "") -> _Laid:
        """The row broken into lines; a cell too tall for a page ends with the note."""
        cells = []
        for text, width in zip(texts, self.widths, strict=True):
            lines = self._lines(_printable(text), width, bold) if text else []
            if len(lines) > self.most:
                tail = self._lines(_printable(note), width, bold)
                lines = lines[: self.most - len(tail)] + tail
            cells.append(lines)
        return _Laid(cells, max(len(lines) for lines in cells) * _LINE or _LINE, bold)

    def draw(self, laid: _Laid) -> None:
        pdf, top = self.pdf, self.pdf.y
        bottom = top + laid.height  # drawn upwards from here, as fpdf2's table() did
        pdf.set_font("dejavu", style="B" if laid.bold else "", size=self.size)
        for x, width, lines in zip(self.xs, self.widths, laid.cells, strict=True):
            if laid.bold:
                with pdf.local_context(fill_color=_HEADING_FILL):
                    pdf.rect(x, bottom, width, -laid.height, style="DF")
            else:
                pdf.rect(x, bottom, width, -laid.height)
            for place, line in enumerate(lines):
                y = top + place * _LINE
                if any(self._measure(char, laid.bold)[1] for char in line):
                    pdf.set_xy(x, y)  # cell() switches to the emoji font where needed
                    pdf.cell(width, _LINE, line.replace(NBSP, " "))
                elif line:  # text() is cell()'s drawing without its per-character work
                    baseline = y + _LINE / 2 + 0.3 * pdf.font_size
                    pdf.text(x + pdf.c_margin, baseline, line.replace(NBSP, " "))
        pdf.set_font("dejavu", size=self.size)
        pdf.set_xy(pdf.l_margin, top + laid.height)

    def _lines(self, text: str, width: float, bold: bool) -> list[str]:
        """multi_cell()'s word wrap: break at the last space before the edge (dropping that
        space), else before the character that does not fit; a newline always breaks."""
        limit = width - 2 * self.pdf.c_margin + FloatTolerance.TOLERANCE
        lines: list[str] = []
        start, end = 0, len(text)
        while start < end:
            used, space, i = 0.0, -1, start
            while i < end:
                char = text[i]
                if char == "\n":
                    lines.append(text[start:i])
                    start = i + 1
                    break
                advance = self._measure(char, bold)[0]
                if used + advance > limit:
                    if char in BREAKING_SPACE_SYMBOLS_STR:
                        lines.append(text[start:i])
                        start = i + 1
                    elif space >= 0:
                        lines.append(text[start:space])
                        start = space + 1
                    else:
                        i = max(i, start + 1)  # a character wider than the column: alone
                        lines.append(text[start:i])
                        start = i
                    break
                if char in BREAKING_SPACE_SYMBOLS_STR:
                    space = i
                used += advance
                i += 1
            else:
                lines.append(text[start:end])
                start = end
        return lines

    def _measure(self, char: str, bold: bool) -> tuple[float, bool]:
        """The character's width in mm, and whether the emoji font draws it."""
        known = self.measured[bold].get(char)
        if known is None:
            main = self.pdf.fonts["dejavuB" if bold else "dejavu"]
            emoji = self.pdf.fonts["emoji"]
            code = ord(char)
            fallback = code not in main.cmap and code in emoji.cmap
            font = emoji if fallback else main
            known = (font.cw[code] * self.size * 0.001 / self.pdf.k, fallback)
            self.measured[bold][char] = known
        return known


def _shortened(row: dict[str, str], _: Any) -> str:
    return "… " + _("(shortened here; whole in log.csv and %(copy)s)") % {"copy": row["raw_copy"]}


def _cells(row: dict[str, str], source: str, _: Any) -> tuple[str, ...]:
    text = row["text"]
    if len(text) > _MAX_TEXT:
        text = text[:_MAX_TEXT] + " " + _shortened(row, _)
    where = row["api_url"] or f"{row['inner_path']}#{row['record_index']}".rstrip("#")
    account = " · ".join(v for v in (row["account_handle"], row["account_name"]) if v)
    return (
        row["interaction_id"],
        f"{row['date']} {row['time']}\n{row['time_zone']}",
        account + "\n" + (_("id %(id)s · hit #%(hit)s") if row["account_id"] else _("hit #%(hit)s"))
        % {"id": row["account_id"], "hit": row["hit_id"]},
        f"{row['what_happened']}\n({row['platform']} {row['type']})",
        text,
        f"{row['under_the_order']}"
        + ("\n" + _("Conversation started by: %(who)s") % {"who": row["conversation_started_by"]}
           if row["conversation_started_by"] else ""),
        f"{source} · {where}\n" + _("raw record sha256") + f"\n{_halves(row['raw_sha256'])}",
    )  # fmt: skip


def _halves(digest: str) -> str:
    """A SHA-256 on two lines of 32, split where a reader expects, not where the cell ends."""
    return f"{digest[:32]}\n{digest[32:]}"


def _heading(pdf: FPDF, text: str, *, size: float) -> None:
    pdf.set_font("dejavu", style="B", size=size)
    pdf.multi_cell(0, size * 0.55, _printable(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _paragraphs(pdf: FPDF, lines: list[str], *, size: float = 9) -> None:
    pdf.set_font("dejavu", size=size)
    for line in lines:
        pdf.multi_cell(0, size * 0.5, _printable(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _printable(text: str) -> str:
    """Keep what the font can draw; spell out the rest, and invisible controls, as [U+XXXX].

    A right-to-left override or a zero-width character is shown, not obeyed. A tab becomes
    four spaces: the font has no tab glyph (fpdf2 would warn and draw nothing).

    >>> _printable("Zoë 🔥🙏❤\\ufe0f \\U000E0001\\u202e\\ta\\r\\n")
    'Zoë 🔥🙏❤ [U+E0001][U+202E]    a\\n'
    """
    drawable = _codepoints()
    out = []
    for char in text.replace("\r\n", "\n").replace("\t", _TAB):
        if ord(char) in _PRESENTATION:
            continue
        visible = char == "\n" or unicodedata.category(char) not in ("Cc", "Cf")
        out.append(char if visible and ord(char) in drawable else f"[U+{ord(char):04X}]")
    return "".join(out)


@cache
def _fonts() -> Path:
    """Matplotlib's font folder, found without importing it (its import writes a config dir)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise NocontactError("matplotlib is not installed; it ships the PDF's font")
    return Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"


@cache
def _codepoints() -> frozenset[int]:
    with TTFont(_fonts() / "DejaVuSans.ttf", lazy=True) as font:
        drawn = frozenset(font.getBestCmap())
    with resources.as_file(_EMOJI) as emoji, TTFont(emoji, lazy=True) as font:
        drawn |= frozenset(font.getBestCmap())
    return drawn | {10}  # newline lays out text
