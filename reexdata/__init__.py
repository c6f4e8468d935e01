"""reexdata: analyse news coverage of China's rare-earth industry.

Load raw article dumps into tidy dataframes, score themes, cluster topics,
count who and what is mentioned over time, and draw plotly charts.

Examples
--------
>>> import reexdata as rx
>>> articles = rx.load_articles("data/raw")            # doctest: +SKIP
>>> scores = rx.score_themes(articles)                  # doctest: +SKIP
>>> rx.plots.theme_share(rx.themes_over_time(scores, articles))  # doctest: +SKIP
"""

from importlib import import_module

__version__ = "0.1.0"

# Public name -> module that defines it. Modules load on first use so that
# ``import reexdata`` stays cheap (scikit-learn and plotly are heavy).
_EXPORTS = {
    "Corpus": "reexdata.ingest",
    "read_corpus": "reexdata.ingest",
    "load_articles": "reexdata.ingest",
    "repair_text": "reexdata.repair",
    "load_lexicon": "reexdata.lexicons",
    "load_themes": "reexdata.lexicons",
    "load_entities": "reexdata.lexicons",
    "article_text": "reexdata.text",
    "score_themes": "reexdata.themes",
    "themes_over_time": "reexdata.themes",
    "cluster_articles": "reexdata.clusters",
    "count_mentions": "reexdata.mentions",
    "mentions_over_time": "reexdata.mentions",
    "co_mentions": "reexdata.mentions",
    "suggest_entities": "reexdata.mentions",
    "search": "reexdata.query",
    "kwic": "reexdata.query",
    "attention": "reexdata.query",
    "group_stories": "reexdata.query",
    "compare_periods": "reexdata.query",
    "build": "reexdata.pipeline",
    "Project": "reexdata.project",
    "load_project": "reexdata.project",
    "init_project": "reexdata.project",
    "write_report": "reexdata.report",
    "read_tables": "reexdata.tables",
    "sql": "reexdata.tables",
    "ReexdataError": "reexdata.errors",
    "ParameterError": "reexdata.errors",
    "PathError": "reexdata.errors",
    "InputError": "reexdata.errors",
    "LexiconError": "reexdata.errors",
    "SchemaError": "reexdata.errors",
}

__all__ = sorted([*_EXPORTS, "plots", "__version__"])


def __getattr__(name):
    if name == "plots":
        return import_module("reexdata.plots")
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'reexdata' has no attribute {name!r}")


def __dir__():
    return __all__
