"""The self-contained HTML report: the order, what was found, every record and its hash."""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from crawlers import exports
from nocontact import __version__
from nocontact.case import Case
from nocontact.config import Config
from nocontact.evidence import hit_records, images, timeline
from nocontact.evidence.hit_records import Contact, HitRecord
from nocontact.evidence.marks import shown
from nocontact.evidence.terms import Assessment
from nocontact.language import catalogues, contact_phrases, jurisdiction, reasons
from nocontact.store import cipher, ledger, overview, sources
from nocontact.store.hits import Hit, status_counts
from nocontact.store.instants import now
from nocontact.store.interactions import inbound_accounts, type_counts
from nocontact.store.sources import SourceRow


def render(case: Case, *, lang: str = "en") -> str:
    """HTML with every platform string escaped and no external request of any kind."""
    return "".join(pieces(case, lang=lang))


def pieces(case: Case, *, lang: str = "en") -> Iterator[str]:
    """The report's HTML in pieces as the template writes them: a report of thousands of
    hits is written out as it is made, each hit's records read as its section is written,
    so neither the page nor every record is ever held whole."""
    config = case.config()
    with case.store(create=False) as store, store.reading() as conn:  # one snapshot
        hits = hit_records.chosen(conn)
        tally = _tally(conn, config, hits)
        listed = sources.sources(conn)
        context = {
            "config": config,
            "lang": lang,
            "law": jurisdiction.explain(config.order.jurisdiction, lang),
            "hits": hits,
            "confirmed_views": _views(conn, case, hits, "confirmed", lang),
            "pending_views": _views(conn, case, hits, "new", lang),
            "counts": tally.counts,
            "repeats": hit_records.repetition(tally.violations),
            "dismissed": status_counts(conn)["dismissed"],
            "plot": _plot(tally.plotted, config, lang),
            "sources": [_source(row) for row in listed],
            "gaps": exports.gaps(
                [p for row in listed for p in row.platforms],
                shown=overview.kinds_by_platform(conn),
            ),
            "types": type_counts(conn),
            "accounts": inbound_accounts(conn),
            "head": ledger.head(conn),
            "entries": ledger.entry_count(conn),
            "generated": now(),
            "version": __version__,
        }
        env = catalogues.environment(lang, timezone=config.order.timezone)
        env.filters["shown"] = shown
        # Asked once per record, answered from a few (type, direction) and assessments.
        happened = cache(lambda type_, way: contact_phrases.what_happened(type_, way, lang))
        counted = cache(lambda assessment: contact_phrases.counts(assessment, lang))
        env.globals.update(
            what_happened=lambda c: happened(c.type, c.direction),
            counts_as=lambda c: counted(c.assessment),
            contact_rows=lambda contacts, label: _contact_rows(
                contacts,
                label,
                lambda at: catalogues.when(at, config.order.timezone, lang),
                happened,
                counted,
            ),  # fmt: skip
            gap=lambda g: contact_phrases.gap(g.kinds, g.advice, lang),
            kind=lambda k: contact_phrases.kind_noun(k, lang),
        )
        yield from env.get_template("report.html.j2").generate(**context)


@dataclass(frozen=True, slots=True)
class _Tally:
    """What the summary, repetition table and plot need of every hit, read hit by hit."""

    counts: dict[str, Any]
    violations: list[HitRecord]  # confirmed hits with their violations only
    plotted: list[HitRecord]  # every record of the plot's accounts; the others without


def _tally(conn: sqlite3.Connection, config: Config, hits: list[Hit]) -> _Tally:
    inbound: list[tuple[Hit, Counter[str], Counter[str]]] = []
    violations, plotted, rows = [], [], set()
    for hit in hits:
        record = hit_records.assessed(conn, config, hit)
        inbound.append(
            (
                hit,
                Counter(c.type for c in record.contacts if c.direction == "in"),
                Counter(c.assessment.reason for c in record.contacts),
            )
        )
        if hit.status == "confirmed":
            violations.append(replace(record, contacts=record.violations))
        rows.add(timeline.row_of(hit))
        plotted.append(record if len(rows) <= timeline.MAX_ROWS else replace(record, contacts=()))
    types = sorted({t for _, counter, _ in inbound for t in counter})
    counts = {
        "types": types,
        "rows": [
            {"hit": hit, "types": [counter[t] for t in types], "reasons": reasons}
            for hit, counter, reasons in inbound
        ],
    }
    return _Tally(counts, violations, plotted)


def _views(
    conn: sqlite3.Connection, case: Case, hits: list[Hit], status: str, lang: str
) -> Iterator[dict[str, Any]]:
    """Each hit's section, its records read as the template reaches it."""
    config, key = case.config(), case.file_key()
    for hit in hits:
        if hit.status == status:
            yield _view(
                hit_records.load_one(conn, config, case.root, hit, key=key), config, lang, key
            )


def write(case: Case, output: Path, *, lang: str = "en", plain: bool = False) -> Path:
    """Write the report readable by the user only (it holds private messages).

    An encrypted case's report is sealed with the case's key unless `plain` asks for a
    readable copy.
    """
    with case.store(create=False) as store:  # the terms applied are the ones the ledger holds
        with store.reading() as conn:
            sealed = case.order_sealed(conn)
        if not sealed:  # written only when they changed: a read-only case still reports
            with store.transaction() as conn:
                case.seal_order(conn)
    key = None if plain else case.file_key()
    data = _encoded(pieces(case, lang=lang))
    partial = output.with_name(f"{output.name}.partial")  # a failure leaves no half report
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            if key is None:
                fh.writelines(data)
            else:
                cipher.seal(data, fh, key)
        os.chmod(partial, 0o600)
        os.replace(partial, output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return output


def _contact_rows(
    contacts: tuple[Contact, ...],
    label: str,
    when: Callable[[datetime | None], str],
    happened: Callable[[str, str], str],
    counted: Callable[[Assessment], str],
) -> Markup:
    """A hit's table rows, as `report_hit.html.j2` would write them in a loop, written here:
    a report of 200,000 records spends most of its time in these rows. Platform text is
    `shown` (escaped, isolated), every other value escaped."""
    rows = []
    for c in contacts:
        a = c.assessment
        css = (
            "mine"
            if c.direction == "out"
            else "violation"
            if a.violation
            else "outside"
            if a.standing in ("before_order", "after_order")
            else "undated"
            if c.at is None or a.standing == "implausible_time"
            else ""
        )
        rows.append(
            f'<tr class="{css}">\n<td>{escape(when(c.at))}</td>'
            f"<td>{escape(happened(c.type, c.direction))}</td><td>{shown(c.text)}</td>\n"
            f'<td><span class="flag">{escape(counted(a))}</span></td>\n'
            f'<td class="hash">{shown(c.source.name)} · {shown(c.locator)}<br>{label} '
            f"{escape(c.raw_sha256)}</td></tr>"
        )
    return Markup("".join(rows))


def _encoded(html: Iterator[str], size: int = 1 << 20) -> Iterator[bytes]:
    """UTF-8 in pieces of about `size` characters, with no NUL byte, whatever its source."""
    held: list[str] = []
    count = 0
    for piece in html:
        held.append(piece)
        count += len(piece)
        if count >= size:
            yield "".join(held).replace("\x00", "\ufffd").encode("utf-8")
            held, count = [], 0
    yield "".join(held).replace("\x00", "\ufffd").encode("utf-8")


def _view(record: HitRecord, config: Config, lang: str, key: bytes | None) -> dict[str, Any]:
    """What the template shows of a hit, photos already embedded as data: URIs."""
    starts = {c.thread.key: c.thread for c in record.contacts if c.thread}
    return {
        **record.hit.to_json(),
        "record": record,
        "who": _subject(config, record.hit.subject, lang),
        "reasons": reasons.reasons(record.hit.reasons, lang),
        "avatar": images.photo_uri(record.avatar, key=key) if record.avatar else None,
        "references": [uri for p in record.references[:3] if (uri := images.photo_uri(p))],
        "threads": [
            contact_phrases.started(s, config.order.timezone, lang)
            for s in sorted(starts.values(), key=lambda s: s.at)
        ],
    }


def _subject(config: Config, subject: str, lang: str) -> str:
    gettext = catalogues.translations(lang).gettext
    if subject == "restrained":
        return gettext("the restrained person")
    relation = next((a.relation for a in config.associates if a.names[0] == subject), None)
    return f"{subject} ({relation})" if relation else subject


def _plot(found: list[HitRecord], config: Config, lang: str) -> str | None:
    gettext = catalogues.translations(lang).gettext
    labels = {
        "violation": gettext("contact while the order was in force"),
        "third_party_not_covered": gettext("through a third party, not covered"),
        "before_order": gettext("outside the order"),
        "after_order": gettext("outside the order"),
        "from_you": gettext("your own messages"),
        "issued": gettext("order issued"),
        "expires": gettext("order expired"),
        "pending": gettext("#n = hit number; * = not yet reviewed"),
        "more": gettext("the first %(shown)s of %(total)s accounts; every record is listed below"),
    }
    drawn = timeline.svg(found, config.order, labels)
    return images.data_uri(drawn, "image/svg+xml") if drawn else None


def _source(row: SourceRow) -> dict[str, Any]:
    return {
        "name": row.original_name,
        "sha256": row.sha256,
        "platforms": ",".join(row.platforms),
        "at": row.finished_at,
        "counts": row.counts,
    }
