# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 2.0 Themes and clusters
#
# Which of the six themes of the shipped lexicon each article is about, how the
# primary themes move over time, and which topics the corpus falls into when nobody names
# them in advance. Pass your own lexicon to `score_themes(articles, lexicon=...)` to test
# other themes.

# %% tags=["parameters"]
raw_dir = "../data/raw"
freq = "M"

# %%
import polars as pl

import reexdata as rx

articles = rx.load_articles(raw_dir)
scores = rx.score_themes(articles)
scores.filter(pl.col("rank") == 1).join(
    articles.select("article_id", "source", "headline"), on="article_id"
).select("source", "headline", "theme", "score", "is_primary", "top_terms")

# %% [markdown]
# By default a score is the article's share of the themes: an article's scores sum to one,
# so even an article about none of the themes leans to one of them. Its strongest theme is
# its primary theme only when it clearly beats an even split; "unassigned" means it leans
# to no theme clearly. With `rx.score_themes(articles, background=True)` the corpus's
# background (the clusters of articles no theme's seeds reach) is learned as well: a score
# is then the probability that the article is about the theme rather than another theme or
# the background, the primary theme needs 0.5, and "unassigned" means the article is about
# none of the themes. Use it when the lexicon may not cover the corpus; it is not the
# default because a theme's articles that use none of its seed words can end up in the
# background (see `rx.score_themes`). `top_terms` says which of the article's words
# carried the score.

# %%
rx.plots.theme_heatmap(scores, articles)

# %%
over_time = rx.themes_over_time(scores, articles, freq=freq)
rx.plots.theme_share(over_time)

# %% [markdown]
# Shares are computed over the dated articles of each period; undated articles are kept in
# a separate bucket (null `period`) and the chart states how many there are.

# %%
assignments, clusters = rx.cluster_articles(articles, random_state=0)
clusters

# %%
rx.plots.cluster_map(assignments, clusters, articles, themes=scores)

# %%
rx.plots.cluster_terms(clusters)

# %% [markdown]
# Clusters come from the same TF-IDF matrix, reduced by latent semantic analysis and
# grouped by k-means; the number of clusters is chosen by silhouette when not given. On a
# handful of articles the clusters are coarse; they become informative as the corpus grows.
