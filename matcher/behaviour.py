"""When and how an account behaves: new accounts, contact right after a block, bursts, hours.

An evader's new account tends to be created after the order, to make contact within days of
the old account being blocked, to send many messages at once, and to be active at the same
hours of the day as the old one. Innocent accounts do each of these too, so each is only a
number for the classifier, never a verdict on its own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from matcher.types import Candidate, Evidence, Reason

FEATURES = (
    "created_after_order",
    "created_unknown",
    "created_recent",
    "after_silence",
    "burst",
    "hours_sim",
    "anonymity",
)
SILENCE_DAYS = 14.0  # first contact this many days after a block weighs 1/e as much
CREATED_DAYS = 30.0  # created this many days before first contact weighs 1/e as much
_SMOOTH = np.array([0.25, 0.5, 0.25])  # hours are fuzzy: spread each over its neighbours
_GENERIC_HANDLE = re.compile(r"^(user|instagram|tiktok|fb)?[a-z]*[._]?[0-9]{6,}$")
_MANY_DIGITS = re.compile(r"[0-9]{4,}")


@dataclass(frozen=True, slots=True)
class Timeline:
    """What is known of the subject's own accounts' activity, prepared once."""

    order_issued: date | None
    silenced: tuple[tuple[str, datetime], ...]  # (which account, when it was blocked or went quiet)
    hours: np.ndarray | None  # (24,) share of the known accounts' activity per UTC hour

    @classmethod
    def build(cls, order_issued: date | None, known: Sequence[tuple[str, Candidate]]) -> Timeline:
        """From the subject's known accounts, each given with a label such as its handle."""
        silenced = tuple(
            (label, c.blocked_at or max(c.times)) for label, c in known if c.blocked_at or c.times
        )
        times = [t for _, c in known for t in c.times]
        hours = _hour_profiles([times])[0] if times else None
        return cls(order_issued, silenced, hours)


def _hour_profiles(times: Sequence[Sequence[datetime]]) -> np.ndarray:
    """Each account's smoothed, normalised histogram of activity by UTC hour: (accounts, 24)."""
    counts = np.zeros((len(times), 24))
    rows = [i for i, ts in enumerate(times) for _ in ts]
    hours = [t.hour for ts in times for t in ts]
    np.add.at(counts, (rows, hours), 1.0)
    smooth = sum(w * np.roll(counts, s, axis=1) for w, s in zip(_SMOOTH, (-1, 0, 1), strict=True))
    norms = np.linalg.norm(smooth, axis=1, keepdims=True)
    return np.divide(smooth, norms, out=np.zeros_like(smooth), where=norms > 0)


def compare(
    timeline: Timeline, candidates: Sequence[Candidate], *, owner: str = "the subject's"
) -> Evidence:
    """The behaviour features of many accounts against one subject's known accounts."""
    n = len(candidates)
    columns = {name: np.zeros(n) for name in FEATURES}
    said: dict[int, list[Reason]] = {}  # most accounts have nothing to say
    times = [c.times for c in candidates]
    counts = np.array([len(ts) for ts in times], dtype=float)
    if timeline.hours is not None:
        columns["hours_sim"] = (_hour_profiles(times) @ timeline.hours) * counts / (counts + 4)
    firsts = [min(ts) if ts else None for ts in times]
    # Feature by feature, in the order an account's reasons are said; a column is written only
    # where it is not zero.
    dated = [i for i, c in enumerate(candidates) if c.created_at is not None]
    columns["created_unknown"][:] = 1.0
    columns["created_unknown"][dated] = 0.0
    rows = [(i, _created(timeline.order_issued, candidates[i], firsts[i])) for i in dated]
    _write(columns, said, ((i, row) for i, found in rows for row in found))
    if timeline.silenced:
        _write(columns, said, ((i, _after_silence(timeline, f)) for i, f in enumerate(firsts)))
    bursts = ((i, _burst(ts)) for i, ts in enumerate(times) if len(ts) > 1)
    _write(columns, said, bursts)
    _write(columns, said, enumerate(map(_anonymity, candidates)))
    for i in np.flatnonzero(columns["hours_sim"] >= 0.6).tolist():
        text = f"active at the same hours of the day as {owner} known accounts"
        said.setdefault(i, []).append(Reason("hours_sim", "same hours", text, 0.0))
    return Evidence(columns, tuple(tuple(said[i]) if i in said else () for i in range(n)))


def possible(timeline: Timeline, candidates: Sequence[Candidate]) -> dict[str, np.ndarray]:
    """Per feature, the accounts `compare` may give a nonzero value, read off what each has
    (a creation date, contact times) without comparing: the rest get 0 for certain."""
    dated = np.array([c.created_at is not None for c in candidates], dtype=bool)
    contacts = np.array([len(c.times) for c in candidates], dtype=int)
    timed = contacts > 0
    return {
        "created_after_order": dated,
        "created_unknown": ~dated,
        "created_recent": dated,
        "after_silence": timed & bool(timeline.silenced),
        "burst": contacts > 1,
        "hours_sim": timed & (timeline.hours is not None),
        "anonymity": np.ones(len(candidates), dtype=bool),
    }


def _write(
    columns: dict[str, np.ndarray],
    said: dict[int, list[Reason]],
    rows: Iterable[tuple[int, _Row]],
) -> None:
    """Each account's nonzero values into its columns, its reasons after those said before."""
    found: dict[str, tuple[list[int], list[float]]] = {}
    for i, (name, value, reason) in rows:
        if value:
            where, values = found.setdefault(name, ([], []))
            where.append(i)
            values.append(value)
        if reason:
            said.setdefault(i, []).append(Reason(name, reason[0], reason[1], 0.0))
    for name, (where, values) in found.items():
        columns[name][where] = values


_Row = tuple[str, float, tuple[str, str] | None]
_NO_SILENCE: _Row = ("after_silence", 0.0, None)


def _created(order: date | None, candidate: Candidate, first: datetime | None) -> list[_Row]:
    """Account age against the order date and against its first contact."""
    created = candidate.created_at
    if created is None:
        return [("created_unknown", 1.0, None)]
    rows: list[_Row] = []
    if order is not None and created.date() >= order:
        said = f"account created {created.date()}, after the order ({order})"
        rows.append(("created_after_order", 1.0, ("after order", said)))
    if first is not None and first >= created:
        days = (first - created).total_seconds() / 86400
        reason = None
        if days <= 14:
            said = f"first contact {_days(days)} after the account was created"
            reason = ("new account", said)
        rows.append(("created_recent", math.exp(-days / CREATED_DAYS), reason))
    return rows


def _after_silence(timeline: Timeline, first: datetime | None) -> _Row:
    """How soon after a known account was blocked or went quiet this one made contact."""
    if first is None or not timeline.silenced:
        return _NO_SILENCE
    gaps = [
        ((first - at).total_seconds() / 86400, label)
        for label, at in timeline.silenced
        if first is not None and first >= at
    ]
    if not gaps:
        return ("after_silence", 0.0, None)
    days, label = min(gaps)
    reason = None
    if days <= 30:
        said = f"first contact {_days(days)} after the known account {label} was blocked"
        said += " or fell silent"
        reason = ("soon after block", said)
    return ("after_silence", math.exp(-days / SILENCE_DAYS), reason)


def _days(days: float) -> str:
    """'less than a day', '1 day', '12 days'."""
    if days < 1:
        return "less than a day"
    return "1 day" if round(days) == 1 else f"{round(days)} days"


def _burst(times: Sequence[datetime]) -> _Row:
    """The most contacts within one day, beyond the first: many messages at once."""
    if len(times) < 2:
        return ("burst", 0.0, None)
    stamps = np.sort(np.array([t.timestamp() for t in times]))
    within = np.searchsorted(stamps, stamps + 86400, side="right") - np.arange(len(stamps))
    most = int(within.max())
    reason = ("burst", f"{most} contacts within one day") if most >= 5 else None
    return ("burst", min(1.0, (most - 1) / 9), reason)


def _anonymity(candidate: Candidate) -> _Row:
    """Signs of a throwaway account: generic handle, no name, no avatar, few followers or posts."""
    handle = (candidate.handle or "").casefold().lstrip("@")
    signs = []
    if handle and (_GENERIC_HANDLE.match(handle) or _MANY_DIGITS.search(handle)):
        signs.append("a generic or number-heavy handle")
    if not candidate.display_name:
        signs.append("no display name")
    if candidate.has_avatar is False:
        signs.append("no avatar")
    if candidate.followers is not None and candidate.followers < 10:
        signs.append(f"{candidate.followers} followers")
    if candidate.posts is not None and candidate.posts < 3:
        signs.append(f"{candidate.posts} posts")
    reason = (
        ("throwaway", "looks like a throwaway account: " + ", ".join(signs))
        if len(signs) >= 2
        else None
    )
    return ("anonymity", min(1.0, len(signs) / 3), reason)
