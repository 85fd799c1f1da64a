"""A reference photo as an evader might re-post it: cropped anywhere, tilted, framed, mirrored.

An avatar's hash is compared with every variant's and the closest counts. The hashes move
about 8 bits of 128 when a crop shifts by 2% of its side or grows by 3%, so a sparse grid of
crops lets an ordinary re-post (cropped to 85% a little off centre) land 11-15 bits away:
the crops here step 5% of their side across, down and in size, from the whole photo to 60%
of it, on the photo and its mirror image, and on the photo tilted by 3-12°.

Thousands of variants also give an unrelated picture thousands of chances to come close, so
each variant but the photo itself and its mirror image carries `SEARCH_COST` bits, which
keeps unrelated pictures as far from a photo as the old coarse set of 171 variants kept
them (`matcher/robustness.py` measures both sides).

Variants are grey levels (the hash reads only those), cut from a copy of the photo at most
`WORK_SIDE` pixels wide: a re-post is a few hundred pixels at most and the hash reads 32.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from PIL import Image

SEARCH_COST = 3  # bits added to the distance of every variant but the photo and its mirror
WORK_SIDE = 256  # larger photos are shrunk to this before cropping: the hash reads 32 pixels
SMALLEST = 0.6  # the smallest crop kept, as a share of each side
RATIO = 0.95  # each crop size 95% of the one before
STEP = 0.05  # crop positions this share of the crop's side apart
ANGLES = (3, 6, 9, 12)  # degrees each way a tilted photo is searched at
TILT_SMALLEST = 0.75  # tilted photos are cropped less deeply: the tilt is the disguise
FRAMES = (0.03, 0.06, 0.1)  # border widths, a share of the side
BARS = (0.06, 0.12)  # letterbox bar heights, a share of the side
_COLOURS = (("white", 255), ("black", 0))


@dataclass(frozen=True, slots=True)
class Variant:
    """One way the photo might be re-posted: what to call it, its grey levels, its cost."""

    label: str  # "mirrored, cropped to 81% off centre"
    pixels: np.ndarray  # (height, width) uint8 grey levels
    cost: int  # bits added to its distance


def variants(grey: np.ndarray) -> Iterator[Variant]:
    """Every variant of a photo's grey levels: as is and mirrored first, then the searched."""
    yield Variant("as is", grey, 0)
    yield Variant("mirrored", grey[:, ::-1], 0)
    work = _shrunk(grey)
    for prefix, base in (("", work), ("mirrored, ", work[:, ::-1])):
        for share in _shares(1.0, SMALLEST)[1:]:
            for how, pixels in _crops(base, share):
                yield Variant(f"{prefix}cropped to {share:.0%}{how}", pixels, SEARCH_COST)
        for angle in (a * sign for a in ANGLES for sign in (-1, 1)):
            yield from _tilted(base, angle, prefix)
        for how, pixels in _framed(base):
            yield Variant(f"{prefix}{how}", pixels, SEARCH_COST)
    for angle in (90, 180, 270):
        yield Variant(f"turned {angle}°", np.rot90(grey, angle // 90), SEARCH_COST)


def _shrunk(grey: np.ndarray) -> np.ndarray:
    height, width = grey.shape
    scale = WORK_SIDE / max(height, width)
    if scale >= 1:
        return grey
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return np.asarray(Image.fromarray(grey).resize(size, Image.Resampling.LANCZOS))


def _shares(top: float, smallest: float) -> list[float]:
    """Crop sizes from `top`, each `RATIO` of the one before, until one reaches `smallest`."""
    count = math.ceil(math.log(smallest / top) / math.log(RATIO) - 1e-9) + 1
    return [top * RATIO**i for i in range(count)]


def _places(share: float, low: float, high: float) -> np.ndarray:
    """Where a crop may sit along one side (0 first edge, 1 last): the centre, and steps of at
    most `STEP` of the crop's side out to `low` and `high` (the centre is the likeliest)."""
    span = (1 - share) * (high - low)
    steps = math.ceil(span / 2 / (STEP * share) - 1e-9)
    return np.linspace(low, high, 2 * steps + 1) if steps > 0 else np.array([(low + high) / 2])


def _crops(
    base: np.ndarray, share: float, low: float = 0.0, high: float = 1.0
) -> Iterator[tuple[str, np.ndarray]]:
    height, width = base.shape
    ch, cw = max(1, round(height * share)), max(1, round(width * share))
    for fy in _places(share, low, high):
        for fx in _places(share, low, high):
            y, x = round((height - ch) * fy), round((width - cw) * fx)
            where = "" if fx == fy == 0.5 else " off centre"
            yield where, base[y : y + ch, x : x + cw]


def _tilted(base: np.ndarray, angle: int, prefix: str) -> Iterator[Variant]:
    """The photo turned a little (black corners), then cropped near the centre, as someone
    straightening or tilting a photo would, from the largest crop without corners down."""
    turned = np.asarray(Image.fromarray(base).rotate(angle, resample=Image.Resampling.BICUBIC))
    yield Variant(f"{prefix}rotated {angle}°", turned, SEARCH_COST)
    radians = math.radians(abs(angle))
    top = 1 / (math.cos(radians) + math.sin(radians))  # the largest crop without corners
    for share in _shares(top, TILT_SMALLEST):
        for how, pixels in _crops(turned, share, 0.25, 0.75):
            label = f"{prefix}rotated {angle}° and cropped to {share:.0%}{how}"
            yield Variant(label, pixels, SEARCH_COST)


def _framed(base: np.ndarray) -> Iterator[tuple[str, np.ndarray]]:
    """A plain border all round, or letterbox bars over the top and bottom."""
    height, width = base.shape
    for name, level in _COLOURS:
        for share in FRAMES:
            pad = max(1, round(max(height, width) * share))
            yield f"with a {share:.0%} {name} border", np.pad(base, pad, constant_values=level)
        for share in BARS:
            bar = max(1, round(height * share))
            barred = base.copy()
            barred[:bar], barred[height - bar :] = level, level
            yield f"letterboxed with {share:.0%} {name} bars", barred
