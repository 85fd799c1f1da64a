"""One direct-message box of Instagram's HTML export, read into the parts the JSON holds.

A message box (2023+; before, the sender is a `<div>` with the same classes):

    <div class="pam _3-95 _2ph- _a6-g uiBoxWhite noborder">
      <h2 class="_3-95 _2pim _a6-h _a6-i">SENDER</h2>
      <div class="_3-95 _a6-p"><div>
        <div></div><div>TEXT</div><div>SHARED POST OR MEDIA</div><div></div>
        <div><ul class="_a6-q"><li><span>❤️NAME<span> (DATE)</span></span></li></ul></div>
      </div></div>
      <div class="_3-94 _a6-o">DATE</div>
    </div>
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo

import lxml.html

from crawlers.errors import SkipRecord
from crawlers.exports._meta_html import has_class, parse_date, text_of

_HEADER = re.compile(r"^[^:]{3,40}:\s*(?P<names>.+)$")
_NAME_SEPARATORS = re.compile(r",\s*|\s+(?:and|y|e|et|und|en)\s+")
_REACTION_TIME = re.compile(r"\s*\((?P<date>[^()]*)\)\s*$")
_HANDLE = re.compile(r"^[A-Za-z0-9._]{1,30}$")
_MEDIA = ("img", "video", "audio", "a")
_NESTED = ("div", "ul", "table", *_MEDIA)
_URL = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Message:
    """What one box shows; `parts` are the JSON's content, shared text and shared link."""

    sender: str
    date: str
    content: str | None
    parts: tuple[str | None, ...]
    reactions: tuple[str, ...]
    empty: bool


def read_message(box: lxml.html.HtmlElement) -> Message | tuple[str, ...] | None:
    """A message, a group thread's participant names, or None for any other header box."""
    dates = box.xpath(f"./*[{has_class('_a6-o')}]")
    bodies = box.xpath(f"./*[{has_class('_a6-p')}]")
    headings = box.xpath(f"./*[{has_class('_a6-h')}]")
    sender = text_of(headings[0]).strip() if headings else ""
    if not dates:
        if bodies and text_of(bodies[0]).strip():
            raise SkipRecord("a message without a date")
        header = _HEADER.match(sender)
        return tuple(_NAME_SEPARATORS.split(header.group("names"))) if header else None
    if not sender:
        raise SkipRecord("a message without a sender")
    body = bodies[0] if bodies else None
    reactions = tuple(text_of(li) for li in box.xpath(f".//ul[{has_class('_a6-q')}]/li"))
    content, shared, link = _body(body) if body is not None else (None, None, None)
    media = body is not None and next(body.iter(*_MEDIA), None) is not None
    return Message(
        sender=sender,
        date=text_of(dates[0]),
        content=content,
        parts=(content, shared, link),
        reactions=reactions,
        empty=not (content or shared or link or media or reactions),
    )


def _body(body: lxml.html.HtmlElement) -> tuple[str | None, str | None, str | None]:
    """(text, shared post's text, shared link) from the message body's blocks."""
    blocks = body.findall("div")
    if len(blocks) == 1 and blocks[0].findall("div"):
        blocks = blocks[0].findall("div")  # the usual extra wrapper
    content = next((text_of(b) for b in blocks if _is_text(b)), None)
    shared = next((b for b in blocks if not _is_text(b) and _is_share(b)), None)
    if shared is None:
        return content, None, None
    links = [a.get("href") for a in shared.iter("a") if _URL.match(a.get("href") or "")]
    texts = [text_of(d) for d in shared.iter("div") if _is_caption(d, shared)]
    # A shared post shows its caption, then its owner's username, then its link; a lone
    # username-like line is the owner (the JSON's `original_content_owner`, not text).
    caption = texts[0] if len(texts) > 1 or (texts and not _HANDLE.match(texts[0])) else None
    return content, caption, links[0] if links else None


def _is_text(block: lxml.html.HtmlElement) -> bool:
    """The message's own text: a block holding text and nothing nested but line breaks."""
    nested = any(e.tag in _NESTED for e in block.iterdescendants())
    return not nested and bool(text_of(block).strip())


def _is_share(block: lxml.html.HtmlElement) -> bool:
    if block.xpath(f".//ul[{has_class('_a6-q')}]"):
        return False
    linked = any(_URL.match(a.get("href") or "") for a in block.iter("a"))
    return linked or any(_is_caption(d, block) for d in block.iter("div"))


def _is_caption(div: lxml.html.HtmlElement, within: lxml.html.HtmlElement) -> bool:
    """A text line of a shared post: a div holding text only, outside any link or video."""
    if div is within or div.findall("div") or next(div.iter("a"), None) is not None:
        return False
    if any(a.tag in ("a", "video", "audio") for a in div.iterancestors()):
        return False
    return bool(text_of(div).strip())


def split_reaction(
    shown: str, names: Iterable[str], clock: tzinfo
) -> tuple[str, str, datetime | None]:
    """(emoji, actor, time) from "❤️Jane Doe (Sep 19, 2025 1:31 am)"; the time is optional.

    The emoji is written straight before the name, so a known name is matched at the end;
    otherwise the name starts at the first letter or digit.

    >>> from datetime import UTC
    >>> split_reaction("😂Zoë L. (Sep 18, 2025 8:02 pm)", {"Zoë L."}, UTC)[:2]
    ('😂', 'Zoë L.')
    >>> split_reaction("👍Jane Doe", set(), UTC)
    ('👍', 'Jane Doe', None)
    """
    shown = " ".join(shown.split())
    when = None
    match = _REACTION_TIME.search(shown)
    if match:
        try:
            when = parse_date(match.group("date"), clock)
            shown = shown[: match.start()]
        except SkipRecord:
            when = None  # a bracket in the name, not a time
    actor = next((n for n in sorted(names, key=len, reverse=True) if _ends_with(shown, n)), None)
    if actor is None:
        start = next((i for i, c in enumerate(shown) if unicodedata.category(c)[0] in "LN"), 0)
        actor = shown[start:]
    emoji = shown[: len(shown) - len(actor)].strip()
    if not emoji or not actor.strip():
        raise SkipRecord(f"unreadable reaction {shown!r}")
    return emoji, actor.strip(), when


def _ends_with(shown: str, name: str) -> bool:
    return bool(name) and len(shown) > len(name) and shown.endswith(name)
