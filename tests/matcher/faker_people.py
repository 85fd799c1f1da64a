"""Innocent accounts written with `faker` in several locales, apart from `matcher.synth`.

Names, handles, phones and sentences come from faker's locale data, not from the project's
generator, so the floors' precision is checked on people nobody on the team listed: strangers
with the restrained person's first name or surname, handles built the usual way from their
own names and years, and their own phone numbers and e-mails in their words.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from faker import Faker

from matcher.synth import Label
from matcher.types import Candidate, Profile, Subject

LOCALES = ("es_ES", "it_IT", "pt_BR", "de_DE", "pl_PL", "fr_FR", "en_GB")
KINDS = ("random", "same_first_name", "same_surname", "similar_handle", "contact", "chatty")


@dataclass(frozen=True, slots=True)
class FakerCase:
    profile: Profile
    candidates: tuple[Candidate, ...]
    labels: tuple[Label, ...]


def faker_cases(*, seed: int, per_locale: int = 2, innocents: int = 30) -> list[FakerCase]:
    """`per_locale` cases in each locale, each a restrained person and innocent strangers."""
    cases = []
    for n, locale in enumerate(LOCALES * per_locale):
        fake = Faker(locale)
        fake.seed_instance(seed * 1000 + n)
        rng = random.Random(f"{seed}:{n}")
        cases.append(_case(fake, rng, innocents))
    return cases


def _case(fake: Faker, rng: random.Random, innocents: int) -> FakerCase:
    first, middle, last = fake.first_name(), fake.first_name(), fake.last_name()
    year = rng.randint(1960, 2000)
    subject = Subject(
        "restrained",
        "restrained",
        names=(f"{first} {middle} {last}",),
        birth_year=year,
        keywords=(f"{fake.first_name()}-{rng.choice(('bean', 'bear', 'pie'))}", fake.street_name()),
        emails=(fake.email(),),
        phones=(fake.phone_number(),),
    )
    kinds = [rng.choice(KINDS) for _ in range(innocents)]
    candidates = tuple(
        _innocent(fake, rng, kind, f"i{i}", first, last, year) for i, kind in enumerate(kinds)
    )
    labels = tuple(Label("innocent", (kind,)) for kind in kinds)
    return FakerCase(Profile(subject), candidates, labels)


def _innocent(
    fake: Faker, rng: random.Random, kind: str, key: str, first: str, last: str, year: int
) -> Candidate:
    own_first, own_last = fake.first_name(), fake.last_name()
    if kind == "same_first_name":
        own_first = first
    elif kind == "same_surname":
        own_last = last
    other_year = rng.choice([y for y in range(1950, 2008) if y != year])
    handle = fake.user_name()
    if kind == "similar_handle":
        handle = rng.choice(
            (
                f"{first[0]}{last}{other_year % 100:02d}",
                f"{last}.{first[0]}",
                f"{first}.{last[:3]}",
                f"{first}{other_year}",
            )
        ).lower()
    texts = [fake.sentence() for _ in range(rng.randint(0, 3))]
    if kind == "contact":
        texts.append(f"{fake.phone_number()} / {fake.email()}")
    if kind == "chatty":
        texts += [fake.paragraph() for _ in range(rng.randint(5, 12))]
    return Candidate(
        key,
        "instagram",
        handle=handle,
        display_name=f"{own_first} {own_last}" if rng.random() < 0.8 else None,
        texts=tuple(texts),
        bio=f"{fake.city()} | {fake.job()}" if rng.random() < 0.5 else None,
    )
