"""Plain records the matcher takes and returns; no platform formats, no SQLite."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


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


@dataclass(frozen=True, slots=True)
class Profile:
    """Everyone the order names, as the matcher sees them."""

    restrained: Subject
    associates: tuple[Subject, ...] = ()

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


@dataclass(frozen=True, slots=True)
class Reason:
    """One labelled comparison level and what it contributed, in words a person can check."""

    feature: str  # e.g. "handle", "display_name", "known_handle"
    level: str  # e.g. "exact", "leetspeak", "nickname", "jaro_winkler>=0.92", "else"
    text: str  # e.g. "display name 'R0bert Sm1th' ≈ 'Robert Smith' after leetspeak"
    weight: float  # contribution to the score, 0..1


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
