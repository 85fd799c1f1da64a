"""Turn a model's per-feature contributions into the few reasons a person reads for a hit.

Contributions are summed per feature family; the families that raised the score most are
said in their own words (the comparison levels each family reported), strongest first.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matcher.types import Reason, Score, Subject
from matcher.vectors import FAMILIES, owner_of

STRONG = 0.5  # log-odds a family must add to be named
MOST = 4  # reasons shown per hit
PLAIN = {  # a feature that raised the score without a level worth its own sentence
    "names": "the names resemble {owner} names or handles",
    "avatar_sim": "the avatar resembles {owner} photos",
    "avatar_none": "the account shows no photo of anyone",
    "created_after_order": "the account was created after the order",
    "created_recent": "the account was created shortly before its first contact",
    "after_silence": "it made contact soon after {owner} known account was blocked or fell silent",
    "burst": "it made many contacts in a short time",
    "hours_sim": "it is active at hours similar to {owner} known accounts",
    "anonymity": "it looks like a throwaway account",
    "style_sim": "its wording resembles {owner} writing",
    "phrases": "it repeats phrases from {owner} writing",
    "keywords": "it uses keywords from the config",
    "shared_contact": "it shows an email or phone {owner} accounts use",
    "shared_url": "it links where {owner} accounts link",
    "shared_connections": "it is connected to people {owner} accounts are connected to",
}


def reasons_for(
    features: Sequence[str],
    parts: np.ndarray,
    rule: Score | None,
    found: Sequence[Reason],
    subject: Subject,
) -> tuple[Reason, ...]:
    """The reasons of the families that raised the score most, weighted by their log-odds.

    >>> subject = Subject("restrained", "restrained")
    >>> said = Reason("style_sim", "similarity>=0.35", "wording resembles ...", 0.0)
    >>> [r.text for r in reasons_for(["style_sim", "burst"], np.array([1.2, 0.1]), None,
    ...                              [said], subject)]
    ['wording resembles ...']
    """
    totals = {
        family: float(sum(parts[i] for i, f in enumerate(features) if f in members))
        for family, members in FAMILIES.items()
        if family != "context"
    }
    ranked = sorted((t, family) for family, t in totals.items() if t > 0)[::-1]
    chosen = [(t, family) for t, family in ranked if t >= STRONG] or ranked[:1]
    reasons: list[Reason] = []
    for total, family in chosen:
        if family == "names":
            own = list(rule.reasons) if rule is not None else []
        else:
            own = [r for r in found if r.feature in FAMILIES[family]]
        if not own:
            top = max(
                (f for f in FAMILIES[family] if f in features),
                key=lambda f: parts[features.index(f)],
            )
            text = PLAIN.get(top, PLAIN["names"]).format(owner=owner_of(subject))
            own = [Reason(top, "model", text, 0.0)]
        reasons += [Reason(r.feature, r.level, r.text, round(total, 2)) for r in own]
    if not reasons:
        return (Reason("model", "weak", "no single feature stands out", 0.0),)
    return tuple(reasons[:MOST])
