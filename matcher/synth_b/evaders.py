"""The evader's accounts in the second generator, and what each carries of the person."""

from __future__ import annotations

from datetime import timedelta

from PIL import Image

from matcher import drawing
from matcher.synth_b.accounts import (
    NAME_TACTICS,
    STOCK,
    World,
    account,
    display_for,
    edited_photo_of,
    handle_for,
    hash_of,
    pattern_handles,
)
from matcher.synth_b.people import draw_name, moments
from matcher.synth_b.text import CONTACT, KEYWORD_ONLY, PRESSURE, RELAY, SHORT_PET, plain
from matcher.types import Candidate, Subject


def evasive(world: World, tactics: tuple[str, ...], key: str) -> Candidate:
    """A new account of the restrained person (or an associate's relay) using these tactics."""
    rng, person = world.rng, world.person
    _, other_given, _, other_surname = draw_name(rng)
    handle = handle_for(rng, other_given, other_surname, rng.randint(1960, 2006))
    display: str | None = rng.choice((f"{other_given} {other_surname}", None, other_given))
    if "pattern_handle" in tactics:
        handle = rng.choice(pattern_handles(person))
    for tactic in tactics:
        if tactic in NAME_TACTICS and (shown := display_for(rng, person, tactic)):
            display = shown
    relay = "associate_relay" in tactics
    if relay:
        display = person.associates[0][0]
    first = world.block + timedelta(days=rng.lognormvariate(1.6, 1.2))
    if rng.random() < 0.12:  # a second account already in use before the block
        first = world.block - timedelta(days=rng.uniform(1, 20))
    burst = rng.random() < 0.35
    count = rng.randint(6, 25) if burst else 1 + int(rng.expovariate(0.35))
    centres = person.centres if not relay else (rng.uniform(6, 14), rng.uniform(16, 24))
    times = moments(rng, centres, world.offset, first, count, days=rng.uniform(1, 60), burst=burst)
    texts = _texts(world, tactics, len(times))
    picture = edited_photo_of(world) if "edited_photo" in tactics else _other_picture(world)
    friends = [f"pal_{rng.randrange(600):03d}" for _ in range(rng.randint(0, 5))]
    if "shared_friends" in tactics or relay:
        friends += rng.sample(person.friends, min(len(person.friends), rng.randint(1, 3)))
    bio = None
    if "contact_details" in tactics and rng.random() < 0.3:
        bio = f"contact: {rng.choice((person.email, person.phone_local))}"
    new = "fresh_account" in tactics
    created = times[0] - (
        timedelta(hours=rng.uniform(0.5, 72)) if new else timedelta(days=rng.uniform(20, 3000))
    )
    return account(
        world,
        key,
        handle=handle,
        display_name=display,
        times=times,
        texts=tuple(texts),
        avatar_hash=hash_of(picture),
        has_avatar=picture is not None,
        created_at=created,
        bio=bio,
        connections=tuple(friends),
        followers=rng.randint(0, 12) if new else rng.randint(5, 900),
    )


def _other_picture(world: World) -> Image.Image | None:
    rng = world.rng
    what = rng.choices(("face", "stock", "placeholder", "none"), weights=(4, 2, 2, 2))[0]
    if what == "face":
        return drawing.face(world.face())
    if what == "stock":
        return drawing.scene(rng.randrange(STOCK))
    return rng.choice(list(drawing.defaults().values())) if what == "placeholder" else None


def _texts(world: World, tactics: tuple[str, ...], count: int) -> list[str]:
    """Messages after the writing tactics; the voice shows only with `same_writing`."""
    rng, person = world.rng, world.person
    given = person.given
    if "associate_relay" in tactics:
        return [rng.choice(RELAY).format(given=given) for _ in range(min(count, 4))]
    if "keyword_only" in tactics:
        return [
            rng.choice(KEYWORD_ONLY).format(pet=person.pet, place=person.place)
            for _ in range(min(count, 3))
        ]
    texts: list[str] = []
    if "same_writing" in tactics:
        strength = rng.uniform(0.5, 0.95)
        texts = [person.voice.write(rng, rng.choice(PRESSURE), strength) for _ in range(count)]
        if rng.random() < 0.5:
            texts.append(rng.choice(SHORT_PET).format(pet=person.pet))
    elif "changed_writing" in tactics or rng.random() < 0.5:
        texts = [plain(rng.choice(PRESSURE)) for _ in range(min(count, 5))]
    if "contact_details" in tactics:
        detail = rng.choice(CONTACT)
        texts.append(detail.format(phone=person.phone_local, email=person.email))
    return texts[:12]


def traces(
    world: World, candidate: Candidate, tactics: tuple[str, ...], subject: Subject
) -> tuple[str, ...]:
    """What of the person an account carries beyond timing, where the config or the known
    account gives something to compare it with (a keyword nobody listed is no trace)."""
    person = world.person
    words = " ".join((*candidate.texts, candidate.bio or "")).casefold()
    listed = {person.email.casefold()} if subject.emails else set()
    listed |= {person.phone_local.casefold()} if subject.phones else set()
    shown = {
        "name": any(t in NAME_TACTICS for t in tactics) or "associate_relay" in tactics,
        "photo": "edited_photo" in tactics and candidate.avatar_hash is not None,
        "writing": "same_writing" in tactics and bool(candidate.texts),
        "keywords": bool(subject.keywords) and any(k in words for k in subject.keywords),
        "friends": bool(set(candidate.connections) & set(person.friends)),
        "contact": any(detail in words for detail in listed),
    }
    return tuple(t for t, ok in shown.items() if ok)
