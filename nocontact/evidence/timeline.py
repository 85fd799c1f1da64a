"""The timeline plot: every record of each hit over time, as an SVG drawn by matplotlib.

Only numbers, dates and our own labels reach the plot (rows are "#<hit id>", never a
platform's name), so no platform text can end up inside it. Matplotlib's object API is
used without pyplot, so no GUI backend is ever chosen; text is drawn as paths, so the SVG
needs no font. Matplotlib is imported only when a plot is drawn, after the CLI has pointed
its config and font cache into the case folder (Case.contain_caches).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from nocontact.config import Order
from nocontact.evidence.hit_records import HitRecord

if TYPE_CHECKING:
    from matplotlib.axes import Axes

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
    "issued", "expires" and "pending".
    """
    if not any(r.contacts for r in records):
        return None
    import matplotlib
    from matplotlib.dates import AutoDateLocator, DateFormatter
    from matplotlib.figure import Figure

    zone = ZoneInfo(order.timezone)
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "nocontact"}):
        figure = Figure(figsize=(9, 1.2 + 0.38 * len(records)), layout="constrained")
        axes = figure.add_subplot()
        _draw(axes, records, labels)
        _order_lines(axes, order, labels)
        axes.xaxis.set_major_locator(AutoDateLocator(tz=zone))
        axes.xaxis.set_major_formatter(DateFormatter("%Y-%m-%d", tz=zone))
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
        axes.grid(axis="x", color="#dddddd")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _draw(axes: Axes, records: list[HitRecord], labels: Mapping[str, str]) -> None:
    seen: set[str] = set()
    rows = list(reversed(records))  # first hit on top
    for y, record in enumerate(rows):
        for reason, (marker, face, edge) in _STYLE.items():
            moments = [c.at for c in record.contacts if c.assessment.reason == reason]
            if moments:
                axes.scatter(
                    moments, [y] * len(moments), marker=marker, s=36, linewidths=1.2,
                    facecolors=face, zorder=3, **({"edgecolors": edge} if edge else {}),
                    label=None if labels[reason] in seen else labels[reason],
                )  # fmt: skip
                seen.add(labels[reason])
    ticks = [f"#{r.hit.id}{'' if r.hit.status == 'confirmed' else '*'}" for r in rows]
    axes.set_yticks(range(len(rows)), ticks)
    axes.set_ylim(-0.7, len(rows) - 0.3)
    axes.set_title(labels["pending"], fontsize=8, loc="left")


def _order_lines(axes: Axes, order: Order, labels: Mapping[str, str]) -> None:
    """Where the order took effect (always shown) and ends (when inside the plotted period)."""
    from matplotlib.dates import num2date

    zone = ZoneInfo(order.timezone)
    low, high = num2date(axes.get_xlim()[0]), num2date(axes.get_xlim()[1])
    issued = datetime.combine(order.issued, time(0), zone)
    axes.axvline(issued, color="#333333", linewidth=1, label=labels["issued"])
    if order.expires:
        end = datetime.combine(order.expires + timedelta(days=1), time(0), zone)
        if low <= end <= high:
            axes.axvline(end, color="#333333", linestyle="--", linewidth=1, label=labels["expires"])
