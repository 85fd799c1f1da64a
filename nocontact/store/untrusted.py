"""Text from platforms, made safe for each place it goes: SQLite, a spreadsheet, a terminal.

Whoever sent a message chose its characters. A lone surrogate cannot be encoded as UTF-8
(SQLite and hashing would fail on it) and a NUL cuts the text short in most SQLite tools, so
both are stored as visible escapes. A spreadsheet runs a cell starting with `=`, `+`, `-`,
`@` (even after spaces or a line break) as a formula, so such a cell gets an apostrophe.
A terminal obeys escape sequences, so control characters are shown as escapes.
"""

from __future__ import annotations

import re

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)


def storable(text: str) -> str:
    r"""The text with NULs and lone surrogates written as `\uXXXX`, so it stores and hashes.

    >>> storable("ok\x00\udc80 é")
    'ok\\u0000\\udc80 é'
    """
    if not _UNSTORABLE.search(text):
        return text
    return _UNSTORABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def all_storable(*texts: str | None) -> bool:
    r"""Whether every text stores as it is (one search over them all: it runs per record).

    >>> all_storable("ok", None, "é"), all_storable("ok", "a\x00b")
    (True, False)
    """
    joined = "\n".join(filter(None, texts))
    return "\x00" not in joined and (joined.isascii() or _encodes(joined))


def _encodes(text: str) -> bool:
    """Whether the text has no lone surrogate (UTF-8 refuses every one): a search for them
    is slow over a batch of records, the encoder is not."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def storable_or_none(text: str | None) -> str | None:
    return None if text is None else storable(text)


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: a would-be formula gets a leading apostrophe.

    >>> csv_cell("=HYPERLINK(1)"), csv_cell(" \\n=1+1"), csv_cell("-2"), csv_cell("hi")
    ("'=HYPERLINK(1)", "' \\n=1+1", "'-2", 'hi')
    """
    text = "" if value is None else str(value)
    return f"'{text}" if text.lstrip(" \u00a0\u3000").startswith(_FORMULA) else text


def printable(text: str) -> str:
    r"""The text safe to print on a terminal: control and direction characters escaped.

    >>> printable("rob\x1b[2J\x07\u202eevil")
    'rob\\x1b[2J\\x07\\u202eevil'
    """
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
