"""Generator D: whole nocontact case folders written the way an outside tester would.

`build_case(seed, folder)` writes `config.toml`, `downloads/` (platform archives, zipped or
extracted) and `truth.json`, and returns the truth. See README.md in this folder.
"""

from __future__ import annotations

import json
import random
import shutil
import zipfile
from pathlib import Path
from typing import Any

from .accounts import Acct, Builder
from .config import config_dict, to_toml
from .innocents import fill_innocents
from .meta import facebook, instagram
from .people import Case, make_case
from .xtt import tiktok, x

__all__ = ["UNTRACED", "build_case"]

# Tactics that carry nothing the config names (a diminutive the config never writes included):
# found, if at all, by behaviour (README).
UNTRACED = frozenset(
    {"shared_memory", "burst", "stranger_relay_first_name", "stranger_relay_nickname"}
)

LAYOUTS = {
    "instagram": ["2025", "2025", "2022", "2021"],
    "facebook": ["2025", "2026", "2021"],
    "x": ["2025", "2025", "2018"],
    "tiktok": ["2025", "2025", "2022"],
}
WRITERS = {"instagram": instagram, "facebook": facebook, "x": x, "tiktok": tiktok}


def _name(case: Case, plat: str, rng: random.Random) -> str:
    day = case.export.strftime("%Y-%m-%d")
    code = "".join(
        rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz") for _ in range(6)
    )
    return {
        "instagram": f"instagram-{case.owner_handles.get('instagram')}-{day}-{code}",
        "facebook": f"facebook-{case.owner_handles.get('facebook')}-{day}-{code}",
        "x": f"twitter-{day}-{code.lower()}{rng.randint(10**9, 10**10)}",
        "tiktok": f"TikTok_Data_{int(case.export.timestamp())}",
    }[plat]


def _write(dest: Path, files: dict[str, bytes], as_zip: bool, case: Case) -> Path:
    when = case.export.timetuple()[:6]
    if as_zip:
        path = dest.parent / f"{dest.name}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name in sorted(files):
                info = zipfile.ZipInfo(name, date_time=when)
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, files[name])
        return path
    for name, data in files.items():
        p = dest / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return dest


def build_case(seed: int, folder: Path) -> dict[str, Any]:
    """Write one case into `folder` (replacing it) and return its truth (also truth.json)."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "downloads").mkdir(parents=True)
    rng = random.Random(seed)
    case, fk = make_case(seed, rng)
    b = Builder(case, rng, fk)
    for _ in range(rng.choices(range(1, 9), weights=[3, 4, 4, 3, 2, 2, 1, 1])[0]):
        b.evader()
    for _ in range(rng.choices(range(4), weights=[2, 4, 3, 1])[0]):
        b.relay()
    total = rng.choice([rng.randint(20, 60), rng.randint(40, 120), rng.randint(80, 200)])
    fill_innocents(b, max(total - len(b.accounts), 10))
    accts = list(b.accounts)
    rng.shuffle(accts)
    archives = []
    for plat in case.platforms:
        layout = rng.choice(LAYOUTS[plat])
        case.layouts[plat] = layout
        mine: list[Acct] = [a for a in accts if a.platform == plat]
        files = WRITERS[plat](case, mine, layout, rng)
        out = _write(folder / "downloads" / _name(case, plat, rng), files, rng.random() < 0.7, case)
        archives.append(out.relative_to(folder).as_posix())
    cfg = config_dict(case)
    (folder / "config.toml").write_text(to_toml(cfg), encoding="utf-8")
    truth: dict[str, Any] = {
        "seed": seed,
        "generator": "D",
        "culture": case.culture,
        "platforms": case.platforms,
        "restrained": case.restrained.full,
        "associates": [a.person.full for a in case.associates],
        "config": cfg,
        "archives": archives,
        "layouts": case.layouts,
        "language": case.lang,
        "accounts": [a.truth(seed, i) for i, a in enumerate(accts)],
    }
    (folder / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return truth
