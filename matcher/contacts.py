"""Accounts that are a configured e-mail address or phone number: e-mail, SMS, calls, WhatsApp.

On these channels the address or number is the account, so a message from the restrained
person's configured address or number is from a listed account, as a listed handle would be.
Numbers are compared by their last ten digits, so `+1 (555) 010-0100` and `5550100100` meet.
"""

from __future__ import annotations

import re

from matcher.links import phone
from matcher.mailboxes import mailbox
from matcher.types import Candidate, Reason, Subject

_PHONE_SHAPED = re.compile(r"^\+?[\d\s().\-]{7,}$")


def listed_contact(subject: Subject, candidate: Candidate, owner: str) -> Reason | None:
    """A `known` reason when the account's handle or id is one of the subject's listed ones.

    >>> rob = Subject("r", "restrained", emails=("Rob@Example.com",), phones=("+1 555 010 0100",))
    >>> listed_contact(rob, Candidate("1", "sms", handle="5550100100"), "Rob's").text
    "phone number '5550100100' is listed in config as Rob's"
    >>> listed_contact(rob, Candidate("2", "email", handle="rob@example.com"), "Rob's").feature
    'known_email'
    """
    emails = {mailbox(e) for e in subject.emails}
    phones = {p for p in map(phone, subject.phones) if p}
    for value in (candidate.handle, candidate.user_id):
        if not value:
            continue
        if "@" in value and mailbox(value) in emails:
            return Reason("known_email", "known", _said("e-mail address", value, owner), 1.0)
        if _PHONE_SHAPED.match(value) and phone(value) in phones:
            return Reason("known_phone", "known", _said("phone number", value, owner), 1.0)
    return None


def _said(what: str, value: str, owner: str) -> str:
    return f"{what} '{value}' is listed in config as {owner}"
