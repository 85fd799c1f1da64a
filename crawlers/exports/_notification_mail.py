"""Platform notification e-mails: the likes, comments, tags, mentions and follows archives omit.

Instagram, Threads and TikTok downloads hold no likes, comments, tags or mentions received, and
X's holds no replies or mentions; a user who kept the platform's notification e-mails has them
("Rob Miller (@rob.miller82) commented on your post: “…”"). A mail counts only when it is the
platform's own: the From address is on the platform's domain AND the receiving server's
verdict (the topmost `Authentication-Results`) says DKIM or DMARC passed for that domain. The
same words from any other sender, or without that verdict, stay a plain e-mail.

Wordings are English and Spanish (docs/formats/email.md lists them with sources); a sentence
that matches none is not guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message
from email.utils import parseaddr

from crawlers.events import WORDED_TYPES, Account

# Each platform's sending domains (subdomains included).
_DOMAINS: dict[str, tuple[str, ...]] = {
    "instagram": ("instagram.com",),
    "threads": ("threads.net", "threads.com", "instagram.com"),
    "facebook": ("facebookmail.com", "facebook.com"),
    "tiktok": ("tiktok.com",),
    "x": ("x.com", "twitter.com"),
}
_PROFILE = {
    "instagram": "https://www.instagram.com/{}",
    "threads": "https://www.threads.net/@{}",
    "tiktok": "https://www.tiktok.com/@{}",
    "x": "https://x.com/{}",
}
_THING = (
    r"(?:post|photo|video|reel|story|thread|comment|tweet|publicación|foto|video|vídeo|reel|"
    r"historia|hilo|comentario|tuit|post)"
)
_EN_ES = r"(?:your|a|tu|una?|la|el)"
# Verb phrases after the actor, most specific first, with the interaction type each means.
_PHRASES: tuple[tuple[str, str], ...] = (
    (
        "reply",
        rf"replied to {_EN_ES} {_THING}|respondi(?:ó|eron) a {_EN_ES} {_THING}|replied to you",
    ),
    ("mention", r"mentioned you\b[^:]*|te mencion(?:ó|aron)\b[^:]*"),
    ("tag", r"tagged you\b[^:]*|te etiquet(?:ó|aron)\b[^:]*"),
    (
        "comment",
        rf"commented on {_EN_ES} {_THING}|coment(?:ó|aron) (?:en )?{_EN_ES} {_THING}|commented",
    ),
    (
        "like",
        rf"liked {_EN_ES} {_THING}|les? (?:dio|dieron) me gusta a {_EN_ES} {_THING}"
        rf"|les? gust(?:ó|aron) {_EN_ES} ",
    ),
    ("follow_request", r"requested to follow you|(?:solicit(?:ó|aron)|quieren?) seguirte"),
    ("follow_request", r"sent you a friend request|te envi(?:ó|aron) una solicitud de amistad"),
    ("follow", r"started following you|is now following you|followed you|follows you"),
    ("follow", r"(?:empez|comenz)(?:ó|aron) a seguirte|te siguen?\b|te ha seguido"),
    ("message", r"sent you a (?:message|direct message)|messaged you|te envi(?:ó|aron) un mensaje"),
)
_ACTOR = (
    r"^(?:A\s+)?(?:(?P<name>[^()@\n]+?)\s+\(@(?P<handle>[\w.]+)\)"  # Name (@handle)
    r"|@?(?P<bare>[\w.]*[\w])(?=\s)"  # handle alone (Instagram, TikTok subjects)
    r"|(?P<fullname>[^()@:\n]+?))"  # a name alone (Facebook)
    r"(?:\s+(?:and|y)\s+(?:\d+|one|una?)\s+(?:others?|other people|personas?(?:\s+más)?|más))?"
    r"\s+"  # "… and 3 others": only the named account is known
)
_SENTENCES = tuple(
    (kind, re.compile(_ACTOR + rf"(?P<verb>{phrase})(?P<rest>.*)$", re.IGNORECASE | re.DOTALL))
    for kind, phrase in _PHRASES
)
_QUOTE = re.compile(r"^\s*:\s*[\"“'‘«]?(?P<quote>.+?)[\"”'’»]?\s*$", re.DOTALL)
_HIDDEN = re.compile(r"[\u200b-\u200f\u2066-\u2069\ufeff]")


@dataclass(frozen=True, slots=True)
class Notice:
    """What one notification e-mail says happened, and by whom."""

    platform: str
    type: str
    account: Account
    text: str | None
    target: str | None = None


def read_notice(message: Message, subject: str, body: str) -> Notice | None:
    """The event a platform's own notification e-mail reports; None for any other mail."""
    platform = _sender_platform(message)
    if platform is None:
        return None
    lines = [subject, *body.splitlines()[:40]]
    found = [hit for line in lines if (hit := _sentence(_HIDDEN.sub("", line).strip()))]
    if not found:
        return None
    kind, match = found[0]
    quotes = (_quote(m) for k, m in found if k == kind and _actor(m) == _actor(match))
    quote = next((q for q in quotes if q), None)  # the subject names it, the body quotes it
    return _notice(_refine(platform, subject, body), kind, match, quote)


def _sender_platform(message: Message) -> str | None:
    """The platform whose domain sent the mail and passed the receiving server's check."""
    _, address = parseaddr(str(message.get("From", "")))
    domain = address.rpartition("@")[2].casefold()
    verdict = " ".join(str(message.get("Authentication-Results", "")).casefold().split())
    for platform, domains in _DOMAINS.items():
        own = next((d for d in domains if domain == d or domain.endswith("." + d)), None)
        if own and _passed(verdict, domains):
            return platform
    return None


def _passed(verdict: str, domains: tuple[str, ...]) -> bool:
    """Whether the verdict says DKIM or DMARC passed for one of the platform's domains."""
    for clause in verdict.split(";"):  # the topmost header: the one the receiver wrote
        found = re.search(r"\b(dkim|dmarc)=pass\b.*?header\.(?:d|i|from)=@?([\w.-]+)", clause)
        if found and any(found[2] == d or found[2].endswith("." + d) for d in domains):
            return True
    return False


def _refine(platform: str, subject: str, body: str) -> str:
    """Threads mail comes from Instagram's servers; its subject or links name Threads."""
    if platform == "instagram" and re.search(
        r"\bthreads\b|threads\.(?:net|com)", f"{subject}\n{body}", re.I
    ):
        return "threads"
    return platform


def _sentence(line: str) -> tuple[str, re.Match[str]] | None:
    for kind, pattern in _SENTENCES:
        if found := pattern.match(line):
            return kind, found
    return None


def _actor(match: re.Match[str]) -> str:
    return (match["handle"] or match["bare"] or match["name"] or match["fullname"]).casefold()


def _quote(match: re.Match[str]) -> str | None:
    quoted = _QUOTE.match(match["rest"])
    return quoted["quote"].strip() if quoted else None


def _notice(platform: str, kind: str, match: re.Match[str], quote: str | None) -> Notice:
    handle = match["handle"] or match["bare"]
    name = match["name"] or match["fullname"]
    if platform == "facebook" or not handle:
        account = Account(platform, display_name=(name or handle or "").strip())
    else:
        url = _PROFILE[platform].format(handle)
        account = Account(platform, handle=handle, display_name=name, url=url)
    sentence = match.group(0).strip()
    return Notice(platform, kind, account, quote if kind in WORDED_TYPES else sentence)
