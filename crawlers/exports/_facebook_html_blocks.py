"""How Meta's HTML download renders a record, read as a stream of blocks.

Every record (a message, a friend, a notification) is one block: `<section class="_a6-g">`
(2024+) or `<div class="_3-95 _a6-g">` (2022–23) with a header (`_a6-h`: the sender or name),
a body (`_a6-p`) and a date (`_a72d`, inside `_a6-o`); before 2022 the same roles had the
classes `uiBoxWhite` (block), `_2lel`, `_2let` and `_2lem`. Blocks are cut out of the page
text as written (the raw evidence) while the page is read in chunks; dates: _facebook_dates.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import lxml.html
from lxml import etree

from crawlers.errors import ArchiveError
from crawlers.exports._facebook_common import clean_text
from crawlers.exports._facebook_sentences import split_names

_HEADER = ("_a6-h", "_2lel")
_BODY = ("_a6-p", "_2let")
_DATE = ("_a72d",)
_FOOTER = ("_a6-o", "_2lem")
_REACTIONS = ("_a6-q", "_tqp")
_PARTICIPANTS_LINE = ("_a6-h", "_2lek")
_BREAKS = {"div", "p", "li", "br", "tr", "h1", "h2", "h3", "section", "footer", "table"}
# "Participants: Jane Doe and Robert Miller" (the label is localized: "Participantes:", "参加者:").
_PARTICIPANTS = re.compile(r"^[^:：\d]{1,40}[:：]\s*(?P<names>.+)$")


@dataclass(frozen=True, slots=True)
class Block:
    """One rendered record, with its markup kept as raw evidence."""

    index: int
    header: str | None
    body: str | None
    date: str | None
    links: tuple[str, ...]
    reactions: tuple[str, ...]
    raw: str


@dataclass(frozen=True, slots=True)
class Head:
    """What a conversation page says before its first message."""

    title: str | None
    participants: tuple[str, ...]


def _classes(element: Any) -> set[str]:
    return set((element.get("class") or "").split())


def _find(element: Any, classes: tuple[str, ...]) -> Any:
    for node in element.iter():
        if isinstance(node.tag, str) and _classes(node) & set(classes):
            return node
    return None


def _text(element: Any) -> str | None:
    """Visible text, one line per block element or <br>, reaction lists left out."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if not isinstance(node.tag, str) or _classes(node) & set(_REACTIONS):
            return
        if node.tag in _BREAKS:
            parts.append("\n")
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    if element is None:
        return None
    walk(element)
    return clean_text("".join(parts))


def _block(index: int, element: Any, raw: str) -> Block:
    body = _find(element, _BODY)
    date = _find(element, _DATE)
    if date is None:
        date = _find(element, _FOOTER)
    links = (
        tuple(
            a.get("href")
            for a in body.iter("a")
            if (a.get("href") or "").startswith(("http://", "https://"))
        )
        if body is not None
        else ()
    )
    reactions = tuple(
        text
        for ul in element.iter("ul")
        if _classes(ul) & set(_REACTIONS)
        for li in ul.iter("li")
        if (text := _text(li))
    )
    return Block(
        index=index,
        header=_text(_find(element, _HEADER)),
        body=_text(body),
        date=_text(date),
        links=links,
        reactions=reactions,
        raw=raw,
    )


# A start or end tag; quoted attribute values may hold ">".
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SKIP_TO = {"<!--": "-->", "<!": ">", "<?": ">"}
_RAW_TEXT = ("script", "style")
_CHUNK = 1 << 16


class _Scanner:
    """Cut record blocks out of a page's text as written, reading it in chunks.

    Only the text of the block being read is held, so memory stays bounded on any page size,
    and each block's text is kept exactly as Meta wrote it (the raw evidence). A block is
    then parsed on its own with lxml.
    """

    def __init__(self, fh: IO[bytes], origin: str) -> None:
        self.fh, self.origin = fh, origin
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        # buf[mark:] is all that is still needed: the open block, or nothing between blocks.
        self.buf, self.pos, self.mark, self.eof = "", 0, 0, False

    def _more(self) -> bool:
        """Drop the text no longer needed and append the next chunk; False at the end."""
        if self.eof:
            return False
        self.buf, self.pos, self.mark = self.buf[self.mark :], self.pos - self.mark, 0
        chunk = self.fh.read(_CHUNK)
        self.eof = not chunk
        self.buf += self.decoder.decode(chunk, final=self.eof)
        return True

    def tags(self) -> Iterator[tuple[int, re.Match[str]]]:
        """(offset in self.buf, match) of every tag, comments and script/style text skipped."""
        while True:
            lt = self.buf.find("<", self.pos)
            if lt < 0:
                self.pos = len(self.buf)
                if not self._more():
                    return
                continue
            skip = next(
                (end for start, end in _SKIP_TO.items() if self.buf.startswith(start, lt)), None
            )
            if skip:
                stop = self.buf.find(skip, lt + 2)
                if stop < 0 and self._more():
                    continue  # a comment or declaration running past the text read so far
                self.pos = len(self.buf) if stop < 0 else stop + len(skip)
                continue
            match = _TAG.match(self.buf, lt)
            if match is None:
                if len(self.buf) - lt < _CHUNK and self._more():
                    continue  # a tag cut by the end of the chunk
                self.pos = lt + 1  # a "<" in text
                continue
            self.pos = match.end()
            yield lt, match
            if match.group(2).lower() in _RAW_TEXT and not match.group(1):
                self._skip_raw_text(match.group(2).lower())

    def _skip_raw_text(self, name: str) -> None:
        while (end := self.buf.lower().find(f"</{name}", self.pos)) < 0 and self._more():
            pass
        self.pos = len(self.buf) if end < 0 else end

    def blocks(self) -> Iterator[tuple[str, str]]:
        """(text before the first block, block text) for each record block, in order."""
        head, name, depth = None, "", 0
        for offset, match in self.tags():
            closing, tag = bool(match.group(1)), match.group(2).lower()
            void = match.group(3).rstrip().endswith("/")
            if not name:
                if not closing and not void and _is_block_class(match.group(3)):
                    if head is None:
                        head = self.buf[:offset]
                    self.mark, name, depth = offset, tag, 1
                elif head is not None:
                    self.mark = self.pos  # text between records: nothing to keep
            elif tag == name and not void:
                depth += -1 if closing else 1
                if depth == 0:
                    yield head or "", self.buf[self.mark : self.pos]
                    self.mark, name = self.pos, ""
        if name:
            raise ArchiveError(f"{self.origin}: the page ends inside a record (cut-off file?)")


def _is_block_class(attributes: str) -> bool:
    match = _CLASS.search(attributes)
    classes = set(next(g for g in match.groups() if g is not None).split()) if match else set()
    return "_a6-g" in classes or {"pam", "uiBoxWhite"} <= classes


def _element(text: str, origin: str) -> Any:
    try:
        return lxml.html.fragment_fromstring(text)
    except (etree.LxmlError, ValueError) as exc:
        raise ArchiveError(f"{origin}: a record is not readable as HTML ({exc})") from exc


def read_blocks(fh: IO[bytes], origin: str) -> Iterator[Block]:
    """Stream the records of one page, each with its markup exactly as written."""
    index = 0
    for _, text in _Scanner(fh, origin).blocks():
        block = _block(index, _element(text, origin), text)
        if block.date is None and _participants(block.header) and not block.body:
            continue  # the page's "Participants: …" line, not a record
        index += 1
        yield block


def read_head(fh: IO[bytes], origin: str) -> Head:
    """The page title and participants line; reading stops at the first record."""
    scanner = _Scanner(fh, origin)
    head = next((h for h, _ in scanner.blocks()), scanner.buf)
    if not head.strip():
        return Head(None, ())
    try:
        document = lxml.html.document_fromstring(head)
    except (etree.LxmlError, ValueError) as exc:
        raise ArchiveError(f"{origin}: not readable as HTML ({exc})") from exc
    title = document.find(".//title")
    people = ()
    for element in document.iter():
        if isinstance(element.tag, str) and _classes(element) & set(_PARTICIPANTS_LINE):
            people = people or _participants(_text(element))
    return Head(_text(title) if title is not None else None, people)


def read_cells(fh: IO[bytes], origin: str) -> Iterator[tuple[str, str]]:
    """(label, value) rows of a profile page's tables: <tr><th>Name</th><td>…</td></tr>.

    Profile pages are small, so the page is parsed whole.
    """
    try:
        document = lxml.html.parse(fh).getroot()
    except (etree.LxmlError, ValueError) as exc:
        raise ArchiveError(f"{origin}: not readable as HTML ({exc})") from exc
    for row in document.iter("tr") if document is not None else ():
        label, value = row.find("th"), row.find("td")
        if label is not None and value is not None:
            yield _text(label) or "", _text(value) or ""


def _participants(text: str | None) -> tuple[str, ...]:
    match = _PARTICIPANTS.match(text or "")
    return tuple(split_names(match.group("names"))) if match else ()
