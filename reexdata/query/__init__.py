"""Ask the corpus: a boolean query language, search and keyword in context.

See :mod:`reexdata.query.parse` for the language and
:mod:`reexdata.query.match` for how a query meets the text.
"""

from reexdata.query.attention import attention
from reexdata.query.compare import compare_periods
from reexdata.query.kwic import kwic
from reexdata.query.parse import parse_query
from reexdata.query.search import search
from reexdata.query.stories import group_stories

__all__ = ["search", "kwic", "attention", "group_stories", "compare_periods", "parse_query"]
