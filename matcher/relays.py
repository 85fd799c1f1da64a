"""Words that pass on contact from the restrained person by given name: a third party's lead.

A friend sent to write rarely uses the full name: 'Catriona asked me to tell you he's sorry',
'I'm messaging on behalf of Nicky', 'te escribo de parte de Quique', 'Hasan adına yazıyorum'.
A given name alone is shared by thousands; beside words that say a message is passed on for
someone, it is the restrained person's (or the nickname's) often enough to review, worded as
a lead, never as a fact. Words are compared as `keywords.tokens` writes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from matcher import keywords
from matcher.name_forms import _units, floor_nicknames
from matcher.types import Candidate, Reason
from matcher.word_floors import Found

RELAYED_BY_NAME = 0.75  # a lead just above the hit threshold: a given name is no full name

# Words before a name that say the message comes for that person: 'on behalf of Nicholas'.
BEFORE = frozenset(
    {("on", "behalf", "of"), ("reaching", "out", "for"), ("writing", "for"), ("message", "from")}
    | {("de", "parte", "de"), ("en", "nombre", "de"), ("da", "parte", "di"), ("a", "nome", "di")}
    | {("em", "nome", "do"), ("em", "nome", "da"), ("em", "nome", "de"), ("a", "pedido", "do")}
    | {("im", "auftrag", "von"), ("von", "seiten"), ("de", "la", "part", "de"), ("fra",)}
    | {("w", "imieniu"), ("od",), ("namens",), ("pinapasabi", "ni"), ("sabi", "ni"), ("ot",)}
)
# Words after a name that say the message is passed on for that person: 'Jun asked me to'.
AFTER = frozenset(
    {("asked", "me", "to"), ("told", "me", "to"), ("wants", "you", "to", "know"), ("says", "hi")}
    | {("wants", "to", "talk"), ("sends", "his"), ("sends", "her"), ("wanted", "me", "to")}
    | {("me", "pidio", "que"), ("quiere", "que", "sepas"), ("te", "manda"), ("mi", "ha", "chiesto")}
    | {("vuole", "che", "tu", "sappia"), ("me", "pediu", "para"), ("quer", "que", "saibas")}
    | {("lasst", "dir", "ausrichten"), ("hat", "mich", "gebeten"), ("m", "a", "demande", "de")}
    | {("prosil", "peredat"), ("prosila", "peredat"), ("adina",), ("ki", "taraf", "se")}
    | {("ne", "bola"), ("ne", "kaha"), ("kazal", "przekazac"), ("prosi", "zebym")}
)
_LONGEST = max(map(len, BEFORE | AFTER))
_SHORTEST_NAME = 3  # letters: shorter given names and nicknames ('Mo', 'Jo') are too common


def given_names(names: Iterable[str]) -> frozenset[str]:
    """The given names of the configured names, and their clear nicknames, as compared.

    >>> {"nicholas", "nick", "nicky"} <= given_names(["Nicholas Baker"])
    True
    """
    found: set[str] = set()
    for name in names:
        units = _units(name)
        if len(units) > 1:
            given = "".join(units[0])
            found |= {given, *floor_nicknames(given)}
    return frozenset(n for n in found if len(n) >= _SHORTEST_NAME)


def passed_on(given: frozenset[str], texts: Sequence[str | None]) -> str | None:
    """The words by which the texts pass on contact from one of the `given` names ('jun asked
    me to', 'on behalf of nicky'), as compared, if they do.

    >>> names = given_names(["Nicholas Baker"])
    >>> passed_on(names, ["I'm messaging on behalf of Nicky. he just wants to talk"])
    'on behalf of nicky'
    >>> passed_on(names, ["Nick asked me to bring the charger"]), passed_on(names, ["hi Nick"])
    ('nick asked me to', None)
    """
    if not given:
        return None
    for text in texts:
        words = keywords.tokens(text) if text else []
        for at, word in enumerate(words):
            if word not in given:
                continue
            for width in range(1, _LONGEST + 1):
                before = tuple(words[max(0, at - width) : at])
                if len(before) == width and before in BEFORE:
                    return " ".join((*before, word))
                after = tuple(words[at + 1 : at + 1 + width])
                if len(after) == width and after in AFTER:
                    return " ".join((word, *after))
    return None


def floor(given: frozenset[str], candidate: Candidate) -> list[Found]:
    """The relay floor of an account whose words pass on contact from the restrained person's
    given name or its nickname, if they do."""
    said = passed_on(given, candidate.texts)
    if said is None:
        return []
    text = (
        "relay rule: its own words pass on contact for someone with the restrained person's"
        f" given name ('{said}'); it may be a third party writing for them"
    )
    reason = Reason("relay_floor", "relayed by given name", text, RELAYED_BY_NAME)
    return [("relay", RELAYED_BY_NAME, reason)]
