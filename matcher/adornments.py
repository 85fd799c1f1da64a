"""What people write around their own name, for the name floor to read past (`name_forms`).

In a second account's handle, a decoration at either end: 'the_real_rob_miller',
'robmiller.official', 'x_rmiller82_x', 'xrobmillerx'. In a display name, a word in quotes or
brackets ('Robert "Bob" Miller'), words in brackets at its end ('(the real one)'), what
follows a bar, a dash or a comma ('Rob Miller | Photography'), dots between the letters of a
word ('R.o.b.e.r.t'). Plain string tests, and patterns with no nested quantifier, so a long
text costs one pass.
"""

from __future__ import annotations

import re

# A word in quotes or brackets inside a display name ("Robert 'Bob' Miller"): a nickname or a
# note beside the name, read past as well.
_OPENERS = "\"'“‘(["
_ASIDE = re.compile(rf"(?<!\S)[{re.escape(_OPENERS)}][^\"'“”‘’()\[\]\s]+[\"'”’)\]](?!\S)")
# What people put around their own name in a second account's handle: "the_real_rob_miller",
# "robmiller.official", "rob.miller.backup". One at each end is read past.
_BEFORE = ("the", "real", "its", "iam", "im", "official")
_AFTER = ("official", "real", "backup", "private", "priv", "alt", "new", "again")
_SEPARATORS = "._-"
_STARTS, _ENDS = (*_BEFORE, "x"), (*_AFTER, "x")
# Words a display name says of itself, before or after the name: 'the real Rob Miller',
# "Rob Miller's alt", 'Rob Miller 2nd acct'. Read past while two words at least are left.
_NOTES_BEFORE = frozenset({*_BEFORE, "it's", "i'm", "new", "just"})
_NOTES_AFTER = frozenset({*_AFTER, "x", "acct", "account", "2nd", "second", "page", "here"})
# What may follow a display name after it ends: 'Rob Miller | Photography', 'Rob Miller - Official'
_TRAILERS = (" | ", " - ", " – ", " — ", " • ", " · ", ", ", " / ")
_PAIRS = {")": "(", "]": "["}
# A word of four letters or more written one by one with dots between: 'R.o.b.e.r.t'
_DOTTED = re.compile(r"(?:[^\W\d_]\.){3,}[^\W\d_]\.?")
# A display name holding none of these characters has no aside and no trailer: one scan.
_MARKED = re.compile(f"[{re.escape(_OPENERS + ''.join(t.strip() for t in _TRAILERS))}]")


def unadorned(text: str, *, handle: bool) -> tuple[str, ...]:
    """The text with what people write around their name read past: in a handle a decoration
    at either end ('the_real_rob_miller', 'robmiller.backup'); in a display name a word in
    quotes or brackets ('Robert "Bob" Miller'), words in brackets at its end, what follows a
    bar, a dash or a comma ('Rob Miller | Photography'), and words written one letter at a
    time joined back (`_set_apart`). Empty when there is none.

    >>> unadorned("the_real_rob_miller", handle=True), unadorned("robmiller.official", handle=True)
    (('rob_miller',), ('robmiller',))
    >>> unadorned("Robert (Bob) Miller", handle=False), unadorned("Xavier", handle=True)
    (('Robert Miller',), ())
    >>> unadorned("xrobmillerx", handle=True), unadorned("x_rmiller82_x", handle=True)
    (('robmiller',), ('rmiller82',))
    >>> unadorned("Rob Miller (backup) | Photos", handle=False)
    ('Rob Miller | Photos', 'Rob Miller')
    >>> unadorned("robert miller (the real one)", handle=False)
    ('robert miller',)
    >>> unadorned("R.o.b M.i.l.l.e.r", handle=False)
    ('R.o.b Miller',)
    """
    if handle:
        low = text.lstrip("@").lower()
        if not low.startswith(_STARTS) and not low.endswith(_ENDS):
            return ()  # most handles: one C call each way
        found = [_unwrapped(text.lstrip("@")), _wrapped_in_x(text.lstrip("@"))]
    elif _MARKED.search(text) is None:
        noted = _without_notes(text)  # 'the real Rob Miller', "rob miller's alt"
        return (noted, *_set_apart(text)) if noted else _set_apart(text)
    else:
        bare = " ".join(_ASIDE.sub(" ", text).split())
        found = [bare, *_set_apart(text), _without_notes(bare)]
        if bare.endswith((")", "]")) and (opened := bare.rfind(_PAIRS[bare[-1]])) > 0:
            found.append(bare[:opened].strip())  # 'robert miller (the real one)'
        for mark in _TRAILERS:
            if mark in bare:
                found.append(bare.split(mark, 1)[0].strip())
                break
    kept = (b for b in found if b and b != text and len(b) >= 3)
    return tuple(dict.fromkeys(kept))


def _without_notes(text: str) -> str:
    """The display name without the words it says of itself at either end, or '' if none.

    >>> _without_notes("the real Rob Miller"), _without_notes("rob miller’s 2nd acct")
    ('Rob Miller', 'rob miller')
    >>> _without_notes("Rob Miller"), _without_notes("real new")
    ('', '')
    """
    words = text.split()
    start, end = 0, len(words)
    while end - start > 2 and words[start].casefold().replace("’", "'") in _NOTES_BEFORE:
        start += 1
    while end - start > 2 and words[end - 1].casefold() in _NOTES_AFTER:
        end -= 1
    if (start, end) == (0, len(words)):
        return ""
    kept = words[start:end]
    if end < len(words):  # "rob miller's alt": the name is the owner of what follows
        kept[-1] = kept[-1].removesuffix("'s").removesuffix("’s")
    return " ".join(kept)


def _set_apart(text: str) -> tuple[str, ...]:
    """A display name with words written one letter at a time, dots between, joined back:
    'R.o.b.e.r.t Miller'; empty for any other name. Four letters at least, so initials
    ('M.J. Heaffy') stay as they are. (Letters set apart by spaces are read in
    `name_forms.read_as`, as a handle.)"""
    if "." not in text or not any(_DOTTED.fullmatch(w) for w in text.split()):
        return ()
    return (" ".join(w.replace(".", "") if _DOTTED.fullmatch(w) else w for w in text.split()),)


def _unwrapped(handle: str) -> str:
    """A handle without the decorations of `_BEFORE` (up to two) and one of `_AFTER`, or an
    'x' set apart at either end, each with its separator if any; plain string tests, no
    pattern, so a long handle costs one pass."""
    low = handle.lower()
    start, end = 0, len(low)
    for _ in range(2):
        word = next((w for w in _BEFORE if low.startswith(w, start)), "")
        if not word and _parted(low, start + _run_of_x(low[start:end])):
            word = "x" * _run_of_x(low[start:end])
        if not word:
            break
        start += len(word)
        start += _parted(low, start)
    word = next((w for w in _AFTER if low.endswith(w, start, end)), "")
    if not word and _parted(low, end - _run_of_x(low[start:end][::-1]) - 1):
        word = "x" * _run_of_x(low[start:end][::-1])
    if word:
        end -= len(word)
        end -= end > start and _parted(low, end - 1)
    return handle[start:end]


def _wrapped_in_x(handle: str) -> str:
    """A handle wrapped in as many x at each end, without them: 'xrobmillerx', 'xxrobxx'."""
    opening = _run_of_x(handle.lower())
    closing = _run_of_x(handle.lower()[::-1])
    glued = not _parted(handle, opening) and not _parted(handle, len(handle) - opening - 1)
    if 0 < opening == closing and len(handle) > 2 * opening + 2 and glued:
        return handle[opening:-opening]
    return handle


def _run_of_x(text: str) -> int:
    """How many 'x' the text opens with."""
    return len(text) - len(text.lstrip("x"))


def _parted(text: str, at: int) -> bool:
    """Whether a separator stands at this place of the text."""
    return 0 <= at < len(text) and text[at] in _SEPARATORS
