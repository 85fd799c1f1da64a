"""Name matching speed: one vectorised `score_all` call vs scoring candidates one at a time.

Both run in this process on the same synthetic candidates, so the ratio holds across
machines. Run: `python benchmarks/match_bench.py [--candidates N]`.
"""

from __future__ import annotations

import argparse
import random
import time

from matcher.features import score_all
from matcher.types import Candidate, Profile, Subject

PROFILE = Profile(
    restrained=Subject(
        label="restrained",
        kind="restrained",
        names=("Robert James Miller",),
        handles={"instagram": ("rob.miller82",)},
        birth_year=1982,
    ),
    associates=(
        Subject(
            label="Mary Miller",
            kind="associate",
            names=("Mary Miller",),
            handles={"instagram": ("mary.m.miller",)},
        ),
    ),
)


def candidates(n: int) -> list[Candidate]:
    rng = random.Random(7)
    firsts = ["robert", "bob", "mary", "karen", "james", "linda", "david", "emma", "zoë"]
    lasts = ["miller", "smith", "chen", "garcia", "jones", "brown", "davis", "müller"]
    return [
        Candidate(
            key=str(i),
            platform="instagram",
            handle=f"{rng.choice(firsts)}{rng.choice('._')}{rng.choice(lasts)}{i % 97}",
            display_name=f"{rng.choice(firsts).title()} {rng.choice(lasts).title()}",
        )
        for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=10_000)
    args = parser.parse_args()
    batch = candidates(args.candidates)
    start = time.perf_counter()
    together = score_all(PROFILE, batch)
    vectorised = time.perf_counter() - start
    sample = batch[: max(len(batch) // 10, 1)]  # the loop is slow: time a tenth, scale up
    start = time.perf_counter()
    alone = [s for c in sample for s in score_all(PROFILE, [c])]
    looped = (time.perf_counter() - start) * len(batch) / len(sample)
    assert alone == [s for s in together if int(s.candidate_key) < len(sample)]
    print(f"{len(batch)} candidates x 2 subjects")
    print(
        f"vectorised {vectorised:6.2f} s  one-at-a-time {looped:6.2f} s (est.)  "
        f"ratio {vectorised / looped:5.3f}"
    )
    print(f"flagged >= 0.5: {sum(s.score >= 0.5 for s in together)}")


if __name__ == "__main__":
    main()
