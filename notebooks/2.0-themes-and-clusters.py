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
# How strongly each article speaks to the six themes of the shipped lexicon, how the
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
# Each article's scores over the themes sum to one; its strongest theme is its primary
# theme only when it clearly beats an even split (see `rx.score_themes` for the method
# and the threshold). `top_terms` says which of the article's words carried the score.

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
# A cluster is a group of articles that use the same words more than the rest of the corpus
# does, found without labels (themes are named in advance; clusters are not). They come from
# the same TF-IDF matrix (single words), reduced by latent semantic analysis: a mixture of
# spherical distributions is fitted from several k-means starts and the most likely fit is
# kept. When `k` is not given, the gap statistic chooses it (cohesion of the clusters against
# corpora whose words are shuffled); `k_criterion` says how k was set. The top terms leave out
# words in more than half of the articles and news words such as "said". On a handful of
# articles the clusters are coarse; they become informative as the corpus grows.
