"""Who contacts the protected person: evaders, relays and innocent look-alikes.

Each builder returns one Account: where it shows up (platform, the name/handle/id the
archive writes), what it did, and its truth label. Platforms differ in what identifies the
other side, so a tactic is only placed where the archive would show it: Instagram followers
and TikTok by username, Instagram DMs and Facebook by display name, X by numeric id only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from benchmarks.gen_c import texts
from benchmarks.gen_c.archives import Contact, Event
from benchmarks.gen_c.lookalikes import ALT_TRANSLIT
from benchmarks.gen_c.people import Person, fold, slug
from benchmarks.gen_c.variants import DISPLAY, HANDLE, name_form

DISPLAY_PLACES = ("instagram_dm", "facebook_dm", "facebook_note", "facebook_request")
HANDLE_PLACES = ("instagram_follow", "tiktok_follow", "tiktok_dm")
FOLLOW_ONLY = ("instagram_follow", "tiktok_follow", "facebook_request", "facebook_like")


@dataclass
class Ctx:
    """What every builder needs: the case's people, platforms, dates and secrets."""

    rng: random.Random
    restrained: Person
    associates: list[Person]
    platforms: list[str]
    start: datetime
    end: datetime
    pet: str
    place: str
    phone_local: str
    email: str
    used: set[tuple[str, str]] = field(default_factory=set)
    next_x: int = 0

    def when(self) -> datetime:
        span = (self.end - self.start).total_seconds()
        return self.start + timedelta(seconds=self.rng.uniform(0, span))


@dataclass
class Account:
    contact: Contact
    truth: dict[str, Any]


def _places(ctx: Ctx, options: tuple[str, ...]) -> list[str]:
    return [p for p in options if p.split("_")[0] in ctx.platforms]


def _x_id(ctx: Ctx) -> str:
    ctx.next_x += 1
    return str(
        ctx.rng.choice([ctx.rng.randrange(10**8, 10**10), ctx.rng.randrange(10**17, 10**19)])
    )


def _messages(ctx: Ctx, lines: list[str], burst: bool = False) -> list[Event]:
    """Inbound lines at random times, or all within one day for a burst."""
    if burst:
        day = ctx.when()
        n = ctx.rng.randint(12, 35)
        return [
            Event(
                "message",
                day + timedelta(minutes=ctx.rng.randint(0, 14 * 60)),
                ctx.rng.choice(lines),
            )
            for _ in range(n)
        ]
    return [Event("message", ctx.when(), line) for line in lines]


def place_account(
    ctx: Ctx, place: str, name: str, events: list[Event], truth: dict[str, Any]
) -> Account | None:
    """Put an account on a platform spot; the archive decides what identifies it."""
    platform, spot = place.split("_", 1)
    if platform == "x":
        name = _x_id(ctx)
    if (platform, name) in ctx.used:
        return None
    ctx.used.add((platform, name))
    evs: list[Event] = []
    msgs = [e for e in events if e.kind == "message"]
    request = ctx.rng.random() < 0.5
    if spot == "dm":
        kind = "message_request" if platform in ("instagram", "facebook") and request else "message"
        evs = [Event(kind, e.at, e.text) for e in msgs]
    elif spot == "follow":
        evs = [
            Event("follow_request" if platform == "instagram" and request else "follow", ctx.when())
        ]
    elif spot == "request":
        evs = [Event("friend_request", ctx.when())]
    elif spot == "like":
        evs = [Event(ctx.rng.choice(["note_like", "note_reaction"]), ctx.when())]
    elif spot == "note":
        evs = [
            Event(
                f"note_{ctx.rng.choice(['comment', 'comment', 'mention', 'tag', 'reply'])}",
                ctx.when(),
            )
            for _ in range(ctx.rng.randint(1, 4))
        ]
    evs += [e for e in events if e.kind in ("owner_reply", "friend")]
    field_ = {"x": "user_id", "facebook": "display_name"}.get(platform)
    if field_ is None:
        field_ = "display_name" if platform == "instagram" and spot == "dm" else "handle"
    truth = dict(
        truth,
        platform=platform,
        field=field_,
        value=name,
        contact=spot,
        types=sorted({e.kind for e in evs}),
    )
    return Account(Contact(platform, name, evs), truth)


class SafeFaker:
    """Faker, but never a name sharing a word with the restrained person or an associate.

    A filler stranger who happens to be called 'Francisco' beside a restrained Francisco
    would be a look-alike the truth does not label; look-alikes are made on purpose only.
    """

    def __init__(self, fake: Any, people: list[Person], owner: str = "") -> None:
        self._fake = fake
        self._owner = slug(owner)  # nobody else is called exactly like the owner
        self._bad = {
            slug(w) for p in people for w in (p.given, p.surname, p.surname2 or "", *p.nicks) if w
        }
        self._bad.discard("")

    def _ok(self, text: str) -> bool:
        if self._owner and slug(text) == self._owner:
            return False
        return not any(slug(w) in self._bad for w in text.replace(".", " ").split())

    def _draw(self, fn: Any) -> str:
        for _ in range(50):
            out = fn()
            if self._ok(out):
                return str(out)
        return str(out)

    def name(self) -> str:
        return self._draw(self._fake.name)

    def first_name(self) -> str:
        return self._draw(self._fake.first_name)

    def last_name(self) -> str:
        return self._draw(self._fake.last_name)

    def user_name(self) -> str:
        return self._draw(self._fake.user_name)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._fake, attr)


def unrelated_name(ctx: Ctx, fake: Any, as_handle: bool) -> str:
    r = ctx.rng
    if as_handle:
        return r.choice(
            [
                f"{fake.word()}_{fake.word()}{r.randint(1, 99)}",
                f"user{r.randrange(10**7, 10**9)}",
                f"throwaway.{r.randint(100, 9999)}",
                f"{fake.user_name()}{r.randint(0, 9)}",
                f"anon_{fake.word()}",
                f"{fake.word()}.{fake.word()}",
            ]
        ).lower()
    return r.choice(
        [
            fake.name(),
            fake.name(),
            "Just Me",
            "🌙",
            "Anonymous",
            fake.first_name(),
            f"{fake.word().title()} {fake.word().title()}",
            "No Name",
            "Hello 👋",
        ]
    )


# ---- evaders -------------------------------------------------------------------------

CONTENT = ("keyword_pet", "keyword_place", "shared_memory", "phone", "email", "burst")


def _name_tactics(p: Person) -> list[str]:
    out = list(DISPLAY) + ["handle_birthyear", "leetspeak"]
    if not p.middle:
        out.remove("no_middle")
    if not p.surname2:
        out.remove("drop_second_surname")
    if fold(p.full) == p.full and p.given not in ALT_TRANSLIT:
        out.remove("transliteration")
    return out


def content_lines(ctx: Ctx, tactic: str) -> tuple[list[str], list[str]]:
    """Lines that carry the tactic, plus the tactic names actually used."""
    r, lang = ctx.rng, ctx.restrained.culture.lang
    lines = [texts.pick(texts.PLEA, lang, r) for _ in range(r.randint(0, 3))]
    used = [tactic]
    if tactic in ("keyword_pet", "keyword_place"):
        word = ctx.pet if tactic == "keyword_pet" else ctx.place
        if r.random() < 0.3:
            word = r.choice([word.lower(), word.replace("-", ""), fold(word), word.upper()])
            if word != (ctx.pet if tactic == "keyword_pet" else ctx.place):
                used.append("keyword_variant")
        slot = "{pet}" if tactic == "keyword_pet" else "{place}"
        table = {k: [x for x in v if slot in x] for k, v in texts.KEYWORD.items()}
        lines.append(texts.pick(table, lang, r).format(pet=word, place=word))
    elif tactic == "shared_memory":
        lines.append(texts.pick(texts.MEMORY, lang, r))
    elif tactic == "phone":
        num = texts.phone_forms(r, ctx.restrained.culture.phone_prefix, ctx.phone_local, lang)
        lines.append(texts.pick(texts.PHONE, lang, r).format(phone=num))
    elif tactic == "email":
        lines.append(texts.pick(texts.EMAIL, lang, r).format(email=texts.email_forms(r, ctx.email)))
    elif tactic == "burst":
        lines += [texts.pick(texts.PLEA, lang, r) for _ in range(3)]
    r.shuffle(lines)
    return lines, used


def _fix_keyword_line(ctx: Ctx, tactic: str, lines: list[str]) -> list[str]:
    """Templates name either the pet or the place: make sure the tactic's word is there."""
    word = ctx.pet if tactic == "keyword_pet" else ctx.place
    if any(word.lower().replace("-", "") in fold(x).lower().replace("-", "") for x in lines):
        return lines
    return lines + [f"{word}…"]


def evader(ctx: Ctx, fake: Any) -> Account | None:
    r, p = ctx.rng, ctx.restrained
    if r.random() < 0.6:
        tactic = r.choice(_name_tactics(p))
        places = []
        if tactic in DISPLAY:
            places += _places(ctx, DISPLAY_PLACES)
        if tactic in HANDLE:
            places += _places(ctx, HANDLE_PLACES)
        if not places:
            return None
        place = r.choice(places)
        as_handle = place in HANDLE_PLACES
        name = name_form(r, tactic, p, as_handle)
        if place.startswith("facebook"):
            name = name.replace(",", "")  # Facebook refuses commas in names
        tactics = [tactic]
        lines = [texts.pick(texts.PLEA, p.culture.lang, r) for _ in range(r.randint(1, 4))]
        burst = False
        if place.endswith("dm") and r.random() < 0.25:
            extra = r.choice(CONTENT)
            more, used = content_lines(ctx, extra)
            if extra.startswith("keyword"):
                more = _fix_keyword_line(ctx, extra, more)
            lines += more
            tactics += used
            burst = extra == "burst"
        elif not place.endswith("dm"):
            if place in FOLLOW_ONLY or r.random() < 0.5:
                tactics.append("follow_or_like_only")
            if place == "facebook_note":
                tactics.append("comment_tag_mention")
            if place == "facebook_request" and r.random() < 0.5:
                place = "facebook_like"
        events = _messages(ctx, lines, burst)
        return place_account(
            ctx,
            place,
            name,
            events,
            {"label": "evader", "tactics": tactics, "subject": "restrained"},
        )
    tactic = r.choice(CONTENT)
    place = r.choice(_places(ctx, ("instagram_dm", "facebook_dm", "x_dm", "tiktok_dm")))
    name = unrelated_name(ctx, fake, place.startswith("tiktok"))
    lines, used = content_lines(ctx, tactic)
    if tactic.startswith("keyword"):
        lines = _fix_keyword_line(ctx, tactic, lines)
    events = _messages(ctx, lines, tactic == "burst")
    return place_account(
        ctx, place, name, events, {"label": "evader", "tactics": used, "subject": "restrained"}
    )


def known_account(ctx: Ctx, platform: str, value: str) -> Account | None:
    """The restrained person's own listed account, still writing: the easy case."""
    lines = [texts.pick(texts.PLEA, ctx.restrained.culture.lang, ctx.rng) for _ in range(2)]
    place = f"{platform}_{'dm' if platform in ('x', 'tiktok') else 'follow'}"
    acc = place_account(
        ctx,
        place,
        value,
        _messages(ctx, lines),
        {"label": "evader", "tactics": ["known_account"], "subject": "restrained"},
    )
    if acc and platform == "x":
        ctx.used.discard(("x", acc.contact.value))
        acc.contact.value = value
        acc.truth["value"] = value
    return acc


# ---- relays --------------------------------------------------------------------------


def associate_relay(ctx: Ctx, a: Person) -> Account | None:
    r, p = ctx.rng, ctx.restrained
    how = r.choice(["associate_name", "associate_nickname", "associate_handle"])
    if how == "associate_nickname" and not a.nicks:
        how = "associate_name"
    if how == "associate_handle":
        place = r.choice(_places(ctx, HANDLE_PLACES) or ["instagram_follow"])
        name = (
            HANDLE[r.choice(["handle_birthyear", "nickname"])](r, a) if a.birth else slug(a.short)
        )
    else:
        place = r.choice(_places(ctx, ("instagram_dm", "facebook_dm")) or ["instagram_dm"])
        name = a.short if how == "associate_name" else f"{r.choice(a.nicks)} {a.surname}"
    nick = r.choice(p.nicks) if p.nicks else p.given
    lines = [texts.pick(texts.ASSOCIATE, p.culture.lang, r).format(nick=nick)]
    lines += r.sample(texts.FRIEND, r.randint(0, 2))
    return place_account(
        ctx,
        place,
        name,
        _messages(ctx, lines),
        {"label": "relay", "tactics": [how], "subject": a.full},
    )


def stranger_relay(ctx: Ctx, fake: Any) -> Account | None:
    r, p = ctx.rng, ctx.restrained
    place = r.choice(_places(ctx, ("instagram_dm", "facebook_dm", "x_dm", "tiktok_dm")))
    name = unrelated_name(ctx, fake, place.startswith("tiktok"))
    said = r.choice([p.short, p.given, r.choice(p.nicks) if p.nicks else p.given, p.full])
    lines = [texts.pick(texts.RELAY, p.culture.lang, r).format(name=said, nick=said)]
    if r.random() < 0.4:
        lines.append(texts.pick(texts.PLEA, p.culture.lang, r))
    tactic = (
        "stranger_relay_full_name" if said in (p.short, p.full) else "stranger_relay_first_name"
    )
    return place_account(
        ctx,
        place,
        name,
        _messages(ctx, lines),
        {"label": "relay", "tactics": [tactic], "subject": "restrained"},
    )
