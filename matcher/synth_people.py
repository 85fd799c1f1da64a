"""Synthetic people for the benchmark: restrained persons, their known accounts, innocents.

Innocent accounts include the hard look-alikes a real case has: namesakes, similar handles,
people from the same town, stock-photo and placeholder avatars shared by strangers, friends
in common, new accounts and spam, and impersonators of someone else.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache

from nicknames import name_triplets

from matcher import drawing
from matcher.avatars import AvatarHash
from matcher.names import nicknames
from matcher.synth_text import PLACES, Style, pet_name, pleading
from matcher.types import Candidate, Subject

# Common US surnames (2010 Census list, public domain), lower case.
# fmt: off
SURNAMES = (
    "smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez",
    "martinez", "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor",
    "moore", "jackson", "martin", "lee", "perez", "thompson", "white", "harris", "sanchez",
    "clark", "ramirez", "lewis", "robinson", "walker", "young", "allen", "king", "wright",
    "scott", "torres", "nguyen", "hill", "flores", "green", "adams", "nelson", "baker", "hall",
    "rivera", "campbell", "mitchell", "carter", "roberts", "gomez", "phillips", "evans", "turner",
    "diaz", "parker", "cruz", "edwards", "collins", "reyes", "stewart", "morris", "morales",
    "murphy", "cook", "rogers", "gutierrez", "ortiz", "morgan", "cooper", "peterson", "bailey",
    "reed", "kelly", "howard", "ramos", "kim", "cox", "ward", "richardson", "watson", "brooks",
    "chavez", "wood", "james", "bennett", "gray", "mendoza", "ruiz", "hughes", "price", "alvarez",
    "castillo", "sanders", "patel", "myers", "long", "ross", "foster", "jimenez", "powell",
    "jenkins", "perry", "russell", "sullivan", "bell", "coleman", "butler", "henderson", "barnes",
    "gonzales", "fisher", "vasquez", "simmons", "romero", "jordan", "patterson",
)
# fmt: on
CITIES = (
    "Albany",
    "Buffalo",
    "Rochester",
    "Syracuse",
    "Yonkers",
    "Utica",
    "Ithaca",
    "Newark",
    "Trenton",
    "Hartford",
    "Scranton",
    "Allentown",
    "Burlington",
    "Poughkeepsie",
    "Binghamton",
)
WORDS = (
    "sunny",
    "ghost",
    "river",
    "pixel",
    "night",
    "lucky",
    "wolf",
    "daily",
    "urban",
    "coffee",
    "vibes",
    "gamer",
    "sky",
    "blue",
    "silent",
    "storm",
    "mango",
    "retro",
    "echo",
    "nova",
)
STOCK = 12  # stock scenes shared by strangers across all cases
_FRIENDS = 400  # handles of a shared social world, some of them friends of many


@lru_cache(maxsize=1)
def first_names() -> tuple[str, ...]:
    """Given names that have at least one nickname, from the `nicknames` package's list."""
    found = {t.name1 for t in name_triplets() if t.relationship == "has_nickname"}
    return tuple(sorted(n for n in found if n.isalpha() and len(n) >= 3 and nicknames(n)))


def friend(number: int) -> str:
    """A handle in the synthetic social world that cases share."""
    return f"friend.{number:03d}"


def some_people(rng: random.Random, low: int, high: int) -> tuple[str, ...]:
    """Between `low` and `high` handles of that world, drawn at random."""
    return tuple(friend(rng.randrange(_FRIENDS)) for _ in range(rng.randint(low, high)))


@dataclass(frozen=True, slots=True)
class Person:
    """A synthetic restrained person: identity, habits and the details a config would list."""

    number: int
    first: str
    middle: str
    last: str
    birth_year: int
    city: str
    place: str
    pet: str
    style: Style
    peaks: tuple[int, ...]
    handle: str
    email: str
    phone: str
    url: str
    friends: tuple[str, ...]
    sibling: str
    stock: int | None  # the known account shows this stock scene rather than the photo

    @property
    def face(self) -> int:
        return self.number  # below the innocents' face seeds, and unique per person

    def name(self) -> str:
        return f"{self.first} {self.last}".title()

    def subject(self, rng: random.Random) -> Subject:
        """The restrained person as a config would describe them; some details left out."""
        keywords = [k for k in (self.pet, self.place) if "-" in k or k in PLACES or k[0].isupper()]
        samples = [
            pleading(rng, self.style, pet=self.pet, place=self.place, strength=0.8)
            for _ in range(rng.randint(2, 4))
        ]
        return Subject(
            label="restrained",
            kind="restrained",
            names=(f"{self.first} {self.middle} {self.last}".title(),),
            handles={"instagram": (self.handle,)},
            birth_year=self.birth_year if rng.random() < 0.7 else None,
            photos=(drawing.to_bytes(drawing.face(self.face)),) if rng.random() < 0.8 else (),
            writing_samples=tuple(samples) if rng.random() < 0.5 else (),
            keywords=tuple(keywords) if rng.random() < 0.7 else (),
            emails=(self.email,) if rng.random() < 0.5 else (),
            phones=(self.phone,) if rng.random() < 0.5 else (),
        )

    def associates(self) -> tuple[Subject, ...]:
        handle = self.sibling.replace(" ", ".").lower()
        return (Subject(self.sibling, "associate", (self.sibling,), {"instagram": (handle,)}),)

    def sibling_handle(self) -> str:
        return self.sibling.replace(" ", ".").lower()

    def some_friends(self, rng: random.Random) -> tuple[str, ...]:
        """One to three of this person's friends: connections an account may share with them."""
        return tuple(rng.sample(self.friends, min(len(self.friends), rng.randint(1, 3))))

    def known_account(
        self, rng: random.Random, *, block: datetime, rich: bool, key: str
    ) -> Candidate:
        """The account the order lists: active until the protected person blocked it."""
        times = spread(rng, self.peaks, block - timedelta(days=60), rng.randint(5, 15), days=58)
        texts = [
            pleading(rng, self.style, pet=self.pet, place=self.place, strength=0.8)
            for _ in range(rng.randint(3, 10))
        ]
        base = Candidate(
            key,
            "instagram",
            handle=self.handle,
            display_name=self.name(),
            times=times,
            texts=tuple(texts),
            blocked_at=block,
        )
        if not rich:
            return base
        picture = drawing.scene(self.stock) if self.stock is not None else drawing.face(self.face)
        return replace(
            base,
            avatar_hash=str(AvatarHash.of(picture)),
            has_avatar=True,
            created_at=block - timedelta(days=rng.randint(400, 3000)),
            bio=f"{self.city} | {self.url}",
            links=(self.url,),
            connections=(*self.friends, self.sibling_handle()),
        )


def draw_person(rng: random.Random, first: str, last: str, *, number: int) -> Person:
    """A restrained person with habits, details and friends drawn from the shared pools."""
    middle = rng.choice(first_names())
    victim = rng.choice(first_names())
    year = rng.randint(1960, 2002)
    handle = rng.choice(
        (f"{first}.{last}{year % 100:02d}", f"{first[:3]}.{last}", f"{first}_{last}{year}")
    )
    sibling = f"{rng.choice(first_names())} {last}".title()
    return Person(
        number=number,
        first=first,
        middle=middle,
        last=last,
        birth_year=year,
        city=rng.choice(CITIES),
        place=rng.choice(PLACES),
        pet=pet_name(rng, victim),
        style=Style.draw(rng, initial=first[0]),
        peaks=waking_peaks(rng),
        handle=handle,
        email=f"{first}.{last}{year % 100}@example.com",
        phone=f"+1 555 01{rng.randint(10, 99)} {rng.randint(1000, 9999)}",
        url=f"linktr.ee/{first}{last[0]}{rng.randint(1, 999)}",
        friends=some_people(rng, 4, 9),
        sibling=sibling,
        stock=rng.randrange(STOCK) if rng.random() < 0.15 else None,
    )


# How people spread over the hours of a day: few at night, most in the evening. Everyone in a
# case lives in one region, so matching hours is weak evidence, as it is in real inboxes.
DIURNAL = (1, 1, 1, 1, 1, 1, 2, 4, 6, 6, 5, 5, 6, 6, 5, 5, 6, 7, 9, 10, 10, 9, 7, 3)


def waking_peaks(rng: random.Random) -> tuple[int, ...]:
    """Two hours of the day at which someone is most often online."""
    return tuple(rng.choices(range(24), weights=DIURNAL, k=2))


def spread(
    rng: random.Random, peaks: tuple[int, ...], start: datetime, count: int, *, days: float
) -> tuple[datetime, ...]:
    """`count` contact times over `days` from `start`, at hours around the person's peaks."""
    found = []
    for _ in range(count):
        day = start + timedelta(days=int(rng.uniform(0, days)))
        hour = int(round(rng.choice(peaks) + rng.gauss(0, 1.5))) % 24
        found.append(day.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60)))
    return tuple(sorted(found))


@dataclass(frozen=True, slots=True)
class Scene:
    """One case being generated: its random stream, person, timeline and data richness."""

    rng: random.Random
    person: Person
    split: int  # 0 train, 1 test: faces of one split come from their own seed range
    order: datetime
    block: datetime
    rich: bool  # avatars, creation dates, bios and connections known
    prefix: str  # candidate keys start with this

    def face_seed(self) -> int:
        """A face seed unique to this split and never a restrained person's."""
        return 2 * self.rng.randrange(10**6, 10**9) + self.split
