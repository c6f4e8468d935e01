"""The build: raw articles in, every declared table published.

:func:`build` runs the stages in order (ingest, TF-IDF matrix, themes,
clusters, mentions, tables over time), validates each table against
:mod:`reexdata.schema` and publishes the set atomically with
:func:`reexdata.store.publish`.

A build is skipped when nothing it depends on changed: the input fingerprint
(see :func:`input_fingerprint`) covers the raw files' paths and contents, the
reexdata version and source code, the schema version, the lexicons and the
options. When it equals the fingerprint recorded in the published build's
``manifest.json``, the published tables are read back instead
(``BuildResult.reused`` is True); ``force=True`` rebuilds anyway. When every
raw file is unchanged since the last build (same size, mtime and inode), the
fingerprint comes from the remembered digests and nothing is read; otherwise
it is computed from the digests the loader takes as it reads the files, so
each file is read once.

The Parquet files of two builds of the same input are byte-identical; the
manifest beside them is not, since it records the build time and the time
each stage took.
"""

import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import polars as pl

# The analysis modules are imported as modules (their functions looked up at
# call time, as tests replace them); they load scikit-learn only when called
# (themes, clusters and vectorize: ~75 ms together with -X importtime).
from reexdata import clusters, mentions, themes, vectorize
from reexdata.config import INTERIM_DIR, PROCESSED_DIR, RAW_DIR
from reexdata._periods import FREQS, _choose_freq
from reexdata.errors import LexiconError, SchemaError, check_one_of, check_range, check_type, param_error
from reexdata.lexicons._themes import THEME_SCORES
from reexdata.fingerprint import MENTION_FREQ as _MENTION_FREQ
from reexdata.fingerprint import THEME_FREQ as _THEME_FREQ
from reexdata.fingerprint import _fingerprint, _input_files, _raw_digests, input_fingerprint
from reexdata.ingest.corpus import _read_corpus
from reexdata.ingest.formats import DEFAULT_MAX_ROWS
from reexdata.lexicons import load_lexicon, load_themes
from reexdata.project import merged_boilerplate
from reexdata.mentions import count as mention_count
from reexdata.query.attention import attention
from reexdata.query.parse import parse_query
from reexdata.query.stories import group_stories
from reexdata.schema import TABLES, empty_table
from reexdata.store import current_build, publish, read_manifest
from reexdata.tables import read_tables

__all__ = ["BuildResult", "build", "input_fingerprint"]

_log = logging.getLogger(__name__)

_STAGES = ("ingest", "vectorize", "themes", "clusters", "stories", "mentions", "over time", "publish")
_LEXICONS = ("themes", "entities", "boilerplate")

# What the lexicon options of build may be: a TOML file or a parsed mapping.
Lexicon = str | os.PathLike | Mapping[str, Any] | None


@dataclass(frozen=True)
class BuildResult:
    """What a build produced, or the published build it reused.

    Attributes
    ----------
    tables : dict of str to polars.DataFrame
        Every table of :data:`reexdata.schema.TABLES`, by name.
    out_dir : Path
        The tables folder (``data/processed``).
    build_dir : Path
        The build folder the tables were published in
        (``out_dir/builds/<build_id>``).
    reused : bool
        True when the inputs had not changed and the published build was
        read back instead of being rebuilt.
    manifest : dict
        The build's ``manifest.json``: ``build_id``, ``fingerprint``,
        ``options``, ``lexicons`` (their versions), ``summary`` (counts),
        ``timings`` (seconds per stage), ``tables`` (rows and SHA-256 per file).
    """

    tables: dict[str, pl.DataFrame]
    out_dir: Path
    build_dir: Path
    reused: bool
    manifest: dict[str, Any] = field(repr=False)

    def summary_text(self) -> str:
        """Return a few lines on what was loaded, rejected, dated and where it went.

        Examples
        --------
        >>> import reexdata as rx
        >>> print(rx.build("data/raw", "data/processed").summary_text())  # doctest: +SKIP
        Loaded 5 articles from 5 inputs in data/raw.
        Rejected 0 inputs.
        Dated: 2 articles (dateline 1, text 1); undated: 3.
        Tables written to data/processed (build 20261122T101500Z-3f9a0c1d2e4b).
        """
        s = self.manifest.get("summary", {})
        lines = [f"Loaded {_plural(s.get('articles', 0), 'article')} from "
                 f"{_plural(s.get('inputs', 0), 'input')} in {self.manifest.get('raw', '?')}."]
        by_reason = s.get("rejected_by_reason", {})
        rejected = sum(by_reason.values())
        if rejected:
            reasons = ", ".join(f"{reason} {n}" for reason, n in by_reason.items())
            lines.append(f"Rejected {_plural(rejected, 'input')}: {reasons}.")
        else:
            lines.append("Rejected 0 inputs.")
        by_source = s.get("dated_by_source", {})
        dated = sum(by_source.values())
        sources = ", ".join(f"{src} {n}" for src, n in by_source.items())
        lines.append(
            f"Dated: {_plural(dated, 'article')}" + (f" ({sources})" if sources else "")
            + f"; undated: {s.get('undated', 0)}."
        )
        build_id = self.manifest.get("build_id", self.build_dir.name)
        if self.reused:
            lines.append(f"Inputs unchanged: reused the tables in {self.out_dir} (build {build_id}).")
        else:
            lines.append(f"Tables written to {self.out_dir} (build {build_id}).")
        return "\n".join(lines)


def build(
    raw: str | Path = RAW_DIR,
    out: str | Path = PROCESSED_DIR,
    *,
    interim: str | Path | None = INTERIM_DIR,
    assume_year: int | None = None,
    force: bool = False,
    progress: bool = False,
    max_rows: int = DEFAULT_MAX_ROWS,
    follow_links_outside: bool = False,
    theme_scores: str = "relevance",
    themes: Lexicon = None,
    entities: Lexicon = None,
    boilerplate: Lexicon = None,
    freq: str | None = None,
    queries: Mapping[str, str] | None = None,
) -> BuildResult:
    """Turn a folder of raw articles into the published tables.

    Parameters
    ----------
    raw : str or Path, default="data/raw"
        Folder of raw articles (searched recursively), or one input file.
    out : str or Path, default="data/processed"
        Tables folder; the build is published in ``out/builds/<build_id>``
        and ``out/latest`` is switched to it.
    interim : str or Path or None, default="data/interim"
        Cache of parsed articles, keyed by file content; None disables it.
    assume_year : int, default=None
        Year for dates written without one (``On June 13``); such dates get
        ``date_source="text+assumed_year"``.
    force : bool, default=False
        Rebuild even when the inputs have not changed.
    progress : bool, default=False
        Show a progress bar over the stages on stderr.
    max_rows : int, default=200_000
        Records read from one JSONL, JSON or CSV file at most (see
        :func:`reexdata.read_corpus`).
    follow_links_outside : bool, default=False
        Follow symbolic links out of the raw folder instead of rejecting
        them as ``outside_raw``.
    theme_scores : {'relevance', 'shares'}, default='relevance'
        How themes are scored (``method`` of :func:`reexdata.score_themes`):
        absolute relevances, against the corpus's background, so that
        articles about none of the themes stay unassigned; or shares of the
        themes, which always lean to some theme.
    themes : str, Path or mapping, default=None
        The theme lexicon (a TOML file or a mapping, as for
        :func:`reexdata.score_themes`); it replaces the shipped themes in
        the scores and the clusters' labels. None: the shipped lexicon.
    entities : str, Path or mapping, default=None
        The entity lexicon, as for :func:`reexdata.count_mentions`: a TOML
        file replaces the shipped entities, a mapping of id to aliases (or
        to a table with ``name``, ``type`` and ``aliases``) extends them.
    boilerplate : str, Path or mapping, default=None
        Site boilerplate patterns (the shape of ``lexicons/boilerplate.toml``),
        added to the shipped ones.
    freq : {'D', 'W', 'M', 'Q', 'Y'}, default=None
        Period length of both over-time tables; None: themes by month,
        mentions by week. A longer one is taken when the dated span would
        hold more than 300 periods (see ``_periods.MAX_PERIODS``).
    queries : mapping of str to str, default=None
        Named queries (the ``[queries]`` of a project file): the build
        publishes their :func:`reexdata.attention` by the mentions' period
        length as the ``attention`` table, empty without queries.

    Changing a lexicon's content or an option changes the input fingerprint,
    so the next build recomputes the tables instead of reusing them.

    Returns
    -------
    BuildResult
        The tables, where they were published and the manifest.

    Raises
    ------
    reexdata.errors.PathError
        When ``raw`` does not exist or holds no file (one-line message).
    reexdata.errors.PathError
        When ``out`` is a file or a folder reexdata did not make, or ``out``
        or ``interim`` is inside ``raw`` (see
        :func:`reexdata.store.check_out_dir`); nothing is written then.
    reexdata.errors.SchemaError
        When a stage produced a table that does not match its declaration;
        nothing is published then.

    Examples
    --------
    >>> import reexdata as rx
    >>> result = rx.build("data/raw", "data/processed")           # doctest: +SKIP
    >>> result.tables["articles"].height                          # doctest: +SKIP
    5
    >>> rx.build("data/raw", "data/processed").reused             # doctest: +SKIP
    True
    """
    check_type("build", "raw", raw, (str, os.PathLike), "a path")
    check_type("build", "out", out, (str, os.PathLike), "a path")
    if interim is not None:
        check_type("build", "interim", interim, (str, os.PathLike), "a path or None")
    if assume_year is not None:
        check_type("build", "assume_year", assume_year, int, "an int or None")
        check_range("build", "assume_year", assume_year, low=1800, high=2199)
    check_type("build", "force", force, bool, "a bool")
    check_type("build", "progress", progress, bool, "a bool")
    check_type("build", "max_rows", max_rows, int, "an int")
    check_range("build", "max_rows", max_rows, low=1)
    check_type("build", "follow_links_outside", follow_links_outside, bool, "a bool")
    check_one_of("build", "theme_scores", theme_scores, THEME_SCORES)
    if freq is not None:
        check_one_of("build", "freq", freq, FREQS)
    lexicons = _Lexicons.resolve(themes, entities, boilerplate)
    queries = _checked_queries(queries)
    theme_freq, mention_freq = (freq, freq) if freq else (_THEME_FREQ, _MENTION_FREQ)
    raw, out = Path(raw), Path(out)
    interim = Path(interim) if interim is not None else None
    from reexdata.store import check_out_dir

    check_out_dir(out, raw=raw, interim=interim)  # before anything is written

    started = time.perf_counter()
    files, discovered = _input_files(raw, skip=interim, follow_links_outside=follow_links_outside)
    # Default options leave the fingerprint as it was (see _fingerprint).
    options: dict[str, Any] = {"follow_links_outside": follow_links_outside,
                               "max_rows": max_rows if max_rows != DEFAULT_MAX_ROWS else None}
    # Unchanged files have a remembered digest; when every file has one, the
    # published build can be reused before anything is read.
    digests = _raw_digests(raw, files, interim, read=False)
    # What the analysis stages depend on beyond the inputs: lexicons, periods, modes.
    analysis_options: tuple[str, ...] = (lexicons.key, theme_freq, mention_freq,
                                         f"theme_scores={theme_scores}")
    if queries:
        # In their order, which is the attention table's.
        analysis_options += (json.dumps(list(queries.items())),)
    fingerprint = None
    if None not in digests:
        fingerprint = _with_options(_fingerprint(files, digests, assume_year, **options), analysis_options)
    if fingerprint is not None and not force and (result := _reuse(raw, out, fingerprint)):
        return result

    timings: dict[str, float] = {}
    with _progress_bar(progress) as bar:
        with _stage("ingest", timings, bar):
            corpus, loaded = _read_corpus(raw, assume_year=assume_year, cache_dir=interim, discovered=discovered,
                                          max_rows=max_rows, follow_links_outside=follow_links_outside,
                                          boilerplate=lexicons.boilerplate)
            articles, rejects = corpus.articles, corpus.rejects
        if fingerprint is None:
            # The loader hashed what it read: only files it did not read
            # (unsupported, too large, metadata) are read again here.
            digests = _raw_digests(raw, files, interim, loaded=loaded)
            fingerprint = _with_options(_fingerprint(files, digests, assume_year, **options), analysis_options)
            if not force and (result := _reuse(raw, out, fingerprint)):
                return result
        _log.info("input fingerprint %s", fingerprint[:12])
        freqs = _over_time_freqs(articles, theme_freq, mention_freq)
        tables = _analyse(articles, timings, bar, interim=interim, lexicons=lexicons,
                          freqs=(freqs["themes_freq"], freqs["mentions_freq"]), theme_scores=theme_scores,
                          queries=queries)
        tables = {"articles": articles, "rejects": rejects, **tables}
        manifest = {
            "fingerprint": fingerprint,
            "raw": str(raw),
            "options": {"assume_year": assume_year, **freqs, "theme_scores": theme_scores,
                        **({"queries": queries} if queries else {})},
            "lexicons": lexicons.versions(),
            # The report names the themes as their lexicon does.
            "theme_labels": {theme.id: theme.label for theme in load_themes(lexicons.themes)},
            "summary": _summary(articles, rejects, corpus.n_inputs),
            "timings": _in_order(timings),
        }
        with _stage("publish", timings, bar):
            build_dir = publish({name: tables[name] for name in TABLES}, out, manifest=manifest)
    timings["total"] = round(time.perf_counter() - started, 3)
    # The published manifest times the table writes; this one the whole stage.
    manifest = read_manifest(build_dir) or manifest
    manifest["timings"] = _in_order(timings)
    return BuildResult(
        tables={name: tables[name] for name in TABLES},
        out_dir=out,
        build_dir=build_dir,
        reused=False,
        manifest=manifest,
    )


def _reuse(raw: Path, out: Path, fingerprint: str) -> BuildResult | None:

    build_dir = current_build(out)
    if build_dir is None:
        return None
    manifest = read_manifest(build_dir)
    if not manifest or manifest.get("fingerprint") != fingerprint:
        return None
    try:
        tables = read_tables(build_dir)
    except SchemaError as exc:
        _log.warning("published build cannot be reused, rebuilding: %s", exc)
        return None
    # The same inputs may sit in another folder now; the summary names this one.
    manifest["raw"] = str(raw)
    _log.info("inputs unchanged: reusing build %s", build_dir.name)
    return BuildResult(tables=tables, out_dir=out, build_dir=build_dir, reused=True, manifest=manifest)


def _analyse(
    articles: pl.DataFrame,
    timings: dict[str, float],
    bar,
    *,
    interim: Path | None,
    lexicons: "_Lexicons | None" = None,
    freqs: tuple[str, str] = (_THEME_FREQ, _MENTION_FREQ),
    theme_scores: str = "relevance",
    queries: Mapping[str, str] | None = None,
) -> dict[str, pl.DataFrame]:
    """Run the analysis stages on the loaded articles; return their tables.

    On a large corpus, counting mentions (a regular-expression scan, in one
    worker process fed by a background thread) runs while this thread
    vectorises, scores themes and clusters (mostly polars, numpy and
    scikit-learn), so that both cores are busy; its timing is its own
    duration, overlapping theirs. Grouping stories runs in a second
    background thread from the start, on any corpus, and is timed the same
    way. A small corpus is scanned first, in this
    thread: without a worker the scan would only compete with the other
    stages for the interpreter lock.
    Mentions are cached in ``interim`` by article text, so a rebuild scans
    only new or changed articles; the other stages depend on the whole
    corpus (IDF weights, learned themes, clusters) and are recomputed.
    """
    lex = lexicons or _Lexicons.resolve(None, None, None)
    n = articles.height
    tables = {name: empty_table(name) for name in TABLES if name not in ("articles", "rejects")}
    counting = partial(mention_count._count_beside, cache_dir=interim, entities=lex.entities)
    beside_from = mention_count._POOL_FROM
    found = _timed("mentions", timings, counting, articles) if 0 < n < beside_from else None
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="reexdata-beside") as background:
        beside = background.submit(_timed, "mentions", timings, counting, articles) if n >= beside_from else None
        # Story grouping needs neither the matrix nor the mentions: it runs
        # beside the matrix stages (polars shingling, then datasketch).
        grouping = background.submit(_timed, "stories", timings, group_stories, articles) if n else None
        with _stage("vectorize", timings, bar):
            matrix = None
            if n:
                # One TF-IDF matrix shared by themes and clusters; it counts the
                # theme lexicon's multi-word seeds as terms and keeps the lexicons' Han words whole.
                matrix = vectorize.vectorize(articles, phrases=themes.seed_terms(lex.themes),
                                               themes=lex.themes, entities=lex.entities)
        with _stage("themes", timings, bar):
            if n:
                tables["themes"] = themes.score_themes(articles, matrix=matrix, lexicon=lex.themes,
                                                       method=theme_scores)
        with _stage("clusters", timings, bar):
            # Clustering needs two articles at least; fewer give empty tables.
            if n >= 2:
                tables["cluster_assignments"], tables["clusters"] = clusters.cluster_articles(
                    articles, matrix=matrix, themes=lex.themes
                )
        del matrix
        if grouping is not None:
            tables["stories"] = grouping.result()
        if bar is not None:
            bar.update(1)
        # (Called without an argument for the shipped lexicon, as tests replace it.)
        shipped = lex.entities is None
        tables["entities"] = mentions.entity_table() if shipped else mentions.entity_table(lex.entities)
        if beside is not None:
            found = beside.result()
        if found is not None:
            tables["mentions"] = found
            tables["co_mentions"] = mentions.co_mentions(found)
        if bar is not None:
            bar.update(1)
    with _stage("over time", timings, bar):
        if n:
            tables["themes_over_time"] = themes.themes_over_time(tables["themes"], articles, freq=freqs[0])
            tables["mentions_over_time"] = mentions.mentions_over_time(tables["mentions"], articles, freq=freqs[1])
            if queries:
                tables["attention"] = attention(articles, queries, freq=freqs[1])
    return tables


def _checked_queries(queries: Mapping[str, str] | None) -> dict[str, str]:
    """``queries`` as a dict, each one parsed so that a bad one fails before anything is read."""
    if queries is None:
        return {}
    if not isinstance(queries, Mapping) or not all(isinstance(k, str) and isinstance(v, str)
                                                   for k, v in queries.items()):
        raise param_error("build", "queries", "a mapping of names to query strings or None", queries)
    for name, query in queries.items():
        parse_query(query, func=f"build (query {name!r})")
    return dict(queries)


def _over_time_freqs(articles: pl.DataFrame, theme_freq: str = _THEME_FREQ,
                     mention_freq: str = _MENTION_FREQ) -> dict[str, str]:
    """Period lengths of the over-time tables: the ones asked for (months for themes, weeks for mentions), or longer.

    A longer period is taken when the dated span would hold more than
    ``_periods.MAX_PERIODS`` of them (years for a corpus dated 1800 to 2199),
    so that the tables and the report's charts stay readable.
    """
    published = articles.get_column("published")
    return {
        "themes_freq": _choose_freq(published, theme_freq),
        "mentions_freq": _choose_freq(published, mention_freq),
    }


def _timed(name: str, timings: dict[str, float], func, *args):
    """``func(*args)`` as a stage without a progress bar (for the background thread)."""
    with _stage(name, timings, None):
        return func(*args)


def _in_order(timings: dict[str, float]) -> dict[str, float]:
    # Stages are listed in pipeline order, whatever order they finished in.
    return {name: timings[name] for name in (*_STAGES, "total") if name in timings}


def _summary(articles: pl.DataFrame, rejects: pl.DataFrame, n_inputs: int) -> dict[str, Any]:
    by_reason = rejects.group_by("reason").len().sort("reason").rows() if rejects.height else []
    dated = articles.filter(pl.col("published").is_not_null())
    by_source = dated.group_by("date_source").len().sort("date_source").rows() if dated.height else []
    return {
        "inputs": int(n_inputs),
        "articles": articles.height,
        "rejected_by_reason": {reason: n for reason, n in by_reason},
        "dated_by_source": {str(source): n for source, n in by_source},
        "undated": articles.height - dated.height,
    }


@dataclass(frozen=True)
class _Lexicons:
    """A build's lexicons as the stages take them, and a key of their contents."""

    themes: Path | Mapping[str, Any] | None
    entities: Path | Mapping[str, Any] | None
    boilerplate: Mapping[str, Any] | None
    key: str
    sources: dict[str, str | None]

    @classmethod
    def resolve(cls, themes: Lexicon, entities: Lexicon, boilerplate: Lexicon) -> "_Lexicons":
        given = {"themes": themes, "entities": entities, "boilerplate": boilerplate}
        for name, value in given.items():
            check_type("build", name, value, (str, os.PathLike, Mapping, type(None)),
                       "a path to a TOML lexicon, a mapping or None")
        contents: dict[str, Any] = {}
        for name, value in given.items():
            if value is None:
                contents[name] = None
            elif isinstance(value, Mapping):
                contents[name] = value
            else:
                contents[name] = load_lexicon(Path(value))  # LexiconError naming a missing or bad file
        # Checked now, so that a bad lexicon fails before anything is read.
        if themes is not None:
            load_themes(contents["themes"])
        if entities is not None:
            mentions.entity_table(contents["entities"])
        merged = merged_boilerplate(contents["boilerplate"]) if boilerplate is not None else None
        key = hashlib.sha256(json.dumps(contents, sort_keys=True, default=str).encode()).hexdigest()
        sources = {name: (str(v) if isinstance(v, (str, os.PathLike)) else ("mapping" if v is not None else None))
                   for name, v in given.items()}
        return cls(contents["themes"], contents["entities"], merged, key, sources)

    def versions(self) -> dict[str, str | None]:
        """Each lexicon's version (a custom one: its ``version`` key, else "custom")."""
        versions: dict[str, str | None] = {}
        for name in _LEXICONS:
            custom = {"themes": self.themes, "entities": self.entities, "boilerplate": self.boilerplate}[name]
            if self.sources[name] is not None and isinstance(custom, Mapping):
                label = str(custom.get("version", "")) or "custom"
                versions[name] = f"{label} ({self.sources[name]})"
                continue
            try:
                versions[name] = str(load_lexicon(name).get("version"))
            except (LexiconError, OSError):
                versions[name] = None
        return versions


def _default_options() -> tuple[str, ...]:
    return (_Lexicons.resolve(None, None, None).key, _THEME_FREQ, _MENTION_FREQ, "theme_scores=relevance")


def _with_options(fingerprint: str, options: tuple[str, ...]) -> str:
    """The input fingerprint extended with the lexicons' contents and the build's options.

    The shipped lexicons and default periods leave it as it is, equal to
    :func:`input_fingerprint`.
    """
    if options == _default_options():
        return fingerprint
    return hashlib.sha256("\0".join((fingerprint, *options)).encode()).hexdigest()


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[Any]:
    if not enabled:
        yield None
        return
    from tqdm.auto import tqdm

    with tqdm(total=len(_STAGES), desc="reexdata build", unit="stage", file=sys.stderr, leave=False) as bar:
        yield bar


@contextmanager
def _stage(name: str, timings: dict[str, float], bar) -> Iterator[None]:
    if bar is not None:
        bar.set_postfix_str(name)
    _log.info("stage %s: started", name)
    start = time.perf_counter()
    yield
    timings[name] = round(time.perf_counter() - start, 3)
    _log.info("stage %s: done in %.3f s", name, timings[name])
    if bar is not None:
        bar.update(1)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
