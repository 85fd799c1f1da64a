"""A reviewer's decisions on hits: confirm, dismiss, reopen, note, witness — all in the ledger."""

from __future__ import annotations

from dataclasses import dataclass

from nocontact.case import Case
from nocontact.errors import NocontactError
from nocontact.store import ledger, overview
from nocontact.store.hits import hit_status, set_status
from nocontact.store.instants import now
from nocontact.store.reviews import STATUS_AFTER, Review, add_review, reviews_of

ACTIONS = (*STATUS_AFTER, "note", "witness")


@dataclass(frozen=True, slots=True)
class Decision:
    hit_id: int
    action: str
    text: str | None
    at: str
    ledger_hash: str | None  # None: the same decision was already recorded, nothing added
    status: str


def decide(case: Case, hit_id: int, action: str, text: str | None = None) -> Decision:
    """Record one review action; status changes and notes alike are sealed in the ledger."""
    if action not in ACTIONS:
        raise NocontactError(f"unknown review action {action!r}; use one of {', '.join(ACTIONS)}")
    if action in ("note", "witness") and not (text and text.strip()):
        raise NocontactError(f"a {action} needs text (who witnessed it, or the note itself)")
    with case.store(create=False) as store, store.transaction() as conn:
        previous = hit_status(conn, hit_id)
        if previous is None:
            raise NocontactError(f"no hit with id {hit_id}; see `nocontact hits`")
        case.seal_order(conn)
        at = now()
        if STATUS_AFTER.get(action) == previous or (
            action in ("note", "witness") and overview.review_exists(conn, hit_id, action, text)
        ):
            return Decision(hit_id, action, text, at, None, previous)
        review_id = add_review(conn, hit_id, action, text, at)
        if action in STATUS_AFTER:
            set_status(conn, hit_id, STATUS_AFTER[action], at)
        entry = ledger.append(
            conn,
            "review",
            {
                "hit_id": hit_id,
                "action": action,
                "text": text,
                "previous_status": previous,
                "review_id": review_id,
                "at": at,
            },
        )
    return Decision(hit_id, action, text, at, entry, STATUS_AFTER.get(action, previous))


def history(case: Case, hit_id: int) -> list[Review]:
    """Every review of a hit, oldest first."""
    with case.store(create=False) as store, store.reading() as conn:
        return reviews_of(conn, hit_id)
