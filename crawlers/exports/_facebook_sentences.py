"""Sentences Facebook writes instead of data: notifications (message placeholders: _meta).

Notifications are the only per-event record of comments, reactions, tags and mentions the
owner received, and Facebook writes them as sentences in the account's language
("Robert Miller commented on your post.", "A Robert Miller le gustó tu publicación.").
The wordings below are English and Spanish; a sentence that matches none is not guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_YOUR = r"(?:your|tu|tus)\b"
_AND_ANY_LANGUAGE = "and|y|e|et|und"
# A notification is English or Spanish: "and" joins two names, and "y" only before a plural verb
# ("Ana y Luis comentaron"); a singular verb keeps "José Ortega y Gasset comentó" one name, and
# "von und zu" or "da Silva e Souza" is never two people.
_SINGULAR = re.compile(r"^(?:likes|is|\w+ó)\b|^(?:le|te) ", re.IGNORECASE)
# English and Spanish verb phrases after the actor(s), most specific first; type per phrase.
_ACTOR_FIRST: tuple[tuple[str, str], ...] = (
    ("story_reply", r"replied to your story|respondi(?:ó|eron) a tu historia"),
    ("reaction", r"reacted (?:\S+ )?to your story|reaccion(?:ó|aron) a tu historia"),
    ("other", r"also commented on|también coment(?:ó|aron)"),
    ("reply", r"replied to (?:your|a comment you)|respondi(?:ó|eron) a (?:tu|un comentario)"),
    ("comment", r"commented on (?:your|a (?:post|photo|video) you)|coment(?:ó|aron) (?:en )?tu"),
    ("comment", r"coment(?:ó|aron) (?:en )?(?:una|la) publicación en la que"),
    ("reaction", r"reacted (?:\S+ )?to (?:your|a (?:post|comment|photo) you)"),
    ("reaction", r"reaccion(?:ó|aron) (?:\S+ )?a " + _YOUR),
    ("like", r"(?:likes|liked|like) " + _YOUR + r"|indic(?:ó|aron) que les? gusta"),
    ("mention", r"mentioned you\b|te mencion(?:ó|aron)"),
    ("tag", r"tagged you\b|te etiquet(?:ó|aron)"),
    ("follow_request", r"sent you a friend request|te envi(?:ó|aron) una solicitud de amistad"),
    ("follow", r"started following you|(?:is|are) now following you|followed you\b"),
    ("follow", r"(?:empez|comenz)(?:ó|aron) a seguirte|te sigue"),
    ("share", r"shared " + _YOUR + r"|comparti(?:ó|eron) " + _YOUR),
    ("other", r"accepted your friend request|acept(?:ó|aron) tu solicitud de amistad"),
    ("other", r"poked you|te dio un toque|te toc(?:ó|aron)"),
    ("other", r"(?:posted|wrote) on your (?:timeline|wall|profile)"),
    ("other", r"(?:publicó|escribió) en tu (?:biografía|muro|perfil)"),
    ("other", r"invited you to|te invit(?:ó|aron) a|waved at you|te salud(?:ó|aron)"),
    ("other", r"sent you a message|te envi(?:ó|aron) un mensaje"),
)
_NOTIFICATIONS = tuple(
    (kind, re.compile(r"^(?P<actors>.+?) (?:" + phrase + r")", re.IGNORECASE))
    for kind, phrase in _ACTOR_FIRST
) + (
    # Spanish puts the one who likes first, after "A": "A Robert Miller le gustó tu foto."
    (
        "like",
        re.compile(
            r"^A (?P<actors>.+?) (?:le|les) (?:gusta|gustó|gustan|gustaron|encanta|encantó)\b",
            re.IGNORECASE,
        ),
    ),
)
# "Robert Miller and 3 others", "Robert Miller y 2 personas más": the others are not named.
_OTHERS = re.compile(
    r"\s+(?:and|y)\s+(?:\d+|one|una?|otras?)\s+(?:others?|other people|personas?(?:\s+más)?"
    r"|más)\s*$",
    re.IGNORECASE,
)


def split_names(
    text: str, *, ends_sentence: bool = True, joined_by: str = _AND_ANY_LANGUAGE
) -> list[str]:
    """Names in a list such as "A, B and C" (by default English, Spanish, French, German,
    Japanese; `joined_by` says which words join two names).

    Where the list `ends_sentence`, a full stop ending it is not part of the last name, unless
    it ends an initial or an abbreviation ('Jr.'); before a verb, nothing is taken off.

    >>> split_names("Jane Doe, Robert Miller y Lucía Fernández.")
    ['Jane Doe', 'Robert Miller', 'Lucía Fernández']
    >>> split_names("Volkov A. and Liesl S."), split_names("Ana Cruz and Rosario Santos Jr.")
    (['Volkov A.', 'Liesl S.'], ['Ana Cruz', 'Rosario Santos Jr.'])
    """
    text = text.strip()
    last = text.rsplit(None, 1)[-1].rstrip(".").casefold() if text else ""
    if ends_sentence and text.endswith(".") and not _INITIAL_AT_END.search(text):
        text = text if last in _ABBREVIATIONS else text.rstrip(".")
    parts = re.split(rf",\s*|、|\s+(?:{joined_by})\s+", text)
    return [p.strip() for p in parts if p.strip()]


_INITIAL_AT_END = re.compile(r"(?:^|[\s.])[^\W\d_]\.$")  # 'Volkov A.', 'R.J.'


# Words a name ends with a full stop of its own: 'Rosario de los Santos Jr.', 'Acme Co.'
_ABBREVIATIONS = frozenset({"jr", "sr", "co", "inc", "ltd", "bros", "corp", "esq", "st", "dr"})


@dataclass(frozen=True, slots=True)
class Notice:
    """What one notification sentence says: the kind of contact and who made it."""

    type: str
    actors: tuple[str, ...]


def read_notification(text: str) -> Notice | None:
    """The kind of contact and the named actors, or None if the wording is not known.

    >>> read_notification("Robert Miller commented on your post.")
    Notice(type='comment', actors=('Robert Miller',))
    >>> read_notification("A Robert Miller y 2 personas más les gustó tu publicación.")
    Notice(type='like', actors=('Robert Miller',))
    >>> read_notification("Robert Miller te etiquetó en una publicación.")
    Notice(type='tag', actors=('Robert Miller',))
    >>> read_notification("Ana Cruz and Rosario Santos Jr. like your video.")
    Notice(type='like', actors=('Ana Cruz', 'Rosario Santos Jr.'))
    >>> read_notification("José Ortega y Gasset comentó tu publicación.").actors
    ('José Ortega y Gasset',)
    >>> read_notification("You have memories with Robert Miller to look back on today.")
    """
    sentence = " ".join(text.split())
    for kind, pattern in _NOTIFICATIONS:
        match = pattern.match(sentence)
        if match:
            named = _OTHERS.sub("", match.group("actors"))
            verb = sentence[match.end("actors") :].strip()
            joined_by = "and" if _SINGULAR.match(verb) else "and|y"
            actors = tuple(split_names(named, ends_sentence=False, joined_by=joined_by))
            if actors and not any(a.casefold() in ("you", "tú", "usted") for a in actors):
                return Notice(kind, actors)
    return None
