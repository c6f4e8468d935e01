"""Seeded themes: which theme each article is about, and when.

:func:`score_themes` scores every article against every theme of a theme
lexicon (a few seed terms per theme), learning from the corpus which other
words go with each theme. :func:`themes_over_time` counts primary themes per
calendar period.

One module per step: ``seeds`` (the lexicon's seed terms as TF-IDF vectors),
``model`` (self-training of the learned models), ``top_terms`` (the terms
behind each score), ``score`` (:func:`score_themes`) and ``over_time``
(:func:`themes_over_time`).
"""

from reexdata.lexicons import UNASSIGNED
from reexdata.themes.over_time import themes_over_time
from reexdata.themes.score import primary_threshold, score_themes
from reexdata.themes.seeds import seed_terms

__all__ = ["score_themes", "themes_over_time", "primary_threshold", "seed_terms", "UNASSIGNED"]
