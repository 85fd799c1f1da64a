"""Train the matcher on synthetic cases, evaluate it beside baselines, and write its model card.

`nocontact train` writes `matcher/models/matcher.skops` and `matcher/models/MODEL_CARD.md`;
`nocontact match` uses the model whenever that file exists. Everything is reproducible from
the seed.
"""

from __future__ import annotations

import logging
import textwrap
from dataclasses import dataclass
from pathlib import Path

from matcher import dataset, evaluate, model, robustness, synth
from matcher.model import Classifier
from nocontact.errors import ModelError
from nocontact.match.scoring import saved_model

logger = logging.getLogger(__name__)

CARD = """# Matcher model card

**Intended use: a lead for a human to check, never proof.** A high score means an account
resembles the restrained person (or an associate) in the ways listed in its reasons; it does
not establish who runs the account. Every hit is worded as suspicion and waits for review.

- File: `matcher/models/matcher.skops` (skops, no pickle; loaded with an explicit list of trusted
  types), model version `{version}`, produced by `nocontact train --cases {cases} --seed {seed}`.
- Model: per feature a piecewise-linear basis (ramps between knots 0, 0.1, 0.25, 0.5, 0.75
  and 1, whose weights are the slope on each interval, so the L2 penalty keeps curves smooth;
  a feature at 0 adds nothing), a logistic regression over all of them (an additive model, so
  each feature's contribution is exact), Platt-calibrated on 5-fold cross-validated
  predictions (`CalibratedClassifierCV`, sigmoid). Accounts the config lists score 1 by rule,
  not by model.
- Features ({features}): names and handles (rule levels: exact, nickname, initials,
  reordered, leetspeak, look-alikes, transliteration, birth year, and whether the name rules
  alone would flag; names written in another script are read back by sound), avatars (pHash
  + dHash distance to reference photos expanded into flips, crops and rotations; placeholders
  ignored; a picture on several accounts counts for nothing unless it is the configured
  photo), behaviour (created after the order, shortly before first contact, first contact
  after a known account was blocked or fell silent, bursts, hours of the day, throwaway
  signs), style (character n-gram TF-IDF similarity to writing samples and known accounts'
  texts, where weak similarity counts neither way; three-word phrases said again, weighted by
  rarity in the inbox; configured keywords), links (shared emails, phones, links,
  connections).

## Training data

Synthetic only (`matcher/synth.py`, seed {seed}): {cases} training cases, each one restrained
person (first names from the `nicknames` package's list, common US surnames, a drawn face,
writing habits, hours), one known account, about 60 innocent accounts (namesakes, same first
name or surname, similar handles, same town, shared stock and placeholder avatars, shared
friends, new accounts, spam, impersonators of someone else) and 6 evasive accounts using
these tactics alone or combined:
{tactics}.
 60% of cases carry what an API scan or `nocontact
enrich` shows (avatars, creation dates, bios, connections); 40% only what an archive shows.
The test split ({test} cases) shares no restrained person and no drawn face with training.

## Metrics on the held-out test split

```
{metrics}
```

## Avatar robustness

```
{avatars}
```

## Known limits

- Trained and measured on synthetic people only: real evaders, real photos and real writing
  differ; the numbers above say how the parts work together, not how often it is right in a
  real case. Prevalence in training (about 1 evasive account per 10 contacts) is higher than
  in most real inboxes, so real precision at a given score is lower.
- Avatars are drawn pictures; off-centre crops beyond the 5x5 grid of crop variants and
  rotations past 10 degrees are often missed. Platform placeholders are imitations, not the
  platforms' own files.
- Style needs text: accounts that only follow or like are judged on names, avatar and timing.
  Writing unlike the samples is not taken as innocence (similarity under 0.2 counts neither
  way): synthetic evaders write formulaically, and a model that learnt otherwise dropped the
  demo's own "Robert Miller" once writing samples were configured.
- Phrases said again are weighted by how rare they are in the inbox; in a small inbox (a few
  dozen accounts) a stock expression the restrained person also used ("at the end of the
  day") still weighs a lot. The reason quotes the phrases so a person can judge them.
- Many contacts in one day lower the score (about -2 log-odds at ten or more): in the
  synthetic inboxes friends chat in bursts more than evaders do. Real harassment often comes
  in bursts too, so an account with a burst and any other sign deserves a look.
- A namesake (same full name) who contacts after the order is often flagged: a person must check.
- Evasive accounts that carry nothing of the person besides timing (unrelated names, no
  text, someone else's picture or none, no shared friends or contact details: "timing only"
  in the table above) can be told from innocents only by when they act, and often rank below
  innocents who act at the same times. They are what keeps both MRRs below 0.97; accounts
  that carry anything of the person rank first almost always. Behaviour features compared
  with another person's case are noise, which lowers "MRR persons".
"""


@dataclass(frozen=True, slots=True)
class TrainResult:
    path: Path
    card: Path
    report: evaluate.Report

    def summary(self) -> str:
        return "\n".join([*self.report.lines(), f"wrote {self.path} and {self.card}"])


def _fit(cases: int, seed: int) -> tuple[Classifier, Classifier]:
    logger.info("generating %d synthetic training cases (seed %d)", cases, seed)
    rows = dataset.rows(synth.cases("train", cases, seed=seed))
    return model.train(rows), model.train(rows, family="names")


def train(*, cases: int, seed: int, output: Path, test_cases: int) -> TrainResult:
    """Fit the model and its names-only baseline, evaluate both, save the model and its card."""
    full, names = _fit(cases, seed)
    report = evaluate.evaluate(
        {"model": full, "names-only model": names},
        synth.cases("test", test_cases, seed=seed),
    )
    model.save(full, output)
    card = output.with_name("MODEL_CARD.md")
    card.write_text(
        CARD.format(
            version=full.version,
            cases=cases,
            seed=seed,
            test=test_cases,
            features=len(full.features),
            tactics=textwrap.fill(", ".join(synth.TACTICS), 90),
            metrics="\n".join(report.lines()),
            avatars="\n".join(robustness.robustness().lines()),
        ),
        encoding="utf-8",
    )
    return TrainResult(output, card, report)


def run_evaluation(
    *,
    cases: int,
    seed: int,
    test_cases: int,
    avatars: bool,
    model_file: Path = model.MODEL_FILE,
) -> list[str]:
    """Evaluate the saved model beside a freshly fitted names-only model and the baselines."""
    if not model_file.is_file():
        raise ModelError(f"{model_file}: no trained model; run `nocontact train` first")
    saved = saved_model(model_file)
    names = model.train(dataset.rows(synth.cases("train", cases, seed=seed)), family="names")
    report = evaluate.evaluate(
        {"model": saved, "names-only model": names},
        synth.cases("test", test_cases, seed=seed),
    )
    lines = report.lines()
    if avatars:
        lines += ["", *robustness.robustness().lines()]
    return lines
