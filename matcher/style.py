"""Writing style: character n-grams of what an account wrote, and the subject's own words.

People keep their pet names, phrases, typos and punctuation when they change accounts.
Character n-grams (TF-IDF over 2-4 letter pieces within words) catch all of these without a
word list; configured keywords (pet names, places, in-jokes) are matched fuzzily on top.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.types import Candidate, Evidence, Reason

FEATURES = ("style_sim", "keywords")
SIMILAR = 0.35  # cosine similarity at which the wording is said to resemble
KEYWORD_RATIO = 88  # partial ratio (0..100) at which a keyword counts as used
FULL_TEXT = 400  # characters of text at which a style comparison counts fully
_MIN_KEYWORD = 4  # shorter keywords match too much by chance


def _document(candidate: Candidate) -> str:
    return "\n".join(candidate.texts)


def similarity(references: Sequence[str], documents: Sequence[str]) -> np.ndarray:
    """Cosine similarity of each document to all reference texts taken together, 0..1.

    >>> similarity(["see u tmrw Janie-bean!!"], ["see u tmrw Janie-bean!!", "Meeting at 10."])
    array([1.  , 0.01])
    """
    reference = "\n".join(t for t in references if t.strip())
    filled = [i for i, d in enumerate(documents) if d.strip()]
    found = np.zeros(len(documents))
    if not reference or not filled:
        return found
    vectoriser = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, lowercase=False, dtype=np.float32
    )
    matrix = vectoriser.fit_transform([reference, *(documents[i] for i in filled)])
    found[filled] = (matrix[1:] @ matrix[0].T).toarray().ravel()
    return np.round(np.clip(found, 0.0, 1.0), 2)


def keyword_hits(keywords: Sequence[str], documents: Sequence[str]) -> list[list[str]]:
    """Which configured keywords each document uses, allowing small spelling changes."""
    words = [k for k in keywords if len(k.strip()) >= _MIN_KEYWORD]
    if not words or not documents:
        return [[] for _ in documents]
    ratios = process.cdist(
        [w.casefold() for w in words],
        [d.casefold() for d in documents],
        scorer=fuzz.partial_ratio,
        score_cutoff=KEYWORD_RATIO,
        workers=-1,
    )
    return [[words[k] for k in np.flatnonzero(ratios[:, i])] for i in range(len(documents))]


def compare(
    references: Sequence[str],
    keywords: Sequence[str],
    candidates: Sequence[Candidate],
    *,
    owner: str = "the subject's",
) -> Evidence:
    """The style features of many accounts against one subject's texts and keywords."""
    documents = [_document(c) for c in candidates]
    amount = np.array([min(1.0, len(d) / FULL_TEXT) for d in documents])
    sims = similarity(references, documents)
    profile_text = [
        "\n".join(filter(None, (c.bio, c.display_name, d)))
        for c, d in zip(candidates, documents, strict=True)
    ]
    used = keyword_hits(keywords, profile_text)
    reasons: list[tuple[Reason, ...]] = []
    for sim, words in zip(sims, used, strict=True):
        found = []
        if sim >= SIMILAR:
            said = f"wording resembles {owner} writing (similarity {sim:.2f} of 1)"
            found.append(Reason("style_sim", f"similarity>={SIMILAR}", said, 0.0))
        if words:
            quoted = ", ".join(f"'{w}'" for w in words)
            found.append(Reason("keywords", "keyword", f"uses {quoted} from the config", 0.0))
        reasons.append(tuple(found))
    columns = {
        "style_sim": sims * np.sqrt(amount),
        "keywords": np.array([min(1.0, len(w) / 2) for w in used]),
    }
    return Evidence(columns, tuple(reasons))
