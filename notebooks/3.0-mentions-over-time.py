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
# count as one company). The notebook reads the published tables; `rx.suggest_entities`
# at the end lists frequent names the lexicon does not cover yet.

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
# The most mentioned entities, by the number of articles that name them. An entity named
# in a few articles many times is a profile; one named once in many articles is context.

# %%
articles, mentions = tables["articles"], tables["mentions"]
names = dict(tables["entities"].select("entity", "name").iter_rows())
mentions.group_by("entity").agg(
    pl.col("mentions").sum(), pl.len().alias("articles")
).sort(["articles", "mentions", "entity"], descending=[True, True, False]).head(15)

# %% [markdown]
# `share` is the fraction of a period's dated articles that mention an entity (the
# normalisation media researchers use), so a busy week does not look like rising
# attention. Look for an entity whose share moves against the others.

# %%
rx.plots.mentions_over_time(tables["mentions_over_time"], names=names)

# %% [markdown]
# Pairs named in the same articles. A high Jaccard index means the two nearly always
# appear together; a positive PMI means more often than their frequencies alone predict.

# %%
pairs = tables["co_mentions"]
pairs.sort(["articles", "jaccard"], descending=True).head(10)

# %%
rx.plots.co_mentions_heatmap(pairs, top=15, names=names)

# %% [markdown]
# Names that appear often but belong to no entity yet: candidates for the lexicon. Add
# them to the entity lexicon (`[lexicons] entities` in `reexdata.toml`) and rebuild.

# %%
rx.suggest_entities(articles, top=15)
