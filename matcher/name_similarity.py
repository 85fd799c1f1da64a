"""How closely a text (handle or display name) reads as one person's names, for many texts at
once: token by token (first name and surname, in either order, with nicknames, initials and
near misses) and as a whole skeleton against the name's variants. `matcher.features` turns
the best match into scores and reasons."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from matcher.name_forms import is_given_name
from matcher.names import (
    FORWARD,
    INITIAL,
    INITIALS_WITH_MIDDLE,
    LAST_EXACT,
    LAST_INITIAL,
    LAST_NEAR,
    LAST_NONE,
    NEAR,
    NICKNAME,
    NONE,
    REVERSED,
    FullName,
    Match,
    NameIndex,
    Spelling,
    Variant,
    heard_levels,
    spellings,
)

JARO_WINKLER = 0.92  # a token this close to a name part, and of similar length, is a near miss
RATIO = 90  # a long skeleton this close (Indel ratio, 0..100) to a variant is a near miss
MAX_TOKENS = 8  # tokens compared per text; longer texts are bios rather than names
ROWS = 16384  # spellings compared at a time: the arrays per step stay a few MB
_CONTAINS_PENALTY, _NEAR_PENALTY = 0.15, 0.30
_CAN_CONTAIN = frozenset({"exact", "nickname", "known handle"})
_CAN_BE_NEAR = frozenset({"exact", "known handle", "listed given name"})
_LONG = 8  # shorter variants ("rmiller") only count when equal
_MODE_FLAGS = (frozenset(), frozenset({"contains"}), frozenset({"fuzzy"}))


def similarity(
    texts: Sequence[str | None], index: NameIndex, *, explained: bool = True
) -> list[Match | None]:
    """Best match of every text against one subject, all texts scored at once. Without
    `explained`, a match holds its score, steps and flags only (no level, target or notes):
    enough for the features of every account, which the model's gate reads.

    >>> from matcher.names import index_names
    >>> index = index_names(["Robert James Miller"], ["rob.miller82"])
    >>> found = similarity(["Bobby Miller", "r0b_m1ll3r", "Karen Smith", None], index)
    >>> [m.level if m else None for m in found]
    ['nickname', 'known handle', None, None]
    """
    read = _read(tuple(texts))
    if read is None:
        return [None] * len(texts)
    paths = [*(_token_path(read, name) for name in index.names), _skeleton_path(read, index)]
    scores = np.stack([path.scores for path in paths])[:, read.code]
    row_best, row_path = scores.max(0), scores.argmax(0)  # ties go to the token comparison
    owner = read.owner
    best = np.zeros(len(texts))
    np.maximum.at(best, owner, row_best)
    hits = np.flatnonzero((row_best == best[owner]) & (row_best > 0))
    winners, first = np.unique(owner[hits], return_index=True)
    found: list[Match | None] = [None] * len(texts)
    rows = hits[first].tolist()
    made: dict[tuple[int, int, tuple[str, ...]], Match] = {}  # bare matches, each made once
    for text_index, row, at, code in zip(
        winners.tolist(), rows, row_path[rows].tolist(), read.code[rows].tolist(), strict=True
    ):
        spelling = read.rows[row]
        if explained:
            found[text_index] = paths[at].explain(code, spelling)
            continue
        key = (at, code, spelling.steps)
        if (match := made.get(key)) is None:
            match = made[key] = paths[at].bare(code, spelling)
        found[text_index] = match
    return found


@dataclass(frozen=True, slots=True, eq=False)
class _Readings:
    """Every reading of many texts, laid out for the paths: what does not depend on whose
    names they are compared with, so a match reads each part of its texts once for all
    subjects.

    Handles differ mostly in their digits: "bob.miller12" and "bob_miller7" read alike. Each
    distinct reading (what the paths look at: its tokens, whether it was transliterated) is
    compared once (`kept`); `code` maps every row to it. Its tokens, at most `MAX_TOKENS` a
    reading, are listed reading by reading; `words` holds each distinct token once.
    """

    rows: tuple[Spelling, ...]  # every reading of every text, text by text
    owner: np.ndarray  # (rows,) the text of each row
    kept: tuple[Spelling, ...]  # each distinct reading once
    code: np.ndarray  # (rows,) its reading in `kept`
    skeletons: list[str]  # (kept,) each reading's letters joined
    counts: np.ndarray  # (kept,) tokens compared per reading
    words: list[str]  # each distinct token once
    which: np.ndarray  # (tokens,) each token's place in `words`
    other_script: np.ndarray  # (tokens,) whether its reading was transliterated


@lru_cache(maxsize=32)  # a match's parts of handles and names, once per subject each
def _read(texts: tuple[str | None, ...]) -> _Readings | None:
    """The readings of `texts`; None when none of them has any."""
    owners: list[int] = []
    rows: list[Spelling] = []
    for i, text in enumerate(texts):
        if text:
            read = spellings(text)
            rows += read
            owners += [i] * len(read)
    if not rows:
        return None
    distinct: dict[tuple[tuple[str, ...], bool], int] = {}
    kept: list[Spelling] = []
    code = np.empty(len(rows), dtype=np.intp)
    for n, row in enumerate(rows):
        key = (row.tokens, "transliteration" in row.steps)
        if (found_at := distinct.get(key)) is None:
            found_at = distinct[key] = len(kept)
            kept.append(row)
        code[n] = found_at
    counts = np.fromiter((min(len(row.tokens), MAX_TOKENS) for row in kept), dtype=int)
    places: dict[str, int] = {}
    which = np.fromiter(
        (places.setdefault(t, len(places)) for row in kept for t in row.tokens[:MAX_TOKENS]),
        dtype=np.intp,
    )
    other = np.repeat([("transliteration" in row.steps) for row in kept], counts)
    skeletons = [row.skeleton for row in kept]
    return _Readings(
        tuple(rows),
        np.asarray(owners),
        tuple(kept),
        code,
        skeletons,
        counts,
        list(places),
        which,
        other.astype(bool),
    )


@dataclass(frozen=True, slots=True, eq=False)
class _TokenPath:
    """One name compared token by token: a first name AND a surname, in either order."""

    name: FullName
    scores: np.ndarray  # (rows,)
    pairs: np.ndarray  # (rows, 2) first-name and surname slots; the last slot means "none"
    first: np.ndarray  # (rows, slots) first-name level of each token
    last: np.ndarray  # (rows, slots) surname level of each token
    middle: np.ndarray  # (rows, slots) token is a middle name, its nickname or initial

    def bare(self, row: int, spelling: Spelling) -> Match:
        """A match's score, steps and flags, no words (`similarity` without `explained`)."""
        return Match(float(self.scores[row]), "", "", spelling.steps, (), self.flags(row))

    def flags(self, row: int) -> frozenset[str]:
        """How the tokens of `row` matched (`_token_flags`)."""
        i, j = self.pairs[row].tolist()
        return _token_flags(int(self.first[row, i]), int(self.last[row, j]), j < i)

    def explain(self, row: int, spelling: Spelling) -> Match:
        """Say which tokens matched which parts of the name, and how (`row` of this path,
        `spelling` as the text was read: its steps may differ from the row's)."""
        i, j = self.pairs[row].tolist()
        first, last = int(self.first[row, i]), int(self.last[row, j])
        tokens, name = spelling.tokens, self.name
        notes: list[str] = []
        flags = _token_flags(first, last, j < i)
        if first == NICKNAME:
            notes.append(f"{tokens[i].title()} is a nickname of {name.first.title()}")
        elif first == INITIAL:
            notes.append(f"{tokens[i].upper()} is the initial of {name.first.title()}")
            if self.scores[row] == INITIALS_WITH_MIDDLE:
                k = next(k for k in np.flatnonzero(self.middle[row]) if k not in (i, j))
                middle = " ".join(name.middles).title()
                notes.append(f"{tokens[k].title()} matches the middle name {middle}")
        elif first == NEAR:
            notes.append(f"{tokens[i].title()} is close to {name.first.title()} (Jaro-Winkler)")
        if last == LAST_NEAR:
            notes.append(f"{tokens[j].title()} is close to {name.last.title()} (Jaro-Winkler)")
        elif last == LAST_INITIAL:
            notes.append(f"{tokens[j].upper()} is the initial of {name.last.title()}")
        if first == NONE or last == LAST_NONE:
            said = "only the surname matches" if first == NONE else "only the first name matches"
            notes.append(said)
        elif j < i:
            notes.append("surname first")
        level = _pair_level(first, last, "reordered" in flags)
        return Match(
            float(self.scores[row]), level, f"'{name.text}'", spelling.steps, tuple(notes), flags
        )


@lru_cache(maxsize=128)
def _token_flags(first: int, last: int, swapped: bool) -> frozenset[str]:
    """The flags of a first-name level and a surname level, the surname token first or not."""
    flags = set()
    if first == NICKNAME:
        flags.add("nickname")
    if first == INITIAL or last == LAST_INITIAL:
        flags.add("initials")
    if first == NEAR or last == LAST_NEAR:
        flags.add("fuzzy")
    if first == NONE or last == LAST_NONE:
        flags.add("partial")
    elif swapped:
        flags.add("reordered")
    return frozenset(flags)


def _pair_level(first: int, last: int, reordered: bool) -> str:
    """The splink-style label of a first-name level and a surname level."""
    if first == NONE:
        return "surname only"
    if last == LAST_NONE:
        return "first name only"
    if last == LAST_INITIAL:
        return "surname initial"
    if reordered:
        return "reordered"
    if first == NEAR or last == LAST_NEAR:
        return f"jaro_winkler>={JARO_WINKLER}"
    return {NICKNAME: "nickname", INITIAL: "initials"}.get(first, "exact")


def _token_path(read: _Readings, name: FullName) -> _TokenPath:
    """Level every token of every reading against one name: each distinct token once (one
    cdist call), then laid out reading by reading."""
    counts = read.counts
    width, starts = int(counts.max()), np.cumsum(counts) - counts
    owner = np.repeat(np.arange(len(counts)), counts)
    position = np.arange(counts.sum()) - starts[owner]
    words, which = read.words, read.which
    sims = process.cdist(
        words, [name.first, name.last], scorer=JaroWinkler.normalized_similarity, workers=-1
    )
    size = np.fromiter(map(len, words), dtype=int, count=len(words))
    near_first = (sims[:, 0] >= JARO_WINKLER) & (size >= 5) & (abs(size - len(name.first)) <= 2)
    for w in np.flatnonzero(near_first).tolist():  # 'Michael' is no slip of 'Michele'
        near_first[w] = not is_given_name(words[w])
    near_last = (sims[:, 1] >= JARO_WINKLER) & (size >= 4) & (abs(size - len(name.last)) <= 2)
    heard_first, heard_last = _heard(read, name)
    known = np.maximum(np.array([name.first_forms.get(w, NONE) for w in words])[which], heard_first)
    initial = np.array([w == name.first[0] for w in words], dtype=bool)[which]
    exact_last = (sims[:, 1] == 1.0)[which] | heard_last
    initial_last = np.array([bool(name.last) and w == name.last[0] for w in words], dtype=bool)
    levels = {
        "first": np.select([known > 0, near_first[which], initial], [known, NEAR, INITIAL], NONE),
        "last": np.select(
            [exact_last, near_last[which], initial_last[which]],
            [LAST_EXACT, LAST_NEAR, LAST_INITIAL],
            LAST_NONE,
        ),
        "middle": np.array([w in name.middle_forms for w in words], dtype=bool)[which],
    }
    rows = len(counts)
    grids = {}
    for key, values in levels.items():
        grids[key] = np.zeros((rows, width + 1), dtype=values.dtype)
        grids[key][owner, position] = values
    scores, pairs = np.zeros(rows), np.zeros((rows, 2), dtype=int)
    for start in range(0, rows, ROWS):  # pairs take rows x slots x slots numbers
        part = slice(start, start + ROWS)
        found = _best_pairs(grids["first"][part], grids["last"][part], grids["middle"][part])
        scores[part], pairs[part] = found
    return _TokenPath(name, scores, pairs, grids["first"], grids["last"], grids["middle"])


def _heard(read: _Readings, name: FullName) -> tuple[np.ndarray, np.ndarray]:
    """`heard_levels` of every token: only tokens of transliterated readings are heard."""
    first = np.full(len(read.which), NONE, dtype=int)
    last = np.zeros(len(read.which), dtype=bool)
    if read.other_script.any():
        at = np.flatnonzero(read.other_script)
        tokens = [read.words[w] for w in read.which[at].tolist()]
        first[at], last[at] = heard_levels(name, tokens, [True] * len(tokens))
    return first, last


def _best_pairs(
    first: np.ndarray, last: np.ndarray, middle: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the first-name token and surname token that score highest together."""
    rows, slots = first.shape
    i, j = np.arange(slots)[:, None], np.arange(slots)[None, :]
    real = (i < slots - 1) & (j < slots - 1)
    swapped = real & (j < i)
    f, s = first[:, :, None], last[:, None, :]
    pair = np.where(swapped, REVERSED[f, s], FORWARD[f, s])
    others = middle.sum(1)[:, None, None] - middle[:, :, None] - middle[:, None, :]
    initials = (f == INITIAL) & (s == LAST_EXACT) & ~swapped & (others > 0)
    pair = np.where(initials, INITIALS_WITH_MIDDLE, pair)
    pair = np.where(real & (i == j), -1.0, pair).reshape(rows, -1)
    best = pair.argmax(1)
    return pair[np.arange(rows), best], np.stack(np.divmod(best, slots), axis=1)


@dataclass(frozen=True, slots=True, eq=False)
class _SkeletonPath:
    """Whole skeletons ("bobmiller") compared with the subject's handle-like variants."""

    variants: tuple[Variant, ...]
    scores: np.ndarray  # (rows,)
    chosen: np.ndarray  # (rows,) variant index
    modes: np.ndarray  # (rows,) 0 same letters, 1 contains, 2 near miss

    def bare(self, row: int, spelling: Spelling) -> Match:
        """A match's score, steps and flags, no words (`similarity` without `explained`)."""
        return Match(float(self.scores[row]), "", "", spelling.steps, (), self.flags(row))

    def flags(self, row: int) -> frozenset[str]:
        """The variant's flags, and how the skeleton met it."""
        return self.variants[self.chosen[row]].flags | _MODE_FLAGS[int(self.modes[row])]

    def explain(self, row: int, spelling: Spelling) -> Match:
        """Name the variant the skeleton equals, contains or nearly equals."""
        variant, mode = self.variants[self.chosen[row]], int(self.modes[row])
        text = spelling.skeleton
        how = (
            f"both read '{text}' ignoring separators",
            f"'{text}' contains '{variant.text}'",
            f"'{text}' is within a letter or two of '{variant.text}'",
        )[mode]
        level = (variant.level, "contains", f"ratio>={RATIO / 100:.2f}")[mode]
        notes = (*variant.notes, how)
        score = float(self.scores[row])
        return Match(score, level, variant.target, spelling.steps, notes, self.flags(row))


def _skeleton_path(read: _Readings, index: NameIndex) -> _SkeletonPath:
    """Score every reading's skeleton against every variant with one cdist call per scorer.

    A near miss counts only for a reading of one token ("robertmiler"): where a text has
    words, the token path compares each with a name part, and "Joan Cunningham" is not a slip
    of "John Cunningham" but another given name beside the same surname."""
    variants, rows = index.variants, read.kept
    if not variants:
        zeros = np.zeros(len(rows))
        return _SkeletonPath(variants, zeros, zeros.astype(int), zeros.astype(int))
    texts, targets = read.skeletons, [v.text for v in variants]
    lengths = np.fromiter(map(len, targets), dtype=int, count=len(targets))
    can_contain = np.array([v.level in _CAN_CONTAIN for v in variants]) & (lengths >= _LONG)
    can_be_near = np.array([v.level in _CAN_BE_NEAR for v in variants]) & (lengths >= _LONG)
    base = np.array([v.score for v in variants])
    picked, chosen, mode = (
        np.zeros(len(rows)),
        np.zeros(len(rows), dtype=int),
        np.zeros(len(rows), dtype=int),
    )
    for start in range(0, len(rows), ROWS):  # rows x variants numbers per step
        part = slice(start, start + ROWS)
        ratio = process.cdist(texts[part], targets, scorer=fuzz.ratio, workers=-1)
        inside = _containing(texts[part], targets, np.flatnonzero(can_contain).tolist())
        near = (ratio >= RATIO) & can_be_near & (read.counts[part] == 1)[:, None]
        modes = [ratio == 100, inside & (ratio < 100), near]
        scores = np.select(modes, [base, base - _CONTAINS_PENALTY, base - _NEAR_PENALTY], 0.0)
        best = scores.argmax(1)
        at = np.arange(len(ratio))
        chosen[part], picked[part] = best, scores[at, best]
        mode[part] = np.select([m[at, best] for m in modes], [0, 1, 2], 0)
    return _SkeletonPath(variants, picked, chosen, mode)


def _containing(texts: Sequence[str], targets: Sequence[str], columns: list[int]) -> np.ndarray:
    """Whether each text contains each of the targets in `columns` (`target in text`): each
    target is searched for once in all texts joined by line breaks (neither holds one: both
    are letters), and only the texts it is found in are visited."""
    found = np.zeros((len(texts), len(targets)), dtype=bool)
    joined = "\n".join(texts)
    starts = np.cumsum([0, *(len(t) + 1 for t in texts)]).tolist()
    for column in columns:
        target = targets[column]
        at = joined.find(target)
        while at >= 0:
            row = bisect.bisect_right(starts, at) - 1
            found[row, column] = True
            at = joined.find(target, starts[row + 1])
    return found
