"""Read the published tables back, as dataframes or through SQL.

The tables are the ones declared in :mod:`reexdata.schema` and documented in
``docs/tables.md``; ``reexdata build`` writes them (see :mod:`reexdata.store`
for the folder layout). Both functions resolve the ``latest`` build once, so
every table comes from the same build even while a new one is published.
"""

from pathlib import Path

import polars as pl

from reexdata._frames import _polars_to_pandas
from reexdata.config import PROCESSED_DIR
from reexdata.errors import ReexdataError, SchemaError, check_one_of, param_error
from reexdata.schema import SCHEMA_VERSION, TABLES, validate_table
from reexdata.store import BUILDS, current_build

__all__ = ["read_tables", "sql"]

_BACKENDS = ("polars", "pandas")


def read_tables(path: str | Path = PROCESSED_DIR, *, backend: str = "polars") -> dict:
    """Read every table of the published build.

    Parameters
    ----------
    path : str or Path, default="data/processed"
        The tables folder written by ``reexdata build`` (or one build folder
        inside its ``builds/``).
    backend : {"polars", "pandas"}, default="polars"
        Library of the returned frames. pandas frames use Arrow-backed dtypes,
        so lists, dates and nulls come back unchanged.

    Returns
    -------
    dict of str to DataFrame
        One frame per table, in the order of :data:`reexdata.schema.TABLES`:
        ``articles``, ``rejects``, ``themes``, ``themes_over_time``,
        ``clusters``, ``cluster_assignments``, ``entities``, ``mentions``,
        ``mentions_over_time``, ``co_mentions``. Columns and dtypes are those
        documented in ``docs/tables.md``.

    Raises
    ------
    reexdata.errors.SchemaError
        When the folder holds no build, a table is missing or unreadable, or
        a table was written with another ``schema_version``; the message names
        the table and the command that rebuilds it.

    Examples
    --------
    >>> import tempfile
    >>> import reexdata as rx
    >>> from reexdata.schema import TABLES, empty_table
    >>> from reexdata.store import publish
    >>> out = tempfile.mkdtemp()  # a tables folder, as `reexdata build` leaves it
    >>> _ = publish({name: empty_table(name) for name in TABLES}, out)
    >>> tables = rx.read_tables(out)
    >>> list(tables)[:3]
    ['articles', 'rejects', 'themes']
    >>> tables["mentions"].columns
    ['article_id', 'entity', 'mentions', 'first_offset']
    >>> type(rx.read_tables(out, backend="pandas")["articles"]).__name__
    'DataFrame'
    """
    check_one_of("read_tables", "backend", backend, _BACKENDS)
    files = _table_files(path)
    command = _rebuild_command(path)
    tables = {}
    for name, file in files.items():
        try:
            frame = pl.read_parquet(file, glob=False)
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise SchemaError(
                f"Table {name!r} in {file.parent} cannot be read ({_first_line(exc)}); "
                f"rebuild it with `{command} --force`."
            ) from None
        try:
            validate_table(name, frame)
        except SchemaError as exc:
            raise SchemaError(f"{exc} Rebuild it with `{command} --force`.") from None
        tables[name] = _polars_to_pandas(frame) if backend == "pandas" else frame
    return tables


def sql(query: str, *, path: str | Path = PROCESSED_DIR, backend: str = "polars"):
    """Run one SQL query over the published tables with DuckDB, read-only.

    Each table is a view named after it (``articles``, ``themes``,
    ``mentions``, ...), scanning the Parquet files of the published build in
    place, so nothing is loaded that the query does not touch.

    The query runs in a sandbox: an in-memory database whose only data are
    those views, with DuckDB's ``enable_external_access`` off (no file,
    network or extension access: ``read_csv``, ``COPY``, ``ATTACH``,
    ``INSTALL`` and ``LOAD`` fail) and ``lock_configuration`` on (no ``SET``
    can undo that). ``query`` must be exactly one statement, and DuckDB's
    own parser must see it as a query (``SELECT``, ``WITH ... SELECT``,
    ``FROM ...``, ``VALUES``, ``DESCRIBE``, ``SUMMARIZE``); anything else is
    refused before it runs.

    Parameters
    ----------
    query : str
        One query that returns rows (``SELECT``, ``WITH ... SELECT``).
    path : str or Path, default="data/processed"
        The tables folder written by ``reexdata build`` (a literal path,
        never a glob pattern).
    backend : {"polars", "pandas"}, default="polars"
        Library of the returned frame.

    Returns
    -------
    polars.DataFrame or pandas.DataFrame
        The query's result. DuckDB decides the result types: ``SUM`` over an
        ``Int64`` column, for example, gives a 128-bit integer, returned as
        ``Int64`` when the values fit.

    Raises
    ------
    reexdata.errors.ParameterError
        When ``query`` is empty, holds more than one statement, is not a
        query (``COPY``, ``ATTACH``, ``INSTALL``, ``LOAD``, ``PRAGMA``,
        ``SET``, ``CREATE`` ...) or reaches outside the published tables
        (``read_csv('/etc/passwd')``); the message names the problem.
    reexdata.errors.SchemaError
        When a table is missing or from another schema version.
    reexdata.errors.ReexdataError
        When DuckDB rejects the query; the message is DuckDB's.

    Examples
    --------
    >>> import tempfile
    >>> import reexdata as rx
    >>> from reexdata.schema import TABLES, empty_table
    >>> from reexdata.store import publish
    >>> out = tempfile.mkdtemp()  # a tables folder, as `reexdata build` leaves it
    >>> _ = publish({name: empty_table(name) for name in TABLES}, out)
    >>> rx.sql("SELECT entity, SUM(mentions) AS mentions FROM mentions GROUP BY entity", path=out).columns
    ['entity', 'mentions']
    >>> rx.sql("SELECT COUNT(*) AS n FROM articles", path=out)["n"].to_list()
    [0]
    >>> rx.sql("COPY articles TO 'articles.csv'", path=out)
    Traceback (most recent call last):
    ...
    reexdata.errors.ParameterError: The 'query' parameter of sql must be a query that returns rows (SELECT ...), not COPY. Got "COPY articles TO 'articles.csv'" instead.
    """
    import duckdb

    if not isinstance(query, str) or not query.strip():
        raise param_error("sql", "query", "a non-empty SQL string", query)
    check_one_of("sql", "backend", backend, _BACKENDS)
    _check_one_query(query)
    files = _table_files(path)
    con = _sandbox(files)
    try:
        try:
            frame = _narrow_int128(con.sql(query).pl())
        except duckdb.PermissionException as exc:
            raise param_error(
                "sql", "query", f"a query over the published tables only ({_first_line(exc)})", query
            ) from None
        except duckdb.Error as exc:
            raise ReexdataError(f"The SQL query failed: {_first_line(exc)}") from exc
    finally:
        con.close()
    return _polars_to_pandas(frame) if backend == "pandas" else frame


def _check_one_query(query: str) -> None:
    """Refuse anything but exactly one statement that DuckDB parses as a query."""
    import duckdb

    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as exc:
        raise ReexdataError(f"The SQL query failed: {_first_line(exc)}") from exc
    if len(statements) != 1:
        raise param_error("sql", "query", f"exactly one statement, not {len(statements)}", query)
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise param_error(
            "sql", "query", f"a query that returns rows (SELECT ...), not {kind.name}", query
        )


def _sandbox(files: dict[str, Path]):
    """An in-memory DuckDB with one view per table and no access to anything else."""
    import duckdb
    import pyarrow.dataset as ds

    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False})
    try:
        for name, file in files.items():
            # A pyarrow dataset of the one file: the path is never a glob
            # pattern (DuckDB's read_parquet would expand 'out[1]'), and the
            # scan stays lazy, with columns and filters pushed down.
            con.register(f"_{name}_file", ds.dataset(file, format="parquet"))
            con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM "_{name}_file"')
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def _narrow_int128(frame: pl.DataFrame) -> pl.DataFrame:
    # DuckDB sums integers as a 128-bit HUGEINT (arrow: decimal(38, 0)); come
    # back to Int64 whenever the values fit, as counts always do.
    casts = [
        pl.col(name).cast(pl.Int64)
        for name, dtype in frame.schema.items()
        if _is_wide_integer(dtype) and _fits_int64(frame[name])
    ]
    return frame.with_columns(casts) if casts else frame


def _is_wide_integer(dtype: pl.DataType | type[pl.DataType]) -> bool:
    return dtype == pl.Int128 or (isinstance(dtype, pl.Decimal) and dtype.scale == 0)


def _fits_int64(column: pl.Series) -> bool:
    if column.null_count() == column.len():
        return True
    # An integer column's min and max are ints (polars types them as any scalar).
    return -(2**63) <= column.min() and column.max() <= 2**63 - 1  # type: ignore[operator, return-value]


def _table_files(path: str | Path) -> dict[str, Path]:
    """Return each table's file in one build, after checking its schema version."""
    import pyarrow.parquet as pq

    folder = _build_folder(path)
    command = _rebuild_command(path)
    files = {}
    for name in TABLES:
        file = folder / f"{name}.parquet"
        if not file.is_file():
            raise SchemaError(f"Table {name!r} is missing from {folder}; rebuild the tables with `{command}`.")
        try:
            metadata = pq.read_schema(file).metadata or {}
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise SchemaError(
                f"Table {name!r} in {folder} cannot be read ({_first_line(exc)}); "
                f"rebuild it with `{command} --force`."
            ) from None
        version = metadata.get(b"schema_version", b"").decode(errors="replace")
        if version != str(SCHEMA_VERSION):
            found = f"schema_version {version}" if version else "no schema_version"
            raise SchemaError(
                f"Table {name!r} in {folder} has {found}, but reexdata reads schema_version "
                f"{SCHEMA_VERSION}; rebuild it with `{command} --force`."
            )
        files[name] = file
    return files


def _build_folder(path: str | Path) -> Path:
    path = Path(path)
    if not path.is_dir():
        raise SchemaError(
            f"No tables at {path}: the folder does not exist; build them with `{_rebuild_command(path)}`."
        )
    build = current_build(path)
    if build is not None:
        return build
    if (path / "articles.parquet").is_file():
        return path.resolve()  # a build folder itself
    raise SchemaError(f"No tables at {path}: nothing has been built; build them with `{_rebuild_command(path)}`.")


def _rebuild_command(path: str | Path) -> str:
    path = Path(path)
    if path.parent.name == BUILDS:  # a build folder: rebuild its tables folder
        path = path.parent.parent
    if path.resolve() == PROCESSED_DIR.resolve():
        return "reexdata build"
    return f"reexdata build --out {path}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
