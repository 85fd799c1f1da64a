"""Words around a configured keyword that make it evidence from a stranger's account.

A place or a word others write too ('Lake Placid', 'Sweet pea') is small talk from most
people; beside words that speak of it as a past the writer shares with the reader ('remember
Lake Placid?', 'ti ricordi Lago di Braies?', '… y pienso en ti') or that say the writer is
someone the reader knows ('Schnucki, ich bin's'), it is not. Words are compared as
`keywords.tokens` writes them: accents off, other scripts in Latin letters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from matcher import keywords

# Words asking whether the reader remembers: 'remember', 'pamiętasz', 'ricordi'. Beside a
# place they speak of a shared past; right before any keyword (`REMEMBER`), too.
ASKING = frozenset(
    {"remember", "recuerdas", "acuerdas", "ricordi", "lembra", "lembras", "souviens"}
    | {"rappelles", "pamietasz", "hatirla", "pomnish", "thumasai", "thymasai"}
)
# Words that speak of a place or a name as a past the writer shares with the reader: from a
# stranger, 'remember Lake Placid?' or 'Lake Placid was ours' is not small talk about a place.
RECALLING = ASKING | frozenset(
    {"remembering", "ours", "our"}
    | {"recuerdo", "nuestro", "nuestra", "nuestros", "nuestras"}  # es
    | {"ricordo", "nostro", "nostra", "nostri", "nostre"}  # it
    | {"lembro", "nosso", "nossa", "nossos", "nossas"}  # pt
    | {"erinnerst", "erinnere", "unser", "unsere", "unseren", "unserem"}  # de
    | {"notre"}  # fr
    | {"pamietam", "nasz", "nasza", "nasze"}  # pl
    | {"hatirliyor", "hatirlar", "hatirliyorum", "bizim"}  # tr
    | {"pomniu", "nash", "nasha", "nashe"}  # ru
    | {"herinner", "herinnering", "onze"}  # nl
    | {"minns", "minnes", "husker", "huske", "husk", "vores", "vaar"}  # sv, no, da
    | {"emlekszel", "emlekszem", "emlekezz"}  # hu
    | {"ingat", "ingatkah", "naaalala", "naalala", "alala"}  # id, tl
    | {"oboeteru", "oboeteiru", "omoide"}  # ja, in Latin letters
    | {"yaad", "fakir", "fakra", "fakrah", "fakerr"}  # hi, ar, in Latin letters
)
# Words of longing: beside a place of several words ('I miss Lake Placid'), a shared past too;
# beside one word, which may be an endearment, what friends write as well ('miss you Baobei').
LONGING = frozenset(
    {"miss", "missing", "extrano", "extranas", "manchi", "saudade", "vermisse", "manques"}
    | {"tesknie", "ozledim", "skuchaiu"}
)
# Words asking whether the reader remembers what follows them: right before a keyword, even a
# well-known place or a common word ('remember Sylt?', 'pamiętasz Zakopane?', 'weißt du noch,
# Königssee?'), they ask about a past the two share; 'miss' or 'our' beside a common word do
# not ('miss you honey').
REMEMBER = frozenset({(word,) for word in ASKING}) | frozenset(
    {("erinnerst", "du", "dich", "an"), ("weisst", "du", "noch"), ("denkst", "du", "an")}
    | {("hatirliyor", "musun"), ("weet", "je", "nog")}
)
_REMEMBER_LONGEST = max(map(len, REMEMBER))
_OF = frozenset({"de", "di", "do", "da", "of", "the", "an", "o", "a"})  # 'te acuerdas de Sylt'
# '… and I think of you': beside a place, from a stranger, a shared past as well.
THINKING_OF_YOU = frozenset(
    {("thinking", "of", "you"), ("thinking", "about", "you"), ("think", "of", "you")}
    | {("pienso", "en", "ti"), ("penso", "a", "te"), ("penso", "em", "voce")}
    | {("penso", "em", "ti"), ("denke", "an", "dich"), ("pense", "a", "toi")}
    | {("denk", "aan", "je"), ("tenker", "pa", "deg"), ("tanker", "pa", "dig")}
)
# Words a message says who is writing with, to someone who knows the writer: 'it's me'.
ITS_ME = frozenset(
    {("it", "s", "me"), ("its", "me"), ("it", "is", "me"), ("soy", "yo"), ("sono", "io")}
    | {("sou", "eu"), ("ich", "bin", "s"), ("ich", "bins"), ("ich", "bin", "es")}
    | {("c", "est", "moi"), ("to", "ja"), ("benim", "ben"), ("ben", "benim"), ("eto", "ia")}
    | {("ego", "eimai"), ("eimai", "ego")}
)
# Words of someone cut off who wants to be answered: from an account nobody knows, beside
# the pet name only the restrained person used, they say who writes.
PLEADING = frozenset(
    {("answer", "me"), ("talk", "to", "me"), ("reply", "to", "me"), ("answer", "please")}
    | {("don", "t", "ignore", "me"), ("dont", "ignore", "me")}
    | {("stop", "ignoring", "me"), ("unblock", "me"), ("i", "changed"), ("i", "ve", "changed")}
    | {("i", "have", "changed"), ("give", "me", "a", "chance"), ("drop", "the", "order")}
    | {("contestame",), ("respondeme",), ("hablame",), ("no", "me", "ignores")}
    | {("ignorarme",), ("he", "cambiado"), ("desbloqueame",), ("retira", "la", "orden")}
    | {("rispondimi",), ("parlami",), ("non", "ignorarmi"), ("ho", "cambiato")}
    | {("sono", "cambiato"), ("sbloccami",), ("responde", "me"), ("me", "responde")}
    | {("fala", "comigo"), ("nao", "me", "ignores"), ("eu", "mudei"), ("me", "desbloqueia")}
    | {("antworte", "mir"), ("rede", "mit", "mir"), ("sprich", "mit", "mir")}
    | {("ignorier", "mich", "nicht"), ("ich", "hab", "mich", "geandert")}
    | {("ich", "habe", "mich", "geandert"), ("entsperr", "mich"), ("reponds", "moi")}
    | {("parle", "moi"), ("j", "ai", "change"), ("ne", "m", "ignore", "pas"), ("odpisz",)}
    | {("odpowiedz", "mi"), ("zmienilem", "sie"), ("odblokuj", "mnie"), ("cevap", "ver")}
    | {("degistim",), ("engeli", "kaldir"), ("otvet", "mne"), ("pogovori", "so", "mnoi")}
    | {("ia", "izmenilsia"), ("ne", "ignorirui", "menia"), ("antworte",), ("odezwij", "sie")}
    | {("mnie", "ignorowac"), ("ignore", "me"), ("ik", "ben", "veranderd"), ("antwoord", "me")}
    | {("jeg", "har", "forandret"), ("svar", "meg"), ("svara", "mig"), ("valaszolj",)}
    | {("megvaltoztam",), ("balas", "aku"), ("sagutin", "mo", "ako"), ("nagbago", "na", "ako")}
    | {("henji", "shite"), ("kawatta",), ("jawab", "do"), ("raddi", "3alaya"), ("rod", "3alaya")}
)


# Words that put a place after them: 'going to Zagori', 'tips for Zagori', 'back from
# Zagori'. A coined word after one of them is a place others visit, not a private pet name.
LOCATIVE = frozenset(
    {"to", "from", "in", "at", "near", "for", "visit", "visited", "visiting", "around"}
    | {"a", "en", "desde", "hacia", "por", "para", "al", "da", "dal", "nel", "nella", "em"}
    | {"no", "na", "do", "nach", "im", "zum", "zur", "am", "aus", "von", "bei", "au", "vers"}
    | {"w", "we", "nad", "sto", "sti", "stin", "ston", "apo", "v", "iz"}
)
_NEAR = 3  # words either side of the keyword, within its sentence
_SENTENCE = re.compile(r"[.!?;:\n¡¿]+")


def recalled(keyword: keywords.Keyword, texts: Iterable[str | None]) -> str | None:
    """A word near the keyword, in its own sentence, that speaks of it as a shared past
    (`RECALLING`), if the texts have one.

    >>> placid = keywords.prepare(["Lake Placid"])[0]
    >>> recalled(placid, ["remember Lake Placid?"]), recalled(placid, ["Lake Placid was ours"])
    ('remember', 'ours')
    >>> recalled(placid, ["anyone been to Lake Placid lately?"])
    >>> recalled(placid, ["miss you guys. see you at lake placid"])
    >>> recalled(placid, ["remember to book Lake Placid"])
    >>> recalled(placid, ["at Lake Placid, thinking of you"])
    'thinking of you'
    """
    target, size = keyword.joined, len(keyword.tokens)
    for text in texts:
        for sentence in _SENTENCE.split(text[: keywords.MAX_TEXT]) if text else ():
            words = keywords.tokens(sentence)
            for start, width in keywords.places(target, size, words):
                before = range(max(0, start - _NEAR), start)
                after = range(start + width, min(len(words), start + width + _NEAR))
                for at in (*before, *after):
                    longing = size > 1 and words[at] in LONGING
                    if (words[at] in RECALLING or longing) and words[at + 1 : at + 2] != ["to"]:
                        return words[at]  # not 'remember to book Lake Placid'
                    if tuple(words[at : at + 3]) in THINKING_OF_YOU:
                        return " ".join(words[at : at + 3])
    return None


def asked_back(keyword: keywords.Keyword, texts: Iterable[str | None]) -> str | None:
    """Words right before the keyword that ask whether the reader remembers it (`REMEMBER`),
    as compared, if the texts have them.

    >>> sylt = keywords.prepare(["Sylt"])[0]
    >>> asked_back(sylt, ["weißt du noch, Sylt?"]), asked_back(sylt, ["te acuerdas de Sylt?"])
    ('weisst du noch', 'acuerdas')
    >>> asked_back(sylt, ["Sylt! remember the ferry?"]), asked_back(sylt, ["miss you, Sylt"])
    (None, None)
    """
    target, size = keyword.joined, len(keyword.tokens)
    for text in texts:
        words = keywords.tokens(text) if text else []
        for start, _ in keywords.places(target, size, words):
            end = start - 1 if start and words[start - 1] in _OF else start
            for width in range(1, min(_REMEMBER_LONGEST, end) + 1):
                if tuple(words[end - width : end]) in REMEMBER:
                    return " ".join(words[end - width : end])
    return None


def as_place(keyword: keywords.Keyword, texts: Iterable[str | None]) -> bool:
    """Whether the texts put the keyword after a word that introduces a place (`LOCATIVE`).

    >>> zagori = keywords.prepare(["Zagori"])[0]
    >>> as_place(zagori, ["any restaurant tips for Zagori?"]), as_place(zagori, ["Zagori, please"])
    (True, False)
    """
    target, size = keyword.joined, len(keyword.tokens)
    for text in texts:
        words = keywords.tokens(text) if text else []
        for start, _ in keywords.places(target, size, words):
            if start and words[start - 1] in LOCATIVE:
                return True
    return False


def says_who(texts: Iterable[str | None]) -> str | None:
    """Words by which a message says the writer is someone the reader knows ('it's me',
    'soy yo', 'ich bin's'), as compared, if the texts have them.

    >>> says_who(["Schnucki, ich bin's"]), says_who(["hey Sweet pea, it's me"])
    ('ich bin s', 'it s me')
    >>> says_who(["it's meant to be", "is it me or"])
    """
    return _phrase(ITS_ME, texts)


def pleads(texts: Iterable[str | None]) -> str | None:
    """Words by which a message pleads to be answered or taken back (`PLEADING`), if any.
    Others say them too ('talk to me about it tomorrow?'): a second sign, never a first.

    >>> pleads(["buonanotte Tesoro", "ti prego rispondimi"]), pleads(["I changed, I swear"])
    ('rispondimi', 'i changed')
    >>> pleads(["please answer the survey"])
    """
    return _phrase(PLEADING, texts)


def _phrase(phrases: frozenset[tuple[str, ...]], texts: Iterable[str | None]) -> str | None:
    """The first of the phrases the texts hold, whole words as compared, not followed by
    'to' ('it's me to blame' is no 'it's me')."""
    longest = max(map(len, phrases))
    for text in texts:
        words = keywords.tokens(text) if text else []
        for at in range(len(words)):
            for width in range(1, longest + 1):
                phrase = tuple(words[at : at + width])
                if phrase in phrases and words[at + width : at + width + 1] != ["to"]:
                    return " ".join(phrase)
    return None
