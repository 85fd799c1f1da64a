"""Seals of a batch of new rows, made column by column: the texts `seals` makes row by row.

An import of a million records writes as many interaction rows, and of 500,000 followers as
many accounts and names: each step (JSON, SHA-256, each column's CRC) runs over the whole
batch at once, so the time goes to hashing, not to the interpreter. The format is seals.py's
alone; its tests check these equal `seals.sealed_interaction` and `seals.make_seal`.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from itertools import repeat
from operator import getitem, methodcaller
from typing import Any

from nocontact.store.seals import _C_JSON, _LONG, _NULL_CRC, _SHORT, _bytes, _columns, encode

_HEX = methodcaller("hexdigest")
_crc32 = zlib.crc32


def sealed_interaction_columns(columns: Sequence[Sequence[Any]]) -> tuple[list[bytes], list[str]]:
    """`sealed_interaction` of each row of a batch, given column by column (one sequence per
    INTERACTION_COLUMNS name, in order)."""
    return _sealed_columns(columns, _SHORT)


def new_row_seals(columns: Sequence[Sequence[Any]]) -> list[str]:
    """The seal of each new account or account name row (`make_seal(row, 32)`), given column
    by column: an import of 500,000 followers writes as many of each."""
    return _sealed_columns(columns, _LONG)[1]


def _sealed_columns(columns: Sequence[Sequence[Any]], width: int) -> tuple[list[bytes], list[str]]:
    """Rows sealed column by column, each step over the whole batch at once (a million rows
    spend their time hashing, not interpreting): the texts `make_seal` gives row by row."""
    rows = list(zip(*columns, strict=True))
    if _C_JSON is None:
        encoded = [_bytes(encode(row)) for row in rows]
    else:
        texts = map("".join, map(_C_JSON, rows, repeat(0)))
        encoded = list(map(str.encode, texts, repeat("utf-8"), repeat("surrogatepass")))
    heads = map(getitem, map(_HEX, map(hashlib.sha256, encoded)), repeat(slice(0, width)))
    crcs = map(".".join, zip(*map(column_crcs, columns), strict=True))
    return encoded, list(map("{}:{}".format, heads, crcs))


def column_crcs(values: Sequence[Any]) -> list[str]:
    """The CRC `_columns` gives each value of one column, over the whole column at once.

    >>> column_crcs(("hé", "hé", None)) == _columns(("hé", "hé", None)).split(".")
    True
    """
    count = len(values)
    first = values[0] if count else None
    if first.__class__ is str and values.count(first) == count:  # a type, a platform
        return _text_crcs((first,)) * count
    kinds = set(map(type, values))
    if kinds == {str}:
        return _distinct_crcs(values)
    if kinds == {int}:  # ids, the same source on every row: `_crc`'s text of each id once
        distinct = list(dict.fromkeys(values))
        crcs = dict(zip(distinct, _text_crcs(list(map("\x00{!r}".format, distinct))), strict=True))
        return list(map(crcs.__getitem__, values))
    if kinds == {type(None)}:
        return [_NULL_CRC] * count
    # texts and NULLs (a record without text), or other types: one at a time
    return [_columns((value,)) for value in values]


def _distinct_crcs(texts: Sequence[str]) -> list[str]:
    """Each text's CRC; made once for each distinct text when texts repeat (a thread)."""
    distinct = dict.fromkeys(texts)
    if len(distinct) * 4 <= len(texts):
        crcs = dict(zip(distinct, _text_crcs(list(distinct)), strict=True))
        return list(map(crcs.__getitem__, texts))
    return _text_crcs(texts)


def _text_crcs(texts: Sequence[str]) -> list[str]:
    """`_crc` of each text: UTF-8 as it is (the quick way), a lone surrogate passed through."""
    try:
        return list(map("%08x".__mod__, map(_crc32, map(str.encode, texts))))
    except UnicodeEncodeError:  # surrogatepass gives every other text the same bytes
        encoded = map(str.encode, texts, repeat("utf-8"), repeat("surrogatepass"))
        return list(map("%08x".__mod__, map(_crc32, encoded)))
