"""Tests of reexdata.clusters.cluster_articles."""

import random

import numpy as np
import pandas as pd
import polars as pl
import pytest
from conftest import make_articles
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from reexdata.clusters import cluster_articles
from reexdata.schema import TABLES
from reexdata.themes import seed_terms
from reexdata.vectorize import vectorize

# Three topics with disjoint vocabularies (words chosen for this test).
TOPICS = {
    "magnets": ["magnet", "neodymium", "sintered", "coercivity", "motor", "rotor",
                "alloy", "furnace", "dysprosium", "coating", "assembly", "flux"],
    "party": ["party", "committee", "discipline", "ideology", "cadres", "rectification",
              "inspection", "loyalty", "study", "session", "conduct", "integrity"],
    "shipping": ["vessel", "cargo", "freight", "tanker", "harbour", "berth",
                 "container", "voyage", "crew", "dock", "shipment", "hull"],
}


def _corpus(sizes, seed=0):
    """An articles table with ``sizes[topic]`` articles per topic, and the truth."""
    rng = random.Random(seed)
    rows, truth = [], []
    for topic, n in sizes.items():
        for i in range(n):
            words = rng.sample(TOPICS[topic], 8)
            body = f"{' '.join(words)}. The newsroom filed this item on a weekday."
            rows.append((f"Dispatch number {len(rows)}", None, body))
            truth.append(topic)
    return make_articles(rows), truth


@pytest.fixture
def separated():
    return _corpus({"magnets": 6, "party": 6, "shipping": 6})


@pytest.fixture
def unequal():
    return _corpus({"magnets": 4, "party": 8, "shipping": 6})


def _groups(assignments, truth):
    """The partition as a set of frozensets of truth labels' row indices."""
    labels = assignments.get_column("cluster").to_list()
    found = {frozenset(i for i, c in enumerate(labels) if c == k) for k in set(labels)}
    expected = {frozenset(i for i, t in enumerate(truth) if t == k) for k in set(truth)}
    return found, expected


def test_assignments_match_schema(separated):
    articles, _ = separated
    assignments, _ = cluster_articles(articles, k=3)
    assert assignments.schema == pl.Schema(TABLES["cluster_assignments"].polars_schema)


def test_clusters_match_schema(separated):
    articles, _ = separated
    _, clusters = cluster_articles(articles, k=3)
    assert clusters.schema == pl.Schema(TABLES["clusters"].polars_schema)


def test_assignments_keep_input_order(separated):
    articles, _ = separated
    assignments, _ = cluster_articles(articles, k=3)
    assert assignments.get_column("article_id").to_list() == articles.get_column("article_id").to_list()


def test_separated_topics_are_recovered_exactly(separated):
    articles, truth = separated
    assignments, _ = cluster_articles(articles, k=3)
    found, expected = _groups(assignments, truth)
    assert found == expected


def test_k_none_chooses_the_true_number_of_topics(separated):
    articles, truth = separated
    assignments, clusters = cluster_articles(articles)
    assert clusters.height == 3
    found, expected = _groups(assignments, truth)
    assert found == expected


def test_clusters_are_numbered_by_decreasing_size(unequal):
    articles, _ = unequal
    _, clusters = cluster_articles(articles, k=3)
    assert clusters.get_column("cluster").to_list() == [0, 1, 2]
    assert clusters.get_column("size").to_list() == [8, 6, 4]


def test_largest_cluster_is_the_largest_topic(unequal):
    articles, truth = unequal
    assignments, _ = cluster_articles(articles, k=3)
    labels = assignments.get_column("cluster").to_list()
    assert {t for t, c in zip(truth, labels) if c == 0} == {"party"}


def test_equal_sizes_are_ordered_by_smallest_article_id(separated):
    articles, _ = separated
    assignments, _ = cluster_articles(articles, k=3)
    firsts = (
        assignments.group_by("cluster").agg(pl.col("article_id").min()).sort("cluster")
        .get_column("article_id").to_list()
    )
    assert firsts == sorted(firsts)


@pytest.mark.parametrize("topic", ["magnets", "party", "shipping"])
def test_top_terms_are_the_topics_words(unequal, topic):
    # unequal: party (8) is cluster 0, shipping (6) cluster 1, magnets (4) cluster 2.
    articles, truth = unequal
    order = {"party": 0, "shipping": 1, "magnets": 2}
    _, clusters = cluster_articles(articles, k=3)
    top = clusters.filter(pl.col("cluster") == order[topic]).get_column("top_terms").to_list()[0]
    assert len(top) == 10
    assert set(top[:5]) <= set(TOPICS[topic])


def test_top_terms_leave_out_words_shared_by_all_clusters(separated):
    articles, _ = separated
    _, clusters = cluster_articles(articles, k=3)
    tops = [t for terms in clusters.get_column("top_terms").to_list() for t in terms[:8]]
    assert not {"dispatch", "number", "newsroom", "filed", "item", "weekday"} & set(tops)


def test_label_is_the_nearest_theme_when_clearly_close(unequal):
    articles, _ = unequal
    _, clusters = cluster_articles(articles, k=3)
    # Cluster 0 holds the party articles, whose words are Party-discipline seeds.
    assert clusters.get_column("label").to_list()[0] == "Party discipline"


def test_label_falls_back_to_top_terms(unequal):
    articles, _ = unequal
    _, clusters = cluster_articles(articles, k=3)
    row = clusters.filter(pl.col("cluster") == 1).to_dicts()[0]  # shipping: no theme
    assert row["label"] == " / ".join(row["top_terms"][:3])


def test_two_runs_give_identical_tables(separated):
    articles, _ = separated
    first = cluster_articles(articles, random_state=7)
    second = cluster_articles(articles, random_state=7)
    assert_frame_equal(first[0], second[0])
    assert_frame_equal(first[1], second[1])


def test_map_is_centred(separated):
    articles, _ = separated
    assignments, _ = cluster_articles(articles, k=3)
    assert abs(assignments.get_column("x").mean()) < 1e-9
    assert abs(assignments.get_column("y").mean()) < 1e-9


def test_map_separates_the_topics(separated):
    articles, truth = separated
    assignments, _ = cluster_articles(articles, k=3)
    points = assignments.with_columns(pl.Series("topic", truth))
    centres = points.group_by("topic").agg(pl.col("x").mean(), pl.col("y").mean())
    xy = centres.select("x", "y").to_numpy()
    gaps = [np.linalg.norm(xy[i] - xy[j]) for i in range(3) for j in range(i + 1, 3)]
    assert min(gaps) > 0.3


def test_shared_matrix_gives_the_same_tables(separated):
    # The build's matrix: single words plus the theme lexicon's seed phrases.
    articles, _ = separated
    own = cluster_articles(articles, k=3)
    shared = cluster_articles(articles, k=3, matrix=vectorize(articles, phrases=seed_terms()))
    assert_frame_equal(own[0], shared[0])
    assert_frame_equal(own[1], shared[1])


def test_matrix_in_another_order_is_aligned(separated):
    articles, _ = separated
    own, _ = cluster_articles(articles, k=3)
    shuffled = vectorize(articles.reverse())
    aligned, _ = cluster_articles(articles, k=3, matrix=shuffled)
    assert aligned.get_column("article_id").to_list() == own.get_column("article_id").to_list()
    assert_frame_equal(own.select("article_id", "cluster"), aligned.select("article_id", "cluster"))


def test_matrix_of_other_articles_is_an_error(separated, fixture_articles):
    articles, _ = separated
    with pytest.raises(ValueError, match=r"The 'matrix' parameter of cluster_articles must be "
                                         r"a DocumentMatrix of these articles"):
        cluster_articles(articles, k=3, matrix=vectorize(fixture_articles))


def test_two_articles_form_one_cluster():
    articles, _ = _corpus({"magnets": 1, "party": 1})
    assignments, clusters = cluster_articles(articles)
    assert assignments.get_column("cluster").to_list() == [0, 0]
    assert clusters.get_column("size").to_list() == [2]


def test_three_articles_form_two_clusters():
    articles, _ = _corpus({"magnets": 2, "party": 1})
    assignments, _ = cluster_articles(articles)
    assert assignments.get_column("cluster").to_list() == [0, 0, 1]


@pytest.mark.parametrize("n", [0, 1])
def test_fewer_than_two_articles_is_an_error(n):
    articles, _ = _corpus({"magnets": n})
    with pytest.raises(ValueError, match=r"The 'articles' parameter of cluster_articles must be a "
                                         rf"table with at least 2 articles\. Got '{n} article\(s\)'"):
        cluster_articles(articles)


@pytest.mark.parametrize("k", [0, 1, 18, 100])
def test_k_out_of_range_is_an_error(separated, k):
    articles, _ = separated
    with pytest.raises(ValueError, match=rf"The 'k' parameter of cluster_articles must be between 2 "
                                         rf"and 17 \(one less than the number of articles\)\. Got {k} instead\."):
        cluster_articles(articles, k=k)


@pytest.mark.parametrize("k", [2.0, "3", True])
def test_k_of_wrong_type_is_an_error(separated, k):
    articles, _ = separated
    with pytest.raises(TypeError, match=r"The 'k' parameter of cluster_articles must be an int or None"):
        cluster_articles(articles, k=k)


def test_random_state_of_wrong_type_is_an_error(separated):
    articles, _ = separated
    with pytest.raises(TypeError, match=r"The 'random_state' parameter of cluster_articles must be an int"):
        cluster_articles(articles, random_state=None)


def test_not_a_frame_is_an_error():
    with pytest.raises(TypeError, match=r"The 'articles' parameter of cluster_articles must be a pandas or polars"):
        cluster_articles([{"article_id": "a"}])


def test_pandas_in_gives_pandas_out(separated):
    articles, _ = separated
    assignments, clusters = cluster_articles(articles.to_pandas(use_pyarrow_extension_array=True), k=3)
    assert isinstance(assignments, pd.DataFrame) and isinstance(clusters, pd.DataFrame)
    assert list(assignments.columns) == TABLES["cluster_assignments"].column_names
    assert list(clusters.columns) == TABLES["clusters"].column_names


def test_pandas_and_polars_give_the_same_tables(separated):
    articles, _ = separated
    from_polars = cluster_articles(articles, k=3)
    from_pandas = cluster_articles(articles.to_pandas(use_pyarrow_extension_array=True), k=3)
    assert_frame_equal(pl.from_pandas(from_pandas[0]), from_polars[0])
    assert_frame_equal(pl.from_pandas(from_pandas[1]), from_polars[1])


def test_input_is_not_mutated(separated):
    articles, _ = separated
    before = articles.clone()
    cluster_articles(articles, k=3)
    assert_frame_equal(articles, before)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picks=st.lists(st.sampled_from(sorted(TOPICS)), min_size=2, max_size=9),
    seed=st.integers(0, 1000),
)
def test_every_article_is_assigned_once_and_sizes_add_up(picks, seed):
    sizes = {t: picks.count(t) for t in TOPICS if picks.count(t)}
    articles, _ = _corpus(sizes, seed=seed)
    assignments, clusters = cluster_articles(articles, random_state=seed)
    assert assignments.height == articles.height
    sizes_out = clusters.get_column("size").to_list()
    assert sum(sizes_out) == articles.height
    assert sizes_out == sorted(sizes_out, reverse=True)
    assert clusters.get_column("cluster").to_list() == list(range(clusters.height))
    counts = assignments.group_by("cluster").len().sort("cluster").get_column("len").to_list()
    assert counts == sizes_out


def test_two_articles_lie_apart_on_the_map():
    articles, _ = _corpus({"magnets": 1, "party": 1})
    assignments, _ = cluster_articles(articles)
    x = assignments.get_column("x").to_list()
    assert x[0] == pytest.approx(-x[1]) and abs(x[0]) > 0.1


def test_fewer_distinct_texts_than_k_give_one_cluster_per_text():
    articles = make_articles([
        ("Prices", None, "magnet prices rose"), ("Prices", None, "Magnet prices rose."),
        ("Party", None, "party discipline"), ("Party", None, "Party discipline!"),
        ("Party", None, "party discipline?"),
    ])
    assignments, clusters = cluster_articles(articles, k=4)
    assert assignments.get_column("cluster").to_list() == [1, 1, 0, 0, 0]
    assert clusters.get_column("size").to_list() == [3, 2]


# -- the number of clusters and its criterion ---------------------------------------------------


@pytest.mark.parametrize(
    ("sizes", "k", "gap"),
    [
        ({"magnets": 6, "party": 6, "shipping": 6}, 3, 0.176775),
        ({"magnets": 4, "party": 8, "shipping": 6}, 3, 0.163544),
        ({"magnets": 10, "party": 10}, 2, 0.212842),
    ],
)
def test_k_none_chooses_the_number_of_topics_by_the_gap(sizes, k, gap):
    articles, _ = _corpus(sizes)
    _, clusters = cluster_articles(articles)
    assert clusters.height == k
    assert clusters.get_column("k_criterion").unique().to_list() == ["gap"]
    assert clusters.get_column("k_criterion_value").unique().to_list() == [pytest.approx(gap, abs=1e-6)]


def test_given_k_is_reported_as_given(separated):
    articles, _ = separated
    _, clusters = cluster_articles(articles, k=2)
    assert clusters.select("k_criterion", "k_criterion_value").rows() == [("given", None), ("given", None)]


def test_a_single_possible_k_is_reported_as_only_k():
    articles, _ = _corpus({"magnets": 2, "party": 1})
    _, clusters = cluster_articles(articles)
    assert clusters.select("k_criterion", "k_criterion_value").rows() == [("only_k", None), ("only_k", None)]


def test_k_none_never_exceeds_the_distinct_texts():
    articles = make_articles([("Prices", None, "magnet prices rose")] * 4 + [("Party", None, "party discipline")] * 4)
    _, clusters = cluster_articles(articles)
    assert clusters.get_column("size").to_list() == [4, 4]


# -- cluster terms ------------------------------------------------------------------------------


def _with_extra_words(sizes, words_by_topic):
    """A ``_corpus`` whose articles of a topic also hold the given words."""
    articles, truth = _corpus(sizes)
    bodies = [f"{body} {' '.join(words_by_topic.get(t, []))}"
              for body, t in zip(articles.get_column("body").to_list(), truth)]
    return articles.with_columns(pl.Series("body", bodies)), truth


def test_terms_in_most_articles_never_describe_a_cluster():
    # "congress" is in every party article, 12 of 18: it would lead the party cluster's terms.
    articles, _ = _with_extra_words({"magnets": 3, "party": 12, "shipping": 3}, {"party": ["congress"]})
    _, clusters = cluster_articles(articles, k=3)
    assert clusters.get_column("top_terms").to_list()[0][:3] == ["session", "conduct", "study"]


def test_listed_news_words_and_short_terms_never_describe_a_cluster():
    articles, _ = _with_extra_words({"magnets": 4, "party": 8, "shipping": 6},
                                    {"magnets": ["said", "reuters", "mln", "xq"]})
    _, clusters = cluster_articles(articles, k=3)
    magnets = clusters.filter(pl.col("size") == 4).get_column("top_terms").to_list()[0]
    assert magnets[:3] == ["sintered", "dysprosium", "rotor"]
    assert not {"said", "reuters", "mln", "xq"} & set(magnets)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picks=st.lists(st.sampled_from(sorted(TOPICS)), min_size=3, max_size=12),
    shared=st.lists(st.sampled_from([w for words in TOPICS.values() for w in words]), max_size=4),
    seed=st.integers(0, 1000),
)
def test_no_top_three_term_occurs_in_more_than_half_of_the_articles(picks, shared, seed):
    sizes = {t: picks.count(t) for t in TOPICS if picks.count(t)}
    articles, truth = _with_extra_words(sizes, {t: shared for t in TOPICS if t != picks[0]})
    _, clusters = cluster_articles(articles, random_state=seed)
    bodies = [set(b.lower().replace(".", " ").split()) for b in articles.get_column("body").to_list()]
    for terms in clusters.get_column("top_terms").to_list():
        assert all(sum(t in words for words in bodies) <= len(bodies) / 2 for t in terms[:3])


# -- large corpora: samples for fitting and k, then every article --------------------------------


@pytest.mark.parametrize("k", [3, None])
def test_sampled_fit_and_search_recover_the_topics(separated, monkeypatch, k):
    import reexdata.clusters
    import reexdata.clusters.choose_k
    import reexdata.clusters.embed

    monkeypatch.setattr(reexdata.clusters.embed, "SVD_SAMPLE", 12)
    monkeypatch.setattr(reexdata.clusters, "SEARCH_SAMPLE", 9)
    monkeypatch.setattr(reexdata.clusters.choose_k, "K_SAMPLE", 15)
    articles, truth = separated
    assignments, clusters = cluster_articles(articles, k=k)
    found, expected = _groups(assignments, truth)
    assert (found == expected, clusters.height) == (True, 3)


# -- the build and the API agree -----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_build_tables(tmp_path_factory):
    """The seed corpus's articles, clusters and assignments tables as one build publishes them."""
    from conftest import RAW

    from reexdata.pipeline import build

    tmp = tmp_path_factory.mktemp("clusters-seed-build")
    out = build(RAW, tmp / "processed", interim=tmp / "interim").out_dir
    return {name: pl.read_parquet(out / f"{name}.parquet")
            for name in ("articles", "clusters", "cluster_assignments")}


def test_api_gives_the_published_clusters_table(seed_build_tables):
    _, clusters = cluster_articles(seed_build_tables["articles"])
    assert_frame_equal(clusters, seed_build_tables["clusters"])


def test_api_gives_the_published_assignments(seed_build_tables):
    assignments, _ = cluster_articles(seed_build_tables["articles"])
    assert_frame_equal(assignments, seed_build_tables["cluster_assignments"])


def test_seed_clusters(seed_build_tables):
    clusters = seed_build_tables["clusters"]
    assert clusters.select("size", "label", "k_criterion").rows() == [
        (3, "development / mineral / hulunbuir", "gap"),
        (2, "standards / csre / talent", "gap"),
    ]
    assert clusters.get_column("k_criterion_value").to_list() == pytest.approx([-0.00139] * 2, abs=1e-5)


def test_seed_cluster_members(seed_build_tables):
    members = (seed_build_tables["cluster_assignments"]
               .join(seed_build_tables["articles"].select("article_id", "source"), on="article_id")
               .sort("source"))
    assert members.get_column("cluster").to_list() == [0, 0, 1, 0, 1]


def test_seed_cluster_terms(seed_build_tables):
    assert [t[:5] for t in seed_build_tables["clusters"].get_column("top_terms").to_list()] == [
        ["development", "mineral", "hulunbuir", "ordos", "long"],
        ["standards", "csre", "talent", "investors", "operator"],
    ]


# --------------------------------------------------------------------------
# Languages: each language with enough articles clustered on its own
# --------------------------------------------------------------------------

# Two Chinese topics, written with spaces between words so that the test does
# not depend on how the vectorizer cuts Han text (words chosen for this test).
ZH_TOPICS = {
    "prices": ["稀土", "价格", "上涨", "氧化镨钕", "市场", "报价", "供应", "需求", "库存", "成交", "走势", "行情"],
    "party": ["党建", "纪律", "巡视", "整改", "干部", "学习", "教育", "监督", "廉洁", "作风", "组织", "会议"],
}


def _mixed(en_sizes, zh_sizes, extra=(), seed=0):
    """English and Chinese articles with a ``language`` column, plus ``extra`` (language, body) rows."""
    english, en_truth = _corpus(en_sizes, seed)
    rng = random.Random(seed)
    rows, truth = [], []
    for topic, n in zh_sizes.items():
        for _ in range(n):
            rows.append((f"消息 {len(rows)}", None, " ".join(rng.sample(ZH_TOPICS[topic], 8)) + "。"))
            truth.append("zh-" + topic)
    rows += [(f"Extra {i}", None, body) for i, (_, body) in enumerate(extra)]
    chinese = make_articles(rows).with_columns(pl.col("article_id") + "-zh")
    languages = ["en"] * english.height + ["zh"] * len(truth) + [lang for lang, _ in extra]
    articles = pl.concat([english, chinese], how="vertical_relaxed").with_columns(
        pl.Series("language", languages, dtype=pl.String)
    )
    return articles, en_truth + truth + ["extra"] * len(extra)


@pytest.fixture
def bilingual():
    return _mixed({"magnets": 6, "party": 6}, {"prices": 6, "party": 6})


def test_each_language_is_clustered_on_its_own(bilingual):
    articles, _ = bilingual
    _, clusters = cluster_articles(articles, k=2)
    assert clusters.select("cluster", "size", "language").rows() == [
        (0, 6, "en"), (1, 6, "en"), (2, 6, "zh"), (3, 6, "zh")
    ]


def test_the_topics_of_each_language_are_recovered(bilingual):
    articles, truth = bilingual
    assignments, _ = cluster_articles(articles, k=2)
    found, expected = _groups(assignments, truth)
    assert found == expected


def test_an_article_is_in_a_cluster_of_its_language(bilingual):
    articles, _ = bilingual
    assignments, _ = cluster_articles(articles, k=2)
    assert assignments.get_column("language").to_list() == articles.get_column("language").to_list()


def test_each_language_reports_its_own_k_criterion(bilingual):
    articles, _ = bilingual
    _, clusters = cluster_articles(articles)
    assert clusters.group_by("language").agg(pl.col("k_criterion").n_unique()).sort("language").rows() == [
        ("en", 1), ("zh", 1)
    ]


def test_one_language_clusters_as_without_the_column(separated):
    articles, _ = separated
    with_language = articles.with_columns(pl.lit("en").alias("language"))
    plain = cluster_articles(articles, k=3)
    tagged = cluster_articles(with_language, k=3)
    assert [t.drop("language").equals(p.drop("language")) for t, p in zip(tagged, plain)] == [True, True]


@pytest.mark.parametrize(("language", "expected"), [("en", ["en"]), (None, [None])])
def test_one_group_is_labelled_with_its_one_language(separated, language, expected):
    articles, _ = separated
    articles = articles.with_columns(pl.lit(language, dtype=pl.String).alias("language"))
    _, clusters = cluster_articles(articles, k=3)
    assert clusters.get_column("language").unique().to_list() == expected


def test_a_small_second_language_is_clustered_with_the_rest():
    articles, _ = _mixed({"magnets": 6, "party": 6}, {"prices": 3})
    _, clusters = cluster_articles(articles, k=2)
    assert clusters.get_column("language").to_list() == [None, None]


def test_other_languages_form_a_last_group():
    extra = [("fr", "aimant prix hausse marché"), ("fr", "comité parti discipline"), (None, "unknown words here")]
    articles, _ = _mixed({"magnets": 6, "party": 6}, {"prices": 6, "party": 6}, extra=extra)
    _, clusters = cluster_articles(articles, k=2)
    assert clusters.select("language", "size").rows()[4:] == [(None, 2), (None, 1)]


def test_a_given_k_is_capped_per_language():
    articles, _ = _mixed({"magnets": 6, "party": 6}, {"prices": 5, "party": 5})
    _, clusters = cluster_articles(articles, k=11)
    assert clusters.group_by("language").len().sort("language").rows() == [("en", 11), ("zh", 9)]


def test_a_pandas_table_with_languages_gives_pandas_tables(bilingual):
    articles, _ = bilingual
    assignments, clusters = cluster_articles(articles.to_pandas(), k=2)
    assert (type(assignments), clusters["language"].tolist()) == (pd.DataFrame, ["en", "en", "zh", "zh"])


def test_two_character_chinese_words_describe_a_cluster():
    articles = pl.DataFrame({
        "article_id": [f"a{i}" for i in range(8)],
        "title": [None] * 8,
        "highlights": [[] for _ in range(8)],
        "body": ["包钢 稀土 矿山 开采 储量"] * 4 + ["党建 纪律 巡视 整改 干部"] * 4,
    })
    _, clusters = cluster_articles(articles, k=2)
    assert sorted(sorted(terms[:5]) for terms in clusters.get_column("top_terms").to_list()) == [
        ["储量", "包钢", "开采", "矿山", "稀土"], ["党建", "巡视", "干部", "整改", "纪律"]]
