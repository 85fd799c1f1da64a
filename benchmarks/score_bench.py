"""Scoring speed: 100,000 candidate accounts against one profile with every family but avatars.

Reports the time of the full score (names, behaviour, style, links, the trained model when
`matcher/models/matcher.skops` exists, else the name rules) and its ratio to rapidfuzz's `cdist`
alone on the same names, run in this process so the ratio holds across machines.
Run: `python benchmarks/score_bench.py [--candidates N]`.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from rapidfuzz import fuzz, process, utils

from matcher import model
from matcher.features import score_all
from matcher.types import Candidate, Profile, Subject

PROFILE = Profile(
    restrained=Subject(
        label="restrained",
        kind="restrained",
        names=("Robert James Miller",),
        handles={"instagram": ("rob.miller82",)},
        birth_year=1982,
        writing_samples=("i miss you Janie-bean, for real tho", "remember Lake Placid?"),
        keywords=("Janie-bean", "Lake Placid"),
        emails=("rob.miller82@example.com",),
    ),
    associates=(
        Subject(
            label="Mary Miller",
            kind="associate",
            names=("Mary Miller",),
            handles={"instagram": ("mary.m.miller",)},
        ),
    ),
    order_issued=date(2026, 3, 2),
)
FIRSTS = ["robert", "bob", "mary", "karen", "james", "linda", "david", "emma", "zoë"]
LASTS = ["miller", "smith", "chen", "garcia", "jones", "brown", "davis", "müller"]
TEXTS = (
    "love this pic",
    "happy birthday!",
    "miss you Janie-bean",
    "where was this taken",
    "call me when you can",
    "remember Lake Placid?",
    "great photo",
    "see you saturday",
)


def named(n: int) -> list[Candidate]:
    """Look-alike handles and display names of common first names and surnames."""
    rng = random.Random(7)
    return [
        Candidate(
            key=str(i),
            platform="instagram",
            handle=f"{rng.choice(FIRSTS)}{rng.choice('._')}{rng.choice(LASTS)}{i % 97}",
            display_name=f"{rng.choice(FIRSTS).title()} {rng.choice(LASTS).title()}",
        )
        for i in range(n)
    ]


def candidates(n: int) -> list[Candidate]:
    """Look-alike names, plus contact times, a text, a bio and an age each."""
    rng = random.Random(8)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    found = []
    for named_one in named(n):
        first = start + timedelta(hours=rng.randrange(24 * 200))
        found.append(
            replace(
                named_one,
                times=tuple(first + timedelta(hours=rng.randrange(72)) for _ in range(3)),
                texts=(rng.choice(TEXTS),),
                bio=f"{rng.choice(('Albany', 'Utica', 'Troy'))} | linktr.ee/u{rng.randrange(9999)}",
                created_at=first - timedelta(days=rng.randrange(1, 3000)),
            )
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100_000)
    args = parser.parse_args()
    batch = candidates(args.candidates)
    profile = PROFILE
    use_model = model.MODEL_FILE.is_file()
    scorer = model.load().score if use_model else score_all
    start = time.perf_counter()
    scores = scorer(profile, batch)
    full = time.perf_counter() - start
    names = [t for c in batch for t in (c.handle or "", c.display_name or "")]
    targets = [
        t
        for s in profile.subjects
        for t in (*s.names, *(h for hs in s.handles.values() for h in hs))
    ]
    start = time.perf_counter()
    process.cdist(names, targets, scorer=fuzz.ratio, processor=utils.default_process, workers=-1)
    plain = time.perf_counter() - start
    print(f"{len(batch)} candidates x {len(profile.subjects)} subjects, avatars excluded")
    print(f"scorer: {'model ' + model.VERSION if use_model else 'name rules (no model file)'}")
    print(f"full score {full:7.2f} s ({len(batch) / full:,.0f} accounts/s)")
    print(f"rapidfuzz cdist alone on the same names {plain:7.3f} s; ratio {full / plain:6.1f}x")
    print(f"pairs reported: {len(scores)}; scoring >= 0.5: {sum(s.score >= 0.5 for s in scores)}")


if __name__ == "__main__":
    main()
