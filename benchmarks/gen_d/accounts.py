"""Inbound accounts of one case: evaders and relays (innocents are in `innocents`)."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from faker import Faker

from . import phrases2  # noqa: F401  (fills PHRASES with the other languages)
from .contact import alter_keyword, obfuscate_email, phone_local
from .people import Case, bystander
from .phrases import PHRASES
from .variants import HANDLE_TACTICS, NAME_TACTICS, h_plain, v_nickname

TYPE = {"poke": "other", "friend": "other"}
SIDES = {"instagram": ["handle", "name"], "facebook": ["name"], "x": ["id"], "tiktok": ["handle"]}
FIELD = {"handle": "handle", "name": "display_name", "id": "user_id"}
FB_PASSIVE = ["follow", "follow_request", "like", "reaction", "poke", "tag", "mention"]
NOT_ON_FB = {"decorated_name", "leetspeak"}  # Facebook refuses such names


@dataclass
class Ev:
    kind: str
    ts: datetime
    text: str = ""


@dataclass
class Acct:
    platform: str
    field: str
    value: str
    label: str
    subject: str = "restrained"
    tactics: list[str] = field(default_factory=list)
    kind: str = ""
    events: list[Ev] = field(default_factory=list)
    uid: str = ""  # the thread folder's number (Meta) or the account id (X)

    def truth(self, seed: int, i: int) -> dict[str, object]:
        types: list[str] = []
        for e in self.events:
            t = TYPE.get(e.kind, e.kind)
            if t not in types:
                types.append(t)
        out: dict[str, object] = {"id": f"d{seed}-{i}", "label": self.label}
        if self.label == "innocent":
            out["kind"] = self.kind
        else:
            out["tactics"] = list(dict.fromkeys(t for t in self.tactics if t))
        contact = "+".join(dict.fromkeys(e.kind for e in self.events))
        out |= {
            "subject": self.subject,
            "platform": self.platform,
            "field": self.field,
            "value": self.value,
            "contact": contact,
            "types": types,
        }
        return out


def norm(s: str) -> str:
    return unicodedata.normalize("NFC", s).strip().casefold()


class Builder:
    """Writes accounts for one case, keeping every (platform, field value) unique."""

    def __init__(self, case: Case, rng: random.Random, fk: Faker) -> None:
        self.case, self.rng, self.fk = case, rng, fk
        self.accounts: list[Acct] = []
        self.taken: set[tuple[str, str]] = set()
        self.config_names = {norm(n) for n in case.names}
        self.config_names |= {norm(a.person.full) for a in case.associates}
        self.config_names |= {norm(case.owner.full), norm(case.owner.short)}
        self.listed = {norm(h) for hs in case.handles.values() for h in hs}
        self.listed |= {norm(h) for a in case.associates for hs in a.handles.values() for h in hs}

    # ---- small helpers -------------------------------------------------------------------
    def line(self, cat: str, lang: str | None = None, **slots: str) -> str:
        table = PHRASES.get(lang or self.case.lang, PHRASES["en"])
        lines = table.get(cat) or PHRASES["en"][cat]
        return self.rng.choice(lines).format(**slots)

    def free(self, plat: str, value: str | None, allow_config: bool = False) -> bool:
        if not value or not value.strip():
            return False
        n = norm(value)
        if (plat, n) in self.taken:
            return False
        return allow_config or (n not in self.config_names and n not in self.listed)

    def add(self, a: Acct) -> Acct:
        self.taken.add((a.platform, norm(a.value)))
        a.uid = a.uid or str(self.rng.randint(10**16, 10**17 - 1))
        self.accounts.append(a)
        return a

    def x_id(self, new: bool = True) -> str:
        while True:
            v = str(
                self.rng.randint(17 * 10**17, 20 * 10**17)
                if new
                else self.rng.randint(10**7, 10**10)
            )
            if ("x", v) not in self.taken:
                return v

    def when(self, after_order: bool) -> datetime:
        c = self.case
        lo = c.issued + timedelta(days=1) if after_order else c.export - timedelta(days=700)
        span = int((c.export - timedelta(days=2) - lo).total_seconds())
        return lo + timedelta(seconds=self.rng.randrange(max(span, 3600)))

    def spread(self, t0: datetime, texts: list[str], kind: str, burst: bool) -> list[Ev]:
        evs, t = [], t0
        for text in texts:
            evs.append(Ev(kind, t, text))
            step = self.rng.randint(20, 900) if burst else self.rng.randint(1800, 3 * 86400)
            t = min(t + timedelta(seconds=step), self.case.export - timedelta(minutes=5))
        return evs

    def unrelated_name(self) -> str:
        p = bystander(self.case.culture, self.rng, self.fk)
        pseud = [
            "Sunset Dreamer",
            "Lonely Wolf",
            "Just Me",
            "anonymous",
            "Ghost",
            "K.",
            "🌙",
            "Heartbroken",
            "Old Friend",
            "Someone Who Cares",
        ]
        return self.rng.choice(pseud) if self.rng.random() < 0.4 else p.full

    def unrelated_handle(self) -> str:
        r = self.rng
        return r.choice(
            [
                f"user{r.randint(10**6, 10**9)}",
                f"{r.choice(['night', 'blue', 'lost', 'silent'])}"
                f"_{r.choice(['wolf', 'rider', 'soul', 'sky'])}{r.randint(1, 999)}",
                h_plain(bystander(self.case.culture, r, self.fk), r),
            ]
        )

    # ---- content --------------------------------------------------------------------------
    def content(self, tactics: list[str], need: bool) -> tuple[list[str], bool]:
        """Message lines carrying the chosen content tactics; returns (lines, burst)."""
        r, c = self.rng, self.case
        pool = ["phone", "email", "pet", "place", "memory"]
        k = r.choice([1, 1, 2]) if need or r.random() < 0.6 else 0
        chosen = r.sample(pool, k)
        burst = r.random() < 0.25
        if need and not chosen and not burst:
            chosen = [r.choice(pool)]
        texts: list[str] = []
        for ch in chosen:
            if ch == "phone":
                country, digits = r.choice(c.phones)
                text, style = phone_local(country, digits, c.lang, r)
                texts.append(self.line("phone", phone=text))
                tactics += ["phone_in_message", style]
            elif ch == "email":
                text, t = obfuscate_email(r.choice(c.emails), c.lang, r)
                texts.append(self.line("email", email=text))
                tactics.append(t)
            elif ch in ("pet", "place"):
                kw = c.pet if ch == "pet" else c.place
                form, t = alter_keyword(kw, c.lang, r)
                texts.append(self.line("kw", kw=form))
                tactics += ["keyword_pet_name" if ch == "pet" else "keyword_place", t]
            else:
                texts += [self.line("memory") for _ in range(r.randint(1, 3))]
                tactics.append("shared_memory")
        texts += [self.line("plead") for _ in range(r.randint(0 if texts else 1, 3))]
        r.shuffle(texts)
        if burst:
            texts += [
                self.line(r.choice(["short", "short", "plead"])) for _ in range(r.randint(12, 40))
            ]
            tactics.append("burst")
        return texts, burst

    # ---- evaders --------------------------------------------------------------------------
    def evader(self) -> None:
        r, c = self.rng, self.case
        for _ in range(40):
            plat = r.choice(c.platforms)
            side = r.choice(SIDES[plat])
            tactics: list[str] = []
            value = self.identity(plat, side, tactics)
            if value is None:
                continue
            can_text = not (plat == "instagram" and side == "handle")
            passive = (
                not can_text
                or (bool(tactics) and side != "name" or plat == "facebook")
                and bool(tactics)
                and r.random() < 0.2
            )
            a = Acct(plat, FIELD[side], value, "evader", tactics=tactics)
            if value in c.x_ids:
                a.uid = value
            t0 = self.when(after_order=True)
            if passive:
                kinds = {
                    "instagram": ["follow", "follow_request"],
                    "x": ["follow"],
                    "tiktok": ["follow"],
                    "facebook": FB_PASSIVE,
                }[plat]
                k = r.choice(kinds)
                a.events = [Ev(k, t0 + timedelta(hours=3 * i)) for i in range(r.randint(1, 3))]
                tactics.append("follow_only" if "follow" in k else "passive_notification_only")
            else:
                texts, burst = self.content(tactics, need=not tactics)
                kind = self.msg_kind(plat)
                if kind == "comment":
                    texts = texts[: r.randint(1, 3)]
                a.events = self.spread(t0, texts, kind, burst)
                if plat in ("tiktok", "x") and r.random() < 0.4:
                    a.events.insert(0, Ev("follow", t0 - timedelta(hours=r.randint(1, 48))))
            self.add(a)
            return

    def msg_kind(self, plat: str) -> str:
        r = self.rng.random()
        if plat == "instagram":
            return "message" if r < 0.65 else "message_request"
        if plat == "facebook":
            return "message" if r < 0.5 else "message_request" if r < 0.75 else "comment"
        return "message"

    def identity(self, plat: str, side: str, tactics: list[str]) -> str | None:
        """A display name, handle or id, naming the tactic it uses (none when unrelated)."""
        r, c, p = self.rng, self.case, self.case.restrained
        if side == "id":
            if c.x_ids and r.random() < 0.35 and self.free("x", c.x_ids[0], allow_config=True):
                tactics.append("listed_id")
                return c.x_ids[0]
            return self.x_id(new=r.random() < 0.8)
        if side == "handle":
            listed = [(pl, h) for pl, hs in c.handles.items() for h in hs]
            if listed and r.random() < 0.25:
                pl, h = r.choice(listed)
                if self.free(plat, h, allow_config=True):
                    tactics.append(
                        "listed_handle" if pl == plat else "listed_handle_other_platform"
                    )
                    return h
            if r.random() < 0.15:
                return self.unrelated_handle()
            name = r.choice(sorted(HANDLE_TACTICS))
            value = HANDLE_TACTICS[name](p, r)
            if self.free(plat, value):
                tactics.append(name)
                return value
            return None
        if r.random() < 0.15:
            v = self.unrelated_name()
            return v if self.free(plat, v) else None
        names = sorted(n for n in NAME_TACTICS if not (plat == "facebook" and n in NOT_ON_FB))
        name = r.choices(names, weights=[1 if n == "exact_name" else 3 for n in names])[0]
        value = NAME_TACTICS[name](p, r)
        if value and plat == "facebook":
            value = value.replace(",", "")
        if self.free(plat, value, allow_config=name == "exact_name"):
            tactics.append(name)
            return value
        return None

    # ---- relays ---------------------------------------------------------------------------
    def relay(self) -> None:
        r, c, p = self.rng, self.case, self.case.restrained
        for _ in range(40):
            kinds = [
                "stranger_relay_full_name",
                "stranger_relay_first_name",
                "stranger_relay_nickname",
            ]
            if c.associates:
                kinds += ["associate_exact_name", "associate_nickname", "associate_handle"] * 2
            kind = r.choice(kinds)
            assoc = r.choice(c.associates) if kind.startswith("associate") else None
            if kind == "associate_handle" and assoc is not None:
                opts = [
                    (pl, h) for pl, hs in assoc.handles.items() for h in hs if pl in c.platforms
                ]
                if not opts:
                    continue
                plat, value = r.choice(opts)
                side = "handle"
            else:
                plat = r.choice(c.platforms)
                side = r.choice([s for s in SIDES[plat] if s != "handle" or plat == "tiktok"])
                if assoc is not None and side != "name":
                    continue
                if assoc is None:
                    value = (
                        self.x_id()
                        if side == "id"
                        else (self.unrelated_name() if side == "name" else self.unrelated_handle())
                    )
                elif kind == "associate_exact_name":
                    value = assoc.person.full
                else:
                    value = v_nickname(assoc.person, r) or ""
            if not self.free(plat, value, allow_config=kind != "associate_nickname"):
                continue
            subject = assoc.person.full if assoc else "restrained"
            a = Acct(plat, FIELD[side], value, "relay", subject=subject, tactics=[kind])
            t0 = self.when(after_order=True)
            if plat == "instagram" and side == "handle":
                a.events = [Ev(r.choice(["follow", "follow_request"]), t0)]
                self.add(a)
                return
            nick = r.choice(p.nicks) if p.nicks else p.first
            name = {
                "stranger_relay_full_name": r.choice(c.names),
                "stranger_relay_first_name": p.first,
                "stranger_relay_nickname": nick,
            }.get(kind, r.choice([p.first, nick, p.full]))
            texts = [self.line("relay", name=name)]
            if assoc is not None and r.random() < 0.5:
                texts = [self.line("relay_anon", rel=assoc.relation)]
            texts += [
                self.line(r.choice(["relay_anon", "plead", "chat"]), rel="friend")
                for _ in range(r.randint(0, 3))
            ]
            a.events = self.spread(t0, texts, self.msg_kind(plat), burst=False)
            self.add(a)
            return
