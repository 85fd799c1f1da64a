"""A second synthetic generator, written apart from `matcher.synth`, so no model fits one alone.

It shares only the plain records (`Case`, `Label`, `Candidate`, `Profile`) and the drawn
pictures with the first generator. Everything else is its own: names from `faker` locales
(diacritics, double surnames, diminutives), its own message templates and writing voices,
inbox sizes from about 15 to 200 accounts, 3 to 7 evaders per case, time zones, contact
before the block, bursts from evaders and innocents alike, and tactics the first lacks
(`accounts.TACTICS`). Train and test cases never share a person or a drawn face.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from matcher import drawing
from matcher.avatars import AvatarHash
from matcher.synth import Case, Label
from matcher.synth_b.accounts import (
    FACES,
    INNOCENT_KINDS,
    TACTICS,
    TRACES,
    World,
    display_for,
    innocent,
)
from matcher.synth_b.evaders import evasive, traces
from matcher.synth_b.people import PLATFORMS, PersonB, draw_person, moments
from matcher.synth_b.text import PRESSURE
from matcher.types import Candidate, Profile, Subject

__all__ = ["TACTICS", "TRACES", "cases"]
SPLITS = {"train": 0, "test": 1}
_EXCLUSIVE = ({"same_writing", "changed_writing"}, {"keyword_only", "same_writing"})


def cases(split: str, count: int, *, seed: int = 0) -> list[Case]:
    """`count` reproducible cases of one split; the splits share no person.

    >>> train, test = cases("train", 3), cases("test", 3)
    >>> {c.profile.restrained.names for c in train} & {c.profile.restrained.names for c in test}
    set()
    """
    rng = random.Random(f"b-people:{seed}")
    pool: dict[str, PersonB] = {}
    while len(pool) < 2 * count:
        person = draw_person(rng, len(pool))
        pool.setdefault(person.full_name().casefold(), person)
    people = list(pool.values())[SPLITS[split] :: 2]
    return [_case(p, SPLITS[split], seed) for p in people]


def _case(person: PersonB, split: int, seed: int) -> Case:
    rng = random.Random(f"b-case:{split}:{seed}:{person.number}")
    order = datetime(2023, 3, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 1000))
    world = World(
        rng=rng,
        person=person,
        platform=rng.choice(PLATFORMS),
        offset=rng.choice((-8, -7, -6, -5, -4, -3, 0, 1, 2)),
        order=order,
        block=order + timedelta(days=rng.uniform(0, 30)),
        rich=rng.random() < 0.5,
        split=split,
    )
    subject = _subject(world)
    rows: list[tuple[Candidate, Label]] = [(_known(world), Label("known", ()))]
    size = min(200, max(15, int(rng.lognormvariate(3.9, 0.55))))
    kinds = rng.choices(list(INNOCENT_KINDS), weights=list(INNOCENT_KINDS.values()), k=size)
    prefix = f"b{split}{seed}:{person.number}"
    rows += [
        (innocent(world, kind, f"{prefix}:inn{i}"), Label("innocent", (kind,)))
        for i, kind in enumerate(kinds)
    ]
    for i, tactics in enumerate(_tactic_sets(rng, rng.randint(3, 7), _usable(world))):
        alt = evasive(world, tactics, f"{prefix}:alt{i}")
        owner = person.associates[0][0] if "associate_relay" in tactics else "restrained"
        rows.append((alt, Label("alt", tactics, traces(world, alt, tactics, subject), owner)))
    rng.shuffle(rows)
    return Case(
        person=person,
        profile=Profile(subject, _associates(world), order_issued=order.date()),
        candidates=tuple(c for c, _ in rows),
        labels=tuple(label for _, label in rows),
        rich=world.rich,
    )


def _usable(world: World) -> list[str]:
    """Tactics that can show in this case: profile details only where a profile is seen."""
    rng, person = world.rng, world.person
    unusable = set() if world.rich else {"edited_photo", "shared_friends", "fresh_account"}
    if not display_for(rng, person, "nickname_display"):
        unusable.add("nickname_display")
    if not display_for(rng, person, "name_no_middle"):
        unusable.add("name_no_middle")
    return [t for t in TACTICS if t not in unusable]


def _tactic_sets(rng: random.Random, count: int, usable: list[str]) -> Iterator[tuple[str, ...]]:
    """One tactic alone about half the time; a relay always alone; no contradictory pairs."""
    for _ in range(count):
        if rng.random() < 0.5:
            yield (rng.choice(usable),)
            continue
        chosen = set(rng.sample([t for t in usable if t != "associate_relay"], rng.randint(2, 3)))
        for pair in _EXCLUSIVE:
            if pair <= chosen:
                chosen.discard(sorted(pair)[rng.randrange(2)])
        yield tuple(sorted(chosen))


def _known(world: World) -> Candidate:
    """The listed account, active in the months before the protected person blocked it."""
    rng, person = world.rng, world.person
    times = moments(
        rng, person.centres, world.offset, world.block - timedelta(days=90), 12, days=88
    )
    texts = [person.voice.write(rng, t, 0.8) for t in rng.sample(PRESSURE, 6)]
    if rng.random() < 0.5:  # the old account used the pet name too
        texts.append(f"{person.pet}, {rng.choice(PRESSURE)}")
    photo = drawing.face(FACES - 1 - person.number)
    fields: dict[str, object] = {
        "handle": person.handle,
        "display_name": person.full_name() if rng.random() < 0.5 else person.given,
        "times": times,
        "texts": tuple(texts),
        "blocked_at": world.block,
    }
    if world.rich:
        fields |= {
            "avatar_hash": str(AvatarHash.of(photo)),
            "has_avatar": True,
            "created_at": world.block - timedelta(days=rng.uniform(300, 3000)),
            "bio": f"{person.site}",
            "links": (person.site,),
            "connections": (*person.friends, *(h for _, h in person.associates)),
        }
    return Candidate(f"b{world.split}:{person.number}:known", world.platform, **fields)  # type: ignore[arg-type]


def _subject(world: World) -> Subject:
    """The restrained person as a config lists them; each detail present in most cases."""
    rng, person = world.rng, world.person
    samples = tuple(person.voice.write(rng, line, 0.8) for line in rng.sample(PRESSURE, 4))
    return Subject(
        label="restrained",
        kind="restrained",
        names=(person.full_name(),),
        handles={world.platform: (person.handle,)},
        birth_year=person.born.year if rng.random() < 0.75 else None,
        photos=(drawing.to_bytes(drawing.face(FACES - 1 - person.number)),)
        if rng.random() < 0.7
        else (),
        writing_samples=samples if rng.random() < 0.5 else (),
        keywords=(person.pet, person.place) if rng.random() < 0.8 else (),
        emails=(person.email,) if rng.random() < 0.75 else (),
        phones=(person.phone,) if rng.random() < 0.75 else (),
        urls=(person.site,) if rng.random() < 0.3 else (),
    )


def _associates(world: World) -> tuple[Subject, ...]:
    return tuple(
        Subject(name, "associate", (name,), {world.platform: (handle,)})
        for name, handle in world.person.associates
    )
