"""Han query words match as words: jieba's word boundaries (lexicon words kept whole), traditional and simplified alike."""

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reexdata as rx
from reexdata.query.han import _edges, _is_edge, _next_boundary, _variants


def one(body, title=None):
    return pl.DataFrame({"article_id": ["a"], "title": [title], "body": [body]}, schema_overrides={"title": pl.String})


def matches(query, body, title=None):
    return rx.search(one(body, title), query).height == 1


# jieba (with the lexicons' words) cuts 我国稀土产业发展 as 我国|稀土|产业|发展.
@pytest.mark.parametrize(
    ("query", "expected"),
    [("稀土", True), ("产业", True), ("土产业", False), ("国稀土", False)],
)
def test_a_han_start_must_be_a_word_boundary(query, expected):
    assert matches(query, "我国稀土产业发展") is expected


@pytest.mark.parametrize(("query", "expected"), [("我国稀土", True), ("稀土产", False), ("我国稀", False)])
def test_a_han_end_must_be_a_word_boundary(query, expected):
    assert matches(query, "我国稀土产业发展") is expected


def test_a_han_query_of_several_words_matches_whole_words():
    assert matches("稀土产业", "我国稀土产业发展") is True


@pytest.mark.parametrize(
    ("query", "body", "expected"),
    [
        # 包钢稀土 (Northern Rare Earth's former name) is one word; 包钢 and 稀土 are dictionary words inside it
        ("包钢", "包钢稀土宣布", True),
        ("包钢稀土", "包钢稀土宣布", True),
        ("稀土", "包钢稀土宣布", True),
        ("钢稀", "包钢稀土宣布", False),
        ("中共", "中共中央宣布", True),
    ],
)
def test_dictionary_words_inside_a_longer_word_match_as_in_jiebas_search_mode(query, body, expected):
    assert matches(query, body) is expected


def test_a_han_word_does_not_match_across_two_words():
    # 集中|共享: 中共 straddles them
    assert matches("中共", "他们集中共享资源") is False


def test_a_han_word_matches_on_its_own():
    assert matches("中共", "中共宣布") is True


@pytest.mark.parametrize(
    ("query", "body"),
    [("包鋼", "包钢宣布减产"), ("包钢", "包鋼宣佈減產"), ("宣布", "包鋼宣佈減產")],
)
def test_traditional_and_simplified_match_each_other(query, body):
    assert matches(query, body) is True


def test_a_traditional_text_is_cut_as_its_simplified_form():
    # 包鋼宣佈減產 folds to 包钢宣布减产: 包钢|宣布|减产, so 钢宣 straddles two words
    assert matches("钢宣", "包鋼宣佈減產") is False


def test_kwic_offsets_point_into_the_field_as_written():
    table = rx.kwic(one("Baogang 包鋼宣佈減產。包钢稀土宣布"), "包钢", width=3)
    assert table.rows() == [("a", "body", 8, "ng ", "包鋼", "宣佈減"), ("a", "body", 15, "減產。", "包钢", "稀土宣")]


def test_kwic_leaves_out_substrings_inside_a_word():
    table = rx.kwic(one("他们集中共享。中共宣布"), "中共", width=2)
    assert table.select("offset", "match").rows() == [(7, "中共")]


def test_kwic_a_han_prefix_runs_to_the_end_of_its_word():
    table = rx.kwic(one("包钢稀土宣布，包钢宣布"), "包钢*", width=0)
    assert table.select("offset", "match").rows() == [(0, "包钢稀土"), (7, "包钢")]


def test_search_counts_only_the_hits_on_word_boundaries():
    found = rx.search(one("中共宣布，他们集中共享，中共中央"), "中共")
    assert found.get_column("hits").to_list() == [2]


def test_search_snippet_sits_on_a_counted_hit():
    body = "集中共享" + "。" * 70 + "中共宣布"
    assert rx.search(one(body), "中共").get_column("snippet").to_list() == ["。" * 60 + "中共宣布"]


@pytest.mark.parametrize(("body", "expected"), [("他们集中共享并宣布", True), ("中共宣布", False)])
def test_not_with_a_han_term(body, expected):
    assert matches("宣布 NOT 中共", body) is expected


@pytest.mark.parametrize(("title", "expected"), [("包钢宣布减产", True), ("稀土宣布减产", False)])
def test_title_field_with_a_han_term(title, expected):
    assert matches("title:包钢", "正文", title=title) is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Lynas公司宣布", True),
        ("LYNAS公司宣布", True),
        ("MyLynas公司宣布", False),  # the Latin start needs a word edge
        ("Lynas公司法", True),  # 公司 is a dictionary word inside 公司法
        ("Lynas公安局", False),  # 公安局: no 公司 at all
    ],
)
def test_a_latin_and_han_term(body, expected):
    assert matches("lynas公司", body) is expected


def test_attention_counts_articles_where_the_han_word_is_a_word():
    articles = pl.DataFrame({
        "article_id": ["a1", "a2", "a3"],
        "published": [dt.date(2025, 1, 6)] * 3,
        "body": ["包钢宣布减产", "钢铁宣布减产", "他们集中共享"],
    })
    assert rx.attention(articles, "包钢").select("matching", "total").rows() == [(1, 3)]


def test_a_han_phrase_with_a_gap():
    assert matches('"稀土 产业"', "我国稀土，产业发展") is True


def test_latin_rows_and_queries_are_untouched_by_han():
    articles = pl.DataFrame({"article_id": ["a", "b"], "title": [None, None], "body": ["Baogang 包钢宣布", "Baogang's output"]})
    assert rx.search(articles, "baogang").select("article_id", "hits").rows() == [("a", 1), ("b", 1)]


def test_variants_map_a_simplified_character_to_its_traditional_forms():
    assert (_variants()["钢"], _variants()["干"]) == ("鋼", "乾幹榦")


@pytest.mark.parametrize(
    ("text", "pos", "side", "expected"),
    [
        ("我国稀土产业", 0, 0, True), ("我国稀土产业", 2, 0, True), ("我国稀土产业", 3, 0, False),
        ("我国稀土产业", 6, 1, True), ("ab稀土", 2, 0, True),
        ("包钢稀土宣布", 2, 0, True), ("包钢稀土宣布", 2, 1, True), ("包钢稀土宣布", 1, 1, False),
    ],
)
def test_is_edge(text, pos, side, expected):
    assert _is_edge(text, pos, side) is expected


def test_next_boundary_is_the_end_of_the_word():
    assert (_next_boundary("我国稀土产业", 3), _next_boundary("我国稀土产业", 4)) == (4, 4)


def test_edges_of_a_run_are_its_words_and_the_dictionary_words_inside_them():
    assert _edges("我国包钢稀土") == (frozenset({0, 2, 4}), frozenset({2, 4, 6}), frozenset({2, 6}))


def _reading(text, word):
    """An independent reading: ``word`` starting where a jieba word (or a dictionary word inside one) starts and
    ending where one ends, counted left to right without overlap."""
    from reexdata.segment import han_word_spans, in_dictionary, lexicon_words

    words = lexicon_words()
    starts, ends = set(), set()
    for s, e in han_word_spans(text, words=words):
        inner = [(s + i, s + j) for i in range(e - s) for j in range(i + 2, e - s + 1)
                 if (i, j) != (0, e - s) and in_dictionary(text[s + i:s + j], words=words)]
        starts.update([s, *(a for a, _ in inner)])
        ends.update([e, *(b for _, b in inner)])
    count, pos = 0, 0
    while (at := text.find(word, pos)) >= 0:
        if at in starts and at + len(word) in ends:
            count, pos = count + 1, at + len(word)
        else:
            pos = at + 1
    return count


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="稀土产业包钢宣布集中共享我国，", min_size=1, max_size=24),
    st.sampled_from(["稀土", "产业", "包钢", "中共", "宣布", "稀土产业", "包钢稀土", "集中", "共享"]),
)
def test_search_hits_agree_with_an_independent_reading_of_the_words(text, word):
    found = rx.search(one(text), word)
    hits = found.get_column("hits").to_list()
    assert hits == ([_reading(text, word)] if _reading(text, word) else [])
