"""The numpy resize gives Pillow's own pixels, whatever the size, shape or content."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from matcher import resample
from matcher.resample import BICUBIC, LANCZOS, resize

HASH_SIZES = [(32, 32, LANCZOS), (9, 8, LANCZOS), (64, 64, BICUBIC)]


def _pillow(pixels: np.ndarray, target: resample.Target) -> np.ndarray:
    return np.asarray(Image.fromarray(pixels, "L").resize(target[:2], target[2]))


def _pictures(width: int, height: int, seed: int) -> list[np.ndarray]:
    """Noise, a smooth ramp and hard black-and-white edges: ramps test rounding, edges the
    negative lobes and clipping."""
    rng = np.random.default_rng(seed)
    ramp = np.add.outer(np.arange(height), np.arange(width)) * 255 // max(1, width + height - 2)
    return [
        rng.integers(0, 256, (height, width), dtype=np.uint8),
        ramp.astype(np.uint8),
        np.where(rng.random((height, width)) < 0.5, 0, 255).astype(np.uint8),
    ]


@pytest.mark.parametrize(
    ("width", "height"),
    [(150, 150), (160, 160), (400, 400), (1, 1), (9, 8), (32, 32), (64, 64), (33, 31)]
    + [(31, 33), (63, 65), (640, 480), (123, 569), (17, 900), (900, 17), (5, 300), (2000, 40)],
)
def test_the_hash_sizes_equal_pillows_resize(width: int, height: int) -> None:
    """Square, upscaled, unchanged, tall (Pillow 13 then resizes vertically first) and wide."""
    for pixels in _pictures(width, height, width * 1000 + height):
        for target, found in zip(HASH_SIZES, resize(pixels, HASH_SIZES), strict=True):
            assert found.dtype == np.float64
            assert np.array_equal(found, _pillow(pixels, target)), (width, height, target)


@settings(max_examples=40, deadline=None)
@given(
    size=st.tuples(st.integers(1, 300), st.integers(1, 300)),
    target=st.tuples(st.integers(1, 120), st.integers(1, 120), st.sampled_from([LANCZOS, BICUBIC])),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_size_equals_pillows_resize(
    size: tuple[int, int], target: resample.Target, seed: int
) -> None:
    for pixels in _pictures(*size, seed):
        assert np.array_equal(resize(pixels, [target])[0], _pillow(pixels, target))


def test_weights_are_fixed_point_and_sum_to_one() -> None:
    """Each output's weights are integers of 22 fraction bits summing to about one."""
    for size, out, kind in [(150, 32, LANCZOS), (150, 9, LANCZOS), (150, 64, BICUBIC)]:
        found = resample.weights(size, out, kind)
        assert found.shape == (size, out) and np.array_equal(found, np.trunc(found))
        assert np.abs(found.sum(0) - 2**22).max() <= size


def test_repeated_targets_come_back_in_order() -> None:
    pixels = _pictures(50, 40, 1)[0]
    targets = [(8, 8, BICUBIC), (20, 10, LANCZOS), (8, 8, BICUBIC)]
    small, middle, again = resize(pixels, targets)
    assert small.shape == again.shape == (8, 8) and middle.shape == (10, 20)
    assert np.array_equal(small, again)
