"""Platform text in HTML: escaped, isolated, and with invisible characters made visible.

The review page and the report show the same marks, so what a reviewer saw is what the
report prints.
"""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

# Invisible characters that reorder or hide text (e.g. U+202E makes "gnp.exe" read "exe.png").
# Joiners used inside emoji and scripts (U+200C, U+200D) are left alone; control characters
# (NUL, ESC, BEL...) are marked too, so no page or report ever carries them raw.
_HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def shown(text: str | None) -> Markup:
    """Platform text escaped and isolated, with hidden direction/zero-width marks made visible.

    >>> str(shown("<b>"))
    '<bdi>&lt;b&gt;</bdi>'
    >>> str(shown("a\u202eb"))
    '<bdi>a<span class="hidden-char" title="RIGHT-TO-LEFT OVERRIDE">[U+202E]</span>b</bdi>'
    """
    if not text:
        return Markup("")
    if not _HIDDEN.search(text):  # the common case, once per record in a report: no format()
        return Markup(f"<bdi>{escape(text)}</bdi>")
    parts, last = [], 0
    for found in _HIDDEN.finditer(text):
        char = found.group()
        code = f"U+{ord(char):04X}"
        parts += [
            escape(text[last : found.start()]),
            Markup('<span class="hidden-char" title="{}">[{}]</span>').format(
                unicodedata.name(char, code), code
            ),
        ]
        last = found.end()
    parts.append(escape(text[last:]))
    return Markup("<bdi>{}</bdi>").format(Markup("").join(parts))
