"""An independent reading of the query rules, to check :mod:`reexdata.query` against.

It shares no code with the package: the text is split into words (maximal
runs of letters and digits, lower-cased) with the characters between them,
and a phrase is found as consecutive words whose gaps hold at most one line
break, counted without overlap from the left. Queries are spelled here as
their terms plus a predicate over the terms' hit counts.

Examples
--------
>>> count_term("Rare-earth and rare\\nearth; rare\\n\\nearth", ("rare", "earth"))
2
>>> count_term("Exports, exporters", ("export",), prefix=True)
2
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["READINGS", "count_term", "reference_hits"]

_TOKEN = re.compile(r"[^\W_]+")


def _tokens(text: str) -> tuple[list[str], list[str]]:
    found = list(_TOKEN.finditer(text))
    gaps = [text[a.end():b.start()] for a, b in zip(found, found[1:])]
    return [m.group(0).lower() for m in found], gaps


def count_term(text: str, words: tuple[str, ...], *, prefix: bool = False) -> int:
    """Occurrences of the phrase ``words`` (the last one a prefix when ``prefix``) in ``text``."""
    tokens, gaps = _tokens(text)
    n, i, hits = len(words), 0, 0
    while i + n <= len(tokens):
        ok = all(tokens[i + k] == words[k] for k in range(n - 1))
        last = tokens[i + n - 1]
        ok = ok and (last.startswith(words[-1]) if prefix else last == words[-1])
        ok = ok and all(gaps[i + k].count("\n") <= 1 for k in range(n - 1))
        if ok:
            hits, i = hits + 1, i + n
        else:
            i += 1
    return hits


#: query -> (its terms, "*" ending a prefix; which hit counts decide; how many terms count as hits)
READINGS: dict[str, tuple[list[str], Callable[[list[int]], bool], int]] = {
    "baogang": (["baogang"], lambda h: h[0] > 0, 1),
    '"rare earth"': (["rare earth"], lambda h: h[0] > 0, 1),
    "inner-mongolia NOT lynas": (["inner mongolia", "lynas"], lambda h: h[0] > 0 and h[1] == 0, 1),
    "(neodymium OR dysprosium) AND price*": (["neodymium", "dysprosium", "price*"], lambda h: bool((h[0] or h[1]) and h[2]), 3),
    "china's": (["china s"], lambda h: h[0] > 0, 1),
    "export* OR tariffs": (["export*", "tariffs"], lambda h: h[0] > 0 or h[1] > 0, 2),
    # Newswire queries.
    "oil NOT crude": (["oil", "crude"], lambda h: h[0] > 0 and h[1] == 0, 1),
    '"crude oil" OR opec': (["crude oil", "opec"], lambda h: h[0] > 0 or h[1] > 0, 2),
    "coffee cocoa": (["coffee", "cocoa"], lambda h: h[0] > 0 and h[1] > 0, 2),
    "u.s. (trade OR tariff*) NOT japan": (["u s", "trade", "tariff*", "japan"], lambda h: bool(h[0] and (h[1] or h[2]) and not h[3]), 3),
    "1987": (["1987"], lambda h: h[0] > 0, 1),
}


def reference_hits(text: str, query: str) -> int | None:
    """The hits of ``query`` (a key of :data:`READINGS`) in ``text``, None when it does not match."""
    terms, predicate, counted = READINGS[query]
    hits = [count_term(text, tuple(t.rstrip("*").split()), prefix=t.endswith("*")) for t in terms]
    return sum(hits[:counted]) if predicate(hits) else None
