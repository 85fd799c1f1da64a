"""Plain records the matcher takes and returns; no platform formats, no SQLite."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np


@dataclass(frozen=True, slots=True)
class Subject:
    """A person whose contact is forbidden: the restrained person or an associate."""

    label: str  # "restrained" or the associate's name
    kind: str  # "restrained" | "associate"
    names: tuple[str, ...] = ()
    handles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # platform -> handles
    user_ids: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # platform -> ids
    birth_year: int | None = None
    relation: str | None = None
    photos: tuple[bytes, ...] = ()  # reference photos, as image file bytes
    writing_samples: tuple[str, ...] = ()  # texts known to be theirs
    keywords: tuple[str, ...] = ()  # pet names, places, in-jokes
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()  # their websites and bio links
    birth_date: date | None = None  # when known; usernames carry it ('smithr0312')


@dataclass(frozen=True, slots=True)
class Profile:
    """Everyone the order names, as the matcher sees them."""

    restrained: Subject
    associates: tuple[Subject, ...] = ()
    order_issued: date | None = None

    @property
    def subjects(self) -> tuple[Subject, ...]:
        return (self.restrained, *self.associates)


@dataclass(frozen=True, slots=True)
class Candidate:
    """An account that interacted with the protected person."""

    key: str  # opaque id chosen by the caller (e.g. the store's account id)
    platform: str
    handle: str | None = None
    display_name: str | None = None
    user_id: str | None = None
    avatar: bytes | None = None  # image file bytes, when no stored hash is at hand
    avatar_hash: str | None = None  # "phash:dhash" in hex, as `matcher.avatars` stores it
    has_avatar: bool | None = None  # False: known to have none; None: not known
    created_at: datetime | None = None
    times: tuple[datetime, ...] = ()  # aware UTC times of its contact with the protected person
    texts: tuple[str, ...] = ()  # what it wrote to the protected person
    bio: str | None = None
    links: tuple[str, ...] = ()  # URLs, emails and phones its profile shows
    connections: tuple[str, ...] = ()  # handles it follows or is followed by, where known
    blocked_at: datetime | None = None  # when the protected person blocked it
    followers: int | None = None
    posts: int | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    """One labelled comparison level and what it contributed, in words a person can check."""

    feature: str  # e.g. "handle", "display_name", "known_handle"
    level: str  # e.g. "exact", "leetspeak", "nickname", "jaro_winkler>=0.92", "else"
    text: str  # e.g. "display name 'R0bert Sm1th' ≈ 'Robert Smith' after leetspeak"
    weight: float  # contribution: a 0..1 share of a rule score, log-odds for the model


@dataclass(frozen=True, slots=True)
class Score:
    """A candidate compared with one subject."""

    candidate_key: str
    subject: str  # Subject.label
    kind: str  # "known" | "alias" | "third_party"
    score: float  # 0..1
    features: Mapping[str, float]
    reasons: tuple[Reason, ...]
    model_version: str = "rules-1"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One feature family's numbers for many candidates, and the levels worth saying aloud."""

    columns: Mapping[str, np.ndarray]  # feature -> (candidates,) values
    reasons: tuple[tuple[Reason, ...], ...]  # per candidate; weight 0 until a model weighs them
