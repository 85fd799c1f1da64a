"""The text a reader sees in an HTML fragment (e-mail bodies, LinkedIn message content)."""

from __future__ import annotations

import re

import lxml.html

_BLOCK_END = re.compile(r"<(?:br|/p|/div|/tr|/li|/h\d)\b[^>]*>", re.IGNORECASE)


def html_text(markup: str) -> str:
    """Tags dropped, a line break kept where a paragraph, row or `<br>` ends.

    >>> html_text("<p>Hi Jane,</p><p>remember?</p>")
    'Hi Jane,\\nremember?\\n'
    """
    if not markup.strip():
        return ""
    return lxml.html.fromstring(_BLOCK_END.sub("\n\\g<0>", markup)).text_content()
