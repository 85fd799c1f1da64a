"""What the order's terms make of a contact: in force or not, a violation or not, who began.

Pure functions over the config's `Order`, shared by the report, the export and the review
page. Dates are judged in the case's time zone (`[order] timezone`): an order issued on
2026-03-02 is in force from the start of that day there, and through the whole of its
expiry day ("until and including"), the wording of US and Spanish orders alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from nocontact.config import Order

BEFORE, IN_FORCE, AFTER = "before_order", "in_force", "after_order"
UNDATED, IMPLAUSIBLE = "undated", "implausible_time"  # placed neither inside nor outside
MESSAGE_TYPES = frozenset(
    {"message", "message_request", "unsent_message", "reaction", "story_reply"}
)


@dataclass(frozen=True, slots=True)
class Assessment:
    """Why a contact does or does not count; `reason` is one of REASONS."""

    standing: str
    violation: bool
    reason: str


REASONS = ("violation", "from_you", BEFORE, AFTER, "third_party_not_covered", UNDATED, IMPLAUSIBLE)


@dataclass(frozen=True, slots=True)
class ThreadStart:
    """The first message on record in a conversation: replying is no violation, yet shown."""

    key: str
    by: str  # "you" (the protected person) or "them"
    at: datetime


def standing(order: Order, at: datetime) -> str:
    """BEFORE, IN_FORCE or AFTER, by the calendar date in the case's time zone.

    >>> from datetime import UTC, date
    >>> order = Order(issued=date(2026, 3, 2), timezone="America/New_York")
    >>> standing(order, datetime(2026, 3, 2, 3, 0, tzinfo=UTC))  # still 1 March in New York
    'before_order'
    """
    day = at.astimezone(ZoneInfo(order.timezone)).date()
    if day < order.issued:
        return BEFORE
    if order.expires is not None and day > order.expires:
        return AFTER
    return IN_FORCE


def assess(
    order: Order, *, kind: str, direction: str, at: datetime | None, implausible: bool = False
) -> Assessment:
    """Whether one interaction counts as contact the order forbids, and why (not).

    A record without a time (or with one no real record can have) is contact to review, but
    it is placed neither inside nor outside the order, and never numbered as a repetition.

    >>> from datetime import date
    >>> assess(Order(issued=date(2026, 3, 2)), kind="alias", direction="in", at=None)
    Assessment(standing='undated', violation=False, reason='undated')
    """
    if at is None or implausible:
        where = UNDATED if at is None else IMPLAUSIBLE
        return Assessment(where, False, "from_you" if direction == "out" else where)
    where = standing(order, at)
    if direction == "out":
        return Assessment(where, False, "from_you")
    if where != IN_FORCE:
        return Assessment(where, False, where)
    if kind == "third_party" and not order.covers_third_parties:
        return Assessment(where, False, "third_party_not_covered")
    return Assessment(where, True, "violation")


def conversation_key(target: str | None, account_id: int, kind: str) -> str | None:
    """The conversation a record belongs to: its thread, else the DM history with one account.

    Facebook records carry no thread target, so a one-to-one history is keyed by account.
    """
    if target and target.startswith("thread:"):
        return target
    return f"account:{account_id}" if kind in MESSAGE_TYPES else None


def thread_starts(records: Iterable[tuple[str | None, str, datetime]]) -> dict[str, ThreadStart]:
    """Who sent the earliest record of each conversation, from (key, direction, at) triples.

    >>> from datetime import UTC
    >>> t = lambda h: datetime(2026, 3, 9, h, tzinfo=UTC)
    >>> thread_starts([("thread:a", "in", t(12)), ("thread:a", "out", t(9))])["thread:a"].by
    'you'
    """
    first: dict[str, ThreadStart] = {}
    for key, direction, at in records:
        if key is None or (key in first and first[key].at <= at):
            continue
        first[key] = ThreadStart(key, "you" if direction == "out" else "them", at)
    return first


def ordinals(moments: Iterable[tuple[int, datetime]]) -> list[tuple[int, int, int, datetime]]:
    """Number contacts overall and per account, oldest first: (overall, per-account, key, at).

    Repetition aggravates, so the report says "third contact from this account, fifth overall".

    >>> from datetime import UTC
    >>> t = lambda d: datetime(2026, 3, d, tzinfo=UTC)
    >>> [(n, k, key) for n, k, key, _ in ordinals([(7, t(5)), (4, t(3)), (7, t(1))])]
    [(1, 1, 7), (2, 1, 4), (3, 2, 7)]
    """
    per_key: dict[int, int] = {}
    numbered = []
    for overall, (key, at) in enumerate(sorted(moments, key=lambda m: m[1]), start=1):
        per_key[key] = per_key.get(key, 0) + 1
        numbered.append((overall, per_key[key], key, at))
    return numbered
