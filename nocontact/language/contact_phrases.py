"""Plain words for records: what happened, whether it counts, who began the conversation.

English msgids, translated through the gettext catalogues (nocontact/i18n.py), so the
report, the export and the review page say the same thing in the same words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nocontact.language.catalogues import translations, when

if TYPE_CHECKING:  # types only: the order's terms live in evidence/, which imports this module
    from nocontact.evidence.terms import Assessment, ThreadStart

_FROM_THEM = {
    "follow": "Followed you",
    "follow_request": "Asked to follow you",
    "like": "Liked your post",
    "comment": "Commented on your post",
    "reply": "Replied to you",
    "mention": "Mentioned you",
    "tag": "Tagged you",
    "message": "Sent you a message",
    "message_request": "Sent you a message request",
    "reaction": "Reacted to a message",
    "repost": "Reposted your post",
    "quote": "Quoted your post",
    "share": "Shared your post",
    "story_reply": "Replied to your story",
    "unsent_message": "Sent you a message, then unsent it",
    "block": "Blocked you",
    "restrict": "Restricted you",
    "other": "Interacted with you",
}
_FROM_YOU = {
    "follow": "You followed this account",
    "message": "You sent a message",
    "message_request": "You sent a message",
    "reaction": "You reacted to a message",
    "unsent_message": "You sent a message, then unsent it",
    "block": "You blocked this account",
    "restrict": "You restricted this account",
}
_REASONS = {
    "violation": "Contact while the order was in force",
    "from_you": "Your own action: not a violation, kept for the record",
    "before_order": "Outside the order: before it was issued",
    "after_order": "Outside the order: after it expired",
    "third_party_not_covered": "Through a third party: this order does not cover that",
    "undated": "Time not given by the archive: contact to review, not placed inside or "
    "outside the order",
    "implausible_time": "Implausible time in the archive: contact to review, not placed "
    "inside or outside the order",
}
_KIND_NOUNS = {  # what an archive cannot show, in the gaps list
    "follow": "follows",
    "follow_request": "follow requests",
    "like": "likes",
    "comment": "comments",
    "reply": "replies",
    "mention": "mentions",
    "tag": "tags",
    "message": "messages",
    "message_request": "message requests",
    "reaction": "reactions",
    "repost": "reposts",
    "quote": "quotes",
    "share": "shares",
    "story_reply": "story replies",
    "unsent_message": "unsent messages",
    "block": "blocks",
    "restrict": "restrictions",
    "other": "other records",
}
_STARTED = {
    "you": "Conversation started by you on %(date)s (first message on record)",
    "them": "Conversation started by them on %(date)s (first message on record)",
}


def what_happened(kind: str, direction: str, lang: str) -> str:
    """'Sent you a message', 'You blocked this account'… in the reader's language."""
    if direction == "out":
        text = _FROM_YOU.get(kind, "You interacted with this account")
    else:
        text = _FROM_THEM.get(kind, _FROM_THEM["other"])
    return translations(lang).gettext(text)


def counts(assessment: Assessment, lang: str) -> str:
    """Why a record does or does not count under the order's terms."""
    return translations(lang).gettext(_REASONS[assessment.reason])


def started(start: ThreadStart, timezone: str, lang: str) -> str:
    """'Conversation started by you on …': replying is no violation, but the record shows it."""
    text = translations(lang).gettext(_STARTED[start.by])
    return text % {"date": when(start.at, timezone, lang)}


def kind_noun(kind: str, lang: str) -> str:
    """A record type as a plural noun in the reader's language ('follow requests')."""
    return translations(lang).gettext(_KIND_NOUNS.get(kind, kind.replace("_", " ")))


def gap(kinds: tuple[str, ...], advice: str, lang: str) -> str:
    """'likes, comments: Likes, comments… are not in the download…' in the reader's language.

    The advice texts of every parser's GAPS are msgids of the catalogue, so the list of what an
    archive cannot show reads in the report's language like the rest of it.
    """
    gettext = translations(lang).gettext
    nouns = ", ".join(gettext(_KIND_NOUNS.get(kind, kind)) for kind in kinds)
    return f"{nouns}. {gettext(advice)}"
