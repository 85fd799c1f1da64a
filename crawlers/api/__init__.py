"""Registry of live scanners: one small module per platform's official API.

A scanner turns the API's notifications or inbox into the same `Interaction`/`Account`
records as the archive parsers, with the request URL + item index as locator and the item's
JSON exactly as received as `raw`. It reads, never writes, and keeps no state of its own:
the store hands it the saved cursors and commits each `ScanPage` with the cursor that
follows it, so a scan stopped midway resumes without gaps or duplicates.

To add a platform:
1. write `crawlers/api/<platform>.py` exposing what `Scanner` below names: `NAME`,
   `VERSION`, a frozen `Settings` dataclass of its `[scan.<platform>]` table read by
   `settings(table)`, and `scan(http, settings, cursor) -> Iterator[ScanPage]`, using
   `_http.ApiClient` for every request and `_http.secret_from_env` for its token;
2. add the module to `SCANNERS` below (and its config table to `nocontact/config.py`);
3. add replay fixtures in the real response shape under `tests/data/api/<platform>/` and
   a loopback-server test in `tests/crawlers/api/`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from crawlers.api import bluesky, mastodon, reddit, youtube
from crawlers.api._base import CursorLookup, ScanPage
from crawlers.api._http import ApiClient, Fetched, Secret
from crawlers.errors import ScanError


class Scanner(Protocol):
    """What a scanner module exposes; the registry test checks every member against it."""

    NAME: str
    VERSION: str

    def settings(self, table: Mapping[str, Any]) -> Any:
        """The `[scan.<NAME>]` table as the module's frozen `Settings`; a missing key raises."""
        ...

    def scan(self, http: ApiClient, settings: Any, cursor: CursorLookup) -> Iterator[ScanPage]:
        """Pages newer than the saved cursors, each committable on its own."""
        ...


SCANNERS: tuple[Scanner, ...] = (mastodon, bluesky, reddit, youtube)

_BY_NAME = {module.NAME: module for module in SCANNERS}
if len(_BY_NAME) != len(SCANNERS):
    raise RuntimeError("two scanners share a NAME")


def names() -> list[str]:
    return sorted(_BY_NAME)


def get(name: str) -> Scanner:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ScanError(f"no scanner named {name!r}; known: {', '.join(names())}") from None


__all__ = [
    "SCANNERS",
    "ApiClient",
    "CursorLookup",
    "Fetched",
    "ScanPage",
    "Scanner",
    "Secret",
    "get",
    "names",
]
