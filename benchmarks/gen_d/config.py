"""The case's config.toml (DESIGN §6 keys), written by hand and returned as a dict."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from .people import Case, config_phones

ZONES = {
    "french": ("FR-75", "Europe/Paris"),
    "dutch": ("NL-NH", "Europe/Amsterdam"),
    "nordic": ("NO-03", "Europe/Oslo"),
    "gaelic": ("IE-D", "Europe/Dublin"),
    "hungarian": ("HU-BU", "Europe/Budapest"),
    "arabic": ("EG-C", "Africa/Cairo"),
    "indian": ("IN-KA", "Asia/Kolkata"),
    "chinese": ("CA-BC", "America/Vancouver"),
    "japanese": ("JP-13", "Asia/Tokyo"),
    "filipino": ("PH-00", "Asia/Manila"),
    "nigerian": ("NG-LA", "Africa/Lagos"),
    "american": ("US-NY", "America/New_York"),
}


def config_dict(case: Case) -> dict[str, Any]:
    r = case.restrained
    juris, zone = ZONES[case.culture]
    restrained: dict[str, Any] = {
        "names": case.names,
        "handles": case.handles,
        "user_ids": {"x": case.x_ids} if case.x_ids else {},
        "emails": case.emails,
        "phones": config_phones(case),
    }
    y, m, d = r.birth
    if case.birth_mode == "year":
        restrained["birth_year"] = y
    elif case.birth_mode == "date":
        restrained["birth_date"] = f"{y:04d}-{m:02d}-{d:02d}"
    restrained |= {"photos": [], "writing_samples": [], "keywords": [case.pet, case.place]}
    accounts = []
    for plat in case.platforms:
        acc = {"platform": plat, "handle": case.owner_handles[plat]}
        if plat == "x":
            acc["user_id"] = case.owner_x_id
        accounts.append(acc)
    return {
        "order": {
            "issued": case.issued.date().isoformat(),
            "expires": (case.issued + timedelta(days=730)).date().isoformat(),
            "jurisdiction": juris,
            "covers_third_parties": True,
            "timezone": zone,
        },
        "protected": {"accounts": accounts},
        "restrained": restrained,
        "associates": [
            {"name": a.person.full, "relation": a.relation, "handles": a.handles, "photos": []}
            for a in case.associates
        ],
        "match": {"min_score": 0.5},
    }


def _v(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return str(v)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_v(x)}" for k, x in v.items()) + " }" if v else "{}"
    if isinstance(v, list):
        return "[" + ", ".join(_v(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


def to_toml(cfg: dict[str, Any]) -> str:
    o = cfg["order"]
    out = ["# Written by benchmarks/gen_d (synthetic people only).", "", "[order]"]
    out.append(f"issued = {o['issued']}")
    out.append(f"expires = {o['expires']}")
    for k in ("jurisdiction", "covers_third_parties", "timezone"):
        out.append(f"{k} = {_v(o[k])}")
    for acc in cfg["protected"]["accounts"]:
        out += ["", "[[protected.accounts]]"] + [f"{k} = {_v(v)}" for k, v in acc.items()]
    out += ["", "[restrained]"]
    for k, v in cfg["restrained"].items():
        out.append(f"{k} = {v}" if k == "birth_date" else f"{k} = {_v(v)}")
    for a in cfg["associates"]:
        out += ["", "[[associates]]"] + [f"{k} = {_v(v)}" for k, v in a.items()]
    out += ["", "[match]", f"min_score = {cfg['match']['min_score']}", ""]
    return "\n".join(out)
