"""Shared contact details and connections: an email, phone or link the subject also uses.

An evader may change every name and picture yet leave the same email in a message, the same
payment or link page in a bio, or follow the same friends and relatives.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import phonenumbers

from matcher import spelt
from matcher.mailboxes import email, is_host, mailbox, mailbox_key, mailboxes, webmail
from matcher.types import Candidate, Evidence, Reason

FEATURES = ("shared_contact", "shared_url", "shared_connections")
MAX_FIELD = 20_000  # characters of one text, bio or link read; the rest is not searched
_CONNECTIONS_FULL = 3  # this many shared connections count fully, if they are all it follows
_WRAPPING = "<>()[]{}\"'.,;:!?*«»“”‘’"
_PHONE_GAPS = " ().-/*_\u00a0"  # what people put between the digits of a phone number
_PHONE_GAP = 3  # at most this many gap characters in a row: "555 - 0100", "(555) 010"
_PHONE_DIGITS = (7, 15)  # E.164 numbers have at most 15 digits; shorter runs are not phones
_NO_DIGITS = str.maketrans("", "", "0123456789")
_PROFILE_HOSTS = frozenset(
    {"instagram.com", "facebook.com", "fb.com", "x.com", "twitter.com", "tiktok.com"}
    | {"threads.net", "threads.com", "youtube.com", "reddit.com", "snapchat.com"}
)


@dataclass(frozen=True, slots=True)
class Identifiers:
    """Emails, phones and links, normalised so that spelling differences do not hide a match."""

    emails: frozenset[str]
    phones: frozenset[str]
    urls: frozenset[str]

    @classmethod
    def find(cls, texts: Iterable[str | None]) -> Identifiers:
        """Pull identifiers out of free text (bios, messages, link lists), in linear time.

        >>> found = Identifiers.find(["Mail Rob.M@Example.com or +1 (555) 010-0199",
        ...                           "https://www.linktr.ee/robm/"])
        >>> sorted(found.emails), sorted(found.phones), sorted(found.urls)
        (['rob.m@example.com'], ['5550100199'], ['linktr.ee/robm'])
        """
        emails: set[str] = set()
        phones: set[str] = set()
        urls: set[str] = set()
        for text in filter(None, texts):
            for word in words(text) if "@" in text or "." in text else ():  # an address has one
                if found := email(word):
                    emails.add(mailbox(found))
                elif found := web_address(word):
                    urls.add(found)
            phones |= {p for _, digits in phone_runs(text) if (p := phone(digits))}
        return cls(frozenset(emails), frozenset(phones), frozenset(urls))


def words(text: str) -> Iterator[str]:
    """Whitespace-separated words with wrapping punctuation trimmed, from a capped text."""
    for word in text[:MAX_FIELD].split():
        if trimmed := word.strip(_WRAPPING):
            yield trimmed


def web_address(word: str) -> str | None:
    """The word as a normalised link ('linktr.ee/robm'), if it is one."""
    lowered = word.casefold()
    for scheme in ("https://", "http://"):
        if lowered.startswith(scheme):
            word = word[len(scheme) :]
            break
    host, _, _ = word.partition("/")
    return url(word) if is_host(host.removeprefix("www.").removeprefix("WWW.")) else None


def phone_runs(text: str) -> Iterator[tuple[bool, str]]:
    """Runs of 7 to 15 digits with the gaps people write between them, one pass.

    Yields (written with a leading '+', the digits).

    >>> list(phone_runs("call +1 (555) 010-0199 or 555.0100 on 3/4"))
    [(True, '15550100199'), (False, '5550100')]
    """
    text = text[:MAX_FIELD]
    if len(text) - len(text.translate(_NO_DIGITS)) < _PHONE_DIGITS[0]:
        return  # too few digits for any phone number
    plus, digits, gap = False, [], 0
    for char in text + "\n":
        if "0" <= char <= "9":
            digits.append(char)
            gap = 0
        elif char in _PHONE_GAPS and digits and gap < _PHONE_GAP:
            gap += 1
        elif char == "+" and not digits:
            plus = True
        else:
            if _PHONE_DIGITS[0] <= len(digits) <= _PHONE_DIGITS[1]:
                yield plus, "".join(digits)
            plus, digits, gap = char == "+", [], 0


def phone(text: str) -> str | None:
    """The last ten digits of a phone number, enough to compare with or without country code."""
    digits = "".join(c for c in text if "0" <= c <= "9")
    return digits[-10:] if len(digits) >= 7 else None


def url(text: str) -> str:
    """A link without scheme, 'www.', case in the host or a trailing slash."""
    host, _, path = text.partition("/")
    return f"{host.casefold().removeprefix('www.')}/{path}".rstrip("/")


@dataclass(frozen=True, slots=True)
class Details:
    """A subject's configured phones, e-mails, links and handles, ready to look for in text."""

    phones: dict[str, str]  # every digit string the number is written as -> as configured
    regions: frozenset[str]  # regions of the configured numbers, to read national numbers
    emails: dict[str, str]
    urls: dict[str, str]
    handles: dict[str, str]

    @classmethod
    def of(
        cls,
        *,
        phones: Iterable[str] = (),
        emails: Iterable[str] = (),
        urls: Iterable[str] = (),
        handles: Iterable[str] = (),
    ) -> Details:
        forms: dict[str, str] = {}
        regions: set[str] = set()
        for configured in phones:
            for form in _phone_forms(configured, regions):
                forms.setdefault(form, configured)
        return cls(
            forms,
            frozenset(regions),
            mailboxes(emails),
            {url(u.split("://", 1)[-1]).casefold(): u for u in urls if u.strip()},
            {h.strip().lstrip("@").casefold(): h for h in handles if len(h.strip("@ ")) >= 4},
        )

    def find(self, text: str | None) -> list[tuple[str, str]]:
        """(kind, configured value) of each detail the text shows: 'phone', 'email', 'url',
        'handle'; each once, in the order found.

        >>> details = Details.of(phones=["+1 555 0100"], emails=["rob@example.com"],
        ...                      handles=["rob.miller82"])
        >>> details.find("Text 555-0100 or rob@Example.com, IG @Rob.Miller82")
        [('email', 'rob@example.com'), ('handle', 'rob.miller82'), ('phone', '+1 555 0100')]
        """
        if not text or not (self.phones or self.emails or self.urls or self.handles):
            return []  # an associate's: nothing configured to find
        found: dict[tuple[str, str], None] = dict.fromkeys(self._found(text))
        if (self.phones or self.emails) and (plain := spelt.unmasked(text[:MAX_FIELD])):
            found.update(dict.fromkeys(self._found(plain)))  # '212-555-O147', 'gmаil.com'
        return list(found)

    def _found(self, text: str) -> dict[tuple[str, str], None]:
        found: dict[tuple[str, str], None] = {}
        for word in words(text) if self._may_show(text) else ():
            for kind, value in self._word(word):
                found[kind, value] = None
        if self.emails and spelt.may_hold(text):  # 'rob.miller82 at gmail dot com'
            for word in spelt.addresses(text[:MAX_FIELD]):
                if (key := mailbox_key(word)) in self.emails:
                    found["email", self.emails[key]] = None
        for plus, digits in phone_runs(text):
            if value := self._phone(plus, digits):
                found["phone", value] = None
        if self.phones and spelt.may_count(text) and (spelt_out := spelt.numbers(text)):
            for plus, digits in phone_runs(spelt_out):  # 'five five five, zero one four seven'
                if value := self._phone(plus, digits):
                    found["phone", value] = None
        return found

    def _may_show(self, text: str) -> bool:
        """Whether any word of the text may be an address, a link or a configured handle:
        only those hold an '@' or a '.', or read as the handle itself (most messages do not)."""
        if "@" in text or "." in text:
            return True
        folded = text.casefold()
        return any(handle in folded for handle in self.handles)

    def _word(self, word: str) -> Iterator[tuple[str, str]]:
        address = email(word)
        if (key := mailbox(address) if address else webmail(word)) in self.emails:
            yield "email", self.emails[key]
        if address:
            return
        if word.startswith("@") and (handle := word[1:].casefold()) in self.handles:
            yield "handle", self.handles[handle]
        elif word.casefold() in self.handles and _distinctive(word):
            yield "handle", self.handles[word.casefold()]
        if "." not in word or (link := web_address(word)) is None:
            return
        link = link.casefold()  # paths compared without case: link pages ignore it
        for known, configured in self.urls.items():
            if link == known or link.startswith(known + "/"):
                yield "url", configured
        host, _, path = link.partition("/")
        first = path.split("/", 1)[0].lstrip("@").casefold()
        if host in _PROFILE_HOSTS and first in self.handles:
            yield "handle", self.handles[first]

    def _phone(self, plus: bool, digits: str) -> str | None:
        if plus:
            return self.phones.get("+" + digits)
        if found := self.phones.get(digits):
            return found
        for region in self.regions:
            try:
                number = phonenumbers.parse(digits, region)
            except phonenumbers.NumberParseException:
                continue
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if found := self.phones.get(e164):
                return found
        return None


def _phone_forms(configured: str, regions: set[str]) -> Iterator[str]:
    """The E.164 form of a configured number and the digit strings it is dialled as."""
    digits = "".join(c for c in configured if "0" <= c <= "9")
    if len(digits) < _PHONE_DIGITS[0]:
        return
    try:
        number = phonenumbers.parse(configured, None if configured.strip()[:1] == "+" else "US")
    except phonenumbers.NumberParseException:
        yield digits
        return
    code, national = str(number.country_code), phonenumbers.national_significant_number(number)
    regions.add(phonenumbers.region_code_for_country_code(number.country_code))
    yield phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    yield from (national, "0" + national, code + national, "00" + code + national)
    yield "011" + code + national


def _distinctive(word: str) -> bool:
    """A bare word counts as a handle only if no ordinary word looks like it."""
    return len(word) >= 6 and any(not c.isalpha() for c in word)


_NOTHING = Identifiers(frozenset(), frozenset(), frozenset())


@lru_cache(maxsize=1 << 17)
def _identifiers(texts: tuple[str | None, ...]) -> Identifiers:
    """An account's identifiers, found once for every subject it is compared with."""
    found = Identifiers.find(texts)
    return found if found.emails or found.phones or found.urls else _NOTHING


def possible(
    reference: Identifiers, connections: Iterable[str], candidates: Sequence[Candidate]
) -> dict[str, np.ndarray]:
    """Per feature, the accounts `compare` may give a nonzero value: only words, a bio or
    links can show an identifier the subject also shows, only an account's connections can
    be shared."""
    worded = np.array([bool(c.links or c.bio or c.texts) for c in candidates], dtype=bool)
    linked = np.array([bool(c.connections) for c in candidates], dtype=bool)
    return {
        "shared_contact": worded & bool(reference.emails or reference.phones),
        "shared_url": worded & bool(reference.urls),
        "shared_connections": linked & any(True for _ in connections),
    }


def compare(
    reference: Identifiers,
    connections: Iterable[str],
    candidates: Sequence[Candidate],
    *,
    owner: str = "the subject's",
) -> Evidence:
    """The link features of many accounts against one subject's identifiers and contacts."""
    known = {c.casefold().lstrip("@") for c in connections}
    columns = {name: np.zeros(len(candidates)) for name in FEATURES}
    reasons: list[tuple[Reason, ...]] = []
    for i, candidate in enumerate(candidates):
        found = _identifiers((*candidate.links, candidate.bio, *candidate.texts))
        if found is _NOTHING and not candidate.connections:  # most accounts: nothing to share
            reasons.append(())
            continue
        said: list[Reason] = []
        contact = sorted((found.emails & reference.emails) | (found.phones & reference.phones))
        if contact:
            columns["shared_contact"][i] = 1.0
            text = f"shows {', '.join(contact)}, also {owner}"
            said.append(Reason("shared_contact", "same email or phone", text, 0.0))
        if links := sorted(found.urls & reference.urls):
            columns["shared_url"][i] = 1.0
            text = f"links to {', '.join(links)}, as {owner} accounts do"
            said.append(Reason("shared_url", "same link", text, 0.0))
        mine = {c.casefold().lstrip("@") for c in candidate.connections}
        mutual = sorted(mine & known)
        if mutual:
            columns["shared_connections"][i] = _connected(len(mutual), len(mine))
            text = f"connected to {', '.join(mutual[:3])}, also connected to {owner} accounts"
            said.append(Reason("shared_connections", f"{len(mutual)} shared", text, 0.0))
        reasons.append(tuple(said))
    return Evidence(columns, tuple(reasons))


def _connected(mutual: int, connections: int) -> float:
    """How much an account's connections point at the subject's circle: the shared ones
    (full at `_CONNECTIONS_FULL`) times their share of all it follows. An account made to
    watch someone follows their friends and little else; a friend of the family follows the
    same two or three people among many of its own.

    >>> _connected(3, 3), _connected(2, 4), _connected(2, 10)
    (1.0, 0.3333333333333333, 0.13333333333333333)
    """
    return min(1.0, mutual / _CONNECTIONS_FULL) * mutual / connections
