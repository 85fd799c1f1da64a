"""Phone numbers as the exports write them (`+1 (555) 010-0199`, `5550100199`), one spelling.

A number with its country code becomes E.164 (`+15550100199`) with `phonenumbers`; a national
number too when the export shows the phone's country (an SMS backup's service centre), else it
keeps its digits. The matcher
compares numbers by their last ten digits, so both spellings of one number still meet.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

from crawlers.events import Account

_PHONE = re.compile(r"^\+?[\d\s\-().\u00a0\u202f\u2011\u2010]{7,}$")


@lru_cache(maxsize=4096)  # a chat or backup names the same few numbers many times
def normalise(text: str, region: str | None = None) -> str | None:
    """E.164 when the country is known (code or `region`), else the digits; None for no number.

    >>> normalise("+1 (555) 010-0199"), normalise("555-010-0199"), normalise("Rob")
    ('+15550100199', '5550100199', None)
    >>> normalise("555-010-0199", "US")
    '+15550100199'
    """
    spelled = text.strip().strip("\u200e\u200f\u202a\u202c")
    if not _PHONE.match(spelled) or len(digits := re.sub(r"\D", "", spelled)) < 7:
        return None
    if spelled.startswith(("+", "00")):
        try:
            number = phonenumbers.parse("+" + spelled.removeprefix("00").lstrip("+"), None)
        except phonenumbers.NumberParseException:
            return "+" + digits.removeprefix("00")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if region:
        try:
            number = phonenumbers.parse(spelled, region)
        except phonenumbers.NumberParseException:
            return digits
        if phonenumbers.is_possible_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return digits


def region_of(number: str) -> str | None:
    """The country of an international number (`+1555…` → 'US'), for reading national ones."""
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(number, None)) or None
    except phonenumbers.NumberParseException:
        return None


def phone_account(
    platform: str, who: str, *, name: str | None = None, region: str | None = None
) -> Account:
    """An account known by a phone number (as a handle) or, failing that, by a saved name."""
    number = normalise(who, region)
    if number is None:
        return Account(platform, display_name=name or who)
    return Account(platform, handle=number, display_name=name or who.strip())
