"""rx.compare_periods: a planted word rises to the top of its month; function words never show."""

import datetime as dt
import re

import polars as pl
import pytest

import reexdata as rx
from benchmarks.articles import generated_articles
from benchmarks.generate import FUNCTION
from reexdata.errors import ParameterError

JUNE = (dt.date(2024, 6, 1), dt.date(2024, 6, 30))
SEPT = (dt.date(2024, 9, 1), dt.date(2024, 9, 30))


@pytest.fixture(scope="module")
def planted():
    """Generated articles, half in June and half in September 2024; 'zorblax' in 40% of September's."""
    base = generated_articles(240, seed=21)
    n = base.height
    dates = [JUNE[0] + dt.timedelta(days=i % 28) if i < n // 2 else SEPT[0] + dt.timedelta(days=i % 28) for i in range(n)]
    bodies = [
        body + " Analysts expect zorblax demand to grow." if i >= n // 2 and (i - n // 2) % 5 < 2 else body
        for i, body in enumerate(base["body"])
    ]
    return base.with_columns(pl.Series("published", dates), pl.Series("body", bodies))


def test_compare_periods_planted_word_is_in_its_months_top_10(planted):
    table = rx.compare_periods(planted, a=JUNE, b=SEPT)
    top_b = table.filter(side="b")["term"].head(10).to_list()
    assert "zorblax" in top_b


def test_compare_periods_planted_word_counts(planted):
    row = rx.compare_periods(planted, a=JUNE, b=SEPT).filter(term="zorblax").row(0, named=True)
    assert (row["count_a"], row["count_b"], row["side"]) == (0, 48, "b")


def test_compare_periods_function_words_never_in_top_30(planted):
    table = rx.compare_periods(planted, a=JUNE, b=SEPT, top=30)
    assert set(table["term"]) & set(FUNCTION) == set()


def test_compare_periods_sides_swap_with_the_periods(planted):
    ab = rx.compare_periods(planted, a=JUNE, b=SEPT).filter(term="zorblax")
    ba = rx.compare_periods(planted, a=SEPT, b=JUNE).filter(term="zorblax")
    assert (ab["side"][0], ba["side"][0], ab["z"][0]) == ("b", "a", pytest.approx(-ba["z"][0]))


def test_compare_periods_keeps_top_per_side(planted):
    table = rx.compare_periods(planted, a=JUNE, b=SEPT, top=5)
    assert table.group_by("side").len().sort("side").rows() == [("a", 5), ("b", 5)]


def test_compare_periods_takes_iso_date_strings(planted):
    as_strings = rx.compare_periods(planted, a=("2024-06-01", "2024-06-30"), b=("2024-09-01", "2024-09-30"))
    assert as_strings.equals(rx.compare_periods(planted, a=JUNE, b=SEPT))


@pytest.mark.parametrize("period", [(dt.date(2024, 2, 1),), ("2024-01-01", "1 Feb 2024"), (SEPT[1], SEPT[0]),
                                    ("2024-09-30", "2024-09-01"), (1, 2)])
def test_compare_periods_rejects_a_bad_period(planted, period):
    with pytest.raises(ParameterError, match=r"The 'a' parameter of compare_periods must be a \(start, end\) pair of dates"):
        rx.compare_periods(planted, a=period, b=SEPT)


def test_compare_periods_rejects_a_period_without_articles(planted):
    empty = (dt.date(2023, 1, 1), dt.date(2023, 6, 30))
    with pytest.raises(ParameterError, match=re.escape(
        "The 'a' parameter of compare_periods must be a period holding at least one dated article. "
        "Got '2023-01-01 to 2023-06-30, which holds none' instead."
    )):
        rx.compare_periods(planted, a=empty, b=SEPT)



# -- Chinese: words, not clauses -------------------------------------------------------------------
# Our own sentences: four articles in June about prices and export controls, four in September
# about Party discipline.

ZH = pl.DataFrame({
    "article_id": [f"z{i}" for i in range(8)],
    "published": [dt.date(2025, 6, 2)] * 4 + [dt.date(2025, 9, 1)] * 4,
    "body": ["稀土价格上涨，出口管制加强。"] * 4 + ["党委加强纪律建设，巡视发现问题。"] * 4,
})
ZH_A, ZH_B = ("2025-06-01", "2025-06-30"), ("2025-09-01", "2025-09-30")


def test_compare_periods_counts_chinese_words():
    table = rx.compare_periods(ZH, a=ZH_A, b=ZH_B, top=3)
    assert table.select("term", "count_a", "count_b", "side").rows() == [
        ("上涨", 4, 0, "a"), ("出口管制", 4, 0, "a"), ("加强", 4, 0, "a"),
        ("党委", 0, 4, "b"), ("加强纪律", 0, 4, "b"), ("发现", 0, 4, "b"),
    ]


@pytest.mark.parametrize("word", ["我们", "因为", "认为"])
def test_compare_periods_leaves_out_chinese_function_words(word):
    # In June's four articles only: half of the table, so the document-frequency rule keeps them.
    june = pl.col("published") < dt.date(2025, 7, 1)
    worded = ZH.with_columns(pl.when(june).then(pl.concat_str(pl.lit(word + "，"), "body")).otherwise("body").alias("body"))
    assert word not in rx.compare_periods(worded, a=ZH_A, b=ZH_B, top=50)["term"].to_list()


def test_compare_periods_keeps_a_chinese_word_in_half_of_the_articles():
    june = pl.col("published") < dt.date(2025, 7, 1)
    worded = ZH.with_columns(pl.when(june).then(pl.concat_str(pl.lit("磁材，"), "body")).otherwise("body").alias("body"))
    assert "磁材" in rx.compare_periods(worded, a=ZH_A, b=ZH_B, top=50)["term"].to_list()


def test_compare_periods_folds_traditional_characters():
    traditional = ZH.with_columns(pl.col("body").str.replace("出口管制", "出口管製", literal=True))
    assert "出口管制" in rx.compare_periods(traditional, a=ZH_A, b=ZH_B)["term"].to_list()
