"""Configured keywords (pet names, private places, in-jokes) found in an account's own words.

A keyword counts as a whole word or run of words, read without case, accents or look-alike
letters, allowing a slip of a letter in longer ones ('Janie bean', 'janiebean', 'Jaine-bean').
Only a coined keyword ('Janie-bean': a word no dictionary or corpus knows) is decisive alone. One
made of words others write too ('the cabin', 'Jones Beach', 'Lake Placid', 'Cooperstown': common
words, places, names) is also said by strangers, so `matcher.rules` asks for a second signal.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from matcher.names import normalise

MAX_TEXT = 20_000  # characters of one text searched
COMMON_ZIPF = 3.5  # a word at least this frequent (about 3 per million words) is common
# Below this in every language a word is unknown to wordfreq's lists (which end near 1.0): no
# one else writes it, so it was coined by the people concerned.
COINED_ZIPF = 1.0
LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "pl")
_SHORT = 4  # a one-word keyword shorter than this is common whatever its frequency
_ALNUM = re.compile(r"[^\W_]+")  # runs of what str.isalnum() accepts


@dataclass(frozen=True, slots=True)
class Keyword:
    """A configured keyword, as written and as compared."""

    text: str
    tokens: tuple[str, ...]

    @property
    def joined(self) -> str:
        return "".join(self.tokens)

    @property
    def common(self) -> bool:
        """Whether every word of it is common, so strangers say it too."""
        if len(self.tokens) == 1 and len(self.joined) < _SHORT:
            return True
        if len(self.text.split()) == 1:  # one written word, hyphens and all: 'Janie-bean'
            return is_common(self.joined)
        return all(is_common(token) for token in self.tokens)

    @property
    def coined(self) -> bool:
        """Whether some written word of it is unknown in every language: a private word, which
        a stranger would not write; places and names, however rare, are known words."""
        return any(not any(c.isdigit() for c in w) and is_coined(w) for w in self.written)

    @property
    def written(self) -> tuple[str, ...]:
        """Its written words, compared form, long enough to be told apart from chance."""
        return tuple(k for w in self.text.split() if len(k := "".join(tokens(w))) >= _SHORT)


def tokens(text: str) -> list[str]:
    """Words of a text, case, accents and look-alikes folded; anything else separates.

    >>> tokens("Hey JANIE-bean, remember Lake Plácid?")
    ['hey', 'janie', 'bean', 'remember', 'lake', 'placid']
    """
    return _ALNUM.findall(normalise(text[:MAX_TEXT]))


def is_common(word: str) -> bool:
    """Whether a word is common in any of `LANGUAGES` (wordfreq's Zipf scale).

    >>> is_common("beach"), is_common("placid"), is_common("janiebean")
    (True, False, False)
    """
    return any(zipf >= COMMON_ZIPF for zipf in _zipf(word))


def is_coined(word: str) -> bool:
    """Whether a word is unknown in all of `LANGUAGES`.

    >>> is_coined("janiebean"), is_coined("cooperstown"), is_coined("placid")
    (True, False, False)
    """
    return all(zipf < COINED_ZIPF for zipf in _zipf(word))


_ASKED: set[str] = set()  # every word a prepared keyword may ask `_zipf` about
_ZIPF: dict[str, tuple[float, ...]] = {}  # word -> its Zipf frequency in each language


def _zipf(word: str) -> tuple[float, ...]:
    """A word's Zipf frequency in each of `LANGUAGES`.

    Every word asked so far is looked up in one language at a time (`_zipfs`), whose list is
    then let go: wordfreq keeps each list once read, 280 MB for all seven. (Imported here:
    most matches never ask, and the import takes a tenth of a second.)
    """
    if word not in _ZIPF:
        from wordfreq import get_frequency_dict, get_frequency_list

        words = sorted((_ASKED | {word}) - _ZIPF.keys())
        found: dict[str, list[float]] = {w: [] for w in words}
        for lang in LANGUAGES:
            for w, zipf in zip(words, _zipfs(words, lang), strict=True):
                found[w].append(zipf)
            get_frequency_dict.cache_clear()
            get_frequency_list.cache_clear()
        _ZIPF.update((w, tuple(zipfs)) for w, zipfs in found.items())
    return _ZIPF[word]


def _zipfs(words: Sequence[str], lang: str) -> list[float]:
    """`wordfreq.zipf_frequency` of each word in one language.

    wordfreq turns a language's whole list (a list of frequency bands, each a list of words)
    into a dictionary first, three-quarters of a second for seven languages: a word of letters
    alone, which wordfreq reads as one token, is found in its band here instead, and scored
    as wordfreq scores a band (`_band_zipf`). Any other word is asked of wordfreq.
    """
    from wordfreq import get_frequency_list, lossy_tokenize, zipf_frequency

    plain = {w for w in words if w.isalpha() and lossy_tokenize(w, lang) == [w]}
    band: dict[str, int] = {}
    for index, words_in_band in enumerate(get_frequency_list(lang) if plain else ()):
        for w in plain.intersection(words_in_band):
            band[w] = index  # a word listed twice counts at its last band, as in wordfreq
    return [_band_zipf(band.get(w)) if w in plain else zipf_frequency(w, lang) for w in words]


def _band_zipf(index: int | None) -> float:
    """`zipf_frequency` of a one-token word listed in band `index` (None: not listed), in
    wordfreq's own steps: the band's frequency, as a sum of one token's, at least the
    minimum, rounded to three significant digits, then to hundredths of a Zipf unit.

    >>> from wordfreq import zipf_frequency
    >>> _band_zipf(None) == zipf_frequency("qzxqzx", "en"), _band_zipf(300)
    (True, 6.0)
    """
    from wordfreq import cB_to_freq, freq_to_zipf, zipf_to_freq

    least = zipf_to_freq(0.0)
    if index is None:
        return round(freq_to_zipf(least), 2)
    frequency = max(1.0 / (1.0 / cB_to_freq(-index)), least)
    frequency = round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    return round(freq_to_zipf(frequency), 2)


def prepare(keywords: Iterable[str]) -> tuple[Keyword, ...]:
    """Configured keywords with their compared form; empty ones dropped. The words whose
    frequency they may ask are noted, to be looked up together (`_zipf`)."""
    prepared = tuple(Keyword(k, tuple(found)) for k in keywords if (found := tokens(k)))
    for keyword in prepared:
        _ASKED.update((keyword.joined, *keyword.tokens, *keyword.written))
    return prepared


def _slips(length: int) -> int:
    """Letters that may differ: none in short words, one in middling, two in long ones."""
    return 0 if length < 7 else 1 if length < 12 else 2


def found(keywords: Sequence[Keyword], texts: Iterable[str | None]) -> list[Keyword]:
    """The keywords the texts use, each once, in configured order.

    Runs of whole words one shorter to one longer than the keyword are compared joined, so
    spacing and hyphens do not matter and a word is never matched inside another; a slip of
    a letter is allowed only where the words line up one for one. A run never spans texts.

    >>> kws = prepare(["Janie-bean", "Lake Placid", "cabin"])
    >>> [k.text for k in found(kws, ["miss you janiebean", "the cabins at lake placd"])]
    ['Janie-bean', 'Lake Placid']
    """
    documents = [tokens(text) for text in texts if text]
    return [k for k in keywords if any(_uses(k, words) for words in documents)]


def _uses(keyword: Keyword, words: Sequence[str]) -> bool:
    target, size = keyword.joined, len(keyword.tokens)
    for width in range(max(1, size - 1), size + 2):
        slips = _slips(len(target)) if width == size else 0
        for start in range(len(words) - width + 1):
            window = words[start : start + width]
            if abs(sum(map(len, window)) - len(target)) > slips:
                continue
            joined = "".join(window)
            if joined == target or (
                slips and OSA.distance(joined, target, score_cutoff=slips) <= slips
            ):
                return True
    return False
