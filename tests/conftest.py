"""Shared fixtures: the seed corpus in data/raw and a small synthetic corpus.

The synthetic corpus is built directly as an articles table (the schema of
``reexdata.schema.TABLES['articles']``) so that stage tests do not depend on
the loader; tests of the loader use the seed files themselves.
"""

import datetime as dt
import hashlib
from pathlib import Path

import polars as pl
import pytest

from reexdata.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"

SEED_FILES = {
    "000": "000_4c16a390148ec456.txt",
    "001": "001_3d7f4281fa1f1cb6.txt",
    "002": "002_4351a19fe1e57ad0.txt",
    "003": "003_7fb517f94e95e7c1.txt",
    "004": "004_25956269ccc85675.txt",
}

# A small corpus with known themes and entities, dated over three months.
FIXTURE_ARTICLES = [
    ("Baogang opens new exploration block", dt.date(2025, 1, 6),
     "Baogang signed exploration rights for new reserves at Bayan Obo. "
     "Geologists expect the deposit to secure feedstock and ore supply for decades."),
    ("Party committee studies discipline", dt.date(2025, 1, 20),
     "The Party committee of Baotou Steel held a study session on ideology and discipline. "
     "Meng Fanying asked cadres to rectify conduct. Meng said discipline comes first."),
    ("Magnet plant joins industrial chain", dt.date(2025, 2, 3),
     "China Northern Rare Earth will supply oxides to a downstream magnet plant in Baotou, "
     "integrating the industrial chain from mine to magnets."),
    ("Prices of praseodymium climb", dt.date(2025, 2, 17),
     "Praseodymium and neodymium prices rose on the Baotou Rare Earth Products Exchange "
     "as trading volumes and investor demand increased."),
    ("Washington weighs export controls", dt.date(2025, 3, 3),
     "The U.S. and allies discussed export controls, tariffs and reducing dependence on China. "
     "MP Materials and Lynas were named as alternatives."),
    ("Standards body backs new materials", None,
     "The Chinese Society of Rare Earths set new standards for magnet materials research "
     "and talent, hoping for breakthroughs in commercialisation."),
]


def _article_row(i: int, title: str, published, body: str) -> dict:
    return {
        "article_id": hashlib.sha256(body.encode()).hexdigest()[:16],
        "source": f"fixture_{i}.txt",
        "format": "txt",
        "url": None,
        "title": title,
        "headline": title,
        "title_source": "page",
        "published": published,
        "date_source": "dateline" if published else None,
        "date_text": published.strftime("%b %-d, %Y") if published else None,
        "author": None,
        "highlights": [],
        "body": body,
        "state_media_disclaimer": False,
        "related_headlines": [],
        "word_count": len(body.split()),
        "language": "en",
        "encoding": "utf-8",
        "encoding_repairs": 0,
    }


def make_articles(rows) -> pl.DataFrame:
    """Build an articles table from ``(title, date_or_None, body)`` triples."""
    data = [_article_row(i, *r) for i, r in enumerate(rows)]
    return pl.DataFrame(data, schema=TABLES["articles"].polars_schema)


@pytest.fixture
def raw_dir() -> Path:
    """The seed corpus, read-only."""
    return RAW


@pytest.fixture
def fixture_articles() -> pl.DataFrame:
    """Six synthetic articles (one undated) as a polars articles table."""
    return make_articles(FIXTURE_ARTICLES)


@pytest.fixture
def fixture_articles_pandas(fixture_articles):
    return fixture_articles.to_pandas(use_pyarrow_extension_array=True)
