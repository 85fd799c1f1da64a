"""The people of one case: the protected owner, the restrained person, associates, bystanders."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from faker import Faker

from .contact import make_email, make_phone, phone_intl
from .cultures import CULTURES
from .variants import Person, core_family, h_name_year, h_plain, slug

RELATIVES = ["mother", "father", "brother", "sister", "cousin", "uncle", "aunt"]
OTHERS = ["best friend", "friend", "new partner", "coworker", "roommate"]
OTHER_LOCALES = ["en_US", "en_GB", "fr_FR", "nl_NL", "de_DE", "es_ES", "it_IT", "pl_PL", "en_IN"]
PLATFORMS = ["instagram", "facebook", "x", "tiktok"]


@dataclass
class Associate:
    person: Person
    relation: str
    handles: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Case:
    """Everything the config names, plus the owner and the dates."""

    seed: int
    culture: str
    lang: str
    platforms: list[str]
    owner: Person
    owner_handles: dict[str, str]
    owner_x_id: str
    restrained: Person
    names: list[str]
    phones: list[tuple[str, str]]  # (country, national digits)
    emails: list[str]
    pet: str
    place: str
    handles: dict[str, list[str]]
    x_ids: list[str]
    birth_mode: str  # year, date, none
    associates: list[Associate]
    issued: datetime
    export: datetime
    layouts: dict[str, str] = field(default_factory=dict)


def _pick_given(cult: dict[str, Any], rng: random.Random) -> tuple[str, list[str]]:
    given = rng.choice(sorted(cult["given"]))
    return given, list(cult["given"][given])


def make_person(culture: str, rng: random.Random, family: str | None = None) -> Person:
    """A person named from the culture's own lists (so nicknames are known)."""
    cult = CULTURES[culture]
    given, nicks = _pick_given(cult, rng)
    fam = family if family is not None else rng.choice(cult["family"])
    p = Person(given=given, family=fam, culture=culture, nicks=nicks)
    if culture == "american" and rng.random() < 0.5:
        p.middle = rng.choice(cult["middle"])
    if culture == "filipino" and rng.random() < 0.4:
        p.suffix = rng.choice([s for s in cult["suffix"] if s])
    if culture == "chinese" and rng.random() < 0.6:
        p.english = rng.choice(cult["english"])
        p.nicks = p.nicks + [p.english[:3]]
    y = rng.randint(1966, 2001)
    p.birth = (y, rng.randint(1, 12), rng.randint(1, 28))
    return p


def bystander(culture: str, rng: random.Random, fk: Faker, locale: str | None = None) -> Person:
    """Someone unrelated, named by Faker in the culture's locale (or a diaspora one)."""
    cult = CULTURES[culture]
    loc = locale or (cult["locale"] if rng.random() < 0.7 else rng.choice(OTHER_LOCALES))
    if culture in ("chinese", "arabic") and loc == cult["locale"]:
        p = make_person(culture, rng)
        p.nicks = []
        return p
    f = fk[loc] if loc in fk.locales else fk
    if loc == "ja_JP":
        given, fam = f.first_romanized_name(), f.last_romanized_name()
    else:
        given, fam = f.first_name(), f.last_name()
    if ", " in fam:  # Faker's Dutch sort form 'Berg, van den'
        base, particle = fam.split(", ", 1)
        fam = f"{particle} {base}"
    cul = culture if loc == cult["locale"] else "american"
    if cul == "hungarian" and loc != "hu_HU":
        cul = "american"
    p = Person(given=given, family=fam, culture=cul)
    p.birth = (rng.randint(1960, 2006), rng.randint(1, 12), rng.randint(1, 28))
    return p


def new_faker(seed: int, culture: str) -> Faker:
    locs = sorted({CULTURES[culture]["locale"], *OTHER_LOCALES, "ja_JP"})
    fk = Faker(locs)
    fk.seed_instance(seed)
    for i, loc in enumerate(locs):
        fk[loc].seed_instance(seed * 31 + i)
    return fk


def _stamp(rng: random.Random, lo: datetime, hi: datetime) -> datetime:
    span = int((hi - lo).total_seconds())
    return lo + timedelta(seconds=rng.randrange(max(span, 1)))


def make_case(seed: int, rng: random.Random) -> tuple[Case, Faker]:
    """The case's people, config values and dates, and its seeded Faker."""
    culture = rng.choice(sorted(CULTURES))
    fk = new_faker(seed, culture)
    cult = CULTURES[culture]
    lang = cult["lang"] if rng.random() < 0.75 else "en"
    k = rng.choices([1, 2, 3, 4], weights=[2, 4, 3, 2])[0]
    platforms = sorted(rng.sample(PLATFORMS, k), key=PLATFORMS.index)
    owner = bystander(culture, rng, fk)
    oh = {p: h_plain(owner, rng) for p in platforms}
    r = make_person(culture, rng)
    names = [r.full]
    if r.english:
        names.append(f"{r.english} {r.family}")
    if r.suffix and rng.random() < 0.5:
        names.append(r.short)
    country = cult["phone"]
    phones = [(country, make_phone(country, rng))]
    if rng.random() < 0.3:
        phones.append((country, make_phone(country, rng)))
    user = rng.choice(
        [
            f"{slug(r.first)}.{slug(core_family(r.family))}",
            f"{slug(r.first)}{r.birth[0] % 100:02d}",
            f"{slug(r.family)}.{slug(r.first)[:1]}",
            h_name_year(r, rng).replace("_", "."),
        ]
    )
    emails = [make_email(user, country, rng)]
    if rng.random() < 0.3:
        emails.append(make_email(h_plain(r, rng), country, rng))
    handles: dict[str, list[str]] = {}
    for plat in ("instagram", "tiktok"):
        if rng.random() < 0.55:
            handles[plat] = [h_name_year(r, rng) if rng.random() < 0.5 else h_plain(r, rng)]
    x_ids = [str(rng.randint(10**8, 10**10))] if rng.random() < 0.5 else []
    associates = []
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        rel = rng.choice(RELATIVES + OTHERS)
        fam = r.family if rel in RELATIVES[:4] else None
        ap = make_person(culture, rng, family=fam)
        while ap.given == r.given:
            ap.given, ap.nicks = _pick_given(cult, rng)
        a = Associate(ap, rel)
        for plat in ("instagram", "tiktok"):
            if rng.random() < 0.5:
                a.handles[plat] = [h_plain(ap, rng)]
        associates.append(a)
    export = _stamp(rng, datetime(2026, 8, 1, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC))
    issued = (export - timedelta(days=rng.randint(60, 330))).replace(hour=0, minute=0, second=0)
    case = Case(
        seed=seed,
        culture=culture,
        lang=lang,
        platforms=platforms,
        owner=owner,
        owner_handles=oh,
        owner_x_id=str(rng.randint(10**9, 10**18)),
        restrained=r,
        names=names,
        phones=phones,
        emails=emails,
        pet=rng.choice(cult["pets"]),
        place=rng.choice(cult["places"]),
        handles=handles,
        x_ids=x_ids,
        birth_mode=rng.choices(["year", "date", "none"], weights=[5, 3, 2])[0],
        associates=associates,
        issued=issued,
        export=export,
    )
    return case, fk


def config_phones(case: Case) -> list[str]:
    return [phone_intl(c, d) for c, d in case.phones]
