"""Profile pictures compared by perceptual and difference hashes, robust to mirrors and crops.

Each account's avatar is hashed once; each reference photo is expanded once into flips,
rotations and crops, and an avatar's distance is its smallest over all those variants.
Platform placeholders and near-blank pictures say nothing about who is behind an account, so
they are recognised (hashes in `matcher/data/default_avatars.json`) and never matched.
"""

from __future__ import annotations

import io
import json
import logging
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from PIL import Image, ImageOps

from matcher import resample, variants
from matcher.types import Evidence, Reason

logger = logging.getLogger(__name__)

DEFAULTS_FILE = resources.files("matcher") / "data" / "default_avatars.json"  # package data
MAX_PIXELS = 25_000_000  # larger images are refused before decoding: decompression bombs
SAME = 10  # bits of 128 (pHash + dHash): at or below, the same picture
MATCH = 20  # at or below, very probably the same picture after editing
DEFAULT_DISTANCE = 12  # this close to a known placeholder: a placeholder
LOW_DETAIL = 8.0  # grey-level standard deviation below this: a near-blank picture
FEATURES = ("avatar_sim", "avatar_none")
_BYTE_BITS = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)  # numpy < 2
_SHARED = 3  # this many accounts with one picture: a stock image, not a person's photo
_HASH_SIZES = ((32, 32, resample.LANCZOS), (9, 8, resample.LANCZOS))  # imagehash's own
_DETAIL_SIZE = (64, 64, resample.BICUBIC)  # `Image.resize`'s default filter
# The first 8 rows of scipy.fftpack's unnormalised DCT-II of 32 points.
_DCT = 2 * np.cos(np.pi * np.outer(np.arange(8), 2 * np.arange(32) + 1) / 64)
_TIE = 1e-3  # closer than this to the median (coefficients reach 1e6): scipy decides the bit


@dataclass(frozen=True, slots=True)
class AvatarHash:
    """A picture's pHash and dHash; `a - b` is their Hamming distance in bits (0..128).

    >>> a = AvatarHash.from_hex("ffd8000000000000:00ff000000000001")
    >>> str(a), a - AvatarHash.from_hex(str(a)), a - AvatarHash(0, 0)
    ('ffd8000000000000:00ff000000000001', 0, 21)
    """

    phash: int
    dhash: int

    def __sub__(self, other: AvatarHash) -> int:
        return (self.phash ^ other.phash).bit_count() + (self.dhash ^ other.dhash).bit_count()

    def __str__(self) -> str:
        return f"{self.phash:016x}:{self.dhash:016x}"

    @classmethod
    def from_hex(cls, text: str) -> AvatarHash:
        """Read the "phash:dhash" text that `str()` writes (and the store keeps)."""
        phash, _, dhash = text.partition(":")
        return cls(int(phash, 16), int(dhash, 16))

    @classmethod
    def of(cls, image: Image.Image) -> AvatarHash:
        """Hash a decoded picture (the 64-bit pHash and dHash imagehash computes)."""
        return cls.of_gray(_gray(image))

    @classmethod
    def of_gray(cls, gray: Image.Image) -> AvatarHash:
        """Both hashes of a picture's grey levels (mode "L"), exactly as `imagehash.phash` and
        `imagehash.dhash` compute them, from the one grey image both of them would convert."""
        return cls.of_levels(np.asarray(gray))

    @classmethod
    def of_levels(cls, grey: np.ndarray) -> AvatarHash:
        """Both hashes of grey levels given as a (height, width) uint8 array."""
        return cls._of_resized(*resample.resize(grey, _HASH_SIZES))

    @classmethod
    def _of_resized(cls, small: np.ndarray, tiny: np.ndarray) -> AvatarHash:
        """pHash of the 32x32 grey levels and dHash of the 9x8 ones.

        The DCT is two small matrix products rather than scipy's (whose import alone costs
        more than hashing a hundred pictures); they differ from scipy's by under 1e-8, so a
        bit can only differ when its coefficient is that close to the median, and then
        imagehash's own arithmetic decides (flat and symmetric pictures, mostly).
        """
        low = _DCT @ small @ _DCT.T
        middle = np.partition(low.ravel(), (31, 32))
        median = (middle[31] + middle[32]) / 2
        if np.abs(low - median).min() <= _TIE:
            low, median = _imagehash_low(small)
        return cls(_number(low > median), _number(tiny[:, 1:] > tiny[:, :-1]))


def _imagehash_low(small: np.ndarray) -> tuple[np.ndarray, float]:
    """The 8x8 lowest frequencies and their median exactly as `imagehash.phash` takes them."""
    from scipy import fftpack  # as imagehash does: only pictures that need it pay its import

    low = fftpack.dct(fftpack.dct(small, axis=0), axis=1)[:8, :8]
    return low, float(np.median(low))


def _gray(image: Image.Image) -> Image.Image:
    """Grey levels read through RGB, as imagehash reads the RGB picture `of` always gave it."""
    return (image if image.mode == "RGB" else image.convert("RGB")).convert("L")


def _number(bits: np.ndarray) -> int:
    """64 bits, row by row, the first the most significant (imagehash's hex, as a number)."""
    return int.from_bytes(np.packbits(bits.ravel()).tobytes(), "big")


@dataclass(frozen=True, slots=True)
class Avatar:
    """One account's picture as the matcher uses it: a hash, or why it is not used."""

    hash: AvatarHash | None
    usable: bool
    reason: str = ""  # "a placeholder picture (egg-#8ed4f5)", "a near-blank picture"


def open_image(data: bytes, *, what: str = "image") -> Image.Image | None:
    """Decode with bomb limits; None, with the reason logged, for anything unreadable."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                logger.warning("%s: %dx%d pixels is too large to decode", what, *image.size)
                return None
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        logger.warning("%s: skipped, not a readable image (%s)", what, exc)
        return None
    except Image.DecompressionBombWarning as exc:
        logger.warning("%s: skipped, too large to decode safely (%s)", what, exc)
        return None
    ImageOps.exif_transpose(image, in_place=True)  # the decoded picture, turned upright
    return image if image.mode == "RGB" else image.convert("RGB")


def describe(data: bytes, *, what: str = "avatar") -> Avatar | None:
    """Hash an avatar once; placeholders and blank pictures are marked unusable."""
    image = open_image(data, what=what)
    return None if image is None else describe_image(image)


def describe_image(image: Image.Image) -> Avatar:
    """A decoded picture's hash; placeholders and blank pictures are marked unusable.

    The picture is turned grey once, and its three sizes (pHash, dHash, the blank test) are
    resized together from that grey image.
    """
    grey = np.asarray(_gray(image))
    if image.mode == "RGB":
        small, tiny, detail = resample.resize(grey, (*_HASH_SIZES, _DETAIL_SIZE))
    else:
        small, tiny = resample.resize(grey, _HASH_SIZES)
        detail = resample.resize(np.asarray(image.convert("L")), [_DETAIL_SIZE])[0]
    found = AvatarHash._of_resized(small, tiny)
    if _stddev(detail) < LOW_DETAIL:
        return Avatar(found, False, "a near-blank picture")
    return from_hash(found)


def _stddev(grey: np.ndarray) -> float:
    """`ImageStat.Stat(grey).stddev[0]` (the picture's grey levels as floats): the same exact
    integer sums, then the same float arithmetic."""
    count, total, squares = grey.size, int(grey.sum()), int((grey * grey).sum())
    return math.sqrt((squares - total**2 / count) / count)


def from_hash(found: AvatarHash) -> Avatar:
    """An avatar known only by its stored hash, checked against the placeholders."""
    name, distance = _nearest_default(found)
    if distance <= DEFAULT_DISTANCE:
        return Avatar(found, False, f"a placeholder picture ({name})")
    return Avatar(found, True)


NONE = Avatar(None, False, "missing")


@lru_cache(maxsize=1)
def defaults() -> tuple[tuple[str, AvatarHash], ...]:
    """The placeholder hashes kept in `matcher/data/default_avatars.json`."""
    entries = json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))["avatars"]
    return tuple((e["name"], AvatarHash.from_hex(e["hash"])) for e in entries)


@lru_cache(maxsize=1)
def _default_arrays() -> tuple[np.ndarray, np.ndarray]:
    known = [h for _, h in defaults()]
    return (
        np.array([h.phash for h in known], dtype=np.uint64),
        np.array([h.dhash for h in known], dtype=np.uint64),
    )


def _nearest_default(found: AvatarHash) -> tuple[str, int]:
    """The closest placeholder and its distance (the first listed wins a tie)."""
    phash, dhash = _default_arrays()
    bits = hamming(np.array([found.phash], dtype=np.uint64), phash)
    bits += hamming(np.array([found.dhash], dtype=np.uint64), dhash)
    best = int(bits[0].argmin())
    return defaults()[best][0], int(bits[0, best])


@dataclass(frozen=True, slots=True)
class References:
    """A subject's pictures, expanded into variants once, as arrays for comparing many avatars."""

    phash: np.ndarray  # (variants,) uint64
    dhash: np.ndarray
    labels: tuple[str, ...]  # "reference photo 1 (mirrored, cropped to 81%)"
    photo: np.ndarray  # (variants,) bool: from a configured photo of the person, not an account
    cost: np.ndarray  # (variants,) uint8: bits added for searching edits (`variants.SEARCH_COST`)

    @classmethod
    def build(
        cls, photos: Sequence[bytes], known: Sequence[tuple[str, AvatarHash]] = ()
    ) -> References:
        """Expand photo bytes into variants; `known` avatars (label, hash) count as they are."""
        found: list[tuple[str, AvatarHash, int]] = [(label, h, 0) for label, h in known]
        for number, data in enumerate(photos, 1):
            found += _photo_variants(data, number)
        return cls(
            np.array([h.phash for _, h, _ in found], dtype=np.uint64),
            np.array([h.dhash for _, h, _ in found], dtype=np.uint64),
            tuple(label for label, _, _ in found),
            np.arange(len(found)) >= len(known),
            np.array([cost for _, _, cost in found], dtype=np.uint8),
        )


@lru_cache(maxsize=32)
def _photo_variants(data: bytes, number: int) -> tuple[tuple[str, AvatarHash, int], ...]:
    """A reference photo's variants, their hashes and costs, computed once per run."""
    image = open_image(data, what=f"reference photo {number}")
    if image is None:
        return ()
    return tuple(
        (f"reference photo {number} ({v.label})", AvatarHash.of_levels(v.pixels), v.cost)
        for v in variants.variants(np.asarray(_gray(image)))
    )


def hamming(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Bit differences between every pair of two uint64 arrays, shape (len(a), len(b))."""
    return _ones(np.bitwise_xor(a[:, None], b[None, :])).astype(np.int64)


def _ones(xor: np.ndarray) -> np.ndarray:
    """Set bits of each uint64, as uint8."""
    if hasattr(np, "bitwise_count"):  # numpy 2 counts bits in one pass
        return np.bitwise_count(xor)
    return _BYTE_BITS[xor.view(np.uint8).reshape(*xor.shape, 8)].sum(-1, dtype=np.uint8)


def distances(references: References, hashes: Sequence[AvatarHash]) -> np.ndarray:
    """Bits between every hash and every reference variant, plus the variant's cost."""
    p, d = _arrays(hashes)
    return _grid(references, p, d).astype(np.int64)


def _arrays(hashes: Sequence[AvatarHash]) -> tuple[np.ndarray, np.ndarray]:
    p = np.array([h.phash for h in hashes], dtype=np.uint64)
    return p, np.array([h.dhash for h in hashes], dtype=np.uint64)


def _grid(references: References, p: np.ndarray, d: np.ndarray) -> np.ndarray:
    """(hashes, variants) distances as uint8: at most 128 bits plus a few of cost."""
    grid = _ones(p[:, None] ^ references.phash[None, :])
    grid += _ones(d[:, None] ^ references.dhash[None, :])
    grid += references.cost
    return grid


def nearest(references: References, hashes: Sequence[AvatarHash]) -> tuple[np.ndarray, np.ndarray]:
    """Each hash's smallest distance to any reference variant, and which variant it was."""
    distance, chosen, _ = _search(references, *_arrays(hashes))
    return distance, chosen


def _search(
    references: References, p: np.ndarray, d: np.ndarray, *, rows: int = 2048
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each hash's smallest distance, its variant, and whether a variant of the person's own
    photos is within MATCH; `rows` hashes at a time, so that the grid of hashes by thousands
    of variants never exists whole."""
    n = len(p)
    if not len(references.labels):  # no reference picture: as far as two hashes can be
        return np.full(n, 128), np.zeros(n, dtype=int), np.zeros(n, dtype=bool)
    distance, chosen, own = np.empty(n, dtype=int), np.empty(n, dtype=int), np.empty(n, bool)
    for start in range(0, n, rows):
        grid = _grid(references, p[start : start + rows], d[start : start + rows])
        best = grid.argmin(1)
        chosen[start : start + rows] = best
        distance[start : start + rows] = np.take_along_axis(grid, best[:, None], 1)[:, 0]
        own[start : start + rows] = (grid[:, references.photo] <= MATCH).any(1)
    return distance, chosen, own


def compare(references: References, avatars: Sequence[Avatar | None]) -> Evidence:
    """The avatar features of many accounts against one subject's pictures."""
    found = [(i, a.hash) for i, a in enumerate(avatars) if a and a.usable and a.hash is not None]
    usable, hashes = [i for i, _ in found], [h for _, h in found]
    n = len(avatars)
    distance, chosen, own = _search(references, *_arrays(hashes))
    # A picture on several accounts is a stock image and resembling it says nothing, unless
    # it is the person's own photo from the config: then those accounts are suspects.
    shared = np.zeros(n, dtype=bool)
    shared[usable] = _shared(hashes) & ~own
    sim = np.zeros(n)
    sim[usable] = np.clip(1 - distance / (2 * MATCH), 0, 1)
    sim[shared] = 0.0
    none = np.array([a is not None and not a.usable for a in avatars], dtype=float)
    reasons: list[tuple[Reason, ...]] = [()] * n
    for row, i in enumerate(usable):
        if distance[row] <= MATCH:
            level = "same picture" if distance[row] <= SAME else f"distance<={MATCH}"
            said = f"avatar is {distance[row]} bits from {references.labels[chosen[row]]}"
            if cost := int(references.cost[chosen[row]]):
                said += f": {distance[row] - cost} differ, {cost} added as many crops were tried"
            if shared[i]:
                said += ", but the same picture is on other accounts too (a stock image?),"
                said += " so it does not count"
            reasons[i] = (Reason("avatar_sim", level, said, 0.0),)
    for i, avatar in enumerate(avatars):
        if avatar is not None and not avatar.usable:
            said = f"no photo of anyone: the avatar is {avatar.reason}"
            reasons[i] = (Reason("avatar_none", "no photo", said, 0.0),)
    columns = {"avatar_sim": sim, "avatar_none": none}
    return Evidence(columns, tuple(reasons))


def _shared(hashes: Sequence[AvatarHash], *, chunk: int = 2048) -> np.ndarray:
    """True where at least `_SHARED` accounts of the batch show the same picture."""
    if not hashes:
        return np.zeros(0, dtype=bool)
    p = np.array([h.phash for h in hashes], dtype=np.uint64)
    d = np.array([h.dhash for h in hashes], dtype=np.uint64)
    counts = np.concatenate(
        [
            ((hamming(p[i : i + chunk], p) + hamming(d[i : i + chunk], d)) <= SAME).sum(1)
            for i in range(0, len(p), chunk)
        ]
    )
    return counts >= _SHARED
