"""A name misspelt by one letter, where the misspelling is no name of its own.

'Michael Whitakker', 'Rebicca Whitaker', 'alessamdra_bruno': a second account keeps the name
close enough to be found by friends and far enough to slip past a search. A letter off may
also be another person's real name ('Robert Millar' for Robert Miller, 'Michail' for
Michael), so only a slip no name list or word list knows counts: not a given name of the
`nicknames` package or `matcher/data/diminutives.tsv`, nor a name of `faker`'s lists in any
locale, nor a word of wordfreq's lists (which hold many surnames: 'Yount', 'Bekker'), nor
another gender of the name ('Kamińska', 'Marcela').
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from matcher import keywords
from matcher.name_forms import floor_nicknames, is_given_name
from matcher.names import normalise
from matcher.spellings import as_written
from matcher.types import Candidate, Reason
from matcher.word_floors import Found

SLIP_MIN = 5  # letters a misspelt word needs: in shorter ones one letter is another name
_VOWELS = frozenset("aeiouy")
_LETTERS = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class Slip:
    """A two-word name or handle one letter off a configured name."""

    name: str  # the configured name, as written
    written: str  # the misspelt word, as compared
    meant: str  # the configured word it misspells


@dataclass(frozen=True, slots=True)
class Names:
    """A subject's given names (with clear nicknames) and surnames, as compared."""

    given: dict[str, str]  # word -> the configured name it belongs to
    surnames: dict[str, str]

    @classmethod
    def of(cls, names: Iterable[str]) -> Names:
        given: dict[str, str] = {}
        surnames: dict[str, str] = {}
        for name, written in as_written(names):
            words = _LETTERS.findall(normalise(written))
            if len(words) < 2:
                continue
            for word in (words[0], *floor_nicknames(words[0])):
                given.setdefault(word, name)
            for word in words[1:]:  # middle names too: 'Silva' of Rodrigo Silva Santos
                surnames.setdefault(word, name)
        return cls(given, surnames)

    def holds_any(self, words: Iterable[str]) -> bool:
        """Whether any of the words is one of the names, as written."""
        return any(w in self.given or w in self.surnames for w in words)


def find(names: Names, text: str | None) -> Slip | None:
    """The slip a display name or handle of two words makes of a configured name, if any: a
    given name (or clear nickname) and a surname, either way round, one of them exact and
    the other one letter off (changed, added, dropped or two swapped), same first letter.

    >>> names = Names.of(["Michael James Whitaker", "Rebecca Whitaker"])
    >>> find(names, "Michael Whitakker"), find(names, "rebicca_whitaker")
    (Slip(name='Michael James Whitaker', written='whitakker', meant='whitaker'), \
Slip(name='Rebecca Whitaker', written='rebicca', meant='rebecca'))
    >>> find(names, "Michail Whitaker"), find(names, "Michael Whittaker"), find(names, "Mike W")
    (None, None, None)
    """
    if not text or len(text) > 100 or not names.given:
        return None
    words = _LETTERS.findall(normalise(text))
    if len(words) != 2 or words[0] == words[1]:
        return None
    for first, last in (words, words[::-1]):
        slipped = (
            _slip(last, names.surnames)
            if first in names.given and last not in names.surnames
            else _slip(first, names.given)
            if last in names.surnames and first not in names.given
            else None
        )
        if slipped is not None:
            return slipped
    return None


def floor(names: Names, owner: str, candidate: Candidate, strength: float) -> list[Found]:
    """The name floor of a display name or handle one letter off a configured name."""
    for field, text in (("display name", candidate.display_name), ("handle", candidate.handle)):
        if (slip := find(names, text)) is not None:
            off = f"('{slip.written}' for '{slip.meant}', no name of its own)"
            said = f"name rule: {field} '{text}' is {owner} name '{slip.name}' one letter off {off}"
            return [("name", strength, Reason("name_floor", "one letter off", said, strength))]
    return []


def _slip(word: str, meant: dict[str, str]) -> Slip | None:
    if len(word) < SLIP_MIN:
        return None
    for target, name in _near(word, meant):
        if _inflected(word, target) or is_given_name(word) or word in known_names():
            return None
        if keywords.is_coined(word):  # a word some language writes is a name or a word too
            return Slip(name, word, target)
    return None


def _inflected(word: str, target: str) -> bool:
    """Whether the two differ only in a last vowel: another gender or case of one name
    ('Kamińska' for Kamiński, 'Marcela' for Marcelo), a relative's, not a slip."""
    return word[:-1] == target[:-1] and word[-1] in _VOWELS and target[-1] in _VOWELS


def _near(word: str, meant: dict[str, str]) -> Iterator[tuple[str, str]]:
    for target, name in meant.items():
        if target[0] == word[0] and len(target) >= SLIP_MIN and OSA.distance(word, target) == 1:
            yield target, name


_LISTS = ("first_names", "first_names_male", "first_names_female", "last_names")


@lru_cache(maxsize=1)
def known_names() -> frozenset[str]:
    """Every given name and surname of `faker`'s person providers, in every locale, as
    compared. (Imported here: the providers take a tenth of a second, and most matches never
    ask.)"""
    import importlib
    import pkgutil

    from faker.providers import person

    found: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for listed in _LISTS:
            names = getattr(provider, listed, ())
            for name in names if isinstance(names, list | tuple | dict) else ():  # not properties
                found.update(_LETTERS.findall(normalise(name)))
    return frozenset(found)
