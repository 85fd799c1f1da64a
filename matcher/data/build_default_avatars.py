"""Write `matcher/data/default_avatars.json`: hashes of placeholder pictures the matcher ignores.

Run from the repository root: `python matcher/data/build_default_avatars.py`. The pictures are
drawn
by `matcher.drawing` in the manner of common placeholders (a grey head-and-shoulders
silhouette, one initial on a flat colour, a white egg on a colour, flat grey); no platform's
own file is copied, so a platform's real placeholder may hash a few bits away from these.
"""

from __future__ import annotations

import json
from pathlib import Path

from matcher.avatars import AvatarHash
from matcher.drawing import defaults

SOURCES = (
    "Drawn by matcher.drawing.defaults(), imitating: grey silhouette placeholders (Facebook, "
    "Instagram, LinkedIn style), one white initial on a flat colour (Google account, Slack, "
    "Gmail style), a white egg on a colour (Twitter's default until 2017), and flat grey or "
    "blank images. No platform's own image file is included."
)


def main() -> None:
    avatars = [
        {"name": name, "hash": str(AvatarHash.of(image))} for name, image in defaults().items()
    ]
    document = {"sources": SOURCES, "hash": "pHash:dHash, 64 bits each, hex", "avatars": avatars}
    path = Path(__file__).with_name("default_avatars.json")
    path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
