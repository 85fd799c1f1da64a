"""Evidence floors: decisive evidence, decided by rules before and apart from any learned model.

A learned model weighs soft resemblances; some evidence is decisive on its own and must not
be outweighed by what a training set happened to correlate it with. Each rule here sets a
floor at or above the hit threshold that the model may raise but never lower:

- ``known``: the account is one the config lists (id, handle, phone or e-mail);
- ``name``: its display name or handle reads exactly as a configured name, without middle
  names or a second surname, with a clear nickname, surname first, or as 'Surname I.';
- ``handle``: its handle follows a username pattern of a configured name and birth date;
- ``contact``: its own words, bio or links show the restrained person's phone, e-mail, web
  address or handle;
- ``keyword``: its own words use configured keywords (one others write too only with a second
  sign);
- ``relay``: an account under a listed associate's name whose own words name the restrained
  person: contact through a third party.

Most floors sit just above the hit threshold: they make an account a lead to review, and the
model ranks it. A few facts are decisive (`DECISIVE`): no innocent look-alike shows them, so
their floor is a score as high as the model's surest, and no learned weight can rank them
below a soft resemblance: the restrained person's own phone number or e-mail in an account's
words, two configured keywords of which one is private, a listed associate's account speaking
of the restrained person.

`floors` (all subjects), `floor_subject` and `floor_scores` (one subject, aligned with the
candidates) are pure functions of the matcher's own records; `apply` raises model scores.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np

from matcher import handle_patterns, keywords, links
from matcher.name_forms import FormIndex, NameForm, index_forms, read_as
from matcher.names import birth_year_digits, spellings
from matcher.types import Candidate, Profile, Reason, Score, Subject

VERSION = "floors-1"
HIT = 0.5  # the default hit threshold (config [match] min_score)
# A floor scores the threshold plus at most SPAN by its rule's strength (WEAKEST..STRONGEST):
# every floored account is a hit, the stronger rules first, and the model still ranks the
# accounts it recognises above the ones only a rule caught.
SPAN, WEAKEST, STRONGEST, CEILING = 0.1, 0.7, 0.95, 0.99
# A decisive fact scores its strength (at least the threshold): as sure as the model's surest.
DECISIVE = 0.96
PATTERN_WHOLE, PATTERN_INITIAL, PATTERN_NEAR = 0.9, 0.85, 0.75
CONTACT_DIRECT, CONTACT_LINK = 0.97, 0.9
KEYWORDS_PRIVATE, KEYWORDS_MANY, KEYWORD_RARE, KEYWORD_COMMON = 0.96, 0.9, 0.8, 0.75
RELAY = 0.96
_DETAILS = {"phone": "phone number", "email": "e-mail address", "url": "web address"}
_DETAILS["handle"] = "handle"
_NO_DIGITS = str.maketrans("", "", "0123456789")


@dataclass(frozen=True, slots=True)
class Floor:
    """The least score one candidate gets against one subject, and the rules that set it."""

    candidate_key: str
    subject: str  # Subject.label
    kind: str  # "known" | "alias" | "third_party"
    score: float  # at or above the hit threshold
    rules: tuple[str, ...]  # "known", "name", "handle", "contact", "keyword"
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class _Prepared:
    """One subject's configuration, ready for many candidates."""

    subject: Subject
    owner: str
    forms: FormIndex
    patterns: tuple[handle_patterns.Pattern, ...]
    details: links.Details
    keywords: tuple[keywords.Keyword, ...]
    listed: dict[str, tuple[frozenset[str], frozenset[str]]]
    name_parts: frozenset[str]
    speaks_of: tuple[keywords.Keyword, ...]  # an associate's: the restrained person's names


def floors(
    profile: Profile, candidates: Sequence[Candidate], *, min_score: float = HIT
) -> list[Floor]:
    """Every floor of every candidate against every subject, candidate by candidate.

    >>> subject = Subject("restrained", "restrained", names=("William Smith",), birth_year=1985)
    >>> found = floors(Profile(subject), [Candidate("1", "x", handle="smithw85"),
    ...                                   Candidate("2", "x", display_name="Bill Smith")])
    >>> [(f.candidate_key, f.rules, f.score) for f in found]
    [('1', ('handle',), 0.56), ('2', ('name',), 0.56)]
    >>> print(found[0].reasons[0].text)  # doctest: +NORMALIZE_WHITESPACE
    handle rule: 'smithw85' = surname + first initial + birth year,
    from the restrained person's name 'William Smith'
    """
    return flattened(floor_columns(profile, candidates, min_score=min_score))


def floor_columns(
    profile: Profile, candidates: Sequence[Candidate], *, min_score: float = HIT
) -> list[list[Floor | None]]:
    """`floor_subject` of every subject (in `profile.subjects` order), an associate's relays
    too: computed once, they serve both `floors` and the model's `rule_floor` feature."""
    restrained = profile.restrained
    return [
        floor_subject(
            s, candidates, min_score=min_score, speaks_for=None if s is restrained else restrained
        )
        for s in profile.subjects
    ]


def flattened(columns: Sequence[Sequence[Floor | None]]) -> list[Floor]:
    """The floors of `floor_columns`, candidate by candidate, as `floors` returns them."""
    return [f for row in zip(*columns, strict=True) for f in row if f is not None]


def floor_subject(
    subject: Subject,
    candidates: Sequence[Candidate],
    *,
    min_score: float = HIT,
    speaks_for: Subject | None = None,
) -> list[Floor | None]:
    """Each candidate's floor against one subject (None where no rule applies), in order.

    `speaks_for` is the restrained person when `subject` is an associate: an account under the
    associate's name that names them in its own words relays for them.
    """
    prepared = _prepare(subject, speaks_for)
    return [_floor(prepared, c, min_score) for c in candidates]


def floor_scores(
    subject: Subject, candidates: Sequence[Candidate], *, min_score: float = HIT
) -> np.ndarray:
    """Each candidate's floor against one subject as a number, 0.0 where none applies: an
    evaluation combines it with a model's probabilities as ``np.maximum(model, floors)``.

    >>> subject = Subject("restrained", "restrained", names=("Ana Kowalska",))
    >>> floor_scores(subject, [Candidate("1", "x", display_name="Ana Kowalska"),
    ...                        Candidate("2", "x", display_name="Ana Nowak")]).tolist()
    [0.6, 0.0]
    """
    found = floor_subject(subject, candidates, min_score=min_score)
    return np.array([f.score if f is not None else 0.0 for f in found], dtype=float)


def apply(scores: Sequence[Score], found: Sequence[Floor]) -> list[Score]:
    """Model scores raised to their floors; a floored pair the model left out gets a score.

    The floor's reasons come first, so a reader sees the decisive evidence before the soft;
    a pair only a floor found is versioned `VERSION`.
    """
    by_pair = {(f.candidate_key, f.subject): f for f in found}
    raised = [_raise(s, by_pair.pop((s.candidate_key, s.subject), None)) for s in scores]
    new = [
        Score(f.candidate_key, f.subject, f.kind, f.score, {}, f.reasons, VERSION)
        for f in by_pair.values()
    ]
    return raised + new


def _raise(score: Score, floor: Floor | None) -> Score:
    """The model's score lifted to the floor; its version stays, the reasons say the rule."""
    if floor is None:
        return score
    said = {r.text for r in floor.reasons}
    reasons = (*floor.reasons, *(r for r in score.reasons if r.text not in said))
    kind = "known" if "known" in (floor.kind, score.kind) else score.kind
    return replace(score, kind=kind, score=max(score.score, floor.score), reasons=reasons)


def owner_of(subject: Subject) -> str:
    if subject.kind == "restrained":
        return "the restrained person's"
    return f"associate {subject.label}'s"


def _prepare(subject: Subject, speaks_for: Subject | None = None) -> _Prepared:
    restrained = subject.kind == "restrained"
    handles = [h for hs in subject.handles.values() for h in hs]
    details = links.Details.of(
        phones=subject.phones if restrained else (),
        emails=subject.emails if restrained else (),
        urls=subject.urls if restrained else (),
        handles=handles if restrained else (),
    )
    forms = index_forms(subject.names)
    parts = {t for f in forms.by_tokens.values() for t in f.tokens}
    return _Prepared(
        subject=subject,
        owner=owner_of(subject),
        forms=forms,
        patterns=handle_patterns.patterns(
            subject.names, birth_year=subject.birth_year, birth_date=subject.birth_date
        ),
        details=details,
        keywords=keywords.prepare(subject.keywords),
        listed={
            p.casefold(): (
                frozenset(h.strip().lstrip("@").casefold() for h in subject.handles.get(p, ())),
                frozenset(subject.user_ids.get(p, ())),
            )
            for p in {*subject.handles, *subject.user_ids}
        },
        name_parts=frozenset(t for t in parts if len(t) > 1),
        speaks_of=_names_of(speaks_for) if speaks_for is not None else (),
    )


def _names_of(person: Subject) -> tuple[keywords.Keyword, ...]:
    """The restrained person's names as words to find in a relay's messages: each full name
    and its given name (one too short to be told from an ordinary word is left out)."""
    words = [*person.names, *(n.split()[0] for n in person.names if n.split())]
    return tuple(k for k in keywords.prepare(dict.fromkeys(words)) if len(k.joined) >= 3)


def _floor(prepared: _Prepared, candidate: Candidate, min_score: float) -> Floor | None:
    found = list(_known(prepared, candidate))
    restrained = prepared.subject.kind == "restrained"
    kind = ("known" if found else "alias") if restrained else "third_party"
    named = list(_names(prepared, candidate))
    found += [*named, *_relay(prepared, candidate, named), *_handle(prepared, candidate)]
    if candidate.texts or candidate.bio or candidate.links:  # most accounts: no words to read
        contact = list(_contact(prepared, candidate))
        found += contact
        found += _keywords(prepared, candidate, has_contact=bool(contact))
    if not found:
        return None
    found.sort(key=lambda item: -item[1])  # the strongest rule first; stable otherwise
    score = found[0][1]
    rules = tuple(dict.fromkeys(rule for rule, _, _ in found))
    reasons = tuple(reason for _, _, reason in found)
    return Floor(
        candidate.key, prepared.subject.label, kind, lift(score, min_score), rules, reasons
    )


def lift(strength: float, min_score: float) -> float:
    """A rule's strength as a score: 1.0 for a listed account, its strength for a decisive fact,
    else just above the threshold.

    >>> lift(1.0, 0.5), lift(0.97, 0.5), lift(0.95, 0.5), lift(0.7, 0.5), lift(0.95, 0.95)
    (1.0, 0.97, 0.6, 0.5, 0.99)
    """
    if strength >= 1.0:
        return 1.0
    if strength >= DECISIVE:
        return round(min(CEILING, max(strength, min_score + SPAN)), 4)
    share = (min(max(strength, WEAKEST), STRONGEST) - WEAKEST) / (STRONGEST - WEAKEST)
    return round(min(CEILING, max(min_score + SPAN * share, min_score)), 4)


_Found = tuple[str, float, Reason]
_NOT_LISTED: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


def _known(prepared: _Prepared, candidate: Candidate) -> Iterator[_Found]:
    """The account is one the config lists: by id or handle on its platform, or phone/e-mail."""
    handles, ids = prepared.listed.get(candidate.platform.casefold(), _NOT_LISTED)
    owner, account = prepared.owner, f"{prepared.owner} {candidate.platform} account"
    if ids and candidate.user_id is not None and candidate.user_id in ids:
        text = f"user id '{candidate.user_id}' is listed in config as {account}"
        yield "known", 1.0, Reason("known_user_id", "known", text, 1.0)
        return
    if handles and candidate.handle and candidate.handle.strip().lstrip("@").casefold() in handles:
        text = f"handle '{candidate.handle}' is listed in config as {account}"
        yield "known", 1.0, Reason("known_handle", "known", text, 1.0)
        return
    if not prepared.details.phones and not prepared.details.emails:
        return  # no phone or e-mail configured: no handle or id can be one
    for field, value in (("handle", candidate.handle), ("user id", candidate.user_id)):
        if not value or len(value) > 100 or not _may_be_contact(value):
            continue
        for kind, _ in prepared.details.find(value):
            if kind in ("phone", "email") and _whole(value, kind):
                text = f"{field} '{value}' is {owner} {_DETAILS[kind]} listed in config"
                yield "known", 1.0, Reason(f"known_{kind}", "known", text, 1.0)
                return


def _may_be_contact(value: str) -> bool:
    """Whether a handle or id could hold an e-mail address (an '@') or a phone number (seven
    digits): the quick test before `Details.find` reads it."""
    if "@" in value or len(value) < 7:
        return "@" in value
    if value.isascii():  # the usual handle: its digits counted in C
        return len(value) - len(value.translate(_NO_DIGITS)) >= 7
    return sum(c.isdigit() for c in value) >= 7


def _whole(value: str, kind: str) -> bool:
    """Whether a handle or id is nothing but one phone number or e-mail address."""
    if kind == "email":
        return links.email(value.strip()) is not None
    return sum(1 for _ in links.phone_runs(value)) == 1 and not any(c.isalpha() for c in value)


def _names(prepared: _Prepared, candidate: Candidate) -> Iterator[_Found]:
    for field, text, handle in (
        ("display name", candidate.display_name, False),
        ("handle", candidate.handle, True),
    ):
        if (form := read_as(text, prepared.forms, handle=handle)) is not None:
            whose = f"{prepared.owner} name '{form.name}'"
            said = f"name rule: {field} '{text}' reads as {whose} ({_form(form)})"
            yield "name", form.score, Reason("name_floor", form.form, said, form.score)


def _relay(prepared: _Prepared, candidate: Candidate, named: list[_Found]) -> Iterator[_Found]:
    """An account under an associate's name whose own words name the restrained person."""
    if not named or not prepared.speaks_of:
        return
    said_of = keywords.found(prepared.speaks_of, (*candidate.texts, candidate.bio))
    if said_of:
        said = (
            f"relay rule: an account under {prepared.owner} name speaks of the restrained"
            f" person ('{said_of[0].text}') in its own words"
        )
        yield "relay", RELAY, Reason("relay_floor", "relay", said, RELAY)


def _form(form: NameForm) -> str:
    if form.nickname is None:
        return form.form
    nick, given = form.nickname
    return f"with the nickname {nick} for {given}"


def _handle(prepared: _Prepared, candidate: Candidate) -> Iterator[_Found]:
    texts = [candidate.handle]
    if candidate.display_name and len(candidate.display_name.split()) == 1:
        texts.append(candidate.display_name)
    for text in texts:
        if (found := handle_patterns.match(text, prepared.patterns)) is None:
            continue
        pattern, parts = found.pattern, " + ".join(found.pattern.parts)
        whose = f"from {prepared.owner} name '{pattern.name}'"
        if not found.exact:
            said = (
                f"handle rule: '{text}' ≈ {parts} ('{pattern.text}', one slip of a letter), {whose}"
            )
            score = PATTERN_NEAR
        else:
            how = " after leetspeak" if found.leetspeak else ""
            said = f"handle rule: '{text}' = {parts}{how}, {whose}"
            whole = handle_patterns.whole_name(pattern.parts)
            score = PATTERN_WHOLE if whole else PATTERN_INITIAL
        yield "handle", score, Reason("handle_floor", "pattern", said, score)
        return


def _contact(prepared: _Prepared, candidate: Candidate) -> Iterator[_Found]:
    seen: set[tuple[str, str]] = set()
    for place, texts in (
        ("its messages", candidate.texts),
        ("its bio", (candidate.bio,)),
        ("its profile links", candidate.links),
    ):
        for text in texts:
            for kind, value in prepared.details.find(text):
                if (kind, value) in seen:
                    continue
                seen.add((kind, value))
                score = CONTACT_DIRECT if kind in ("phone", "email") else CONTACT_LINK
                said = (
                    f"contact rule: {prepared.owner} {_DETAILS[kind]} '{value}' appears in {place}"
                )
                yield "contact", score, Reason(f"contact_{kind}", kind, said, score)


def _keywords(prepared: _Prepared, candidate: Candidate, *, has_contact: bool) -> list[_Found]:
    if not prepared.keywords:
        return []
    used = keywords.found(prepared.keywords, (*candidate.texts, candidate.bio))
    if not used:
        return []
    if len(used) > 1:
        quoted = ", ".join(f"'{k.text}'" for k in used)
        said = f"keyword rule: its own words use {quoted}, keywords from the config"
        # one of them private (not a common word): strangers do not happen on both
        value = KEYWORDS_PRIVATE if any(not k.common for k in used) else KEYWORDS_MANY
        return [("keyword", value, Reason("keyword_floor", "keywords", said, value))]
    (keyword,) = used
    if keyword.coined:
        said = f"keyword rule: its own words use '{keyword.text}', a keyword from the config"
        return [("keyword", KEYWORD_RARE, Reason("keyword_floor", "keyword", said, KEYWORD_RARE))]
    signal = _second_signal(prepared, candidate, has_contact=has_contact)
    if signal is None:  # a place, a name or a common word: strangers write it too
        return []
    what = (
        "a common keyword from the config"
        if keyword.common
        else "a keyword from the config that others write too (a place or a name)"
    )
    said = f"keyword rule: its own words use '{keyword.text}', {what}, and {signal}"
    return [
        ("keyword", KEYWORD_COMMON, Reason("keyword_floor", "common keyword", said, KEYWORD_COMMON))
    ]


def _second_signal(prepared: _Prepared, candidate: Candidate, *, has_contact: bool) -> str | None:
    """What else ties an account using a common keyword to the subject, in words, if anything."""
    owner = prepared.owner
    if has_contact:
        return f"it shows {owner} contact details"
    for text in (candidate.display_name, candidate.handle):
        if not text or len(text) > 200:
            continue
        if {t for s in spellings(text) for t in s.tokens} & prepared.name_parts:
            return f"its name shares a part of {owner} name"
    if candidate.handle and birth_year_digits(candidate.handle, prepared.subject.birth_year):
        return f"its handle carries {owner} birth year"
    return None
