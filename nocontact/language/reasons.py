"""The matcher's reasons in the reader's language, translated only where it is sure.

The matcher writes each reason as an English sentence from a fixed set of patterns. Each
pattern is a msgid of `locale/<lang>/LC_MESSAGES/reasons.po`. Its placeholders say what they
hold: `%(q_…)s` is data from the record or the config (a name, a handle, a date, a number)
and is kept exactly; a list placeholder (`notes`, `steps`, `signs`) holds phrases joined by
its separator; any other placeholder holds one phrase, itself a pattern of the catalogue.
A sentence that any part of fails to match stays in English as the matcher wrote it: the
reason a hit was suspected is never reworded by guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from babel.messages.pofile import read_po

from nocontact.language.catalogues import LOCALE_DIR

# How much text a placeholder may take, so that a sentence splits one way only.
_SHAPES = {
    "owner": r"(?:the restrained person's|the subject's|associate .+?'s)",
    "field": r"(?:handle|display name|user id)",
    "what": r"(?:handle|user id)",
    "target": r"(?:'.*?'|listed handle '.*?')",
    "days": r"(?:less than a day|\d+ days?)",
}
# placeholder -> English separator
_LISTS = {"notes": "; ", "steps": " and ", "signs": ", ", "parts": " + ", "keywords": ", "}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]
    translation: str


@cache
def _patterns(lang: str) -> tuple[_Pattern, ...]:
    """The catalogue's patterns, in catalogue order."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "reasons.po"
    if not path.is_file():
        return ()
    with path.open("rb") as fh:
        catalogue = read_po(fh, locale=lang)
    return tuple(_Pattern(_regex(str(m.id)), str(m.string)) for m in catalogue if m.id and m.string)


def _regex(msgid: str) -> re.Pattern[str]:
    parts, position = [], 0
    for placeholder in _PLACEHOLDER.finditer(msgid):
        parts.append(re.escape(msgid[position : placeholder.start()]))
        name = placeholder[1]
        parts.append(f"(?P<{name}>{_SHAPES.get(name, '.+?')})")
        position = placeholder.end()
    parts.append(re.escape(msgid[position:]))
    return re.compile("^" + "".join(parts) + "$", re.DOTALL)


@lru_cache(maxsize=8192)
def translate(sentence: str, lang: str) -> str | None:
    """One English reason or phrase in `lang`, or None if some part of it is not known."""
    if lang == "en":
        return sentence
    found = _best(sentence, lang)
    return found[0] if found else None


def _best(sentence: str, lang: str) -> tuple[str, int] | None:
    """The translation whose patterns explain the most of the sentence, and how much they do.

    Data placeholders match anything, so "%(q_a)s is a nickname of %(q_b)s" also matches a
    whole name reason; the reading whose fixed words cover the most characters is the one
    the matcher wrote.
    """
    readings = []
    for pattern in _patterns(lang):
        match = pattern.regex.match(sentence)
        if match is None:
            continue
        values, covered = {}, len(sentence)
        for name, value in match.groupdict().items():
            if name.startswith("q_"):
                values[name], covered = value, covered - len(value)
                continue
            part = _phrase(name, value, lang)
            if part is None:
                break
            values[name], covered = part[0], covered - len(value) + part[1]
        else:
            readings.append((pattern.translation % values, covered))
    return max(readings, key=lambda r: r[1]) if readings else None


def _phrase(name: str, value: str, lang: str) -> tuple[str, int] | None:
    """A placeholder's phrase, or each phrase of a list, translated in turn."""
    if name not in _LISTS:
        return _best(value, lang)
    separator = _LISTS[name]
    items = [_best(item, lang) for item in value.split(separator)]
    if any(item is None for item in items):
        return None
    done = [item for item in items if item is not None]
    joiner = translate(separator, lang) or separator  # " and " is in the catalogue
    covered = sum(c for _, c in done) + len(separator) * (len(done) - 1)
    return joiner.join(text for text, _ in done), covered


def reasons(sentences: Sequence[str], lang: str) -> list[str]:
    """A hit's reasons in `lang`; a reason not fully known to the catalogue stays English."""
    return [translate(s, lang) or s for s in sentences]
