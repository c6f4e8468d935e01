import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import polars as pl
import pytest
from conftest import SEED_FILES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reexdata.ingest.cache as ingest_cache
import reexdata.ingest.read as ingest_read
from reexdata.errors import InputError, PathError, ReexdataError
from reexdata.ingest import Corpus, load_articles, read_corpus
from reexdata.parsing import count_words
from reexdata.repair import decode_bytes, repair_text
from reexdata.schema import TABLES

RESIDUE = ("โ", "ย", "€", "™", "Â", "Ã", "\ufffd")
BOILERPLATE_PHRASES = (
    "Leave a Reply", "Your email address will not be published", "Submit a Comment", "0 Comments",
    "Straight Into Your Inbox", "Receive a Daily News Update", "Thanks for subscribing", "Spread the word",
    "CATEGORIES:", "Recent Reex News", "By Daniel", "Inspired to launch", "wp:paragraph", "(opens in a new tab)",
    "©", "Disclaimer:", "Search\n", "Wikipedia",
)
RELATED_000 = [
    'China Claims Major Advances in Wind Scale and "Smart Reliability" - But Coal Still Runs the Grid',
    "Baogang Affiliate Xinlian Accelerates Industrial AI and Computing Push, Expanding China's "
    "Digital-Manufacturing Edge, Part of Demand Stimulation Push",
    "Downstream Dominance: China's Northern Rare Earths Claims Technology Breakthroughs as It Pushes "
    "Deeper Into Advanced Applications",
    "Crony Socialism-or National Security Triage? The WSJ May Be Underestimating the Emergency",
    "From Odisha’s Sands to Global Supply Chains: India’s Rare Earth Bet and the Challenges Ahead",
]
TITLES = {
    "000": "Baogang Extends Its Reach: New Talks With Hulunbuir City and Inner Mongolia Forest Industry Group",
    "001": "Baogang Group Deepens Ties with Chinese Communist Party, Works on Expanding Dominance in Rare Earths",
    "002": None,
    "003": "Baogang Group Deepens Rare Earth and Industrial Integration with Ordos-Supply Chain Consolidation "
           "Signals China’s Next Strategic Move",
    "004": None,
}
HEADLINES = {
    **{k: v for k, v in TITLES.items() if v},
    "002": "Baotou Steel Group held a high-level Party leadership meeting focused on ideological study and "
           "Party discipline in Inner Mongolia.",
    "004": "Baogang and the Chinese Society of Rare Earths coordinate to strengthen China's rare earth "
           "industrial dominance through advanced materials and standards.",
}
EXPECTED = {
    # seed: (title_source, published, date_source, date_text, highlights, disclaimer, author)
    "000": ("page", dt.date(2025, 9, 9), "dateline", "Sep 9, 2025", 3, True, "Daniel"),
    "001": ("page", None, None, None, 7, False, None),
    "002": ("first_highlight", dt.date(2025, 7, 7), "text", "on July 7", 3, False, None),
    "003": ("page", None, None, "On June 13", 3, False, None),
    "004": ("first_highlight", None, None, "On September 5", 3, True, None),
}


@pytest.fixture(scope="module")
def seeds() -> Corpus:
    from conftest import RAW

    return read_corpus(RAW)


def _row(corpus: Corpus, seed: str) -> dict:
    return corpus.articles.filter(pl.col("source") == SEED_FILES[seed]).row(0, named=True)


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _copy_seeds(folder: Path) -> None:
    from conftest import RAW

    for name in SEED_FILES.values():
        shutil.copyfile(RAW / name, folder / name)


# --- the seeds ---------------------------------------------------------------


def test_seeds_load_without_rejects(seeds):
    assert (seeds.n_loaded, seeds.n_rejected, seeds.n_inputs) == (5, 0, 5)


def test_articles_have_exactly_the_declared_schema(seeds):
    assert seeds.articles.schema == pl.Schema(TABLES["articles"].polars_schema)
    assert seeds.rejects.schema == pl.Schema(TABLES["rejects"].polars_schema)


def test_articles_are_sorted_by_source(seeds):
    assert seeds.articles["source"].to_list() == sorted(SEED_FILES.values())


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_seed_title(seeds, seed):
    assert _row(seeds, seed)["title"] == TITLES[seed]


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_seed_headline(seeds, seed):
    assert _row(seeds, seed)["headline"] == HEADLINES[seed]


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_seed_structure_and_date(seeds, seed):
    row = _row(seeds, seed)
    got = (row["title_source"], row["published"], row["date_source"], row["date_text"],
           len(row["highlights"]), row["state_media_disclaimer"], row["author"])
    assert got == EXPECTED[seed]


def test_related_headlines_of_seed_000(seeds):
    assert _row(seeds, "000")["related_headlines"] == RELATED_000


@pytest.mark.parametrize("seed", ["001", "002", "003", "004"])
def test_other_seeds_have_no_related_headlines(seeds, seed):
    assert _row(seeds, seed)["related_headlines"] == []


@pytest.mark.parametrize(
    "seed, phrase",
    [
        ("004", "Baogang’s “two bases”"),
        ("004", "industrial empires—Baotou Iron & Steel Group"),
        ("004", "move “high-end.” The subtext"),
        ("004", "Meng’s public line since 2023"),
        ("000", "“a strong environment for Baogang’s growth.” She called"),
        ("000", "for the region—expanding resource security"),
        ("001", "Baiyun Obo mine—home to the world’s largest"),
        ("003", "“one-stop integrated Baogang solutions”"),
    ],
)
def test_mojibake_is_repaired(seeds, seed, phrase):
    assert phrase in _row(seeds, seed)["body"]


def test_encoding_repairs_are_counted(seeds):
    counts = dict(zip(seeds.articles["source"].str.slice(0, 3), seeds.articles["encoding_repairs"]))
    assert counts["000"] > 0 and counts["004"] > 0 and counts["001"] == 0


@pytest.mark.parametrize(
    "column", ["title", "headline", "body", "date_text", "author", "highlights", "related_headlines"]
)
def test_no_mojibake_residue_in_text_fields(seeds, column):
    values = seeds.articles[column].to_list()
    text = json.dumps(values, ensure_ascii=False)
    assert [ch for ch in RESIDUE if ch in text] == []


@pytest.mark.parametrize("phrase", BOILERPLATE_PHRASES)
def test_no_boilerplate_in_any_body(seeds, phrase):
    assert [s for s, b in zip(seeds.articles["source"], seeds.articles["body"]) if phrase in b + "\n"] == []


@pytest.mark.parametrize(
    "seed, heading",
    [("000", "Why Relevant?"), ("002", "REEx Take"), ("003", "REEx Intelligence"), ("003", "Final Thoughts"),
     ("004", "What actually changed this week"), ("004", "The read for investors")],
)
def test_section_headings_are_paragraphs_of_their_own(seeds, seed, heading):
    assert heading in _row(seeds, seed)["body"].split("\n\n")


@pytest.mark.parametrize(
    "seed, bullet",
    [
        ("003", "- New energy technologies"),
        ("003", "- Rareearths and alloy materials"),
        ("002", "- Will intensified internal discipline distract from or delay decisions regarding rare earth "
                "production, exports, or pricing?"),
        ("004", "- A formal high-level meeting yoking Baogang’s “two bases” buildout"),
    ],
)
def test_bullets_in_the_body_stay_in_the_body(seeds, seed, bullet):
    row = _row(seeds, seed)
    assert bullet in row["body"]
    assert not any(bullet[2:40] in h for h in row["highlights"])


def test_image_heading_and_caption_stay_but_the_credit_goes(seeds):
    # "The Mining District" heads a picture whose caption names what it shows
    # (an entity mention); "- Wikipedia" and "Source: Wikipedia" only say where
    # the picture came from.
    assert _row(seeds, "001")["body"].endswith(
        "we are all dead.\n\nThe Mining District\n\nBayan Obo Mining District"
    )


def test_paragraphs_are_separated_by_a_blank_line(seeds):
    paragraphs = _row(seeds, "002")["body"].split("\n\n")
    assert paragraphs[0].startswith("Baotou Steel Group (Baogang), China’s state-owned")
    assert paragraphs[0].endswith("where Baogang is headquartered.")
    assert len(paragraphs) == 9


# Lines of the raw pages that are not the article's prose.
_NOT_PROSE = re.compile(
    r"^(Highlights|Sep 9, 2025|Leave a Reply|Submit a Comment|0 Comments|Search|Recent Reex News|By Daniel"
    r"|Straight Into Your Inbox|Spread the word:|CATEGORIES:[ ,]*|Your email address will not be published.*"
    r"|Receive a Daily News Update.*|Fantastic! Thanks for subscribing.*|Inspired to launch Rare Earth Exchanges.*"
    r"|Disclaimer: This news item originates.*|.*!-- /wp:paragraph -->|Bayan Obo Mining District - Wikipedia"
    r"|Source: Wikipedia)$"
)


def _norm(text: str) -> str:
    # Link residue goes with the space before it ("Government—marking", "Daily CE").
    text = re.sub(r"\s*\(opens in a new tab\)(?=\w)", " ", text)
    text = re.sub(r"\s*\(opens in a new tab\)", "", text)
    return " ".join(text.split())


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_every_sentence_of_the_article_is_kept(seeds, seed):
    from conftest import RAW

    text, _ = repair_text(decode_bytes((RAW / SEED_FILES[seed]).read_bytes())[0])
    row = _row(seeds, seed)
    kept = _norm(" ".join([row["title"] or "", *row["highlights"], row["body"].replace("\n- ", "\n")]))
    lines = [ln.strip().lstrip("•-").strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln and not _NOT_PROSE.match(ln) and ln not in RELATED_000]
    sentences = [s for ln in lines for s in re.split(r"(?<=[.!?])\s+", _norm(ln)) if s]
    assert [s for s in sentences if s not in kept] == []


def test_article_id_is_the_hash_of_the_body(seeds):
    expected = [hashlib.sha256(b.encode()).hexdigest()[:16] for b in seeds.articles["body"]]
    assert seeds.articles["article_id"].to_list() == expected


def test_word_count_covers_highlights_and_body(seeds):
    row = _row(seeds, "002")
    assert row["word_count"] == count_words("\n".join(row["highlights"])) + count_words(row["body"])


def test_loading_is_deterministic(seeds):
    from conftest import RAW

    assert read_corpus(RAW).articles.equals(seeds.articles)


def test_assume_year_dates_the_undated_seeds():
    from conftest import RAW

    rows = read_corpus(RAW, assume_year=2025).articles.select("published", "date_source").rows()
    assert rows == [
        (dt.date(2025, 9, 9), "dateline"),
        (None, None),
        (dt.date(2025, 7, 7), "text"),
        (dt.date(2025, 6, 13), "text+assumed_year"),
        (dt.date(2025, 9, 5), "text+assumed_year"),
    ]


def test_pandas_backend_has_the_same_columns_dtypes_and_values(seeds):
    from conftest import RAW

    frame = load_articles(RAW, backend="pandas")
    assert list(frame.columns) == seeds.articles.columns
    assert all(str(t).endswith("[pyarrow]") for t in frame.dtypes)
    assert pl.from_pandas(frame).equals(seeds.articles)


def test_corpus_repr_counts(seeds):
    assert repr(seeds) == "Corpus(5 articles, 0 rejects, 5 inputs)"


def test_corpus_to_pandas_returns_both_tables(seeds):
    articles, rejects = seeds.to_pandas()
    assert (len(articles), len(rejects), list(rejects.columns)) == (5, 0, ["source", "reason", "detail"])


def test_single_file_path():
    from conftest import RAW

    corpus = read_corpus(RAW / SEED_FILES["002"])
    assert corpus.articles.select("source", "published").row(0) == (SEED_FILES["002"], dt.date(2025, 7, 7))


# --- argument checks -----------------------------------------------------------


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(PathError, match=r"^Raw folder .*nowhere does not exist\.$"):
        read_corpus(tmp_path / "nowhere")


def test_missing_path_gives_the_build_s_message_as_an_oserror(tmp_path):
    from reexdata.pipeline import build

    with pytest.raises(OSError) as loading:
        read_corpus(tmp_path / "nowhere")
    with pytest.raises(OSError) as building:
        build(tmp_path / "nowhere", tmp_path / "out")
    assert str(loading.value) == str(building.value) == f"Raw folder {tmp_path / 'nowhere'} does not exist."


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"assume_year": "2025"}, TypeError, "The 'assume_year' parameter of read_corpus must be an int or None"),
        ({"assume_year": 25}, ValueError, r"The 'assume_year' parameter of read_corpus must be in the range"),
        ({"max_bytes": 0}, ValueError, "The 'max_bytes' parameter of read_corpus must be >= 1"),
        ({"strict": "yes"}, TypeError, "The 'strict' parameter of read_corpus must be a bool"),
        ({"metadata": True}, TypeError, "The 'metadata' parameter of read_corpus must be a path"),
    ],
)
def test_bad_arguments(tmp_path, kwargs, error, message):
    with pytest.raises(error, match=message):
        read_corpus(tmp_path, **kwargs)


def test_bad_backend(tmp_path):
    message = r"The 'backend' parameter of load_articles must be one of \{'polars', 'pandas'\}"
    with pytest.raises(ValueError, match=message):
        load_articles(tmp_path, backend="spark")


# --- bad input ---------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
UNDECODABLE = bytes(range(0x80, 0x100)) * 3
GOOD = "A Good Title\n\nSep 9, 2025\n\nBaogang signed a new agreement with the city government."


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t", "empty"),
        ("image.txt", PNG, "binary"),
        ("junk.txt", UNDECODABLE, "undecodable"),
        ("chrome.txt", b"Leave a Reply\n\n0 Comments\n\nSpread the word:\n\nCATEGORIES: , ,", "boilerplate_only"),
        ("paper.docx", b"PK\x03\x04 anything", "unsupported_format"),
        ("noext", b"text", "unsupported_format"),
        ("table.csv", b"headline,when\nA,2025-09-09\n", "no_text_column"),
        ("broken.json", b"{not json", "malformed_json"),
    ],
)
def test_bad_file_is_rejected_with_its_reason(tmp_path, name, data, reason):
    _write(tmp_path, name, data)
    _write(tmp_path, "good.txt", GOOD)
    corpus = read_corpus(tmp_path)
    assert corpus.rejects.select("source", "reason").rows() == [(name, reason)]
    assert corpus.articles["source"].to_list() == ["good.txt"]
    assert corpus.n_inputs == 2


def test_reject_detail_is_a_sentence(tmp_path):
    _write(tmp_path, "table.csv", b"headline,when\nA,2025-09-09\n")
    detail = read_corpus(tmp_path).rejects["detail"][0]
    assert detail == "the CSV header has no 'text' column (columns: 'headline', 'when')"


def test_too_large_file_is_rejected_without_reading(tmp_path):
    _write(tmp_path, "big.txt", GOOD * 10)
    corpus = read_corpus(tmp_path, max_bytes=100)
    assert corpus.rejects.row(0) == ("big.txt", "too_large", f"{len(GOOD) * 10} bytes is more than the limit of 100")
    assert corpus.n_read == 0


def test_broken_symlink_is_unreadable(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    corpus = read_corpus(tmp_path)
    assert corpus.rejects.select("source", "reason").rows() == [("gone.txt", "unreadable")]


def test_fifo_is_unreadable_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    corpus = read_corpus(tmp_path)
    assert corpus.rejects.row(0) == ("pipe.txt", "unreadable", "not a regular file")


def test_duplicate_article_is_kept_once(tmp_path):
    _write(tmp_path, "a.txt", GOOD)
    _write(tmp_path, "b/copy.txt", GOOD)
    corpus = read_corpus(tmp_path)
    assert corpus.articles["source"].to_list() == ["a.txt"]
    assert corpus.rejects.row(0) == ("b/copy.txt", "duplicate", "duplicate of a.txt")


def test_malformed_jsonl_line_is_rejected_and_the_rest_loaded(tmp_path):
    lines = [
        {"title": "One", "date": "2025-09-09", "text": "Baogang opened a mine."},
        "{broken",
        {"title": "Three", "date": "Sep 9, 2025", "text": "Baogang closed a mine."},
    ]
    _write(tmp_path, "feed.jsonl", "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    corpus = read_corpus(tmp_path)
    assert corpus.articles["source"].to_list() == ["feed.jsonl#1", "feed.jsonl#3"]
    assert corpus.rejects.select("source", "reason").rows() == [("feed.jsonl#2", "malformed_json")]
    assert corpus.rejects["detail"][0].startswith("line 2 is not valid JSON")


def _deep(depth: int) -> str:
    """A JSONL record whose ``x`` field nests ``depth - 1`` lists (the record is one level)."""
    return '{"title": "Deep", "text": "Baogang nests.", "x": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"


def test_a_deeply_nested_jsonl_line_costs_that_line_only(tmp_path):
    good = [json.dumps({"title": f"T{i}", "text": f"Baogang opened mine number {i}."}) for i in range(4)]
    _write(tmp_path, "feed.jsonl", "\n".join([good[0], good[1], "[" * 100_000 + "]" * 100_000, good[2], good[3]]))
    corpus = read_corpus(tmp_path)
    assert corpus.articles["source"].to_list() == ["feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#4", "feed.jsonl#5"]
    assert corpus.rejects.rows() == [("feed.jsonl#3", "malformed_json", "line 3 is nested more than 100 levels deep")]


@pytest.mark.parametrize("depth, loaded", [(100, 1), (101, 0)])
def test_jsonl_depth_limit_is_100_levels(tmp_path, depth, loaded):
    _write(tmp_path, "feed.jsonl", _deep(depth))
    assert read_corpus(tmp_path).n_loaded == loaded


def test_brackets_inside_jsonl_strings_are_not_nesting(tmp_path):
    _write(tmp_path, "feed.jsonl", json.dumps({"title": "T", "text": "Baogang [" * 200 + " {\"}" * 200}))
    assert read_corpus(tmp_path).n_loaded == 1


_CSV_HEADER = "title,date,text\n"


def _csv_row(i: int) -> str:
    return f'"Mine {i}",2025-09-{i:02d},"Baogang opened mine number {i}, its largest."\n'


def test_an_unclosed_csv_quote_costs_that_row_only(tmp_path):
    rows = [_csv_row(i) for i in range(1, 10)]
    rows[3] = 'Broken,2025-09-04,"Baogang opened a mine and the quote never closes\n'
    _write(tmp_path, "export.csv", _CSV_HEADER + "".join(rows))
    corpus = read_corpus(tmp_path)
    assert corpus.articles["source"].to_list() == [f"export.csv#{i}" for i in (1, 2, 3, 5, 6, 7, 8, 9)]
    assert corpus.rejects.rows() == [("export.csv#4", "malformed_csv",
                                      "row 4 (line 5) opens a quote that its line does not close; "
                                      "the row is skipped and reading goes on at the next line")]
    assert corpus.n_inputs == 9  # rows in the file = rows loaded + rows rejected


def test_an_unclosed_csv_quote_on_the_last_row(tmp_path):
    _write(tmp_path, "export.csv", _CSV_HEADER + _csv_row(1) + 'Broken,2025-09-04,"no end\n')
    corpus = read_corpus(tmp_path)
    assert (corpus.n_loaded, corpus.rejects.select("source", "reason").rows()) == (
        1, [("export.csv#2", "malformed_csv")])


def test_an_unclosed_quote_with_unquoted_rows_after_it(tmp_path):
    rows = ["Broken,2025-09-01,\"no end\n"] + [f"Mine {i},2025-09-{i:02d},Baogang opened mine {i}.\n" for i in (2, 3)]
    _write(tmp_path, "export.csv", _CSV_HEADER + "".join(rows))
    corpus = read_corpus(tmp_path)
    assert corpus.articles["source"].to_list() == ["export.csv#2", "export.csv#3"]
    assert corpus.rejects.select("source", "reason").rows() == [("export.csv#1", "malformed_csv")]


def test_a_quoted_csv_field_over_several_lines_stays_one_article(tmp_path):
    # The middle paragraph has the header's number of fields on its own;
    # the last line of the field does not balance its quotes.
    text = '"Baogang opened a mine.\nIn Baotou, the city, it is big.\nPrices rose, said the firm."'
    _write(tmp_path, "export.csv", _CSV_HEADER + f"Mine,2025-09-09,{text}\n" + _csv_row(2))
    corpus = read_corpus(tmp_path)
    assert (corpus.articles["source"].to_list(), corpus.n_rejected) == (["export.csv#1", "export.csv#2"], 0)
    assert corpus.articles["body"][0].count("\n") >= 2


@pytest.mark.parametrize(
    "name, content, detail",
    [("export.csv", _CSV_HEADER + "".join(_csv_row(i) for i in range(1, 6)),
      "the file holds 5 rows, more than the limit of 2: the 3 from row 3 on are not loaded"),
     ("feed.jsonl", "\n".join(json.dumps({"text": f"Baogang story {i}."}) for i in range(5)),
      "the file holds 5 lines, more than the limit of 2: the 3 from line 3 on are not loaded"),
     ("dump.json", json.dumps([{"text": f"Baogang story {i}."} for i in range(5)]),
      "the file holds 5 items, more than the limit of 2: the 3 from item 3 on are not loaded")],
)
def test_max_rows_caps_an_export_with_one_reject_for_the_rest(tmp_path, name, content, detail):
    _write(tmp_path, name, content)
    corpus = read_corpus(tmp_path, max_rows=2)
    assert corpus.articles["source"].to_list() == [f"{name}#1", f"{name}#2"]
    assert corpus.rejects.rows() == [(f"{name}#3", "too_many_rows", detail)]


def test_an_export_at_max_rows_is_loaded_whole(tmp_path):
    _write(tmp_path, "export.csv", _CSV_HEADER + "".join(_csv_row(i) for i in range(1, 4)))
    corpus = read_corpus(tmp_path, max_rows=3)
    assert (corpus.n_loaded, corpus.n_rejected) == (3, 0)


@pytest.mark.parametrize("value", [0, -1])
def test_max_rows_must_be_positive(tmp_path, value):
    with pytest.raises(ValueError, match=r"'max_rows' parameter of read_corpus"):
        read_corpus(tmp_path, max_rows=value)


def test_max_rows_changes_the_parse_cache_key(tmp_path):
    raw = tmp_path / "raw"
    _write(raw, "export.csv", _CSV_HEADER + "".join(_csv_row(i) for i in range(1, 4)))
    _age(raw)
    read_corpus(raw, cache_dir=tmp_path / "interim")
    assert read_corpus(raw, cache_dir=tmp_path / "interim", max_rows=1).n_loaded == 1


@pytest.mark.parametrize(
    "value, expected",
    [("2025-09-09", dt.date(2025, 9, 9)), ("Sep 9, 2025", dt.date(2025, 9, 9)),
     ("26-FEB-1987 15:01:01.79", dt.date(1987, 2, 26))],
)
def test_export_dates_in_common_forms(tmp_path, value, expected):
    _write(tmp_path, "feed.jsonl", json.dumps({"title": "T", "date": value, "text": "Baogang expands."}))
    row = read_corpus(tmp_path).articles.row(0, named=True)
    assert (row["published"], row["date_source"], row["date_text"]) == (expected, "metadata", value)


def test_jsonl_export_fields(tmp_path):
    record = {"id": "r1", "title": "BAHIA COCOA REVIEW", "date": "2025-09-09", "url": "https://example.org/a",
              "text": "Showers continued throughout the week.\nPrices rose."}
    _write(tmp_path, "feed.jsonl", json.dumps(record))
    row = read_corpus(tmp_path).articles.row(0, named=True)
    got = (row["source"], row["format"], row["title"], row["headline"], row["title_source"], row["url"], row["body"])
    assert got == ("feed.jsonl#1", "jsonl", "BAHIA COCOA REVIEW", "BAHIA COCOA REVIEW", "page",
                   "https://example.org/a", "Showers continued throughout the week.\n\nPrices rose.")


def test_jsonl_record_without_text_is_rejected(tmp_path):
    _write(tmp_path, "feed.jsonl", json.dumps({"title": "T"}) + "\n" + json.dumps([1, 2]))
    rows = read_corpus(tmp_path).rejects.rows()
    assert rows == [("feed.jsonl#1", "no_text_column", "line 1 has no 'text' field"),
                    ("feed.jsonl#2", "malformed_json", "line 2 is a JSON list, not an object")]


def test_csv_export_one_article_per_row(tmp_path):
    _write(tmp_path, "export.csv",
           'title,date,text,url\n"Mine, opened",2025-09-09,"Baogang opened a mine.",https://x.org\n'
           'Short row,2025-09-10\n'
           "Mine closed,10 September 2025,Baogang closed a mine.,\n")
    corpus = read_corpus(tmp_path)
    assert corpus.articles.select("source", "title", "published", "url").rows() == [
        ("export.csv#1", "Mine, opened", dt.date(2025, 9, 9), "https://x.org"),
        ("export.csv#3", "Mine closed", dt.date(2025, 9, 10), None),
    ]
    assert corpus.rejects.rows() == [("export.csv#2", "malformed_csv", "row 2 has 2 fields; the header has 4")]


def test_json_array_export(tmp_path):
    items = [{"title": "A", "date": "2025-01-02", "text": "First story."}, "oops",
             {"title": "C", "text": "Third story."}]
    _write(tmp_path, "dump.json", json.dumps(items))
    corpus = read_corpus(tmp_path)
    assert corpus.articles["source"].to_list() == ["dump.json#1", "dump.json#3"]
    assert corpus.rejects.select("source", "reason").rows() == [("dump.json#2", "malformed_json")]


HTML = """<html><head><title>Baogang Signs Deal | REEx</title>
<meta property="og:title" content="Baogang Signs Deal">
<meta property="article:published_time" content="2025-09-09T10:00:00+00:00"></head>
<body><nav>Home About Contact</nav><article><h1>Baogang Signs Deal</h1>
<p>On September 8, Baogang signed a deal with Hulunbuir City covering mineral exploration and the
long-term supply of rare earths for the region's growing magnet industry.</p>
<h2>Why Relevant?</h2><p>It matters because supply chains matter and the markets react to such deals quickly.</p>
</article><footer><p>Leave a Reply</p></footer></body></html>"""


def test_html_page_through_trafilatura_and_htmldate(tmp_path):
    _write(tmp_path, "page.html", HTML)
    row = read_corpus(tmp_path).articles.row(0, named=True)
    got = (row["format"], row["title"], row["published"], row["date_source"])
    assert got == ("html", "Baogang Signs Deal", dt.date(2025, 9, 9), "metadata")
    assert row["body"].startswith("On September 8, Baogang signed a deal")
    assert "Why Relevant?" in row["body"].split("\n\n")
    assert "Leave a Reply" not in row["body"] and "<" not in row["body"]


NAV_ONLY = {
    # A menu in <nav>, share links in <main>, a footer: trafilatura keeps the menu items.
    "list-menu.html": """<!DOCTYPE html><html><head><title>Metals Daily</title></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/markets">Markets</a></li>
<li><a href="/mining">Mining</a></li><li><a href="/about">About us</a></li></ul></nav></header>
<main><div class="share"><a href="#">Share on Twitter</a> <a href="#">Share on LinkedIn</a></div></main>
<footer><p>Contact us</p><p>Privacy policy</p><p>© 2025 Metals Daily</p></footer></body></html>""",
    # No semantic tags: a bar of links with separators, a sidebar, a bottom line.
    "div-bars.html": """<html><head><title>Ore Watch | Home</title></head><body>
<div id="top-menu"><a href="/">Start</a> | <a href="/news">News</a> | <a href="/data">Data</a> |
<a href="/login">Log in</a></div>
<div class="content"><div class="sidebar"><h3>Follow us</h3><a href="#">Facebook</a><a href="#">Weibo</a></div></div>
<div class="bottom"><span>Terms of use</span> · <span>Cookie settings</span> · <span>Ore Watch Ltd.</span></div>
</body></html>""",
    # A Chinese site: menu items and a copyright line.
    "zh-menu.html": """<html><head><title>稀土网</title></head><body><div class="nav"><a href="/">首页</a>
<a href="/news">新闻中心</a> <a href="/trade">行业动态</a> <a href="/about">联系我们</a></div>
<div class="foot"><p>版权所有 © 2011 稀土网 · 京ICP备000000号</p></div></body></html>""",
    # Link texts in a page that declares another charset than the bytes it came in.
    "gbk-declared.html": """<html><head><meta charset="gbk"></head><body><ul>
<li><a href="/a">稀土价格周报与市场分析报告全文下载</a></li><li><a href="/b">包头稀土产业园区招商引资政策解读汇编</a></li>
</ul></body></html>""",
    # A long link text ("Read the full story ...") is a link, not prose.
    "long-links.html": """<html><body><table><tr><td><a href="/a">Read our full guide to the rare earth supply
chain and its prices</a></td></tr><tr><td><a href="/b">Sign up for the weekly newsletter of metals market news
today</a></td></tr></table></body></html>""",
}


@pytest.mark.parametrize("name", sorted(NAV_ONLY))
def test_an_html_page_of_navigation_and_footer_only_is_boilerplate_only(tmp_path, name):
    _write(tmp_path, name, NAV_ONLY[name])
    corpus = read_corpus(tmp_path)
    assert corpus.rejects.rows() == [(name, "boilerplate_only", "the page's main text is only menus, links and short lines")]


@pytest.mark.parametrize(
    "body, expected",
    [("<p>The Baotou separation plant restarted its second line on Monday after repairs.</p>",
      "The Baotou separation plant restarted its second line on Monday after repairs."),
     ("<p>包头稀土分离厂周一在维修一个月后重新启动了第二条生产线。</p>", "包头稀土分离厂周一在维修一个月后重新启动了第二条生产线。"),
     # Digits and Chinese punctuation between the characters of one sentence.
     ("<p>据海关统计，2011年6月，中国出口稀土629吨，同比减少9.1%。</p>", "据海关统计，2011年6月，中国出口稀土629吨，同比减少9.1%。")],
)
def test_a_one_sentence_html_article_with_a_menu_still_loads(tmp_path, body, expected):
    page = (f'<html><head><title>Plant restarts</title></head><body><nav><a href="/">Home</a> '
            f'<a href="/news">News</a></nav><article><h1>Plant restarts</h1>{body}</article>'
            '<footer>© 2025 Ore Watch</footer></body></html>')
    _write(tmp_path, "short.html", page)
    corpus = read_corpus(tmp_path)
    assert (corpus.articles["source"].to_list(), corpus.n_rejected) == (["short.html"], 0)
    assert corpus.articles["body"][0].endswith(expected)


def test_cp1252_file_keeps_pound_and_accents(tmp_path):
    _write(tmp_path, "latin.txt", "Café Report\n\nPrices rose to £5 per kilo in Zürich.".encode("cp1252"))
    row = read_corpus(tmp_path).articles.row(0, named=True)
    expected = ("Café Report", "Prices rose to £5 per kilo in Zürich.", "cp1252")
    assert (row["title"], row["body"], row["encoding"]) == expected


# --- metadata.csv --------------------------------------------------------------------


def test_metadata_overrides_title_date_and_url(tmp_path):
    _copy_seeds(tmp_path)
    _write(tmp_path, "metadata.csv",
           f"file,url,title,published\n{SEED_FILES['003']},https://rareearthexchanges.com/x,Ordos Deal,2025-06-16\n")
    corpus = read_corpus(tmp_path)
    row = _row(corpus, "003")
    got = (row["title"], row["headline"], row["title_source"], row["published"], row["date_source"], row["url"])
    assert got == ("Ordos Deal", "Ordos Deal", "metadata", dt.date(2025, 6, 16), "metadata",
                   "https://rareearthexchanges.com/x")
    assert (corpus.n_inputs, corpus.n_rejected) == (5, 0)


def test_metadata_with_an_unreadable_date_is_an_error(tmp_path):
    _write(tmp_path, "a.txt", GOOD)
    _write(tmp_path, "metadata.csv", "file,published\na.txt,sometime\n")
    with pytest.raises(InputError, match=r"metadata.csv#1: malformed_csv \(the published date 'sometime' of a.txt"):
        read_corpus(tmp_path)


def test_a_root_metadata_csv_linking_outside_is_not_read(tmp_path):
    raw = tmp_path / "raw"
    _write(raw, "a.txt", GOOD)
    _write(tmp_path, "elsewhere.csv", "file,title\na.txt,Leaked Title\n")
    (raw / "metadata.csv").symlink_to(tmp_path / "elsewhere.csv")
    corpus = read_corpus(raw)
    assert corpus.articles["title"].to_list() == ["A Good Title"]
    assert corpus.rejects.select("source", "reason").rows() == [("metadata.csv", "outside_raw")]


def test_metadata_naming_an_unknown_file_is_logged(tmp_path, caplog):
    _write(tmp_path, "a.txt", GOOD)
    _write(tmp_path, "metadata.csv", "file,title\nb.txt,Other\n")
    with caplog.at_level("WARNING", logger="reexdata.ingest"):
        read_corpus(tmp_path)
    assert "metadata names 1 input(s) that were not loaded, e.g. b.txt" in caplog.text


def test_metadata_false_makes_metadata_csv_an_ordinary_input(tmp_path):
    _write(tmp_path, "a.txt", GOOD)
    _write(tmp_path, "metadata.csv", "file,title\na.txt,Other\n")
    corpus = read_corpus(tmp_path, metadata=False)
    assert corpus.rejects.select("source", "reason").rows() == [("metadata.csv", "no_text_column")]


# --- the folder walk -------------------------------------------------------------------


def test_hidden_files_are_not_inputs(tmp_path):
    _write(tmp_path, ".gitkeep", b"")
    _write(tmp_path, ".DS_Store", PNG)
    _write(tmp_path, ".hidden/a.txt", GOOD)
    _write(tmp_path, "a.txt", GOOD)
    assert read_corpus(tmp_path).n_inputs == 1


def test_nested_odd_names_and_a_symlink_loop(tmp_path):
    _write(tmp_path, "deep/er/with space é.txt", GOOD)
    (tmp_path / "deep" / "er" / "loop").symlink_to(tmp_path, target_is_directory=True)
    corpus = read_corpus(tmp_path)
    assert corpus.articles["source"].to_list() == ["deep/er/with space é.txt"]
    assert corpus.n_rejected == 0


def test_a_linked_folder_is_loaded_once_under_its_real_path(tmp_path):
    _write(tmp_path, "real/a.txt", GOOD)
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    corpus = read_corpus(tmp_path)
    assert (corpus.articles["source"].to_list(), corpus.n_rejected) == (["real/a.txt"], 0)


@pytest.fixture
def linked_out(tmp_path):
    """A raw folder with a link to a file outside it and a link to a folder outside it."""
    _write(tmp_path, "outside/a.txt", GOOD)
    _write(tmp_path, "outside/deeper/b.txt", GOOD.replace("new", "second"))
    _write(tmp_path, "secret.txt", GOOD.replace("new", "secret"))
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "linked").symlink_to(tmp_path / "outside", target_is_directory=True)
    (raw / "file.txt").symlink_to(tmp_path / "secret.txt")
    return raw


def test_links_to_outside_are_one_outside_raw_reject_each(linked_out):
    corpus = read_corpus(linked_out)
    assert corpus.articles.height == 0
    assert corpus.rejects.select("source", "reason").rows() == [("file.txt", "outside_raw"), ("linked", "outside_raw")]
    assert corpus.n_read == 0


def test_an_outside_reject_names_the_option_that_follows_it(linked_out):
    detail = read_corpus(linked_out).rejects["detail"][0]
    assert detail == ("a symbolic link whose target is outside the raw folder; it is not followed "
                      "(follow_links_outside=True, or --follow-links, follows it)")


def test_follow_links_outside_reads_what_they_point_to(linked_out):
    corpus = read_corpus(linked_out, follow_links_outside=True)
    assert corpus.articles["source"].to_list() == ["file.txt", "linked/a.txt", "linked/deeper/b.txt"]
    assert corpus.n_rejected == 0


@pytest.mark.parametrize("target", [".store/a.txt", "sub/../.store/a.txt", "../raw/.store/a.txt"])
def test_a_link_to_a_file_inside_the_raw_folder_is_read(tmp_path, target):
    raw = tmp_path / "raw"
    _write(raw, ".store/a.txt", GOOD)  # a hidden folder: reached only through the link
    (raw / "sub").mkdir()
    (raw / "a.txt").symlink_to(target)
    corpus = read_corpus(raw)
    assert (corpus.articles["source"].to_list(), corpus.n_rejected) == (["a.txt"], 0)


def test_a_link_loop_through_outside_is_rejected_once(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (tmp_path / "out.txt").symlink_to(raw / "back.txt")
    (raw / "back.txt").symlink_to(tmp_path / "out.txt")  # back.txt -> ../out.txt -> back.txt
    _write(raw, "a.txt", GOOD)
    corpus = read_corpus(raw)
    assert corpus.articles["source"].to_list() == ["a.txt"]
    assert corpus.rejects.rows() == [
        ("back.txt", "unreadable", "the file cannot be opened (a broken or looping symbolic link)")]


@pytest.mark.parametrize(
    "name, source",
    [(b"bad_\xff\xfe.txt", "bad_\\xff\\xfe.txt"),
     (b"caf\xe9.txt", "caf\\xe9.txt"),                        # Latin-1, as from an old archive
     (b"\xb1\xa8\xb5\xc0/news.txt", "\\xb1\\xa8\\xb5\\xc0/news.txt")],  # a GBK folder name
)
def test_a_name_that_is_not_utf8_loads_under_a_printable_source(tmp_path, name, source):
    path = os.path.join(os.fsencode(tmp_path), name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY)
    os.write(fd, GOOD.encode())
    os.close(fd)
    corpus = read_corpus(tmp_path)
    assert (corpus.articles["source"].to_list(), corpus.n_rejected) == ([source], 0)


def test_a_name_that_is_not_utf8_goes_through_the_parse_cache(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    fd = os.open(os.path.join(os.fsencode(raw), b"bad_\xff.txt"), os.O_CREAT | os.O_WRONLY)
    os.write(fd, GOOD.encode())
    os.close(fd)
    _age(raw)
    read_corpus(raw, cache_dir=tmp_path / "interim")
    again = read_corpus(raw, cache_dir=tmp_path / "interim")
    assert (again.articles["source"].to_list(), again.n_read) == (["bad_\\xff.txt"], 0)


# --- strict mode --------------------------------------------------------------------


def test_strict_raises_naming_the_file_and_the_problem(tmp_path):
    _write(tmp_path, "a.txt", GOOD)
    _write(tmp_path, "image.txt", PNG)
    with pytest.raises(InputError, match=r"^image\.txt: binary \(binary content, not text: PNG image signature\)$"):
        read_corpus(tmp_path, strict=True)


def test_strict_raises_on_a_duplicate(tmp_path):
    _write(tmp_path, "a.txt", GOOD)
    _write(tmp_path, "b.txt", GOOD)
    with pytest.raises(InputError, match=r"b\.txt: duplicate \(duplicate of a\.txt\)"):
        read_corpus(tmp_path, strict=True)


# --- the parse cache ---------------------------------------------------------------------


def _age(folder: Path) -> None:
    """Make every file look written an hour ago, so the cache trusts its stat."""
    old = os.stat(folder).st_mtime - 3600
    for path in folder.rglob("*"):
        os.utime(path, (old, old), follow_symlinks=False)


@pytest.fixture
def cached(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    _copy_seeds(raw)
    _age(raw)
    return raw, tmp_path / "interim"


def test_first_run_parses_every_file(cached):
    raw, interim = cached
    corpus = read_corpus(raw, cache_dir=interim)
    assert (corpus.n_read, corpus.n_parsed) == (5, 5)


def test_second_run_reads_and_parses_nothing(cached):
    raw, interim = cached
    first = read_corpus(raw, cache_dir=interim)
    second = read_corpus(raw, cache_dir=interim)
    assert (second.n_read, second.n_parsed) == (0, 0)
    assert second.articles.equals(first.articles)


def test_cached_result_equals_uncached_result(cached):
    raw, interim = cached
    read_corpus(raw, cache_dir=interim)
    assert read_corpus(raw, cache_dir=interim).articles.equals(read_corpus(raw).articles)


def test_touched_file_is_read_but_not_parsed(cached):
    raw, interim = cached
    read_corpus(raw, cache_dir=interim)
    os.utime(raw / SEED_FILES["001"])
    corpus = read_corpus(raw, cache_dir=interim)
    assert (corpus.n_read, corpus.n_parsed) == (1, 0)


def test_changed_file_is_parsed_again(cached):
    raw, interim = cached
    read_corpus(raw, cache_dir=interim)
    path = raw / SEED_FILES["001"]
    path.write_bytes(path.read_bytes().replace(b"Baogang Group Deepens", b"Baogang Corp Deepens", 1))
    corpus = read_corpus(raw, cache_dir=interim)
    assert corpus.n_parsed == 1
    assert _row(corpus, "001")["title"].startswith("Baogang Corp Deepens")


def test_new_file_is_the_only_one_parsed(cached):
    raw, interim = cached
    read_corpus(raw, cache_dir=interim)
    _write(raw, "new.txt", GOOD)
    corpus = read_corpus(raw, cache_dir=interim)
    assert (corpus.n_parsed, corpus.n_loaded) == (1, 6)


def test_deleted_file_disappears(cached):
    raw, interim = cached
    read_corpus(raw, cache_dir=interim)
    (raw / SEED_FILES["002"]).unlink()
    corpus = read_corpus(raw, cache_dir=interim)
    assert SEED_FILES["002"] not in corpus.articles["source"].to_list()
    assert (corpus.n_loaded, corpus.n_parsed) == (4, 0)


def test_cache_of_another_parser_version_is_ignored(cached, monkeypatch):
    raw, interim = cached
    read_corpus(raw, cache_dir=interim)
    monkeypatch.setattr(ingest_cache, "PARSER_VERSION", "999")
    assert read_corpus(raw, cache_dir=interim).n_parsed == 5
    assert [p.name.startswith("ingest-v999-") for p in interim.iterdir()] == [True]


def test_cache_of_another_repair_version_is_not_used(cached, monkeypatch):
    import reexdata.repair

    raw, interim = cached
    read_corpus(raw, cache_dir=interim)
    monkeypatch.setattr(reexdata.repair, "REPAIR_VERSION", "999")
    assert read_corpus(raw, cache_dir=interim).n_parsed == 5


def test_cache_of_other_parsing_code_is_not_used(cached, monkeypatch):
    raw, interim = cached
    read_corpus(raw, cache_dir=interim)
    monkeypatch.setattr(ingest_cache, "code_fingerprint", lambda *parts: "edited")
    assert read_corpus(raw, cache_dir=interim).n_parsed == 5


def test_other_assume_year_is_parsed_again(cached):
    raw, interim = cached
    read_corpus(raw, cache_dir=interim)
    corpus = read_corpus(raw, cache_dir=interim, assume_year=2025)
    assert corpus.n_parsed == 5
    assert _row(corpus, "003")["date_source"] == "text+assumed_year"


@pytest.mark.parametrize("garbage", [b"", b"not parquet at all", b"PAR1\x00\x00garbagePAR1"])
def test_corrupted_cache_file_is_ignored_and_rebuilt(cached, garbage):
    raw, interim = cached
    expected = read_corpus(raw, cache_dir=interim).articles
    (cache_file,) = interim.iterdir()
    cache_file.write_bytes(garbage)
    corpus = read_corpus(raw, cache_dir=interim)
    assert corpus.n_parsed == 5 and corpus.articles.equals(expected)
    assert read_corpus(raw, cache_dir=interim).n_parsed == 0


def test_cache_keeps_rejects(cached):
    raw, interim = cached
    _write(raw, "image.txt", PNG)
    _age(raw)
    read_corpus(raw, cache_dir=interim)
    corpus = read_corpus(raw, cache_dir=interim)
    assert corpus.n_parsed == 0
    assert corpus.rejects.select("source", "reason").rows() == [("image.txt", "binary")]


def test_cache_writes_leave_no_temporary_files(cached):
    raw, interim = cached
    read_corpus(raw, cache_dir=interim)
    _write(raw, "new.txt", GOOD)
    read_corpus(raw, cache_dir=interim)
    assert len(list(interim.iterdir())) == 1


def test_parsing_in_worker_processes_gives_the_same_tables(tmp_path, monkeypatch):
    _copy_seeds(tmp_path)
    _write(tmp_path, "image.txt", PNG)
    _write(tmp_path, "feed.jsonl", json.dumps({"title": "T", "text": "Baogang expands."}) + "\n{bad")
    serial = read_corpus(tmp_path)
    # Worker processes from three files on, two files per job, frames of three rows.
    monkeypatch.setattr(ingest_read, "_POOL_FROM", 3)
    monkeypatch.setattr(ingest_read, "_JOB", 2)
    monkeypatch.setattr(ingest_read, "_FRAME", 3)
    parallel = read_corpus(tmp_path)
    assert parallel.articles.equals(serial.articles) and parallel.rejects.equals(serial.rejects)


@pytest.mark.parametrize(("prepare_from", "calls"), [(3, ["prepare", "release"]), (7, [])])
def test_the_parser_is_prepared_before_the_fork_only_for_enough_new_files(tmp_path, monkeypatch, prepare_from, calls):
    _copy_seeds(tmp_path)
    seen: list[str] = []
    monkeypatch.setattr(ingest_read, "_POOL_FROM", 3)
    monkeypatch.setattr(ingest_read, "_PREPARE_FROM", prepare_from)
    monkeypatch.setattr(ingest_read, "_prepare_parsing", lambda: seen.append("prepare"))
    monkeypatch.setattr(ingest_read, "_release_parsing", lambda: seen.append("release"))
    read_corpus(tmp_path)
    assert seen == calls


def test_preparing_the_parser_loads_the_language_model_and_releasing_it_lets_it_go():
    from reexdata.ingest import formats, language

    formats._release_parsing()
    formats._prepare_parsing()
    loaded = language._model.cache_info().currsize
    formats._release_parsing()
    assert (loaded, language._model.cache_info().currsize) == (1, 0)


def test_worker_processes_read_a_touched_file_without_parsing_it(cached, monkeypatch):
    raw, interim = cached
    read_corpus(raw, cache_dir=interim)
    os.utime(raw / SEED_FILES["001"])
    _write(raw, "new.txt", GOOD)
    # Worker processes from three files on; they get the cache's keys when they start.
    monkeypatch.setattr(ingest_read, "_POOL_FROM", 3)
    monkeypatch.setattr(ingest_read, "_JOB", 2)
    corpus = read_corpus(raw, cache_dir=interim)
    assert (corpus.n_read, corpus.n_parsed, corpus.n_loaded) == (2, 1, 6)


def test_a_temporary_file_left_by_a_killed_run_is_removed(cached):
    raw, interim = cached
    read_corpus(raw, cache_dir=interim)
    (cache_file,) = interim.iterdir()
    leftover = interim / f".{cache_file.name}.99999.tmp"
    leftover.write_bytes(b"half a parquet file")
    os.utime(leftover, (0, 0))
    _write(raw, "new.txt", GOOD)
    read_corpus(raw, cache_dir=interim)
    assert [p.name for p in interim.iterdir()] == [cache_file.name]


# --- properties -----------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_give_exactly_one_article_or_reject(data):
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "x.txt").write_bytes(data)
        corpus = read_corpus(folder)
    assert corpus.n_loaded + corpus.n_rejected == 1 == corpus.n_inputs


@pytest.mark.parametrize("name", ["x.md", "x.html", "x.csv", "x.json", "x.jsonl"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_never_crash_any_format(name, data):
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, name).write_bytes(data)
        corpus = read_corpus(folder)
    assert corpus.n_inputs >= 1
    assert corpus.n_loaded + corpus.n_rejected == corpus.n_inputs


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(st.text(max_size=60), st.binary(max_size=60).map(lambda b: b.decode("latin-1"))),
                     max_size=6))
def test_every_jsonl_line_is_loaded_or_rejected(lines):
    text = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines)
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "x.jsonl").write_text(text, encoding="utf-8")
        corpus = read_corpus(folder)
    assert corpus.n_inputs >= 1
    assert corpus.n_loaded + corpus.n_rejected == corpus.n_inputs


@pytest.mark.parametrize("stat_size", [0, 5, 12, 100])
def test_read_file_returns_the_whole_file_whatever_size_stat_gave(tmp_path, stat_size):
    file = tmp_path / "a.txt"
    file.write_bytes(b"twelve bytes")
    assert ingest_read._read_file(file, stat_size) == b"twelve bytes"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n_rows=st.integers(1, 12), damaged=st.sets(st.integers(0, 11)))
def test_each_unclosed_csv_quote_costs_exactly_its_row(n_rows, damaged):
    # Two damaged rows in a row read as one quoted field: damage is kept apart.
    damaged = {i for i in damaged if i < n_rows and i - 1 not in damaged}
    rows = [_csv_row(i + 1) for i in range(n_rows)]
    for i in damaged:
        rows[i] = f'Broken {i},2025-09-01,"Baogang story {i} whose quote stays open\n'
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "x.csv").write_text(_CSV_HEADER + "".join(rows), encoding="utf-8")
        corpus = read_corpus(folder)
    assert corpus.n_inputs == n_rows
    assert corpus.rejects.select("source", "reason").rows() == [
        (f"x.csv#{i + 1}", "malformed_csv") for i in sorted(damaged, key=lambda i: f"x.csv#{i + 1}")]


# A portal's page: its dateline, and a CMS comment with another date that htmldate reads.
HTML_DATELINE = """<html><head><title>包钢集团召开会议</title></head><body><div class="news">
<h1>包钢集团召开会议</h1><div class="source"><span>发布时间：2011-08-09</span></div>
<table><tr><td><!--[4,175,19] published at 2011-07-30 08:49:50 from #202 by 194--></td></tr></table>
<p>包钢集团今天召开稀土产业链一体化工作会议，研究部署下半年资源安全保障和白云鄂博矿区开发工作。</p></div></body></html>"""


def test_an_html_pages_dateline_wins_over_a_date_in_its_markup(tmp_path):
    _write(tmp_path, "page.html", HTML_DATELINE)
    row = read_corpus(tmp_path).articles.row(0, named=True)
    assert (row["published"], row["date_source"], row["date_text"]) == (
        dt.date(2011, 8, 9), "dateline", "发布时间：2011-08-09")


def _date_search_calls(monkeypatch, *, fails=False):
    """htmldate's find_date, counted (and failing when asked)."""
    import htmldate

    calls, real = [], htmldate.find_date

    def find_date(*args, **kwargs):
        calls.append(1)
        if fails:
            raise ValueError("broken markup")
        return real(*args, **kwargs)

    monkeypatch.setattr(htmldate, "find_date", find_date)
    return calls


def test_an_html_page_with_its_own_dateline_skips_the_markup_date_search(tmp_path, monkeypatch):
    calls = _date_search_calls(monkeypatch)
    _write(tmp_path, "page.html", HTML_DATELINE)
    read_corpus(tmp_path)
    assert calls == []


def test_an_html_page_without_a_dateline_takes_the_markup_date(tmp_path, monkeypatch):
    calls = _date_search_calls(monkeypatch)
    _write(tmp_path, "page.html", HTML)
    row = read_corpus(tmp_path).articles.row(0, named=True)
    assert (calls, row["published"], row["date_source"]) == ([1], dt.date(2025, 9, 9), "metadata")


def test_a_failing_markup_date_search_costs_the_date_not_the_page(tmp_path, monkeypatch):
    _date_search_calls(monkeypatch, fails=True)
    _write(tmp_path, "page.html", HTML)
    row = read_corpus(tmp_path).articles.row(0, named=True)
    assert (row["title"], row["published"], row["date_source"]) == ("Baogang Signs Deal", None, None)


def test_the_seeds_are_in_english(seeds):
    assert seeds.articles.get_column("language").to_list() == ["en"] * 5
