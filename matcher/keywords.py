"""Configured keywords (pet names, private places, in-jokes) found in an account's own words.

A keyword counts as a whole word or run of words, read without case, accents or look-alike
letters, allowing a slip of a letter in longer ones ('Janie bean', 'janiebean', 'Jaine-bean').
Only a coined keyword made of parts ('Janie-bean': a word no dictionary or corpus knows) is
decisive alone. One
made of words others write too ('the cabin', 'Jones Beach', 'Lake Placid', 'Cooperstown': common
words, places, names) is also said by strangers, so `matcher.rules` asks for a second signal.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import OSA

from matcher.names import normalise

MAX_TEXT = 20_000  # characters of one text searched
COMMON_ZIPF = 3.5  # a word at least this frequent (about 3 per million words) is common
# Below this in every language a word is unknown to wordfreq's lists (which end near 1.0): no
# one else writes it, so it was coined by the people concerned.
COINED_ZIPF = 1.0
# The languages a word is looked up in, compared form and as written ('Зайка', 'Tatlım')
LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "pl", "nl", "sv", "ro", "tr", "ru", "uk", "el")
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
            return is_common(self.joined) or is_common(_letters(self.text))
        return all(is_common(t) for t in self.tokens) or all(map(is_common, self.as_written))

    @property
    def coined(self) -> bool:
        """Whether some written word of it is unknown in every language: a private word, which
        a stranger would not write; places and names, however rare, are known words, in
        their own letters too ('Königssee', 'Зайка')."""
        return any(
            not any(c.isdigit() for c in w) and is_coined(w) and is_coined(_letters(raw))
            for raw in self.text.split()
            if len(w := "".join(tokens(raw))) >= _SHORT
        )

    @property
    def private(self) -> bool:
        """Whether it is decisive alone: a coined word made of parts ('Janie-bean', 'Lulu-bear'),
        as pet names are made. A coined word of one part may be a place or a name in a language
        the word lists lack ('Hollókő', 'Xitang', 'Baobei'): others write it too.

        >>> [prepare([w])[0].private for w in ("Janie-bean", "Hollókő", "Lake Placid")]
        [True, False, False]
        """
        return self.coined and any(len(tokens(raw)) > 1 for raw in self.text.split())

    @property
    def as_written(self) -> tuple[str, ...]:
        """Its words as written, only case-folded: how a word list in its language has it."""
        return tuple(_ALNUM.findall(_as_written(self.text)))

    @property
    def written(self) -> tuple[str, ...]:
        """Its written words, compared form, long enough to be told apart from chance."""
        return tuple(k for w in self.text.split() if len(k := "".join(tokens(w))) >= _SHORT)


def _as_written(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _letters(word: str) -> str:
    """A written word's letters and digits, only case-folded ('Janie-bean' -> 'janiebean')."""
    return "".join(_ALNUM.findall(_as_written(word)))


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
    return _reaches(word, COMMON_ZIPF)


def is_coined(word: str) -> bool:
    """Whether a word is unknown in all of `LANGUAGES`.

    >>> is_coined("janiebean"), is_coined("cooperstown"), is_coined("placid")
    (True, False, False)
    """
    return not _reaches(word, COINED_ZIPF)


_ASKED: set[str] = set()  # every word a prepared keyword may ask `_reaches` about
_REACHES: dict[tuple[str, float], bool] = {}  # (word, Zipf frequency) -> reached in a language


def _reaches(word: str, least: float) -> bool:
    """Whether a word's Zipf frequency reaches `least` in any of `LANGUAGES`.

    Every word asked so far is looked up at once, one language at a time (`_reaching`).
    (wordfreq is imported there: most matches never ask, and the import takes a tenth of a
    second.)
    """
    if (word, least) not in _REACHES:
        from wordfreq import get_frequency_dict

        words = sorted(w for w in _ASKED | {word} if (w, least) not in _REACHES)
        reached: set[str] = set()
        for lang in LANGUAGES:
            reached |= _reaching(words, lang, least)
            get_frequency_dict.cache_clear()  # 40 MB a language, when a word was not plain
        _REACHES.update(((w, least), w in reached) for w in words)
    return _REACHES[word, least]


def _reaching(words: Sequence[str], lang: str, least: float) -> set[str]:
    """The words whose Zipf frequency in one language (`wordfreq.zipf_frequency`) is at least
    `least`.

    wordfreq reads a language's whole list (frequency bands, most frequent first, each word
    in one band) and makes a dictionary of it: three-quarters of a second for seven
    languages. A word of letters alone, which wordfreq reads as one token, is looked for here
    in the list as packed (`_bands_of`), and its band says its frequency. Any other word is
    asked of wordfreq.
    """
    from wordfreq import lossy_tokenize, zipf_frequency

    plain = {w for w in words if w.isalpha() and lossy_tokenize(w, lang) == [w]}
    found = {w for w in words if w not in plain and zipf_frequency(w, lang) >= least}
    bands = _bands_of(plain, lang)
    return found | {w for w in plain if (b := bands[w]) is not None and _band_zipf(b) >= least}


_BAND: dict[tuple[str, str], int | None] = {}  # (language, word) -> its band, None: in none


def _bands_of(words: Iterable[str], lang: str) -> dict[str, int | None]:
    """The band of wordfreq's list for `lang` holding each word (None where none does); the
    list is read once for every word not looked for yet, whatever the threshold asked."""
    words = set(words)
    if missing := sorted(w for w in words if (lang, w) not in _BAND):
        _BAND.update(((lang, w), band) for w, band in _find_bands(missing, lang).items())
    return {w: _BAND[lang, w] for w in words}


def _find_bands(words: Sequence[str], lang: str) -> dict[str, int | None]:
    """Each word's band in wordfreq's list for `lang`, found in its bytes (the file as
    `wordfreq.read_cBpack` reads it, with msgpack, which wordfreq requires): where each band
    begins is read without unpacking its words, and only a band whose bytes hold the word is
    unpacked, to see that it lists the word itself. Unpacking every band of seven lists took
    a third of a second, for a handful of words."""
    import gzip

    import msgpack
    from wordfreq import available_languages

    if _OPEN is not None and lang in _OPEN:
        blob, starts = _OPEN[lang]
        return {w: _band_holding(w, blob, starts) for w in words}
    blob = gzip.decompress(Path(available_languages("best")[lang]).read_bytes())
    unpacker = msgpack.Unpacker(raw=False, max_buffer_size=len(blob))
    unpacker.feed(blob)
    bands = unpacker.read_array_header() - 1
    header = unpacker.unpack()
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"Unexpected header: {header!r}")
    starts = []
    for _ in range(bands):
        starts.append(unpacker.tell())
        unpacker.skip()
    starts.append(unpacker.tell())
    if _OPEN is not None:
        _OPEN[lang] = blob, starts
    return {w: _band_holding(w, blob, starts) for w in words}


_OPEN: dict[str, tuple[bytes, list[int]]] | None = None  # lists kept unpacked (`lists_open`)


@contextmanager
def lists_open() -> Iterator[None]:
    """Keep each word list unpacked once read, while words come to be looked up one at a time
    (the slips of a match's names): one word then costs a search of each list (about 20 ms
    for the 14), not its unpacking (a quarter of a second). Memory: up to 55 MB, released
    on leaving."""
    global _OPEN
    outer, _OPEN = _OPEN, {} if _OPEN is None else _OPEN
    try:
        yield
    finally:
        _OPEN = outer


def _band_holding(word: str, blob: bytes, starts: Sequence[int]) -> int | None:
    """The first band (between `starts`) of a packed list that lists `word`, if any."""
    import msgpack

    encoded = word.encode()
    # msgpack packs a string shorter than 32 bytes behind one byte that says its length
    sought = bytes([0xA0 | len(encoded)]) + encoded if len(encoded) < 32 else encoded
    at = blob.find(sought, starts[0])
    while at != -1:
        band = bisect.bisect_right(starts, at) - 1
        if band >= len(starts) - 1:
            return None
        if word in msgpack.unpackb(blob[starts[band] : starts[band + 1]], raw=False):
            return band
        at = blob.find(sought, starts[band + 1])  # the word is listed once, if at all
    return None


def _band_zipf(index: int) -> float:
    """`zipf_frequency` of a one-token word listed in band `index`, in wordfreq's own steps:
    the band's frequency, as a sum of one token's, at least the minimum, rounded to three
    significant digits, then to hundredths of a Zipf unit.

    >>> _band_zipf(300), _band_zipf(550), _band_zipf(551)
    (6.0, 3.5, 3.49)
    """
    from wordfreq import cB_to_freq, freq_to_zipf, zipf_to_freq

    frequency = max(1.0 / (1.0 / cB_to_freq(-index)), zipf_to_freq(0.0))
    frequency = round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    return round(freq_to_zipf(frequency), 2)


def prepare(keywords: Iterable[str]) -> tuple[Keyword, ...]:
    """Configured keywords with their compared form; empty ones dropped. The words whose
    frequency they may ask are noted, to be looked up together (`_reaches`)."""
    prepared = tuple(Keyword(k, tuple(found)) for k in keywords if (found := tokens(k)))
    for keyword in prepared:
        _ASKED.update((keyword.joined, *keyword.tokens, *keyword.written, *keyword.as_written))
        _ASKED.update(map(_letters, keyword.text.split()))
    return prepared


def _slips(length: int) -> int:
    """Letters that may differ: none in short words, one in middling, two in long ones."""
    return 0 if length < 7 else 1 if length < 12 else 2


def found(keywords: Sequence[Keyword], texts: Iterable[str | None]) -> list[Keyword]:
    """The keywords the texts use, each once, in configured order.

    Runs of whole words one shorter to one longer than the keyword are compared joined, so
    spacing and hyphens do not matter and a word is never matched inside another; a slip of
    a letter is allowed only where the words line up one for one. A run never spans texts.
    Letters drawn out ('bunnyyy') or set apart ('b u n n y', 'b.u.n.n.y') are read back too
    (`_respelt`).

    >>> kws = prepare(["Janie-bean", "Lake Placid", "cabin", "Bunny"])
    >>> [k.text for k in found(kws, ["miss you janiebean", "the cabins at lake placd"])]
    ['Janie-bean', 'Lake Placid']
    >>> [k.text for k in found(kws, ["my bunnyyy", "l a k e p l a c i d"])]
    ['Lake Placid', 'Bunny']
    """
    written = [text for text in texts if text]
    documents = [tokens(text) for text in written]
    respelt = [
        r
        for text, words in zip(written, documents, strict=True)
        if _may_respell(text, words) and (r := _respelt(words)) is not None
    ]
    return [
        k
        for k in keywords
        if any(_uses(k.joined, len(k.tokens), words) for words in documents)
        or any(any(places(_squeezed(k.joined), len(k.tokens), words)) for words in respelt)
    ]


def _uses(target: str, size: int, words: Sequence[str]) -> bool:
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


_DRAWN_OUT = re.compile(r"([a-z])\1\1")  # a letter three times running: 'bunnyyy', 'sooo'
_SET_APART = 3  # this many single letters in a row spell a word: 'b u n n y'


def _may_respell(text: str, words: Sequence[str]) -> bool:
    """Whether a text may draw letters out or set them apart, told in C: most do neither."""
    return bool(words) and (
        min(map(len, words)) == 1 or _DRAWN_OUT.search(text.lower()) is not None
    )


def _respelt(words: Sequence[str]) -> list[str] | None:
    """The words with letters drawn out squeezed ('bunnyyy' -> 'buny', each run of a letter
    to one; the keyword is squeezed alike) and three or more single letters in a row joined
    ('b u n n y' -> 'buny'); None when no word is written either way."""
    respelt: list[str] = []
    letters: list[str] = []  # single letters in a row, not yet placed
    changed = False
    for word in (*words, ""):
        if len(word) == 1:
            letters.append(word)
            continue
        if len(letters) >= _SET_APART:
            respelt.append("".join(letters))
            changed = True
        else:
            respelt.extend(letters)
        letters = []
        if word:
            respelt.append(word)
            changed = changed or _DRAWN_OUT.search(word) is not None
    return [_squeezed(w) for w in respelt] if changed else None


def _squeezed(word: str) -> str:
    """The word with every run of one letter written once: 'bunnyyy' and 'bunny' -> 'buny'."""
    return "".join(c for i, c in enumerate(word) if i == 0 or c != word[i - 1])


def places(target: str, size: int, words: Sequence[str]) -> Iterable[tuple[int, int]]:
    """Where in the words the keyword stands, as (start, width), exactly as written."""
    for width in range(max(1, size - 1), size + 2):
        for start in range(len(words) - width + 1):
            if "".join(words[start : start + width]) == target:
                yield start, width
