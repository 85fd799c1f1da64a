"""Pillow's resize of a grey picture, reproduced with numpy bit for bit.

Hashing an avatar resizes its grey picture three times (pHash 32x32 and dHash 9x8 with
Lanczos, the blank test 64x64 bicubic), and Pillow's scalar loops made those resizes most of
the hashing time. Pillow sums 8-bit pixels times 22-bit fixed-point weights in integers; the
same sums taken as float64 matrix products are exact (every term and partial sum is an
integer far below 2**53), so rounding and clipping them as Pillow does gives Pillow's pixels
exactly. Each product covers a band of neighbouring outputs and only the inputs they read.
The weights are computed as Pillow computes them, the same double operations in the same
order with the C library's `sin`, once per picture size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from PIL import Image

LANCZOS = Image.Resampling.LANCZOS
BICUBIC = Image.Resampling.BICUBIC
Target = tuple[int, int, Image.Resampling]  # width, height, filter: what `Image.resize` takes
_SUPPORT = {LANCZOS: 3.0, BICUBIC: 2.0}
_PRECISION = 22  # Pillow's fixed point for 8-bit pictures: 32 bits less 8 and 2 for overflow
_ROUND = float(1 << (_PRECISION - 1))
_UNIT = 1.0 / (1 << _PRECISION)
_ROWS = 512  # first-pass rows multiplied at once: bounds the float copy of a large picture
_BAND = {LANCZOS: 8, BICUBIC: 16}  # outputs per product: fewer zeros against fewer calls
_PILLOW_13 = int(Image.__version__.split(".")[0]) >= 13


def resize(pixels: np.ndarray, targets: Sequence[Target]) -> list[np.ndarray]:
    """`np.asarray(Image.fromarray(pixels).resize((w, h), kind))` for each target, as floats.

    >>> grey = np.arange(48, dtype=np.uint8).reshape(6, 8) * 5
    >>> want = np.asarray(Image.fromarray(grey).resize((3, 2), LANCZOS))
    >>> bool((resize(grey, [(3, 2, LANCZOS)])[0] == want).all())
    True
    """
    height, width = pixels.shape
    across = [t for t in dict.fromkeys(targets) if _across_first(width, height, t)]
    offsets = np.cumsum([0, *(w for w, _, _ in across)]).tolist()
    first = np.empty((height, offsets[-1]))
    for start in range(0, height, _ROWS):  # one float copy of a block of rows for every size
        rows = pixels[start : start + _ROWS].astype(np.float64)
        for (w, _, kind), offset in zip(across, offsets, strict=False):
            _horizontal(rows, w, kind, first[start : start + _ROWS, offset : offset + w])
    _fixed(first)
    found: dict[Target, np.ndarray] = {}
    for (w, h, kind), offset in zip(across, offsets, strict=False):
        part = first[:, offset : offset + w]
        found[w, h, kind] = part if h == height else _fixed(_vertical(part, h, kind))
    for target in targets:
        if target not in found:
            found[target] = _down_first(pixels, target)
    return [found[t] for t in targets]


def _down_first(pixels: np.ndarray, target: Target) -> np.ndarray:
    """A size Pillow makes with the vertical pass first, or with one pass only."""
    height, width = pixels.shape
    w, h, kind = target
    column = pixels.astype(np.float64) if h == height else _fixed(_vertical(pixels, h, kind))
    return column if w == width else _fixed(_horizontal(column, w, kind))


def _across_first(width: int, height: int, target: Target) -> bool:
    """Pillow's pass order; Pillow 13 runs the vertical pass first when the height loses over
    twice as many pixels as the width."""
    w, h, _ = target
    lost = height - h
    return w != width and not (_PILLOW_13 and lost > 0 and lost > (width - w) * 2)


def _horizontal(
    rows: np.ndarray, out: int, kind: Image.Resampling, into: np.ndarray | None = None
) -> np.ndarray:
    """Pillow's horizontal sums (before rounding) of float rows, written into `into`."""
    into = np.empty((len(rows), out)) if into is None else into
    for inputs, outputs, block in _bands(rows.shape[1], out, kind):
        np.matmul(rows[:, inputs], block, out=into[:, outputs])
    return into


def _vertical(columns: np.ndarray, out: int, kind: Image.Resampling) -> np.ndarray:
    """Pillow's vertical sums (before rounding); each band reads only the rows it needs."""
    into = np.empty((out, columns.shape[1]))
    for inputs, outputs, block in _bands(len(columns), out, kind):
        np.matmul(block.T, columns[inputs].astype(np.float64, copy=False), out=into[outputs])
    return into


def _fixed(sums: np.ndarray) -> np.ndarray:
    """Pillow's `clip8`, in place: add half, drop the 22 fraction bits, clip to 0..255."""
    sums += _ROUND
    sums *= _UNIT
    return np.clip(np.floor(sums, out=sums), 0, 255, out=sums)


@lru_cache(maxsize=256)
def _bands(
    size: int, out: int, kind: Image.Resampling
) -> tuple[tuple[slice, slice, np.ndarray], ...]:
    """The weights cut into blocks of neighbouring outputs and the inputs those read: a product
    per block skips most of the zeros a product with the whole matrix would multiply."""
    full = weights(size, out, kind)
    found = []
    for start in range(0, out, _BAND[kind]):
        outputs = slice(start, min(start + _BAND[kind], out))
        used = np.flatnonzero(full[:, outputs].any(1))
        inputs = slice(int(used[0]), int(used[-1]) + 1) if used.size else slice(0, 0)
        found.append((inputs, outputs, np.ascontiguousarray(full[inputs, outputs])))
    return tuple(found)


@lru_cache(maxsize=256)
def weights(size: int, out: int, kind: Image.Resampling) -> np.ndarray:
    """(size, out) fixed-point weights, as Pillow's `precompute_coeffs` and `normalize`: the
    same double operations in the same order, elementwise."""
    scale = size / out
    filterscale = max(scale, 1.0)
    support = _SUPPORT[kind] * filterscale
    centers = (np.arange(out) + 0.5) * scale
    lows = np.maximum((centers - support + 0.5).astype(np.int64), 0)  # C's (int): truncation
    highs = np.minimum((centers + support + 0.5).astype(np.int64), size)
    inputs = lows[:, None] + np.arange(max(int((highs - lows).max()), 0))
    used = inputs < highs[:, None]
    taps = np.where(
        used, _filter(kind, (inputs - centers[:, None] + 0.5) * (1.0 / filterscale)), 0.0
    )
    totals = np.add.accumulate(taps, axis=1)[:, -1:]  # in order, as the C loop adds them
    taps = np.divide(taps, totals, out=taps, where=totals != 0.0)
    scaled = taps * (1 << _PRECISION)
    fixed = np.trunc(np.where(taps < 0, scaled - 0.5, scaled + 0.5))  # C's (int)(x +- 0.5)
    found = np.zeros((size, out))
    found[inputs[used], np.nonzero(used)[0]] = fixed[used]
    found.flags.writeable = False
    return found


def _filter(kind: Image.Resampling, x: np.ndarray) -> np.ndarray:
    """Pillow's Lanczos (3 lobes) or bicubic (a = -0.5) filter, elementwise."""
    if kind == LANCZOS:
        return np.where((x >= -3.0) & (x < 3.0), _sinc(x) * _sinc(x / 3), 0.0)
    x = np.abs(x)
    near = (1.5 * x - 2.5) * x * x + 1  # Pillow's ((a + 2) x - (a + 3)) x x + 1, folded
    far = (((x - 5) * x + 8) * x - 4) * -0.5
    return np.where(x < 1.0, near, np.where(x < 2.0, far, 0.0))


def _sinc(x: np.ndarray) -> np.ndarray:
    """sin(pi x) / (pi x) with the C library's `sin` (`math.sin`), which Pillow calls: numpy's
    own may differ in the last bit, and a weight's last bit can round it the other way."""
    angle = x * math.pi
    sines = np.fromiter(map(math.sin, angle.ravel().tolist()), np.float64, angle.size)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0.0, 1.0, sines.reshape(angle.shape) / angle)
