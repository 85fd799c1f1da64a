"""People of the second generator: names from `faker` locales, details, rhythms and friends.

Names come from `faker`'s person providers in nine locales (US, UK, Spain, Mexico, Italy,
Brazil, Germany, Poland, France), with middle names and Spanish double surnames, so names
with diacritics and names the `nicknames` package does not know are common. Hours of activity
are a mixture around two local-time centres in a per-case time zone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache

from faker import Faker
from nicknames import NickNamer
from unidecode import unidecode

from matcher.synth_b.text import Voice

LOCALES = {
    "en_US": 28,
    "en_GB": 10,
    "es_ES": 12,
    "es_MX": 10,
    "it_IT": 8,
    "pt_BR": 8,
    "de_DE": 8,
    "pl_PL": 8,
    "fr_FR": 8,
}
# Diminutives people write instead of the given name, beyond the English `nicknames` list.
DIMINUTIVES = {
    "francisco": ("paco", "pancho", "fran"),
    "josé": ("pepe",),
    "jose": ("pepe",),
    "alejandro": ("álex", "alex"),
    "guillermo": ("memo", "guille"),
    "manuel": ("manolo", "manu"),
    "antonio": ("toño", "toni"),
    "jesús": ("chuy",),
    "enrique": ("quique",),
    "ignacio": ("nacho",),
    "roberto": ("beto",),
    "eduardo": ("lalo",),
    "giuseppe": ("beppe", "peppe"),
    "giovanni": ("gianni",),
    "alessandro": ("sandro",),
    "francesco": ("checco",),
    "katarzyna": ("kasia",),
    "małgorzata": ("gosia",),
    "aleksandra": ("ola",),
    "wojciech": ("wojtek",),
    "krzysztof": ("krzysiek",),
    "tomasz": ("tomek",),
    "johannes": ("hannes",),
    "wolfgang": ("wolfi",),
    "elisabeth": ("lisa",),
    "joão": ("joãozinho",),
    "guilherme": ("gui",),
}
PETS = ("bunny", "peaches", "mi cielo", "tesoro", "kitten", "pumpkin", "cariño", "sunshine")
PLACES = (
    "lake marlow",
    "cafe orfeo",
    "punta brava",
    "the old mill",
    "villa serena",
    "pier 39",
    "sierra alta",
    "casa lola",
)
PLATFORMS = ("instagram", "facebook", "x", "tiktok")
MAIL = ("gmail.com", "outlook.com", "proton.me", "yahoo.es", "libero.it")
_NAMER = NickNamer()


@cache
def _faker(locale: str) -> Faker:
    return Faker(locale)


def draw_name(rng: random.Random, locale: str | None = None) -> tuple[str, str, str | None, str]:
    """(locale, given, middle or None, surname(s)) from a faker locale, seeded by `rng`."""
    locale = locale or rng.choices(list(LOCALES), weights=list(LOCALES.values()))[0]
    fake = _faker(locale)
    fake.seed_instance(rng.randrange(2**32))
    male = rng.random() < 0.7
    given = fake.first_name_male() if male else fake.first_name_female()
    given = given.split()[0]
    middle = None
    if rng.random() < 0.4:
        middle = (fake.first_name_male() if male else fake.first_name_female()).split()[0]
    surname = fake.last_name().split()[0]
    if locale.startswith("es") and rng.random() < 0.7:
        surname = f"{surname} {fake.last_name().split()[0]}"
    return locale, given, middle, surname


def nicknames_of(given: str) -> tuple[str, ...]:
    """Short forms someone may write for this given name."""
    folded = given.casefold()
    found = set(_NAMER.nicknames_of(unidecode(folded))) | set(DIMINUTIVES.get(folded, ()))
    return tuple(sorted(n for n in found if n != folded and len(n) >= 2))


def fold(text: str) -> str:
    """Letters a handle can hold: no accents, no spaces, lower case."""
    return "".join(c for c in unidecode(text).casefold() if c.isalnum())


@dataclass(frozen=True, slots=True)
class PersonB:
    """A restrained person of the second generator, with what a config may list."""

    number: int
    locale: str
    given: str
    middle: str | None
    surname: str  # one or two words
    born: date
    voice: Voice
    centres: tuple[float, float]  # local hours of most activity
    handle: str
    email: str
    phone: str  # as the config writes it (international)
    phone_local: str  # as the person writes it in a message
    site: str
    pet: str
    place: str
    friends: tuple[str, ...]
    associates: tuple[tuple[str, str], ...]  # (full name, handle)

    @property
    def first_surname(self) -> str:
        return self.surname.split()[0]

    def full_name(self) -> str:
        return " ".join(p for p in (self.given, self.middle, self.surname) if p)


def draw_person(rng: random.Random, number: int) -> PersonB:
    """One restrained person: name, birth date, voice, details and two associates."""
    locale, given, middle, surname = draw_name(rng)
    born = date(rng.randint(1965, 2004), rng.randint(1, 12), rng.randint(1, 28))
    g, s = fold(given), fold(surname.split()[0])
    handle = rng.choice((f"{g}{s}", f"the_{g}_{s}", f"{g}.{s}.official", f"{s}{g}"))
    area = rng.randint(200, 989)
    line = f"{rng.randint(200, 999)}{rng.randint(1000, 9999)}"
    mobile = f"6{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
    phone, local = rng.choice(
        (
            (f"+1 {area} {line[:3]} {line[3:]}", f"({area}) {line[:3]}-{line[3:]}"),
            (f"+1{area}{line}", f"{area}.{line[:3]}.{line[3:]}"),
            (f"+34 {mobile}", mobile),
        )
    )
    associates = []
    for _ in range(rng.randint(1, 2)):
        _, a_given, _, a_surname = draw_name(rng, locale)
        if rng.random() < 0.5:  # a sibling or parent shares the surname
            a_surname = surname
        name = f"{a_given} {a_surname}"
        associates.append((name, f"{fold(a_given)}_{fold(a_surname)}{rng.randint(1, 99)}"))
    return PersonB(
        number=number,
        locale=locale,
        given=given,
        middle=middle,
        surname=surname,
        born=born,
        voice=Voice.draw(rng, given[0]),
        centres=(rng.uniform(7, 13), rng.uniform(17, 24)),
        handle=handle,
        email=f"{g}{rng.choice(('.', '_', ''))}{s}{rng.randint(1, 999)}@{rng.choice(MAIL)}",
        phone=phone,
        phone_local=local,
        site=f"{rng.choice(('paypal.me', 'ko-fi.com', 'linktr.ee'))}/{g}{s[:3]}",
        pet=rng.choice(PETS),
        place=rng.choice(PLACES),
        friends=tuple(f"pal_{rng.randrange(600):03d}" for _ in range(rng.randint(3, 8))),
        associates=tuple(associates),
    )


def hours(rng: random.Random, centres: tuple[float, float], offset: int, count: int) -> list[float]:
    """`count` UTC hours of activity around two local centres, in a zone `offset` from UTC."""
    found = []
    for _ in range(count):
        local = rng.gauss(rng.choice(centres), 1.8)
        found.append((local - offset) % 24)
    return found


def moments(
    rng: random.Random,
    centres: tuple[float, float],
    offset: int,
    start: datetime,
    count: int,
    *,
    days: float,
    burst: bool = False,
) -> tuple[datetime, ...]:
    """Contact times: spread over `days`, or most of them within a few hours (a burst)."""
    found = []
    burst_day = start + timedelta(days=rng.uniform(0, max(days, 1)))
    for hour in hours(rng, centres, offset, count):
        if burst and rng.random() < 0.85:
            moment = burst_day + timedelta(minutes=rng.uniform(0, 300))
        else:
            day = (start + timedelta(days=rng.uniform(0, days))).replace(hour=0, minute=0)
            moment = day + timedelta(hours=hour, minutes=rng.uniform(0, 59))
        found.append(moment.astimezone(UTC))
    return tuple(sorted(found))
