"""Ask the corpus: a boolean query language and what it answers.

- :func:`search`: the matching articles, ranked (BM25), with a snippet;
- :func:`kwic`: every hit in its context;
- :func:`attention`: matching and total articles (or stories) per period,
  query and outlet;
- :func:`group_stories`: copies, reprints and light edits grouped into stories
  (MinHash LSH);
- :func:`compare_periods`: the words one period uses markedly more than another.

The language is described in :mod:`reexdata.query.parse`; how a query meets
the text in :mod:`reexdata.query.match`.
"""

from importlib import import_module
from typing import Any

# Public name -> module. Loaded on first use, as in ``reexdata/__init__``: the
# project file only parses queries, and compare (scikit-learn) and stories
# (datasketch) would make every command line start about a second slower.
_EXPORTS = {
    "search": "reexdata.query.search",
    "kwic": "reexdata.query.kwic",
    "attention": "reexdata.query.attention",
    "group_stories": "reexdata.query.stories",
    "compare_periods": "reexdata.query.compare",
    "parse_query": "reexdata.query.parse",
}

__all__ = ["search", "kwic", "attention", "group_stories", "compare_periods", "parse_query"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'reexdata.query' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
