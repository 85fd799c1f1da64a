"""How often the evidence floors alone flag an innocent, and how many evaders they catch.

The floors (`matcher.rules`) are decided without the model, so their false hits are theirs
alone: measured on the innocents of both synthetic generators (`matcher.synth`, A, and
`matcher.synth_b`, B) and on innocents written with `faker` in seven locales
(`tests/matcher/faker_people.py`). A floor against any subject of the case (the restrained
person or an associate) counts; "decisive" counts the floors that score `rules.DECISIVE` or
more, which rank above nearly every model score.
Run from the repository root: `python benchmarks/floor_precision.py [--cases N]`.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matcher import rules, synth, synth_b  # noqa: E402
from tests.matcher.faker_people import faker_cases  # noqa: E402


def _count(cases: list) -> tuple[Counter[str], Counter[str]]:  # type: ignore[type-arg]
    """Per innocent kind or evader tactic: how many, and how many got a floor."""
    seen: Counter[str] = Counter()
    floored: Counter[str] = Counter()
    for case in cases:
        best: dict[str, float] = {}
        for f in rules.floors(case.profile, case.candidates):
            best[f.candidate_key] = max(best.get(f.candidate_key, 0.0), f.score)
        for label, candidate in zip(case.labels, case.candidates, strict=True):
            if label.role == "known":
                continue
            score = best.get(candidate.key, 0.0)
            for kind in label.kinds if label.role == "alt" else label.kinds[:1]:
                seen[f"{label.role}:{kind}"] += 1
                floored[f"{label.role}:{kind}"] += score > 0
            seen[label.role] += 1
            floored[label.role] += score > 0
            seen[f"{label.role} (decisive)"] += 1
            floored[f"{label.role} (decisive)"] += score >= rules.DECISIVE
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
    _print("A, matcher.synth (innocents: false floors; alts: floors caught)", *_count(cases))
    cases = synth_b.cases("train", args.cases) + synth_b.cases("test", args.cases)
    _print("B, matcher.synth_b (innocents: false floors; alts: floors caught)", *_count(cases))
    _print("faker, 7 locales (innocents only)", *_count(faker_cases(seed=1, per_locale=10)))


if __name__ == "__main__":
    main()
