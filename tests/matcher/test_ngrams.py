"""N-gram matrices: the very numbers scikit-learn's vectorisers give, layout and all."""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from matcher import ngrams

INBOX = (
    "miss you Janie-bean 12\nmiss you Janie-bean 13\nremember Lake Placid? 14",
    "love this pic 1\nlove this pic 2\nlove  this\tpic\u2003 3 😢😢",
    "a b c d a b c d\nok",
    "Bonjour à tous, ça va? ÇA VA!",
    "x",
)


def _same(ours: sparse.csr_matrix, theirs: sparse.csr_matrix) -> bool:
    """Equal bit for bit, entries in the same order: sums over them round the same way."""
    return (
        type(ours) is type(theirs)
        and ours.shape == theirs.shape
        and ours.data.dtype == theirs.data.dtype
        and ours.indices.dtype == theirs.indices.dtype
        and np.array_equal(ours.data, theirs.data)
        and np.array_equal(ours.indices, theirs.indices)
        and np.array_equal(ours.indptr, theirs.indptr)
    )


def _random_documents(rng: random.Random) -> list[str]:
    letters = "abcab éß😢.,!-_ \n\t\u2003\x1c0123"
    found = ["".join(rng.choice(letters) for _ in range(rng.randrange(1, 200))) for _ in range(5)]
    return [d for d in found if d.strip()] or ["x"]


@pytest.mark.parametrize("seed", range(40))
def test_char_tfidf_is_scikit_learns(seed: int) -> None:
    documents = list(INBOX) if seed == 0 else _random_documents(random.Random(seed))
    theirs = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, lowercase=False, dtype=np.float32
    ).fit_transform(documents)
    ours = ngrams.char_tfidf(documents)
    assert _same(ours, theirs)
    assert np.array_equal((ours[1:] @ ours[0].T).toarray(), (theirs[1:] @ theirs[0].T).toarray())


@pytest.mark.parametrize("seed", range(40))
def test_phrases_are_scikit_learns(seed: int) -> None:
    documents = list(INBOX) if seed == 0 else _random_documents(random.Random(seed))
    counter = CountVectorizer(ngram_range=(3, 3), binary=True, token_pattern=ngrams.WORD)
    try:
        theirs = counter.fit_transform(documents)
    except ValueError:  # scikit-learn finds no phrase
        assert ngrams.phrases(documents, 3) is None
        return
    ours = ngrams.phrases(documents, 3)
    assert ours is not None and _same(ours, theirs)


def test_a_repeated_word_counts_as_often_as_it_occurs() -> None:
    often, once = ngrams.char_tfidf(["ab ab ab cd", "ab cd"]).toarray()
    assert len(often) == 12  # ' a', 'ab', 'b ', ' ab', 'ab ', ' ab ' and the same of cd
    assert np.isclose(often.max() / often.min(), 1 + np.log(3))  # sublinear tf of 3 against 1
    assert np.allclose(once, once[0])
    assert ngrams.phrases(["no phrase"], 3) is None
