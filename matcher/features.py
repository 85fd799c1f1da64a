"""Score accounts against the people an order names: known identifiers, then names and handles.

Every score comes with the comparison levels that produced it and sentences a person can
check; the flat ``features`` feed the classifier that will later replace these rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from matcher.contacts import listed_contact
from matcher.mailboxes import mailbox
from matcher.name_similarity import similarity
from matcher.names import (
    Match,
    birth_year_digits,
    index_names,
)
from matcher.types import Candidate, Profile, Reason, Score, Subject

# fmt: off
FEATURES = (
    "known", "handle_sim", "name_sim", "listed", "nickname", "initials", "reordered", "fuzzy",
    "contains", "partial", "unicode", "confusable", "transliteration", "leetspeak", "digits",
    "birth_year",
)
# fmt: on
BIRTH_YEAR_BONUS = 0.15
ALIAS_CEILING = 0.99  # 1.0 is kept for identifiers the config lists

_DIGITS = b"0123456789"  # counted in UTF-8 bytes, where no other character holds one
_PHONE_DIGITS = 7  # fewer digits are no phone number (`links.phone`)
_NOT_LISTED: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
_FIELDS = (("handle", "handle"), ("display_name", "display name"))
_STEP_WORDS = {
    "unicode": "Unicode compatibility folding",
    "confusable": "replacing look-alike characters",
    "transliteration": "transliteration",
    "leetspeak": "leetspeak",
    "digits": "ignoring digits",
}


def score_all(profile: Profile, candidates: Sequence[Candidate]) -> list[Score]:
    """Compare every candidate with every subject; pairs with no resemblance at all are left out.

    Scores come candidate by candidate, subjects in ``profile.subjects`` order.

    >>> subject = Subject("restrained", "restrained", names=("Robert Miller",))
    >>> [score] = score_all(Profile(subject), [Candidate("1", "x", display_name="Bobby Miller")])
    >>> score.kind, score.score, score.reasons[0].text
    ('alias', 0.8, "display name 'Bobby Miller' ≈ 'Robert Miller': Bobby is a nickname of Robert")
    """
    columns = [score_subject(subject, candidates) for subject in profile.subjects]
    return [score for row in zip(*columns, strict=True) for score in row if score is not None]


def score_subject(
    subject: Subject,
    candidates: Sequence[Candidate],
    *,
    listed: Sequence[Reason | None] | None = None,
) -> list[Score | None]:
    """All candidates against one subject, their names and handles compared at once;
    `listed` are their `listed_reasons` where the caller has them already."""
    handles, names = _similarities(subject, candidates)
    if listed is None:
        listed = listed_reasons(subject, candidates)
    return [
        _score(subject, known, candidate, {"handle": h, "display_name": n})
        for candidate, known, h, n in zip(candidates, listed, handles, names, strict=True)
    ]


def name_rows(
    subject: Subject, candidates: Sequence[Candidate], listed: Sequence[Reason | None]
) -> tuple[np.ndarray, np.ndarray]:
    """The `FEATURES` of each candidate's `score_subject` score (zeros where it has none) and
    the score (0.0 there), without the reasons: the model's gate (`matcher.gate`) reads them
    for every account, the reasons are written for the few it keeps."""
    handles, names = _similarities(subject, candidates, explained=False)
    rows, scores = np.zeros((len(candidates), len(FEATURES))), np.zeros(len(candidates))
    weighed: dict[tuple[object, ...], tuple[list[float], float] | None] = {}
    at: list[int] = []
    found: list[tuple[list[float], float]] = []
    for i, (candidate, known, h, n) in enumerate(
        zip(candidates, listed, handles, names, strict=True)
    ):
        if h is None and n is None and known is None:  # most accounts: nothing to weigh
            continue
        if (row := _row(subject, known, candidate, (h, n), weighed)) is not None:
            at.append(i)
            found.append(row)
    if at:
        rows[at] = [features for features, _ in found]
        scores[at] = [score for _, score in found]
    return rows, scores


def _row(
    subject: Subject,
    known: Reason | None,
    candidate: Candidate,
    matches: tuple[Match | None, Match | None],
    weighed: dict[tuple[object, ...], tuple[list[float], float] | None],
) -> tuple[list[float], float] | None:
    """The features (in `FEATURES` order) and score of `_weighed`, worked out once in
    `weighed` per handle and name match, known reason and birth year: `similarity` gives
    the texts that read alike one bare match, and they weigh alike."""
    h, n = matches
    birth = _birth_year(subject, candidate) if h or n else None
    key = (id(h), id(n), known, birth)
    if key not in weighed:
        found = _weighed(subject, known, candidate, {"handle": h, "display_name": n})
        weighed[key] = (
            None if found is None else ([found.features[f] for f in FEATURES], found.score)
        )
    return weighed[key]


def _similarities(
    subject: Subject, candidates: Sequence[Candidate], *, explained: bool = True
) -> tuple[list[Match | None], list[Match | None]]:
    """How each candidate's handle and display name resemble the subject's names."""
    index = index_names(subject.names, (h for hs in subject.handles.values() for h in hs))
    handles = similarity([c.handle for c in candidates], index, explained=explained)
    return handles, similarity([c.display_name for c in candidates], index, explained=explained)


def listed_reasons(subject: Subject, candidates: Sequence[Candidate]) -> list[Reason | None]:
    """Why the config lists each candidate as the subject's (its `known` feature), None where
    it does not."""
    listed = _listed(subject)
    emails = _folded(subject.emails) if subject.emails or subject.phones else None
    return [_known(subject, listed, emails, candidate) for candidate in candidates]


def _listed(subject: Subject) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Per platform, the subject's listed handles (folded) and user ids."""
    platforms = {*subject.handles, *subject.user_ids}
    return {
        platform.casefold(): (
            frozenset(map(_plain_handle, subject.handles.get(platform, ()))),
            frozenset(subject.user_ids.get(platform, ())),
        )
        for platform in platforms
    }


def _plain_handle(handle: str) -> str:
    return handle.strip().lstrip("@").casefold()


@dataclass(frozen=True, slots=True)
class _Weighed:
    """What the names say of one candidate against one subject, before any reason is written."""

    found: list[tuple[str, str, Match]]  # (field, label, match), the best match first
    birth: tuple[str, str, str] | None  # where the birth year shows (`_birth_year`)
    features: dict[str, float]
    score: float


def _weighed(
    subject: Subject,
    known: Reason | None,
    candidate: Candidate,
    matches: Mapping[str, Match | None],
) -> _Weighed | None:
    """The features and score of one candidate, or None when nothing resembles."""
    found = [(field, label, m) for field, label in _FIELDS if (m := matches[field]) is not None]
    if not found and known is None:  # most accounts: nothing to weigh
        return None
    found.sort(key=lambda item: -item[2].score)  # stable: the handle wins ties
    birth = _birth_year(subject, candidate) if found else None
    features = _features(matches, found[0][2] if found else None, birth)
    if known is not None:
        return _Weighed(found, birth, features | {"known": 1.0}, 1.0)
    base = found[0][2].score
    score = round(min(base + (BIRTH_YEAR_BONUS if birth else 0.0), ALIAS_CEILING), 4)
    return _Weighed(found, birth, features, score)


def _score(
    subject: Subject,
    known: Reason | None,
    candidate: Candidate,
    matches: Mapping[str, Match | None],
) -> Score | None:
    """One candidate's Score against one subject, or None when nothing resembles."""
    weighed = _weighed(subject, known, candidate, matches)
    if weighed is None:
        return None
    found, birth, features, score = weighed.found, weighed.birth, weighed.features, weighed.score
    if known is not None:
        return Score(
            candidate.key, subject.label, _kind(subject, known=True), score, features, (known,)
        )
    base = found[0][2].score
    reasons = [
        _reason(label, getattr(candidate, field), match, base if n == 0 else 0.0)
        for n, (field, label, match) in enumerate(found)
    ]
    if birth:
        label, text, digits = birth
        said = f"{label} '{text}' contains '{digits}', which matches {_owner(subject)} birth year"
        reasons.append(
            Reason(
                "birth_year", "birth year", f"{said} ({subject.birth_year})", round(score - base, 4)
            )
        )
    return Score(
        candidate.key, subject.label, _kind(subject, known=False), score, features, tuple(reasons)
    )


def _known(
    subject: Subject,
    listed: Mapping[str, tuple[frozenset[str], frozenset[str]]],
    emails: frozenset[str] | None,
    candidate: Candidate,
) -> Reason | None:
    """A reason when the config lists this very account for the subject; `emails` are the
    subject's e-mail addresses, folded (None when no e-mail or phone is configured)."""
    handles, ids = listed.get(candidate.platform.casefold(), _NOT_LISTED)
    if ids and candidate.user_id is not None and candidate.user_id in ids:
        feature, what, value = "known_user_id", "user id", candidate.user_id
    elif handles and candidate.handle and _plain_handle(candidate.handle) in handles:
        feature, what, value = "known_handle", "handle", candidate.handle
    elif emails is not None and _may_be_contact(emails, candidate):
        return listed_contact(subject, candidate, _owner(subject))
    else:
        return None
    owner = f"{_owner(subject)} {candidate.platform} account"
    return Reason(feature, "known", f"{what} '{value}' is listed in config as {owner}", 1.0)


def _may_be_contact(emails: frozenset[str], candidate: Candidate) -> bool:
    """Whether `listed_contact` may find the account: its handle or id is a configured e-mail
    address, or holds the seven digits any phone number has (`links.phone`)."""
    for value in (candidate.handle, candidate.user_id):
        if value and (
            ("@" in value and mailbox(value) in emails)
            or len(plain := value.encode()) - len(plain.translate(None, _DIGITS)) >= _PHONE_DIGITS
        ):
            return True
    return False


@lru_cache(maxsize=64)
def _folded(emails: tuple[str, ...]) -> frozenset[str]:
    return frozenset(map(mailbox, emails))


def _birth_year(subject: Subject, candidate: Candidate) -> tuple[str, str, str] | None:
    """Where the subject's birth year appears in the handle or display name, if it does."""
    for field, label in _FIELDS:
        text = getattr(candidate, field)
        if text and (digits := birth_year_digits(text, subject.birth_year)):
            return label, text, digits
    return None


def _features(
    matches: Mapping[str, Match | None], best: Match | None, birth: object | None
) -> dict[str, float]:
    """The flat numbers a classifier can learn from; 0.0 where a feature is absent."""
    features = dict.fromkeys(FEATURES, 0.0)
    for field, key in (("handle", "handle_sim"), ("display_name", "name_sim")):
        features[key] = match.score if (match := matches[field]) else 0.0
    for flag in (best.flags | set(best.steps)) if best else ():
        features[flag] = 1.0
    features["birth_year"] = float(birth is not None)
    return features


def _reason(label: str, original: str, match: Match, weight: float) -> Reason:
    """Say what the text resembles, after which steps, and why, without asserting identity."""
    text = f"{label} '{original}' ≈ {match.target}"
    if match.steps:
        text += " after " + " and ".join(_STEP_WORDS[step] for step in match.steps)
    if match.notes:
        text += ": " + "; ".join(match.notes)
    return Reason(label.replace(" ", "_"), match.level, text, weight)


def _owner(subject: Subject) -> str:
    if subject.kind == "restrained":
        return "the restrained person's"
    return f"associate {subject.label}'s"


def _kind(subject: Subject, *, known: bool) -> str:
    if subject.kind != "restrained":
        return "third_party"
    return "known" if known else "alias"
