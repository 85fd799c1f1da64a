"""Read names and handles the way an evader writes them, and list the forms a name can take."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from nicknames import NickNamer
from unidecode import unidecode

from matcher import leetspeak

_DIGITS = re.compile(r"[0-9]+")
_LETTERS = re.compile(r"[a-z]+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"\w+")
ELIDED = re.compile(r"(?<=\w)['\u2019\u02bc](?=\w)")  # O'Connor, D'Angelo: one word
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})  # read past in any name
_SOUNDS = (
    ("dzh", "j"),
    ("zh", "j"),
    ("ph", "f"),
    ("c", "k"),
    ("q", "k"),
    ("kh", "h"),
    ("w", "v"),
    ("y", "i"),
    ("x", "ks"),
)
_DOUBLED = re.compile(r"(.)\1+")

# Comparison levels of a first-name token and a surname token, and what each pair scores.
NONE, INITIAL, NEAR, NICKNAME, EXACT = range(5)  # how a token compares with a first name
LAST_NONE, LAST_NEAR, LAST_EXACT, LAST_INITIAL = range(4)  # how a token compares with a surname
FORWARD = np.array(
    [  # surname: none, Jaro-Winkler near miss, exact, initial ("Robert M.")
        [0.00, 0.10, 0.30, 0.00],  # no first name: sharing a surname is common
        [0.05, 0.15, 0.45, 0.00],  # initial ("R. Miller"); 0.65 with the middle initial as well
        [0.10, 0.30, 0.55, 0.10],  # first name near miss ("Robbert")
        [0.20, 0.45, 0.80, 0.30],  # nickname ("Bobby")
        [0.25, 0.60, 0.90, 0.40],  # exact first name
    ]
)
REVERSED = np.array(
    [  # "Miller Robert": only clear names count when the order is swapped
        [0.00, 0.10, 0.30, 0.00],
        [0.05, 0.10, 0.30, 0.00],
        [0.10, 0.20, 0.30, 0.00],
        [0.20, 0.30, 0.75, 0.10],
        [0.25, 0.30, 0.85, 0.15],
    ]
)
INITIALS_WITH_MIDDLE = 0.65
LISTED_HANDLE = 0.90  # same letters as a listed handle, once separators and numbers are gone


@dataclass(frozen=True, slots=True)
class Spelling:
    """One reading of a name or handle, with the normalisation steps it took."""

    tokens: tuple[str, ...]
    steps: tuple[str, ...]

    @property
    def skeleton(self) -> str:
        return "".join(self.tokens)


@dataclass(frozen=True, slots=True)
class FullName:
    """One of a subject's names, split into the parts that token comparison needs."""

    text: str
    first: str
    middles: tuple[str, ...]
    last: str
    first_forms: Mapping[str, int]  # token -> EXACT or NICKNAME
    middle_forms: frozenset[str]
    first_sounds: Mapping[str, int]  # `sound()` of each first form -> its level
    last_sound: str


@dataclass(frozen=True, slots=True)
class Variant:
    """A handle-like string ("bobmiller") derived from a subject's name or listed handle."""

    text: str
    level: str
    score: float
    target: str
    notes: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class NameIndex:
    """A subject's names and handles, prepared once for comparing many texts."""

    names: tuple[FullName, ...]
    variants: tuple[Variant, ...]


@dataclass(frozen=True, slots=True)
class Match:
    """How one text resembles a subject: a labelled level, its score and words to check it by."""

    score: float
    level: str
    target: str  # what it resembles, quoted: "'Robert James Miller'"
    steps: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()


# Letters in black circles and squares ('🅡🅞🅑', '🆁🅾🅱'), which NFKC leaves as symbols
_ENCLOSED = {
    start + n: letter
    for start in (0x1F150, 0x1F170)
    for n, letter in enumerate("abcdefghijklmnopqrstuvwxyz")
}


def compatible(text: str) -> str:
    """NFKC, and the enclosed letters it leaves alone read as letters.

    >>> compatible("🅡🅞🅑 Ｍｉｌｌｅｒ ⓡ")
    'rob Miller r'
    """
    return unicodedata.normalize("NFKC", text).translate(_ENCLOSED)


@lru_cache(maxsize=1)
def _homoglyphs() -> dict[int, str]:
    """Each non-ASCII look-alike mapped to the ASCII letter or digit it imitates. (Imported
    here: its data takes a twentieth of a second to load, and ASCII text never needs it.)"""
    from confusable_homoglyphs.confusables import confusables_data

    table: dict[int, str] = {}
    for char, glyphs in confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        ascii_ = [g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii()]
        if found := [c for c in ascii_ if c.isalnum()]:
            table[ord(char)] = found[0].casefold()
    return table | _LOOK_ALIKE


# Lower-case letters people use for Latin ones that the confusables data leaves out:
# 'Viηceηzo' (eta for n), 'Kiηg', 'κ' for k, 'τ' for t, 'ω' for w, 'ε' for e, 'χ' for x.
_LOOK_ALIKE = {ord(g): a for g, a in zip("ηκτωεχβ", "nktwexb", strict=True)}


def deconfuse(text: str, *, mixed_only: bool = True) -> str:
    """Swap look-alikes for ASCII in words that mix scripts, as 'Rоbert' with a Cyrillic 'о'.

    Words wholly in another script are left for transliteration unless ``mixed_only`` is off.

    >>> deconfuse("Rоbert Мiller Роберт")
    'robert miller роберт'
    """
    table = _homoglyphs()

    def swap(word: re.Match[str]) -> str:
        mixed = _ASCII_LETTER.search(word[0]) or not mixed_only
        return word[0].translate(table) if mixed else word[0]

    return _WORD.sub(swap, compatible(text)).casefold()


def transliterate(text: str) -> str:
    """Write any script in lower-case ASCII, so 'Роберт Миллер' compares with 'robert miller';
    symbols and punctuation outside ASCII separate words, never spell any: unidecode writes
    '°' as 'deg' and '♥' as 'hearts'.

    >>> transliterate("•°Kostas Oikonomou°• ♥").split(), transliterate("Роберт")
    (['kostas', 'oikonomou'], 'robert')
    >>> transliterate("★彡 Fritz 彡★").split(), transliterate("ꜰʀᴀɴᴄᴏ")
    (['fritz'], 'franco')
    >>> transliterate("王伟").split()
    ['wang', 'wei']
    """
    text = text.translate(_signs())
    if _ASCII_LETTER.search(text):
        text = _LONE_CJK.sub(" ", text)
    return unidecode(text).lower()


@lru_cache(maxsize=1)
def _signs() -> dict[int, str]:
    """Every non-ASCII symbol or punctuation mark (Unicode categories S* and P*) -> a space;
    every small capital letter ('ꜰʀᴀɴᴄᴏ', which unidecode partly drops) -> its letter."""
    table = {}
    for code in range(0x80, 0x20000):
        char = chr(code)
        if unicodedata.category(char)[0] in "SP":
            table[code] = " "
        elif (name := unicodedata.name(char, "")).startswith(_SMALL_CAPITAL) and len(name) == 28:
            table[code] = name[-1].lower()
    return table


_SMALL_CAPITAL = "LATIN LETTER SMALL CAPITAL "
# One Chinese or Japanese character standing alone beside Latin letters: a decoration ('★彡 Fritz
# Hoffmann 彡★', 'Rob ツ'), which unidecode would spell as a word ('shan', 'tsu').
_LONE_CJK = re.compile(r"(?<![^\W\d_])[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff](?![^\W\d_])")


@lru_cache(maxsize=65536)
def sound(token: str) -> str:
    """A spelling that letter-by-letter transliteration leaves the same either way.

    Latin letters written in another script come back as other letters ('Charlie Wood' as
    'Кхарлие Воод', read 'kkharlie vood'); folding the sounds such spellings confuse (c/k/q,
    kh/h/ch, w/v, y/i, ph/f, x/ks, dzh/j, doubled letters) makes both readings meet.

    >>> sound("charlie"), sound("kkharlie"), sound("wood"), sound("vood"), sound("riian")
    ('harlie', 'harlie', 'vod', 'vod', 'rian')
    """
    previous = None
    while token != previous:
        previous = token
        for written, heard in _SOUNDS:
            token = token.replace(written, heard)
        token = _DOUBLED.sub(r"\1", token)
    return token


def heard_levels(
    name: FullName, tokens: Sequence[str], transliterated: Sequence[bool]
) -> tuple[np.ndarray, np.ndarray]:
    """First-name level and surname equality of tokens by `sound()`, for transliterated ones.

    Only text that was written in another script is compared this way: in Latin script,
    'Kole' and 'Cole' are different names.
    """
    heard = [sound(t) if other else "" for t, other in zip(tokens, transliterated, strict=True)]
    first = np.array([name.first_sounds.get(h, NONE) if h else NONE for h in heard], dtype=int)
    last = np.array([bool(h) and h == name.last_sound for h in heard], dtype=bool)
    return first, last


def normalise(text: str) -> str:
    """The plain comparable reading: NFKC, case-folded, look-alikes swapped, transliterated.

    >>> normalise("Rоbért МILLER")
    'robert miller'
    """
    if text.isascii():  # NFKC, look-alikes and transliteration leave ASCII as it is
        return text.lower()
    return transliterate(deconfuse(text))


def skeleton(text: str, *, one: str = "i") -> str:
    """A handle without separators, numbers or leetspeak; ``one`` is what a '1' stands for.

    >>> skeleton("R0b_M1ll3r.82"), skeleton("R0b_M1ll3r.82", one="l")
    ('robmiller', 'robmlller')
    """
    table = leetspeak.TABLES[one == "l"]
    text = (
        leetspeak.NUMBERS.sub(" ", normalise(text).lstrip("@")).encode().translate(table).decode()
    )
    return "".join(_LETTERS.findall(_DIGITS.sub(" ", text)))


def birth_year_digits(text: str, year: int | None) -> str | None:
    """The digits in a text that spell a birth year, as '82' or '1982', if any.

    >>> birth_year_digits("bob.miller.82", 1982), birth_year_digits("rob.martin84", 1982)
    ('82', None)
    """
    if year is None:
        return None
    spelled = {str(year), str(year)[-2:]}
    digits = _DIGITS.findall(text if text.isascii() else unicodedata.normalize("NFKC", text))
    return next((run for run in digits if run in spelled), None)


def _scripts(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """ASCII readings of a text: as written, with look-alikes swapped, or transliterated."""
    if text.isascii():  # NFKC leaves ASCII as it is; casefold() is lower() there
        return [(text.lower(), ())]
    nfkc = compatible(text)
    base = ("unicode",) if nfkc != text else ()
    folded = nfkc.casefold()
    if folded.isascii():
        return [(folded, base)]
    readings = []
    for swapped in (deconfuse(text), deconfuse(text, mixed_only=False), folded):
        steps = base + (("confusable",) if swapped != folded else ())
        ascii_ = transliterate(swapped)
        readings.append((ascii_, steps + (("transliteration",) if ascii_ != swapped else ())))
    return readings


_STEPS: dict[tuple[str, ...], tuple[str, ...]] = {}  # each list of steps, kept once


@lru_cache(maxsize=1 << 18)  # every handle and name of a 100k-account case, read once
def spellings(text: str) -> tuple[Spelling, ...]:
    """Every plausible reading of a name or handle, those needing fewest steps first. Its
    tokens and steps are kept once however many texts share them ('bob', 'miller'): a case's
    readings stay cached for every subject.

    >>> [s for s in spellings("m1ll3r.r0b") if "leetspeak" in s.steps][0]
    Spelling(tokens=('miller', 'rob'), steps=('leetspeak',))
    """
    found: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for script, script_steps in _scripts(ELIDED.sub("", text)):
        for tokens, steps in leetspeak.readings(script.lstrip("@")):
            if tokens:
                if script_steps:  # ASCII text takes none
                    steps = script_steps + steps
                    steps = _STEPS.setdefault(steps, steps)
                found.append((tokens, steps))
    if len(found) > 1:
        found.sort(key=lambda found: len(found[1]))
    unique: dict[tuple[str, ...], tuple[str, ...]] = {}
    for tokens, steps in found:
        unique.setdefault(tokens, steps)
    return tuple(Spelling(tokens, steps) for tokens, steps in unique.items())


@lru_cache(maxsize=1)
def namer() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=1)
def diminutive_table() -> dict[str, frozenset[str]]:
    """Formal names and their diminutives from `data/diminutives.tsv`, related both ways."""
    text = resources.files("matcher").joinpath("data/diminutives.tsv").read_text("utf-8")
    related: dict[str, set[str]] = defaultdict(set)
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        _, formal, short = line.split("\t")
        name = normalise(formal)
        for diminutive in (normalise(d.strip()) for d in short.split(",")):
            related[name].add(diminutive)
            related[diminutive].add(name)
    return {name: frozenset(names) for name, names in related.items()}


@lru_cache(maxsize=4096)
def nicknames(name: str) -> frozenset[str]:
    """Names that stand for this one in either direction, with -y/-ie/-ey spellings.

    English names come from the `nicknames` package; Spanish, Italian, Portuguese, German,
    Polish, Russian, Greek and Turkish diminutives from `data/diminutives.tsv`.

    >>> sorted(nicknames("robert") & {"bob", "bobby", "robbie", "robin", "roberta"})
    ['bob', 'bobby', 'robbie']
    >>> sorted(nicknames("jose") & {"pepe", "ze", "chema"}), sorted(nicknames("kasia"))
    (['pepe', 'ze'], ['katarzyna'])
    """
    related = set(namer().nicknames_of(name)) | set(namer().canonicals_of(name))
    related |= diminutive_table().get(name, frozenset())
    related |= {spelt for r in related for spelt in pet_spellings(r)}
    return frozenset(related - {name})


def pet_spellings(name: str) -> tuple[str, ...]:
    """Other spellings of a pet-name ending: Robby, Robbie, Robbey."""
    for end in ("ie", "ey", "y"):
        if name.endswith(end) and len(name) > len(end) + 2:
            return tuple(name[: -len(end)] + e for e in ("ie", "ey", "y") if e != end)
    return ()


def _full_names(text: str) -> Iterator[FullName]:
    """Split a configured name into first, middle and last, dropping suffixes such as 'Jr'.
    A Spanish double surname gives a second reading ending at the first surname, the one
    people go by ('Millán J.' for 'Joel Millán Almeida'); a middle given name does not.

    >>> [(n.middles, n.last) for n in _full_names("Joel Millán Almeida")]
    [(('millan',), 'almeida'), ((), 'millan')]
    >>> [n.last for n in _full_names("Michael John Heaffy")]
    ['heaffy']
    """
    tokens = [t for t in _LETTERS.findall(normalise(ELIDED.sub("", text))) if t not in SUFFIXES]
    if not tokens:
        return
    yield _split_name(text, tokens)
    if len(tokens) >= 3 and not nicknames(tokens[-2]):
        yield _split_name(text, tokens[:-1])


def _split_name(text: str, tokens: list[str]) -> FullName:
    first, middles = tokens[0], tuple(tokens[1:-1])
    forms = {n: NICKNAME for n in nicknames(first)} | {first: EXACT}
    middle_forms = {f for m in middles for f in (m, m[0], *nicknames(m))}
    last = tokens[-1] if len(tokens) > 1 else ""
    sounds: dict[str, int] = {}
    for form, level in sorted(forms.items(), key=lambda item: item[1]):
        sounds[sound(form)] = level  # the exact first name wins a shared sound
    last_sound = sound(last) if last else ""
    return FullName(text, first, middles, last, forms, frozenset(middle_forms), sounds, last_sound)


def _name_variants(name: FullName) -> Iterator[Variant]:
    """Handle-like forms of a name: robertmiller, bobmiller, millerrob, rjmiller, rmiller."""
    first, last, middles = name.first, name.last, name.middles
    if not last:
        return
    target, flipped = f"'{name.text}'", "surname first"
    exact, nick_score = FORWARD[EXACT, LAST_EXACT], FORWARD[NICKNAME, LAST_EXACT]
    yield Variant(first + last, "exact", exact, target)
    if middles:
        yield Variant(first + "".join(middles) + last, "exact", exact, target)
        yield Variant(first + "".join(m[0] for m in middles) + last, "exact", exact, target)
    flags = frozenset({"reordered"})
    yield Variant(last + first, "reordered", REVERSED[EXACT, LAST_EXACT], target, (flipped,), flags)
    for nick in sorted(nicknames(first)):
        said = f"{nick.title()} is a nickname of {first.title()}"
        yield Variant(nick + last, "nickname", nick_score, target, (said,), frozenset({"nickname"}))
        flags = frozenset({"nickname", "reordered"})
        score = REVERSED[NICKNAME, LAST_EXACT]
        yield Variant(last + nick, "reordered", score, target, (said, flipped), flags)
    flags = frozenset({"initials"})
    if middles:
        letters = first[0] + "".join(m[0] for m in middles)
        said = f"{letters.upper()} are the initials of {' '.join((first, *middles)).title()}"
        yield Variant(letters + last, "initials", INITIALS_WITH_MIDDLE, target, (said,), flags)
    said = f"{first[0].upper()} is the initial of {first.title()}"
    yield Variant(first[0] + last, "initials", FORWARD[INITIAL, LAST_EXACT], target, (said,), flags)


_LISTED = frozenset({"listed"})


def _listed_level(letters: str) -> str:
    """How a listed handle's letters compare: 'known handle' (also inside a longer handle), or,
    when they are only a given name ('mohammed320'), 'listed given name': its letters inside
    another handle ('mohammed_art') are any namesake's.

    >>> _listed_level("darkwolf"), _listed_level("mohammed")
    ('known handle', 'listed given name')
    """
    return "listed given name" if nicknames(letters) else "known handle"


def index_names(names: Iterable[str], handles: Iterable[str] = ()) -> NameIndex:
    """Prepare a subject's names and listed handles once, for comparing many texts."""
    full = tuple(f for name in names for f in _full_names(name))
    found: dict[str, Variant] = {}
    listed = (
        Variant(form, _listed_level(form), LISTED_HANDLE, f"listed handle '{h}'", flags=_LISTED)
        for h in handles
        for form in dict.fromkeys((skeleton(h), skeleton(h, one="l")))
        if form
    )
    for variant in (*listed, *(v for name in full for v in _name_variants(name))):
        if variant.text not in found or variant.score > found[variant.text].score:
            found[variant.text] = variant
    return NameIndex(full, tuple(found.values()))
