"""Innocent inbound accounts: bystanders, look-alikes that are someone else, friends, spam."""

from __future__ import annotations

from datetime import timedelta

from .accounts import FB_PASSIVE, FIELD, SIDES, Acct, Builder, Ev
from .contact import make_phone, phone_local
from .cultures import CULTURES
from .people import bystander
from .phrases2 import SPAM
from .variants import DECOR, Person, core_family, h_name_year, h_plain, slug, typo

# kind -> weight; `random` bystanders are the bulk
KINDS = {
    "random": 70,
    "exact_namesake": 2,
    "same_given_name": 5,
    "same_surname": 5,
    "similar_name": 4,
    "same_nickname": 3,
    "year_in_handle": 4,
    "place_mention": 4,
    "endearment": 4,
    "business_surname": 3,
    "spam": 4,
    "family_of_protected": 4,
    "chatty_friend_burst": 3,
    "new_account_friend": 3,
    "other_phone": 3,
}
NEW_NUMBER = {
    "en": "new number, save it: {phone}",
    "fr": "nouveau numéro : {phone} 😊",
    "nl": "nieuw nummer: {phone}",
    "no": "nytt nummer: {phone}",
    "hu": "új számom: {phone}",
    "ar": "raqmi el gedid {phone}",
    "hi": "mera naya number {phone} save kar lo",
    "tl": "bagong number ko {phone} pa-save",
    "pcm": "my new line na {phone}",
    "ja": "atarashii bangou {phone} yoroshiku",
    "zh": "我的新号码 {phone}",
}
NEEDS_TEXT = {
    "place_mention",
    "endearment",
    "spam",
    "chatty_friend_burst",
    "other_phone",
    "new_account_friend",
}
NAMED = {
    "exact_namesake",
    "same_given_name",
    "same_surname",
    "similar_name",
    "same_nickname",
    "business_surname",
    "family_of_protected",
    "year_in_handle",
}


def _person(b: Builder, kind: str) -> Person | str:
    """Who the innocent is (a Person) or a ready display string (business, spam)."""
    r, c, p = b.rng, b.case, b.case.restrained
    cult = CULTURES[c.culture]
    other = bystander(c.culture, r, b.fk, locale=cult["locale"])
    if kind == "exact_namesake":
        return Person(p.given, p.family, p.culture, p.middle, p.suffix, p.english)
    if kind == "same_given_name":
        fam = r.choice([f for f in cult["family"] if f != p.family])
        return Person(p.given, fam, p.culture, english=p.english, nicks=p.nicks)
    if kind == "same_surname":
        given = r.choice([g for g in sorted(cult["given"]) if g != p.given])
        return Person(given, p.family, p.culture)
    if kind == "similar_name":
        given = r.choice([g for g in sorted(cult["given"]) if g != p.given])
        return Person(given, typo(core_family(p.family), r), p.culture)
    if kind == "same_nickname" and p.nicks:
        return Person(r.choice(p.nicks), other.family, c.culture)
    if kind == "year_in_handle":
        other.birth = (p.birth[0], other.birth[1], other.birth[2])
        return other
    if kind == "business_surname":
        return r.choice(cult["business"]).format(f=core_family(p.family))
    if kind == "spam":
        return r.choice(
            [
                "Crypto Queen 💰",
                "Brand Deals Team",
                "Insta Growth Pro",
                "Lucky Winner",
                "promo.boost.4u",
                "Fashion Nova Collab",
            ]
        )
    if kind == "family_of_protected":
        return Person(other.given, c.owner.family, c.owner.culture)
    return other


def _value(b: Builder, kind: str, who: Person | str, side: str) -> str:
    r = b.rng
    if side == "id":
        return b.x_id(new=kind in ("new_account_friend", "spam") or r.random() < 0.3)
    if isinstance(who, str):
        return slug(who)[:24] + r.choice(["", "_official", ".shop"]) if side == "handle" else who
    if side == "handle":
        if kind == "year_in_handle":
            return h_name_year(who, r)
        if kind == "new_account_friend":
            return h_plain(who, r) + r.choice([".new", "_2", ".backup", "2"])
        if kind == "exact_namesake":
            sep = r.choice([".", "_", ""])
            tail = r.choice(["", "", str(r.randint(1, 99)), "_" + slug(who.family)[:3]])
            return f"{slug(who.english or who.given)}{sep}{slug(who.family)}{tail}"
        return h_plain(who, r)
    name = who.full if r.random() < 0.8 else who.short
    if kind == "new_account_friend":
        return r.choice([f"{name} (new acc)", f"{name} 2", f"{name} ✨"])
    if r.random() < 0.1:
        name = f"{name} {r.choice(DECOR)}"
    return name


def innocent(b: Builder, kind: str) -> None:
    r, c = b.rng, b.case
    for _ in range(30):
        plat = r.choice(c.platforms)
        side = r.choice(SIDES[plat])
        if kind in NAMED and side == "id":
            kind = "random"
        if kind == "year_in_handle" and side != "handle":
            continue
        if kind in NEEDS_TEXT and plat == "instagram" and side == "handle":
            side = "name"
        who = _person(b, kind)
        value = _value(b, kind, who, side)
        if not b.free(plat, value, allow_config=kind == "exact_namesake"):
            continue
        a = Acct(plat, FIELD[side], value, "innocent", subject="restrained", kind=kind)
        a.events = _events(b, kind, plat, side)
        b.add(a)
        return


def _events(b: Builder, kind: str, plat: str, side: str) -> list[Ev]:
    r, c = b.rng, b.case
    t0 = b.when(after_order=r.random() < 0.5)
    can_text = not (plat == "instagram" and side == "handle")
    ig_dm = plat == "instagram" and side == "name"
    if not can_text or (kind not in NEEDS_TEXT and not ig_dm and r.random() < 0.45):
        kinds = {
            "instagram": ["follow", "follow", "follow_request"],
            "x": ["follow"],
            "tiktok": ["follow"],
            "facebook": FB_PASSIVE + ["friend", "friend"],
        }[plat]
        k = r.choice(kinds)
        return [Ev(k, t0 + timedelta(days=3 * i)) for i in range(r.choice([1, 1, 1, 2]))]
    cult = CULTURES[c.culture]
    lang = c.lang if r.random() < 0.8 else "en"
    if kind == "place_mention":
        place = c.place if r.random() < 0.7 else "#" + c.place.replace(" ", "")
        texts = [b.line("place", lang, place=place)]
    elif kind == "endearment":
        texts = [b.line("endear", lang, e=r.choice(cult["endear"])) for _ in range(r.randint(1, 3))]
    elif kind == "spam":
        texts = [r.choice(SPAM).format(n=r.randint(100000, 999999))]
    elif kind == "new_account_friend":
        texts = [b.line("newacc", lang)] + [b.line("chat", lang) for _ in range(r.randint(0, 2))]
    elif kind == "other_phone":
        country = cult["phone"]
        text, _ = phone_local(country, make_phone(country, r), lang, r)
        texts = [NEW_NUMBER.get(lang, NEW_NUMBER["en"]).format(phone=text), b.line("chat", lang)]
    elif kind == "chatty_friend_burst":
        texts = [
            b.line(r.choice(["chat", "chat", "endear"]), lang, e=r.choice(cult["endear"]))
            for _ in range(r.randint(20, 50))
        ]
    else:
        texts = [b.line("chat", lang) for _ in range(r.randint(1, 4))]
    kind_msg = b.msg_kind(plat)
    if kind == "spam" and plat in ("instagram", "facebook"):
        kind_msg = "message_request"
    burst = kind == "chatty_friend_burst"
    evs = b.spread(t0, texts, kind_msg, burst)
    if plat == "facebook" and kind == "family_of_protected":
        evs.insert(0, Ev("friend", t0 - timedelta(days=r.randint(30, 900))))
    return evs


def fill_innocents(b: Builder, n: int) -> None:
    kinds, weights = zip(*KINDS.items(), strict=True)
    for _ in range(n):
        innocent(b, b.rng.choices(kinds, weights=weights)[0])
