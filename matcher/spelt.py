"""E-mail addresses written out to get past filters: 'rob.miller82 at gmail dot com'.

People who are told not to make contact, and spam filters alike, make an address unreadable
to a machine: 'at' or 'arroba' for '@', 'dot' or 'punto' for '.', in brackets or not. Read
back, the address is compared with the configured ones like any other (`links.Details`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

AT = frozenset({"at", "arroba", "chez"})
DOT = frozenset({"dot", "punto", "point", "punkt", "ponto", "kropka"})
_BRACKETS = ("()", "[]", "{}", "<>")
_INSIDE = {f"{o}{w}{c}": s for o, c in _BRACKETS for ws, s in ((AT, "@"), (DOT, ".")) for w in ws}
_MARKS = ("(", "[", "{", "<", " at ", " dot ", " @ ", " . ", "＠", "arroba", "punto")


def may_hold(text: str) -> bool:
    """Whether the text may spell an address out (a quick test before `addresses`)."""
    folded = text.casefold()
    return any(mark in folded for mark in _MARKS)


def addresses(text: str) -> Iterator[str]:
    """The words of the text with spelt-out '@' and '.' put back, joined to their neighbours;
    only those that changed. Whether one is an address is for `links.email` to say.

    >>> list(addresses("mail rob.miller82 at gmail dot com, or Rob(at)Example[dot]org"))
    ['rob.miller82@gmail.com', 'rob@example.org']
    >>> list(addresses("rob [at] gmail [dot] com; see you at 5"))
    ['rob@gmail.com', 'you@5']
    >>> list(addresses("R . Heaffy @ example . net or r.heaffy＠example.net"))
    ['r.heaffy@example.net', 'r.heaffy@example.net']
    """
    joined: list[str] = []
    changed: list[bool] = []
    glue = False  # the last word was a spelt-out sign: the next one joins it
    folded = text.casefold() if text.isascii() else unicodedata.normalize("NFKC", text).casefold()
    for word in folded.split():
        word = word.strip(",;:!?\"'")
        if any(bracket in word for bracket in "([{<"):
            for spelt, sign in _INSIDE.items():
                word = word.replace(spelt, sign)
        sign = "@" if word in AT or word == "@" else "." if word in DOT or word == "." else None
        if sign is not None and joined:
            joined[-1] += sign
            changed[-1] = glue = True
        elif glue and joined:
            joined[-1] += word
            glue = False
        else:
            joined.append(word)
            changed.append("@" in word and not word.startswith("@"))
    yield from (word.strip(".") for word, did in zip(joined, changed, strict=True) if did)
