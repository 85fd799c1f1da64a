"""Meta's message knowledge shared by the Instagram, Facebook and Messenger parsers.

All of Meta's downloads write a thread's messages alike: a placeholder sentence where a
message was unsent, a story was answered or a message was reacted to, a `reactions[]` list
on the message reacted to, and a placeholder name ("Instagram User") or an empty one where
the other account is gone. One reading of each lives here, so the formats cannot drift apart.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from crawlers.events import NO_SENDER_NAME, Account, is_placeholder
from crawlers.exports._base import repair_mojibake

_UNSENT = re.compile(
    r"^(?:(?:.+ )?unsent a message|this message was unsent|.+ anuló el envío de un mensaje"
    r"|se anuló el envío de este mensaje)\.?$",
    re.IGNORECASE,
)
_STORY = re.compile(
    r"\b(?:replied to|reacted (?:\S+ )?to|mentioned you in) (?:your|their) story\b"
    r"|\brespondió a tu historia\b",
    re.IGNORECASE,
)
# The sentence Meta writes as a message of its own when someone reacts; the same act is
# usually also in the reacted message's `reactions[]`.
_REACTION_NOTE = re.compile(
    r"^(?:.+ )?(?:reacted (?P<emoji>\S+) to your message|liked a message"
    r"|reaccionó (?P<emoji_es>\S+) a tu mensaje)\.?$",
    re.IGNORECASE,
)

Reaction = tuple[str, str | None]  # (actor's display name, "" when not given; emoji)


def is_unsent_placeholder(text: str | None) -> bool:
    """True for the sentence Meta writes where an unsent message was (it holds no content)."""
    return bool(text and _UNSENT.match(text.strip()))


def classify(text: str | None, kind: str, *, unsent: bool) -> str:
    """A message's type from Meta's unsent flag and placeholder texts (text already repaired).

    `kind` is what an ordinary message of the thread is: "message" or "message_request".

    >>> classify("Reacted 🔥 to your story", "message", unsent=False)
    'story_reply'
    >>> classify("Unsent a message", "message_request", unsent=False)
    'unsent_message'
    >>> classify("Reacted ❤️ to your message", "message", unsent=False)
    'reaction'
    """
    content = (text or "").strip()
    if unsent or _UNSENT.match(content):
        return "unsent_message"
    if _STORY.search(content):
        return "story_reply"
    if _REACTION_NOTE.match(content):
        return "reaction"
    return kind


def reactions(entries: Any, *, actor_key: str = "actor") -> tuple[Reaction, ...]:
    """A message's `reactions[]` as (actor, emoji) pairs, each act once.

    Some threads list one reaction twice; an empty actor is kept ("" = name not given).

    >>> reactions([{"actor": "Ann  B", "reaction": "❤"}, {"actor": "Ann B", "reaction": "❤"}])
    (('Ann B', '❤'),)
    """
    found: list[Reaction] = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        actor = repair_mojibake(entry.get(actor_key))
        emoji = repair_mojibake(entry.get("reaction"))
        pair = (
            " ".join(actor.split()) if isinstance(actor, str) else "",
            emoji if isinstance(emoji, str) and emoji else None,
        )
        if pair not in found:
            found.append(pair)
    return tuple(found)


def participant_names(entries: Any) -> tuple[list[str | None], str | None]:
    """A thread's `participants` ([{"name": …}] or bare names), repaired, in their order.

    An entry that holds no text (a wrong type) is None, so the others keep their places; the
    second value says what was wrong, for the caller to report with the thread's path.

    >>> participant_names([{"name": "Ann"}, "Bo", ["Cy"], {"name": 3}])
    (['Ann', 'Bo', None, None], 'participants 3, 4 are not names')
    >>> participant_names("Ann")
    ([], 'participants is a str, not a list')
    """
    if entries is None:
        return [], None
    if not isinstance(entries, list):
        return [], f"participants is a {type(entries).__name__}, not a list"
    names: list[str | None] = []
    for entry in entries:
        name = repair_mojibake(entry.get("name") if isinstance(entry, dict) else entry)
        names.append(name if isinstance(name, str) else None)
    return names, not_names(names)


def not_names(names: list[str | None]) -> str | None:
    """Which participants (counted from 1) are not names, in words; None when all are.

    >>> not_names(["Ann", None]), not_names([None, "Bo", None]), not_names(["Ann"])
    ('participant 2 is not a name', 'participants 1, 3 are not names', None)
    """
    bad = [str(place) for place, name in enumerate(names, 1) if name is None]
    if not bad:
        return None
    if len(bad) == 1:
        return f"participant {bad[0]} is not a name"
    return f"participants {', '.join(bad)} are not names"


def _bare(emoji: str | None) -> str | None:
    return emoji.replace("\ufe0f", "") if emoji else None


def acts(pairs: Iterable[Reaction]) -> frozenset[Reaction]:
    """Every reaction listed in a thread, emoji compared without variation selectors."""
    return frozenset((actor, _bare(emoji)) for actor, emoji in pairs)


def thread_reactions(messages: Iterable[Any]) -> frozenset[Reaction]:
    """Every reaction the `reactions[]` of a thread's messages list (JSON downloads)."""
    return acts(
        pair for m in messages if isinstance(m, dict) for pair in reactions(m.get("reactions"))
    )


def told_twice(sender: str, text: str | None, listed: frozenset[Reaction]) -> bool:
    """True when a "Reacted ❤ to your message" note repeats a reaction the thread lists.

    >>> told_twice("Ann", "Reacted ❤️ to your message", acts([("Ann", "❤")]))
    True
    >>> told_twice("Ann", "Liked a message", acts([("Bob", "❤")]))
    False
    """
    match = _REACTION_NOTE.match((text or "").strip())
    if not match:
        return False
    emoji = _bare(match.group("emoji") or match.group("emoji_es"))
    if emoji is None:  # "Liked a message" names no emoji: any reaction of the sender's
        return any(actor == sender for actor, _ in listed)
    return (sender, emoji) in listed


def person(platform: str, name: str, scope: str) -> Account:
    """The account a display name stands for; a placeholder or missing one is per `scope`.

    The same few people send every message of a thread: each is made once (accounts are
    immutable, so one object serves all their records).

    >>> person("instagram", "Instagram User", "inbox/x_1").key
    'scoped:inbox/x_1|Instagram User'
    >>> person("facebook", "", "inbox/y_2").display_name
    'sender name not given by the archive'
    """
    if name.__class__ is str:
        return _known_person(platform, name, scope)
    return _person(platform, name, scope)


def _person(platform: str, name: str, scope: str) -> Account:
    if is_placeholder(name):
        shown = " ".join(name.split()) if name and name.strip() else NO_SENDER_NAME
        return Account(platform, display_name=shown, scope=scope)
    return Account(platform, display_name=name)


_known_person = functools.lru_cache(maxsize=4096)(_person)
