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
# # 1.0 Corpus overview
#
# What is in the raw folder: which files loaded, which were rejected and why, how the
# text was repaired, and which articles carry a date (and where that date came from).
# Change `raw_dir` in the next cell to run this notebook on another corpus.

# %% tags=["parameters"]
raw_dir = "../data/raw"
assume_year = None

# %%
import polars as pl

import reexdata as rx

corpus = rx.read_corpus(raw_dir, assume_year=assume_year)
articles = corpus.articles
corpus.rejects

# %% [markdown]
# Every input file is either an article or a row of `rejects` with its reason, so the two
# counts below add up to the files seen.

# %%
print(f"{articles.height} articles loaded, {corpus.rejects.height} inputs rejected")
articles.select("source", "headline", "title_source", "published", "date_source", "date_text")

# %% [markdown]
# Dates come from a dateline under the title, from a full date in the prose, or from a
# day and month ("On June 13") whose year appears elsewhere in the same text. An article
# whose prose never states the year stays undated (`published` is null) unless the caller
# passes `assume_year`; its `date_text` still keeps the words.

# %%
articles.group_by("date_source").len().sort("date_source", nulls_last=True)

# %% [markdown]
# The pages were saved with broken encodings: `encoding_repairs` counts the characters
# restored, and the highlights and state-media disclaimer are split from the prose.

# %%
articles.select("source", "encoding", "encoding_repairs", "word_count",
                pl.col("highlights").list.len().alias("highlights"),
                "state_media_disclaimer")

# %%
rx.plots.articles_per_period(articles, freq="M")
