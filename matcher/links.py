"""Shared contact details and connections: an email, phone or link the subject also uses.

An evader may change every name and picture yet leave the same email in a message, the same
payment or link page in a bio, or follow the same friends and relatives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from matcher.types import Candidate, Evidence, Reason

FEATURES = ("shared_contact", "shared_url", "shared_connections")
# Each match may start only where a run of its characters starts (the look-behinds), so a
# long word is scanned once, not once per character: linear time on any text.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"(?<![a-z0-9-])(?<![a-z0-9-]\.)"
    r"(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,}(?:/[^\s\"'<>)]*)?)",
    re.I,
)
_PHONE = re.compile(r"\+?\d[\d ().-]{6,}\d")
_CONNECTIONS_FULL = 3  # this many shared connections count fully


@dataclass(frozen=True, slots=True)
class Identifiers:
    """Emails, phones and links, normalised so that spelling differences do not hide a match."""

    emails: frozenset[str]
    phones: frozenset[str]
    urls: frozenset[str]

    @classmethod
    def find(cls, texts: Iterable[str | None]) -> Identifiers:
        """Pull identifiers out of free text (bios, messages, link lists).

        >>> found = Identifiers.find(["Mail Rob.M@Example.com or +1 (555) 010-0199",
        ...                           "https://www.linktr.ee/robm/"])
        >>> sorted(found.emails), sorted(found.phones), sorted(found.urls)
        (['rob.m@example.com'], ['5550100199'], ['linktr.ee/robm'])
        """
        emails: set[str] = set()
        phones: set[str] = set()
        urls: set[str] = set()
        for text in filter(None, texts):
            found_emails = {e.casefold() for e in _EMAIL.findall(text)}
            emails |= found_emails
            rest = _EMAIL.sub(" ", text)
            phones |= {p for p in map(phone, _PHONE.findall(rest)) if p}
            urls |= {url(u) for u in _URL.findall(rest) if "." in u}
        return cls(frozenset(emails), frozenset(phones), frozenset(urls))


def phone(text: str) -> str | None:
    """The last ten digits of a phone number, enough to compare with or without country code."""
    digits = re.sub(r"\D", "", text)
    return digits[-10:] if len(digits) >= 7 else None


def url(text: str) -> str:
    """A link without scheme, 'www.', case in the host or a trailing slash."""
    host, _, path = text.partition("/")
    return f"{host.casefold().removeprefix('www.')}/{path}".rstrip("/")


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
        found = Identifiers.find((*candidate.links, candidate.bio, *candidate.texts))
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
        mutual = sorted({c.casefold().lstrip("@") for c in candidate.connections} & known)
        if mutual:
            columns["shared_connections"][i] = min(1.0, len(mutual) / _CONNECTIONS_FULL)
            text = f"connected to {', '.join(mutual[:3])}, also connected to {owner} accounts"
            said.append(Reason("shared_connections", f"{len(mutual)} shared", text, 0.0))
        reasons.append(tuple(said))
    return Evidence(columns, tuple(reasons))
