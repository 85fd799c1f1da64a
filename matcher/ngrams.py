"""N-gram matrices of a few documents, equal bit for bit to scikit-learn's vectorisers' output.

`matcher.style` compares an inbox's wording by character n-grams (TF-IDF) and phrases of
three words. scikit-learn counts every n-gram of every word one at a time and takes a second
to import; a `match` of a big case paid both (about two seconds at 100,000 accounts, for 50
message senders). Here each distinct word of a document is cut into n-grams once and counted
as often as it occurs, and the matrix is laid out as scikit-learn lays out its own (columns in
sorted order, each row's entries in the order its n-grams were first met), so every number
computed from it, down to the order of float32 sums, is the same.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import chain

import numpy as np
from scipy import sparse

_WHITE_SPACES = re.compile(r"\s\s+")
WORD = r"(?u)\b\w+\b"
_WORD = re.compile(WORD)


def char_tfidf(documents: Sequence[str], low: int = 2, high: int = 4) -> sparse.csr_matrix:
    """`TfidfVectorizer(analyzer="char_wb", ngram_range=(low, high), sublinear_tf=True,
    lowercase=False, dtype=np.float32).fit_transform(documents)`.

    >>> matrix = char_tfidf(["see u", "see you", "bye"])
    >>> matrix.shape, [round(x, 2) for x in (matrix[1:] @ matrix[0].T).toarray().ravel().tolist()]
    ((3, 28), [0.55, 0.04])
    """
    cuts: dict[str, list[str]] = {}  # each distinct word's n-grams, for every document
    counts = _matrix([_char_counts(d, low, high, cuts) for d in documents], np.float32)
    return _tfidf(counts)


def phrases(documents: Sequence[str], words: int) -> sparse.csr_matrix | None:
    """`CountVectorizer(ngram_range=(words, words), binary=True, token_pattern=WORD)
    .fit_transform(documents)`; None where scikit-learn finds no phrase at all (and raises).

    >>> phrases(["a b c d", "B C D"], 3).toarray().tolist(), phrases(["a b"], 3)
    ([[1, 1], [0, 1]], None)
    """
    found = []
    for document in documents:
        tokens = _WORD.findall(document.lower())
        runs = zip(*(tokens[i:] for i in range(words)), strict=False)
        found.append(dict.fromkeys(map(" ".join, runs), 1))
    if not any(found):
        return None
    return _matrix(found, np.int64)


def _char_counts(document: str, low: int, high: int, cuts: dict[str, list[str]]) -> Counter[str]:
    """How often each n-gram of `low` to `high` characters occurs within the document's words,
    each word padded with a space either side (scikit-learn's 'char_wb'), first met first;
    `cuts` keeps each word's n-grams once cut."""
    words = Counter(_WHITE_SPACES.sub(" ", document).split())
    for word in words.keys() - cuts.keys():
        cuts[word] = list(map(f" {word} ".__getitem__, _cuts(len(word) + 2, low, high)))
    grams = [cuts[word] for word in words]
    counts = Counter(chain.from_iterable(grams))  # once per distinct word, in order
    for cut, times in zip(grams, words.values(), strict=True):
        if times > 1:
            for gram in cut:
                counts[gram] += times - 1
    return counts


@lru_cache(maxsize=256)
def _cuts(size: int, low: int, high: int) -> tuple[slice, ...]:
    """Where a padded word of `size` characters is cut into n-grams: shorter than an n-gram,
    it gives itself once, and no longer ones."""
    found: list[slice] = []
    for n in range(low, high + 1):
        if size <= n:
            found.append(slice(0, n))
            break
        found += [slice(start, start + n) for start in range(size - n + 1)]
    return tuple(found)


def _matrix(rows: Iterable[Mapping[str, int]], dtype: type) -> sparse.csr_matrix:
    """Counts as a CSR matrix: columns in sorted order of the n-grams, each row's entries in
    the order the n-grams were first met in any document (as scikit-learn's `_count_vocab`
    sorts them before `_sort_features` renumbers the columns)."""
    rows = list(rows)
    vocabulary: dict[str, object] = {}
    for row in rows:
        vocabulary.update(row)  # new n-grams go last; known ones keep their place
    met = dict(zip(vocabulary, range(len(vocabulary)), strict=True))
    indices: list[np.ndarray] = []
    values: list[np.ndarray] = []
    indptr = [0]
    for row in rows:
        places = np.fromiter(map(met.__getitem__, row), np.int32, len(row))
        order = np.argsort(places, kind="stable")
        indices.append(places[order])
        values.append(np.fromiter(row.values(), np.intc, len(row))[order])
        indptr.append(indptr[-1] + len(row))
    renumber = np.empty(len(vocabulary), dtype=np.int32)
    renumber[[met[g] for g in sorted(vocabulary)]] = np.arange(len(vocabulary))
    matrix = sparse.csr_matrix(
        (
            np.concatenate(values).astype(dtype),
            renumber[np.concatenate(indices)],
            np.asarray(indptr, dtype=np.int32),
        ),
        shape=(len(indptr) - 1, len(vocabulary)),
    )
    return matrix


def _tfidf(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """`TfidfTransformer(sublinear_tf=True)` (smooth idf, l2 norm) in its own float32 steps;
    each row's norm is summed in order in float64, as scikit-learn's Cython loop sums it."""
    documents, features = counts.shape
    idf = np.bincount(counts.indices, minlength=features).astype(np.float32)
    idf += 1.0
    idf = np.full_like(idf, documents + 1, dtype=np.float32) / idf
    np.log(idf, out=idf)
    idf += 1.0
    data = counts.data
    np.log(data, out=data)
    data += 1.0
    data *= idf[counts.indices]
    for start, end in zip(counts.indptr[:-1].tolist(), counts.indptr[1:].tolist(), strict=True):
        row = data[start:end]
        total = np.cumsum(row * row, dtype=np.float64)[-1] if end > start else 0.0
        if total != 0.0:
            row[:] = (row.astype(np.float64) / np.sqrt(total)).astype(np.float32)
    return counts
