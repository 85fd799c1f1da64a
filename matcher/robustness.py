"""How well avatar matching survives edits, and how rarely it matches unrelated pictures.

Drawn faces stand in for photos (no real person's picture is used). Each is edited as an
evader might; the edit counts as matched when its distance to the original's variants is
within `avatars.MATCH`. Unrelated drawn faces and scenes measure false matches.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageEnhance, ImageOps

from matcher import avatars, drawing

PHOTO_SEEDS = 7_000_001  # seeds no restrained person of the synthetic splits uses


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def _crop(image: Image.Image, share: float, dx: int, dy: int) -> Image.Image:
    w, h = image.size
    cw, ch = int(w * share), int(h * share)
    x, y = (w - cw) // 2 + dx, (h - ch) // 2 + dy
    return image.crop((x, y, x + cw, y + ch))


def _sepia(image: Image.Image) -> Image.Image:
    return ImageOps.colorize(ImageOps.grayscale(image), "#2b1d0e", "#f3e0c0")


def _warm(image: Image.Image) -> Image.Image:
    r, g, b = image.split()
    return Image.merge(
        "RGB", (r.point(lambda v: min(255, v * 6 // 5)), g, b.point(lambda v: v * 4 // 5))
    )


def _letterbox(image: Image.Image, share: float) -> Image.Image:
    bar = round(image.height * share)
    out = image.copy()
    out.paste("black", (0, 0, image.width, bar))
    out.paste("black", (0, image.height - bar, image.width, image.height))
    return out


def _enhanced(image: Image.Image) -> Image.Image:
    image = ImageEnhance.Brightness(image).enhance(1.15)
    return ImageEnhance.Color(ImageEnhance.Contrast(image).enhance(1.2)).enhance(1.4)


EDITS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "horizontal flip": ImageOps.mirror,
    "crop 80% (centre)": lambda im: _crop(im, 0.8, 0, 0),
    "crop 80% (off centre)": lambda im: _crop(im, 0.8, 9, -7),
    "JPEG quality 30": lambda im: _jpeg(im, 30),
    "resize to 64 px": lambda im: im.resize((64, 64), Image.Resampling.LANCZOS),
    "rotation 5°": lambda im: im.rotate(5, resample=Image.Resampling.BICUBIC),
    "rotation -8°": lambda im: im.rotate(-8, resample=Image.Resampling.BICUBIC),
    "colour filter (sepia)": _sepia,
    "colour filter (warm)": _warm,
    "grayscale": lambda im: ImageOps.grayscale(im).convert("RGB"),
    "flip + crop 85% + JPEG 40": lambda im: _jpeg(_crop(ImageOps.mirror(im), 0.85, 4, 4), 40),
    "crop 70% (off centre)": lambda im: _crop(im, 0.7, 11, 9),
    "crop 85% (off centre)": lambda im: _crop(im, 0.85, -9, 5),
    "crop 62% (corner)": lambda im: _crop(im, 0.62, -30, -30),
    "rotation 7° + crop 80%": lambda im: _crop(
        im.rotate(7, resample=Image.Resampling.BICUBIC), 0.8, 3, -2
    ),
    "white border 5%": lambda im: ImageOps.expand(im, border=im.width // 20, fill="white"),
    "letterbox 10% (black)": lambda im: _letterbox(im, 0.1),
    "brightness+contrast+saturation": _enhanced,
    "rotation 15°": lambda im: im.rotate(15, resample=Image.Resampling.BICUBIC),  # beyond them
}


@dataclass(frozen=True, slots=True)
class AvatarReport:
    """Match rate per edit, and false matches against unrelated pictures."""

    edits: list[tuple[str, float, float]]  # edit, share matched, median distance (bits)
    photos: int
    unrelated: int
    false_pairs: float  # share of (photo, unrelated picture) pairs within the threshold
    false_images: float  # share of unrelated pictures matching any photo

    def lines(self) -> list[str]:
        out = [
            f"avatar robustness: {self.photos} drawn photos, threshold {avatars.MATCH} bits of 128"
        ]
        out.append(f"{'edit':<28}{'matched':>9}{'median bits':>13}")
        out += [f"{name:<28}{share:>9.3f}{median:>13.1f}" for name, share, median in self.edits]
        out.append(
            f"false matches on {self.unrelated} unrelated pictures: {self.false_pairs:.5f} of "
            f"photo-picture pairs; {self.false_images:.4f} of pictures match any photo"
        )
        return out


def robustness(*, photos: int = 60, unrelated: int = 1000) -> AvatarReport:
    """Edit each drawn photo every way in `EDITS`; compare unrelated pictures with all of them."""
    originals = [drawing.face(PHOTO_SEEDS + 2 * i) for i in range(photos)]
    references = [avatars.References.build([drawing.to_bytes(im)]) for im in originals]
    edits = []
    for name, edit in EDITS.items():
        found = np.array(
            [
                avatars.nearest(ref, [avatars.AvatarHash.of(edit(im))])[0][0]
                for ref, im in zip(references, originals, strict=True)
            ]
        )
        edits.append((name, float((found <= avatars.MATCH).mean()), float(np.median(found))))
    others = [drawing.face(PHOTO_SEEDS + 2 * (photos + i)) for i in range(unrelated * 4 // 5)]
    others += [drawing.scene(1000 + i) for i in range(unrelated - len(others))]
    hashes = [avatars.AvatarHash.of(im) for im in others]
    close = np.array([avatars.nearest(ref, hashes)[0] <= avatars.MATCH for ref in references])
    return AvatarReport(edits, photos, len(hashes), float(close.mean()), float(close.any(0).mean()))
