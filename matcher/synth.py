"""Synthetic cases for training and benchmarking the matcher, reproducible from a seed.

A case is one restrained person (first names from the `nicknames` package's name list, common
US surnames, a drawn photo, writing habits, hours of the day), their known account, about
sixty innocent accounts that contacted the protected person (hard look-alikes included) and
a handful of evasive accounts, each using one tactic or several. Train and test cases never
share a restrained person, and their drawn faces come from disjoint seed ranges.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from matcher.synth_accounts import (
    AVATAR_TACTICS,
    INNOCENT_KINDS,
    NAME_TACTICS,
    SHORTHAND_TACTICS,
    TACTICS,
    evasive,
    innocent,
    traces,
)
from matcher.synth_people import SURNAMES, Person, Scene, draw_person, first_names
from matcher.types import Candidate, Profile

INNOCENTS = 60
ALTS = 6
SPLITS = {"train": 0, "test": 1}


@dataclass(frozen=True, slots=True)
class Label:
    """The truth about one synthetic candidate."""

    role: str  # "known" | "innocent" | "alt"
    kinds: tuple[str, ...]  # an alt's tactics, or an innocent's hard-negative kind
    traces: tuple[str, ...] = ()  # what an alt carries of the person (`synth_accounts.TRACES`)
    owner: str = "restrained"  # whose account an alt is: "restrained" or an associate's label


@dataclass(frozen=True, slots=True)
class Case:
    """One restrained person, the order, and everyone who contacted the protected person."""

    person: object  # the generator's own record of the restrained person
    profile: Profile
    candidates: tuple[Candidate, ...]
    labels: tuple[Label, ...]
    rich: bool  # avatars, creation dates, bios and connections known (an API scan or enrich)


def people(split: str, count: int, *, seed: int = 0) -> list[Person]:
    """Restrained people of one split; no (first, last) pair is in both splits.

    >>> train, test = people("train", 30), people("test", 30)
    >>> {(p.first, p.last) for p in train} & {(p.first, p.last) for p in test}
    set()
    """
    rng = random.Random(f"people:{seed}")
    pool: dict[tuple[str, str], Person] = {}
    names = first_names()
    while len(pool) < 2 * count:
        first, last = rng.choice(names), rng.choice(SURNAMES)
        if (first, last) not in pool:
            pool[first, last] = draw_person(rng, first, last, number=len(pool))
    return list(pool.values())[SPLITS[split] :: 2]


def cases(split: str, count: int, *, seed: int = 0) -> list[Case]:
    """`count` reproducible cases of one split."""
    return [_case(person, split, seed) for person in people(split, count, seed=seed)]


def _case(person: Person, split: str, seed: int) -> Case:
    rng = random.Random(f"case:{split}:{seed}:{person.number}")
    order = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
    start = datetime(order.year, order.month, order.day, tzinfo=UTC)
    block = start + timedelta(days=rng.uniform(2, 20))
    rich = rng.random() < 0.6
    scene = Scene(rng, person, SPLITS[split], start, block, rich, f"{split}{seed}:{person.number}")
    known = person.known_account(rng, block=block, rich=rich, key=f"{scene.prefix}:known")
    rows: list[tuple[Candidate, Label]] = [(known, Label("known", ()))]
    for i in range(INNOCENTS):
        kind = rng.choices(list(INNOCENT_KINDS), weights=list(INNOCENT_KINDS.values()))[0]
        rows.append(
            (innocent(scene, kind, key=f"{scene.prefix}:inn{i}"), Label("innocent", (kind,)))
        )
    for i, tactics in enumerate(_tactic_sets(rng, rich)):
        alt = evasive(scene, tactics, key=f"{scene.prefix}:alt{i}")
        rows.append((alt, Label("alt", tactics, traces(person, alt, tactics))))
    rng.shuffle(rows)
    return Case(
        person=person,
        profile=Profile(person.subject(rng), person.associates(), order_issued=order),
        candidates=tuple(c for c, _ in rows),
        labels=tuple(label for _, label in rows),
        rich=rich,
    )


def _tactic_sets(rng: random.Random, rich: bool) -> Iterator[tuple[str, ...]]:
    """Mostly one tactic at a time, some combined; avatar tactics only where avatars show."""
    usable = [t for t in TACTICS if rich or t not in AVATAR_TACTICS]
    for _ in range(ALTS):
        if rng.random() < 0.6:
            yield (rng.choice(usable),)
            continue
        chosen = set(rng.sample(usable, rng.randint(2, 4)))
        if "no_avatar" in chosen and chosen & (set(AVATAR_TACTICS) - {"no_avatar"}):
            chosen.discard("no_avatar")
        if shorthand := chosen & set(SHORTHAND_TACTICS):  # one name tactic of these, alone
            keep = sorted(shorthand)[0]
            chosen -= set(NAME_TACTICS) - {keep}
        yield tuple(sorted(chosen))
