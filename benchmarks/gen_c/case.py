"""Build one generator-C case folder: config.toml, the archives, truth.json.

The case is drawn from `random.Random(seed)` only (and Faker seeded from it), so the same
seed writes the same case byte for byte.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from faker import Faker

from benchmarks.gen_c import archives
from benchmarks.gen_c.innocents import LOOKALIKE, ORDINARY, innocent
from benchmarks.gen_c.people import Person, culture, fold, make_person, random_culture, slug
from benchmarks.gen_c.roles import (
    Account,
    Ctx,
    SafeFaker,
    associate_relay,
    evader,
    known_account,
    stranger_relay,
)

FAKER_LOCALE = {
    "en": "en_US",
    "es": "es_ES",
    "pt": "pt_BR",
    "it": "it_IT",
    "de": "de_DE",
    "pl": "pl_PL",
    "tr": "tr_TR",
    "vi": "vi_VN",
    "el": "el_GR",
    "ru": "ru_RU",
}
PETS = {
    "en": ["Bunny", "Peaches", "Pumpkin", "Sweet pea", "Lulu-bear", "Moonpie"],
    "es": ["Gordi", "Patito", "Cosita", "Mi cielito"],
    "pt": ["Mozão", "Benzinho", "Nenê"],
    "it": ["Tesoro", "Patatina", "Cucciola", "Topolina"],
    "de": ["Mausi", "Hasi", "Schnucki"],
    "pl": ["Myszka", "Żabka", "Kotku", "Misiaczek"],
    "tr": ["Tatlım", "Bebeğim", "Bıdık"],
    "ru": ["Зайка", "Солнышко", "Котёнок"],
    "vi": ["Bé Bông", "Mèo con"],
    "el": ["Koukla", "Moro mou"],
}
PLACES = {
    "en": ["Lake Placid", "Cape Cod", "Big Sur", "the Blue Heron diner"],
    "es": ["Playa de Gandía", "Cadaqués", "Mirador de San Nicolás"],
    "pt": ["Praia do Rosa", "Ilha Grande", "Morro do Moreno"],
    "it": ["Lago di Braies", "Cala Goloritzè", "Polignano a Mare"],
    "de": ["Sylt", "Königssee", "Café Hübner"],
    "pl": ["Zakopane", "Morskie Oko", "Hel"],
    "tr": ["Bozcaada", "Kaş", "Cunda"],
    "ru": ["Коктебель", "Выборг"],
    "el": ["Zagori", "Monemvasia"],
    "vi": ["Đà Lạt", "Hội An"],
}
MAIL = ("gmail.com", "hotmail.com", "yahoo.com", "outlook.com", "proton.me", "gmx.de", "wp.pl")


def _owner(rng: random.Random, restrained: Person) -> Person:
    c = restrained.culture if rng.random() < 0.7 else random_culture(rng)
    return make_person(
        rng, c, avoid_surname={restrained.surname}, middle_p=0.0, avoid_given={restrained.given}
    )


def _kin_surname(p: Person, sex: str) -> str:
    """The family name as a relative of the other sex writes it (Volkov/Volkova)."""
    s = p.surname
    if p.culture.code == "ru":
        return (
            s + "a"
            if sex == "f" and p.sex == "m"
            else (s[:-1] if sex == "m" and p.sex == "f" else s)
        )
    if p.culture.code == "pl" and s.endswith(("ski", "ska")):
        return s[:-1] + ("a" if sex == "f" else "i")
    return s


def _associates(rng: random.Random, p: Person, owner: Person) -> list[tuple[Person, str]]:
    out = []
    sib = make_person(
        rng, p.culture, surname=p.surname, avoid_given={p.given, owner.given}, middle_p=0.2
    )
    sib.surname = _kin_surname(p, sib.sex)
    rel = rng.choice(["sister", "mother", "cousin"] if sib.sex == "f" else ["brother", "cousin"])
    out.append((sib, rel))
    if rng.random() < 0.5:
        friend = make_person(
            rng,
            p.culture,
            avoid_surname={p.surname, owner.surname},
            avoid_given={p.given, owner.given},
            middle_p=0.0,
        )
        out.append((friend, "friend"))
    return out


def _toml_list(xs: list[str]) -> str:
    return "[" + ", ".join(json.dumps(x, ensure_ascii=False) for x in xs) + "]"


def _toml_table(d: dict[str, list[str]]) -> str:
    return "{ " + ", ".join(f"{k} = {_toml_list(v)}" for k, v in d.items()) + " }"


def write_config(path: Path, info: dict[str, Any]) -> None:
    """config.toml exactly in the keys of DESIGN §6 / config.example.toml."""
    r = info["restrained"]
    lines = [
        "[order]",
        f"issued = {info['issued']}",
        f"expires = {info['expires']}",
        f"jurisdiction = {json.dumps(info['jurisdiction'])}",
        "covers_third_parties = true",
        f"timezone = {json.dumps(info['timezone'])}",
        "",
    ]
    for plat, handle in info["protected"]:
        lines += [
            "[[protected.accounts]]",
            f'platform = "{plat}"',
            f"handle = {json.dumps(handle)}",
            "",
        ]
    lines += [
        "[restrained]",
        f"names = {_toml_list(r['names'])}",
        f"handles = {_toml_table(r['handles'])}",
        f"user_ids = {_toml_table(r['user_ids'])}",
        f"emails = {_toml_list(r['emails'])}",
        f"phones = {_toml_list(r['phones'])}",
    ]
    if r.get("birth_date"):
        lines.append(f"birth_date = {r['birth_date']}")
    elif r.get("birth_year"):
        lines.append(f"birth_year = {r['birth_year']}")
    lines += ["photos = []", "writing_samples = []", f"keywords = {_toml_list(r['keywords'])}", ""]
    for a in info["associates"]:
        lines += [
            "[[associates]]",
            f"name = {json.dumps(a['name'], ensure_ascii=False)}",
            f"relation = {json.dumps(a['relation'])}",
            f"handles = {_toml_table(a['handles'])}",
            "photos = []",
            "",
        ]
    lines += ["[match]", "min_score = 0.5", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _inbox_mix(rng: random.Random, n: int) -> tuple[int, int, list[str]]:
    n_ev = rng.randint(2, max(3, min(10, n // 6)))
    n_relay = rng.randint(0, 2)
    n_look = rng.randint(2, max(3, n // 5))
    kinds = [rng.choice(LOOKALIKE) for _ in range(n_look)]
    kinds += [
        rng.choices(ORDINARY, [4, 1, 1, 2, 1, 1, 5])[0]
        for _ in range(max(0, n - n_ev - n_relay - n_look))
    ]
    return n_ev, n_relay, kinds


def build_case(seed: int, out: Path) -> dict[str, Any]:
    """Write one case to `out`; returns its summary (also saved as truth.json)."""
    rng = random.Random(seed)
    fake = Faker(FAKER_LOCALE["en"])
    fake.seed_instance(seed)
    p = make_person(rng, random_culture(rng), sex=rng.choice("mmmf"))
    fake = Faker(FAKER_LOCALE[p.culture.code] if rng.random() < 0.6 else "en_US")
    fake.seed_instance(seed)
    owner = _owner(rng, p)
    assoc = _associates(rng, p, owner)
    issued = date(2026, rng.randint(1, 6), rng.randint(1, 28))
    made = datetime(issued.year, issued.month, issued.day, tzinfo=UTC) + timedelta(
        days=rng.randint(60, 200), hours=rng.randint(0, 23)
    )
    start = datetime(issued.year, issued.month, issued.day, tzinfo=UTC) + timedelta(hours=6)
    plats = ["instagram"] + [x for x in ("facebook", "x", "tiktok") if rng.random() < 0.55]
    if len(plats) == 1:
        plats.append(rng.choice(["facebook", "x", "tiktok"]))
    lang = p.culture.lang
    pet, place = rng.choice(PETS[lang]), rng.choice(PLACES[lang])
    local = "".join(str(rng.randint(0, 9)) for _ in range(9 if p.culture.code != "en" else 10))
    local = str(rng.randint(2, 9)) + local[1:]
    email = (
        f"{slug(p.given)}{rng.choice(['.', '_', ''])}{slug(p.surname, p.german)}"
        f"{rng.choice(['', str(p.birth.year)[2:], str(rng.randint(1, 99))])}@{rng.choice(MAIL)}"
    )
    fake = SafeFaker(fake, [p] + [a for a, _ in assoc], owner.short)
    ctx = Ctx(
        rng,
        p,
        [a for a, _ in assoc],
        plats,
        start,
        made - timedelta(hours=2),
        pet,
        place,
        local,
        email,
    )
    known: dict[str, list[str]] = {}
    for plat in plats:
        if plat != "x" and rng.random() < 0.5:
            known[plat] = [f"{slug(p.given)}.{slug(p.surname, p.german)}{rng.randint(1, 99)}"]
    x_id = str(rng.randrange(10**17, 10**19)) if "x" in plats and rng.random() < 0.6 else None
    accounts: list[Account] = []
    n_total = rng.randint(10, 150)
    n_ev, n_relay, kinds = _inbox_mix(rng, n_total)
    if known and rng.random() < 0.3:
        plat = rng.choice(list(known))
        acc = known_account(ctx, plat, known[plat][0])
        accounts += [acc] if acc else []
    if x_id and rng.random() < 0.4:
        acc = known_account(ctx, "x", x_id)
        accounts += [acc] if acc else []
    for _ in range(n_ev):
        acc = evader(ctx, fake)
        accounts += [acc] if acc else []
    for i in range(n_relay):
        acc = (
            associate_relay(ctx, ctx.associates[i % len(ctx.associates)])
            if rng.random() < 0.6
            else stranger_relay(ctx, fake)
        )
        accounts += [acc] if acc else []
    for kind in kinds:
        acc = innocent(ctx, fake, kind, owner)
        accounts += [acc] if acc else []
    birth: dict[str, Any] = {}
    roll = rng.random()
    if roll < 0.45:
        birth["birth_year"] = p.birth.year
    elif roll < 0.85:
        birth["birth_date"] = p.birth.isoformat()
    own = {
        pl: f"{slug(owner.given)}{rng.choice(['.', '_', ''])}{slug(owner.surname)}" for pl in plats
    }
    info = {
        "issued": issued.isoformat(),
        "expires": (issued + timedelta(days=365)).isoformat(),
        "jurisdiction": rng.choice(
            ["US-NY", "ES-MD", "DE-BE", "PL-MZ", "IT-RM", "GB-ENG", "BR-SP"]
        ),
        "timezone": rng.choice(["UTC", "Europe/Madrid", "America/New_York", "Europe/Berlin"]),
        "protected": list(own.items()),
        "restrained": {
            "names": [p.full],
            "handles": known,
            "user_ids": {"x": [x_id]} if x_id else {},
            "emails": [email],
            "phones": [f"{p.culture.phone_prefix} {local}"],
            "keywords": [pet, place],
            **birth,
        },
        "associates": [
            {
                "name": a.full,
                "relation": rel,
                "handles": {"instagram": [slug(a.short)]} if rng.random() < 0.4 else {},
            }
            for a, rel in assoc
        ],
    }
    out.mkdir(parents=True, exist_ok=True)
    write_config(out / "config.toml", info)
    dl = out / "downloads"
    dl.mkdir(exist_ok=True)
    paths = _write_archives(rng, dl, plats, own, owner, accounts, made, lang)
    for i, a in enumerate(accounts):
        a.truth["id"] = f"c{seed}-{i}"
    summary = {
        "seed": seed,
        "generator": "C",
        "culture": p.culture.code,
        "platforms": plats,
        "restrained": p.full,
        "restrained_short": p.short,
        "nicknames": list(p.nicks),
        "associates": [a.full for a, _ in assoc],
        "config": info,
        "archives": [str(x.relative_to(out)) for x in paths],
        "accounts": [a.truth for a in accounts],
    }
    (out / "truth.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False), "utf-8")
    return summary


def _write_archives(
    rng: random.Random,
    dl: Path,
    plats: list[str],
    own: dict[str, str],
    owner: Person,
    accounts: list[Account],
    made: datetime,
    lang: str,
) -> list[Path]:
    by = {pl: [a.contact for a in accounts if a.contact.platform == pl] for pl in plats}
    name = fold(owner.short) if owner.culture.code in ("ru", "el") else owner.short
    paths = []
    for pl in plats:
        as_zip = rng.random() < 0.8
        if pl == "instagram":
            if rng.random() < 0.3:  # an earlier download too, overlapping the later one
                early = made - timedelta(days=rng.randint(20, 50))
                part = [
                    archives.Contact(c.platform, c.value, [e for e in c.events if e.at < early])
                    for c in by[pl]
                ]
                part = [c for c in part if c.events]
                paths.append(archives.instagram(own[pl], name, part, dl, rng, early, True))
            paths.append(archives.instagram(own[pl], name, by[pl], dl, rng, made, as_zip))
        elif pl == "facebook":
            paths.append(
                archives.facebook(
                    name,
                    by[pl],
                    dl,
                    rng,
                    made,
                    "es" if owner.culture.code == "es" else "en",
                    as_zip,
                )
            )
        elif pl == "x":
            owner_id = str(rng.randrange(10**8, 10**10))
            paths.append(archives.x(owner_id, own[pl], name, by[pl], dl, rng, made, as_zip))
        elif pl == "tiktok":
            paths.append(archives.tiktok(own[pl], by[pl], dl, made, as_zip))
    return paths


__all__ = ["build_case", "culture"]
