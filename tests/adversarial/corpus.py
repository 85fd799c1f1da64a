"""Hostile archives, generated at test time from the real-shaped fixtures (never committed).

Each parser gets the same attacks on one of its own data files (the "carrier"): characters
that break encoders, texts and nesting that exhaust memory or time, wrong types, broken
bytes; and the same attacks on the zip itself (names given twice, slips, symlinks). What a
safe outcome is: `refused` (one line, the case unchanged), `imported` (the case holds the
records, escaped), or `safe` (either).
"""

from __future__ import annotations

import json
import re
import stat
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.helpers import DATA

EXPORTS = DATA / "exports"
# parser -> (fixture folder, the data file the attacks are written into)
CARRIERS = {
    "instagram": (
        "instagram/2025",
        "your_instagram_activity/messages/inbox/zoelefevre_17841400000000001/message_1.json",
    ),
    "instagram_html": (
        "instagram/html-2025",
        "your_instagram_activity/messages/message_requests/nicobauer_17841400000000002/"
        "message_1.html",
    ),
    "facebook": (
        "facebook/2025",
        "your_facebook_activity/messages/inbox/robertmiller_10158812345678901/message_1.json",
    ),
    "facebook_html": (
        "facebook/html-2025",
        "your_facebook_activity/messages/inbox/robertmiller_10158812345678901/message_1.html",
    ),
    "messenger": ("messenger/2025", "messages/Robert Miller_1.json"),
    "x": ("x/2025", "data/direct-messages.js"),
    "tiktok": ("tiktok/2025", "user_data_tiktok.json"),
}
_NOT_TEXT = re.compile(r"time|date|created|id$|href|url|uri|link|type|key", re.I)
_JS_PREFIX = re.compile(rb"^\s*window\.[A-Za-z0-9_$.]+\s*=\s*")
MB_WORD = 1_000_000


@dataclass(frozen=True)
class Attack:
    name: str
    expect: str  # refused | imported | safe, for a JSON carrier
    change: Callable[[bytes, bool], bytes]  # (carrier bytes, is_html) -> new bytes
    expect_html: str = ""  # when an HTML page (read whole, size-capped) differs


def _strings(value: Any, change: Callable[[str], Any], key: str = "") -> Any:
    """Apply `change` to every text value (not times, ids or links) of a JSON document."""
    if isinstance(value, dict):
        return {k: _strings(v, change, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_strings(v, change, key) for v in value]
    if isinstance(value, str) and not _NOT_TEXT.search(key):
        return change(value)
    return value


def _numbers(value: Any, change: Callable[[Any], Any]) -> Any:
    if isinstance(value, dict):
        return {k: _numbers(v, change) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v, change) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return change(value)
    return value


def _json(data: bytes, edit: Callable[[Any], Any]) -> bytes:
    """Edit the document of a .json or X's `window.YTD… = [...]` file, keeping its prefix."""
    prefix = _JS_PREFIX.match(data)
    head = prefix.group() if prefix else b""
    document = json.loads(data[len(head) :])
    return head + json.dumps(edit(document)).encode()  # ensure_ascii: \udc80 stays escaped


def _html_text(data: bytes, change: Callable[[str], str]) -> bytes:
    """Change every text between tags that reads like words (not dates)."""
    text = data.decode("utf-8")

    def edit(match: re.Match[str]) -> str:
        words = match.group(1)
        return f">{change(words)}<" if re.search(r"[A-Za-z]{3}", words) else match.group()

    return re.sub(r">([^<>]{4,})<", edit, text).encode("utf-8", "xmlcharrefreplace")


def _texts(change: Callable[[str], str]) -> Callable[[bytes, bool], bytes]:
    def apply(data: bytes, html: bool) -> bytes:
        if html:
            return _html_text(data, change)
        return _json(data, lambda doc: _strings(doc, change))

    return apply


def _longest(replacement: str) -> Callable[[bytes, bool], bytes]:
    """The first text value (or HTML text) replaced by one huge word."""

    def apply(data: bytes, html: bool) -> bytes:
        done = []

        def once(text: str) -> str:
            if done:
                return text
            done.append(1)
            return replacement

        return _texts(once)(data, html)

    return apply


def _deep(data: bytes, html: bool) -> bytes:
    if html:
        return b"<html><body>" + b"<div>" * 200_000 + b"x" + b"</div>" * 200_000 + b"</body></html>"
    return b"[" * 200_000 + b"]" * 200_000


def _deep_record(data: bytes, html: bool) -> bytes:
    """One record's text nested 10,000 levels deep inside an otherwise proper file."""
    if html:
        return data.replace(b"<body>", b"<body>" + b"<span>" * 10_000, 1)
    marked = _longest("@@deep@@")(data, html)
    return marked.replace(b'"@@deep@@"', b"[" * 10_000 + b'"x"' + b"]" * 10_000, 1)


def _bad_utf8(data: bytes, html: bool) -> bytes:
    cut = data.index(b">" if html else b'"', len(data) // 3) + 1
    return data[:cut] + b"\xff\xfe\xed\xa0\x80" + data[cut:]


ATTACKS = (
    Attack("nul_bytes", "imported", _texts(lambda s: f"{s}\x00after\x00")),
    Attack("lone_surrogates", "imported", _texts(lambda s: f"{s}\udc80\ud800")),
    Attack("control_chars", "imported", _texts(lambda s: f"\x1b]0;pwned\x07{s}\u202e\x1b[2J")),
    Attack("formula_text", "imported", _texts(lambda s: f' \n=HYPERLINK("http://x","{s}")')),
    Attack("one_mb_word", "imported", _longest("w" * MB_WORD)),
    Attack("huge_string", "refused", _longest("h" * 3_000_000), "safe"),
    Attack("deep_nesting", "refused", _deep, "safe"),
    Attack("deep_record", "refused", _deep_record, "safe"),
    Attack("numbers_as_objects", "safe", lambda d, h: d if h else _json(d, _objects)),
    Attack("strings_as_lists", "imported", lambda d, h: d if h else _json(d, _listed)),
    Attack("invalid_utf8", "safe", _bad_utf8),
    Attack("truncated", "safe", lambda d, h: d[: len(d) // 2]),
    Attack("empty_file", "safe", lambda d, h: b""),
)


def _objects(doc: Any) -> Any:
    return _numbers(doc, lambda n: {"n": [n]})


def _listed(doc: Any) -> Any:
    return _strings(doc, lambda s: [s])


def expected(parser: str, attack: Attack) -> str:
    return (attack.expect_html or attack.expect) if parser.endswith("_html") else attack.expect


def build(parser: str, target: Path, attack: Attack | None = None) -> Path:
    """The parser's fixture zipped as a platform would, with the attack on its carrier."""
    folder, carrier = CARRIERS[parser]
    root = EXPORTS / folder
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in sorted(p for p in root.rglob("*") if p.is_file()):
            name = item.relative_to(root).as_posix()
            data = item.read_bytes()
            if attack and name == carrier:
                data = attack.change(data, parser.endswith("_html"))
            zf.writestr(name, data)
    return target


def zip_attack(parser: str, target: Path, kind: str) -> Path:
    """Attacks on the zip itself, around a proper export: all must be refused."""
    build(parser, target)
    carrier = CARRIERS[parser][1]
    with zipfile.ZipFile(target, "a") as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name we mean to add
        if kind == "duplicate_member":
            zf.writestr(carrier, (EXPORTS / CARRIERS[parser][0] / carrier).read_bytes())
        elif kind == "zip_slip":
            zf.writestr("../../.bashrc", b"echo pwned")
        elif kind == "absolute_path":
            zf.writestr("/etc/cron.d/evil", b"* * * * * root id")
        elif kind == "windows_path":
            zf.writestr("C:\\Windows\\evil.json", b"[]")
        elif kind == "symlink":
            info = zipfile.ZipInfo("data_link.json")
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return target


ZIP_ATTACKS = ("duplicate_member", "zip_slip", "absolute_path", "windows_path", "symlink")


def lying_bomb(target: Path, real_size: int) -> Path:
    """An Instagram followers file whose headers claim 100 bytes but inflate to `real_size`."""
    name = "connections/followers_and_following/followers_1.json"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, b"[" + b" " * real_size + b"]")
    data = bytearray(target.read_bytes())
    claimed = (100).to_bytes(4, "little")
    local = data.index(b"PK\x03\x04")
    data[local + 22 : local + 26] = claimed  # local header: uncompressed size
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = claimed  # central directory: uncompressed size
    target.write_bytes(bytes(data))
    return target


def tiny_members(target: Path, count: int) -> Path:
    """A real Instagram export plus `count` one-byte media files (the member cap is 200,000)."""
    build("instagram", target)
    with zipfile.ZipFile(target, "a", zipfile.ZIP_STORED) as zf:
        for n in range(count - len(zf.namelist())):
            zf.writestr(f"media/posts/{n // 1000}/{n}.jpg", b"x")
    return target
