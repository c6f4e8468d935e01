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
# # 3.0 Mentions over time
#
# Who and what the articles mention, how often, with whom, and when. Names are resolved
# through the entity lexicon (aliases such as "Baotou Iron & Steel Group" and "Baogang"
# count as one company); `rx.suggest_entities` lists frequent names the lexicon does not
# cover yet.

# %% tags=["parameters"]
raw_dir = "../data/raw"
freq = "W"

# %%
import polars as pl

import reexdata as rx

articles = rx.load_articles(raw_dir)
mentions = rx.count_mentions(articles)
mentions.group_by("entity").agg(
    pl.col("mentions").sum(), pl.len().alias("articles")
).sort(["articles", "mentions", "entity"], descending=[True, True, False]).head(15)

# %% [markdown]
# `share` is the fraction of a period's dated articles that mention an entity, the
# normalisation media researchers use, so a busy week does not look like rising attention.

# %%
over_time = rx.mentions_over_time(mentions, articles, freq=freq)
rx.plots.mentions_over_time(over_time)

# %%
pairs = rx.co_mentions(mentions)
pairs.sort(["articles", "jaccard"], descending=True).head(10)

# %%
rx.plots.co_mentions_heatmap(pairs, top=15)

# %% [markdown]
# Names that appear often but belong to no entity yet: candidates for the lexicon.

# %%
rx.suggest_entities(articles, top=15)
