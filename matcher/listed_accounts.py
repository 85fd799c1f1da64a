"""Accounts the config lists: by id or handle on their platform, or a handle or id that is
nothing but a configured phone number or e-mail address. They score 1 by rule."""

from __future__ import annotations

from matcher import links, mailboxes
from matcher.types import Candidate, Reason
from matcher.word_floors import DETAILS, Found

# platform -> (listed handles, folded; listed user ids)
Listed = dict[str, tuple[frozenset[str], frozenset[str]]]
_DIGIT_BYTES = b"0123456789"
_NOT_LISTED: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


def account(
    listed: Listed, details: links.Details, owner: str, candidate: Candidate
) -> Found | None:
    """The account is one the config lists: by id or handle on its platform, or phone/e-mail."""
    handles, ids = listed.get(candidate.platform.casefold(), _NOT_LISTED)
    if ids and candidate.user_id is not None and candidate.user_id in ids:
        return _listed(owner, candidate, "user id", candidate.user_id)
    if handles and candidate.handle and candidate.handle.strip().lstrip("@").casefold() in handles:
        return _listed(owner, candidate, "handle", candidate.handle)
    if not details.phones and not details.emails:
        return None  # no phone or e-mail configured: no handle or id can be one
    for field, value in (("handle", candidate.handle), ("user id", candidate.user_id)):
        if not value or len(value) > 100 or not _may_be_contact(value):
            continue
        for kind, _ in details.find(value):
            if kind in ("phone", "email") and _whole(value, kind):
                text = f"{field} '{value}' is {owner} {DETAILS[kind]} listed in config"
                return "known", 1.0, Reason(f"known_{kind}", "known", text, 1.0)
    return None


def _listed(owner: str, candidate: Candidate, what: str, value: str) -> Found:
    account = f"{owner} {candidate.platform} account"
    text = f"{what} '{value}' is listed in config as {account}"
    return "known", 1.0, Reason(f"known_{what.replace(' ', '_')}", "known", text, 1.0)


def _may_be_contact(value: str) -> bool:
    """Whether a handle or id could hold an e-mail address (an '@') or a phone number (seven
    digits): the quick test before `Details.find` reads it."""
    if "@" in value or len(value) < 7:
        return "@" in value
    if value.isascii():  # the usual handle: its digits counted in C
        return len(value) - len(value.encode().translate(None, _DIGIT_BYTES)) >= 7
    return sum(c.isdigit() for c in value) >= 7


def _whole(value: str, kind: str) -> bool:
    """Whether a handle or id is nothing but one phone number or e-mail address."""
    if kind == "email":
        return mailboxes.email(value.strip()) is not None
    return sum(1 for _ in links.phone_runs(value)) == 1 and not any(c.isalpha() for c in value)
