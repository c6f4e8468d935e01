"""suggest_entities on Chinese text: names jieba tags as people, places and organisations."""

import polars as pl
import pytest

from reexdata.mentions import suggest_entities

# Our own sentences: 李明 and 王刚 are people, 江西 a place, 新华社 an organisation; 包头 and
# 鄂尔多斯 are names of the shipped lexicon.
ZH = pl.DataFrame({
    "article_id": ["z1", "z2", "z3"],
    "body": ["工信部官员李明在包头会见了江西企业代表王刚。王刚表示，江西将扩大稀土冶炼。",
             "李明随后前往鄂尔多斯考察，新华社记者随行。",
             "包鋼稀土的陳建國在臺灣訪問。"],
})
EN = pl.DataFrame({"article_id": ["e1", "e2"],
                   "body": ["The Baogang board met China Daily editors.", "China Daily reported on Lynas."]})


def test_chinese_people_places_and_organisations_are_suggested():
    assert suggest_entities(ZH).rows() == [("李明", 2, 2), ("江西", 2, 1), ("王刚", 2, 1), ("新华社", 1, 1),
                                           ("臺灣", 1, 1), ("陳建國", 1, 1)]


@pytest.mark.parametrize("name", ["包头", "鄂尔多斯", "包鋼稀土"])
def test_names_of_the_lexicon_are_not_suggested(name):
    assert name not in suggest_entities(ZH)["name"].to_list()


def test_a_name_the_lexicon_given_covers_is_not_suggested():
    names = suggest_entities(ZH, entities={"jiangxi": ["江西"]})["name"].to_list()
    assert names == ["李明", "王刚", "新华社", "臺灣", "陳建國"]


def test_english_names_are_found_as_before_beside_chinese_text():
    mixed = pl.concat([EN, ZH])
    english = suggest_entities(mixed).filter(pl.col("name").str.contains("^[A-Za-z ]+$"))
    assert english.rows() == suggest_entities(EN).rows()
