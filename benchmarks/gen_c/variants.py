"""How a restrained person rewrites their own name to get past a block.

Every function takes the person and returns one disguised display name or handle, in one
of several ways picked at random, the way people really do it (no function knows how the
matcher reads names).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from benchmarks.gen_c.lookalikes import ALT_TRANSLIT
from benchmarks.gen_c.people import Person, fold, slug
from benchmarks.gen_c.scripts import DECOR, HOMOGLYPHS, LAT_CYR, LAT_GR, LEET


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def phonetic(word: str, table: list[tuple[str, str]]) -> str:
    """Write a Latin word in another script by sound, as a Russian or Greek friend would."""
    w, out, i = fold(word).lower(), [], 0
    while i < len(w):
        for lat, rep in table:
            if w.startswith(lat, i):
                out.append(rep)
                i += len(lat)
                break
        else:
            out.append(w[i])
            i += 1
    res = "".join(out)
    if table is LAT_GR and res.endswith("σ"):
        res = res[:-1] + "ς"
    return res[:1].upper() + res[1:]


def _nick(rng: random.Random, p: Person) -> str:
    return rng.choice(p.nicks) if p.nicks else p.given


def _yy(rng: random.Random, p: Person) -> str:
    assert p.birth
    y = p.birth.year
    return rng.choice(
        [
            str(y),
            str(y)[2:],
            str(y)[2:],
            f"{p.birth.day:02d}{p.birth.month:02d}",
            f"{p.birth.month:02d}{p.birth.day:02d}{str(y)[2:]}",
        ]
    )


# ---- display names -------------------------------------------------------------------


def nickname(rng: random.Random, p: Person) -> str:
    n = _nick(rng, p)
    if p.native(n) and rng.random() < 0.3:
        return f"{p.native(n)} {p.native(p.surname) or p.surname}"
    if p.culture.code == "ru":
        return rng.choice([f"{n} {p.surname}", f"{n} {fold(p.surname)[0]}.", f"{n} {p.surname}"])
    return rng.choice(
        [
            f"{n} {p.surname}",
            f"{n} {p.surname}",
            f"{n.lower()} {p.surname.lower()}",
            f"{n} {p.surname[0]}.",
            f'{p.given} "{n}" {p.surname}',
        ]
    )


def no_middle(rng: random.Random, p: Person) -> str:
    if p.culture.surname_first:
        return rng.choice([f"{p.surname} {p.given}", f"{p.given} {p.surname}"])
    return rng.choice([f"{p.given} {p.surname}", fold(f"{p.given} {p.surname}")])


def drop_second_surname(rng: random.Random, p: Person) -> str:
    base = f"{p.given} {p.middle + ' ' if p.middle and rng.random() < 0.4 else ''}{p.surname}"
    if p.surname2 and rng.random() < 0.35:
        base = f"{p.given} {p.surname2}"  # goes by the mother's surname
    return base


def initials(rng: random.Random, p: Person) -> str:
    g, s = p.given, p.surname
    mid = f"{p.middle[0]}." if p.middle else ""
    forms = [
        f"{s} {g[0]}.",
        f"{g[0]}. {s}",
        f"{g[0]}.{mid} {s}",
        f"{g} {s[0]}.",
        f"{g[0]}{(p.middle or '')[:1]} {s}",
        f"{s}, {g[0]}.",
    ]
    if p.surname2:
        forms += [f"{g} {s} {p.surname2[0]}.", f"{g[0]}. {s} {p.surname2[0]}."]
    return rng.choice(forms).replace("  ", " ")


def _one_edit(rng: random.Random, word: str) -> str:
    w = list(word)
    i = rng.randrange(1, len(w)) if len(w) > 2 else 0
    kind = rng.choice(["swap", "drop", "double", "sub"])
    if kind == "swap" and i < len(w) - 1:
        w[i], w[i + 1] = w[i + 1], w[i]
    elif kind == "drop" and len(w) > 4:
        del w[i]
    elif kind == "double":
        w.insert(i, w[i])
    else:
        near = {
            "a": "e",
            "e": "i",
            "i": "y",
            "o": "u",
            "u": "o",
            "k": "c",
            "c": "k",
            "s": "z",
            "z": "s",
            "v": "w",
            "w": "v",
            "n": "m",
            "m": "n",
            "r": "l",
            "l": "r",
            "t": "d",
        }
        w[i] = near.get(w[i].lower(), "e")
    return "".join(w)


def typo(rng: random.Random, p: Person) -> str:
    if rng.random() < 0.65:
        return f"{p.given} {_one_edit(rng, p.surname)}"
    return f"{_one_edit(rng, p.given)} {p.surname}"


def homoglyph(rng: random.Random, p: Person) -> str:
    name = rng.choice([p.short, f"{_nick(rng, p)} {p.surname}"])
    spots = [i for i, ch in enumerate(name) if ch in HOMOGLYPHS]
    picks = rng.sample(spots, k=min(len(spots), rng.randint(1, 3)))
    return "".join(HOMOGLYPHS[ch] if i in picks else ch for i, ch in enumerate(name))


def _styled(text: str, upper_base: int, lower_base: int) -> str:
    out = []
    for ch in fold(text):
        if "A" <= ch <= "Z":
            out.append(chr(upper_base + ord(ch) - 65))
        elif "a" <= ch <= "z":
            out.append(chr(lower_base + ord(ch) - 97))
        else:
            out.append(ch)
    return "".join(out)


def fancy(rng: random.Random, p: Person) -> str:
    name = rng.choice([p.short, f"{_nick(rng, p)} {p.surname}"])
    style = rng.choice(["bold", "script", "double", "full", "circled", "small"])
    if style == "bold":
        return _styled(name, 0x1D400, 0x1D41A)
    if style == "script":
        return _styled(name, 0x1D4D0, 0x1D4EA)
    if style == "double":  # the letters Unicode keeps in Letterlike Symbols
        holes = {"C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"}
        return "".join(holes.get(ch) or _styled(ch, 0x1D538, 0x1D552) for ch in fold(name))
    if style == "full":
        return _styled(name, 0xFF21, 0xFF41)
    if style == "circled":
        return _styled(name, 0x24B6, 0x24D0)
    small = dict(zip("abcdefghijklmnoprstuvwyz", "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ", strict=True))
    return "".join(small.get(c, c) for c in fold(name).lower())


def decorated(rng: random.Random, p: Person) -> str:
    left, right = rng.choice(DECOR)
    name = rng.choice([p.short, f"{_nick(rng, p)} {p.surname}", p.given + " " + p.surname[0]])
    if rng.random() < 0.3:
        name = "xX_" + slug(name) + "_Xx"
        return name
    return f"{left}{name}{right}"


def other_script(rng: random.Random, p: Person) -> str:
    """Native script for Russians/Greeks, else the name spelt by sound in Cyrillic/Greek."""
    given = rng.choice([p.given, _nick(rng, p)])
    if p.native(given) and p.native(p.surname):
        return f"{p.native(given)} {p.native(p.surname)}"
    table = LAT_GR if rng.random() < 0.3 else LAT_CYR
    return f"{phonetic(given, table)} {phonetic(p.surname, table)}"


def translit(rng: random.Random, p: Person) -> str:
    """Another Latin spelling (Dmitriy, Wolkow), or the name stripped of its accents."""
    g = rng.choice(ALT_TRANSLIT.get(p.given, (fold(p.given, p.german),)))
    s_alt = p.surname[:-1] if p.sex == "f" and p.culture.code == "ru" else p.surname
    s = rng.choice(ALT_TRANSLIT.get(s_alt, (fold(p.surname, p.german),)))
    if s_alt != p.surname and not s.endswith("a"):
        s += "a"
    return f"{g} {s}"


def reversed_order(rng: random.Random, p: Person) -> str:
    g = rng.choice([p.given, _nick(rng, p)])
    return rng.choice(
        [f"{p.surname} {g}", f"{p.surname.upper()} {g}", f"{p.surname}{g}", f"{g}{p.surname}"]
    )


DISPLAY: dict[str, Callable[[random.Random, Person], str]] = {
    "nickname": nickname,
    "no_middle": no_middle,
    "drop_second_surname": drop_second_surname,
    "initials": initials,
    "typo": typo,
    "homoglyph": homoglyph,
    "fancy_unicode": fancy,
    "decorated": decorated,
    "other_script": other_script,
    "transliteration": translit,
    "reversed_glued": reversed_order,
}

# ---- handles -------------------------------------------------------------------------


def handle_birthyear(rng: random.Random, p: Person) -> str:
    g, s, n = slug(p.given, p.german), slug(p.surname, p.german), slug(_nick(rng, p), p.german)
    yy = _yy(rng, p)
    pats = [
        f"{g}{s}{yy}",
        f"{g}.{s}{yy}",
        f"{g}_{s}_{yy}",
        f"{s}{g}{yy}",
        f"{g[0]}{s}{yy}",
        f"{s}{g[0]}{yy}",
        f"{n}{s}{yy}",
        f"{n}_{yy}",
        f"{s}.{yy}",
        f"{n}.{s}.{yy}",
        f"{g}{yy}{s}",
        f"{s}_{n}{yy}",
        f"the.{g}.{s}.{yy}",
        f"{g}{s[0]}{yy}",
    ]
    if p.middle:
        pats.append(f"{g}{slug(p.middle)[0]}{s}{yy}")
    return rng.choice(pats)


def handle_leet(rng: random.Random, p: Person) -> str:
    base = rng.choice(
        [
            f"{slug(_nick(rng, p))}_{slug(p.surname)}",
            f"{slug(p.given)}{slug(p.surname)}",
            f"{slug(p.surname)}.{slug(p.given)}",
        ]
    )
    return "".join(LEET[c] if c in LEET and rng.random() < 0.7 else c for c in base)


def handle_glued(rng: random.Random, p: Person) -> str:
    g, s, n = slug(p.given, p.german), slug(p.surname, p.german), slug(_nick(rng, p))
    return rng.choice(
        [
            f"{s}{g}",
            f"{n}{s}",
            f"{s}_{n}",
            f"{g}{s}",
            f"{g}{s}".upper(),
            f"{(g + s)[::-1]}",
            f"{s[::-1]}.{g[::-1]}",
            f"real{n}{s}",
            f"{n}{s}official",
            f"{g}.{s}.backup",
            f"its{n}{s}",
            f"{g}{s}_2",
        ]
    )


def handle_typo(rng: random.Random, p: Person) -> str:
    return rng.choice(
        [
            f"{slug(p.given)}.{_one_edit(rng, slug(p.surname))}",
            f"{_one_edit(rng, slug(p.given))}_{slug(p.surname)}",
        ]
    )


def handle_initials(rng: random.Random, p: Person) -> str:
    g, s = slug(p.given), slug(p.surname)
    m = slug(p.middle)[:1] if p.middle else ""
    return rng.choice(
        [
            f"{g[0]}{m}{s}",
            f"{g[0]}.{s}",
            f"{s}.{g[0]}{m}",
            f"{g}.{s[0]}",
            f"{g[0]}{m}{s[0]}_{slug(p.surname2 or 'x')[:1]}{s}"[: 3 + len(s)],
        ]
    )


def handle_translit(rng: random.Random, p: Person) -> str:
    return slug(translit(rng, p)).replace(" ", rng.choice(["", ".", "_"]))


HANDLE: dict[str, Callable[[random.Random, Person], str]] = {
    "handle_birthyear": handle_birthyear,
    "leetspeak": handle_leet,
    "reversed_glued": handle_glued,
    "typo": handle_typo,
    "initials": handle_initials,
    "transliteration": handle_translit,
    "nickname": lambda rng, p: (
        f"{slug(_nick(rng, p))}{rng.choice(['.', '_', ''])}{slug(p.surname)}"
    ),
}


def name_form(rng: random.Random, tactic: str, p: Person, as_handle: bool) -> str:
    """One disguised name of `p` for `tactic`, as a handle or as a display name."""
    if as_handle:
        return HANDLE[tactic](rng, p)
    return DISPLAY[tactic](rng, p)
