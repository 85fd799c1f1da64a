"""Synthetic accounts of one case: innocents of every hard kind, and the evader's new accounts.

Each evasive account uses the tactics it is given and nothing else gives it away: without a
name tactic its names are unrelated, without an avatar tactic its picture is someone else's
or a stock scene, and it writes with the restrained person's habits at a random strength.
"""

from __future__ import annotations

import io
import random
from dataclasses import replace
from datetime import timedelta

from PIL import Image, ImageEnhance, ImageOps

from matcher import drawing
from matcher.avatars import AvatarHash
from matcher.names import nicknames
from matcher.synth_people import (
    CITIES,
    STOCK,
    SURNAMES,
    WORDS,
    Person,
    Scene,
    first_names,
    some_people,
    spread,
    waking_peaks,
)
from matcher.synth_text import Style, chatter, hello, pleading
from matcher.types import Candidate

NAME_TACTICS = (
    "unrelated_handle",
    "nickname",
    "leetspeak",
    "homoglyphs",
    "transliteration",
    "reordered_initials",
    "username_pattern",
    "initial_and_surname",
)
# Name tactics that replace the name outright rather than disguise it: used alone among names.
SHORTHAND_TACTICS = ("username_pattern", "initial_and_surname")
AVATAR_TACTICS = (
    "avatar_mirrored",
    "avatar_cropped",
    "avatar_recompressed",
    "avatar_filtered",
    "no_avatar",
)
TACTICS = (*NAME_TACTICS, *AVATAR_TACTICS, "new_account", "time_shift")
TRACES = ("name", "photo", "writing", "friends", "contact")  # what an alt can carry of the person
INNOCENT_KINDS = {
    "random": 28,
    "same_first_name": 10,
    "same_surname": 10,
    "similar_handle": 8,
    "same_city": 8,
    "stock_avatar": 8,
    "impersonator": 6,
    "shared_friends": 8,
    "new_account": 7,
    "spam": 7,
    "namesake": 0.15,
}
_LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"})
_GLYPHS = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і"}
_GLYPHS |= {"A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О", "T": "Т"}
_CYRILLIC = dict(zip("abcdefghiklmnoprstuvz", "абкдефгхиклмнопрстувз", strict=True))
_CYRILLIC |= {"j": "дж", "q": "к", "w": "в", "x": "кс", "y": "й"}


def leet(text: str) -> str:
    return text.translate(_LEET)


def homoglyphs(rng: random.Random, text: str) -> str:
    """Swap some letters for look-alikes from another script."""
    return "".join(_GLYPHS[c] if c in _GLYPHS and rng.random() < 0.6 else c for c in text)


def cyrillic(text: str) -> str:
    """Write a Latin name in Cyrillic letters, as a transliterating evader would."""
    return "".join(_CYRILLIC.get(c.lower(), c) if c.isalpha() else c for c in text).title()


def _encode(image: Image.Image | None, *, quality: int = 85) -> str | None:
    return (
        None
        if image is None
        else str(AvatarHash.of(image if quality >= 85 else _jpeg(image, quality)))
    )


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def _handle(rng: random.Random, first: str, last: str) -> str:
    word, n = rng.choice(WORDS), rng.randint(1, 99)
    return rng.choice(
        (
            f"{first}.{last}",
            f"{first}{last[0]}{n}",
            f"{first[:3]}_{word}",
            f"{word}.{last}{n}",
            f"{last}.{first[0]}",
            f"{word}_{rng.choice(WORDS)}{n}",
            f"{first}{n}",
        )
    )


def _account(scene: Scene, key: str, **fields: object) -> Candidate:
    """A candidate with what an archive shows; rich cases add what a profile shows."""
    extra = {k: fields.pop(k) for k in list(fields) if k in _RICH}
    candidate = Candidate(key, "instagram", **fields)  # type: ignore[arg-type]
    return replace(candidate, **extra) if scene.rich else candidate  # type: ignore[arg-type]


_RICH = ("avatar_hash", "has_avatar", "created_at", "bio", "connections", "followers", "links")


def innocent(scene: Scene, kind: str, *, key: str) -> Candidate:
    """An innocent account of one hard-negative kind (`INNOCENT_KINDS`)."""
    rng, person = scene.rng, scene.person
    first, last = rng.choice(first_names()), rng.choice(SURNAMES)
    if kind == "same_first_name":
        first = rng.choice((person.first, *sorted(nicknames(person.first))))
    elif kind == "same_surname":
        last = person.last
    elif kind == "namesake":  # a stranger with the very same name
        first, last = person.first, person.last
    handle = _handle(rng, first, last)
    if kind == "similar_handle":
        handle = rng.choice(
            (
                f"{person.first[:3]}{rng.choice(('in', 'y', 'an'))}.{rng.choice(WORDS)}",
                f"{person.last}.{rng.choice(WORDS)}.{rng.choice(WORDS)}",
            )
        )
    display = f"{first} {last}".title() if rng.random() < 0.8 else None
    first_contact = scene.order + timedelta(days=rng.uniform(-60, 240))
    new = kind in ("new_account", "spam", "impersonator")
    peaks = waking_peaks(rng)
    chatty = kind == "spam" or rng.random() < 0.35  # friends chat: many messages in a day or two
    count = rng.randint(5, 15) if chatty else 1 + int(rng.expovariate(0.4))
    times = spread(rng, peaks, first_contact, count, days=rng.choice((1, 2)) if chatty else 90)
    style = Style.draw(rng, initial=first[0])
    texts = (
        [
            chatter(rng, style, place=_place(rng, scene, kind), pet=rng.choice(("hun", "babe", "")))
            for _ in range(rng.randint(1, 4))
        ]
        if rng.random() < 0.5 or kind == "spam"
        else []
    )
    picture_kind = rng.choice(("face", "face", "face", "stock", "placeholder", "none"))
    picture = _innocent_picture(scene, kind, picture_kind)
    if kind == "impersonator":
        other = f"{rng.choice(first_names())} {rng.choice(SURNAMES)}"
        handle, display = (
            leet(other.replace(" ", "_")) + "_official",
            homoglyphs(rng, other.title()),
        )
        picture = ImageOps.mirror(drawing.face(scene.face_seed()))
    if kind == "spam":
        handle, display, picture = f"user{rng.randint(10**6, 10**9)}", None, None
        texts = [f"check out my page {rng.choice(WORDS)}.example {rng.choice(('!!', ''))}"] * len(
            times
        )
    connections = some_people(rng, 3, 10)
    if kind == "shared_friends":  # friends of the family may follow the listed sibling too
        connections += person.some_friends(rng)
        connections += (person.sibling_handle(),) if rng.random() < 0.3 else ()
    return _account(
        scene,
        key,
        handle=handle,
        display_name=display,
        times=times,
        texts=tuple(texts),
        avatar_hash=_encode(picture),
        has_avatar=picture is not None,
        created_at=times[0]
        - timedelta(days=rng.uniform(0.2, 15) if new else rng.uniform(60, 3650)),
        bio=f"{person.city if kind == 'same_city' else rng.choice(CITIES)} | {rng.choice(WORDS)}",
        connections=connections,
        followers=rng.randint(0, 9) if new else rng.randint(20, 2000),
    )


def _place(rng: random.Random, scene: Scene, kind: str) -> str:
    """People from the same town mention the same places."""
    return scene.person.place if kind == "same_city" and rng.random() < 0.5 else rng.choice(CITIES)


def _innocent_picture(scene: Scene, kind: str, picture_kind: str) -> Image.Image | None:
    rng = scene.rng
    if kind == "stock_avatar":
        stock = scene.person.stock if scene.person.stock is not None else rng.randrange(STOCK)
        return drawing.scene(stock)
    if picture_kind == "face":
        return drawing.face(scene.face_seed())
    if picture_kind == "stock":
        return drawing.scene(rng.randrange(STOCK))
    if picture_kind == "placeholder":
        return rng.choice(list(drawing.defaults().values()))
    return None


def evasive(scene: Scene, tactics: tuple[str, ...], *, key: str) -> Candidate:
    """A new account of the restrained person that uses exactly these tactics."""
    rng, person = scene.rng, scene.person
    handle, display = _alt_names(rng, person, tactics)
    first = scene.block + timedelta(days=min(rng.expovariate(1 / 30), 240))
    peaks = person.peaks
    if "time_shift" in tactics:
        peaks = tuple((p + rng.randint(6, 12)) % 24 for p in peaks)
    count = rng.randint(1, 10)
    times = spread(rng, peaks, first, count, days=rng.choice((1, 2, 30, 90)))
    strength = rng.uniform(0.3, 0.9)
    texts = (
        [
            hello(rng, person.style, pet=person.pet, strength=strength)
            if rng.random() < 0.25  # a short greeting: the pet name, none of the usual sentences
            else pleading(rng, person.style, pet=person.pet, place=person.place, strength=strength)
            for _ in range(rng.randint(1, 8))
        ]
        if rng.random() < 0.65
        else []
    )
    if texts and rng.random() < 0.1:
        texts[-1] += (
            f" {rng.choice(('email me at', 'text me'))} {rng.choice((person.email, person.phone))}"
        )
    picture = _alt_picture(scene, tactics)
    new = "new_account" in tactics
    connections = some_people(rng, 0, 6)
    if rng.random() < 0.4:
        connections += (person.sibling_handle(),)
    if rng.random() < 0.5:
        connections += person.some_friends(rng)
    quality = rng.randint(20, 50) if "avatar_recompressed" in tactics else 90
    return _account(
        scene,
        key,
        handle=handle,
        display_name=display,
        times=times,
        texts=tuple(texts),
        avatar_hash=_encode(picture, quality=quality),
        has_avatar=picture is not None,
        created_at=times[0]
        - timedelta(days=rng.uniform(0.2, 10) if new else rng.uniform(200, 3000)),
        bio=f"{person.city if rng.random() < 0.3 else rng.choice(CITIES)}"
        + (f" | {person.url}" if rng.random() < 0.1 else ""),
        connections=connections,
        followers=rng.randint(0, 30) if new else rng.randint(20, 500),
    )


def traces(person: Person, account: Candidate, tactics: tuple[str, ...]) -> tuple[str, ...]:
    """What of the person an evasive account carries beyond timing (`TRACES`), from the truth.

    An account with none of these shows the person only through when it acts: no tool can
    tell it from an innocent account that acts at the same times.
    """
    shown = {
        "name": any(t in NAME_TACTICS and t != "unrelated_handle" for t in tactics),
        "photo": account.avatar_hash is not None
        and any(t in AVATAR_TACTICS and t != "no_avatar" for t in tactics),
        "writing": bool(account.texts),
        "friends": bool(set(account.connections) & {*person.friends, person.sibling_handle()}),
        "contact": any(
            detail in text
            for text in (*account.texts, account.bio or "")
            for detail in (person.email, person.phone, person.url)
        ),
    }
    return tuple(trace for trace in TRACES if shown[trace])


def _alt_names(
    rng: random.Random, person: Person, tactics: tuple[str, ...]
) -> tuple[str, str | None]:
    """Handle and display name after the name tactics; unrelated where none applies."""
    first, last, middle = person.first, person.last, person.middle
    other = f"{rng.choice(first_names())} {rng.choice(SURNAMES)}"
    handle = _handle(rng, *other.split())
    display: str | None = rng.choice((other.title(), None, rng.choice(WORDS).title()))
    named = [t for t in tactics if t in NAME_TACTICS and t != "unrelated_handle"]
    if not named:
        return handle, display
    if "username_pattern" in named:  # the username people build from name and birth year
        return _username(rng, person), display
    if "initial_and_surname" in named:
        initial = first[0].upper()
        return handle, rng.choice((f"{initial}. {last.title()}", f"{last.title()} {initial}."))
    nick = sorted(nicknames(first))
    base_first = rng.choice(nick) if "nickname" in named and nick else first
    if "reordered_initials" in named:
        name = rng.choice((f"{last} {base_first}", f"{base_first[0]}. {middle[0]}. {last}"))
    else:
        name = f"{base_first} {last}"
    as_handle = rng.choice(("_", ".", "")).join(name.lower().replace(".", "").split())
    if rng.random() < 0.4:  # evaders often keep their birth year, or add any number
        year = person.birth_year
        as_handle += rng.choice((str(year % 100), str(year), str(rng.randint(1, 999))))
    if "leetspeak" in named:
        as_handle = leet(as_handle)
        name = leet(name.lower())
    if "homoglyphs" in named:
        name = homoglyphs(rng, name.title())
    if "transliteration" in named:
        name = cyrillic(name)
    name = name if not name.isascii() or "leetspeak" in named else name.title()
    if "unrelated_handle" in tactics or not name.isascii() or rng.random() < 0.5:
        return handle, name
    return as_handle, None


def _username(rng: random.Random, person: Person) -> str:
    """A username from the name and birth year, the way people make them up."""
    first, last, middle = person.first.lower(), person.last.lower(), person.middle.lower()
    yy, yyyy = f"{person.birth_year % 100:02d}", str(person.birth_year)
    return rng.choice(
        (
            f"{last}{first[0]}{yy}",
            f"{first[0]}{last}{yyyy}",
            f"{first}{last[0]}{yy}",
            f"{last}.{first[0]}{yy}",
            f"{first[0]}_{last}",
            f"{first}_{last[0]}",
            f"{first[0]}{middle[:1]}{last[0]}{yy}",
            f"{first}{yyyy}",
        )
    )


def _alt_picture(scene: Scene, tactics: tuple[str, ...]) -> Image.Image | None:
    """The restrained person's photo after the avatar tactics; someone else's without them."""
    rng = scene.rng
    if "no_avatar" in tactics:
        return None if rng.random() < 0.6 else rng.choice(list(drawing.defaults().values()))
    edits = [t for t in tactics if t.startswith("avatar_")]
    if not edits:
        return (
            drawing.face(scene.face_seed())
            if rng.random() < 0.6
            else drawing.scene(rng.randrange(STOCK))
        )
    image = drawing.face(scene.person.face)
    if "avatar_mirrored" in edits:
        image = ImageOps.mirror(image)
    if "avatar_cropped" in edits:
        share = rng.uniform(0.72, 0.9)
        w, h = image.size
        cw, ch = int(w * share), int(h * share)
        x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
        image = image.crop((x, y, x + cw, y + ch))
    if "avatar_filtered" in edits:
        image = rng.choice((_sepia, ImageOps.grayscale, _warm, _contrast))(image).convert("RGB")
    if "avatar_recompressed" in edits:
        image = image.resize((rng.randint(80, 150),) * 2)
    return image


def _sepia(image: Image.Image) -> Image.Image:
    return ImageOps.colorize(ImageOps.grayscale(image), "#2b1d0e", "#f3e0c0")


def _warm(image: Image.Image) -> Image.Image:
    r, g, b = image.split()
    return Image.merge(
        "RGB", (r.point(lambda v: min(255, int(v * 1.2))), g, b.point(lambda v: int(v * 0.8)))
    )


def _contrast(image: Image.Image) -> Image.Image:
    return ImageEnhance.Contrast(image).enhance(1.5)
