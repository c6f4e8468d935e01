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

# search, kwic and attention share their modules' names: once a module is
# imported its name on the package is the module, so these are imported here.
from reexdata.query.attention import attention
from reexdata.query.kwic import kwic
from reexdata.query.parse import parse_query
from reexdata.query.search import search

# compare (scikit-learn) and stories (datasketch) load on first use: parsing a
# project file's queries would otherwise start every command a second later.
_LAZY = {"group_stories": "reexdata.query.stories", "compare_periods": "reexdata.query.compare"}

__all__ = ["search", "kwic", "attention", "group_stories", "compare_periods", "parse_query"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'reexdata.query' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
