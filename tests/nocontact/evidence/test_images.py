"""Photos embedded as small JPEG data: URIs; what cannot be read is left out, not fatal."""

from __future__ import annotations

import base64
import io
import logging
from pathlib import Path

import pytest
from PIL import Image

from nocontact.evidence import images


def test_a_photo_becomes_a_small_jpeg_data_uri(tmp_path: Path) -> None:
    path = tmp_path / "ref.png"
    Image.new("RGB", (800, 400), (200, 30, 30)).save(path)
    uri = images.photo_uri(path, size=100)
    assert uri is not None and uri.startswith("data:image/jpeg;base64,")
    with Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as shown:
        assert shown.format == "JPEG" and max(shown.size) == 100


def test_an_unreadable_photo_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "not.jpg"
    path.write_bytes(b"not an image")
    with caplog.at_level(logging.WARNING):
        assert images.photo_uri(path) is None
        assert images.photo_uri(tmp_path / "missing.jpg") is None
    assert "not a readable image" in caplog.text
