"""A listed handle met again: the same handle on another platform, or dressed up on its own.

People keep their handle across platforms, and a second account on the same platform often
is the first one decorated: 'darkwolf77' listed on Instagram turns up as 'darkwolf77' on
TikTok, or as 'darkwolf_77', 'the_darkwolf77', 'darkwolf77.new' or 'darkwolf77_2'. A handle
made of a name is read by the name rules already; this one needs none. Compared with case,
separators and decorations folded, digits kept: 'darkwolf78' is not 'darkwolf77'.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from matcher.adornments import unadorned
from matcher.names import normalise
from matcher.types import Candidate, Reason

_SEPARATORS = str.maketrans("", "", "._-")
_SHORTEST = 5  # a folded handle shorter than this is shared by too many people to count
ELSEWHERE, DRESSED = 0.95, 0.9  # rule strengths (`rules.lift`): on another platform, dressed up


@dataclass(frozen=True, slots=True)
class Sighting:
    """A candidate's handle read as a listed one."""

    written: str  # the candidate's handle, as written
    platform: str  # where the config lists the handle
    configured: str  # the listed handle, as written in the config
    elsewhere: bool  # the very handle, on another platform


def keys(handles: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, str]]:
    """Each listed handle, folded, with its platform and configured spelling.

    >>> keys({"instagram": ("Dark.Wolf77", "rob")})
    {'darkwolf77': ('instagram', 'Dark.Wolf77')}
    """
    found: dict[str, tuple[str, str]] = {}
    for platform, listed in handles.items():
        for handle in listed:
            if len(key := _folded(handle)) >= _SHORTEST:
                found.setdefault(key, (platform, handle))
    return found


def sighted(listed: Mapping[str, tuple[str, str]], candidate: Candidate) -> Sighting | None:
    """The listed handle the candidate's handle is, read past case, separators, a decoration
    at either end or a trailing '_2'; None when it is none, or is the listed account itself.

    >>> listed = keys({"instagram": ("darkwolf77",)})
    >>> sighted(listed, Candidate("1", "tiktok", handle="DarkWolf77")).elsewhere
    True
    >>> sighted(listed, Candidate("2", "instagram", handle="dark_wolf.77")).configured
    'darkwolf77'
    >>> [sighted(listed, Candidate("3", p, handle=h)) for p, h in
    ...  (("instagram", "darkwolf77"), ("tiktok", "darkwolf78"))]
    [None, None]
    """
    if not listed or not candidate.handle:
        return None
    written = candidate.handle.strip().lstrip("@")
    whole = _folded(written)
    if not any(key in whole for key in listed):
        return None  # most handles: no listed one inside, however it was dressed up
    for key in _keys(written):
        if (found := listed.get(key)) is None:
            continue
        platform, configured = found
        same = written.casefold() == configured.strip().lstrip("@").casefold()
        if platform.casefold() == candidate.platform.casefold():
            if same:
                return None  # the listed account itself: the `known` rule's
            return Sighting(written, platform, configured, elsewhere=False)
        return Sighting(written, platform, configured, elsewhere=same)
    return None


def floor(
    seen: Sighting | None, owner: str, candidate: Candidate
) -> tuple[str, float, Reason] | None:
    """The handle rule's finding for a sighting (`rules`), worded for the reviewer."""
    if seen is None:
        return None
    listed = f"{owner} {seen.platform} handle '{seen.configured}'"
    if seen.elsewhere:
        said = f"handle rule: '{seen.written}' is {listed}, here on {candidate.platform}"
    else:
        said = f"handle rule: '{seen.written}' reads as {listed}"
    score = ELSEWHERE if seen.elsewhere else DRESSED
    return "handle", score, Reason("handle_floor", "listed handle", said, score)


def _keys(handle: str) -> tuple[str, ...]:
    """The handle folded as written, without a decoration, and without a trailing '_2'."""
    readings = (handle, *unadorned(handle, handle=True), _without_number(handle))
    return tuple(dict.fromkeys(_folded(r) for r in readings if r))


def _folded(handle: str) -> str:
    return normalise(handle.strip().lstrip("@")).translate(_SEPARATORS)


def _without_number(handle: str) -> str | None:
    """The handle without a separator and one digit at its end: 'darkwolf77_2', 'x.2'."""
    if len(handle) > 2 and handle[-1].isdigit() and handle[-2] in "._-":
        return handle[:-2]
    return None
