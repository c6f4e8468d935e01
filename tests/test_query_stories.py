"""rx.group_stories: copies and light edits group together, different stories on one subject stay apart."""

import itertools
import random

import numpy as np
import polars as pl
import pytest
from datasketch import LeanMinHash, MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

import reexdata as rx
from benchmarks.articles import generated_articles
from reexdata.errors import ParameterError
import xxhash
from reexdata.query.stories import _candidates, _shingle_hashes, _shingles, _signatures, _word_hashes


def _variant(row, kind, rng):
    """A copy of a generated article: a new headline, a paragraph dropped, or a few words edited."""
    title, body = row["title"], row["body"]
    if kind == "headline":
        title = f"Update: {rng.choice(['talks', 'deal', 'plans', 'output'])} in focus"
    elif kind == "paragraph":
        lines = body.split("\n")
        long = [i for i, line in enumerate(lines) if len(line) > 100]
        lines.pop(rng.choice(long))
        body = "\n".join(lines)
    else:
        words = body.split(" ")
        for i in rng.sample(range(len(words)), 6):
            words[i] = rng.choice(["reportedly", "new", "major", "said"])
        body = " ".join(words)
    return {**row, "title": title, "body": body}


@pytest.fixture(scope="module")
def corpus():
    """40 generated stories, each with three variants; ``truth`` maps article to story."""
    base = generated_articles(40, seed=11)
    rng = random.Random(0)
    rows, truth = [], {}
    for row in base.iter_rows(named=True):
        truth[row["article_id"]] = row["article_id"]
        rows.append(row)
        for kind in ("headline", "paragraph", "edits"):
            copy = _variant(row, kind, rng)
            copy["article_id"] = f"{row['article_id']}-{kind}"
            truth[copy["article_id"]] = row["article_id"]
            rows.append(copy)
    return pl.DataFrame(rows, schema=base.schema), truth


def _pairs(groups):
    by = {}
    for article, group in groups.items():
        by.setdefault(group, []).append(article)
    return {tuple(sorted(p)) for members in by.values() for p in itertools.combinations(members, 2)}


def test_group_stories_pairwise_precision_and_recall(corpus):
    articles, truth = corpus
    stories = rx.group_stories(articles)
    found = _pairs(dict(zip(stories["article_id"], stories["story_id"])))
    true = _pairs(truth)
    precision = len(found & true) / len(found)
    recall = len(found & true) / len(true)
    assert (precision >= 0.95, recall >= 0.95) == (True, True), (precision, recall)


def test_group_stories_keeps_different_stories_on_one_subject_apart():
    base = generated_articles(200, seed=12)
    stories = rx.group_stories(base)
    assert stories["story_size"].max() == 1


def test_group_stories_story_id_is_the_smallest_article_id(corpus):
    articles, _ = corpus
    stories = rx.group_stories(articles.reverse())
    first = stories.filter(pl.col("article_id").str.starts_with("g000000"))
    assert first["story_id"].unique().to_list() == ["g000000"]
    assert first["story_size"].to_list() == [4, 4, 4, 4]


def test_group_stories_is_deterministic(corpus):
    articles, _ = corpus
    assert rx.group_stories(articles).equals(rx.group_stories(articles))


@pytest.mark.parametrize("threshold", [0, 1.5, "0.5"])
def test_group_stories_rejects_a_bad_threshold(threshold):
    with pytest.raises(ParameterError, match=r"The 'threshold' parameter of group_stories must be"):
        rx.group_stories(pl.DataFrame({"article_id": ["a"], "body": ["x"]}), threshold=threshold)


def test_build_publishes_one_story_row_per_article(raw_dir, tmp_path):
    result = rx.build(raw_dir, tmp_path / "processed", interim=tmp_path / "interim")
    stories, articles = result.tables["stories"], result.tables["articles"]
    assert stories["article_id"].sort().to_list() == articles["article_id"].sort().to_list()
    assert stories.filter(pl.col("story_id") > pl.col("article_id")).height == 0


def test_articles_without_words_are_each_their_own_story():
    import polars as pl

    articles = pl.DataFrame({"article_id": ["a", "b", "c"], "headline": ["", " ", "—"], "body": ["", "...", "!!"]})
    assert rx.group_stories(articles).rows() == [("a", "a", 1), ("b", "b", 1), ("c", "c", 1)]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.integers(0, 2**32 - 1), max_size=40), min_size=1, max_size=6))
def test_signatures_equal_datasketch_minhashes(sets):
    docs = np.repeat(np.arange(len(sets)), [len(s) for s in sets])
    hashes = np.array([h for s in sets for h in s], dtype=np.uint32)
    signatures, present = _signatures(docs, hashes, len(sets))
    expected = []
    for values in sets:
        m = MinHash(num_perm=64, seed=874, hashfunc=lambda v: v, scheme="affine32")
        m.update_batch(values)
        expected.append(m.hashvalues.tolist())
    assert (signatures.tolist(), present.tolist()) == (expected, [bool(s) for s in sets])


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.8, 0.95])
def test_candidates_are_the_pairs_of_one_datasketch_index(threshold):
    rng = np.random.default_rng(3)
    base = rng.integers(0, 2**32, size=(60, 64), dtype=np.uint32)
    copies = base[:30].copy()
    copies[rng.random(copies.shape) < np.linspace(0, 0.6, 30)[:, None]] = 7
    signatures = np.vstack([base, copies])
    lsh = MinHashLSH(threshold=threshold, num_perm=64)
    expected = set()
    for j, row in enumerate(signatures):
        m = LeanMinHash(seed=874, hashvalues=row, scheme="affine32")
        expected |= {(i, j) for i in lsh.query(m)}
        lsh.insert(j, m)
    left, right = _candidates(signatures, np.ones(len(signatures), dtype=bool), threshold)
    assert set(zip(left.tolist(), right.tolist())) == expected


def test_word_hashes_are_the_low_bits_of_xxh3_of_the_lower_cased_words():
    counts, hashes = _word_hashes(pl.Series(["Rare-earth MAGNETS", "", "稀土 出口"]))
    assert (counts.tolist(), hashes.tolist()) == ([3, 0, 2], [1852856997, 3588630626, 2169472080, 1250733791, 2321476003])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=5))
def test_word_hashes_equal_the_xxhash_library(texts):
    words = [w for text in texts for w in pl.Series([text.lower()]).str.extract_all(r"[\p{L}\p{N}]+")[0]]
    _, hashes = _word_hashes(pl.Series(texts, dtype=pl.String))
    assert hashes.tolist() == [xxhash.xxh3_64_intdigest(w.encode(), seed=874) & 0xFFFFFFFF for w in words]


def test_shingle_hashes_combine_three_word_hashes_and_mix_them():
    # fmix32(((1 * M + 2) * M + 3) mod 2**32) and the same for 2, 3, 4, with M = 0x9E3779B1.
    assert _shingle_hashes(np.array([1, 2, 3, 4], dtype=np.uint32)).tolist() == [3157612635, 4050268082]


def _one(text):
    """The hashes of a text alone, sorted."""
    return sorted(_shingles(pl.Series([text]))[1].tolist())


def test_shingles_of_a_text_shorter_than_a_shingle_are_its_words():
    assert _one("Baotou magnets") == sorted(_word_hashes(pl.Series(["baotou magnets"]))[1].tolist())


def test_shingles_do_not_run_from_one_text_into_the_next():
    docs, hashes, *_ = _shingles(pl.Series(["a b c", "a b c d"]))
    assert (docs.tolist(), hashes.tolist()) == ([0, 1, 1], [_one("a b c")[0], _one("a b c")[0], _one("b c d")[0]])


def test_a_long_text_keeps_the_shingles_below_the_sampling_bound():
    words = [f"w{i}" for i in range(400)]
    windows = [_one(" ".join(words[i : i + 3]))[0] for i in range(398)]
    docs, hashes, *_ = _shingles(pl.Series([" ".join(words)]))
    assert (sorted(hashes.tolist()), set(docs.tolist())) == (sorted(h for h in windows if h < 2**30), {0})


def test_a_text_with_few_distinct_sampled_shingles_keeps_them_all():
    windows = {_one(text)[0] for text in ["a b c", "b c d", "c d a", "d a b"]}
    docs, hashes, *_ = _shingles(pl.Series(["a b c d " * 200]))
    assert (len(hashes), set(hashes.tolist()), set(docs.tolist())) == (798, windows, {0})


def test_texts_without_words_have_no_shingles():
    docs, hashes, *_ = _shingles(pl.Series(["", "!!", "—"]))
    assert (docs.tolist(), hashes.tolist()) == ([], [])


def test_a_long_text_keeps_each_sampled_shingle_once():
    words = [f"w{i}" for i in range(400)]
    docs, hashes, *_ = _shingles(pl.Series([" ".join(words * 2)]))
    assert sorted(hashes.tolist()) == sorted(set(hashes.tolist())) != []


def test_a_copy_that_keeps_all_its_shingles_joins_one_that_keeps_a_sample():
    # The shortest text of distinct words with _MIN_SAMPLED sampled shingles, and the
    # same text less its last word, which has one sampled shingle fewer and keeps all.
    words = [f"w{i}" for i in range(400)]
    length = next(n for n in range(3, 400) if not _shingles(pl.Series([" ".join(words[:n])]))[2][0])
    texts = [" ".join(words[:length]), " ".join(words[: length - 1])]
    articles = pl.DataFrame({"article_id": ["long", "short"], "body": texts})
    assert (_shingles(pl.Series(texts))[2].tolist(), rx.group_stories(articles).rows()) == (
        [False, True],
        [("long", "long", 2), ("short", "long", 2)],
    )
