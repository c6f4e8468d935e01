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

from reexdata.query.attention import attention
from reexdata.query.compare import compare_periods
from reexdata.query.kwic import kwic
from reexdata.query.parse import parse_query
from reexdata.query.search import search
from reexdata.query.stories import group_stories

__all__ = ["search", "kwic", "attention", "group_stories", "compare_periods", "parse_query"]
