"""The schema promise, reading tables back, SQL, and the generated docs."""

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest
from polars.testing import assert_frame_equal
from test_store import sample_tables

from reexdata import _schema_docs
from reexdata.errors import ParameterError, ReexdataError, SchemaError
from reexdata.schema import TABLES, cast_table, empty_table, validate_table
from reexdata.store import publish, write_parquet
from reexdata.tables import read_tables, sql

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "tables.md"
RAW = ROOT / "data" / "raw"


@pytest.fixture
def published(tmp_path):
    """A tables folder with the sample tables published."""
    out = tmp_path / "processed"
    publish(sample_tables(), out, build_id="b1")
    return out


# -- validate_table / cast_table ------------------------------------------------


@pytest.mark.parametrize("name", list(TABLES))
def test_sample_tables_keep_the_promise(name):
    validate_table(name, sample_tables()[name])


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        ("articles", lambda f: f.drop("body"), r"^Table 'articles' is missing column 'body' \(String\)\.$"),
        ("themes", lambda f: f.with_columns(pl.col("rank").cast(pl.Int32)),
         r"^Column 'rank' of table 'themes' has type Int32; the schema declares Int64\.$"),
        ("articles", lambda f: f.with_columns(pl.col("published").cast(pl.String)),
         r"^Column 'published' of table 'articles' has type String; the schema declares Date\.$"),
        ("clusters", lambda f: f.with_columns(pl.col("top_terms").list.join(" ")),
         r"^Column 'top_terms' of table 'clusters' has type String; the schema declares List\(String\)\.$"),
        ("rejects", lambda f: f.with_columns(pl.lit("x").alias("note")),
         r"^Table 'rejects' has column 'note', which the schema does not declare\.$"),
        ("co_mentions", lambda f: f.select(["entity_b", "entity_a", "articles", "jaccard", "pmi"]),
         r"^Table 'co_mentions' has its columns out of order"),
        ("articles", lambda f: f.with_columns(pl.lit(None, pl.String).alias("headline")),
         r"^Column 'headline' of table 'articles' has 6 null value\(s\) but is not nullable\.$"),
        ("mentions", lambda f: pl.concat([f, f.head(1)]),
         r"^Table 'mentions' has rows with the same key \(article_id, entity\)"),
    ],
)
def test_validate_table_names_table_and_column(name, change, message):
    with pytest.raises(SchemaError, match=message):
        validate_table(name, change(sample_tables()[name]))


def test_validate_table_allows_nulls_in_nullable_columns():
    frame = sample_tables()["themes_over_time"]
    assert validate_table("themes_over_time", frame)["period"].null_count() == 1


def test_validate_table_accepts_pandas():
    frame = sample_tables()["entities"].to_pandas(use_pyarrow_extension_array=True)
    assert validate_table("entities", frame).height == 2


def test_validate_table_refuses_an_unknown_table():
    with pytest.raises(SchemaError, match="unknown table 'topics'"):
        validate_table("topics", pl.DataFrame())


def test_cast_table_orders_and_casts_columns():
    frame = pl.DataFrame({"y": [2], "x": [1], "language": ["en"], "cluster": [0], "article_id": ["ab"], "extra": [9]})
    expected = pl.DataFrame({"article_id": ["ab"], "cluster": [0], "x": [1.0], "y": [2.0], "language": ["en"]})
    assert_frame_equal(cast_table("cluster_assignments", frame), expected)


def test_cast_table_returns_pandas_for_pandas():
    frame = pd.DataFrame({"cluster": [0], "article_id": ["ab"], "x": [1], "y": [2], "language": [None]})
    assert isinstance(cast_table("cluster_assignments", frame), pd.DataFrame)


def test_cast_table_names_the_column_that_cannot_be_cast():
    frame = pl.DataFrame({"article_id": ["ab"], "cluster": ["zero"], "x": [1.0], "y": [2.0], "language": ["en"]})
    with pytest.raises(SchemaError, match="^Column 'cluster' of table 'cluster_assignments' cannot be cast"):
        cast_table("cluster_assignments", frame)


def test_cast_table_names_a_missing_column():
    with pytest.raises(SchemaError, match="^Table 'clusters' is missing column 'label'"):
        cast_table("clusters", pl.DataFrame({"cluster": [0], "size": [1], "top_terms": [["a"]]}))


@pytest.mark.parametrize("name", list(TABLES))
def test_empty_table_has_the_declared_schema(name):
    assert dict(empty_table(name).schema) == TABLES[name].polars_schema


# -- read_tables -------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TABLES))
def test_read_tables_round_trips_polars(published, name):
    assert_frame_equal(read_tables(published)[name], sample_tables()[name])


@pytest.mark.parametrize("name", list(TABLES))
def test_read_tables_round_trips_pandas(published, name):
    expected = sample_tables()[name].to_pandas(use_pyarrow_extension_array=True)
    pd.testing.assert_frame_equal(read_tables(published, backend="pandas")[name], expected)


def test_read_tables_returns_every_table_in_declared_order(published):
    assert list(read_tables(published)) == list(TABLES)


def test_pandas_and_polars_backends_hold_the_same_values(published):
    polars_frame = read_tables(published)["articles"]
    pandas_frame = read_tables(published, backend="pandas")["articles"]
    assert_frame_equal(pl.from_pandas(pandas_frame), polars_frame)


def test_read_tables_reads_a_build_folder_directly(published):
    assert_frame_equal(read_tables(published / "builds" / "b1")["mentions"], sample_tables()["mentions"])


def test_read_tables_reads_from_the_latest_build(published):
    publish(sample_tables(1), published, build_id="b2")
    assert read_tables(published)["mentions"]["mentions"].to_list() == [3, 1, 2]


def _rewrite_metadata(file: Path, **changes: str) -> None:
    table = pq.read_table(file)
    metadata = {**table.schema.metadata, **{k.encode(): v.encode() for k, v in changes.items()}}
    file.unlink()  # it is read-only in spirit: replace it, don't write through it
    pq.write_table(table.replace_schema_metadata(metadata), file)


def test_old_schema_version_names_table_and_rebuild_command(published):
    _rewrite_metadata(published / "builds" / "b1" / "themes.parquet", schema_version="0")
    message = (
        r"^Table 'themes' in .*b1 has schema_version 0, but reexdata reads schema_version 4; "
        rf"rebuild it with `reexdata build --out {published} --force`\.$"
    )
    with pytest.raises(SchemaError, match=message):
        read_tables(published)


def test_file_without_schema_version_is_refused(published):
    file = published / "builds" / "b1" / "clusters.parquet"
    table = pq.read_table(file)
    file.unlink()
    pq.write_table(table.replace_schema_metadata({}), file)
    with pytest.raises(SchemaError, match="^Table 'clusters' .* has no schema_version"):
        read_tables(published)


def test_missing_table_names_table_and_rebuild_command(published):
    (published / "builds" / "b1" / "co_mentions.parquet").unlink()
    with pytest.raises(SchemaError, match=r"^Table 'co_mentions' is missing from .*; rebuild the tables with `reexdata build --out "):
        read_tables(published)


def test_damaged_table_is_refused_with_its_name(published):
    file = published / "builds" / "b1" / "entities.parquet"
    data = file.read_bytes()
    file.unlink()
    file.write_bytes(data[: len(data) // 2])
    with pytest.raises(SchemaError, match="^Table 'entities' in .* cannot be read"):
        read_tables(published)


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(SchemaError, match=r"^No tables at .*nowhere: the folder does not exist; build them with `reexdata build --out "):
        read_tables(tmp_path / "nowhere")


def test_folder_without_a_build_is_a_clear_error(tmp_path):
    with pytest.raises(SchemaError, match="^No tables at .*: nothing has been built"):
        read_tables(tmp_path)


def test_default_folder_error_names_the_plain_build_command(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SchemaError, match=r"build them with `reexdata build`\.$"):
        read_tables()


def test_read_tables_reads_data_processed_by_default(tmp_path, monkeypatch):
    publish(sample_tables(), tmp_path / "data" / "processed", build_id="b1")
    monkeypatch.chdir(tmp_path)
    assert read_tables()["rejects"]["source"].to_list() == ["empty.txt"]


def test_read_tables_validates_backend(published):
    with pytest.raises(ValueError, match=r"^The 'backend' parameter of read_tables must be one of \{'polars', 'pandas'\}\. Got 'arrow' instead\.$"):
        read_tables(published, backend="arrow")


# -- sql -----------------------------------------------------------------------------


def test_sql_sums_mentions_by_entity(published):
    result = sql("SELECT entity, SUM(mentions) AS mentions FROM mentions GROUP BY entity ORDER BY entity", path=published)
    assert result.rows() == [("baogang", 3), ("meng_fanying", 2)]


@pytest.mark.parametrize("backend", ["polars", "pandas"])
def test_sql_sums_come_back_as_64_bit_integers(published, backend):
    result = sql("SELECT SUM(mentions) AS total FROM mentions", path=published, backend=backend)
    assert str(result["total"].dtype) in {"Int64", "int64[pyarrow]"}


def test_sql_joins_tables_by_name(published):
    query = """
        SELECT a.headline, m.mentions FROM mentions m JOIN articles a USING (article_id)
        WHERE m.entity = 'meng_fanying'
    """
    assert sql(query, path=published).rows() == [("Party committee studies discipline", 2)]


def test_sql_keeps_dates_and_lists(published):
    result = sql("SELECT period, top_terms FROM themes_over_time, clusters WHERE cluster = 1 AND period IS NOT NULL ORDER BY period", path=published)
    assert result.rows() == [(dt.date(2025, 1, 1), ["party"]), (dt.date(2025, 2, 1), ["party"])]


def test_sql_returns_pandas_on_request(published):
    result = sql("SELECT COUNT(*) AS n FROM articles", path=published, backend="pandas")
    assert (type(result), result["n"].tolist()) == (pd.DataFrame, [6])


def test_sql_reports_a_bad_query_in_one_line(published):
    with pytest.raises(ReexdataError, match=r"^The SQL query failed: .*no_such_table"):
        sql("SELECT * FROM no_such_table", path=published)


def test_sql_checks_schema_versions_too(published):
    _rewrite_metadata(published / "builds" / "b1" / "mentions.parquet", schema_version="99")
    with pytest.raises(SchemaError, match="^Table 'mentions' .* has schema_version 99"):
        sql("SELECT 1", path=published)


def test_sql_refuses_an_empty_query(published):
    with pytest.raises(ValueError, match="^The 'query' parameter of sql must be a non-empty SQL string"):
        sql("  ", path=published)


SEED_MENTIONS = {
    "baogang": 47, "meng_fanying": 9, "ordos": 8, "reex": 7, "sen_gong": 7, "hulunbuir": 7, "csre": 6,
    "xi_jinping": 5, "inner_mongolia": 5, "two_bases": 5, "ccp": 4, "bayan_obo": 4, "baotou": 4,
    "united_states": 3, "sasac": 3, "li_xiao": 2, "li_bo": 2, "ji_yongqian": 2, "zhang_liang": 2,
    "cerium": 1, "lanthanum": 1, "northern_rare_earth": 1, "praseodymium": 1, "five_major_tasks": 1,
    "zhang_dong": 1, "npc": 1, "neodymium": 1, "mineral_exploration_campaign": 1,
}


@pytest.fixture(scope="module")
def seed_tables(tmp_path_factory):
    """The tables folder of one build of the seed corpus."""
    from reexdata.pipeline import build

    tmp = tmp_path_factory.mktemp("seed-sql")
    return build(RAW, tmp / "processed", interim=tmp / "interim").out_dir


@pytest.mark.parametrize(
    "query",
    [
        # README.md
        "SELECT entity, SUM(mentions) AS mentions FROM mentions GROUP BY entity ORDER BY 2 DESC",
        # docs/tables.md
        "SELECT entity, SUM(mentions) AS n FROM mentions GROUP BY entity ORDER BY n DESC",
    ],
)
def test_sql_answers_the_documented_queries(seed_tables, query):
    rows = sql(query, path=seed_tables).rows()
    # Ties keep no order in DuckDB: compare the totals, then that they are sorted.
    assert (dict(rows), [n for _, n in rows]) == (SEED_MENTIONS, sorted(SEED_MENTIONS.values(), reverse=True))


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("COPY (SELECT 1) TO '/tmp/reexdata-sql.csv'", "not COPY."),
        ("COPY articles TO 'articles.csv'", "not COPY."),
        ("ATTACH 'other.duckdb' AS other", "not ATTACH."),
        ("INSTALL httpfs", "not LOAD."),
        ("LOAD httpfs", "not LOAD."),
        ("PRAGMA version", "not PRAGMA."),
        ("SET enable_external_access = true", "not SET."),
        ("CREATE TABLE t AS SELECT 1", "not CREATE."),
        ("DROP VIEW articles", "not DROP."),
        ("EXPLAIN SELECT 1", "not EXPLAIN."),
        ("CALL pragma_version()", "not CALL."),
        ("SELECT 1; SELECT 2", "exactly one statement, not 2"),
        ("SELECT 1; COPY (SELECT 1) TO 'x.csv'", "exactly one statement, not 2"),
        ("-- only a comment", "exactly one statement, not 0"),
    ],
)
def test_sql_refuses_anything_but_one_query(published, query, problem):
    with pytest.raises(ParameterError, match=rf"^The 'query' parameter of sql must be .*{re.escape(problem)}"):
        sql(query, path=published)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM sniff_csv('/etc/passwd')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM read_parquet('{file}')",
    ],
)
def test_sql_reads_nothing_but_the_published_tables(published, query):
    # Even a published file by its path: only the views reach the tables.
    file = published / "builds" / "b1" / "articles.parquet"
    with pytest.raises(ParameterError, match=r"^The 'query' parameter of sql must be a query over the published tables only \(Permission Error: "):
        sql(query.format(file=file), path=published)


def test_sql_cannot_write_files(published, tmp_path):
    with pytest.raises(ParameterError):
        sql(f"COPY articles TO '{tmp_path / 'leak.csv'}'", path=published)
    assert not (tmp_path / "leak.csv").exists()


def test_sql_reads_a_tables_folder_whose_name_looks_like_a_glob(tmp_path):
    # 'out[1]' as a glob matches 'out1': the tables must come from 'out[1]' itself.
    publish(sample_tables(), tmp_path / "out[1]", build_id="b1")
    publish({**sample_tables(), "articles": sample_tables()["articles"].head(2)}, tmp_path / "out1", build_id="b1")
    assert sql("SELECT COUNT(*) AS n FROM articles", path=tmp_path / "out[1]")["n"].to_list() == [6]


def test_read_tables_reads_a_tables_folder_whose_name_looks_like_a_glob(tmp_path):
    publish(sample_tables(), tmp_path / "out[1]", build_id="b1")
    publish({**sample_tables(), "articles": sample_tables()["articles"].head(2)}, tmp_path / "out1", build_id="b1")
    assert read_tables(tmp_path / "out[1]")["articles"].height == 6


# -- docs/tables.md --------------------------------------------------------------------


def test_docs_match_the_schema():
    # Regenerate with: python -m reexdata._schema_docs > docs/tables.md
    assert DOCS.read_text(encoding="utf-8") == _schema_docs.render()


@pytest.mark.parametrize("name", list(TABLES))
def test_docs_list_every_column_of_every_table(name):
    text = _schema_docs.render()
    section = text.split(f"## `{name}`\n", 1)[1].split("\n## ", 1)[0]
    for col in TABLES[name].columns:
        assert f"| `{col.name}` | {col.dtype} | {'yes' if col.nullable else 'no'} |" in section


def test_docs_type_table_covers_every_declared_dtype():
    declared = {c.dtype for t in TABLES.values() for c in t.columns}
    assert declared <= {row[0] for row in _schema_docs._TYPES}


@pytest.mark.parametrize(("dtype", "arrow", "pandas_dtype", "duckdb"), _schema_docs._TYPES)
def test_docs_type_table_is_true(tmp_path, dtype, arrow, pandas_dtype, duckdb):
    import duckdb as ddb

    frame = pl.DataFrame(schema={"c": dtype})
    assert str(frame.to_pandas(use_pyarrow_extension_array=True)["c"].dtype) == pandas_dtype
    write_parquet(frame, tmp_path / "t.parquet", table="t")
    arrow_type = str(pq.read_schema(tmp_path / "t.parquet").field("c").type)
    assert arrow_type == arrow
    con = ddb.connect()
    assert str(con.sql(f"SELECT * FROM read_parquet('{tmp_path / 't.parquet'}')").types[0]) == duckdb
