"""How a person's name turns into the names and handles an evader (or a bystander) shows.

Each `v_*` function returns a variant or None when the tactic does not apply to this name.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field

from .cultures import CULTURES
from .spellings import ARABIC_SPELLINGS, CHINESE_SPELLINGS

PARTICLES = {
    "de", "la", "du", "le", "van", "der", "den", "ter", "t", "'t", "al", "el", "bin", "ibn",
    "ben", "dela", "los", "mac", "an", "tsaoir", "ó", "ní", "d",
}  # fmt: skip
SPELL_OUT = {"ø": "oe", "å": "aa", "æ": "ae", "ö": "oe", "ü": "ue", "ő": "o", "ű": "u"}
MACRON = {"ō": ["ou", "oh", "o", "oo"], "ū": ["uu", "u"], "Ō": ["Ou", "Oh", "O", "Oo"]}
HOMOGLYPH = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і", "y": "у"}
HOMOGLYPH |= {"A": "Α", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О", "T": "Т"}
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7", "l": "1", "g": "9"}
DECOR = ["✨", "🌹", "💔", "🖤", "★", "☾", "🥀", "🙏", "♡", "⚡", "🕊️", "😔"]


@dataclass
class Person:
    """A synthetic person: `given` may be compound, `family` may carry particles."""

    given: str
    family: str
    culture: str
    middle: str = ""
    suffix: str = ""
    english: str = ""  # an English given name (Chinese "Kevin Zhang")
    birth: tuple[int, int, int] = (0, 0, 0)
    nicks: list[str] = field(default_factory=list)

    @property
    def family_first(self) -> bool:
        return CULTURES[self.culture]["order"] == "fg"

    @property
    def full(self) -> str:
        """The name as the person's own papers write it."""
        if not self.family:
            return self.given
        if self.family_first:
            return f"{self.family} {self.given}"
        mid = f" {self.middle}" if self.middle else ""
        suf = f" {self.suffix}" if self.suffix else ""
        return f"{self.given}{mid} {self.family}{suf}"

    @property
    def short(self) -> str:
        """Given + family, no middle name or suffix, in the culture's order."""
        if self.family_first:
            return f"{self.family} {self.given}"
        return f"{self.given} {self.family}".strip()

    @property
    def first(self) -> str:
        """What friends would call them first: the given name (the English one if any)."""
        return self.english or self.given


def fold(s: str, spell: bool = False) -> str:
    """Drop accents (or spell special letters out: ø -> oe)."""
    out = []
    for ch in s:
        low = ch.lower()
        if spell and low in SPELL_OUT:
            rep = SPELL_OUT[low]
            out.append(rep.capitalize() if ch.isupper() else rep)
        elif low in "øæ":
            out.append({"ø": "o", "æ": "ae"}[low])
        else:
            out.append(unicodedata.normalize("NFKD", ch)[0])
    return "".join(out)


def slug(s: str, spell: bool = False) -> str:
    """Letters and digits only, lower-case ASCII: a handle piece."""
    return re.sub(r"[^a-z0-9]", "", fold(s, spell).lower())


def core_family(family: str) -> str:
    """The family name without particles: 'van der Berg' -> 'Berg'."""
    words = [w for w in re.split(r"[\s']+", family) if w and w.lower() not in PARTICLES]
    return " ".join(words) or family


def v_nickname(p: Person, rng: random.Random) -> str | None:
    if not p.nicks:
        return None
    nick = rng.choice(p.nicks)
    fam = p.family or ""
    if p.family_first and rng.random() < 0.5:
        return f"{fam} {nick}".strip()
    return f"{nick} {fam}".strip()


def v_swapped(p: Person, rng: random.Random) -> str | None:
    if not p.family:
        return None
    if p.family_first:
        return f"{p.english or p.given} {p.family}"
    fam = p.family.upper() if rng.random() < 0.4 else p.family
    return rng.choice([f"{fam} {p.given}", f"{fam}, {p.given}"])


def v_particle(p: Person, rng: random.Random) -> str | None:
    """Particles, hyphens and apostrophes dropped or glued."""
    g, f = p.given, p.family
    opts = []
    if "-" in g or " " in g:
        opts += [f"{g.replace('-', ' ')} {f}", f"{g.replace('-', '').replace(' ', '')} {f}"]
    if core_family(f) != f:
        glued = re.sub(r"[\s']+", "", f)
        opts += [f"{g} {core_family(f)}", f"{g} {glued[0].upper()}{glued[1:]}"]
        opts.append(f"{g} {f.title()}")
    if "'" in f:
        opts += [f"{g} {f.replace(chr(39), '')}", f"{g} {f.replace(chr(39), ' ')}"]
    if f.startswith(("Mc", "Mac")):
        opts.append(f"{g} {'Mac' + f[2:] if f.startswith('Mc') else 'Mc' + f[3:]}")
    if "-" in f:
        opts += [f"{g} {f.split('-')[0]}", f"{g} {f.replace('-', ' ')}"]
    if p.family_first:
        opts = [" ".join(reversed(o.split(" ", 1))) if " " in o else o for o in opts]
    opts = [o for o in opts if o != p.full]
    return rng.choice(opts) if opts else None


def _alt_spelling(word: str, rng: random.Random) -> str | None:
    for group in ARABIC_SPELLINGS:
        if word in group:
            return rng.choice([w for w in group if w != word])
    if word in CHINESE_SPELLINGS:
        return rng.choice(CHINESE_SPELLINGS[word])
    for mac, reps in MACRON.items():
        if mac in word:
            return word.replace(mac, rng.choice(reps))
    if any(c.lower() in SPELL_OUT for c in word):
        return fold(word, spell=rng.random() < 0.6)
    if fold(word) != word:
        return fold(word)
    return None


def v_translit(p: Person, rng: random.Random) -> str | None:
    """Another romanisation, accents dropped or special letters spelt out."""
    g = _alt_spelling(p.given, rng)
    f = _alt_spelling(p.family, rng) if p.family else None
    if g is None and f is None:
        return None
    if rng.random() < 0.5 and g and f:
        f = p.family if rng.random() < 0.5 else f
    g, f = g or p.given, f or p.family
    return f"{f} {g}" if p.family_first else f"{g} {f}".strip()


def typo(s: str, rng: random.Random) -> str:
    """One keyboard slip: a letter dropped, doubled, swapped or replaced."""
    idx = [i for i, c in enumerate(s) if c.isalpha()][1:]
    i = rng.choice(idx) if idx else 0
    kind = rng.choice(["drop", "double", "swap", "vowel"])
    if kind == "drop":
        return s[:i] + s[i + 1 :]
    if kind == "double":
        return s[:i] + s[i] + s[i:]
    if kind == "swap" and i + 1 < len(s) and s[i + 1].isalpha() and s[i + 1] != s[i]:
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    vowels = "aeiou"
    if s[i].lower() in vowels:
        return s[:i] + rng.choice([v for v in vowels if v != s[i].lower()]) + s[i + 1 :]
    return s[:i] + s[i] + s[i:]


def v_typo(p: Person, rng: random.Random) -> str | None:
    return typo(p.short, rng)


def homoglyph(s: str, rng: random.Random, n: int = 2) -> str:
    spots = [i for i, c in enumerate(s) if c in HOMOGLYPH]
    for i in rng.sample(spots, min(n, len(spots))):
        s = s[:i] + HOMOGLYPH[s[i]] + s[i + 1 :]
    return s


def v_homoglyph(p: Person, rng: random.Random) -> str | None:
    out = homoglyph(p.short, rng, rng.choice([1, 2, 3]))
    return out if out != p.short else None


def leet(s: str, rng: random.Random) -> str:
    out = "".join(LEET.get(c, c) if c in LEET and rng.random() < 0.7 else c for c in s)
    return out if out != s else s.replace("e", "3").replace("o", "0").replace("a", "4")


def v_leetspeak(p: Person, rng: random.Random) -> str | None:
    name = p.english or p.given
    out = f"{leet(name, rng)} {leet(core_family(p.family), rng)}".strip()
    return out if out != p.short else None


FANCY_A, FANCY_a = 0x1D4D0, 0x1D4EA  # mathematical bold script capitals / small letters


def _fancy(s: str) -> str:
    out = []
    for c in fold(s):
        if "A" <= c <= "Z":
            out.append(chr(FANCY_A + ord(c) - 65))
        elif "a" <= c <= "z":
            out.append(chr(FANCY_a + ord(c) - 97))
        else:
            out.append(c)
    return "".join(out)


def v_decorated(p: Person, rng: random.Random) -> str | None:
    base = p.short if rng.random() < 0.6 else (v_nickname(p, rng) or p.short)
    d = rng.choice(DECOR)
    style = rng.randrange(5)
    if style == 0:
        return f"{d} {base} {d}"
    if style == 1:
        return f"{base} {d}{rng.choice(DECOR)}"
    if style == 2:
        return _fancy(base)
    if style == 3:
        return f"꧁ {base} ꧂"
    return f"{base.upper()} {d}"


def v_initials(p: Person, rng: random.Random) -> str | None:
    """'J.P. Martin', 'K. Venkatesh', 'Kovács L.', 'JPM'."""
    if not p.family:
        return None
    parts = re.split(r"[\s-]+", p.english or p.given)
    ini = "".join(w[0] + "." for w in parts if w)
    fam = p.family
    opts = [f"{ini} {fam}", f"{fam} {ini}", "".join(w[0] for w in parts) + fam[0].upper()]
    if p.culture == "indian":
        opts.append(f"{fam[0]}. {p.given}")
    if p.family_first:
        opts.append(f"{fam} {ini}")
    return rng.choice(opts)


def v_exact_name(p: Person, rng: random.Random) -> str | None:
    return p.full


NAME_TACTICS = {
    "nickname": v_nickname,
    "name_order_swapped": v_swapped,
    "particle_or_hyphen": v_particle,
    "romanisation_or_accents": v_translit,
    "typo": v_typo,
    "homoglyph": v_homoglyph,
    "leetspeak": v_leetspeak,
    "decorated_name": v_decorated,
    "initials": v_initials,
    "exact_name": v_exact_name,
}


def _parts(p: Person, rng: random.Random) -> tuple[str, str, str]:
    g = slug(p.english or p.given, spell=rng.random() < 0.5)
    f = slug(core_family(p.family) if rng.random() < 0.5 else p.family, spell=rng.random() < 0.5)
    n = slug(rng.choice(p.nicks)) if p.nicks else g
    return g[:14], f[:14], n[:12]


def h_name_year(p: Person, rng: random.Random) -> str:
    g, f, n = _parts(p, rng)
    y = p.birth[0]
    yy, yyyy = f"{y % 100:02d}", str(y)
    return rng.choice(
        [f"{g}.{f}.{yy}", f"{g}{f}{yy}", f"{g[0]}{f}{yyyy}", f"{n}_{f}{yy}", f"{f}.{g}{yy}",
         f"{n}.{yyyy}", f"{g}_{f}_{yyyy}", f"{f}{g[0]}{yy}", f"{n}{yy}", f"{g}{f[:1]}_{yy}"]
    )  # fmt: skip


def h_birthdate(p: Person, rng: random.Random) -> str:
    g, f, n = _parts(p, rng)
    y, m, d = p.birth
    yy = y % 100
    dm = rng.choice([f"{d:02d}{m:02d}", f"{d}{m}", f"{m:02d}{d:02d}", f"{d:02d}{m:02d}{yy:02d}"])
    return rng.choice([f"{g}{dm}", f"{g}.{f}{dm}", f"{n}_{dm}", f"{f}{g[0]}{dm}"])


def h_decorated(p: Person, rng: random.Random) -> str:
    g, f, n = _parts(p, rng)
    return rng.choice(
        [f"the.real.{g}{f[:1]}", f"x{g}{f}x", f"{g}.{f}.backup", f"its.{n}", f"iam{n}",
         f"{g}{f}_official", f"real_{n}_{f}", f"{n}.{f}.2", f"_{g}.{f}_", f"{f}{g}__",
         f"not.{n}", f"{g}.{f}.new"]
    )  # fmt: skip


def h_leet(p: Person, rng: random.Random) -> str:
    g, f, _ = _parts(p, rng)
    sep = rng.choice(["_", ".", ""])
    return f"{leet(g, rng)}{sep}{leet(f, rng)}"


def h_typo(p: Person, rng: random.Random) -> str:
    g, f, _ = _parts(p, rng)
    return typo(f"{g}.{f}", rng)


def h_swapped(p: Person, rng: random.Random) -> str:
    g, f, _ = _parts(p, rng)
    return rng.choice([f"{f}.{g}", f"{f}{g}", f"{f}_{g[0]}", f"{f}{g}{rng.randint(1, 99)}"])


def h_plain(p: Person, rng: random.Random) -> str:
    """An ordinary handle, as bystanders pick them."""
    g, f, n = _parts(p, rng)
    return rng.choice(
        [f"{g}.{f}", f"{g}_{f}", f"{g}{f}", f"{f}.{g}", f"{n}.{f}", f"{g}{rng.randint(1, 999)}",
         f"{g}.{f}{rng.randint(1, 99)}", f"{n}_{rng.choice(['photo', 'art', 'fit', 'travels'])}"]
    )  # fmt: skip


HANDLE_TACTICS = {
    "handle_name_year": h_name_year,
    "handle_birthdate": h_birthdate,
    "handle_decorated": h_decorated,
    "leetspeak": h_leet,
    "typo": h_typo,
    "name_order_swapped": h_swapped,
}
