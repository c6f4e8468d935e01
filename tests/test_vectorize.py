import datetime as dt

import numpy as np
import polars as pl
import pytest
from conftest import FIXTURE_ARTICLES, make_articles

from reexdata.vectorize import DocumentMatrix, _article_texts, vectorize


def test_rows_follow_the_frame_order(fixture_articles):
    m = vectorize(fixture_articles)
    assert m.article_ids == fixture_articles.get_column("article_id").to_list()
    assert m.X.shape[0] == 6


def test_rows_are_unit_length(fixture_articles):
    m = vectorize(fixture_articles)
    norms = np.sqrt(np.asarray(m.X.multiply(m.X).sum(axis=1)).ravel())
    assert np.allclose(norms, 1.0, atol=1e-6)


def test_matrix_is_csr_float32(fixture_articles):
    m = vectorize(fixture_articles)
    assert m.X.format == "csr"
    assert m.X.dtype == np.float32


def test_terms_name_the_columns(fixture_articles):
    m = vectorize(fixture_articles)
    assert len(m.terms) == m.X.shape[1]
    assert m.vectorizer.vocabulary_["exploration"] == list(m.terms).index("exploration")


def test_result_is_a_frozen_dataclass(fixture_articles):
    m = vectorize(fixture_articles)
    assert isinstance(m, DocumentMatrix)
    with pytest.raises(AttributeError):
        m.article_ids = []


def test_terms_are_single_words_by_default(fixture_articles):
    terms = set(vectorize(fixture_articles).terms)
    assert ("export" in terms, "export controls" in terms) == (True, False)


def test_bigrams_are_terms_on_request(fixture_articles):
    assert "export controls" in set(vectorize(fixture_articles, ngram_range=(1, 2)).terms)


@pytest.mark.parametrize("word", ["the", "and", "2025", "s"])
def test_stop_words_numbers_and_single_letters_are_dropped(fixture_articles, word):
    assert word not in set(vectorize(fixture_articles).terms)


def test_article_text_joins_headline_highlights_and_body():
    frame = make_articles([("Title here", None, "Body text.")]).with_columns(
        pl.lit(["First point", "Second point"]).alias("highlights")
    )
    assert _article_texts(frame).to_list() == ["Title here\n\nFirst point\n\nSecond point\n\nBody text."]


@pytest.mark.parametrize(
    ("headline", "highlights", "body", "text"),
    [
        ("", None, "Body.", "Body."),
        (None, [], "Body.", "Body."),
        ("Title", [], "", "Title"),
        ("", [], "", ""),
        ("Title", ["One", None, "Two"], "Body.", "Title\n\nOne\n\nTwo\n\nBody."),
    ],
)
def test_article_text_skips_empty_parts(headline, highlights, body, text):
    frame = pl.DataFrame(
        {"article_id": ["a"], "headline": [headline], "highlights": [highlights], "body": [body]},
        schema={"article_id": pl.String, "headline": pl.String, "highlights": pl.List(pl.String), "body": pl.String},
    )
    assert _article_texts(frame).to_list() == [text]


def test_related_headlines_are_not_part_of_the_text():
    frame = make_articles([("Magnets", None, "Magnet output rose."), ("Prices", None, "Prices fell.")])
    frame = frame.with_columns(pl.lit(["Zebra crossing opens"]).alias("related_headlines"))
    m = vectorize(frame)
    assert "zebra" not in set(m.terms)
    assert "zebra" not in _article_texts(frame)[0]


def test_small_corpus_keeps_words_seen_once(fixture_articles):
    # "geologists" occurs in one article only.
    assert "geologists" in set(vectorize(fixture_articles).terms)


def test_large_corpus_drops_words_seen_once():
    topics = ["magnet prices rose", "party committee met"]
    rows = [(f"Report {i}", dt.date(2025, 1, 1), f"{topics[i % 2]} uniqueword{'abcdefghij'[i % 10]}x{i}")
            for i in range(60)]
    terms = set(vectorize(make_articles(rows)).terms)
    assert ("magnet" in terms, "uniquewordax0" in terms) == (True, False)


def test_pandas_input_gives_the_same_matrix(fixture_articles, fixture_articles_pandas):
    a = vectorize(fixture_articles)
    b = vectorize(fixture_articles_pandas)
    assert a.article_ids == b.article_ids
    assert (a.X != b.X).nnz == 0


def test_deterministic(fixture_articles):
    a, b = vectorize(fixture_articles), vectorize(fixture_articles)
    assert list(a.terms) == list(b.terms)
    assert (a.X != b.X).nnz == 0


def test_input_is_not_mutated(fixture_articles):
    before = fixture_articles.clone()
    vectorize(fixture_articles)
    assert fixture_articles.equals(before)


def test_empty_corpus_is_an_error(fixture_articles):
    with pytest.raises(ValueError, match="The 'articles' parameter of vectorize"):
        vectorize(fixture_articles.head(0))


def test_corpus_without_words_is_an_error():
    with pytest.raises(ValueError, match="at least one word"):
        vectorize(make_articles([("", None, "2025 1999"), ("", None, "the and of")]))


@pytest.mark.parametrize("max_df", [-0.1, 1.5])
def test_max_df_out_of_range_is_an_error(fixture_articles, max_df):
    with pytest.raises(ValueError, match="The 'max_df' parameter of vectorize"):
        vectorize(fixture_articles, max_df=max_df)


def test_phrases_become_terms_without_every_bigram(fixture_articles):
    terms = set(vectorize(fixture_articles, phrases=["Export Controls", "tariffs"]).terms)
    assert ("export controls" in terms, "industrial chain" in terms) == (True, False)


def test_phrases_are_counted_where_they_occur(fixture_articles):
    m = vectorize(fixture_articles, phrases=["export controls"])
    column = list(m.terms).index("export controls")
    assert m.X[:, column].nnz == 1


def test_matrix_does_not_depend_on_chunking(fixture_articles, monkeypatch):
    import reexdata.vectorize as vectorize_module

    whole = vectorize(fixture_articles, phrases=["export controls", "rare earth"])
    monkeypatch.setattr(vectorize_module, "_CHUNK", 2)
    chunked = vectorize(fixture_articles, phrases=["export controls", "rare earth"])
    assert list(chunked.terms) == list(whole.terms)
    assert (chunked.X != whole.X).nnz == 0


def test_every_phrase_occurrence_counts_even_inside_a_longer_phrase():
    frame = make_articles([("", None, "Rare earth magnet supply. Rare-earth magnet prices."), ("", None, "Prices.")])
    m = vectorize(frame, phrases=["rare earth magnet", "earth magnet"])
    counts = {t: m.X[0, j] > 0 for j, t in enumerate(m.terms) if " " in t}
    assert counts == {"earth magnet": True, "rare earth magnet": True}


@pytest.mark.parametrize(("size", "expected"), [
    (2, [(0, "rare earth"), (1, "rare metals")]),
    (3, [(0, "rare earth magnets")]),
])
@pytest.mark.parametrize("starts", [None, [0, 1, 3, 4]], ids=["all tokens", "given starts"])
def test_sequences_start_with_the_first_words(size, expected, starts):
    from reexdata.vectorize import _sequences

    # Row 0: "rare earth magnets"; row 1: "rare metals" (a run never crosses rows).
    tokens = pl.DataFrame({"row": [0, 0, 0, 1, 1], "word": ["rare", "earth", "magnets", "rare", "metals"]})
    given = None if starts is None else pl.Series(starts, dtype=pl.UInt32)
    assert _sequences(tokens, size, first=["rare"], starts=given).rows() == expected


def test_phrase_words_may_be_joined_by_hyphens_or_apostrophes():
    frame = make_articles([("", None, "Xi’s directives on rare-earth exports."), ("", None, "Nothing here.")])
    m = vectorize(frame, phrases=["Xi's directives", "rare earth exports"])
    assert [t for j, t in enumerate(m.terms) if " " in t and m.X[0, j] > 0] == ["rare earth exports", "xi directives"]


def test_max_features_keeps_the_most_frequent_terms():
    frame = make_articles([("", None, "magnet magnet magnet price price committee"), ("", None, "magnet price")])
    assert list(vectorize(frame, max_features=2).terms) == ["magnet", "price"]


@pytest.mark.parametrize("ngram_range", [(2, 1), (0, 1), (1,)])
def test_bad_ngram_range_is_an_error(fixture_articles, ngram_range):
    with pytest.raises(ValueError, match="The 'ngram_range' parameter of vectorize"):
        vectorize(fixture_articles, ngram_range=ngram_range)


# --- _matrix_for: the one check of a DocumentMatrix argument ---------------------


def test_matrix_for_returns_the_matrix_given(fixture_articles):
    from reexdata.vectorize import _matrix_for

    m = vectorize(fixture_articles)
    assert _matrix_for(fixture_articles, m, func="f") is m


def test_matrix_for_none_vectorizes_with_the_phrases(fixture_articles):
    from reexdata.vectorize import _matrix_for

    m = _matrix_for(fixture_articles, None, func="f", phrases=["export controls"])
    assert "export controls" in set(m.terms)
    assert m.article_ids == fixture_articles.get_column("article_id").to_list()


@pytest.mark.parametrize(("func", "matrix", "shown"), [
    ("score_themes", 5, "5"),
    ("cluster_articles", "matrix", "'matrix'"),
])
def test_matrix_for_rejects_other_objects_naming_the_caller(fixture_articles, func, matrix, shown):
    from reexdata.errors import ParameterError
    from reexdata.vectorize import _matrix_for

    message = (f"The 'matrix' parameter of {func} must be a reexdata.vectorize.DocumentMatrix or None. "
               f"Got {shown} instead.")
    with pytest.raises(ParameterError, match=f"^{message}$".replace(".", r"\.")):
        _matrix_for(fixture_articles, matrix, func=func)


# -- the polars counting against scikit-learn ----------------------------------------------
# vectorize promises the terms TfidfVectorizer gives with the same options. The tests ship no
# sample of the development corpora, so the check runs on the fixture corpus, the five seeds
# and 80 generated pages (benchmarks/generate.py, seed 3: at least 50 articles, so the
# large-corpus min_df=2 / max_df=0.95 defaults apply).


@pytest.fixture(scope="module")
def generated_articles(tmp_path_factory):
    from benchmarks.generate import generate

    from reexdata.ingest import read_corpus

    folder = tmp_path_factory.mktemp("generated") / "corpus"
    generate(80, folder, seed=3)
    return read_corpus(folder).articles


@pytest.fixture(scope="module")
def seed_articles():
    from conftest import RAW

    from reexdata import load_articles

    return load_articles(RAW)


@pytest.fixture(params=["fixture", "seeds", "generated"])
def corpus(request, generated_articles, seed_articles):
    if request.param == "fixture":
        return make_articles(FIXTURE_ARTICLES)
    return {"seeds": seed_articles, "generated": generated_articles}[request.param]


def _sklearn(articles, **options):
    """TfidfVectorizer with vectorize's analyzer and weighting, fitted on the same texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from reexdata.vectorize import _TOKEN_PATTERN

    n = articles.height
    defaults = {"min_df": 2 if n >= 50 else 1, "max_df": 0.95 if n >= 50 else 1.0, "stop_words": "english"}
    vectorizer = TfidfVectorizer(lowercase=True, token_pattern=_TOKEN_PATTERN, sublinear_tf=True,
                                 dtype=np.float32, **{**defaults, **options})
    X = vectorizer.fit_transform(_article_texts(articles).to_list())
    X.sort_indices()  # vectorize's rows list their columns in order
    return vectorizer, X


_OPTIONS = [
    {},
    {"ngram_range": (1, 2)},
    {"ngram_range": (2, 3)},
    {"stop_words": None},
    {"stop_words": ["rare", "earth", "china"]},
    {"min_df": 2},
    {"min_df": 0.2, "max_df": 0.8},
    {"min_df": 1, "max_df": 1.0},
]


@pytest.mark.parametrize("options", _OPTIONS, ids=repr)
def test_terms_are_those_of_tfidfvectorizer(corpus, options):
    expected, _ = _sklearn(corpus, **options)
    assert list(vectorize(corpus, **options).terms) == list(expected.get_feature_names_out())


@pytest.mark.parametrize("options", _OPTIONS, ids=repr)
def test_matrix_is_that_of_tfidfvectorizer(corpus, options):
    _, expected = _sklearn(corpus, **options)
    X = vectorize(corpus, **options).X
    assert (X.indptr.tolist(), X.indices.tolist()) == (expected.indptr.tolist(), expected.indices.tolist())
    assert np.allclose(X.data, expected.data, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2)])
def test_counts_are_those_of_countvectorizer(corpus, ngram_range):
    from sklearn.feature_extraction.text import CountVectorizer

    from reexdata.vectorize import _TOKEN_PATTERN, _count_terms

    texts = _article_texts(corpus)
    counter = CountVectorizer(lowercase=True, token_pattern=_TOKEN_PATTERN, stop_words="english",
                              ngram_range=ngram_range)
    expected = counter.fit_transform(texts.to_list())
    stop = sorted(counter.get_stop_words())
    counts, terms = _count_terms(texts, stop=stop, ngram_range=ngram_range, phrases={})
    order = np.argsort(np.array(terms, dtype=object), kind="stable")
    assert [terms[j] for j in order] == list(counter.get_feature_names_out())
    assert (counts[:, order].astype(np.int64) != expected).nnz == 0


# -- Chinese text: Han runs cut into words -----------------------------------------------------
# Our own sentences (never the development corpus). 北方磁材 and 新钕科技 are made-up names that
# jieba splits without a user dictionary.

ZH_BODIES = [
    "北方稀土宣布扩大永磁材料生产，价格上涨。",
    "美国加强出口管制，稀土价格波动。",
    "包鋼稀土的工人在白云鄂博矿区工作。",
]


def _zh_articles(bodies):
    return make_articles([(None, None, body) for body in bodies])


def _zh_terms(bodies, **options):
    return sorted(vectorize(_zh_articles(bodies), **options).terms)


def test_han_text_is_counted_as_words():
    assert _zh_terms(ZH_BODIES[:2]) == ["价格上涨", "出口管制", "加强", "北方稀土", "宣布", "扩大", "永磁材料",
                                        "波动", "生产", "稀土价格", "美国"]


def test_single_han_characters_are_not_terms():
    assert {"的", "在"} & set(_zh_terms(ZH_BODIES)) == set()


def test_traditional_characters_are_counted_as_simplified():
    assert "包钢稀土" in _zh_terms(ZH_BODIES[2:])


@pytest.mark.parametrize(("alias", "expected"), [("Beifang Magnets", ["北方", "磁材"]), ("北方磁材", ["北方磁材"])])
def test_names_of_the_entity_lexicon_given_stay_whole(alias, expected):
    entities = {"entity": [{"id": "bm", "name": "Beifang Magnets", "type": "company", "aliases": [alias]}]}
    terms = _zh_terms(["北方磁材宣布扩产。"], entities=entities)
    assert [t for t in terms if t in {"北方", "磁材", "北方磁材"}] == expected


def test_terms_of_the_theme_lexicon_given_stay_whole():
    terms = _zh_terms(["新钕科技扩产。"], themes={"magnets": ["新钕科技"], "prices": ["价格"]})
    assert "新钕科技" in terms


def test_han_words_of_the_phrases_join_the_dictionary():
    assert "新钕科技" in _zh_terms(["新钕科技扩产。"], phrases=["新钕科技"])


def test_a_han_seed_term_seen_once_is_a_column_of_a_large_corpus():
    bodies = ["稀土价格上涨。"] * 59 + ["美国加强出口管制。"]
    terms = _zh_terms(bodies, phrases=["出口管制"])
    assert ("出口管制" in terms, "加强" in terms) == (True, False)


def test_the_vectorizer_embeds_han_text_in_the_same_words():
    m = vectorize(_zh_articles(ZH_BODIES))
    row = m.vectorizer.transform(["出口管製"])
    assert [m.terms[j] for j in row.indices] == ["出口管制"]


def test_text_without_han_is_never_segmented(fixture_articles, monkeypatch):
    import reexdata.vectorize as vec

    def fail(*args, **kwargs):
        raise AssertionError("segmented")

    monkeypatch.setattr(vec, "segment", fail)
    m = vectorize(fixture_articles, phrases=["出口管制", "export controls"])
    assert m.vectorizer.transform(["出口管制"]).nnz == 0


def test_english_rows_of_a_mixed_corpus_keep_their_terms(fixture_articles):
    mixed = pl.concat([fixture_articles, _zh_articles(ZH_BODIES).with_columns(
        pl.format("zh{}", pl.int_range(pl.len())).alias("article_id"))])
    english = vectorize(fixture_articles)
    both = vectorize(mixed)
    row = both.X[0]
    assert sorted(both.terms[row.indices]) == sorted(english.terms[english.X[0].indices])


@pytest.mark.parametrize(("body", "seed"), [("党委加强纪律建设。", "纪律"), ("稀土价格上涨。", "价格")])
def test_a_han_seed_term_inside_a_longer_word_is_counted_too(body, seed):
    m = vectorize(_zh_articles([body, "其他新闻。"]), phrases=[seed])
    row = m.X[0]
    assert seed in set(m.terms[row.indices])


def test_the_longer_word_holding_a_seed_term_stays_a_term():
    assert {"加强纪律", "纪律"} <= set(_zh_terms(["党委加强纪律建设。"], phrases=["纪律"]))


def test_the_vectorizer_adds_the_seed_terms_inside_words_as_the_corpus_count_does():
    m = vectorize(_zh_articles(["党委加强纪律建设。"]), phrases=["纪律"])
    assert m.vectorizer.build_analyzer()("加强纪律") == ["加强纪律", "纪律"]


# -- a mixed corpus: the same subject gets the same theme in English and in Chinese ----------------
# Our own short texts, scored together with the shipped theme lexicon (score_themes computes the
# matrix with vectorize).

MIXED = [
    ("Beijing tightens export controls", "The commerce ministry announced new export controls on rare-earth "
     "processing technology, and Washington answered with sanctions and tariffs."),
    ("Party committee stresses discipline", "The company's Party committee held a study session on Party building "
     "and discipline; the inspection team asked for rectification."),
    ("Magnet prices climb", "Prices of praseodymium-neodymium oxide rose on the exchange this week as trading "
     "volume grew."),
    ("商务部加强出口管制", "商务部宣布对稀土加工技术实施新的出口管制，美国随即以制裁和关税回应。"),
    ("党委强调纪律", "公司党委召开党建专题学习会，强调严守纪律，巡视组要求抓好整改。"),
    ("稀土价格上涨", "本周交易所氧化镨钕价格上涨，成交量明显增加。"),
]


@pytest.fixture(scope="module")
def mixed_primary():
    from reexdata.themes import score_themes

    articles = make_articles([(title, None, body) for title, body in MIXED])
    primary = score_themes(articles).filter(pl.col("is_primary"))
    by_id = dict(zip(primary["article_id"], primary["theme"]))
    return [by_id.get(a) for a in articles["article_id"]]


@pytest.mark.parametrize(("english", "chinese", "theme"),
                         [(0, 3, "geopolitics_trade"), (1, 4, "party_discipline"), (2, 5, "markets_pricing")])
def test_the_same_subject_gets_the_same_primary_theme_in_both_languages(mixed_primary, english, chinese, theme):
    assert (mixed_primary[english], mixed_primary[chinese]) == (theme, theme)


def test_a_han_seed_term_inside_a_longer_seed_term_is_counted_too():
    m = vectorize(_zh_articles(["国家标准发布。", "其他新闻。"]), phrases=["国家标准", "标准"])
    assert sorted(m.terms[m.X[0].indices]) == ["发布", "国家标准", "标准"]
