"""Procedurally drawn pictures: synthetic faces, stock-like scenes and platform-style defaults.

No real person's photo is used anywhere: the benchmark's "photos" are drawn here from a seed,
and so are the look-alikes of platform default avatars whose hashes `data/` keeps.
"""

from __future__ import annotations

import io
import random
import string
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

SIZE = 160
_SKIN = ("#f1c27d", "#e0ac69", "#c68642", "#8d5524", "#ffdbac", "#d8a062", "#a16e4b")
_HAIR = ("#090806", "#2c222b", "#3b3024", "#4e433f", "#b89778", "#a56b46", "#dcd0ba", "#8d4a43")
_INITIAL_COLOURS = ("#1a73e8", "#d93025", "#188038", "#e37400", "#9334e6", "#5f6368")
_EGG_COLOURS = ("#f5abb5", "#8ed4f5", "#a6dc8f", "#f7d468", "#c9b3ef", "#f79d65")


def _colour(rng: random.Random, low: int = 0, high: int = 255) -> tuple[int, int, int]:
    return (rng.randint(low, high), rng.randint(low, high), rng.randint(low, high))


def _backdrop(rng: random.Random, size: int) -> Image.Image:
    """A gradient with random shapes: what makes two drawn photos differ beyond the face."""
    image = Image.linear_gradient("L").resize((size, size)).rotate(rng.choice((0, 90, 180, 270)))
    scales = [rng.random() for _ in range(3)]
    image = Image.merge("RGB", [image.point(lambda v, s=s: int(40 + v * 0.7 * s)) for s in scales])
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(4, 9)):
        x, y, r = rng.randint(0, size), rng.randint(0, size), rng.randint(size // 10, size // 2)
        box = (x - r, y - r, x + r, y + r)
        if rng.random() < 0.5:
            draw.ellipse(box, fill=_colour(rng, 30, 230))
        else:
            points = [(rng.randint(0, size), rng.randint(0, size)) for _ in range(3)]
            draw.polygon(points, fill=_colour(rng, 30, 230))
    return image


def face(seed: int, *, size: int = SIZE) -> Image.Image:
    """A synthetic portrait: a drawn head and shoulders on a busy, seeded background."""
    rng = random.Random(f"face:{seed}")
    image = _backdrop(rng, size)
    draw = ImageDraw.Draw(image)
    cx, cy = size // 2 + rng.randint(-20, 20), size // 2 + rng.randint(-15, 10)
    w, h = rng.randint(size // 5, size // 3), rng.randint(size // 4, size // 3 + 8)
    skin, hair = rng.choice(_SKIN), rng.choice(_HAIR)
    draw.ellipse((cx - 2 * w, cy + h - 4, cx + 2 * w, cy + 3 * h), fill=_colour(rng, 20, 220))
    draw.ellipse((cx - w, cy - h, cx + w, cy + h), fill=skin)
    top = rng.randint(0, 40)
    draw.chord((cx - w - 4, cy - h - 6, cx + w + 4, cy + top), 180, 360, fill=hair)
    eye_y, gap = cy - rng.randint(0, h // 3), rng.randint(w // 3, w // 2 + 2)
    for ex in (cx - gap, cx + gap):
        draw.ellipse((ex - 4, eye_y - 3, ex + 4, eye_y + 3), fill="#1f2937")
    mouth = cy + h // 2
    draw.arc((cx - w // 2, mouth - 8, cx + w // 2, mouth + 6), 20, 160, fill="#7f1d1d", width=3)
    if rng.random() < 0.4:  # glasses
        for ex in (cx - gap, cx + gap):
            draw.ellipse((ex - 9, eye_y - 8, ex + 9, eye_y + 8), outline="#111111", width=2)
    return image


def scene(seed: int, *, size: int = SIZE) -> Image.Image:
    """A stock-photo-like scene (sky, sun, hills, sea) that many unrelated people might use."""
    rng = random.Random(f"scene:{seed}")
    image = Image.new("RGB", (size, size), _colour(rng, 80, 220))
    draw = ImageDraw.Draw(image)
    horizon = rng.randint(size // 3, 2 * size // 3)
    for y in range(horizon):
        shade = int(255 * y / max(horizon, 1))
        draw.line((0, y, size, y), fill=(shade // 3, shade // 2 + 60, 200 - shade // 4))
    r, sx = rng.randint(8, 24), rng.randint(20, size - 20)
    draw.ellipse((sx - r, horizon // 2 - r, sx + r, horizon // 2 + r), fill="#ffd54f")
    for _ in range(rng.randint(2, 4)):
        peak = (rng.randint(0, size), horizon - rng.randint(10, size // 3))
        draw.polygon(
            [(peak[0] - size // 2, horizon), peak, (peak[0] + size // 2, horizon)],
            fill=_colour(rng, 20, 120),
        )
    draw.rectangle((0, horizon, size, size), fill=_colour(rng, 10, 150))
    return image


def silhouette(background: int, foreground: int, *, size: int = SIZE) -> Image.Image:
    """A grey head-and-shoulders placeholder, as many platforms show for a new account."""
    image = Image.new("RGB", (size, size), (background,) * 3)
    draw = ImageDraw.Draw(image)
    s = size / 160
    draw.ellipse((55 * s, 30 * s, 105 * s, 82 * s), fill=(foreground,) * 3)
    draw.ellipse((25 * s, 92 * s, 135 * s, 200 * s), fill=(foreground,) * 3)
    return image


def initials(letters: str, colour: str, *, size: int = SIZE) -> Image.Image:
    """Letters on a flat colour, as mail and chat services show when no photo is set."""
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size // 2)
    draw.text((size / 2, size / 2), letters, fill="white", font=font, anchor="mm")
    return image


def egg(colour: str, *, size: int = SIZE) -> Image.Image:
    """A white egg on a colour: the old default avatar of one large platform."""
    image = Image.new("RGB", (size, size), colour)
    ImageDraw.Draw(image).ellipse((size * 0.3, size * 0.2, size * 0.7, size * 0.8), fill="white")
    return image


@lru_cache(maxsize=1)
def defaults() -> dict[str, Image.Image]:
    """Every placeholder picture this project recognises, by a name that says what it is."""
    found: dict[str, Image.Image] = {}
    for background, foreground in ((220, 250), (200, 240), (190, 150), (230, 190), (80, 160)):
        found[f"silhouette-{background}-{foreground}"] = silhouette(background, foreground)
    for colour in _INITIAL_COLOURS:
        for letter in string.ascii_uppercase:
            found[f"initial-{letter}-{colour}"] = initials(letter, colour)
    for colour in _EGG_COLOURS:
        found[f"egg-{colour}"] = egg(colour)
    for grey in (0, 128, 200, 255):
        found[f"blank-{grey}"] = Image.new("RGB", (SIZE, SIZE), (grey,) * 3)
    return found


def to_bytes(image: Image.Image, *, fmt: str = "PNG", quality: int = 90) -> bytes:
    """Encode a picture as an image file, as a platform would serve it."""
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, fmt, quality=quality)
    return buffer.getvalue()
