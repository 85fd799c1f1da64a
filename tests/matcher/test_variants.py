"""Reference variants: a photo re-posted cropped anywhere, tilted or framed is found close,
and the search's cost keeps unrelated pictures as far as they were."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageOps

from matcher import avatars, drawing, variants
from matcher.avatars import MATCH, SAME, AvatarHash, References, nearest

PHOTO_SEEDS = 4_000_001  # faces used nowhere else in the tests


def _references(seed: int) -> tuple[Image.Image, References]:
    photo = drawing.face(PHOTO_SEEDS + seed)
    return photo, References.build([drawing.to_bytes(photo)])


def _crop(image: Image.Image, share: float, fx: float, fy: float) -> Image.Image:
    w, h = image.size
    cw, ch = round(w * share), round(h * share)
    x, y = round((w - cw) * fx), round((h - ch) * fy)
    return image.crop((x, y, x + cw, y + ch))


def test_the_photo_and_its_mirror_come_first_and_cost_nothing() -> None:
    grey = np.asarray(drawing.face(3).convert("L"))
    found = list(variants.variants(grey))
    assert [v.label for v in found[:2]] == ["as is", "mirrored"]
    assert np.array_equal(found[0].pixels, grey)
    assert np.array_equal(found[1].pixels, grey[:, ::-1])
    assert [v.cost for v in found[:2]] == [0, 0]
    assert {v.cost for v in found[2:]} == {variants.SEARCH_COST}
    assert len(found) > 2000 and all(v.pixels.dtype == np.uint8 for v in found)


def test_crops_step_five_percent_from_the_whole_photo_to_sixty() -> None:
    grey = np.asarray(drawing.face(3).convert("L"))
    crops = [v for v in variants.variants(grey) if v.label.startswith("cropped to ")]
    sides = sorted({v.pixels.shape[1] for v in crops}, reverse=True)
    assert sides == [round(160 * 0.95**i) for i in range(1, 11)]  # 152 .. 96 of 160
    centred = [v for v in crops if "off centre" not in v.label]
    assert len(centred) == len(sides)  # one centred crop per size, the rest around it
    assert len(crops) > 500


def test_a_large_photo_is_searched_on_a_small_copy() -> None:
    grey = np.asarray(drawing.face(3, size=900).convert("L"))
    found = list(variants.variants(grey))
    assert found[0].pixels.shape == (900, 900)  # as is: the photo itself
    searched = [v for v in found[2:-3] if "border" not in v.label]
    assert max(max(v.pixels.shape) for v in searched) == variants.WORK_SIDE


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 50),
    share=st.floats(0.6, 0.95),
    fx=st.floats(0, 1),
    fy=st.floats(0, 1),
    mirror=st.booleans(),
)
def test_a_crop_anywhere_is_found(
    seed: int, share: float, fx: float, fy: float, mirror: bool
) -> None:
    """Any crop of 60-95% at any position, mirrored or not, lands within MATCH (the sparse
    grid of 0.9/0.8/0.7 crops left off-grid crops 11-15 bits away, or farther)."""
    photo, references = _references(seed)
    picture = _crop(ImageOps.mirror(photo) if mirror else photo, share, fx, fy)
    distance, _ = nearest(references, [AvatarHash.of(picture)])
    assert distance[0] <= MATCH


def _framed(image: Image.Image) -> Image.Image:
    framed = Image.new("RGB", (image.width + 16, image.height + 16), "white")
    framed.paste(image, (8, 8))
    return framed


def test_typical_re_posts_are_mostly_the_same_picture() -> None:
    """Off-grid crops, a tilt with a crop, a border: all within MATCH, many within SAME
    (the coarse grid left 2 of these 40 within SAME, 20 within MATCH, median 20.5 bits)."""
    edits = [
        lambda im: _crop(im, 0.85, 0.3, 0.6),
        lambda im: _crop(im, 0.72, 0.9, 0.15),
        lambda im: _crop(im.rotate(7, resample=Image.Resampling.BICUBIC), 0.8, 0.45, 0.55),
        _framed,
    ]
    found = []
    for seed in range(10):
        photo, references = _references(seed)
        hashes = [AvatarHash.of(edit(photo)) for edit in edits]
        found.append(nearest(references, hashes)[0])
    found = np.array(found)
    assert (found <= MATCH).all()
    assert (found <= SAME).mean() >= 0.4 and np.median(found) <= 11


def test_unrelated_pictures_stay_as_far_as_with_the_coarse_grid() -> None:
    """Thousands of variants, each but the photo and its mirror costing SEARCH_COST bits:
    strangers' faces and scenes come no closer than MATCH to any of ten photos."""
    references = [_references(seed)[1] for seed in range(10)]
    others = [drawing.face(PHOTO_SEEDS + 1000 + i) for i in range(60)]
    others += [drawing.scene(500 + i) for i in range(20)]
    hashes = [AvatarHash.of(p) for p in others]
    closest = np.array([nearest(r, hashes)[0] for r in references])
    assert closest.min() > MATCH and np.median(closest) > 30


def test_the_reason_names_the_crop_and_the_cost() -> None:
    photo, references = _references(1)
    found = avatars.describe(drawing.to_bytes(_crop(photo, 0.8, 0.2, 0.7)))
    evidence = avatars.compare(references, [found])
    text = evidence.reasons[0][0].text
    assert "cropped to" in text and f"{variants.SEARCH_COST} added as many crops" in text
    assert evidence.columns["avatar_sim"][0] > 0.5
