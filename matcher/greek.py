"""Foreign names written in Greek letters, read back for the name floor (`name_forms`).

Modern Greek has no letter for b, d, g or j, and writes them in foreign names as μπ, ντ, γκ
and τζ: 'Ρόμπερτ Μίλλερ' is Robert Miller, which letter-by-letter transliteration reads as
'Rompert Miller'. Greek names keep the plain reading too ('Λάμπρος' is Lambros).

Arabic and Hebrew script are not read this way on purpose: written without most vowels,
different names share their consonants ('حامد حسين', Hamid Hussein, and Ahmed Hassan), so an
exact floor cannot rest on them.
"""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")
# digraphs for the sounds Greek has no letter for, as foreign names use them
_FOREIGN = (("μπ", "b"), ("ντ", "d"), ("γκ", "g"), ("γγ", "ng"), ("τζ", "j"), ("τσ", "ts"))
# ου is a foreign name's u ('Ντουνγκ', Dung; Greek names keep 'ou': Georgiou); β and η are v
# and i in Greek as spoken now ('Σίλβα' is Silva, 'Βασίλης' Vasilis), where unidecode writes b, e
_FOREIGN_U, _MODERN = ("ου", "u"), (("β", "v"), ("η", "i"))
_SPLIT = {"μπ": "mb", "ντ": "nd", "γκ": "ng"}
_INSIDE = re.compile(r"(?<=\w)(?:μπ|ντ|γκ)")


def greek(text: str) -> bool:
    """Whether the text has Greek letters (only then is `as_foreign` worth reading)."""
    return _GREEK.search(text) is not None


def as_foreign(text: str) -> tuple[str, ...]:
    """A Greek text read as a name in Greek letters, in lower-case ASCII: μπ, ντ, γκ as b, d,
    g everywhere and ου as u (foreign names), or inside a word as mb, nd, ng (Greek names'
    Latin spellings: Lambros, Georgiou); β and η as v and i in both.

    >>> as_foreign("Ρόμπερτ Μίλλερ"), as_foreign("Λάμπρος")[1]
    (('robert miller', 'rombert miller'), 'lambros')
    >>> as_foreign("Ντουνγκ Σίλβα"), as_foreign("Γεωργίου")[1]
    (('dung silva', 'dounng silva'), 'georgiou')
    """
    lowered = "".join(
        c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c)
    )
    for written, spoken in _MODERN:
        lowered = lowered.replace(written, spoken)
    everywhere, inside = lowered.replace(*_FOREIGN_U), _INSIDE.sub(lambda m: _SPLIT[m[0]], lowered)
    for written, sound in _FOREIGN:
        everywhere = everywhere.replace(written, sound)
        inside = inside.replace(written, sound)
    return tuple(dict.fromkeys(unidecode(t).lower() for t in (everywhere, inside)))
