"""Digits and @/$ in a handle read as the letters they stand for ('r0b_m1ll3r' is
'rob miller'), or dropped as numbers: the readings `matcher.names.spellings` compares.

Readings are ASCII (`names.normalise`), which byte tables translate ten times as fast as str.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from functools import partial

# Leetspeak, '1' as i or as l.
TABLES = tuple(bytes.maketrans(b"0134578@$", b"o%seastbas" % one) for one in (b"i", b"l"))
_LEET_RUN = re.compile(rb"[0-9@$]+")
NUMBERS = re.compile(r"(?<![a-z0-9])[0-9]{2,}|[0-9]{2,}(?![a-z0-9])")  # not inside a word
# A reading's words, found by `str.split` once a byte table has kept a-z, made leetspeak
# letters of digits and signs (or not) and written everything else as a space.
_SPACED = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
_LEET_WORDS = tuple(bytes(range(256)).translate(t).translate(_SPACED) for t in TABLES)
_LEET_SIGNS = b"0134578@$"
_UNREAD = b"269"  # digits leetspeak leaves as digits
_DIGIT_BYTES = b"0123456789"
_ALNUM = bytes(c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256))
_INSIDE = re.compile(rb"[a-z][0-9]+[a-z]")  # digits between letters: leetspeak
# Digits inside a word, or a letter right after digits: leetspeak, or a number glued on.
_GLUED = re.compile(_INSIDE.pattern + rb"|[0-9][a-z]")
_MIXED = 4  # at most this many '1' in one text are read as i and l in every mix
# Digits standing for letters: inside a word ('r0dr19o'), or one beside letters ('hun9')
_IN_WORD = re.compile(
    rb"(?<=[a-z])[0-9]+(?=[a-z])|(?<=[a-z])[0-9](?![0-9])|(?<![0-9])[0-9](?=[a-z])"
)
_LEET_STEPS = {  # (read as leetspeak, digits dropped or left): the steps a reading took
    (leet, dropped): ("leetspeak",) * leet + ("digits",) * dropped
    for leet in (False, True)
    for dropped in (False, True)
}


def readings(text: str) -> Iterator[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Read digits and @/$ as numbers to drop or as leetspeak letters, '1' as i or as l: the
    words of each reading and the steps it took. A reading is one byte translation of the
    (ASCII) text, its words what is left between separators."""
    raw = text.encode()
    digits = _holds(raw, _DIGIT_BYTES)
    yield (unglued(raw) if digits else _words(raw, _SPACED)), ("digits",) if digits else ()
    if not digits and not _holds(raw, b"@$"):
        return
    numbers = NUMBERS.sub(" ", text).encode() if digits else raw
    sources = (numbers, raw) if numbers != raw else (raw,)
    any_leet = False
    for one, table in enumerate(TABLES):
        for source in sources:
            if one and b"1" not in source:
                continue  # reads as with the first table: the same reading again
            words, leet = _leet_words(source, table, _LEET_WORDS[one])
            any_leet |= leet
            if not leet and source != raw:
                continue  # numbers dropped, nothing read as letters: the first reading again
            yield words, _LEET_STEPS[leet, source != raw or _holds(source, _UNREAD)]
    if not any_leet:
        return  # no digit read as a letter: none to read in a mix either ('anna1987')
    mixes = dict.fromkeys(m for source in sources for m in _mixed(source))
    for mixed in mixes:  # 'b1l1y': one '1' an i, the next an l
        words, _ = _leet_words(mixed, TABLES[0], _LEET_WORDS[0])
        yield words, _LEET_STEPS[True, mixed != raw or _holds(mixed, _UNREAD)]


def _mixed(source: bytes) -> Iterator[bytes]:
    """The source with the '1's of its leetspeak read as i and l in every mix the two tables
    do not read (at most `_MIXED` of them), and its '9's as g; nothing when it has neither.
    Leetspeak here is digits inside a word, or one digit beside letters: a number at either
    end ('smithj90', 'rob1991') is no letters.

    >>> [m.decode() for m in _mixed(b"b1l1y")], [m.decode() for m in _mixed(b"r0dr19o")]
    (['blliy', 'billy'], ['r0drigo', 'r0drlgo'])
    >>> list(_mixed(b"smithj90")), list(_mixed(b"b1ll_1991")), list(_mixed(b"a1b1c1d1e1f"))
    ([], [], [])
    """
    runs = [run.span() for run in _IN_WORD.finditer(source)]
    if not runs:
        return  # most handles: digits only as a number at an end ('anna1987')
    ones = [at for start, end in runs for at in range(start, end) if source[at] == ord("1")]
    nines = [at for start, end in runs for at in range(start, end) if source[at] == ord("9")]
    if len(ones) > _MIXED or (len(ones) < 2 and not nines):
        return
    every = range(2 ** len(ones)) if nines else range(1, 2 ** len(ones) - 1)
    for pick in every:  # bit k: the k-th '1' as l, else as i
        mixed = bytearray(source)
        for at in nines:
            mixed[at] = ord("g")
        for bit, at in enumerate(ones):
            mixed[at] = ord("l") if pick >> bit & 1 else ord("i")
        yield bytes(mixed)


def _leet_words(source: bytes, table: bytes, words: bytes) -> tuple[tuple[str, ...], bool]:
    """The words of `source` with each run of digits and @/$ read as letters by `table` (or
    `words`, the same with `_SPACED`) when each of them stands for a letter, and whether any
    run was read so: 'm1ll3r' is 'miller', but the 90 of 'smithj90' is a number, not 'go'."""
    if not _holds(source, _UNREAD):  # every run stands for letters: one translation
        return _words(source, words), _holds(source, _LEET_SIGNS)
    leet = _INSIDE.search(source) is not None  # digits stand for letters somewhere in a word
    read = _LEET_RUN.sub(partial(_as_letters, table=table, leet=leet), source)
    return _words(read, _SPACED), read != source


def _as_letters(run: re.Match[bytes], table: bytes, *, leet: bool) -> bytes:
    """A run read as letters, or, in a text written in leetspeak, as letters and then a
    number ('3566' of 'ru1z4rch1ll3566' is 'es' and 66: a name's last letters, then a year);
    a run that is only a number stays, and so does '321' of 'mills321', which is no 'e'."""
    digits = run[0]
    if not _holds(digits, _UNREAD):
        return digits.translate(table)
    for year in (2, 4) if leet else ():
        head, tail = digits[:-year], digits[-year:]
        if head and not _holds(head, _UNREAD) and tail.isdigit():
            return head.translate(table) + tail
    return digits


def unglued(raw: bytes) -> tuple[str, ...]:
    """The words left once digits are dropped, without the lone letters that digits inside a
    word leave: 'g0nz4l3z' leaves 'nz' and '5c077' nothing, no initial G, Z or C; 'rob_m82'
    keeps its initial M.

    >>> unglued(b"gl0r14_g0nz4l3z"), unglued(b"5c077"), unglued(b"rob_m82")
    (('gl', 'nz'), (), ('rob', 'm'))
    >>> unglued(b"rob82miller")
    ('rob', 'miller')
    """
    if not _GLUED.search(raw):
        return _words(raw, _SPACED)
    kept: list[str] = []
    for chunk in raw.translate(_ALNUM).split():
        parts = _words(chunk, _SPACED)
        kept += parts if _GLUED.search(chunk) is None else [p for p in parts if len(p) > 1]
    return tuple(kept)


def _holds(raw: bytes, chars: bytes) -> bool:
    return len(raw.translate(None, chars)) != len(raw)


def _words(raw: bytes, table: bytes) -> tuple[str, ...]:
    return tuple(map(sys.intern, raw.translate(table).decode().split()))
