"""Registry of archive parsers, one module per platform.

To add a platform:
1. write `crawlers/exports/<platform>.py` exposing `NAME`, `VERSION`, `GAPS`,
   `detect(archive) -> bool` and `parse(archive) -> Iterator[Interaction]`;
2. add the module to `PARSERS` below;
3. add a real-shaped fixture under `tests/data/exports/<platform>/<variant>/`
   (the parametrised registry test fails until you do).
"""

from __future__ import annotations

from types import ModuleType

from crawlers.archive import Archive
from crawlers.errors import UnknownFormat
from crawlers.events import Gap
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

PARSERS: tuple[ModuleType, ...] = (
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


def get(name: str) -> ModuleType:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownFormat(f"no parser named {name!r}; known: {', '.join(names())}") from None


def detect(archive: Archive) -> list[ModuleType]:
    """Every parser that recognises the archive's content (a zip may hold several platforms)."""
    found = [module for module in PARSERS if module.detect(archive)]
    if not found:
        sample = ", ".join(archive.names[:5]) or "no files"
        raise UnknownFormat(
            f"{archive.path}: not a recognised export (supported: {', '.join(names())}); "
            f"it holds {len(archive.names)} files, e.g. {sample}"
        )
    return found


def gaps(platforms: list[str]) -> list[Gap]:
    """What these platforms' archives cannot show, so silence is never read as no contact."""
    found = (
        gap for name in sorted(set(platforms)) if name in _BY_NAME for gap in _BY_NAME[name].GAPS
    )
    return list(dict.fromkeys(found))  # two formats of one platform share their gaps
