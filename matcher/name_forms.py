"""The ways people really write a configured name, for the name floor of `matcher.rules`.

A person named "Michael John Heaffy" writes "Michael Heaffy", "Mikey Heaffy", "Heaffy
Michael", "Heaffy M." or "M. Heaffy"; "José García López" writes "José García" or "Pepe
García". A display name or handle that reads exactly as one of these forms, after
normalisation, is strong evidence whatever a learned model says. Exactness keeps it precise:
a stranger with the same first name only, or the same surname only, matches no form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from matcher.adornments import unadorned
from matcher.greek import as_foreign, greek
from matcher.leetspeak import unglued
from matcher.names import (
    ELIDED,
    SUFFIXES,
    diminutive_table,
    namer,
    nicknames,
    normalise,
    pet_spellings,
    sound,
    spellings,
)
from matcher.spellings import as_written

# A form's strength orders the floors (`rules.lift`). The full name, and the full name short of
# a middle name or second surname, are what a namesake writes as their own, so they rank below
# a variant somebody chose (a nickname, the name reversed) and just above bare initials, which
# many more people share. On both generators' test splits the full forms matched 23 innocents
# beside 252 alts, nicknames 4 beside 103, reversed and initial forms none beside 269; at 0.95
# a namesake outranked a private keyword or the person's own handle pattern.
FULL = NO_MIDDLE = NO_SECOND_SURNAME = 0.75
REVERSED, NICKNAME, INITIAL = 0.85, 0.85, 0.7
_PARTICLES = frozenset({"de", "del", "la", "las", "los", "da", "das", "do", "dos", "di", "van"})
_PARTICLES |= {"von", "der", "den", "ter", "le", "du", "y", "e", "i"}
_PARTICLES |= {"ben", "bin", "ibn", "bint", "al", "el"}  # Arabic: "Ben Youssef", "al-Rashid"
# Titles a display name may open with ("Dr. Robert Miller"): read past like a suffix.
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir"})
_DROPPED = SUFFIXES | _TITLES
_LETTERS = re.compile(r"[a-z]+")
_FEW_MEANINGS = 3  # a nickname that stands for more formal names than this is ambiguous
_FORMAL = 5  # a name with this many nicknames of its own is a formal name


@dataclass(frozen=True, slots=True)
class NameForm:
    """One written form of a configured name and how it departs from the full name."""

    tokens: tuple[str, ...]  # normalised, in written order: ("mikey", "heaffy")
    name: str  # the configured name, as written in the config
    form: str  # phrase for the reason: "without the middle name", "surname first", ...
    score: float
    nickname: tuple[str, str] | None = None  # ("Pepe", "José"): nickname, given name as written
    initial: bool = False  # holds an initial: compared token by token, display names only

    @property
    def skeleton(self) -> str:
        return "".join(self.tokens)


@dataclass(frozen=True, slots=True)
class FormIndex:
    """A subject's name forms keyed for exact lookup, by tokens and by joined letters."""

    by_tokens: dict[tuple[str, ...], NameForm]
    by_skeleton: dict[str, NameForm]
    by_sound: dict[tuple[str, ...], NameForm]  # for names written in another script
    pieces: frozenset[str]  # every stretch of letters of a form's words (`_pieces`)


def _units(name: str) -> list[tuple[str, ...]]:
    """Name parts, particles kept with the part they introduce: ("de", "la", "cruz"). A particle
    is written as one, without accents: the Vietnamese middle name 'Văn' is no Dutch 'van'.

    >>> _units("Vincent van Gogh"), _units("Trần Văn Quang")
    ([('vincent',), ('van', 'gogh')], [('tran',), ('van',), ('quang',)])
    """
    plain = {w.lower() for w in name.replace("-", " ").split() if w.isascii()}
    tokens = [t for t in normalise(name).replace("-", " ").split() if t not in _DROPPED]
    tokens = ["".join(c for c in t if c.isalpha()) for t in tokens]
    units: list[tuple[str, ...]] = []
    pending: list[str] = []
    for token in filter(None, tokens):
        if token in _PARTICLES and token in plain and units:
            pending.append(token)
            continue
        units.append((*pending, token))
        pending = []
    return units


def is_given_name(token: str) -> bool:
    """Whether a name part is known as a given name (so a middle name, not a surname)."""
    return bool(nicknames(token))


@lru_cache(maxsize=4096)
def floor_nicknames(given: str) -> frozenset[str]:
    """Nicknames of a given name clear enough to decide by: 'Bill' for William, 'Mikey' for
    Michael, 'Pepe' for José. A formal name gives its nicknames only; a configured nickname
    gives its formal names, only those that start alike when it stands for many ('Rick' is
    Richard or Ricardo here, never Eric or Derek).

    >>> sorted(floor_nicknames("rick")), "wilma" in floor_nicknames("william")
    (['ricardo', 'richard', 'rickey', 'rickie', 'ricky'], False)
    """
    names = namer()
    found = set(names.nicknames_of(given))
    formal = {f for f in names.canonicals_of(given) if len(f) > len(given)}
    if formal and len(found) < _FORMAL:  # a nickname itself: add the names it stands for
        found = {f for f in found if f[:1] == given[:1]}  # 'Will' is not 'Fred'
        if len(formal) > _FEW_MEANINGS:
            formal = {f for f in formal if f[:1] == given[:1]}
        found |= formal
    found |= diminutive_table().get(given, frozenset())
    found |= {spelt for n in found for spelt in pet_spellings(n)}
    return frozenset(n for n in found - {given} if len(n) >= 2)


def forms(name: str) -> tuple[NameForm, ...]:
    """Every form of one configured name that the name floor accepts. A word before the
    surname that is no known given name may be a first surname ('García López') or a middle
    name the nickname lists lack ('Leonie', 'Thibaut'): both readings count.

    >>> [f.form for f in forms("Michael John Heaffy")][:3]
    ['the full name', 'without the middle name', 'surname first']
    >>> [" ".join(f.tokens) for f in forms("José García López")][:2]
    ['jose garcia lopez', 'jose garcia']
    >>> "svenja kranz" in {" ".join(f.tokens) for f in forms("Svenja Leonie Kranz")}
    True
    """
    units = _units(name)
    if len(units) < 2:
        return ()
    given, rest = units[0], tuple(units[1:])
    middles, surnames = rest[:-1], rest[-1:]
    readings = [(middles, surnames)]
    if middles and not all(is_given_name(t) for t in middles[-1]):
        readings.insert(0, (middles[:-1], (middles[-1], rest[-1])))  # "García López"
    found = [f for m, s in readings for f in _forms(name, given, m, s)]
    if len(surnames[0]) > 1:  # 'Khaled Rashid' for Khaled al-Rashid: the particle left out
        bare = _forms(name, given, middles, (surnames[0][-1:],))
        found += [replace(f, form=_NO_PARTICLE) if f.form == "the full name" else f for f in bare]
    return tuple(dict.fromkeys([*found, *_one_middle_dropped(name, given, middles, surnames)]))


_NO_PARTICLE = "without the particle"


def _one_middle_dropped(
    name: str,
    given: tuple[str, ...],
    middles: tuple[tuple[str, ...], ...],
    surnames: tuple[tuple[str, ...], ...],
) -> Iterator[NameForm]:
    """With two middle words or more, the name short of one of them, given name or nickname
    first: 'Francisco Julián Almazán' and 'Pancho Julián Almazán' for Francisco Valentín
    Julián Almazán, whose 'Julián' may be a first surname or a middle name."""
    if len(middles) < 2:
        return
    first = given[-1]
    written = _as_written(name, first)
    nicks = sorted(floor_nicknames(first)) if len(given) == 1 else []
    for dropped in range(len(middles)):
        kept = middles[:dropped] + middles[dropped + 1 :]
        yield NameForm(_flat([given], kept, surnames), name, "without a middle name", NO_MIDDLE)
        for nick in nicks:
            said = f"with the nickname {nick.title()} for {written}"
            tokens = _flat([(nick,)], kept, surnames)
            yield NameForm(tokens, name, said, NICKNAME, nickname=(nick.title(), written))


def _as_written(name: str, token: str) -> str:
    """A name part as the config writes it ('José' for 'jose'), for a reason's wording."""
    return next((w for w in name.split() if normalise(w) == token), token.title())


def _flat(*parts: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(t for part in parts for unit in part for t in unit)


def _forms(
    name: str,
    given: tuple[str, ...],
    middles: tuple[tuple[str, ...], ...],
    surnames: tuple[tuple[str, ...], ...],
) -> Iterator[NameForm]:
    yield NameForm(_flat([given], middles, surnames), name, "the full name", FULL)
    if middles:
        yield NameForm(_flat([given], surnames), name, "without the middle name", NO_MIDDLE)
    short = surnames[:1]
    if len(surnames) > 1:
        said = "without the second surname"
        yield NameForm(_flat([given], middles, short), name, said, NO_SECOND_SURNAME)
        yield NameForm(_flat([given], short), name, said, NO_SECOND_SURNAME)
    for family in dict.fromkeys((surnames, short)):
        yield NameForm(_flat(family, [given]), name, "surname first", REVERSED)
        if middles:  # "García López, José Luis"
            yield NameForm(_flat(family, [given], middles), name, "surname first", REVERSED)
    first = given[-1]
    written = _as_written(name, first)
    initials = tuple((m[-1][0],) for m in middles)  # "Robert J. Miller", "Rob J. Miller"
    for nick in sorted(floor_nicknames(first)) if len(given) == 1 else ():
        said = f"with the nickname {nick.title()} for {written}"
        for family in dict.fromkeys((surnames, short)):
            tokens = _flat([(nick,)], family)
            yield NameForm(tokens, name, said, NICKNAME, nickname=(nick.title(), written))
            tokens = _flat(family, [(nick,)])  # "Miller, Rob"
            yield NameForm(tokens, name, said, NICKNAME, nickname=(nick.title(), written))
            if initials:
                tokens = _flat([(nick,)], initials, family)
                yield NameForm(tokens, name, said, NICKNAME, (nick.title(), written), True)
    for family in dict.fromkeys((surnames, short)) if initials else ():
        said = "with the middle initial"
        yield NameForm(_flat([given], initials, family), name, said, FULL, initial=True)
        said = "surname first, with the middle initial"
        yield NameForm(_flat(family, [given], initials), name, said, REVERSED, initial=True)
    letter = (first[0],)
    for family in dict.fromkeys((surnames, short)):
        yield NameForm(_flat(family, [letter]), name, "surname and initial", INITIAL, initial=True)
        yield NameForm(_flat([letter], family), name, "initial and surname", INITIAL, initial=True)
        if middles:
            letters = [letter, *initials]
            said = "initials and surname"
            yield NameForm(_flat(letters, family), name, said, INITIAL, initial=True)
            glued = "".join(_flat(letters))  # "RJ Miller", not "Al Smith" for Anna Lee Smith
            if not is_given_name(glued) and glued not in _DROPPED:  # nor "Mr Smith"
                yield NameForm(_flat([(glued,)], family), name, said, INITIAL, initial=True)
            said = "initial, middle name and surname"  # "R. James Miller"
            yield NameForm(_flat([letter], middles, family), name, said, INITIAL, initial=True)


def index_forms(names: Iterable[str]) -> FormIndex:
    """Prepare one subject's names once for many texts; the stronger form wins a clash."""
    by_tokens: dict[tuple[str, ...], NameForm] = {}
    by_skeleton: dict[str, NameForm] = {}
    by_sound: dict[tuple[str, ...], NameForm] = {}
    for form in (replace(f, name=name) for name, w in as_written(names) for f in forms(w)):
        _keep(by_tokens, form.tokens, form)
        if not form.initial:
            _keep(by_skeleton, form.skeleton, form)
            _keep(by_sound, tuple(map(sound, form.tokens)), form)
    return FormIndex(by_tokens, by_skeleton, by_sound, _pieces([*by_tokens, *by_skeleton]))


def _pieces(keys: Iterable[tuple[str, ...] | str]) -> frozenset[str]:
    """Every stretch of letters a reading may hold and still match: within a form's token, a
    skeleton, or a suffix (which readings drop)."""
    words = {w for key in keys for w in ((key,) if isinstance(key, str) else key)}
    return substrings(words | _DROPPED)


def substrings(words: Iterable[str]) -> frozenset[str]:
    """Every substring of every word, for telling at once that a text holds none of them.

    >>> sorted(substrings(["bob"]))
    ['b', 'bo', 'bob', 'o', 'ob']
    """
    return frozenset(w[i:j] for w in words for i in range(len(w)) for j in range(i + 1, len(w) + 1))


def _keep(index: dict, key: object, form: NameForm) -> None:  # type: ignore[type-arg]
    if key not in index or form.score > index[key].score:
        index[key] = form


def read_as(text: str | None, index: FormIndex, *, handle: bool) -> NameForm | None:
    """The form a display name or handle reads as exactly, after normalisation, if any.

    Separators, case, accents, look-alike letters, leetspeak and digits are folded first. A
    handle written without separators ("billsmith") is compared letter for letter; forms with
    an initial ("Heaffy M.") count in display names only, where the initial stands apart; a
    name written in another script is compared by sound ('Кхарлие Воод' for Charlie Wood).

    >>> index = index_forms(["William Smith"])
    >>> [read_as(t, index, handle=h).form for t, h in (("B1LL Smith", False), ("bill_smith", True))]
    ['with the nickname Bill for William', 'with the nickname Bill for William']
    >>> read_as("Will Smithers", index, handle=False) is None
    True
    """
    if not text or len(text) > 200:
        return None
    best: NameForm | None = None
    variants = [(v, handle, False) for v in (text, *unadorned(text, handle=handle))]
    if not text.isascii() and greek(text):  # 'Ρόμπερτ' for Robert, 'Μαρκελο' for Marcelo
        variants += [(v, handle, True) for v in as_foreign(text)]
    if not handle and (glued := _letter_by_letter(text)):  # 'M i k e H e a f f y'
        variants.append((glued, True, False))  # no word breaks: read letter for letter
    for variant, as_handle, by_sound in variants:
        if by_sound or _may_read_as(variant, index):
            found = _read_as(variant, index, handle=as_handle, by_sound=by_sound)
            if found is not None and (best is None or found.score > best.score):
                best = found
    return best


def _letter_by_letter(text: str) -> str | None:
    """A display name written one letter at a time, glued ('M i k e H e a f f y')."""
    letters = text.split()
    return "".join(letters) if len(letters) >= 4 and all(len(c) == 1 for c in letters) else None


def _read_as(text: str, index: FormIndex, *, handle: bool, by_sound: bool) -> NameForm | None:
    """`by_sound`: the text was read back from another script, so it compares by sound too."""
    best: NameForm | None = None
    for tokens, sounds in _readings(text):
        if by_sound and sounds is None:
            sounds = tuple(map(sound, tokens))
        found = index.by_tokens.get(tokens)
        if found is not None and found.initial and handle:
            found = None
        if found is None and len(tokens) == 1 and handle:
            found = index.by_skeleton.get(tokens[0])
        if found is None and sounds is not None:
            found = index.by_sound.get(sounds)
        if found is not None and (best is None or found.score > best.score):
            best = found
    return best


def letter_runs(text: str) -> tuple[str, ...] | None:
    """The runs of letters of an ASCII text, lower-cased; None for any other text.

    >>> letter_runs("Bob.Miller_82"), letter_runs("Bоb")
    (('bob', 'miller'), None)
    """
    return tuple(_LETTERS.findall(text.lower())) if text.isascii() else None


@lru_cache(maxsize=1 << 18)  # every handle and name, for every subject
def reading_runs(text: str) -> tuple[str, ...] | None:
    """The runs of letters of an ASCII text that every reading of it keeps inside one of its
    words (`matcher.names.spellings` only turns digits and signs into letters or separators,
    joins elided names and drops the lone letters that digits inside a word cut off); None
    for any other text. A rule can tell from the runs alone that no reading will match.

    >>> reading_runs("Bob.Miller_82"), reading_runs("r0b_m1ll3r"), reading_runs("O'Connor")
    (('bob', 'miller'), ('ll',), ('oconnor',))
    """
    return unglued(ELIDED.sub("", text).lower().encode()) if text.isascii() else None


def _may_read_as(text: str, index: FormIndex) -> bool:
    """False when an ASCII text cannot read as any form, told without reading it: every
    reading keeps each of its runs of letters within one word (leetspeak only turns digits
    and '@$' into letters, the rest into separators), and a reading matches only when each of
    its words is a form's token or skeleton (or a suffix it drops). At 100,000 accounts almost
    every handle fails here, for each subject, and its readings are never looked up."""
    runs = reading_runs(text)
    return runs is None or index.pieces.issuperset(runs)  # None: look-alikes, other scripts


@lru_cache(maxsize=1 << 18)  # a case's names and handles, for every subject
def _readings(text: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...] | None], ...]:
    """Each spelling's tokens without suffixes, and their sounds when it was transliterated:
    read once per text, whatever the number of subjects."""
    found = []
    for spelling in spellings(text):
        tokens = spelling.tokens
        if not _DROPPED.isdisjoint(tokens):
            tokens = tuple(t for t in tokens if t not in _DROPPED)
        transliterated = "transliteration" in spelling.steps
        found.append((tokens, tuple(map(sound, tokens)) if transliterated else None))
    return tuple(found)
