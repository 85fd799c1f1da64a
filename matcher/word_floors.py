"""The evidence floors an account's own words set (`matcher.rules`): contact and keywords.

Read only for the few accounts that wrote something (messages, a bio, profile links):

- ``contact``: its words, bio or links show the restrained person's phone, e-mail, web address
  or handle;
- ``keyword``: its words use configured keywords (one others write too only with a second
  sign);
- ``relay``: an account under a listed associate's name whose words name the restrained
  person: contact through a third party; under no configured name, words naming them in full
  are a lead to review.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matcher import cues, keywords, links
from matcher.name_forms import FormIndex
from matcher.names import birth_year_digits, normalise, spellings
from matcher.types import Candidate, Reason, Subject

CONTACT_DIRECT, CONTACT_LINK = 0.97, 0.9
KEYWORDS_PRIVATE, KEYWORDS_MANY, KEYWORD_RARE, KEYWORD_COMMON = 0.96, 0.9, 0.8, 0.75
RELAY, RELAYED, NAMED_IN_BIO = 0.96, 0.8, 0.85
DETAILS = {"phone": "phone number", "email": "e-mail address", "url": "web address"}
DETAILS["handle"] = "handle"

Found = tuple[str, float, Reason]  # rule, strength, reason


def names_of(person: Subject) -> tuple[keywords.Keyword, ...]:
    """The restrained person's names as words to find in a relay's messages: each full name
    and its given name (one too short to be told from an ordinary word is left out)."""
    words = [*person.names, *(n.split()[0] for n in person.names if n.split())]
    return tuple(k for k in keywords.prepare(dict.fromkeys(words)) if len(k.joined) >= 3)


_ENDING_IN_A_SURNAME = {"the full name", "without the middle name", "without the second surname"}


@dataclass(frozen=True, slots=True)
class Written:
    """The restrained person's full name forms, as words to find in a stranger's messages."""

    forms: FormIndex
    keywords: tuple[keywords.Keyword, ...]  # given name or nickname with the surname
    anchors: tuple[str, ...]  # its surnames: a text holding none of them names no form


def written_names(forms: FormIndex) -> Written | None:
    """The forms of a name that name its person in a stranger's words: a given name or
    nickname with the surname, either way round; no initials."""
    written = [f for f in forms.by_tokens.values() if not f.initial and len(f.tokens) > 1]
    if not written:
        return None
    # built as they are, not `keywords.prepare`d: no word frequency is ever asked of them
    found = tuple(keywords.Keyword(" ".join(f.tokens), f.tokens) for f in written)
    surnames = {f.tokens[-1] for f in written if f.form in _ENDING_IN_A_SURNAME}
    return Written(forms, found, tuple(sorted(surnames)))


def relay(speaks_of: Sequence[keywords.Keyword], owner: str, candidate: Candidate) -> list[Found]:
    """An account under an associate's name (`owner`'s) whose own words name the restrained
    person (`speaks_of`, their names as keywords)."""
    said_of = keywords.found(speaks_of, (*candidate.texts, candidate.bio))
    if not said_of:
        return []
    said = (
        f"relay rule: an account under {owner} name speaks of the restrained"
        f" person ('{said_of[0].text}') in its own words"
    )
    return [("relay", RELAY, Reason("relay_floor", "relay", said, RELAY))]


def naming(written: Written | None, candidate: Candidate) -> list[Found]:
    """Words of an account under no configured name that name the restrained person in full
    (`written`). In its messages, a third party may be passing on contact for them: a lead to
    review, not a decisive fact, since someone may also name them to warn. In its bio, an
    account says whose it is ('backup of Rob Miller')."""
    if written is None:
        return []
    found: list[Found] = []
    if (said := _said(written, (candidate.bio,))) is not None:
        text = f"name rule: its bio names the restrained person ({said})"
        found.append(
            ("name", NAMED_IN_BIO, Reason("name_floor", "named in bio", text, NAMED_IN_BIO))
        )
    if (said := _said(written, candidate.texts)) is not None:
        text = f"relay rule: its own words name the restrained person ({said}); it may pass on"
        text += " contact for them"
        found.append(("relay", RELAYED, Reason("relay_floor", "relayed", text, RELAYED)))
    return found


def _said(written: Written, texts: Sequence[str | None]) -> str | None:
    """How the texts name the person: "'Robert James Miller', without the middle name"."""
    named = _named(written, texts)
    if named is None or (form := written.forms.by_tokens.get(named.tokens)) is None:
        return None
    return f"'{form.name}', {form.form}"


def _named(written: Written, texts: Sequence[str | None]) -> keywords.Keyword | None:
    """The first form of the name the texts use, written exactly, word for word or glued
    ('Michael Heaffy', 'MichaelHeaffy'). Told first from a surname's letters, then from each
    text's set of words: a message from a busy sender is read once, not once per form."""
    for text in texts:
        if not text or not any(a in normalise(text) for a in written.anchors):
            continue  # most texts: the surname is nowhere in them
        words = set(keywords.tokens(text))
        maybe = [k for k in written.keywords if k.joined in words or words.issuperset(k.tokens)]
        if found := keywords.found(maybe, [text]) if maybe else None:
            return found[0]
    return None


def contact(details: links.Details, owner: str, candidate: Candidate) -> list[Found]:
    """Each of `owner`'s configured contact details the account shows, once."""
    seen: set[tuple[str, str]] = set()
    found: list[Found] = []
    for place, texts in (
        ("its messages", candidate.texts),
        ("its bio", (candidate.bio,)),
        ("its profile links", candidate.links),
    ):
        for text in texts:
            for kind, value in details.find(text):
                if (kind, value) in seen:
                    continue
                seen.add((kind, value))
                score = CONTACT_DIRECT if kind in ("phone", "email") else CONTACT_LINK
                said = f"contact rule: {owner} {DETAILS[kind]} '{value}' appears in {place}"
                found.append(("contact", score, Reason(f"contact_{kind}", kind, said, score)))
    return found


def keyword(
    configured: Sequence[keywords.Keyword],
    candidate: Candidate,
    *,
    owner: str,
    name_parts: frozenset[str],
    birth_year: int | None,
    has_contact: bool,
) -> list[Found]:
    """The configured keywords the account's words use, where they are evidence enough."""
    used = keywords.found(configured, (*candidate.texts, candidate.bio))
    if not used:
        return []
    if len(used) > 1:
        quoted = ", ".join(f"'{k.text}'" for k in used)
        said = f"keyword rule: its own words use {quoted}, keywords from the config"
        # one of them private (not a common word): strangers do not happen on both
        value = KEYWORDS_PRIVATE if any(not k.common for k in used) else KEYWORDS_MANY
        return [("keyword", value, Reason("keyword_floor", "keywords", said, value))]
    (used_one,) = used
    texts = (*candidate.texts, candidate.bio)
    if used_one.private and not cues.as_place(used_one, texts):  # not 'tips for Zagori?'
        said = f"keyword rule: its own words use '{used_one.text}', a keyword from the config"
        return [("keyword", KEYWORD_RARE, Reason("keyword_floor", "keyword", said, KEYWORD_RARE))]
    signal = _second_signal(candidate, owner, name_parts, birth_year, has_contact=has_contact)
    place = not used_one.common or len(used_one.tokens) > 1
    if signal is None and (
        cue := (cues.recalled(used_one, texts) if place else None)
        or cues.asked_back(used_one, texts)
    ):
        signal = f"its words speak of it as a shared past ('{cue}')"
    if signal is None:  # a place, a name or a common word: strangers write it too
        return []
    what = (
        "a common keyword from the config"
        if used_one.common
        else "a keyword from the config that others write too (a place or a name)"
    )
    said = f"keyword rule: its own words use '{used_one.text}', {what}, and {signal}"
    return [
        ("keyword", KEYWORD_COMMON, Reason("keyword_floor", "common keyword", said, KEYWORD_COMMON))
    ]


def _second_signal(
    candidate: Candidate,
    owner: str,
    name_parts: frozenset[str],
    birth_year: int | None,
    *,
    has_contact: bool,
) -> str | None:
    """What else ties an account using a common keyword to the subject, in words, if anything."""
    if has_contact:
        return f"it shows {owner} contact details"
    for text in (candidate.display_name, candidate.handle):
        if not text or len(text) > 200:
            continue
        if _shares_name(text, name_parts):
            return f"its name shares a part of {owner} name"
    if candidate.handle and birth_year_digits(candidate.handle, birth_year):
        return f"its handle carries {owner} birth year"
    if who := cues.says_who(candidate.texts):  # 'Schnucki, ich bin's'
        return f"its words say the writer is someone the reader knows ('{who}')"
    if plea := cues.pleads(candidate.texts):  # 'buonanotte Tesoro', 'ti prego rispondimi'
        return f"its words plead to be answered ('{plea}')"
    return None


def _shares_name(text: str, name_parts: frozenset[str]) -> bool:
    """Whether a name or handle holds two parts of the subject's name, or one and the initial
    of another ('Kannan A.', 'kannan_a'): one given name or surname alone is shared by
    thousands ('Khaled el-Sayed' for Khaled Mansour, 'Liu Jianguo' for Liu Haoran).

    >>> parts = frozenset({"aishwarya", "kannan"})
    >>> [_shares_name(t, parts) for t in ("kannan_a", "Kannan Aishwarya", "Kannan R", "kannan")]
    [True, True, False, False]
    """
    words = {t for s in spellings(text) for t in s.tokens}
    shared = words & name_parts
    initials = {p[0] for p in name_parts - shared}
    return len(shared) > 1 or bool(shared and any(len(w) == 1 and w in initials for w in words))
