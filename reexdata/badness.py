"""A fast answer to ftfy's question "does this text look like mojibake?".

:func:`looks_bad` gives the same answer as ``ftfy.badness.is_bad``, whose
regular expression costs about 1 µs per character: 5 ms on a page, more
than the rest of the repair. :func:`reexdata.repair.repair_text` asks it
before handing a page to ftfy.

Each of the regular expression's patterns holds a C1 control, ``Œ``, ``œ``,
``Â`` or ``Ã`` (rare in clean text: then the expression runs on the whole
text), or two adjacent characters of its categories (accented Latin,
Cyrillic, Greek, box drawing, punctuation, symbols; no CJK or Thai; see
``_pair_re`` for Cyrillic and Greek letters). Those
are non-ASCII: four or more high bytes in a row in UTF-8. Such runs are
found at C speed in the bytes mapped to two values, pairs are looked for in
them, and the expression runs only around the pairs (none of its patterns
is over 7 characters long).
"""

from __future__ import annotations

import re

from ftfy.badness import BADNESS_RE as _FTFY_BADNESS_RE
from ftfy.badness import MOJIBAKE_CATEGORIES as _FTFY_CATEGORIES

__all__ = ["looks_bad"]

_SINGLE_HINTS = "ÂÃŒœ"
_C1_UTF8_RE = re.compile(rb"\xc2[\x80-\x9f]")
_SHAPE = bytes(0x61 if byte < 0x80 else 0x80 for byte in range(256))
_HIGH_RUN = b"\x80" * 4
_REACH = 6
_REACH_BYTES = 4 * _REACH
# Text in Chinese has many short runs: past this many, scan the whole text
# for pairs in one go.
_MAX_RUNS = 4
# Past this many pairs (and one per 16 characters), run the expression on
# the whole text.
_MAX_WINDOWS = 32


def _expand(members: str) -> set[str]:
    """The non-ASCII characters of a regex character-class body."""
    chars = set(members)
    # Category strings are characters and ranges ``a-b``; no literal '-'.
    for first, last in re.findall("(.)-(.)", members, re.DOTALL):
        chars.update(map(chr, range(ord(first), ord(last) + 1)))
    return {ch for ch in chars if ord(ch) > 0x7F}


def _class(chars: set[str]) -> str:
    return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"


def _pair_re() -> re.Pattern:
    """Two adjacent characters that some pattern of ftfy's expression names.

    Greek and Cyrillic letters (the "common" categories) next to each other
    match only in ``вЂ`` and ``ГўВЂВ``, so in clean Russian or Greek text
    the pairs are few: a letter of those categories counts only next to a
    character of another category or before ``Ђ``.
    """
    named = {ch for ch in _FTFY_BADNESS_RE.pattern if ord(ch) > 0x7F}
    for members in _FTFY_CATEGORIES.values():
        named |= _expand(members)
    letters = _expand(_FTFY_CATEGORIES["lower_common"]) | _expand(_FTFY_CATEGORIES["upper_common"])
    other = named - letters
    return re.compile(f"{_class(named)}(?:(?<={_class(other)}){_class(named)}|{_class(other)}|Ђ)")


_PAIR_RE = _pair_re()


def looks_bad(text: str, raw: bytes | None = None) -> bool:
    """Whether ``text`` looks like it holds mojibake, as ftfy judges it.

    The same answer as ``ftfy.badness.is_bad(text)``, much faster on long
    text that is clean or in a script ftfy does not consider.

    Parameters
    ----------
    text : str
        Any text.
    raw : bytes, optional
        ``text`` encoded as UTF-8 (with ``surrogatepass``), when the caller
        has it already.

    Returns
    -------
    bool
        True when ftfy's badness expression matches somewhere in ``text``.

    Examples
    --------
    >>> looks_bad("Baogang’s “two bases” plan—and more")
    False
    >>> looks_bad("Le g√¢teau co√ªte 5 euros")
    True
    """
    if raw is None:
        raw = text.encode("utf-8", "surrogatepass")
    # One-byte and one-character needles are found by memchr; a two-byte
    # needle, or a regex, scans at a tenth of the speed.
    if any(hint in text for hint in _SINGLE_HINTS) or (b"\xc2" in raw and _C1_UTF8_RE.search(raw)):
        return bool(_FTFY_BADNESS_RE.search(text))
    shape = raw.translate(_SHAPE)
    start = shape.find(_HIGH_RUN)
    for _ in range(_MAX_RUNS):
        if start < 0:
            return False
        end = shape.find(b"a", start)
        end = len(shape) if end < 0 else end
        # The run with up to 6 characters either side.
        before = raw[max(0, start - _REACH_BYTES):start].decode("utf-8", "ignore")[-_REACH:]
        run = raw[start:end].decode("utf-8", "ignore")
        after = raw[end:end + _REACH_BYTES].decode("utf-8", "ignore")[:_REACH]
        if _pairs_look_bad(before + run + after, len(before), len(before) + len(run)):
            return True
        start = shape.find(_HIGH_RUN, end)
    return start >= 0 and _pairs_look_bad(text, 0, len(text))


def _pairs_look_bad(text: str, start: int, end: int) -> bool:
    """Whether the expression matches around a pair found in ``text[start:end]``."""
    # A window costs about as much as 16 characters of the whole text.
    most = max(_MAX_WINDOWS, (end - start) // 16)
    for count, pair in enumerate(_PAIR_RE.finditer(text, start, end)):
        if count == most:
            return bool(_FTFY_BADNESS_RE.search(text))
        if _FTFY_BADNESS_RE.search(text, max(0, pair.start() - _REACH), pair.end() + _REACH):
            return True
    return False
