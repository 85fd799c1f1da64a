"""Accounts of the second generator: innocents of many hard kinds, evaders and relays.

Evaders here use tactics the first generator lacks: handles built from name patterns
(`smithr85`, `rsmith1985`, `smith.r.85`), nickname and diminutive display names, names
without the middle name or second surname, `Surname I.`, associates relaying under their own
name, messages with only the configured keywords, messages carrying the person's phone or
e-mail, and changed writing. Bursts come from evaders and innocents alike.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from PIL import Image, ImageEnhance, ImageFilter, ImageOps

from matcher import drawing
from matcher.avatars import AvatarHash
from matcher.synth_b.people import PersonB, draw_name, fold, moments, nicknames_of
from matcher.synth_b.text import (
    ORDINARY,
    PROMO,
    Voice,
)
from matcher.types import Candidate

NAME_TACTICS = ("pattern_handle", "nickname_display", "name_no_middle", "surname_initial")
TACTICS = (
    *NAME_TACTICS,
    "associate_relay",
    "keyword_only",
    "contact_details",
    "edited_photo",
    "same_writing",
    "changed_writing",
    "shared_friends",
    "fresh_account",
)
TRACES = ("name", "photo", "writing", "keywords", "friends", "contact")
INNOCENT_KINDS = {
    "stranger": 30,
    "same_given": 9,
    "same_surname": 9,
    "pattern_lookalike": 7,
    "nickname_lookalike": 5,
    "friend_of_family": 8,
    "local": 6,
    "chatty": 10,
    "new_account": 6,
    "promo": 5,
    "associate_namesake": 3,
    "full_namesake": 0.1,
}
FACES = 3 * 10**9  # face seeds of this generator start here, apart from the first's
STOCK = 12


@dataclass(frozen=True, slots=True)
class World:
    """One case being generated."""

    rng: random.Random
    person: PersonB
    platform: str
    offset: int  # hours from UTC where everyone in the case lives
    order: datetime
    block: datetime
    rich: bool
    split: int

    def face(self) -> int:
        return FACES + 2 * self.rng.randrange(10**8) + self.split


def hash_of(image: Image.Image | None) -> str | None:
    return None if image is None else str(AvatarHash.of(image))


def account(world: World, key: str, **fields: object) -> Candidate:
    """What an archive shows, plus what a profile shows in rich cases."""
    rich = {"avatar_hash", "has_avatar", "created_at", "bio", "connections", "followers"}
    kept = {k: v for k, v in fields.items() if world.rich or k not in rich}
    return Candidate(key, world.platform, **kept)  # type: ignore[arg-type]


def _created(world: World, first: datetime, new: bool) -> datetime:
    if new:
        return first - timedelta(hours=world.rng.uniform(1, 96))
    return first - timedelta(days=world.rng.uniform(90, 4000))


def innocent(world: World, kind: str, key: str) -> Candidate:
    """An innocent account of one hard kind (`INNOCENT_KINDS`)."""
    rng, person = world.rng, world.person
    _, given, _, surname = draw_name(rng, person.locale if rng.random() < 0.6 else None)
    while fold(given) == fold(person.given):  # namesakes only where the kind says so
        _, given, _, _ = draw_name(rng)
    if kind in ("same_given", "full_namesake"):
        given = person.given
    if kind == "pattern_lookalike":  # a sibling, say: same surname and initial
        given = _same_initial(rng, person) or given
    if kind in ("same_surname", "pattern_lookalike", "full_namesake"):
        surname = person.surname
    if kind == "nickname_lookalike" and (nicks := nicknames_of(person.given)):
        given = rng.choice(nicks).title()  # the nickname, with someone else's surname
    if kind == "associate_namesake":  # an associate's given name, another surname
        given = rng.choice(person.associates)[0].split()[0]
    display = f"{given} {surname}"
    handle = handle_for(rng, given, surname, rng.randint(1960, 2006))
    first = world.order + timedelta(days=rng.uniform(-120, 300))
    chatty = kind == "chatty" or rng.random() < 0.12
    count = rng.randint(8, 30) if chatty else 1 + int(rng.expovariate(0.6))
    centres = (rng.uniform(6, 14), rng.uniform(16, 24))
    times = moments(
        rng, centres, world.offset, first, count, days=rng.uniform(1, 200), burst=chatty
    )
    voice = Voice.draw(rng, given[0])
    texts = [voice.write(rng, rng.choice(ORDINARY), rng.uniform(0, 0.7)) for _ in times[:6]]
    if kind == "local":
        texts.append(f"anyone been to {person.place} lately?")
    if rng.random() < 0.3:
        texts = []
    new = kind in ("new_account", "promo") or rng.random() < 0.05
    friends = [f"pal_{rng.randrange(600):03d}" for _ in range(rng.randint(2, 12))]
    if kind == "friend_of_family":
        friends += rng.sample(person.friends, min(2, len(person.friends)))
        friends += [person.associates[0][1]] if rng.random() < 0.4 else []
    picture = _innocent_picture(world)
    if kind == "promo":
        handle, display = f"{rng.choice(('promo', 'deals', 'win'))}{rng.randint(10**5, 10**8)}", ""
        texts = [rng.choice(PROMO).format(site=f"{rng.choice(('bit.ly', 'tinyurl.com'))}/x")]
    return account(
        world,
        key,
        handle=handle,
        display_name=display or None,
        times=times,
        texts=tuple(texts),
        avatar_hash=hash_of(picture),
        has_avatar=picture is not None,
        created_at=_created(world, times[0], new),
        bio=rng.choice(("", "music | travel", "mom of two", "🏳️‍🌈", "dm for collabs")) or None,
        connections=tuple(friends),
        followers=rng.randint(0, 15) if new else rng.randint(30, 5000),
    )


def _same_initial(rng: random.Random, person: PersonB) -> str | None:
    """Another given name with the person's initial (a different `smithr`), if one turns up."""
    for _ in range(30):
        _, given, _, _ = draw_name(rng)
        if given[0] == person.given[0] and fold(given) != fold(person.given):
            return given
    return None


def _innocent_picture(world: World) -> Image.Image | None:
    rng = world.rng
    what = rng.choices(("face", "stock", "placeholder", "none"), weights=(6, 2, 1, 1))[0]
    if what == "face":
        return drawing.face(world.face())
    if what == "stock":
        return drawing.scene(rng.randrange(STOCK))
    if what == "placeholder":
        return rng.choice(list(drawing.defaults().values()))
    return None


def handle_for(rng: random.Random, given: str, surname: str, year: int) -> str:
    g, s = fold(given), fold(surname.split()[0])
    return rng.choice(
        (
            f"{s}{g[0]}{year % 100:02d}",
            f"{g}_{rng.choice(('art', 'fit', 'bcn', 'nyc', 'photo'))}",
            f"{g}{s[:4]}{rng.randint(1, 999)}",
            f"{g[0]}{s}",
            f"{rng.choice(('real', 'its', 'just'))}{g}",
            f"{g}.{s}",
        )
    )


def pattern_handles(person: PersonB) -> tuple[str, ...]:
    """Usernames people build from their name and birth date."""
    g, s, yy, yyyy = fold(person.given), fold(person.first_surname), "", str(person.born.year)
    yy = yyyy[2:]
    m = fold(person.middle)[:1] if person.middle else ""
    day = f"{person.born.day:02d}{person.born.month:02d}"
    return (
        f"{s}{g[0]}{yy}",
        f"{g[0]}{s}{yyyy}",
        f"{s}.{g[0]}.{yy}",
        f"{g}.{s}{yy}",
        f"{g}_{s[0]}",
        f"{g[0]}{m}{s[0]}{yyyy}",
        f"{g}{s}{day}",
        f"{s}_{g}",
        f"{g[0]}.{s}",
    )


def display_for(rng: random.Random, person: PersonB, tactic: str) -> str | None:
    """The display name a name tactic gives, or None when it does not apply to this person."""
    surname = person.surname
    if tactic == "nickname_display":
        nicks = nicknames_of(person.given)
        if not nicks:
            return None
        nick = rng.choice(nicks)
        return f"{nick.title()} {rng.choice((surname, person.first_surname))}"
    if tactic == "name_no_middle":
        if person.middle:
            return f"{person.given} {surname}"
        if " " in surname:
            return f"{person.given} {person.first_surname}"
        return None
    if tactic == "surname_initial":
        return rng.choice(
            (f"{person.first_surname} {person.given[0]}.", f"{person.given[0]}. {surname}")
        )
    return None


def edited_photo_of(world: World) -> Image.Image:
    """The person's photo after edits this generator's evaders make."""
    rng = world.rng
    image = drawing.face(FACES - 1 - world.person.number)
    w, h = image.size
    share = rng.uniform(0.78, 0.94)
    x, y = rng.uniform(0, 1 - share) * w, rng.uniform(0, 1 - share) * h
    image = image.crop((int(x), int(y), int(x + share * w), int(y + share * h)))
    edit = rng.choice(("rotate", "bright", "blur", "frame", "mirror"))
    if edit == "rotate":
        image = image.rotate(rng.uniform(-7, 7), expand=False, fillcolor=(255, 255, 255))
    elif edit == "bright":
        image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.7, 1.3))
    elif edit == "blur":
        image = image.filter(ImageFilter.GaussianBlur(1.2))
    elif edit == "frame":
        image = ImageOps.expand(image, border=int(w * 0.05), fill=(250, 250, 250))
    else:
        image = ImageOps.mirror(image)
    return image.convert("RGB").resize((rng.randint(96, 200),) * 2)
