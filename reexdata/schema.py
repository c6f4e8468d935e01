"""The one declaration of every table the build writes.

Each table lists its columns with a polars dtype, whether nulls are allowed
and what the column means. The build validates every table against this
declaration before publishing it, and ``docs/tables.md`` is generated from it.
"""

from dataclasses import dataclass, field

import polars as pl

__all__ = ["SCHEMA_VERSION", "Column", "Table", "TABLES"]

#: Bump when a column is added, removed, renamed or changes type.
SCHEMA_VERSION = 4

#: A polars dtype as the tables declare it: a class (``pl.String``) or an
#: instance (``pl.List(pl.String)``); polars accepts either.
DType = pl.DataType | type[pl.DataType]


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, polars dtype, nullability and meaning."""

    name: str
    dtype: DType
    description: str
    nullable: bool = False


@dataclass(frozen=True)
class Table:
    """A table the build writes: what a row is, its keys and its columns."""

    name: str
    row: str
    keys: tuple[str, ...]
    columns: tuple[Column, ...]
    joins: tuple[str, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def polars_schema(self) -> dict[str, DType]:
        return {c.name: c.dtype for c in self.columns}


_S = pl.String
_I = pl.Int64
_F = pl.Float64
_B = pl.Boolean
_D = pl.Date
_L = pl.List(pl.String)

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            name="articles",
            row="One article loaded from the raw folder, with its text repaired and boilerplate removed.",
            keys=("article_id",),
            joins=("themes, mentions, cluster_assignments on article_id",),
            columns=(
                Column("article_id", _S, "Stable id: the first 16 hex digits of the SHA-256 of the repaired body."),
                Column("source", _S, "Path of the input relative to the raw folder; multi-article files add '#N' (1-based line or row)."),
                Column("format", _S, "Input format: txt, md, html, jsonl, json or csv."),
                Column("url", _S, "Address of the article, when the input or metadata.csv gives one.", nullable=True),
                Column("outlet", _S, "Who published it: metadata.csv's outlet (else its url's host), the input's outlet or source field, the HTML page's site name, else the url's host; null when unknown.", nullable=True),
                Column("title", _S, "The page's own title; null when the page has none.", nullable=True),
                Column("headline", _S, "The title, else the first highlight, else the first sentence of the body."),
                Column("title_source", _S, "Where the headline came from: page, metadata, first_highlight or first_sentence."),
                Column("published", _D, "Publication date; null when unknown.", nullable=True),
                Column("date_source", _S, "Where the date came from: dateline, metadata, text or text+assumed_year.", nullable=True),
                Column("date_text", _S, "The words the date was read from (kept even when no year could be found).", nullable=True),
                Column("author", _S, "Author name; null when absent.", nullable=True),
                Column("highlights", _L, "The article's highlight bullets, in order."),
                Column("body", _S, "The article's prose: paragraphs separated by a blank line, without highlights and boilerplate."),
                Column("state_media_disclaimer", _B, "True when the page says the item originates from a Chinese state-owned entity's media."),
                Column("related_headlines", _L, "Headlines of the 'Recent Reex News' sidebar (other stories)."),
                Column("word_count", _I, "Words in the highlights and body (Chinese text: the words jieba cuts it into)."),
                Column("language", _S, "ISO 639-1 code of the language of the title and body (py3langid on their first 200 bytes "
                       "of UTF-8), e.g. 'en' or 'zh'; null when too short to tell (letters under 30 bytes of UTF-8: "
                       "about six English words or ten Chinese characters) or not language (an address, a string of codes).",
                       nullable=True),
                Column("encoding", _S, "Encoding the file was decoded with."),
                Column("encoding_repairs", _I, "How many mojibake sequences were repaired."),
            ),
        ),
        Table(
            name="rejects",
            row="One input (file, or line/row of a multi-article file) that was not loaded, and why.",
            keys=("source",),
            columns=(
                Column("source", _S, "Path of the input relative to the raw folder; '#N' for a line or row."),
                Column("reason", _S, "Short reason code: empty, binary, undecodable, too_large, boilerplate_only, malformed_json, malformed_csv, too_many_rows, no_text_column, unreadable, outside_raw, duplicate, unsupported_format."),
                Column("detail", _S, "A sentence naming the problem, e.g. 'duplicate of 000_a.txt'."),
            ),
        ),
        Table(
            name="themes",
            row="One (article, theme) pair: the article's score for the theme.",
            keys=("article_id", "theme"),
            joins=("articles on article_id",),
            columns=(
                Column("article_id", _S, "The article."),
                Column("theme", _S, "Theme id from the theme lexicon."),
                Column("score", _F, "Between 0 and 1. By default (build option theme_scores = relevance) an absolute relevance: the probability that the article is about this theme rather than another theme or something the lexicon does not name (the corpus's background), so an article's scores sum to at most 1; with theme_scores = shares, the theme's share of the article among the lexicon's themes (an article's scores sum to 1)."),
                Column("rank", _I, "1 for the article's strongest theme, 2 for the next, and so on."),
                Column("is_primary", _B, "True for the rank-1 theme when its score reaches the assignment threshold (0.5 for relevances; for shares, and for relevances when the corpus shows no background, 1/K + 0.1 (1 - 1/K)); an article with no primary theme is unassigned."),
                Column("top_terms", _L, "Terms of the article that contributed most to this theme's score."),
            ),
        ),
        Table(
            name="themes_over_time",
            row="One (period, theme) pair for each period with articles (no rows for a period without any: "
            "a gap); 'unassigned' counts articles with no primary theme.",
            keys=("period", "theme"),
            joins=("mentions_over_time on period",),
            columns=(
                Column("period", _D, "First day of the period; null for the bucket of undated articles.", nullable=True),
                Column("theme", _S, "Theme id, or 'unassigned'."),
                Column("articles", _I, "Articles in the period whose primary theme this is."),
                Column("articles_in_period", _I, "All articles in the period."),
                Column("share", _F, "articles / articles_in_period."),
                Column("mean_score", _F, "Mean score of this theme over the period's articles."),
            ),
        ),
        Table(
            name="clusters",
            row="One topic cluster found without supervision.",
            keys=("cluster",),
            joins=("cluster_assignments on cluster",),
            columns=(
                Column("cluster", _I, "Cluster number, 0-based, largest cluster first."),
                Column("size", _I, "Articles in the cluster."),
                Column("top_terms", _L, "Distinctive terms of the cluster (class-based TF-IDF), among "
                       "terms in at most half of the articles and not on the list of news words."),
                Column("label", _S, "Short label: the nearest theme, or the top terms."),
                Column("k_criterion", _S, "How the number of clusters was set, the same on every row of a "
                       "language: 'gap' (gap statistic), 'given' (by the caller) or 'only_k' (the corpus allowed "
                       "one k)."),
                Column("k_criterion_value", _F, "The gap statistic at the chosen k when k_criterion is "
                       "'gap', else null; the same on every row of a language.", nullable=True),
                Column("language", _S, "The language (ISO 639-1) of the articles clustered together: each "
                       "language with enough articles is clustered on its own; null for a group of several or "
                       "unknown languages.", nullable=True),
            ),
        ),
        Table(
            name="cluster_assignments",
            row="One article's cluster and its position on the 2-D map.",
            keys=("article_id",),
            joins=("articles on article_id", "clusters on cluster"),
            columns=(
                Column("article_id", _S, "The article."),
                Column("cluster", _I, "Its cluster."),
                Column("x", _F, "First map coordinate (computed on one thread: the same bytes on any number of cores)."),
                Column("y", _F, "Second map coordinate (as x)."),
                Column("language", _S, "The language of its cluster (see clusters.language).", nullable=True),
            ),
        ),
        Table(
            name="stories",
            row="One article and the story it belongs to: copies, reprints and light edits of one article form one story.",
            keys=("article_id",),
            joins=("articles on article_id",),
            columns=(
                Column("article_id", _S, "The article."),
                Column("story_id", _S, "The smallest article_id of its story (see reexdata.query.stories)."),
                Column("story_size", _I, "Articles in the story."),
            ),
        ),
        Table(
            name="entities",
            row="One entity of the entity lexicon used for the build.",
            keys=("entity",),
            joins=("mentions, mentions_over_time on entity",),
            columns=(
                Column("entity", _S, "Entity id."),
                Column("name", _S, "Display name."),
                Column("type", _S, "company, person, place, organisation, element, program or publisher."),
                Column("aliases", _L, "Names the entity is matched by."),
            ),
        ),
        Table(
            name="mentions",
            row="One (article, entity) pair where the entity is mentioned at least once.",
            keys=("article_id", "entity"),
            joins=("articles on article_id", "entities on entity"),
            columns=(
                Column("article_id", _S, "The article."),
                Column("entity", _S, "Entity id."),
                Column("mentions", _I, "Number of mentions in title, highlights and body."),
                Column("first_offset", _I, "Character offset of the first mention in title + highlights + body joined by blank lines."),
            ),
        ),
        Table(
            name="mentions_over_time",
            row="One (period, entity) pair for each period with articles; a period without any has no rows (a gap).",
            keys=("period", "entity"),
            joins=("entities on entity", "themes_over_time on period"),
            columns=(
                Column("period", _D, "First day of the period; null for the bucket of undated articles.", nullable=True),
                Column("entity", _S, "Entity id."),
                Column("mentions", _I, "Mentions in the period's articles."),
                Column("articles_mentioning", _I, "Articles in the period that mention the entity."),
                Column("articles_in_period", _I, "All articles in the period."),
                Column("share", _F, "articles_mentioning / articles_in_period."),
            ),
        ),
        Table(
            name="attention",
            row="One (period, query) pair for each period with articles and each query of the build's [queries] "
                "(none without queries); a period without any article has no rows (a gap).",
            keys=("period", "query"),
            joins=("mentions_over_time, themes_over_time on period",),
            columns=(
                Column("period", _D, "First day of the period (the mentions' period length); null for the bucket "
                       "of undated articles.", nullable=True),
                Column("query", _S, "The query's name in [queries] (see reexdata.query.attention)."),
                Column("matching", _I, "Articles in the period that match the query."),
                Column("total", _I, "All articles in the period."),
                Column("ratio", _F, "matching / total."),
            ),
        ),
        Table(
            name="co_mentions",
            row="One pair of entities mentioned together in at least one article (entity_a < entity_b).",
            keys=("entity_a", "entity_b"),
            joins=("entities on entity_a or entity_b",),
            columns=(
                Column("entity_a", _S, "First entity id (alphabetically)."),
                Column("entity_b", _S, "Second entity id."),
                Column("articles", _I, "Articles mentioning both."),
                Column("jaccard", _F, "articles / articles mentioning either."),
                Column("pmi", _F, "Pointwise mutual information, log2(P(a,b) / (P(a) P(b)))."),
            ),
        ),
    ]
}


# Validation helpers. They sit below the declaration so that it stays the
# first thing a reader of this module sees.

__all__ += ["validate_table", "cast_table", "empty_table"]


def _table(name: str, func: str) -> Table:
    from reexdata.errors import SchemaError

    if name not in TABLES:
        known = ", ".join(repr(t) for t in TABLES)
        raise SchemaError(f"{func}: unknown table {name!r}; the declared tables are {known}.")
    return TABLES[name]


def validate_table(name: str, frame) -> pl.DataFrame:
    """Check that a frame keeps the promise of its declared table.

    The checks, in order: every declared column is present, no column is
    undeclared, the columns are in the declared order, each column has its
    declared dtype, non-nullable columns hold no null, and no two rows share
    the table's key.

    Parameters
    ----------
    name : str
        The table, a key of :data:`TABLES`.
    frame : polars.DataFrame or pandas.DataFrame
        The table to check; it is not modified.

    Returns
    -------
    polars.DataFrame
        The frame (converted to polars when a pandas frame was given).

    Raises
    ------
    reexdata.errors.SchemaError
        On the first broken promise; the message names the table and the
        column.

    Examples
    --------
    >>> import polars as pl
    >>> from reexdata.schema import validate_table
    >>> frame = pl.DataFrame({"source": ["a.txt"], "reason": ["empty"]})
    >>> validate_table("rejects", frame)
    Traceback (most recent call last):
    ...
    reexdata.errors.SchemaError: Table 'rejects' is missing column 'detail' (String).
    """
    from reexdata._frames import _to_polars
    from reexdata.errors import SchemaError

    table = _table(name, "validate_table")
    frame, _ = _to_polars(frame, "validate_table", "frame")
    declared = table.column_names
    for col in table.columns:
        if col.name not in frame.columns:
            raise SchemaError(f"Table {name!r} is missing column {col.name!r} ({col.dtype}).")
    for col_name in frame.columns:
        if col_name not in declared:
            raise SchemaError(f"Table {name!r} has column {col_name!r}, which the schema does not declare.")
    if frame.columns != declared:
        raise SchemaError(
            f"Table {name!r} has its columns out of order: expected {declared}, got {frame.columns}."
        )
    for col in table.columns:
        actual = frame.schema[col.name]
        if actual != col.dtype:
            raise SchemaError(
                f"Column {col.name!r} of table {name!r} has type {actual}; the schema declares {col.dtype}."
            )
    for col in table.columns:
        nulls = frame[col.name].null_count()
        if nulls and not col.nullable:
            raise SchemaError(
                f"Column {col.name!r} of table {name!r} has {nulls} null value(s) but is not nullable."
            )
    keys = list(table.keys)
    if frame.height and frame.select(keys).is_duplicated().any():
        dup = frame.filter(frame.select(keys).is_duplicated()).select(keys).row(0)
        raise SchemaError(
            f"Table {name!r} has rows with the same key ({', '.join(keys)}) = {dup}; keys must be unique."
        )
    return frame


def cast_table(name: str, frame):
    """Select a table's declared columns, in order, cast to their dtypes.

    Stages call this last so that their output matches the declaration.
    Undeclared columns are dropped; casts are strict, so a value that does
    not convert is an error rather than a silent null.

    Parameters
    ----------
    name : str
        The table, a key of :data:`TABLES`.
    frame : polars.DataFrame or pandas.DataFrame
        The frame to shape; it is not modified.

    Returns
    -------
    polars.DataFrame or pandas.DataFrame
        The shaped frame, of the kind given.

    Raises
    ------
    reexdata.errors.SchemaError
        When a declared column is missing or a value cannot be cast; the
        message names the table and the column.

    Examples
    --------
    >>> import polars as pl
    >>> from reexdata.schema import cast_table
    >>> frame = pl.DataFrame({"cluster": [0], "article_id": ["ab"], "x": [1], "y": [2.0], "language": ["en"]})
    >>> cast_table("cluster_assignments", frame).columns
    ['article_id', 'cluster', 'x', 'y', 'language']
    >>> cast_table("cluster_assignments", frame)["x"].dtype
    Float64
    """
    from reexdata._frames import _like, _to_polars
    from reexdata.errors import SchemaError

    table = _table(name, "cast_table")
    frame, kind = _to_polars(frame, "cast_table", "frame")
    exprs = []
    for col in table.columns:
        if col.name not in frame.columns:
            raise SchemaError(f"Table {name!r} is missing column {col.name!r} ({col.dtype}).")
        exprs.append(pl.col(col.name))
    try:
        out = frame.select(e.cast(c.dtype, strict=True) for e, c in zip(exprs, table.columns))
    except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError):
        # Cast column by column only to name the one that failed.
        for col in table.columns:
            try:
                frame.select(pl.col(col.name).cast(col.dtype, strict=True))
            except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError) as exc:
                raise SchemaError(
                    f"Column {col.name!r} of table {name!r} cannot be cast from "
                    f"{frame.schema[col.name]} to {col.dtype}: {str(exc).splitlines()[0]}"
                ) from None
        raise
    return _like(out, kind)


def empty_table(name: str) -> pl.DataFrame:
    """Return a table with no rows and the declared columns and dtypes.

    Examples
    --------
    >>> from reexdata.schema import empty_table
    >>> empty_table("clusters").columns
    ['cluster', 'size', 'top_terms', 'label', 'k_criterion', 'k_criterion_value', 'language']
    """
    return pl.DataFrame(schema=_table(name, "empty_table").polars_schema)
