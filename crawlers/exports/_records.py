"""Build JSON objects out of an ijson event stream, for files that must be walked once
(one big document holding many lists) instead of loaded whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import ijson

Event = tuple[str, str, Any]

# ijson's C backend turns each read into a list of events at once: 64 KB reads hold ~1 MB of
# events, 16 KB reads ~150 KB, at the same speed.
EVENT_BUFFER = 16 * 1024
_OPEN = frozenset(("start_map", "start_array"))
_CLOSE = frozenset(("end_map", "end_array"))


def values(
    events: Iterable[Event], pick: Callable[[str, str, Any], Any]
) -> Iterator[tuple[Any, Any]]:
    """Build each value whose first event `pick` tags (not None); yield (tag, value).

    `pick` sees every event outside a value being built, once, so it can keep state (such as
    the key of the map it is in). Only the value being built is held in memory.

    >>> import io
    >>> events = ijson.parse(io.BytesIO(b'{"a": [{"x": 1}, 2], "b": [3]}'))
    >>> list(values(events, lambda p, e, v: p if p == "a.item" else None))
    [('a.item', {'x': 1}), ('a.item', 2)]
    """
    builder: ijson.ObjectBuilder | None = None
    tag: Any = None
    depth = 0
    for prefix, event, value in events:
        if builder is None:
            tag = pick(prefix, event, value)
            if tag is None or event == "map_key" or event in _CLOSE:
                continue
            if event not in _OPEN:
                yield tag, value
                continue
            builder, depth = ijson.ObjectBuilder(), 0
        builder.event(event, value)
        depth += 1 if event in _OPEN else -1 if event in _CLOSE else 0
        if depth == 0:
            yield tag, builder.value
            builder = None
