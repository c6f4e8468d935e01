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
# The strongest theme of each article. Scores over the themes sum to one; the strongest
# theme is the article's primary theme only when it clearly beats an even split, and
# `top_terms` says which of its words carried the score. Articles with no primary theme
# (`is_primary` false) are the ones the lexicon does not cover: read a few of them to see
# which theme is missing.

# %%
articles, scores = tables["articles"], tables["themes"]
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
