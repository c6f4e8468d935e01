"""Generate ``docs/tables.md`` from the declaration in :mod:`reexdata.schema`.

Regenerate the committed file after changing the schema::

    python -m reexdata._schema_docs > docs/tables.md

``tests/test_tables.py`` fails while the committed file differs from
:func:`render`, so the documentation cannot drift from the code.
"""

import sys

import polars as pl

from reexdata.schema import SCHEMA_VERSION, TABLES, Table

__all__: list[str] = []

# How each declared polars dtype appears in the other ways of reading the tables.
_TYPES = [
    (pl.String, "large_string", "large_string[pyarrow]", "VARCHAR"),
    (pl.Int64, "int64", "int64[pyarrow]", "BIGINT"),
    (pl.Float64, "double", "double[pyarrow]", "DOUBLE"),
    (pl.Boolean, "bool", "bool[pyarrow]", "BOOLEAN"),
    (pl.Date, "date32[day]", "date32[day][pyarrow]", "DATE"),
    (pl.List(pl.String), "large_list<element: large_string>", "large_list<item: large_string>[pyarrow]", "VARCHAR[]"),
]

_INTRO = f"""\
# Tables

<!-- Generated from reexdata/schema.py by `python -m reexdata._schema_docs > docs/tables.md`.
     Do not edit by hand: tests/test_tables.py fails when this file and the schema disagree. -->

`reexdata build` turns the raw articles into the tables below and publishes them
together in `data/processed/`. Their columns, order, types and nullability are a
promise: the build checks every table against the declaration in
`reexdata/schema.py` before writing it, and refuses to publish one that breaks it.

Schema version: **{SCHEMA_VERSION}**. Each Parquet file records `schema_version`,
`reexdata_version` and `table` in its metadata; `reexdata.read_tables` refuses a
file from another schema version and names the command that rebuilds it.

## Reading the tables

```python
import reexdata as rx

tables = rx.read_tables("data/processed")                      # polars
tables = rx.read_tables("data/processed", backend="pandas")    # pandas, Arrow-backed dtypes
rx.sql("SELECT entity, SUM(mentions) AS n FROM mentions GROUP BY entity ORDER BY n DESC")
```

`rx.sql` runs exactly one query (`SELECT`, `WITH`, `FROM`, ...) over views of the
published tables, with DuckDB's external access off: `COPY`, `ATTACH`, `INSTALL`,
`PRAGMA`, `SET`, several statements and reads of other files are refused.

Any Parquet reader works too (`pl.read_parquet("data/processed/mentions.parquet")`,
`pd.read_parquet(...)`, DuckDB, R's `arrow::read_parquet`).

## Layout and guarantees

```
data/processed/
    builds/<build_id>/<table>.parquet   one folder per build, complete before it is named
    builds/<build_id>/manifest.json     fingerprint, options, row counts, file hashes, timings
    latest -> builds/<build_id>         switched atomically when a build is published
    <table>.parquet -> latest/<table>.parquet
    manifest.json -> latest/manifest.json
    .reexdata                           marks the folder as reexdata's (schema version)
```

`--out` must be a new or empty folder, or one reexdata made (it has `.reexdata`, or
only the names above from an older version); anything else, and a tables or cache
folder inside the raw folder, is refused before anything is written.

- **One build at a time.** All tables of a build are published by one atomic switch
  of `latest`; a crash leaves the previous build in place, complete. Resolve `latest`
  once (as `read_tables` and `sql` do) to read every table from the same build.
- **Deterministic.** The same raw files, options and reexdata version give
  byte-identical Parquet files, rows in the same order. `manifest.json` is not part of that promise: it
  records when the build ran and how long each stage took.
- **Whatever the number of cores.** Every column of every table is byte-identical
  between a build on one core (`taskset -c 0`, `OMP_NUM_THREADS=1`) and one on all
  cores: the clustering and the map (`clusters`, `cluster_assignments`), whose
  linear algebra and k-means would otherwise sum in an order set by the thread count,
  run on one thread (`tests/test_determinism.py` compares the bytes of every table).
  Between different CPUs with the same library versions, the `String`, `Int64`,
  `Boolean`, `Date` and `List(String)` columns computed without floating point are
  the same; the `Float64` columns (`x`, `y`, `score`, `mean_score`, `share`, `jaccard`,
  `pmi`) and the cluster numbers derived from them may differ in the last bits where
  a library picks its arithmetic kernels by CPU (not measured).
- **Reused when unchanged.** When the raw files, options, lexicons and reexdata
  version are those of the published build, `reexdata build` reuses it
  (`--force` rebuilds).

## Types

| Schema (polars) | Parquet / Arrow | pandas (`backend="pandas"`) | SQL (DuckDB) |
|---|---|---|---|
"""

_JOINS = """\
## How the tables join

| Key | Tables |
|---|---|
| `article_id` | articles, themes, cluster_assignments, mentions |
| `theme` | themes, themes_over_time |
| `cluster` | clusters, cluster_assignments |
| `entity` | entities, mentions, mentions_over_time, co_mentions (as `entity_a`, `entity_b`) |
| `period` | themes_over_time, mentions_over_time (first day of the period; null = undated articles) |

```sql
-- Dated articles per primary theme and year
SELECT t.theme, year(a.published) AS year, COUNT(*) AS articles
FROM articles a JOIN themes t USING (article_id)
WHERE t.is_primary AND a.published IS NOT NULL
GROUP BY ALL
ORDER BY year, articles DESC;
```
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table_section(table: Table) -> str:
    lines = [
        f"## `{table.name}`",
        "",
        f"**Row:** {table.row}",
        "",
        f"- **Key:** {', '.join(f'`{k}`' for k in table.keys)} (unique)",
    ]
    if table.joins:
        lines.append(f"- **Joins:** {'; '.join(table.joins)}")
    lines += ["", "| Column | Type | Nullable | Meaning |", "|---|---|---|---|"]
    for col in table.columns:
        nullable = "yes" if col.nullable else "no"
        lines.append(f"| `{col.name}` | {col.dtype} | {nullable} | {_cell(col.description)} |")
    return "\n".join(lines) + "\n"


def render() -> str:
    """Return the Markdown text of ``docs/tables.md``.

    Examples
    --------
    >>> from reexdata._schema_docs import render
    >>> render().startswith("# Tables")
    True
    """
    types = "".join(f"| {p} | `{a}` | `{pd}` | `{s}` |\n" for p, a, pd, s in _TYPES)
    sections = [_JOINS, *(_table_section(t) for t in TABLES.values())]
    return _INTRO + types + "\n" + "\n".join(sections)


def _main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    _main()
