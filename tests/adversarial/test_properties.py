"""Properties over generated input: the bounded reader changes nothing a genuine file says,
each parser's record reader turns any JSON into records or one clean refusal, and text made
safe for storage, spreadsheets and terminals is safe whatever it was.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import ijson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawlers.errors import ArchiveError
from crawlers.guard import Budget, GuardedReader
from nocontact.case import Case
from nocontact.errors import NocontactError
from nocontact.intake.archives import import_archive
from nocontact.store.untrusted import csv_cell, printable, storable
from tests.adversarial import corpus
from tests.adversarial.outcome import new_case

_LONE = re.compile("[\ud800-\udfff]")
_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from('\ud800\udc80\udfff\x00\\"[]{}')
)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(1 - 2**63, 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _TEXT
)


class _Trickle(io.BytesIO):
    """A file that hands out at most a few bytes per read, as a slow inflater may."""

    def __init__(self, data: bytes, sizes: list[int]) -> None:
        super().__init__(data)
        self.sizes = sizes or [1]
        self.n = 0

    def read(self, size: int | None = -1) -> bytes:
        self.n += 1
        return super().read(self.sizes[self.n % len(self.sizes)])


def _visible(value: Any) -> Any:
    """What the guard promises: lone surrogates become their escape written as text."""
    if isinstance(value, str):
        return _LONE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)
    if isinstance(value, list):
        return [_visible(v) for v in value]
    if isinstance(value, dict):
        return {_visible(k): _visible(v) for k, v in value.items()}
    return value


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        _SCALARS, lambda inner: st.lists(inner) | st.dictionaries(_TEXT, inner), max_leaves=40
    ),
    st.booleans(),
    st.lists(st.integers(1, 40), max_size=6),
)
def test_the_bounded_reader_changes_nothing_a_genuine_file_says(
    document: Any, ascii_only: bool, sizes: list[int]
) -> None:
    data = json.dumps(document, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    if not ascii_only and _LONE.search(json.dumps(document, ensure_ascii=False)):
        return  # raw surrogates are not UTF-8: such a file is refused, tested elsewhere
    reader = GuardedReader(
        _Trickle(data, sizes), "f.json", limit=10**9, budget=Budget(10**9), json=True
    )
    parsed = next(ijson.items(reader, "", use_float=True))
    assert parsed == _visible(json.loads(data))


_JSON_PARSERS = ("instagram", "facebook", "messenger", "x", "tiktok")


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _carrier_document(parser: str) -> tuple[bytes, Any]:
    folder, carrier = corpus.CARRIERS[parser]
    data = (corpus.EXPORTS / folder / carrier).read_bytes()
    prefix = corpus._JS_PREFIX.match(data)
    head = prefix.group() if prefix else b""
    return head, json.loads(data[len(head) :])


def _documents(parser: str) -> st.SearchStrategy[Any]:
    """JSON built from the carrier's own keys, so the reader's paths are taken."""
    _, real = _carrier_document(parser)
    keys = st.sampled_from(sorted(_keys(real))) | _TEXT
    tree = st.recursive(
        _SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=6),
        max_leaves=30,
    )
    return st.one_of(st.just(real), tree, st.builds(_graft, st.just(real), tree))


def _graft(real: Any, value: Any) -> Any:
    """The real document with its first record's values replaced by generated ones."""
    if isinstance(real, list) and real:
        return [value, *real[1:]]
    if isinstance(real, dict):
        return {key: value if n % 2 else item for n, (key, item) in enumerate(real.items())}
    return value


def _reader_property(parser: str) -> None:
    head, _ = _carrier_document(parser)
    folder, carrier = corpus.CARRIERS[parser]
    work = Path(tempfile.mkdtemp(prefix="nocontact-prop-"))
    export = work / "export"
    shutil.copytree(corpus.EXPORTS / folder, export)
    counter = iter(range(10**6))

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_documents(parser))
    def check(document: Any) -> None:
        (export / carrier).write_bytes(head + json.dumps(document).encode())
        case = new_case(work / f"case{next(counter)}")
        try:
            import_archive(Case(case), export, copy=False)
        except (ArchiveError, NocontactError) as exc:
            assert "\n" not in str(exc)
            return
        conn = sqlite3.connect(case / "nocontact.db")
        texts = conn.execute("SELECT coalesce(text, ''), raw FROM interactions").fetchall()
        conn.close()
        for text, raw in texts:
            assert "\x00" not in text and not _LONE.search(text + raw)
            json.loads(raw)  # the stored raw record is JSON and reads back

    try:
        check()
    finally:
        shutil.rmtree(work)


def test_instagram_reader_on_any_json() -> None:
    _reader_property("instagram")


def test_facebook_reader_on_any_json() -> None:
    _reader_property("facebook")


def test_messenger_reader_on_any_json() -> None:
    _reader_property("messenger")


def test_x_reader_on_any_json() -> None:
    _reader_property("x")


def test_tiktok_reader_on_any_json() -> None:
    _reader_property("tiktok")


@given(st.text())
def test_stored_text_always_encodes_and_keeps_its_visible_form(text: str) -> None:
    stored = storable(text)
    stored.encode("utf-8")
    assert "\x00" not in stored and storable(stored) == stored
    if not _LONE.search(text) and "\x00" not in text:
        assert stored == text


@given(st.text() | st.integers() | st.floats() | st.none())
def test_no_cell_starts_as_a_formula(value: object) -> None:
    cell = csv_cell(value).lstrip(" \u00a0\u3000")
    assert cell.startswith("'") or not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))


@given(st.text())
def test_nothing_printed_commands_the_terminal(text: str) -> None:
    shown = printable(text)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)
