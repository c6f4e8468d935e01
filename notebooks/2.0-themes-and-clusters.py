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
# Which of the themes of the lexicon each article is about, how the primary themes move
# over time, and which topics the corpus falls into when nobody names them in advance. It
# reads the published tables; to try other themes, give the build your own lexicon
# (`rx.build(..., themes="my_themes.toml")`, or `[lexicons] themes` in a project's
# `reexdata.toml`).

# %% tags=["parameters"]
raw_dir = "../data/raw"
processed_dir = "../data/processed"   # the published tables (reused while the inputs are unchanged)
interim_dir = "../data/interim"
assume_year = None

# %%
import plotly.io as pio
import polars as pl

import reexdata as rx

# Figures embedded in the notebook's HTML (so an HTML export shows them) and as plotly's
# own output type (so JupyterLab draws them interactively).
pio.renderers.default = "notebook_connected+plotly_mimetype"

result = rx.build(raw_dir, processed_dir, interim=interim_dir, assume_year=assume_year)
print(result.summary_text())
tables = rx.read_tables(processed_dir)

# %% [markdown]
# The strongest theme of each article. A score is the probability that the article is about
# the theme; the strongest theme is the article's primary theme when it reaches 0.5 (on a
# corpus too small to show a background, when it clearly beats an even split, see below),
# and `top_terms` says which of its words carried the score. Articles with no primary theme
# (`is_primary` false) are the ones the lexicon does not cover: read a few of them to see
# which theme is missing.

# %%
articles, scores = tables["articles"], tables["themes"]
scores.filter(pl.col("rank") == 1).join(
    articles.select("article_id", "source", "headline"), on="article_id"
).select("source", "headline", "theme", "score", "is_primary", "top_terms")

# %% [markdown]
# A score is an absolute relevance between 0 and 1: the probability that the article is
# about the theme rather than about another theme or about something the lexicon does not
# name. Besides the themes, `rx.score_themes` learns the corpus's background: the corpus is
# clustered, and the clusters no theme claims (by its seed words, or by sitting beside the
# theme's own clusters and reading like them) are what the corpus is about besides the
# themes. An article's scores sum to at most one; "unassigned" means it is about none of the
# themes, or none clearly. A corpus of fewer than 20 articles, like the seed articles, is too
# small to show a background: its scores are then shares of the themes (they sum to one, and
# the primary theme must clearly beat an even split), and an article without any seed term
# scores 0. `rx.score_themes(articles, method="shares")` (`--theme-scores shares`) always
# scores shares: every article leans to some theme, even one about none of them. A theme's
# articles that use none of its seed words and sit apart from its other articles can stay
# unassigned: add their words to the theme's terms (see `rx.score_themes`).
#
# The heatmap shows every article on every theme on a small corpus, and the ten
# highest-scoring articles of each theme on a large one: a theme whose best articles are
# off topic needs better seed terms.

# %%
rx.plots.theme_heatmap(scores, articles)

# %% [markdown]
# Theme shares over time, out of each period's dated articles (undated ones are counted
# apart, and the chart says how many). A theme rising in share gains attention whatever
# the volume of news; a period with few articles gives jumpy shares.

# %%
rx.plots.theme_share(tables["themes_over_time"])

# %% [markdown]
# Clusters are found without the lexicon (the method is described after the charts). A
# cluster that matches no theme, or a theme spread over many clusters, is where the lexicon
# and the corpus disagree; large corpora are sampled on the map, each cluster in proportion
# to its size.

# %%
tables["clusters"]

# %%
rx.plots.cluster_terms(tables["clusters"])

# %%
rx.plots.cluster_map(tables["cluster_assignments"], tables["clusters"], articles, themes=scores)

# %% [markdown]
# A cluster is a group of articles that use the same words more than the rest of the corpus
# does, found without labels (themes are named in advance; clusters are not). They come from
# the same TF-IDF matrix (single words), reduced by latent semantic analysis: a mixture of
# spherical distributions is fitted from several k-means starts and the most likely fit is
# kept. When `k` is not given, the gap statistic chooses it (cohesion of the clusters against
# corpora whose words are shuffled); `k_criterion` says how k was set. The top terms leave out
# words in more than half of the articles and news words such as "said". On a handful of
# articles the clusters are coarse; they become informative as the corpus grows.
#
# Next: who the articles name, and when (3.0).
