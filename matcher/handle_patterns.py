"""The usernames people build from their own name and birth date, and handles that follow them.

Usernames are seldom random: `smithr85`, `rsmith1985`, `smith.r.85`, `bob_miller`,
`rjm1982`. From every configured name (and the birth year or date when given) this module
lists those patterns once, then reads a handle with case, separators (`._-`), look-alike
letters and leetspeak folded, and says which pattern it follows, exactly or within one
slip of a letter. A pattern built on an initial counts only with the birth digits: `rsmith` alone is
what a hundred strangers called R. Smith would choose. When only the birth year is known, a date
in that year counts as it (`rsmith031485`: March 14, 1985, for a person born in 1985).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from matcher.name_forms import _units, floor_nicknames, is_given_name, letter_runs, substrings
from matcher.names import normalise
from matcher.spellings import as_written

# Leetspeak in bytes: `_split` leaves ASCII, which bytes translate ten times as fast as str.
_LEET = bytes.maketrans(b"0134578", b"oieastb")
_LEET_L = bytes.maketrans(b"0134578", b"oleastb")
MAX_HANDLE = 64  # longer text is not a username
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")
FUZZY_MIN = 6  # letters a pattern needs before a one-letter slip is allowed
SURNAME_ALONE = 5  # letters a surname needs to make a pattern alone, with the birth digits
# what a base needs: nothing, any birth digits, four or more, the day and month of birth
ALONE, ANY_DIGITS, FOUR_DIGITS, BIRTH_DATE = "alone", "any digits", "four digits", "birth date"
_DIGITS = "0123456789"


@dataclass(frozen=True, slots=True)
class Pattern:
    """One username pattern of one configured name: its letters, digits and what they are."""

    letters: str  # "smithr"
    digits: str  # "85", "" when the pattern carries no birth digits
    parts: tuple[str, ...]  # ("surname", "first initial", "birth year")
    name: str  # the configured name it comes from

    @property
    def text(self) -> str:
        return self.letters + self.digits


@dataclass(frozen=True, slots=True)
class HandleMatch:
    """A handle that follows a pattern: how it was read and how close it came."""

    handle: str
    pattern: Pattern
    read: str  # the handle as compared: "smithr85"
    exact: bool
    leetspeak: bool


def _bases(
    given: str, middles: Sequence[str], surname: str, *, nickname: bool
) -> Iterator[tuple[str, tuple[str, ...], str]]:
    """Letter parts: (letters, what they are, which birth digits they need to count:
    `ALONE` none, `ANY_DIGITS` any, `FOUR_DIGITS` the four-digit year or the birth date,
    `BIRTH_DATE` the day and month of birth)."""
    g, s, first = given, surname, "nickname" if nickname else "first name"
    yield g + s, (first, "surname"), ALONE
    yield s + g, ("surname", first), ALONE
    yield g + s[0], (first, "surname initial"), ANY_DIGITS
    if nickname:
        return
    yield g[0] + s, ("first initial", "surname"), ANY_DIGITS
    yield s + g[0], ("surname", "first initial"), ANY_DIGITS
    yield g[0] + s[0], ("initials",), ANY_DIGITS
    if len(s) >= SURNAME_ALONE:  # 'conti.1996', 'thornton.1709'; 'smith85': too many Smiths
        yield s, ("surname",), FOUR_DIGITS
    if len(g) >= SURNAME_ALONE:  # 'michael270974': the whole birth date; 'michael85' is no one
        yield g, ("first name",), BIRTH_DATE
    if middles:
        letters = "".join(m[0] for m in middles)
        yield g + letters + s, ("first name", "middle initial", "surname"), ALONE
        yield g[0] + letters + s, ("initials", "surname"), ANY_DIGITS
        yield g[0] + letters + s[0], ("initials",), ANY_DIGITS


def _digits(birth_year: int | None, birth_date: date | None) -> Iterator[tuple[str, str]]:
    """Birth digits as usernames carry them: '85', '1985', '0312', '031285'."""
    year = birth_date.year if birth_date else birth_year
    if year:
        yield f"{year % 100:02d}", "birth year"
        yield str(year), "birth year"
    if birth_date:
        day, month = f"{birth_date.day:02d}", f"{birth_date.month:02d}"
        for text in dict.fromkeys((day + month, month + day)):
            yield text, "day and month of birth"
        d, m = str(birth_date.day), str(birth_date.month)  # '211' for 2 November
        for text in dict.fromkeys((d + month, month + d, day + m, m + day, d + m, m + d)):
            if len(text) >= 3 and text not in (day + month, month + day):
                yield text, "day and month of birth"
        for text in dict.fromkeys((day + month, month + day)):
            yield text + f"{birth_date.year % 100:02d}", "date of birth"
            yield text + str(birth_date.year), "date of birth"


def patterns(
    names: Iterable[str], *, birth_year: int | None = None, birth_date: date | None = None
) -> tuple[Pattern, ...]:
    """Every pattern of every name: given name or a nickname, each surname, with birth digits.

    >>> found = {p.text: p.parts for p in patterns(["Robert Smith"], birth_year=1985)}
    >>> found["smithr85"], found["rsmith1985"], "rsmith" in found
    (('surname', 'first initial', 'birth year'), ('first initial', 'surname', 'birth year'), False)
    """
    digits = list(_digits(birth_year, birth_date))
    found: dict[str, Pattern] = {}
    for name, written in as_written(names):
        for given, middles, surname, nickname in _readings(written):
            for letters, parts, needs in _bases(given, middles, surname, nickname=nickname):
                if needs == ALONE:
                    found.setdefault(letters, Pattern(letters, "", parts, name))
                for text, label in digits:
                    if needs == FOUR_DIGITS and len(text) < 4:
                        continue
                    if needs == BIRTH_DATE and label == "birth year":
                        continue
                    found.setdefault(letters + text, Pattern(letters, text, (*parts, label), name))
    return tuple(found.values())


def _readings(name: str) -> Iterator[tuple[str, tuple[str, ...], str, bool]]:
    """(given name or nickname, middle names, surname) for each way the name is written."""
    parts = _units(name)
    units = ["".join(u) for u in parts]
    if len(units) < 2:
        return
    given, rest = units[0], units[1:]
    readings = []
    if len(rest) > 1 and not is_given_name(rest[-2]):  # a double surname, or a rare middle name
        shorter = tuple(rest[:-2])
        readings += [(shorter, rest[-2]), (shorter, rest[-2] + rest[-1]), (shorter, rest[-1])]
    readings.append((tuple(rest[:-1]), rest[-1]))
    if len(parts[-1]) > 1:  # 'heuvelh' for Hendrik van den Heuvel: the particles left out
        readings.append((tuple(rest[:-1]), parts[-1][-1]))
    for middles, surname in dict.fromkeys(readings):
        yield given, middles, surname, False
        for nick in sorted(floor_nicknames(given)):
            yield nick, (), surname, True


def _split(handle: str) -> tuple[str, str] | None:
    """A handle's letters and its trailing digits, separators and look-alikes folded."""
    folded = normalise(handle.strip().lstrip("@"))
    plain = _NOT_ALNUM.sub("", folded)  # `normalise` writes ASCII
    if not plain or len(plain) > MAX_HANDLE:
        return None
    letters = plain.rstrip(_DIGITS)
    return letters, plain[len(letters) :]


_Reading = tuple[str, str, bool]  # letters as read, trailing digits, read as leetspeak


@lru_cache(maxsize=1 << 17)  # a case's handles, read once for every subject
def _handle_readings(handle: str) -> tuple[str, tuple[_Reading, ...]] | None:
    """A handle's letters, and the ways of reading it that can follow a pattern, each once: as
    written, then in leetspeak with '1' as i or as l, all letters (a reading left with a digit
    inside matches no pattern, exactly or within a slip)."""
    split = _split(handle)
    if split is None:
        return None
    letters, digits = split
    whole = letters + digits
    if whole.isalpha():  # no digit to read otherwise (`_split` leaves ASCII letters and digits)
        return letters, ((letters, "", False),)
    kept: dict[tuple[str, str], _Reading] = {}
    plain = letters.isalpha()  # then it reads the same in leetspeak
    if plain:
        kept[letters, digits] = (letters, digits, False)
    raw = whole.encode()
    for table in (_LEET, _LEET_L) if b"1" in raw else (_LEET,):  # '1' as i, then as l
        for text, tail in ((b"" if plain else raw[: len(letters)], digits), (raw, "")):
            if (read := text.translate(table).decode()).isalpha():
                kept.setdefault((read, tail), (read, tail, True))
    return letters, tuple(kept.values())


def match(handle: str | None, found: Sequence[Pattern]) -> HandleMatch | None:
    """The pattern a handle follows, exactly first, then within one slip; None if none.

    >>> ps = patterns(["Robert Smith"], birth_year=1985)
    >>> [match(h, ps).pattern.parts for h in ("smith.r.85", "5m1thr85", "rsmith1985")][1]
    ('surname', 'first initial', 'birth year')
    >>> match("robertsmiht85", ps).exact, match("rsmith", ps), match("smithr84", ps)
    (False, None, None)
    """
    if not handle or len(handle) > 4 * MAX_HANDLE or not found:
        return None
    index = _index(found)
    if not _may_match(handle, index):
        return None
    read_as = _handle_readings(handle)
    if read_as is None:
        return None
    letters, readings = read_as
    for read, tail, leet in readings:
        if pattern := index.by_text.get(read + tail):
            return HandleMatch(handle, pattern, read + tail, True, leet and read != letters)
    for read, tail, leet in readings if index.undated else ():
        if (pattern := _dated(index, read, tail)) is not None:
            return HandleMatch(handle, pattern, read + tail, True, leet and read != letters)
    return _near(handle, readings, index)


def _dated(index: _Index, letters: str, tail: str) -> Pattern | None:
    """The birth-year pattern `letters` + `tail` follows when `tail` is a date in that year
    ('031485', '14031985'), for a subject whose birth date is not known."""
    if len(tail) not in (6, 8) or not _is_day_and_month(tail[:4]):
        return None
    pattern = index.by_text.get(letters + tail[4:])
    if pattern is None or pattern.parts[-1] != "birth year":
        return None
    return Pattern(letters, tail, (*pattern.parts[:-1], "a date in the birth year"), pattern.name)


def _is_day_and_month(digits: str) -> bool:
    """Whether four digits read as a day and a month, in either order ('1403', '0314')."""
    a, b = int(digits[:2]), int(digits[2:])
    return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)


@dataclass(frozen=True, slots=True)
class _Index:
    """Patterns keyed for many handles: by text, and by birth digits for one-slip matches."""

    by_text: dict[str, Pattern]
    near: dict[str, tuple[list[Pattern], list[str]]]  # digits -> patterns and their letters
    pieces: frozenset[str]  # every substring of every pattern's text
    undated: bool  # no pattern carries a birth date: a date in the birth year may stand for it


_INDEXED: list[tuple[Sequence[Pattern], _Index]] = []  # the last few pattern lists seen


def _index(found: Sequence[Pattern]) -> _Index:
    """The index of a pattern list, built once however many handles are matched against it.

    Kept by identity for tuples, as `patterns` makes them (each stays referenced here, so its
    id cannot be reused).
    """
    for seen, index in _INDEXED:
        if seen is found:
            return index
    near: dict[str, tuple[list[Pattern], list[str]]] = {}
    for p in found:
        if len(p.letters) >= FUZZY_MIN and whole_name(p.parts):
            same, letters = near.setdefault(p.digits, ([], []))
            same.append(p)
            letters.append(p.letters)
    undated = not any(p.parts[-1] == "date of birth" for p in found)
    index = _Index({p.text: p for p in found}, near, substrings(p.text for p in found), undated)
    if isinstance(found, tuple):  # a list could change after being indexed
        _INDEXED[:] = [(found, index), *_INDEXED[:7]]
    return index


def letters_of(found: Sequence[Pattern]) -> frozenset[str]:
    """Every stretch of letters of the patterns' texts: a handle follows one exactly only when
    each of its runs of letters (`outline`) is among them."""
    return _index(found).pieces


def slip_digits(found: Sequence[Pattern]) -> frozenset[str]:
    """The digits a handle must end with (`outline`) to follow a pattern within one slip."""
    return frozenset(digits for digits in _index(found).near if digits)


def _may_match(handle: str, index: _Index) -> bool:
    """False when an ASCII handle can follow no pattern, told without reading it: each reading
    keeps the handle's runs of letters inside its own (leetspeak turns only digits into
    letters), so an exact match needs every run within a pattern's text, and a slip needs the
    digits after the last letter to be a pattern's birth digits. Most handles fail both."""
    shape = outline(handle)
    if shape is None:  # not ASCII: look-alikes may write any letters
        return True
    runs, digits = shape
    return bool(digits) and digits in index.near or index.pieces.issuperset(runs)


@lru_cache(maxsize=1 << 18)  # a case's handles and names, for every subject
def outline(handle: str) -> tuple[tuple[str, ...], str] | None:
    """An ASCII handle's runs of letters and the digits after its last letter, as `_split`
    finds them; None for any other handle.

    >>> outline("Bob.Miller_8.2"), outline("1985")
    ((('bob', 'miller'), '82'), ((), '1985'))
    """
    runs = letter_runs(handle)
    if runs is None:
        return None
    lower = handle.lower()
    tail = lower[lower.rfind(runs[-1]) + len(runs[-1]) :] if runs else lower
    return runs, tail if tail.isdigit() else "".join(filter(str.isdigit, tail))


def _near(handle: str, readings: Sequence[_Reading], index: _Index) -> HandleMatch | None:
    """One slip (a letter changed, added, dropped or two swapped) in a whole name and surname,
    with the birth digits exact; never in an initial, where one letter is a different person.
    """
    for read, tail, leet in readings:
        if not tail or len(read) < FUZZY_MIN or tail not in index.near:
            continue
        same, letters = index.near[tail]
        best = process.extractOne(read, letters, scorer=OSA.distance, score_cutoff=1)
        if best is not None:
            return HandleMatch(handle, same[best[2]], read + tail, False, leet)
    return None


def whole_name(parts: tuple[str, ...]) -> bool:
    """Whether a pattern spells a given name (or nickname) and a surname in full."""
    return "surname" in parts and ("first name" in parts or "nickname" in parts)
