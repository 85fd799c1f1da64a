"""Innocent people in the inbox, including the ones that look like the restrained person.

A namesake, a one-letter-off name, a friend who goes to the same lake: none of them is
the restrained person, and a tool that flags them costs the protected person trust.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from benchmarks.gen_c import texts
from benchmarks.gen_c.archives import Event
from benchmarks.gen_c.lookalikes import ONE_LETTER_PAIRS, SURNAME_NEIGHBOURS
from benchmarks.gen_c.people import Person, fold, slug
from benchmarks.gen_c.roles import DISPLAY_PLACES, Account, Ctx, _messages, _places, place_account

LOOKALIKE = (
    "same_given_name",
    "same_surname",
    "one_letter_off_given",
    "one_letter_off_surname",
    "exact_namesake",
    "place_mention",
    "pet_word",
    "birth_year_handle",
    "business_with_surname",
)
ORDINARY = (
    "friend",
    "family",
    "coworker",
    "spam",
    "chatty_friend_burst",
    "new_account",
    "follower",
)
COMMON_PETS = {
    "Bunny",
    "Peaches",
    "Pumpkin",
    "Sweet pea",
    "Gordi",
    "Patito",
    "Cosita",
    "Nenê",
    "Tesoro",
    "Patatina",
    "Mausi",
    "Hasi",
    "Schnucki",
    "Myszka",
    "Żabka",
    "Tatlım",
    "Bebeğim",
    "Зайка",
    "Солнышко",
    "Mozão",
    "Benzinho",
    "Cucciola",
    "Kotku",
}
_BUSINESS = (
    "_bakery",
    ".autohaus",
    "_tiles",
    "familyfarm",
    ".design",
    "_official_store",
    ".fotografia",
    "_barbershop",
    ".immobilien",
    "_kuafor",
)


def _handle_of(ctx: Ctx, name: str) -> str:
    r, s = ctx.rng, slug(name)
    parts = [slug(w) for w in fold(name).split()]
    sep = r.choice([".", "_", ""])
    base = sep.join(parts) if len(parts) > 1 else s
    return r.choice(
        [
            base,
            f"{base}{r.randint(1, 999)}",
            f"{base}{sep}{r.choice(['art', 'fit', 'pics', 'official', 'x'])}",
        ]
    )


def _chatter(ctx: Ctx, n: int) -> list[str]:
    return [ctx.rng.choice(texts.FRIEND) for _ in range(n)]


def _lookalike_name(ctx: Ctx, fake: Any, kind: str) -> str | None:
    r, p = ctx.rng, ctx.restrained
    c = p.culture
    other_sur = [s for s in c.surnames if s not in (p.surname, p.surname2)]
    other_given = [g for g, _ in (c.male + c.female) if g != p.given]
    taken = {a.surname for a in ctx.associates if a.given == p.given}
    other_sur = [s for s in other_sur if s not in taken]
    kin = {w for a in ctx.associates if a.surname == p.surname for w in (a.given, *a.nicks)}
    other_given = [g for g in other_given if g not in kin]
    if kind == "same_given_name":
        return f"{p.given} {r.choice(other_sur)}" if other_sur else None
    if kind == "same_surname":
        return f"{r.choice(other_given)} {p.surname}" if other_given else None
    if kind == "one_letter_off_given":
        alt = ONE_LETTER_PAIRS.get(p.given)
        return f"{r.choice(alt)} {p.surname}" if alt else None
    if kind == "one_letter_off_surname":
        alt = SURNAME_NEIGHBOURS.get(p.surname)
        return f"{p.given} {r.choice(alt)}" if alt else None
    if kind == "exact_namesake":
        return r.choice([p.short, p.short, fold(p.short)])
    return None


def innocent(ctx: Ctx, fake: Any, kind: str, owner: Person) -> Account | None:
    """One innocent account of `kind`, placed where such a person would show up."""
    r = ctx.rng
    truth = {"label": "innocent", "kind": kind}
    lang_lines = _chatter(ctx, r.randint(1, 5))
    name = _lookalike_name(ctx, fake, kind)
    if kind in (
        "same_given_name",
        "same_surname",
        "one_letter_off_given",
        "one_letter_off_surname",
        "exact_namesake",
    ):
        if name is None:
            return None
        place = r.choice(_places(ctx, DISPLAY_PLACES + ("instagram_follow", "tiktok_follow")))
        if place in ("instagram_follow", "tiktok_follow"):
            name = _handle_of(ctx, name)
        if kind == "exact_namesake":
            lang_lines = [
                r.choice(
                    [
                        "hi! I think your parcel was delivered to me, same street",
                        "sorry, wrong person I think 😅",
                        "great photo!",
                    ]
                )
            ]
        return place_account(ctx, place, name, _messages(ctx, lang_lines), truth)
    if kind == "place_mention":
        lines = [r.choice(texts.PLACE_INNOCENT).format(place=ctx.place)] + lang_lines
        return _plain_dm(ctx, fake, lines, truth)
    if kind == "pet_word":
        if ctx.pet not in COMMON_PETS:
            return None
        lines = [r.choice(texts.PET_INNOCENT).format(pet=ctx.pet.lower())] + lang_lines
        return _plain_dm(ctx, fake, lines, truth)
    if kind == "birth_year_handle":
        y = str(ctx.restrained.birth.year if ctx.restrained.birth else 1985)
        name = r.choice(
            [
                f"{slug(fake.first_name())}{y[2:]}",
                f"{fake.word()}_{y}",
                f"{slug(fake.first_name())}.{slug(fake.last_name())}{y[2:]}",
            ]
        )
        place = r.choice(
            _places(ctx, ("instagram_follow", "tiktok_follow", "tiktok_dm")) or ["instagram_follow"]
        )
        return place_account(ctx, place, name, _messages(ctx, lang_lines), truth)
    if kind == "business_with_surname":
        name = f"{slug(ctx.restrained.surname, ctx.restrained.german)}{r.choice(_BUSINESS)}"
        place = r.choice(
            _places(ctx, ("instagram_follow", "tiktok_follow")) or ["instagram_follow"]
        )
        return place_account(ctx, place, name, [], truth)
    return _ordinary(ctx, fake, kind, owner, truth)


def _plain_dm(ctx: Ctx, fake: Any, lines: list[str], truth: dict[str, Any]) -> Account | None:
    place = ctx.rng.choice(_places(ctx, ("instagram_dm", "facebook_dm", "x_dm", "tiktok_dm")))
    name = _handle_of(ctx, fake.name()) if place.startswith("tiktok") else fake.name()
    acc = place_account(ctx, place, name, _messages(ctx, lines), truth)
    return acc


def _ordinary(
    ctx: Ctx, fake: Any, kind: str, owner: Person, truth: dict[str, Any]
) -> Account | None:
    r = ctx.rng
    name = fake.name()
    if kind == "family":
        given = fake.first_name()
        while given == owner.given:
            given = fake.first_name()
        name = f"{given} {owner.surname}"
        lines = [r.choice(texts.FAMILY) for _ in range(r.randint(1, 6))]
    elif kind == "coworker":
        lines = [r.choice(texts.COWORKER) for _ in range(r.randint(1, 4))]
    elif kind == "spam":
        name = r.choice(
            [
                fake.company(),
                f"{fake.word()}.promo",
                "Meta Support 🛡️",
                f"{fake.first_name()} Crypto",
            ]
        )
        lines = [r.choice(texts.SPAM)]
    elif kind == "chatty_friend_burst":
        lines = texts.FRIEND + ["lol", "wait", "omg", "ok ok", "hahaha", "no way", "send pics"]
        acc = _place_text(ctx, fake, name, [], truth)
        if acc:
            acc.contact.events = _messages(ctx, lines, burst=True)
            acc.truth["types"] = ["message"]
        return acc
    elif kind == "new_account":
        lines = [r.choice(texts.NEW_STRANGER)]
        name = r.choice([name, f"user{r.randrange(10**6, 10**8)}"])
    elif kind == "follower":
        place = r.choice(
            _places(ctx, ("instagram_follow", "tiktok_follow", "x_follow", "facebook_request"))
            or ["instagram_follow"]
        )
        if place.endswith("follow") and not place.startswith("facebook"):
            name = _handle_of(ctx, name)
        return place_account(ctx, place, name, [], truth)
    else:
        lines = _chatter(ctx, r.randint(2, 8))
    return _place_text(ctx, fake, name, lines, truth)


def _place_text(
    ctx: Ctx, fake: Any, name: str, lines: list[str], truth: dict[str, Any]
) -> Account | None:
    place = ctx.rng.choice(_places(ctx, ("instagram_dm", "facebook_dm", "x_dm", "tiktok_dm")))
    if place.startswith("tiktok"):
        name = _handle_of(ctx, name)
    acc = place_account(ctx, place, name, _messages(ctx, lines), truth)
    if acc and place != "x_dm" and acc.contact.events:
        last = max(e.at for e in acc.contact.events)
        reply_at = last + timedelta(minutes=ctx.rng.randint(2, 90))
        acc.contact.events.append(Event("owner_reply", reply_at, ctx.rng.choice(texts.FRIEND)))
        for e in acc.contact.events:
            if e.kind == "message_request":
                e.kind = "message"  # a friend's thread is in the inbox
        acc.truth["types"] = sorted({e.kind for e in acc.contact.events if e.kind != "owner_reply"})
    return acc
