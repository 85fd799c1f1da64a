"""Evidence floors: decisive evidence, decided by rules before and apart from any learned model.

A learned model weighs soft resemblances; some evidence is decisive on its own and must not
be outweighed by what a training set happened to correlate it with. Each rule here sets a
floor at or above the hit threshold that the model may raise but never lower:

- ``known``: the account is one the config lists (id, handle, phone or e-mail);
- ``name``: its display name or handle reads exactly as a configured name, without middle
  names or a second surname, with a clear nickname, surname first, or as 'Surname I.', also
  written backwards; or one letter off, where the slip is no name of its own (`matcher.slips`);
- ``handle``: its handle follows a username pattern of a configured name and birth date, or
  is a listed handle on another platform, or one dressed up ('darkwolf77' as 'the_darkwolf77');
- ``contact``: its own words, bio or links show the restrained person's phone, e-mail, web
  address or handle;
- ``keyword``: its own words use configured keywords (one others write too only with a second
  sign);
- ``relay``: an account under a listed associate's name whose own words name the restrained
  person: contact through a third party; a lead, not decisive, when an account under no
  configured name names them in full.

The rules on an account's own words (contact, keyword, relay) live in `matcher.word_floors`.

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

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from matcher import (
    handle_patterns,
    keywords,
    links,
    listed_accounts,
    listed_handles,
    relays,
    slips,
    word_floors,
)
from matcher.adornments import unadorned
from matcher.name_forms import FormIndex, NameForm, index_forms, read_as
from matcher.types import Candidate, Profile, Reason, Score, Subject
from matcher.word_floors import Found

VERSION = "floors-1"
HIT = 0.5  # the default hit threshold (config [match] min_score)
# A floor scores the threshold plus at most SPAN by its rule's strength (WEAKEST..STRONGEST):
# every floored account is a hit, the stronger rules first, and the model still ranks the
# accounts it recognises above the ones only a rule caught.
SPAN, WEAKEST, STRONGEST, CEILING = 0.1, 0.7, 0.95, 0.99
# A decisive fact scores its strength (at least the threshold): as sure as the model's surest.
DECISIVE = 0.96
PATTERN_WHOLE, PATTERN_INITIAL, PATTERN_NEAR = 0.9, 0.85, 0.75


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
    listed: listed_accounts.Listed
    handle_keys: dict[str, tuple[str, str]]  # listed handles, folded (`listed_handles`)
    name_parts: frozenset[str]
    speaks_of: tuple[keywords.Keyword, ...]  # an associate's: the restrained person's names
    named_by: word_floors.Written | None  # the restrained person's full name forms
    relayed_for: frozenset[str]  # the restrained person's given names and nicknames
    letters: frozenset[str]  # every stretch of letters of a name form or handle pattern
    slip_digits: frozenset[str]  # digits a handle may end with, one slip from a pattern
    slip_names: slips.Names  # given names and surnames, for a name one letter off


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
    columns = [
        floor_subject(
            s, candidates, min_score=min_score, speaks_for=None if s is restrained else restrained
        )
        for s in profile.subjects
    ]
    # An associate's relay already says who writes for whom: the restrained person's given-name
    # lead from the same words would report the account twice.
    own, others = columns[0], columns[1:]  # `profile.subjects` puts the restrained person first
    for row, floor in enumerate(own):
        relayed = [f for c in others if (f := c[row]) is not None and "relay" in f.rules]
        if floor is not None and floor.rules == ("relay",) and relayed:
            own[row] = None
    return columns


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
    with keywords.lists_open():  # a slip's word is looked up in the word lists, one by one
        return [_floor(prepared, c, min_score) for c in candidates]


def floor_scores(
    subject: Subject, candidates: Sequence[Candidate], *, min_score: float = HIT
) -> np.ndarray:
    """Each candidate's floor against one subject as a number, 0.0 where none applies: an
    evaluation combines it with a model's probabilities as ``np.maximum(model, floors)``.

    >>> subject = Subject("restrained", "restrained", names=("Ana Kowalska",))
    >>> floor_scores(subject, [Candidate("1", "x", display_name="Ana Kowalska"),
    ...                        Candidate("2", "x", display_name="Ana Nowak")]).tolist()
    [0.52, 0.0]
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
    patterns = handle_patterns.patterns(
        subject.names, birth_year=subject.birth_year, birth_date=subject.birth_date
    )
    return _Prepared(
        subject=subject,
        owner=owner_of(subject),
        forms=forms,
        patterns=patterns,
        details=details,
        keywords=keywords.prepare(subject.keywords),
        listed={
            p.casefold(): (
                frozenset(h.strip().lstrip("@").casefold() for h in subject.handles.get(p, ())),
                frozenset(subject.user_ids.get(p, ())),
            )
            for p in {*subject.handles, *subject.user_ids}
        },
        handle_keys=listed_handles.keys(subject.handles),
        name_parts=frozenset(t for t in parts if len(t) > 1),
        speaks_of=word_floors.names_of(speaks_for) if speaks_for is not None else (),
        named_by=word_floors.written_names(forms) if restrained else None,
        relayed_for=relays.given_names(subject.names) if restrained else frozenset(),
        letters=_both_ways(forms.pieces | handle_patterns.letters_of(patterns)),
        slip_digits=handle_patterns.slip_digits(patterns),
        slip_names=slips.Names.of(subject.names),
    )


def _floor(prepared: _Prepared, candidate: Candidate, min_score: float) -> Floor | None:
    known = listed_accounts.account(prepared.listed, prepared.details, prepared.owner, candidate)
    words = candidate.texts or candidate.bio or candidate.links
    seen = listed_handles.sighted(prepared.handle_keys, candidate)  # 'darkwolf77' on TikTok
    if known is None and not words and seen is None and not _may_be_named(prepared, candidate):
        return None  # most accounts: no rule applies, no words to read
    named = _names(prepared, candidate)
    handle = _handle(prepared, candidate) or listed_handles.floor(seen, prepared.owner, candidate)
    if not named and handle is None:  # 'Michael Whitakker', 'alessamdra_bruno'
        named = slips.floor(prepared.slip_names, prepared.owner, candidate, PATTERN_NEAR)
    if known is None and not named and handle is None and not words:
        return None
    found = [known] if known is not None else []
    restrained = prepared.subject.kind == "restrained"
    kind = ("known" if found else "alias") if restrained else "third_party"
    found += named
    if named and prepared.speaks_of:
        found += word_floors.relay(prepared.speaks_of, prepared.owner, candidate)
    naming = word_floors.naming(prepared.named_by, candidate) if words and not named else []
    if words and not named and not naming:  # 'Catriona asked me to tell you'
        naming = relays.floor(prepared.relayed_for, candidate)
    found += naming  # 'Robert Miller asked me to write': through a third party, if only that
    if naming and all(rule == "relay" for rule, _, _ in naming) and kind == "alias":
        kind = "third_party"
    if handle is not None:
        found.append(handle)
    if words:
        found += (contact := word_floors.contact(prepared.details, prepared.owner, candidate))
        if prepared.keywords:
            found += word_floors.keyword(
                prepared.keywords,
                candidate,
                owner=prepared.owner,
                name_parts=prepared.name_parts,
                birth_year=prepared.subject.birth_year,
                has_contact=bool(contact),
            )
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


def _may_be_named(prepared: _Prepared, candidate: Candidate) -> bool:
    """Whether the name or handle rule may apply, told from the runs of letters of the handle
    and display name alone (`handle_patterns.outline`): each reading keeps every run inside
    one of its words, so a run in no form's or pattern's letters, and no birth digits at the
    end for a slip, rule out both. At 100,000 accounts almost all of them, for each subject."""
    texts = [candidate.handle, candidate.display_name]
    for written in _handle_like(candidate):
        texts += unadorned(written, handle=True)
    if candidate.display_name:
        texts += unadorned(candidate.display_name, handle=False)
    for text in texts:
        if text:
            shape = handle_patterns.outline(text)
            if shape is None or shape[1] in prepared.slip_digits:
                return True  # None: not ASCII, look-alikes may write any letters
            if prepared.letters.issuperset(shape[0]):
                return True
            if len(shape[0]) == 2 and prepared.slip_names.holds_any(shape[0]):
                return True  # one word exact, the other may be one letter off
    return False


def _handle_like(candidate: Candidate) -> list[str]:
    """The handle, and a display name of one word written as handles are ('xX_robmiller_Xx')."""
    texts = [candidate.handle] if candidate.handle else []
    if candidate.display_name and len(candidate.display_name.split()) == 1:
        texts.append(candidate.display_name)
    return texts


def _names(prepared: _Prepared, candidate: Candidate) -> list[Found]:
    found = []
    for field, text, handle in (
        ("display name", candidate.display_name, False),
        ("handle", candidate.handle, True),
    ):
        readings = ((text, " reads as"), (text[::-1], ", read backwards, is")) if text else ()
        for read, how in readings:
            if (form := read_as(read, prepared.forms, handle=handle)) is not None:
                whose = f"{prepared.owner} name '{form.name}'"
                said = f"name rule: {field} '{text}'{how} {whose} ({_form(form)})"
                reason = Reason("name_floor", form.form, said, form.score)
                found.append(("name", form.score, reason))
                break  # 'Rellim Trebor' for Robert Miller, read backwards only if not forwards
    return found


def _both_ways(letters: frozenset[str]) -> frozenset[str]:
    """Stretches of letters, and the same written backwards ('rellim' for 'miller')."""
    return letters | {stretch[::-1] for stretch in letters}


def _form(form: NameForm) -> str:
    if form.nickname is None:
        return form.form
    nick, given = form.nickname
    return f"with the nickname {nick} for {given}"


def _handle(prepared: _Prepared, candidate: Candidate) -> Found | None:
    texts: list[tuple[str | None, str | None]] = []
    for written in _handle_like(candidate):  # 'rmiller82_backup' read as 'rmiller82'
        texts += [
            (written, written),
            *((bare, written) for bare in unadorned(written, handle=True)),
        ]
    texts += [(text[::-1], written) for text, written in texts if text]  # 'rellim.bor'
    for text, written in texts:
        if (found := handle_patterns.match(text, prepared.patterns)) is None:
            continue
        shown = f"'{text}'" if written == text else f"'{written}' read as '{text}'"
        pattern, parts = found.pattern, " + ".join(found.pattern.parts)
        whose = f"from {prepared.owner} name '{pattern.name}'"
        if not found.exact:
            slip = f"('{pattern.text}', one slip of a letter)"
            said = f"handle rule: {shown} ≈ {parts} {slip}, {whose}"
            score = PATTERN_NEAR
        else:
            how = " after leetspeak" if found.leetspeak else ""
            said = f"handle rule: {shown} = {parts}{how}, {whose}"
            whole = handle_patterns.whole_name(pattern.parts)
            score = PATTERN_WHOLE if whole else PATTERN_INITIAL
        return "handle", score, Reason("handle_floor", "pattern", said, score)
    return None
