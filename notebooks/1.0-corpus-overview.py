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
# What the raw folder holds: which files became articles, which were rejected and why,
# how much of the text had to be repaired, and which articles carry a date and where it
# came from. The notebook reads the tables the build published (`rx.build` reuses them
# while nothing changed), so it shows exactly what the report counts. Change `raw_dir`
# in the next cell to look at another corpus.

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
# Every input is either an article or a row of `rejects` with its reason, so the two
# counts add up to the inputs seen. Look here first: a reason that covers many files
# (`duplicate`, `unsupported`, `too_short`) says the folder holds something other than
# articles, or the same article saved twice.

# %%
articles, rejects = tables["articles"], tables["rejects"]
print(f"{articles.height} articles loaded, {rejects.height} inputs rejected")
rejects.group_by("reason").len().sort("len", descending=True)

# %% [markdown]
# Where each article's date comes from. A dateline or metadata date is reliable; a date
# read from the prose is the first full date the text states; a day and month without a
# year ("On June 13") is kept undated unless `assume_year` is set. Many undated articles
# mean the time charts rest on part of the corpus only: check `date_text` for the words
# that were found.

# %%
articles.group_by("date_source").len().sort("date_source", nulls_last=True)

# %%
articles.filter(pl.col("published").is_null()).select("source", "headline", "date_text")

# %% [markdown]
# The pages were saved with broken encodings: `encoding_repairs` counts the characters
# restored. An article with many repairs and few words is worth opening by hand; the
# highlights and the state-media disclaimer are split from the prose.

# %%
articles.select("source", "headline", "encoding", "encoding_repairs", "word_count",
                pl.col("highlights").list.len().alias("highlights"),
                "state_media_disclaimer").sort("encoding_repairs", descending=True)

# %% [markdown]
# Articles per month: gaps and spikes here are collection effects as often as news
# effects, so read the shares in notebooks 2.0 and 3.0 (which divide by this count)
# rather than raw counts. Next: which themes these articles speak to (2.0).

# %%
rx.plots.articles_per_period(articles, freq="M")
