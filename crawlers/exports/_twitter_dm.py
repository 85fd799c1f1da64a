"""X direct messages (`direct-messages.js`, `direct-messages-group.js`), one event at a time.

Each file is a list of `{"dmConversation": {"conversationId", "messages": [event, …]}}`; an
event is `{"messageCreate": {…}}` or, in groups, `joinConversation`, `participantsJoin`,
`participantsLeave`, `conversationNameUpdate`, `reactionCreate`. A conversation can hold years
of messages, so events are built one by one from the ijson stream, never a whole conversation.
The locator index is the event's position among all events of the file, in file order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crawlers.archive import Archive
from crawlers.errors import SkipRecord
from crawlers.events import Interaction, Locator
from crawlers.exports import _ytd as ytd
from crawlers.exports._base import OnSkip, guarded, raw_json, skip
from crawlers.exports._records import values

_EVENTS = "item.dmConversation.messages.item"
_MESSAGES = ("messageCreate", "welcomeMessageCreate")


@dataclass(frozen=True, slots=True)
class _Context:
    """What one event needs to know about its conversation and where it was read."""

    locator: Locator
    conversation: str | None
    group: bool
    owner: str | None
    report: Callable[[str], None]

    @property
    def target(self) -> str | None:
        return f"conversation:{self.conversation}" if self.conversation else None

    def counterpart(self, recipient: Any = None) -> str | None:
        """The other side of a 1:1 conversation; a group has none."""
        if self.group:
            return None
        for candidate in (recipient, *(self.conversation or "").split("-")):
            try:
                found = ytd.user_id(candidate)
            except SkipRecord:
                continue
            if found != self.owner:
                return found
        return None

    def mine(self, uid: str) -> bool:
        return self.owner is not None and uid == self.owner


def conversation_file(
    archive: Archive, path: str, *, group: bool, owner: str | None, on_skip: OnSkip | None
) -> Iterator[Interaction]:
    """Every message, reaction and group event of one DM file (one of its parts)."""
    conversation: str | None = None

    def stream() -> Iterator[tuple[int, Any]]:
        nonlocal conversation
        for index, (found, record) in enumerate(_events(archive, path)):
            conversation = found  # build() below reads the event's conversation from here
            yield index, record

    def build(index: int, record: dict[str, Any]) -> Iterator[Interaction]:
        def report(reason: str) -> None:
            skip(Locator(path, index), reason, on_skip)

        return _event(_Context(Locator(path, index), conversation, group, owner, report), record)

    yield from guarded(path, stream(), build, on_skip)


def conversation_ids(archive: Archive, path: str) -> Iterator[str]:
    """The `conversationId` of every conversation in a file, without building messages."""
    for prefix, event, value in ytd.events(archive, path):
        if prefix == "item.dmConversation.conversationId" and event == "string":
            yield value


def _events(archive: Archive, path: str) -> Iterator[tuple[str | None, Any]]:
    """(conversation id, event) pairs; the id precedes the messages in every archive seen."""
    current: list[str | None] = [None]

    def pick(prefix: str, event: str, value: Any) -> bool | None:
        if prefix == "item" and event == "start_map":
            current[0] = None
        elif prefix == "item.dmConversation.conversationId" and event == "string":
            current[0] = value
        elif prefix == _EVENTS:
            return True
        return None

    for _, record in values(ytd.events(archive, path), pick):
        yield current[0], record


def _event(context: _Context, record: dict[str, Any]) -> Iterator[Interaction]:
    kinds = [kind for kind in record if kind in _HANDLERS]
    if not kinds:
        raise SkipRecord(f"unknown conversation event {', '.join(map(repr, record)) or '{}'}")
    for kind in kinds:
        body = record[kind]
        if not isinstance(body, dict):
            raise SkipRecord(f"{kind} is not an object")
        yield from _HANDLERS[kind](context, body, raw_json(record))


def _interaction(
    context: _Context,
    type_: str,
    outgoing: bool,
    at: datetime | None,
    other: str,
    raw: str,
    text: Any,
) -> Interaction:
    return Interaction(
        platform=ytd.PLATFORM,
        type=type_,
        direction="out" if outgoing else "in",
        occurred_at=at,
        account=ytd.account(other),
        locator=context.locator,
        raw=raw,
        text=text if isinstance(text, str) and text.strip() else None,
        target=context.target,
    )


def _message(context: _Context, body: dict[str, Any], raw: str) -> Iterator[Interaction]:
    sender = ytd.user_id(body.get("senderId"))
    at = ytd.moment(body.get("createdAt"))
    outgoing = context.mine(sender)
    other = context.counterpart(body.get("recipientId")) if outgoing else sender
    if other:  # the owner's message to a group has no single counterpart
        yield _interaction(context, "message", outgoing, at, other, raw, _text(body))
    for reaction in body.get("reactions") or []:
        try:
            reactor = ytd.user_id(reaction.get("senderId"))
        except (SkipRecord, AttributeError):
            context.report("a reaction without a readable senderId (its message was kept)")
            continue
        mine = context.mine(reactor)
        whom = (other if outgoing else sender) if mine else reactor
        if whom:
            when, key = _time_or(reaction.get("createdAt"), at), reaction.get("reactionKey")
            yield _interaction(context, "reaction", mine, when, whom, raw, key)


def _reaction(context: _Context, body: dict[str, Any], raw: str) -> Iterator[Interaction]:
    reactor = ytd.user_id(body.get("senderId"))
    at = ytd.moment(body.get("createdAt"))
    whom = context.counterpart() if context.mine(reactor) else reactor
    if whom:
        text = body.get("reactionKey")
        yield _interaction(context, "reaction", context.mine(reactor), at, whom, raw, text)


def _joined(context: _Context, body: dict[str, Any], raw: str) -> Iterator[Interaction]:
    by = ytd.user_id(body.get("initiatingUserId"))
    if not context.mine(by):
        at = ytd.moment(body.get("createdAt"))
        yield _interaction(context, "other", False, at, by, raw, "added you to this group chat")


def _joins(context: _Context, body: dict[str, Any], raw: str) -> Iterator[Interaction]:
    at, by = ytd.moment(body.get("createdAt")), ytd.user_id(body.get("initiatingUserId"))
    for uid in map(ytd.user_id, body.get("userIds") or []):
        if context.mine(uid):
            continue
        if context.mine(by):
            text = "you added them to this group chat"
        else:
            text = f"joined this group chat (added by account id {by})"
        yield _interaction(context, "other", context.mine(by), at, uid, raw, text)


def _leaves(context: _Context, body: dict[str, Any], raw: str) -> Iterator[Interaction]:
    at = ytd.moment(body.get("createdAt"))
    for uid in map(ytd.user_id, body.get("userIds") or []):
        if not context.mine(uid):
            yield _interaction(context, "other", False, at, uid, raw, "left this group chat")


def _renamed(context: _Context, body: dict[str, Any], raw: str) -> Iterator[Interaction]:
    by = ytd.user_id(body.get("initiatingUserId"))
    if not context.mine(by):
        at, name = ytd.moment(body.get("createdAt")), body.get("name")
        yield _interaction(
            context, "other", False, at, by, raw, f"renamed this group chat to {name!r}"
        )


def _text(body: dict[str, Any]) -> str | None:
    """The message text, then each link's full address when the text shows only its t.co form."""
    text = body.get("text") if isinstance(body.get("text"), str) else ""
    links = [
        url["expanded"]
        for url in body.get("urls") or []
        if isinstance(url, dict)
        and isinstance(url.get("expanded"), str)
        and url["expanded"] not in text
    ]
    return "\n".join(part for part in (text.strip(), *links) if part) or None


def _time_or(value: Any, fallback: datetime | None) -> datetime | None:
    try:
        return ytd.moment(value) or fallback
    except SkipRecord:
        return fallback


_HANDLERS: dict[str, Callable[[_Context, dict[str, Any], str], Iterator[Interaction]]] = {
    **dict.fromkeys(_MESSAGES, _message),
    "reactionCreate": _reaction,
    "joinConversation": _joined,
    "participantsJoin": _joins,
    "participantsLeave": _leaves,
    "conversationNameUpdate": _renamed,
}
