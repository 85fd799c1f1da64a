"""The other ways a configured name is commonly written in Latin letters, as compared.

Name forms (`name_forms`), handle patterns and slips read each configured name as written and
in these spellings: what a keyboard without umlauts types, the usual Latin variants of one
Russian or Polish name, Irish and Scottish spellings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from matcher.names import normalise

_SPELT_OUT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
    | {"ø": "oe", "å": "aa", "æ": "ae", "Ø": "Oe", "Å": "Aa", "Æ": "Ae"}  # Danish, Norwegian
)


def other_spellings(name: str) -> tuple[str, ...]:
    """The other ways the name is commonly spelt in Latin letters, as compared: umlauts and ß
    written out, as German speakers type them where a keyboard or a username has none
    ('Schäfer' is 'schaefer'; ø, å and æ too: 'Hjørnevik' is 'hjoernevik'); the usual variants
    of one Russian or Polish name ('ks' as x, '-ov' as '-ow', a final '-y' or '-iy' as '-i',
    '-ski' as '-sky', 'kh' as h: Aleksey Popov is also Alexey Popow and Aleksei Popov); Irish
    and Scottish ones (Mc as Mac, O'Neill as O Neill). Empty if there are none.

    >>> other_spellings("Elisabeth Schäfer"), other_spellings("Robert Miller")
    (('elisabeth schaefer',), ())
    >>> found = other_spellings("Aleksey Popov")
    >>> len(found), {"alexey popow", "aleksei popov"} <= set(found)
    (7, True)
    >>> other_spellings("Eoghan O'Neill"), "d maccarthy" in other_spellings("D McCarthy")
    (('eoghan o neill',), True)
    """
    base = normalise(name)
    written = normalise(name.translate(_SPELT_OUT))
    found = {written} if written != base else set()
    variants = {base}
    for pattern, other in _VARIANTS:
        variants |= {pattern.sub(other, v) for v in variants}
    found |= variants - {base}
    return tuple(sorted(found))[:_MAX_SPELLINGS]


def as_written(names: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(configured name, one way it is written): the name itself, then `other_spellings`."""
    for name in names:
        yield name, name
        for written in other_spellings(name):
            yield name, written


_VARIANTS = tuple(
    (re.compile(pattern), other)
    for pattern, other in (
        (r"ks", "x"),
        (r"(?<=[oe])v(?=a?\b)", "w"),
        (r"(?:i?y)\b", "i"),
        (r"(?<=sk)i\b", "y"),
        (r"kh", "h"),
        (r"\bmc(?=[a-z]{3})", "mac"),  # McCarthy is also written MacCarthy, and back
        (r"\bmac(?=[a-z]{4})", "mc"),
        (r"\b([od])'(?=[a-z])", r"\1 "),  # O'Neill as 'O Neill'
    )
)
_MAX_SPELLINGS = 16  # other spellings kept of one name, most names have none
