"""Independent end-to-end check of detection on cases from a generator written apart.

Builds cases with `benchmarks.gen_c` (or another `benchmarks.gen_*` package with the same
`build_case(seed, folder)` and truth.json), runs the real CLI on each (import every archive,
match, hits --format json) the way a user would, and joins the hits to truth.json: recall
per tactic, false hits per innocent kind (exact namesakes apart), every miss and every
flagged innocent with the tool's own score and reasons. Nothing here reads the matcher.

    python benchmarks/independent_eval.py --cases 40 --seed 1 --keep /tmp/c --json out.json
    python benchmarks/independent_eval.py --generator d --cases 40 --seed 1
"""

from __future__ import annotations

import argparse
import importlib
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
import tomllib
import unicodedata
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NAMESAKE = "exact_namesake"


def _cli() -> list[str]:
    exe = Path(sys.executable).parent / "nocontact"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "nocontact"]


def _run(case: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_cli(), "--case", str(case), "-q", *args], capture_output=True, text=True, timeout=600
    )


def _norm(s: str | None) -> str:
    return unicodedata.normalize("NFC", s or "").strip().casefold()


def _db_accounts(case: Path) -> list[dict[str, Any]]:
    """Every account the import stored, with its best match row (read-only)."""
    con = sqlite3.connect(f"file:{case / 'nocontact.db'}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    rows = [
        dict(r)
        for r in con.execute(
            "select id, platform, key, handle, display_name, user_id from accounts"
        )
    ]
    best: dict[int, dict[str, Any]] = {}
    for m in con.execute("select account_id, subject, kind, score, reasons from matches"):
        if m["account_id"] not in best or m["score"] > best[m["account_id"]]["score"]:
            best[m["account_id"]] = dict(m)
    con.close()
    for r in rows:
        m = best.get(r["id"])
        r["score"] = m["score"] if m else 0.0
        r["reasons"] = json.loads(m["reasons"]) if m and m["reasons"] else []
    return rows


def _letters(text: str | None) -> str:
    """Letters only, accents off, case folded: 'Liu Jiahui 🖤' and 'liu.jiahui' read 'liujiahui'."""
    plain = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in plain if c.isalpha()).casefold()


def configured_names(folder: Path) -> frozenset[str]:
    """The restrained person's and the associates' configured names, as `_letters`, in either
    order of their words: an innocent named so is flagged by design (reported apart)."""
    config = tomllib.loads((folder / "config.toml").read_text("utf-8"))
    names = [*config.get("restrained", {}).get("names", [])]
    names += [a.get("name", "") for a in config.get("associates", [])]
    return frozenset(_letters(f) for n in names for f in (n, " ".join(reversed(n.split()))))


def _same(truth: dict[str, Any], row: dict[str, Any], loose: bool = False) -> bool:
    """Same account; `loose` also accepts a name the importer trimmed ('Volkov A.')."""
    if row["platform"] != truth["platform"]:
        return False
    a, b = _norm(row.get(truth["field"])), _norm(truth["value"])
    return a == b or (loose and bool(a) and a.rstrip(".,!?:; ") == b.rstrip(".,!?:; "))


def _find(t: dict[str, Any], items: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, bool]:
    """The item for truth account `t`, and whether only a loose match found it."""
    exact = next((x for x in items if _same(t, x)), None)
    if exact is not None:
        return exact, False
    loose = next((x for x in items if _same(t, x, loose=True)), None)
    return loose, loose is not None


def build_case(generator: str, seed: int, folder: Path) -> dict[str, Any]:
    """One case from `benchmarks.gen_<generator>`; returns its truth summary."""
    return importlib.import_module(f"benchmarks.gen_{generator}").build_case(seed, folder)


def untraced(generator: str) -> frozenset[str]:
    """The generator's tactics that carry nothing the config names (no name, keyword, phone,
    e-mail): an account using only these is found, if at all, by behaviour; reported apart."""
    return frozenset(importlib.import_module(f"benchmarks.gen_{generator}").UNTRACED)


def run_case(seed: int, folder: Path, generator: str = "c") -> dict[str, Any]:
    """Build, import, match and join one case; returns per-account outcomes."""
    summary = build_case(generator, seed, folder)
    problems: list[str] = []
    for arch in summary["archives"]:
        res = _run(folder, "import", str(folder / arch))
        if res.returncode != 0:
            problems.append(f"import {arch}: exit {res.returncode}: {res.stderr.strip()[-400:]}")
    res = _run(folder, "match")
    if res.returncode != 0:
        problems.append(f"match: exit {res.returncode}: {res.stderr.strip()[-400:]}")
    res = _run(folder, "hits", "--format", "json")
    hits = json.loads(res.stdout) if res.returncode == 0 and res.stdout.strip() else []
    rows = _db_accounts(folder) if (folder / "nocontact.db").exists() else []
    named = configured_names(folder)
    outcomes = []
    for t in summary["accounts"]:
        row, altered = _find(t, rows)
        hit, _ = _find(t, hits)
        if altered and row is not None:
            problems.append(
                f"stored under another name: {t['platform']} {t['field']}="
                f"{t['value']!r} -> {row.get(t['field'])!r} ({t['types']})"
            )
        if row is None:
            problems.append(
                f"not stored after import: {t['platform']} {t['field']}="
                f"{t['value']!r} ({t['types']})"
            )
        outcomes.append(
            {
                **t,
                "stored": row is not None,
                "hit": hit is not None,
                "score": hit["score"] if hit else (row["score"] if row else None),
                "reasons": hit["reasons"] if hit else (row["reasons"] if row else []),
                "hit_kind": hit["kind"] if hit else None,
                "case": folder.name,
                "restrained": summary["restrained"],
                "seed": seed,
                "configured_name": _letters(t["value"]) in named,
            }
        )
    matched = {id(h) for h in hits for t in summary["accounts"] if _same(t, h, loose=True)}
    stray = [h for h in hits if id(h) not in matched]
    return {
        "seed": seed,
        "case": folder.name,
        "culture": summary["culture"],
        "platforms": summary["platforms"],
        "outcomes": outcomes,
        "problems": problems,
        "stray_hits": stray,
    }


def _rate(k: int, n: int) -> str:
    return f"{k:>3}/{n:<3} {100 * k / n:5.1f}%" if n else "  -"


def report(cases: list[dict[str, Any]], seconds: float, generator: str = "c") -> dict[str, Any]:
    """Aggregate outcomes into the report (also returned as JSON)."""
    outs = [o for c in cases for o in c["outcomes"]]
    pos = [o for o in outs if o["label"] in ("evader", "relay")]
    neg = [o for o in outs if o["label"] == "innocent" and o["kind"] != NAMESAKE]
    names = [o for o in outs if o["label"] == "innocent" and o["kind"] == NAMESAKE]
    tactic: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for o in pos:
        for t in o["tactics"]:
            tactic[f"{o['label']}:{t}"][0] += o["hit"]
            tactic[f"{o['label']}:{t}"][1] += 1
    plat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for o in pos:
        plat[o["platform"]][0] += o["hit"]
        plat[o["platform"]][1] += 1
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for o in neg + names:
        kinds[o["kind"]][0] += o["hit"]
        kinds[o["kind"]][1] += 1
    tp, fp = sum(o["hit"] for o in pos), sum(o["hit"] for o in neg)
    fp_named = sum(o["hit"] and o.get("configured_name", False) for o in neg)
    hard = untraced(generator)
    fair = [o for o in pos if not set(o["tactics"]) <= hard]
    fpn = sum(o["hit"] for o in names)
    keep = (
        "case",
        "label",
        "tactics",
        "kind",
        "platform",
        "field",
        "value",
        "types",
        "score",
        "reasons",
        "restrained",
        "stored",
    )
    return {
        "generator": generator.upper(),
        "cases": len(cases),
        "seconds": round(seconds, 1),
        "accounts": len(outs),
        "recall": tp / len(pos) if pos else None,
        "precision": tp / (tp + fp) if tp + fp else None,
        "precision_with_namesakes": tp / (tp + fp + fpn) if tp + fp + fpn else None,
        "recall_with_configured_signal": sum(o["hit"] for o in fair) / len(fair) if fair else None,
        "positives_with_configured_signal": len(fair),
        "untraced_tactics": sorted(hard),
        "positives": len(pos),
        "detected": tp,
        "innocents": len(neg),
        "false_hits": fp,
        "false_hits_with_a_configured_name": fp_named,
        "namesakes": len(names),
        "namesakes_flagged": fpn,
        "per_tactic": {k: {"hit": v[0], "n": v[1]} for k, v in sorted(tactic.items())},
        "per_platform": {k: {"hit": v[0], "n": v[1]} for k, v in sorted(plat.items())},
        "per_innocent_kind": {k: {"flagged": v[0], "n": v[1]} for k, v in sorted(kinds.items())},
        "missed": [{k: o.get(k) for k in keep} for o in pos if not o["hit"]],
        "flagged_innocents": [{k: o.get(k) for k in keep} for o in neg + names if o["hit"]],
        "problems": [f"{c['case']}: {p}" for c in cases for p in c["problems"]],
        "stray_hits": [{"case": c["case"], **h} for c in cases for h in c["stray_hits"]],
    }


def print_report(r: dict[str, Any]) -> None:
    print(
        f"generator {r['generator']}: {r['cases']} cases, {r['accounts']} inbound accounts, "
        f"{r['seconds']} s"
    )
    print(
        f"recall {r['detected']}/{r['positives']} = {r['recall'] or 0:.3f}; precision "
        f"{r['precision'] or 0:.3f} (namesakes apart), {r['precision_with_namesakes'] or 0:.3f}"
        f" with them; false hits {r['false_hits']}/{r['innocents']} innocents; namesakes "
        f"flagged {r['namesakes_flagged']}/{r['namesakes']}"
    )
    print(
        f"of the false hits, {r['false_hits_with_a_configured_name']} are innocents named exactly"
        " as a configured person (the restrained person or an associate), flagged by design"
    )
    print(
        f"recall on the {r['positives_with_configured_signal']} evaders/relays that carry "
        f"something the config names (not only {', '.join(r['untraced_tactics'])}): "
        f"{r['recall_with_configured_signal'] or 0:.3f}"
    )
    print("\n== recall per tactic (label:tactic) ==")
    for k, v in r["per_tactic"].items():
        print(f"  {k:<42} {_rate(v['hit'], v['n'])}")
    print("\n== recall per platform ==")
    for k, v in r["per_platform"].items():
        print(f"  {k:<42} {_rate(v['hit'], v['n'])}")
    print("\n== false hits per innocent kind ==")
    for k, v in r["per_innocent_kind"].items():
        tag = "  (by design; reported apart)" if k == NAMESAKE else ""
        print(f"  {k:<42} {_rate(v['flagged'], v['n'])}{tag}")
    print(f"\n== missed evaders/relays ({len(r['missed'])}) ==")
    for o in sorted(r["missed"], key=lambda o: (o["tactics"][0], o["case"])):
        print(
            f"  [{','.join(o['tactics'])}] {o['platform']} {o['field']}={o['value']!r} "
            f"(restrained: {o['restrained']!r}) score={o['score']} {'; '.join(o['reasons'][:2])}"
            f"{'' if o['stored'] else ' NOT STORED'}  [{o['case']}]"
        )
    print(f"\n== flagged innocents ({len(r['flagged_innocents'])}) ==")
    for o in r["flagged_innocents"]:
        print(
            f"  [{o['kind']}] {o['platform']} {o['field']}={o['value']!r} (restrained: "
            f"{o['restrained']!r}) score={o['score']} {'; '.join(o['reasons'][:2])}  [{o['case']}]"
        )
    print(f"\n== import/match problems ({len(r['problems'])}) ==")
    for p in r["problems"]:
        print("  " + p)
    if r["stray_hits"]:
        print(f"\n== hits not in truth ({len(r['stray_hits'])}) ==")
        for h in r["stray_hits"]:
            print(
                f"  {h['case']}: {h['platform']} {h['handle'] or h['display_name'] or h['user_id']}"
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generator", default="c", help="which benchmarks.gen_* writes the cases")
    ap.add_argument("--cases", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="write the case folders here (else a temp dir)")
    ap.add_argument("--json", type=Path, help="also write the report as JSON")
    ap.add_argument("--jobs", type=int, default=2, help="cases run at once")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    tmp = None
    root = args.keep
    if root is None:
        tmp = tempfile.TemporaryDirectory(prefix=f"gen_{args.generator}_")
        root = Path(tmp.name)
    root.mkdir(parents=True, exist_ok=True)
    seeds = [args.seed * 100_000 + i for i in range(args.cases)]
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        cases = list(pool.map(lambda s: run_case(s, root / f"case_{s}", args.generator), seeds))
    rep = report(cases, time.perf_counter() - t0, args.generator)
    print_report(rep)
    if args.json:
        args.json.write_text(json.dumps(rep, indent=1, ensure_ascii=False), encoding="utf-8")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
