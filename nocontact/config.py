"""Load and validate a case's `config.toml` (DESIGN §6); each problem is one line naming its key."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawlers.events import ACCOUNT_PLATFORMS
from nocontact.errors import ConfigError

_TABLES: dict[str, set[str]] = {
    "": {"order", "protected", "restrained", "associates", "scan", "match", "enrich"},
    "order": {"issued", "expires", "jurisdiction", "covers_third_parties", "timezone"},
    "protected": {"accounts"},
    "protected.accounts": {"platform", "handle", "user_id"},
    "restrained": {
        "names",
        "handles",
        "user_ids",
        "emails",
        "phones",
        "birth_year",
        "birth_date",
        "urls",
        "photos",
        "writing_samples",
        "keywords",
    },
    "associates": {"name", "relation", "handles", "user_ids", "photos"},
    "scan.mastodon": {"instance", "token_env"},
    "scan.bluesky": {"handle", "app_password_env", "service"},
    "scan.reddit": {
        "client_id_env",
        "client_secret_env",
        "username",
        "password_env",
        "www_url",
        "oauth_url",
    },
    "scan.youtube": {"channel_id", "api_key_env", "token_env", "api_url"},
    "match": {"min_score"},
    "enrich": {"appview", "delay"},
}


@dataclass(frozen=True, slots=True)
class Order:
    issued: date
    expires: date | None = None
    jurisdiction: str = ""
    covers_third_parties: bool = True
    timezone: str = "UTC"  # IANA name: dates in the report and export are shown in it

    def terms(self) -> dict[str, Any]:
        """What the ledger seals of the order: the terms that decide what is a violation."""
        return {
            "issued": self.issued.isoformat(),
            "expires": self.expires.isoformat() if self.expires else None,
            "jurisdiction": self.jurisdiction,
            "covers_third_parties": self.covers_third_parties,
        }


@dataclass(frozen=True, slots=True)
class ProtectedAccount:
    platform: str
    handle: str | None = None
    user_id: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """The restrained person or an associate, as configured."""

    names: tuple[str, ...]
    handles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    user_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)
    photos: tuple[Path, ...] = ()
    relation: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    birth_year: int | None = None
    writing_samples: tuple[Path, ...] = ()
    keywords: tuple[str, ...] = ()
    birth_date: date | None = None
    urls: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    order: Order
    protected: tuple[ProtectedAccount, ...]
    restrained: Person
    associates: tuple[Person, ...] = ()
    scan: dict[str, dict[str, str]] = field(default_factory=dict)
    min_score: float = 0.5
    enrich: dict[str, Any] = field(default_factory=dict)


def load(path: Path) -> Config:
    """Read and validate a config file; paths inside are resolved against its folder."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: not found; run `nocontact init` to create one") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {_toml_problem(text, exc)}") from None
    return parse(data, base=path.parent, origin=path)


def _toml_problem(text: str, exc: tomllib.TOMLDecodeError) -> str:
    """Quote the offending line: it shows the key even when TOML itself cannot name it."""
    found = re.search(r"at line (\d+)", str(exc))
    lines = text.splitlines()
    number = int(found.group(1)) if found else 0
    if 0 < number <= len(lines):
        return f"invalid TOML at line {number} ({lines[number - 1].strip()}): {exc}"
    return f"invalid TOML: {exc}"


def parse(data: dict[str, Any], *, base: Path, origin: Path) -> Config:
    """Validate a decoded TOML document."""
    check = _Checker(origin, base)
    check.keys("", data)
    order = check.table(data, "order", required=True)
    restrained = check.table(data, "restrained", required=True)
    protected = check.table(data, "protected")
    issued = check.date(order, "order.issued", required=True)
    expires = check.date(order, "order.expires")
    if issued and expires and expires < issued:
        raise check.fail(
            "order.expires", f"{expires} is before order.issued {issued}; check both dates"
        )
    return Config(
        order=Order(
            issued=issued,
            expires=expires,
            jurisdiction=check.typed(order, "order.jurisdiction", str, ""),
            covers_third_parties=check.typed(order, "order.covers_third_parties", bool, True),
            timezone=_timezone(check, order),
        ),
        protected=tuple(
            ProtectedAccount(
                platform=check.typed(a, f"protected.accounts[{i}].platform", str, required=True),
                handle=check.typed(a, f"protected.accounts[{i}].handle", str, None),
                user_id=check.typed(a, f"protected.accounts[{i}].user_id", str, None),
            )
            for i, a in enumerate(check.array(protected, "protected.accounts"))
        ),
        restrained=_restrained(check, restrained),
        associates=tuple(
            _associate(check, a, f"associates[{i}]")
            for i, a in enumerate(check.array(data, "associates"))
        ),
        scan=_scan(check, check.table(data, "scan")),
        min_score=_min_score(check, check.table(data, "match")),
        enrich=dict(check.table(data, "enrich")),
    )


def _restrained(check: _Checker, t: dict[str, Any]) -> Person:
    k = "restrained"
    names = check.strings(t, f"{k}.names")
    handles = check.by_platform(t, f"{k}.handles")
    if not names and not handles:
        raise ConfigError(f"{check.origin}: {k}: give at least one of names or handles")
    birth_year = check.typed(t, f"{k}.birth_year", int, None)
    if birth_year is not None and not 1900 <= birth_year <= date.today().year:
        raise ConfigError(f"{check.origin}: {k}.birth_year: {birth_year} is not a plausible year")
    birth_date = check.date(t, f"{k}.birth_date")
    if birth_date is not None and not date(1900, 1, 1) <= birth_date <= date.today():
        raise check.fail(f"{k}.birth_date", f"{birth_date} is not a plausible date of birth")
    return Person(
        names=names,
        handles=handles,
        user_ids=check.by_platform(t, f"{k}.user_ids"),
        photos=check.files(t, f"{k}.photos"),
        emails=check.strings(t, f"{k}.emails"),
        phones=check.strings(t, f"{k}.phones"),
        birth_year=birth_year,
        writing_samples=check.globs(t, f"{k}.writing_samples"),
        keywords=check.strings(t, f"{k}.keywords"),
        birth_date=birth_date,
        urls=check.strings(t, f"{k}.urls"),
    )


def _associate(check: _Checker, t: dict[str, Any], k: str) -> Person:
    check.keys("associates", t, label=k)
    return Person(
        names=(check.typed(t, f"{k}.name", str, required=True),),
        relation=check.typed(t, f"{k}.relation", str, None),
        handles=check.by_platform(t, f"{k}.handles"),
        user_ids=check.by_platform(t, f"{k}.user_ids"),
        photos=check.files(t, f"{k}.photos"),
    )


def _timezone(check: _Checker, t: dict[str, Any]) -> str:
    name = check.typed(t, "order.timezone", str, "UTC")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise check.fail(
            "order.timezone", f'{name!r} is not a time zone name (e.g. "America/New_York")'
        ) from None
    return name


def _scan(check: _Checker, t: dict[str, Any]) -> dict[str, dict[str, str]]:
    for platform, settings in t.items():
        if f"scan.{platform}" not in _TABLES:
            raise ConfigError(f"{check.origin}: scan.{platform}: no scanner for this platform")
        check.keys(f"scan.{platform}", settings)
    return {platform: dict(settings) for platform, settings in t.items()}


def _min_score(check: _Checker, t: dict[str, Any]) -> float:
    value = check.typed(t, "match.min_score", (int, float), 0.5)
    if not 0 <= value <= 1:
        raise ConfigError(f"{check.origin}: match.min_score: {value} must be between 0 and 1")
    return float(value)


class _Checker:
    """Typed accessors that raise one-line ConfigErrors naming the offending key."""

    def __init__(self, origin: Path, base: Path) -> None:
        self.origin, self.base = origin, base

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.origin}: {key}: {problem}")

    def keys(self, table: str, data: Any, *, label: str | None = None) -> None:
        if not isinstance(data, dict):
            raise self.fail(label or table, "must be a table")
        for key in data:
            if key not in _TABLES[table]:
                allowed = ", ".join(sorted(_TABLES[table]))
                raise self.fail(
                    f"{label or table}.{key}".lstrip("."), f"unknown key (allowed here: {allowed})"
                )

    def table(self, data: dict[str, Any], key: str, *, required: bool = False) -> dict[str, Any]:
        if key not in data:
            if required:
                raise self.fail(key, "missing table")
            return {}
        if key in _TABLES:
            self.keys(key, data[key])
        elif not isinstance(data[key], dict):
            raise self.fail(key, "must be a table")
        return data[key]

    def array(self, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
        items = data.get(key.rsplit(".", 1)[-1], [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise self.fail(key, "must be an array of tables ([[...]])")
        if key == "protected.accounts":
            for i, item in enumerate(items):
                self.keys(key, item, label=f"{key}[{i}]")
        return items

    def typed(
        self,
        data: dict[str, Any],
        key: str,
        kind: Any,
        default: Any = None,
        *,
        required: bool = False,
    ) -> Any:
        name = key.rsplit(".", 1)[-1]
        if name not in data:
            if required:
                raise self.fail(key, "missing")
            return default
        value = data[name]
        if isinstance(value, bool) and kind is not bool or not isinstance(value, kind):
            raise self.fail(key, f"expected {_kind_name(kind)}, got {value!r}")
        return value

    def date(self, data: dict[str, Any], key: str, *, required: bool = False) -> date | None:
        value = self.typed(data, key, (date, str), None, required=required)
        if value is None or type(value) is date:
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(key, f"{value!r} is not a date (write YYYY-MM-DD)") from None

    def strings(self, data: dict[str, Any], key: str) -> tuple[str, ...]:
        value = self.typed(data, key, list, [])
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, "must be a list of non-empty strings")
        return tuple(value)

    def by_platform(self, data: dict[str, Any], key: str) -> dict[str, tuple[str, ...]]:
        """A platform → list map; a misspelt platform would silently never match, so it fails."""
        value = self.typed(data, key, dict, {})
        for platform in value:
            if platform not in ACCOUNT_PLATFORMS:
                close = _ALIASES.get(platform.lower()) or next(
                    iter(difflib.get_close_matches(platform.lower(), ACCOUNT_PLATFORMS, 1)), None
                )
                hint = f"did you mean {close!r}? " if close else ""
                raise self.fail(
                    f"{key}.{platform}",
                    f"unknown platform ({hint}known: {', '.join(ACCOUNT_PLATFORMS)})",
                )
        return {platform: self.strings(value, f"{key}.{platform}") for platform in value}

    def files(self, data: dict[str, Any], key: str) -> tuple[Path, ...]:
        paths = tuple(self.base / p for p in self.strings(data, key))
        for raw, path in zip(self.strings(data, key), paths, strict=True):
            if not path.is_file():
                raise self.fail(key, f"file {raw!r} not found (looked in {self.base})")
        return paths

    def globs(self, data: dict[str, Any], key: str) -> tuple[Path, ...]:
        found: list[Path] = []
        for pattern in self.strings(data, key):
            matches = sorted(self.base.glob(pattern))
            if not matches:
                raise self.fail(key, f"{pattern!r} matches no file (looked in {self.base})")
            found.extend(matches)
        return tuple(found)


_ALIASES = {"twitter": "x", "fb": "facebook", "ig": "instagram", "yt": "youtube", "bsky": "bluesky"}


def _kind_name(kind: Any) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(
        {"str": "text", "dict": "a table", "list": "a list"}.get(k.__name__, k.__name__)
        for k in kinds
    )
