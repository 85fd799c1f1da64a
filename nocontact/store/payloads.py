"""The shape each ledger action's payload must have for verify and export to read it.

Only an edit outside nocontact stores a payload of another shape (valid JSON, but a key
missing or of another type); the checks that read the payload would die on it with a
traceback. `problem` names the first key at fault, so the entry is reported once and left
out. Listed are the keys those checks read; a key an older version did not write is optional.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Row:
    """A list whose first items have these shapes (a match run's sealed hit)."""

    items: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class BySource:
    """An object keyed by source ids (digits), each value of one shape."""

    value: Any


TEXT_OR_NULL = (str, None)
# A shape is a type (int, str, dict), TEXT_OR_NULL, [shape] (a list of it), {key: shape}
# (an object with these keys; a key ending in "?" may be absent; {"*": shape}: any keys,
# each value of that shape), a Row or a BySource.
_SOURCE = {
    "source_id": int,
    "sha256": str,
    "name": str,
    "interactions_digest": str,
    "rows_digest?": str,
    "started_at?": str,
    "accounts_digest?": str,
}
SHAPES: dict[str, dict[str, Any]] = {
    "import": _SOURCE,
    "scan": _SOURCE,
    "seal": {"rows_digests": BySource(str), "accounts_digest?": str},
    "match": {"hits?": [Row((int, str))]},
    "review": {
        "hit_id": int,
        "action": str,
        "text": TEXT_OR_NULL,
        "review_id?": int,
        "at?": str,
    },
    "enrich": {
        "fetches": [
            {"enrichment_id": int, "raw_sha256": TEXT_OR_NULL, "avatar_sha256": TEXT_OR_NULL}
        ],
        "accounts_digest?": str,
    },
    "order": {"terms": dict},
    "export": {"manifest_sha256": str, "folder?": str, "logs?": {"*": str}},
}
_NAMES = {
    int: "an integer",
    str: "text",
    dict: "an object",
    list: "a list",
    TEXT_OR_NULL: "text or null",
}


def problem(action: str, payload: dict[str, Any]) -> str | None:
    """What is wrong with this payload's shape (`payload lacks 'key'`, `payload's 'key' is
    X, not Y`); None when it has the shape or the action is none nocontact writes."""
    found = _problem(payload, SHAPES[action], "") if action in SHAPES else None
    if found is None:
        return None
    return ("payload " if found.startswith("lacks") else "payload's ") + found


def _problem(value: Any, shape: Any, path: str) -> str | None:
    if isinstance(shape, dict):
        return _object(value, shape, path)
    if isinstance(shape, list):
        if not isinstance(value, list):
            return _wrong(value, "a list", path)
        return _first(_problem(item, shape[0], f"{path}[{i}]") for i, item in enumerate(value))
    if isinstance(shape, Row):
        if not isinstance(value, list):
            return _wrong(value, "a list", path)
        if len(value) < len(shape.items):
            return f"lacks '{path}[{len(value)}]'"
        return _first(_problem(value[i], s, f"{path}[{i}]") for i, s in enumerate(shape.items))
    if isinstance(shape, BySource):
        return _by_source(value, shape, path)
    return None if _is(value, shape) else _wrong(value, _NAMES[shape], path)


def _object(value: Any, shape: dict[str, Any], path: str) -> str | None:
    if not isinstance(value, dict):
        return _wrong(value, "an object", path)
    if "*" in shape:  # any keys, each value of one shape
        return _first(_problem(v, shape["*"], _key(path, k)) for k, v in value.items())
    for name, inner in shape.items():
        key = name.removesuffix("?")
        if key not in value:
            if key == name:
                return f"lacks '{_key(path, key)}'"
            continue
        found = _problem(value[key], inner, _key(path, key))
        if found:
            return found
    return None


def _by_source(value: Any, shape: BySource, path: str) -> str | None:
    if not isinstance(value, dict):
        return _wrong(value, "an object", path)
    for key, inner in value.items():
        if not (key.isascii() and key.isdigit()):  # int() refuses "²", which isdigit takes
            return f"'{path}' has a key {key!r} that is no source id"
        found = _problem(inner, shape.value, _key(path, key))
        if found:
            return found
    return None


def _is(value: Any, shape: Any) -> bool:
    """JSON's true and false are no integers, though Python's bool is an int."""
    if shape is TEXT_OR_NULL:
        return value is None or isinstance(value, str)
    return isinstance(value, shape) and not (shape is int and isinstance(value, bool))


def _wrong(value: Any, expected: str, path: str) -> str:
    return f"'{path}' is {_kind(value)}, not {expected}"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, float):
        return "a decimal number"
    return _NAMES.get(type(value), type(value).__name__)


def _key(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _first(found: Any) -> str | None:
    return next((f for f in found if f), None)
