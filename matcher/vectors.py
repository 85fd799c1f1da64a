"""Every feature family for every candidate against one subject: the classifier's input.

What the subject's known accounts show (their avatars, texts, hours, links, friends) is
gathered once into a `Reference`; each family then compares all candidates at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain

import numpy as np

from matcher import avatars, behaviour, links, rules, style
from matcher.features import FEATURES as NAME_FEATURES
from matcher.features import listed_reasons, name_rows, score_subject
from matcher.types import Candidate, Evidence, Profile, Reason, Score, Subject

STRONG_NAME = 0.5  # the name rules alone would flag a pair scoring this
ROWS = 16384  # candidates compared at a time by `compare_in_parts`
FAMILIES = {
    "names": (*NAME_FEATURES, "name_strong"),
    "avatars": avatars.FEATURES,
    "behaviour": tuple(f for f in behaviour.FEATURES if f != "created_unknown"),
    "context": ("created_unknown",),  # shifts the baseline where dates are unknown; no reason
    "style": style.FEATURES,
    "links": links.FEATURES,
    # the evidence floors' verdict (`matcher.rules`) on all but the name rule: a rule's facts
    # mean the same in any case, so the model learns what a rule-flagged account is worth.
    # Names stay with the name features: as a column, the name rule's exact forms took their
    # weight, and a name it does not list ('Robert J Miller') fell to nothing.
    "rules": ("rule_floor",),
}
FEATURES = tuple(name for names in FAMILIES.values() for name in names)


@dataclass(frozen=True, slots=True)
class Reference:
    """What is known of one subject beyond names, prepared once for many candidates."""

    subject: Subject
    owner: str  # "the restrained person's", "associate Mary Miller's"
    pictures: avatars.References
    timeline: behaviour.Timeline
    texts: tuple[str, ...]
    identifiers: links.Identifiers
    connections: frozenset[str]


@dataclass(frozen=True, slots=True)
class Comparison:
    """All candidates against one subject: rule scores, the feature matrix and family reasons."""

    subject: Subject
    rules: tuple[Score | None, ...]
    matrix: np.ndarray  # (candidates, FEATURES)
    reasons: tuple[tuple[Reason, ...], ...]  # per candidate, beyond the name reasons

    @property
    def known(self) -> np.ndarray:
        """Candidates the config lists for this subject."""
        return self.matrix[:, FEATURES.index("known")] == 1.0


def owner_of(subject: Subject) -> str:
    """Whose details a reason speaks of, in words for the reader."""
    if subject.kind == "restrained":
        return "the restrained person's"
    return f"associate {subject.label}'s"


def reference(
    profile: Profile, subject: Subject, known: Sequence[Candidate], *, pictures: bool = True
) -> Reference:
    """Gather the subject's configured details and what their known accounts show.

    Without `pictures` the subject's photos are not expanded into variants (a fifth of a
    second a photo): for comparing accounts of which none has a picture, whose avatar
    features are the same against any pictures.
    """
    labelled = [(_label(c), c) for c in known]
    seen = [
        (f"the known account {label}'s avatar", a.hash)
        for label, c in labelled
        if pictures and _usable(a := avatar_of(c))
    ]
    others = [s for s in profile.subjects if s is not subject]
    connections = {h for s in others for hs in s.handles.values() for h in hs}
    connections |= {h for c in known for h in c.connections}
    return Reference(
        subject=subject,
        owner=owner_of(subject),
        pictures=avatars.References.build(subject.photos if pictures else (), seen),
        timeline=behaviour.Timeline.build(profile.order_issued, labelled),
        texts=(*subject.writing_samples, *(t for c in known for t in c.texts)),
        identifiers=links.Identifiers.find(
            (
                *subject.emails,
                *subject.phones,
                *subject.urls,
                *(x for c in known for x in (*c.links, c.bio, *c.texts)),
            )
        ),
        connections=frozenset(connections),
    )


def _label(candidate: Candidate) -> str:
    return f"{candidate.platform}:{candidate.handle or candidate.display_name or candidate.user_id}"


def compare(
    profile: Profile,
    subject: Subject,
    candidates: Sequence[Candidate],
    *,
    prepared: Reference | None = None,
) -> Comparison:
    """Score every candidate against one subject on every family at once.

    `prepared` lets a caller compare candidates from elsewhere against a reference built
    from the subject's own known accounts (as the evaluation's ranking does).
    """
    named = score_subject(subject, candidates)
    if prepared is None:
        known = [c for c, s in zip(candidates, named, strict=True) if s and s.features["known"]]
        prepared = reference(profile, subject, known)
    evidence = [
        avatars.compare(prepared.pictures, [avatar_of(c) for c in candidates]),
        behaviour.compare(prepared.timeline, candidates, owner=prepared.owner),
        style.compare(prepared.texts, subject.keywords, candidates, owner=prepared.owner),
        links.compare(prepared.identifiers, prepared.connections, candidates, owner=prepared.owner),
        _floor_evidence(profile, subject, candidates),
    ]
    return _comparison(subject, named, evidence)


def compare_in_parts(
    profile: Profile,
    subject: Subject,
    candidates: Sequence[Candidate],
    *,
    rows: int = ROWS,
    found: Sequence[rules.Floor | None] | None = None,
) -> Iterator[tuple[int, Comparison]]:
    """`compare()` `rows` candidates at a time, each part with its first row's index: the same
    rows, the same numbers, in bounded memory. What depends on the whole batch is taken once
    over all candidates: the subject's known accounts, pictures shared by several accounts
    (stock images), and how rare words and phrases are across the inbox (style).

    `found` are the subject's floors for `candidates` where the caller has them already
    (`rules.floor_columns`): a floor's rules and reasons do not depend on the hit threshold it
    was found at, and `rule_floor` recomputes its score at the default one, so the rows are
    the same as when the floors are found here.
    """
    for kept, comparison in compare_kept(profile, subject, candidates, rows=rows, found=found):
        yield int(kept[0]), comparison


Keep = Callable[[np.ndarray, Mapping[str, np.ndarray]], np.ndarray]


def compare_kept(
    profile: Profile,
    subject: Subject,
    candidates: Sequence[Candidate],
    keep: Keep | None = None,
    *,
    rows: int = ROWS,
    found: Sequence[rules.Floor | None] | None = None,
) -> Iterator[tuple[np.ndarray, Comparison]]:
    """`compare_in_parts`, each part compared in full only in the rows `keep` picks (all when
    None) and the known accounts: yields their indices in `candidates` and their comparison.

    `keep` is given the part's matrix with the names, avatars, style and rules families
    filled in and the behaviour and links features at 0, and per feature of those two the
    rows where it may be nonzero (`behaviour.possible`, `links.possible`).
    """
    listed = listed_reasons(subject, candidates)
    known = [c for c, reason in zip(candidates, listed, strict=True) if reason is not None]
    shown = [avatar_of(c) for c in candidates]
    prepared = reference(profile, subject, known, pictures=any(map(_usable, shown)))
    pictures = avatars.compare(prepared.pictures, shown)
    wording = style.compare(prepared.texts, subject.keywords, candidates, owner=prepared.owner)
    for start in range(0, len(candidates), rows):
        part, listed_here = candidates[start : start + rows], listed[start : start + rows]
        floors = _floor_evidence(
            profile, subject, part, None if found is None else found[start : start + rows]
        )
        kept = np.arange(len(part))
        if keep is not None:
            batch = (pictures, wording)
            cheap = {k: v[start : start + rows] for e in batch for k, v in e.columns.items()}
            matrix = _matrix(_names(*name_rows(subject, part, listed_here)), cheap | floors.columns)
            possible = {
                **behaviour.possible(prepared.timeline, part),
                **links.possible(prepared.identifiers, prepared.connections, part),
            }
            known_here = matrix[:, FEATURES.index("known")] == 1.0
            kept = np.flatnonzero(keep(matrix, possible) | known_here)
            if not len(kept):
                continue
        chosen = [part[i] for i in kept.tolist()]
        named = score_subject(subject, chosen, listed=[listed_here[i] for i in kept.tolist()])
        evidence = [
            _taken(pictures, start + kept),
            behaviour.compare(prepared.timeline, chosen, owner=prepared.owner),
            _taken(wording, start + kept),
            links.compare(prepared.identifiers, prepared.connections, chosen, owner=prepared.owner),
            _taken(floors, kept),
        ]
        yield start + kept, _comparison(subject, named, evidence)


def _taken(evidence: Evidence, kept: np.ndarray) -> Evidence:
    columns = {k: v[kept] for k, v in evidence.columns.items()}
    return Evidence(columns, tuple(evidence.reasons[i] for i in kept.tolist()))


def _comparison(
    subject: Subject, named: Sequence[Score | None], evidence: Sequence[Evidence]
) -> Comparison:
    """The feature matrix and reasons of candidates whose families are all compared."""
    matrix = _matrix(_named(named), {k: v for e in evidence for k, v in e.columns.items()})
    reasons = tuple(map(_joined, *(e.reasons for e in evidence)))
    return Comparison(subject, tuple(named), matrix, reasons)


def _matrix(names: np.ndarray, columns: Mapping[str, np.ndarray]) -> np.ndarray:
    """Rows of every feature: the names family as given (`_names`), the others from
    `columns` (0 where a family is left out)."""
    nothing = np.zeros(len(names))
    others = [columns.get(f, nothing) for f in FEATURES if f not in FAMILIES["names"]]
    return np.hstack([names, np.array(others).T.reshape(len(names), -1)])


def _names(features: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """The names family from the name rules' features and scores (`features.name_rows`)."""
    return np.hstack([features, (scores >= STRONG_NAME).astype(float)[:, None]])


def _named(named: Sequence[Score | None]) -> np.ndarray:
    """The names family of the name rules' scores."""
    names = np.zeros((len(named), len(FAMILIES["names"])))
    for i, s in enumerate(named):
        if s is not None:  # most accounts resemble no one: their row stays zero
            names[i] = [*(s.features[f] for f in NAME_FEATURES), _strong(s)]
    return names


def _joined(*parts: tuple[Reason, ...]) -> tuple[Reason, ...]:
    return tuple(chain.from_iterable(parts)) if any(parts) else ()


def _floor_evidence(
    profile: Profile,
    subject: Subject,
    candidates: Sequence[Candidate],
    found: Sequence[rules.Floor | None] | None = None,
) -> Evidence:
    """The `rules` family: the floor every rule but the name rule sets, with its first reason;
    from the candidates' floors `found` already, where a caller has them."""
    if found is None:
        found = _floors(profile, subject, candidates)
    floors = {i: b for i, f in enumerate(found) if f and (b := _beyond_names(f)) is not None}
    column, reasons = np.zeros(len(found)), [()] * len(found)  # most accounts: none
    column[list(floors)] = [f.score for f in floors.values()]
    for i, floor in floors.items():
        reasons[i] = _floor_reason(floor)
    return Evidence({"rule_floor": column}, tuple(reasons))


def _floors(
    profile: Profile, subject: Subject, candidates: Sequence[Candidate]
) -> list[rules.Floor | None]:
    """Each candidate's evidence floor at the default threshold, an associate's relays too."""
    restrained = profile.restrained
    speaks_for = None if subject is restrained or subject.kind == "restrained" else restrained
    return rules.floor_subject(subject, candidates, speaks_for=speaks_for)


def _beyond_names(floor: rules.Floor | None) -> rules.Floor | None:
    """The floor that rules other than the name rule set, if any."""
    if floor is None:
        return None
    others = [r for r in floor.reasons if r.feature != "name_floor"]
    if not others:
        return None
    strongest = max(r.weight for r in others)
    return replace(floor, score=rules.lift(strongest, rules.HIT), reasons=tuple(others))


def _floor_reason(floor: rules.Floor | None) -> tuple[Reason, ...]:
    """The floor's first reason, said for the model's rules family."""
    if floor is None:
        return ()
    top = floor.reasons[0]
    return (Reason("rule_floor", top.level, top.text, top.weight),)


def _strong(rule: Score | None) -> float:
    """1.0 where the name rules alone score the pair as a hit."""
    return float(rule is not None and rule.score >= STRONG_NAME)


def _usable(avatar: avatars.Avatar | None) -> bool:
    """Whether an avatar is compared with the subject's pictures (`avatars.compare`)."""
    return avatar is not None and avatar.usable and avatar.hash is not None


def avatar_of(candidate: Candidate) -> avatars.Avatar | None:
    """The candidate's avatar as the matcher uses it; None where nothing is known."""
    if candidate.avatar_hash:
        return _from_hex(candidate.avatar_hash)
    if candidate.avatar is not None and (found := _describe(candidate.avatar)) is not None:
        return found
    return avatars.NONE if candidate.has_avatar is False else None


@lru_cache(maxsize=65536)
def _from_hex(text: str) -> avatars.Avatar:
    return avatars.from_hash(avatars.AvatarHash.from_hex(text))


@lru_cache(maxsize=65536)
def _describe(data: bytes) -> avatars.Avatar | None:
    return avatars.describe(data)
