"""Writing style: character n-grams of what an account wrote, and the subject's own words.

People keep their pet names, phrases, typos and punctuation when they change accounts.
Character n-grams (TF-IDF over 2-4 letter pieces within words) catch all of these without a
word list; whole phrases said again (three words in a row the subject also wrote, weighted by
how rare they are in the inbox) catch a sentence repeated in one short message; configured
keywords (pet names, places, in-jokes) are matched fuzzily on top.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from matcher import ngrams
from matcher.types import Candidate, Evidence, Reason

FEATURES = ("style_sim", "phrases", "keywords")
SIMILAR = 0.35  # cosine similarity at which the wording is said to resemble
# Below this (similarity times the share of a full text), wording counts neither way. A few
# short messages unlike the subject's samples say little about who wrote them; a model that
# learnt "writes, but not like them" as innocence dropped the restrained person's own named
# account once the config listed writing samples. Innocent inboxes stay under about 0.15.
NEUTRAL = 0.2
REPEATED = 0.3  # share of an account's (rarity-weighted) phrases at which it is said to repeat
PHRASE_WORDS = 3  # words in a row that make a phrase
COMMON_PHRASE = 4  # accounts of an inbox writing one phrase, beyond which it is nobody's own
_WORD = ngrams.WORD
_QUOTED_WORDS = 10  # a reason quotes this many words of a repeated run, enough to check it
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
    matrix = ngrams.char_tfidf([reference, *(documents[i] for i in filled)])
    found[filled] = (matrix[1:] @ matrix[0].T).toarray().ravel()
    return np.round(np.clip(found, 0.0, 1.0), 2)


def phrase_reuse(references: Sequence[str], documents: Sequence[str]) -> np.ndarray:
    """Share of each document's phrases that the references also contain, 0..1.

    Each phrase weighs by how rare it is among the documents (inverse document frequency), so
    "at the end" used by half the inbox counts little and a sentence only the subject wrote
    counts fully; one that more than `COMMON_PHRASE` accounts wrote is common speech there
    ('bravo pour le taf') and counts not at all.

    >>> phrase_reuse(["i cant sleep without you Janie"], ["cant sleep without you", "good luck"])
    array([1., 0.])
    >>> phrase_reuse(["well done on the job"], ["well done on"] * 5 + ["well done on the job"])
    array([0., 0., 0., 0., 0., 1.])
    """
    reference = "\n".join(t for t in references if t.strip())
    found = np.zeros(len(documents))
    filled = [i for i, d in enumerate(documents) if d.strip()]
    if not reference or not filled:
        return found
    # blank documents have no phrase: they only count in the number of documents
    matrix = ngrams.phrases([*(documents[i] for i in filled), reference], PHRASE_WORDS)
    if matrix is None:  # no document has a phrase of that many words
        return found
    spread = np.asarray(matrix[:-1].sum(0)).ravel()
    weight = np.where(spread > COMMON_PHRASE, 0.0, np.log((1 + len(documents)) / (1 + spread)) + 1)
    weighted = matrix[:-1].multiply(weight).tocsr()
    total = np.asarray(weighted.sum(1)).ravel()
    shared = np.asarray(weighted[:, matrix[-1].indices].sum(1)).ravel()
    share = np.zeros(len(filled))
    np.divide(shared, total, out=share, where=total > 0)
    found[filled] = share
    return np.round(found, 2)


def repeated_phrases(references: Sequence[str], document: str, *, most: int = 2) -> list[str]:
    """The longest runs of words a document shares with the references, for a reason's text.

    >>> repeated_phrases(["why did you block me. see you soon"], "hey why did you block me??")
    ['why did you block me']
    """
    tokens = re.findall(_WORD, document.casefold())
    known = _phrases(tuple(references))
    covered = [False] * len(tokens)
    for i in range(len(tokens) - PHRASE_WORDS + 1):
        if tuple(tokens[i : i + PHRASE_WORDS]) in known:
            covered[i : i + PHRASE_WORDS] = [True] * PHRASE_WORDS
    runs, current = [], []
    for token, inside in zip(tokens, covered, strict=True):
        if inside:
            current.append(token)
        elif current:
            runs.append(current)
            current = []
    runs += [current] if current else []
    longest = sorted(runs, key=len, reverse=True)[:most]
    return [" ".join(r[:_QUOTED_WORDS]) + (" …" if len(r) > _QUOTED_WORDS else "") for r in longest]


@lru_cache(maxsize=16)
def _phrases(references: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """Every run of `PHRASE_WORDS` words in the references, built once per subject."""
    return frozenset(
        tuple(words[i : i + PHRASE_WORDS])
        for words in (re.findall(_WORD, t.casefold()) for t in references)
        for i in range(len(words) - PHRASE_WORDS + 1)
    )


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
    found: list[list[str]] = [[] for _ in documents]
    for i, k in zip(*np.nonzero(ratios.T), strict=True):  # document by document, keywords in order
        found[i].append(words[k])
    return found


def compare(
    references: Sequence[str],
    keywords: Sequence[str],
    candidates: Sequence[Candidate],
    *,
    owner: str = "the subject's",
) -> Evidence:
    """The style features of many accounts against one subject's texts and keywords. Most
    accounts wrote nothing and show no bio or name: their features are 0, their reasons
    none, and only the others are visited one by one."""
    documents = [_document(c) for c in candidates]
    amount = np.minimum(1.0, np.fromiter(map(len, documents), float, len(documents)) / FULL_TEXT)
    sims = similarity(references, documents)
    reused = phrase_reuse(references, documents)
    shown = [i for i, c in enumerate(candidates) if documents[i] or c.bio or c.display_name]
    profile_text = [
        "\n".join(filter(None, (candidates[i].bio, candidates[i].display_name, documents[i])))
        for i in shown
    ]
    used: dict[int, list[str]] = {
        i: words
        for i, words in zip(shown, keyword_hits(keywords, profile_text), strict=True)
        if words
    }
    reasons: list[tuple[Reason, ...]] = [()] * len(candidates)
    for i in sorted({*np.flatnonzero((sims >= SIMILAR) | (reused >= REPEATED)).tolist(), *used}):
        found = []
        if (sim := sims[i]) >= SIMILAR:
            said = f"wording resembles {owner} writing (similarity {sim:.2f} of 1)"
            found.append(Reason("style_sim", f"similarity>={SIMILAR}", said, 0.0))
        if reused[i] >= REPEATED and (phrases := repeated_phrases(references, documents[i])):
            quoted = ", ".join(f"'{p}'" for p in phrases)
            said = f"repeats phrases from {owner} writing: {quoted}"
            found.append(Reason("phrases", f"share>={REPEATED}", said, 0.0))
        if words := used.get(i):
            quoted = ", ".join(f"'{w}'" for w in words)
            found.append(Reason("keywords", "keyword", f"uses {quoted} from the config", 0.0))
        reasons[i] = tuple(found)
    counted = np.zeros(len(candidates))
    counted[list(used)] = [min(1.0, len(w) / 2) for w in used.values()]
    columns = {
        "style_sim": np.clip((sims * np.sqrt(amount) - NEUTRAL) / (1 - NEUTRAL), 0, 1),
        "phrases": reused,
        "keywords": counted,
    }
    return Evidence(columns, tuple(reasons))
