"""How often the evidence floors alone flag an innocent, and how many evaders they catch.

The floors (`matcher.rules`) are decided without the model, so their false hits are theirs
alone: measured on the innocents of the project's synthetic generator (`matcher.synth`) and
on innocents written with `faker` in seven locales (`tests/matcher/faker_people.py`).
Run from the repository root: `python benchmarks/floor_precision.py [--cases N]`.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matcher import rules, synth  # noqa: E402
from tests.matcher.faker_people import faker_cases  # noqa: E402


def _count(cases: list) -> tuple[Counter[str], Counter[str]]:  # type: ignore[type-arg]
    """Per innocent kind or evader tactic: how many, and how many got a floor."""
    seen: Counter[str] = Counter()
    floored: Counter[str] = Counter()
    for case in cases:
        found = rules.floor_subject(case.profile.restrained, case.candidates)
        for label, floor in zip(case.labels, found, strict=True):
            if label.role == "known":
                continue
            for kind in label.kinds if label.role == "alt" else label.kinds[:1]:
                seen[f"{label.role}:{kind}"] += 1
                floored[f"{label.role}:{kind}"] += floor is not None
            seen[label.role] += 1
            floored[label.role] += floor is not None
    return seen, floored


def _print(title: str, seen: Counter[str], floored: Counter[str]) -> None:
    print(title)
    for key in sorted(seen, key=lambda k: (":" in k, k)):
        share = floored[key] / seen[key]
        print(f"  {key:32s} {floored[key]:5d} / {seen[key]:6d}  {100 * share:6.2f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100, help="synthetic cases per split")
    args = parser.parse_args()
    cases = synth.cases("train", args.cases) + synth.cases("test", args.cases)
    _print("matcher.synth (innocents: false floors; alts: floors caught)", *_count(cases))
    _print("faker, 7 locales (innocents only)", *_count(faker_cases(seed=1, per_locale=10)))


if __name__ == "__main__":
    main()
