"""Tests for reexdata.segment: Han text cut into words, lexicon names kept whole."""

import pytest

from reexdata.segment import cut_han, han_word_spans, has_han, in_dictionary, lexicon_words, segment, to_simplified

WORDS = lexicon_words()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("包钢", True), ("Baogang", False), ("", False), ("Ｂａｏｇａｎｇ，", False), ("鋼", True), ("𠀋", True)],
)
def test_has_han(text, expected):
    assert has_han(text) is expected


@pytest.mark.parametrize("word", ["包钢", "包钢稀土", "北方稀土", "白云鄂博", "内蒙古", "中共", "产业链", "出口管制"])
def test_lexicon_words_hold_the_shipped_han_names_and_terms(word):
    assert word in WORDS


def _one_entity(alias):
    return {"entity": [{"id": "b", "name": "B", "type": "company", "aliases": [alias]}]}


def test_lexicon_words_split_an_alias_at_punctuation():
    words = lexicon_words(themes={"t": ["steel"], "u": ["iron"]}, entities=_one_entity("某钢（集团）公司"))
    assert words == ("公司", "某钢", "集团")


def test_lexicon_words_fold_traditional_and_skip_single_characters():
    words = lexicon_words(themes={"t": ["鋼鐵 產業", "礦"], "u": ["iron"]}, entities=_one_entity("Baogang"))
    assert words == ("产业", "钢铁")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("包鋼稀土", "包钢稀土"), ("中國共產黨 CPC", "中国共产党 CPC"), ("plain", "plain"), ("", "")],
)
def test_to_simplified(text, expected):
    assert to_simplified(text) == expected


def test_to_simplified_keeps_the_length():
    text = "臺灣的鋼鐵產業" * 3
    assert len(to_simplified(text)) == len(text)


def test_cut_han_keeps_the_longest_lexicon_name_whole():
    assert cut_han("包钢稀土宣布", words=WORDS) == ["包钢稀土", "宣布"]


def test_cut_han_keeps_a_lexicon_place_whole():
    assert cut_han("白云鄂博矿", words=WORDS) == ["白云鄂博", "矿"]


def test_cut_han_without_a_user_dictionary_uses_jiebas():
    assert cut_han("白云鄂博矿") == ["白云", "鄂博矿"]


def test_segment_spaces_han_words_and_leaves_other_text():
    assert segment("Baogang 包钢稀土宣布 2025", words=WORDS) == "Baogang  包钢稀土 宣布  2025"


def test_segment_returns_text_without_han_unchanged():
    text = "Rare-earth  prices, 2025."
    assert segment(text) is text


def test_segment_folds_traditional_characters():
    assert segment("包鋼稀土", words=WORDS) == " 包钢稀土 "


def test_han_word_spans_do_not_put_a_name_across_two_words():
    spans = han_word_spans("他们集中共享资源", words=WORDS)
    assert spans == [(0, 2), (2, 4), (4, 8)]  # 中共 would be (3, 5)


def test_han_word_spans_are_offsets_into_the_original_text():
    text = "Baogang（包鋼稀土）"
    assert [text[a:b] for a, b in han_word_spans(text, words=WORDS)] == ["包鋼稀土"]


@pytest.mark.parametrize(
    ("word", "words", "expected"),
    [("政府", (), True), ("府政", (), False), ("白云鄂博", (), False), ("白云鄂博", ("白云鄂博",), True), ("", (), False)],
)
def test_in_dictionary(word, words, expected):
    assert in_dictionary(word, words=words) is expected
