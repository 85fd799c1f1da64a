"""People for generator C: the restrained person, associates and everyone else.

A person keeps every part of their name apart (given, middle, surnames, diminutives,
native script) because evaders and namesakes each rework a different part.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from benchmarks.gen_c.lookalikes import PATRONYMICS_F, PATRONYMICS_M, VI_MIDDLE_F, VI_MIDDLE_M
from benchmarks.gen_c.names import CULTURES, Culture

_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ı": "i", "đ": "d", "Đ": "D", "ø": "o"})
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def fold(text: str, german: bool = False) -> str:
    """ASCII form of a Latin name, as people type it in a username ('Müller' -> 'Muller')."""
    if german:
        text = text.translate(_GERMAN)
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c))


def slug(text: str, german: bool = False) -> str:
    """Lower-case ASCII letters and digits only: a handle part."""
    return "".join(c for c in fold(text, german).lower() if c.isalnum())


@dataclass
class Person:
    """One human being, with the parts of the name kept apart."""

    culture: Culture
    sex: str
    given: str
    nicks: tuple[str, ...]
    surname: str
    middle: str | None = None
    surname2: str | None = None
    birth: date | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def full(self) -> str:
        """The legal name as the config writes it."""
        if self.culture.surname_first:
            return " ".join(p for p in (self.surname, self.middle, self.given) if p)
        return " ".join(p for p in (self.given, self.middle, self.surname, self.surname2) if p)

    @property
    def short(self) -> str:
        """Given name and (first) surname, as most profiles show it."""
        if self.culture.surname_first:
            return f"{self.surname} {self.given}"
        return f"{self.given} {self.surname}"

    @property
    def western(self) -> str:
        """Given name first, folded to ASCII: how a diaspora profile writes it."""
        return f"{fold(self.given)} {fold(self.surname)}"

    def native(self, word: str) -> str | None:
        """The word in the person's own script (Cyrillic, Greek), if known."""
        out = self.culture.native.get(word)
        if out is None and self.sex == "f" and self.culture.code == "ru" and word.endswith("a"):
            base = self.culture.native.get(word[:-1])
            return base + "а" if base else None
        return out

    @property
    def german(self) -> bool:
        return self.culture.code == "de"


def culture(code: str) -> Culture:
    return next(c for c in CULTURES if c.code == code)


def _surname(rng: random.Random, c: Culture, sex: str, avoid: set[str]) -> str:
    choices = [s for s in c.surnames if s not in avoid] or list(c.surnames)
    name = rng.choice(choices)
    if c.code == "ru" and sex == "f":
        name += "a"
    if c.code == "pl" and sex == "f" and name.endswith("ski"):
        name = name[:-1] + "a"
    return name


def make_person(
    rng: random.Random,
    c: Culture,
    *,
    sex: str | None = None,
    surname: str | None = None,
    middle_p: float = 0.4,
    avoid_given: set[str] | None = None,
    avoid_surname: set[str] | None = None,
) -> Person:
    """A person of culture `c`; Russians get a patronymic, Spaniards two surnames."""
    sex = sex or rng.choice("mf")
    pool = [g for g in (c.male if sex == "m" else c.female) if g[0] not in (avoid_given or set())]
    given, nicks = rng.choice(pool or list(c.male if sex == "m" else c.female))
    sur = surname or _surname(rng, c, sex, avoid_surname or set())
    middle = None
    if c.code == "ru":
        middle = rng.choice(PATRONYMICS_M if sex == "m" else PATRONYMICS_F)
    elif c.code == "vi":
        middle = rng.choice(VI_MIDDLE_M if sex == "m" else VI_MIDDLE_F)
    elif rng.random() < middle_p:
        others = [g[0] for g in (c.male if sex == "m" else c.female) if g[0] != given]
        middle = rng.choice(others)
    sur2 = None
    if c.two_surnames:
        sur2 = _surname(rng, c, sex, {sur} | (avoid_surname or set()))
    year = rng.randint(1968, 2001)
    birth = date(year, rng.randint(1, 12), rng.randint(1, 28))
    return Person(c, sex, given, nicks, sur, middle, sur2, birth)


def random_culture(rng: random.Random) -> Culture:
    """Cultures weighted towards the ones with the richest name tricks."""
    weights = {
        "en": 3,
        "es": 3,
        "pt": 2,
        "it": 2,
        "de": 2,
        "pl": 2,
        "tr": 2,
        "vi": 1,
        "el": 1,
        "ru": 2,
    }
    codes = list(weights)
    return culture(rng.choices(codes, [weights[k] for k in codes])[0])
