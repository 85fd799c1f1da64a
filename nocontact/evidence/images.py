"""Photos and plots embedded as data: URIs, so the report makes no request of any kind."""

from __future__ import annotations

import base64
import io
import logging
from pathlib import Path

from PIL import Image

from nocontact.errors import StoreError
from nocontact.store import cipher

logger = logging.getLogger(__name__)

_MAX_PIXELS = 25_000_000  # refuse to decode anything larger: a decompression bomb


def photo_uri(path: Path, *, size: int = 160, key: bytes | None = None) -> str | None:
    """A downscaled JPEG of a photo as a data: URI; None (and a warning) if unreadable.

    A sealed photo (an encrypted case's avatar) is opened in memory with `key`.
    """
    try:
        with Image.open(io.BytesIO(cipher.read_bytes(path, key))) as image:
            if image.width * image.height > _MAX_PIXELS:
                logger.warning("%s: %dx%d pixels is too large to show", path, *image.size)
                return None
            small = image.convert("RGB")
            small.thumbnail((size, size))
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, StoreError) as exc:
        logger.warning("%s: not a readable image (%s); not shown", path, exc)
        return None
    buffer = io.BytesIO()
    small.save(buffer, "JPEG", quality=80)
    return data_uri(buffer.getvalue(), "image/jpeg")


def data_uri(data: bytes, media_type: str) -> str:
    """Inline bytes: `img-src data:` is all the report's Content-Security-Policy allows.

    >>> data_uri(b"<svg/>", "image/svg+xml")
    'data:image/svg+xml;base64,PHN2Zy8+'
    """
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"
