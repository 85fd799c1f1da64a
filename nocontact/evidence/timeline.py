"""The timeline plot: every record of each account over time, as an SVG drawn by matplotlib.

One row per account, labelled with its platform, handle and hit number; at most `MAX_ROWS`
accounts (the report's first: confirmed, then highest score), so a case with thousands of hits
still gets a plot a person can read, and the plot says how many it leaves to the table. The
handle is the
only platform text in the plot: it is drawn as paths with math parsing off (a `$` in a handle
stays a `$`), and the SVG is shown as an <img>, which never runs anything. Matplotlib's
object API is used without pyplot, so no GUI backend is ever chosen; text is drawn as paths,
so the SVG needs no font. Dates are placed by a concise formatter, so they never collide.
Matplotlib is imported only when a plot is drawn, after the CLI has pointed its config and
font cache into the case folder (Case.contain_caches).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from nocontact.config import Order
from nocontact.evidence.hit_records import HitRecord
from nocontact.store.hits import Hit

if TYPE_CHECKING:
    from matplotlib.axes import Axes

_COMMENT = re.compile(rb"<!--.*?-->\n?", re.S)
MAX_ROWS = 60  # accounts drawn: more rows than this are unreadable on a page
# (marker, face colour, edge colour or None) per assessment reason
_STYLE = {
    "violation": ("o", "#c62828", "#c62828"),
    "third_party_not_covered": ("^", "#ef6c00", "#ef6c00"),
    "before_order": ("x", "#757575", None),  # an "x" has no edge: its face is its colour
    "after_order": ("x", "#757575", None),
    "from_you": ("s", "none", "#1565c0"),
}


def svg(records: list[HitRecord], order: Order, labels: Mapping[str, str]) -> bytes | None:
    """The plot as SVG bytes, or None when there is nothing to draw.

    `labels` holds the translated legend texts, keyed by assessment reason, plus
    "issued", "expires", "pending" and "more" (with `%(shown)s` and `%(total)s` accounts).
    """
    if not any(c.at for r in records for c in r.contacts):  # undated records are not drawn
        return None
    import matplotlib
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    zone = ZoneInfo(order.timezone)
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "nocontact"}):
        every = _rows(records)
        rows = every[:MAX_ROWS]
        if len(every) > len(rows):
            more = labels["more"] % {"shown": len(rows), "total": len(every)}
            labels = {**labels, "pending": f"{labels['pending']}; {more}"}
        figure = Figure(figsize=(9, 1.9 + 0.38 * len(rows)), layout="constrained")
        axes = figure.add_subplot()
        _draw(axes, rows, labels)
        _order_lines(axes, order, labels)
        locator = AutoDateLocator(tz=zone, minticks=3, maxticks=7)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator, tz=zone))
        axes.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=8, frameon=False
        )
        axes.grid(axis="x", color="#dddddd")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return _COMMENT.sub(b"", buffer.getvalue())  # matplotlib repeats each label as a comment


def _rows(records: list[HitRecord]) -> list[list[HitRecord]]:
    """The hits of each account together (one account may be suspected for two people)."""
    accounts: dict[tuple[str, str], list[HitRecord]] = {}
    for record in records:
        accounts.setdefault(row_of(record.hit), []).append(record)
    return list(accounts.values())


def row_of(hit: Hit) -> tuple[str, str]:
    """The account a hit's row stands for: its platform and how it is named."""
    return (hit.platform, hit.handle or hit.display_name or hit.user_id or "")


def _label(group: list[HitRecord]) -> str:
    """'instagram: rob.m82 (#3)', with '*' while a hit is not yet confirmed."""
    hit = group[0].hit
    who = _visible(hit.handle or hit.display_name or hit.user_id or "?")
    who = who if len(who) <= 28 else who[:27] + "…"
    ids = ", ".join(f"#{r.hit.id}{'' if r.hit.status == 'confirmed' else '*'}" for r in group)
    return f"{hit.platform}: {who} ({ids})"


def _visible(text: str) -> str:
    """Control and format characters spelt out as [U+XXXX], as log.pdf shows them: no font
    draws them (matplotlib warned on stderr), and a right-to-left override is shown, not obeyed.

    >>> _visible("rob\\x07\\u202em82")
    'rob[U+0007][U+202E]m82'
    """
    return "".join(
        f"[U+{ord(c):04X}]" if unicodedata.category(c) in ("Cc", "Cf") else c for c in text
    )


def _draw(axes: Axes, groups: list[list[HitRecord]], labels: Mapping[str, str]) -> None:
    """Every record as a marker on its account's row: one scatter per kind of marker."""
    rows = list(reversed(groups))  # first account on top
    points: dict[str, tuple[list[datetime], list[int]]] = {}
    for y, group in enumerate(rows):
        contacts = {c.id: c for record in group for c in record.contacts}.values()
        for c in contacts:
            if c.at and c.assessment.reason in _STYLE:
                moments, ys = points.setdefault(c.assessment.reason, ([], []))
                moments.append(c.at)
                ys.append(y)
    seen: set[str] = set()
    for reason, (marker, face, edge) in _STYLE.items():
        if reason in points:
            moments, ys = points[reason]
            axes.scatter(
                moments, ys, marker=marker, s=36, linewidths=1.2,
                facecolors=face, zorder=3, **({"edgecolors": edge} if edge else {}),
                label=None if labels[reason] in seen else labels[reason],
            )  # fmt: skip
            seen.add(labels[reason])
    axes.set_yticks(range(len(rows)), [_label(group) for group in rows])
    for tick in axes.get_yticklabels():
        tick.set_parse_math(False)
    axes.set_ylim(-0.7, len(rows) - 0.3)
    axes.set_title(labels["pending"], fontsize=8, loc="left", pad=14)


def _order_lines(axes: Axes, order: Order, labels: Mapping[str, str]) -> None:
    """Where the order took effect (always shown) and ends (when inside the plotted period)."""
    from matplotlib.dates import num2date

    zone = ZoneInfo(order.timezone)
    low, high = num2date(axes.get_xlim()[0]), num2date(axes.get_xlim()[1])
    issued = datetime.combine(order.issued, time(0), zone)
    axes.axvline(issued, color="#333333", linewidth=1, label=labels["issued"])
    _mark(axes, issued, f"{labels['issued']} {order.issued.isoformat()}")
    if order.expires:
        end = datetime.combine(order.expires + timedelta(days=1), time(0), zone)
        if low <= end <= high:
            axes.axvline(end, color="#333333", linestyle="--", linewidth=1, label=labels["expires"])
            _mark(axes, end, f"{labels['expires']} {order.expires.isoformat()}")


def _mark(axes: Axes, at: datetime, text: str) -> None:
    """The order's date written above its line, so it is read without the legend."""
    axes.annotate(
        text, xy=(at, 1), xycoords=("data", "axes fraction"), xytext=(2, 2),
        textcoords="offset points", fontsize=7, color="#333333", va="bottom",
        annotation_clip=False,
    )  # fmt: skip
