"""Registry of archive parsers, one module per platform.

To add a platform:
1. write `crawlers/exports/<platform>.py` exposing what `Parser` below names: `NAME`,
   `VERSION`, `GAPS`, `detect(archive) -> bool`,
   `parse(archive, *, on_skip=None) -> Iterator[Interaction]` (a record the archive gives no
   time for has `occurred_at=None`) and `owners(archive) -> tuple[Account, ...]`;
2. add the module to `PARSERS` below;
3. add a real-shaped fixture under `tests/data/exports/<platform>/<variant>/` and its shapes
   to `tests/crawlers/test_every_parser.py` (the parametrised tests fail until you do).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import replace
from typing import Protocol

from crawlers.archive import Archive
from crawlers.errors import UnknownFormat
from crawlers.events import Account, Gap, Interaction
from crawlers.exports import (
    bluesky,
    facebook,
    facebook_html,
    instagram,
    instagram_html,
    linkedin,
    mail,
    mastodon,
    messenger,
    reddit,
    sms,
    snapchat,
    telegram,
    tiktok,
    twitter,
    whatsapp,
)
from crawlers.exports._base import OnSkip


class Parser(Protocol):
    """What a parser module exposes; the registry test checks every member against it."""

    NAME: str
    VERSION: str
    GAPS: tuple[Gap, ...]  # what this platform's archives cannot show

    def detect(self, archive: Archive) -> bool:
        """Whether the archive holds this platform's export (by inner paths or content)."""
        ...

    def parse(self, archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
        """Every interaction, lazily; a bad record is reported through `on_skip`, then skipped."""
        ...

    def owners(self, archive: Archive) -> tuple[Account, ...]:
        """The account(s) the archive was downloaded from, as its profile files name them."""
        ...


PARSERS: tuple[Parser, ...] = (
    instagram,
    instagram_html,
    facebook,
    facebook_html,
    messenger,
    twitter,
    tiktok,
    whatsapp,
    mail,
    sms,
    telegram,
    snapchat,
    linkedin,
    reddit,
    mastodon,
    bluesky,
)

_BY_NAME = {module.NAME: module for module in PARSERS}
if len(_BY_NAME) != len(PARSERS):
    raise RuntimeError("two parsers share a NAME")


def names() -> list[str]:
    return sorted(_BY_NAME)


def get(name: str) -> Parser:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownFormat(f"no parser named {name!r}; known: {', '.join(names())}") from None


def detect(archive: Archive) -> list[Parser]:
    """Every parser that recognises the archive's content (a zip may hold several platforms)."""
    found = [module for module in PARSERS if module.detect(archive)]
    if not found:
        sample = ", ".join(archive.names[:5]) or "no files"
        raise UnknownFormat(
            f"{archive.path}: not a recognised export (supported: {', '.join(names())}); "
            f"it holds {len(archive.names)} files, e.g. {sample}"
        )
    return found


def gaps(platforms: list[str], *, shown: Mapping[str, Collection[str]] | None = None) -> list[Gap]:
    """What these platforms' archives cannot show, so silence is never read as no contact.

    `shown` maps a platform to the kinds its archives did show: those are left out, so a
    gap never contradicts the records beside it.
    """
    shown = shown or {}
    found = (
        gap for name in sorted(set(platforms)) if name in _BY_NAME for gap in _BY_NAME[name].GAPS
    )
    kept = []
    for gap in dict.fromkeys(found):  # two formats of one platform share their gaps
        kinds = tuple(k for k in gap.kinds if k not in shown.get(gap.platform, ()))
        if kinds:
            kept.append(replace(gap, kinds=kinds))
    return kept
