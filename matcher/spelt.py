"""Addresses and numbers written out to get past filters: 'rob.miller82 at gmail dot com',
'five five five, zero one four seven'.

People who are told not to make contact, and spam filters alike, make an address or a phone
number unreadable to a machine: 'at' or 'arroba' for '@', 'dot' or 'punto' for '.', in
brackets or not; digits as words, in seven languages; digits in other forms, letters for
digits, look-alike letters, letters spaced out (`unmasked`). Read back, the address or number is
compared with the configured ones like any other (`links.Details`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from matcher import names

AT = frozenset({"at", "arroba", "chez"})
DOT = frozenset({"dot", "punto", "point", "punkt", "ponto", "kropka"})
_BRACKETS = ("()", "[]", "{}", "<>")
_INSIDE = {f"{o}{w}{c}": s for o, c in _BRACKETS for ws, s in ((AT, "@"), (DOT, ".")) for w in ws}
_MARKS = ("(", "[", "{", "<", " at ", " dot ", " @ ", " . ", "＠", "arroba", "punto")


# Digit words, 0 to 9, in the languages the matcher reads; accents kept and dropped, since
# people type them either way. A word also meaning something else ('sei', 'um') costs
# nothing: a number only counts when it is the configured one.
_DIGIT_NAMES = (
    "zero one two three four five six seven eight nine",  # en
    "cero uno dos tres cuatro cinco seis siete ocho nueve",  # es
    "null eins zwei drei vier fünf sechs sieben acht neun",  # de
    "zero uno due tre quattro cinque sei sette otto nove",  # it
    "zero um dois três quatro cinco seis sete oito nove",  # pt
    "zéro un deux trois quatre cinq six sept huit neuf",  # fr
    "zero jeden dwa trzy cztery pięć sześć siedem osiem dziewięć",  # pl
)
_DIGIT_WORDS = {
    spelling: str(n)
    for language in _DIGIT_NAMES
    for n, word in enumerate(language.split())
    for spelling in (word, names.normalise(word))
}
_DIGIT_WORDS["oh"] = "0"
_DIGIT_WORD = re.compile(r"\b(?:" + "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True)) + r")\b")
_REPEATS = {"double": 2, "doble": 2, "triple": 3}
_FEW_WORDS = 3  # fewer digit words than this spell no phone number: the text is not rewritten

_HIDDEN = tuple(map(ord, "\ufe0f\u20e3\u200b\u200c\u200d\u2060\u00ad"))  # keycaps, zero-width
_SPACED = re.compile(r"(?<!\S)(?:\S ){5,}\S(?!\S)")  # six one-character words or more in a row
_DIGITISH = re.compile(r"[0-9](?:[ ().\-/*_]{0,3}[0-9OoIl|]){6,}(?<=[0-9])")  # digits, or like
_AS_DIGITS = str.maketrans("OoIl|", "00111")
_REAL_DIGITS = 5  # a run needs this many real digits before its look-alike letters count


def numbers(text: str) -> str | None:
    """The text with its digits written as words put back as digits, for `links.phone_runs`;
    None when it spells fewer than three ('call me at one' stays as it is).

    >>> numbers("five five five, zero one four seven, or 212 double 5")
    '5 5 5 0 1 4 7 or 212 5 5'
    >>> numbers("seis uno dos - tres cuatro"), numbers("one or two things")
    ('6 1 2 3 4', None)
    """
    folded = text.casefold()
    words: list[str] = []
    spelt = 0
    repeat = 1
    for word in folded.replace("-", " ").split():
        word = word.strip(",;:!?.\"'()")
        if word in _REPEATS:
            repeat = _REPEATS[word]
            continue
        digit = _DIGIT_WORDS.get(word, word if len(word) == 1 and word.isdigit() else None)
        if digit is not None:
            spelt += word != digit
            words.extend(digit * repeat)
        elif word:
            words.append(word)
        repeat = 1
    return " ".join(words) if spelt >= _FEW_WORDS else None


def unmasked(text: str) -> str | None:
    """The text with what hides an address or number from a machine taken off; None when
    nothing was: digits in other forms (fullwidth, bold, keycap emoji, Arabic-Indic), letters
    that look like digits inside a number ('555-O1I47'), and in a text with an '@', look-alike
    letters of other scripts ('gmаil' with a Cyrillic 'а') and letters spaced out one by one.
    Only compared with the configured details, so reading too much costs nothing.

    >>> unmasked("call 212-555-O1l47 or r o b . m @ g m a i l . c o m")
    'call 212-555-01147 or rob.m@gmail.com'
    >>> unmasked("２１２ 5️⃣5️⃣5️⃣ ٠١٤٧"), unmasked("hello, I'll call you"), unmasked("lol 1 2")
    ('212 555 0147', None, None)
    """
    plain = text if text.isascii() else text.translate(_digit_forms())
    if plain != text:  # other digits seen: their dashes and brackets may be others too
        plain = unicodedata.normalize("NFKC", plain)
    if "@" in plain or "＠" in plain:  # most texts hold no address: left as they are
        plain = _SPACED.sub(lambda spaced: spaced[0].replace(" ", ""), plain)
        plain = plain if plain.isascii() else names.deconfuse(plain)
    if len(plain) - len(plain.translate(_NO_DIGITS)) >= _REAL_DIGITS:
        plain = _DIGITISH.sub(_digits_of, plain)
    return plain if plain != text else None


@lru_cache(maxsize=1)
def _digit_forms() -> dict[int, int | None]:
    """Every other decimal digit (fullwidth, bold, Arabic-Indic…) -> its ASCII digit; what
    makes a digit a keycap emoji, and zero-width characters, -> nothing."""
    table: dict[int, int | None] = dict.fromkeys(_HIDDEN)
    for code in range(0x80, 0x20000):
        if (char := chr(code)).isdecimal():
            table[code] = ord("0") + unicodedata.decimal(char)
    return table


def _digits_of(run: re.Match[str]) -> str:
    """A run of digits and digit-like letters, as digits when most of it is digits."""
    found = run[0]
    digits = len(found) - len(found.translate(_NO_DIGITS))
    return found.translate(_AS_DIGITS) if digits >= _REAL_DIGITS else found


_NO_DIGITS = str.maketrans("", "", "0123456789")


def may_count(text: str) -> bool:
    """Whether the text spells at least three digits out as whole words (a quick test, in
    one regular-expression scan, before `numbers`).

    >>> may_count("Call one two three"), may_count("one more time, sei tu?")
    (True, False)
    """
    found = _DIGIT_WORD.finditer(text.casefold())
    return sum(1 for _ in zip(range(_FEW_WORDS), found, strict=False)) == _FEW_WORDS


def may_hold(text: str) -> bool:
    """Whether the text may spell an address out (a quick test before `addresses`)."""
    folded = text.casefold()
    return any(mark in folded for mark in _MARKS)


def addresses(text: str) -> Iterator[str]:
    """The words of the text with spelt-out '@' and '.' put back, joined to their neighbours;
    only those that changed. Whether one is an address is for `links.email` to say.

    >>> list(addresses("mail rob.miller82 at gmail dot com, or Rob(at)Example[dot]org"))
    ['rob.miller82@gmail.com', 'rob@example.org']
    >>> list(addresses("write me at rob at gmail dot com")), list(addresses("me at rob[at]x.org."))
    (['rob@gmail.com'], ['me@', 'rob@x.org'])
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
            if sign == "@":  # 'write me at rob at gmail…': an address holds one '@'
                joined[-1] = joined[-1].rpartition("@")[2]
            joined[-1] += sign
            changed[-1] = glue = True
        elif glue and joined and not ("@" in word and "@" in joined[-1]):
            joined[-1] += word  # not 'me at' + 'rob[at]gmail.com': an address holds one '@'
            glue = False
        else:
            joined.append(word)
            changed.append("@" in word and not word.startswith("@"))
            glue = False
    yield from (word.strip(".") for word, did in zip(joined, changed, strict=True) if did)
