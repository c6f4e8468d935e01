"""The self-contained HTML report of one build.

:func:`write_report` turns the tables of a :class:`reexdata.pipeline.BuildResult`
into one HTML file rendered with Jinja2 (autoescaping on). plotly.js is
embedded once, inline; each figure is stored as JSON in a
``<script type="application/json">`` block and drawn with ``Plotly.newPlot``,
so the file opens offline and asks no outside host for anything.

Article text is data: Jinja2 escapes it in the page, the charts escape it in
their labels, and the figure JSON has ``<``, ``>``, ``&`` and ``/`` written as
``\\u003c``-style escapes, so no headline can close a script block.

The same tables give the same file, byte for byte, apart from the build time
taken from the manifest: figure ids are fixed, rows are sorted, and nothing
from the clock or from random numbers enters the page.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import html
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol, cast

import plotly.graph_objects as go
import polars as pl
from markupsafe import Markup

from reexdata import __version__
from reexdata._frames import _to_polars
from reexdata._periods import FREQS, MAX_PERIODS, _choose_freq, _count_periods
from reexdata.errors import ReexdataError, check_type
from reexdata.fingerprint import MENTION_FREQ, THEME_FREQ
from reexdata.lexicons import LEXICON_NAMES, UNASSIGNED, load_lexicon
# The charts' modules load with this one (plotly: `import reexdata.report` takes
# 0.54 s instead of 0.36 s); every report draws them, and the cli imports this
# module only to write one.
from reexdata import plots
from reexdata.plots._common import _guess_freq, _plural, _theme_label, _using_theme_labels
from reexdata.plots._template import FONT_FAMILY
from reexdata.plots.cluster_map import MAX_POINTS
from reexdata.plots.theme_heatmap import MAX_ARTICLES, PER_THEME
from reexdata.project import DEFAULT_TITLE
from reexdata.schema import empty_table
from reexdata.atomic import write_text_atomic
from reexdata._report_questions import _attention_rows, _stories_note

__all__ = ["write_report", "SECTIONS", "FIGURES"]

#: Report sections in page order: (id, title).
SECTIONS = (
    ("summary", "Corpus"),
    ("themes", "Themes over time"),
    ("heatmap", "Articles by theme"),
    ("clusters", "Clusters"),
    ("mentions", "Mentions"),
    ("co-mentions", "Co-mentions"),
    ("attention", "Attention"),
    ("index", "Article index"),
    ("methodology", "Methodology"),
)

#: Figures in page order; each is drawn into ``<div id="fig-<name>">``. A build
#: with queries adds the ``attention`` chart after ``co_mentions_heatmap``.
FIGURES = (
    "articles_per_period",
    "theme_share",
    "theme_heatmap",
    "cluster_terms",
    "cluster_map",
    "mentions_over_time",
    "co_mentions_heatmap",
)

# Caps that keep the page usable (and small) for very large corpora: the
# heatmap and the map sample inside their chart functions; the index holds
# every article up to this many (about 290 bytes a row: 3.5 MB at 12,000, which
# keeps the page under 10 MB at 100,000 articles too).
_MAX_INDEX_ROWS = 12_000
_MAX_HEATMAP_ARTICLES = MAX_ARTICLES
_MAX_MAP_POINTS = MAX_POINTS
_TOP_TABLE = 15
_TOP_ENTITIES_PER_ARTICLE = 3

# Plotly options: no logo, no links to plotly's servers, no MathJax.
_PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "typesetMath": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}

_BUILD_TIME_KEYS = ("built_at", "build_time", "published_at")
_LEXICON_KEYS = ("lexicon_versions", "lexicons")

_METHODOLOGY = (
    "Articles are read from the raw folder, their text repaired (mojibake such as 'โ€™' turned back "
    "into '’') and stripped of site boilerplate. The headline is the page's title, "
    "else its first highlight, else its first sentence; the date is read from the dateline, the metadata "
    "or the prose. Articles whose date cannot be found are kept and counted as undated: they appear in "
    "every table and count, but not on time axes.",
    "Themes: every article is turned into a TF-IDF vector over the corpus (single words plus the "
    "lexicon's seed phrases). The seed terms of each theme give a first, prior score by cosine "
    "similarity; classifiers trained on the articles each theme holds most clearly then learn which "
    "other words mark it, and the training is repeated on the re-ranked corpus until assignments "
    "settle, so a theme also reaches articles that never use its seed words. The corpus's background "
    "is learned as well: the corpus is clustered, a cluster belongs to a theme when its articles carry "
    "enough of the theme's seed evidence (or when its nearest cluster is the theme's and the learned "
    "words make it as clearly the theme's), and the clusters no theme claims are what the corpus is "
    "about besides the themes. A theme score is an absolute relevance between 0 and 1: the probability "
    "that the article is about the theme rather than another theme or the background, comparable "
    "across articles and corpora; an article's scores sum to at most 1. Its primary theme is its best "
    "theme when that probability is at least 0.5, and 'unassigned' means it is about none of the themes "
    "(or none clearly). When every cluster belongs to a theme, or the corpus has under 20 articles, "
    "there is no background and the scores are shares of the themes (under 20 articles, an article "
    "without any seed term scores 0); a build made with theme scores 'shares' always scores so. A share "
    "says how the article divides among the themes, not whether it is about any: an article's shares "
    "sum to 1, its primary theme is its best when the share clearly beats an even split (1/K + 0.1 "
    "(1 - 1/K), 0.25 for six themes), and an article about none of the themes still leans to one.",
    "Clusters: a cluster is a group of articles that use the same words more than the rest of the "
    "corpus does, found without labels. The same TF-IDF vectors (single words) are reduced with latent "
    "semantic analysis (truncated SVD fitted on a sample) and normalised; a mixture of spherical "
    "(von Mises-Fisher) distributions is fitted from thirteen starting partitions, among them the plain "
    "k-means one, and the most likely fit is kept. The number of clusters is chosen by the gap "
    "statistic (the clusters' cohesion compared with that of corpora whose words are shuffled between "
    "articles) unless set; the clusters table records how it was set. A cluster's top terms are the "
    "terms most distinctive of it compared with the other clusters (class-based TF-IDF), leaving out "
    "terms found in more than half of the articles and a short list of news words (\"said\", agency "
    "names, units); the map places the articles on two dimensions of the reduced space. A corpus in two "
    "or more languages with at least ten articles each is clustered one language at a time (an English "
    "and a Chinese article share almost no terms, so a joint clustering would mostly split them by "
    "language); the clusters table says each cluster's language, and map positions compare within a "
    "language only.",
    "Shares: the theme share of a period is the number of its dated articles whose primary theme it is, "
    "divided by all its dated articles. The share of an entity is the number of the period's dated "
    "articles that mention it at least once divided by all its dated articles (the normalisation GDELT "
    "and Media Cloud use), so busy periods do not look like rising attention. Mentions are matched "
    "against the entity lexicon's aliases, longest match first, without overlaps; co-mentions count "
    "the articles naming both entities, with their Jaccard index and pointwise mutual information.",
)


class _Build(Protocol):
    """What :func:`write_report` reads of a build (a ``BuildResult`` or a look-alike)."""

    @property
    def tables(self) -> Mapping[str, Any]: ...

    @property
    def manifest(self) -> Mapping[str, Any]: ...


def write_report(
    result: _Build, out: str | Path, *, progress: bool = False, title: str | None = None
) -> Path:
    """Write the HTML report of a build to one self-contained file.

    Parameters
    ----------
    result : reexdata.pipeline.BuildResult
        The build; its ``tables`` (name to polars frame, as declared in
        :mod:`reexdata.schema`) and ``manifest`` are used. Missing tables
        count as empty.
    out : str or Path
        The HTML file to write; its folder is created when missing. The file
        is replaced atomically.
    progress : bool, default=False
        Show a progress bar over the report's sections.
    title : str, default=None
        The report's title (a project's ``title``); None: "Rare-earth news
        coverage". The lexicons and periods are the build's: pass them to
        :func:`reexdata.build`.

    Returns
    -------
    Path
        ``out``.

    Examples
    --------
    The report of a build of the raw folder:

    >>> import reexdata as rx
    >>> result = rx.build("data/raw", "data/processed")          # doctest: +SKIP
    >>> rx.write_report(result, "reports/report.html")           # doctest: +SKIP
    PosixPath('reports/report.html')

    Any object with ``tables`` and ``manifest`` will do; an empty build gives
    a report whose charts say there is nothing to draw:

    >>> import pathlib, tempfile, types
    >>> from reexdata.report import write_report
    >>> empty = types.SimpleNamespace(tables={}, manifest={})
    >>> path = write_report(empty, pathlib.Path(tempfile.mkdtemp()) / "report.html")
    >>> path.read_text(encoding="utf-8").count('data-figure="')
    7
    """
    check_type("write_report", "out", out, (str, Path), "a str or Path")
    check_type("write_report", "progress", progress, bool, "a bool")
    if title is not None:
        check_type("write_report", "title", title, str, "a str or None")
    page = _render(result, progress=progress, title=title or DEFAULT_TITLE)
    return _write(Path(out), page)


def _render(result: _Build, *, progress: bool = False, title: str = "") -> str:
    """The report's HTML for ``result``."""
    from tqdm.auto import tqdm

    tables = _Tables(result)
    ctx: dict[str, Any] = {"figures": {}, "figure_specs": []}
    steps: list[Callable[[_Tables, dict], None]] = [
        _summary, _themes, _heatmap, _clusters, _mentions, _co_mentions, _attention, _index, _methodology,
    ]
    bar = tqdm(steps, desc="reexdata report", unit="section", disable=not progress, file=sys.stderr, leave=False)
    labels = tables.manifest.get("theme_labels")
    with _using_theme_labels(labels if isinstance(labels, dict) else None):
        for step in bar:
            step(tables, ctx)
    ctx.update(
        title=title or DEFAULT_TITLE,
        subtitle=_subtitle(ctx),
        version=__version__,
        sections=[{"id": sid, "title": title} for sid, title in SECTIONS],
        figure_count=len(ctx["figure_specs"]),
        # Our own constant, in a <style> block where HTML escaping would break its quotes.
        font_family=Markup(FONT_FAMILY),
        plotly_js=Markup(_plotly_js()),
        plotly_config=Markup(_safe_json(json.dumps(_PLOTLY_CONFIG, sort_keys=True))),
    )
    return _environment().get_template("report.html.j2").render(**ctx)


def _write(path: Path, page: str) -> Path:
    return write_text_atomic(path, page)


# ----------------------------------------------------------------- inputs


class _Tables:
    """The build's tables with a few derived lookups, computed once."""

    def __init__(self, result: _Build):
        raw = getattr(result, "tables", None) or {}
        self.manifest = dict(getattr(result, "manifest", None) or {})
        self._raw = raw
        self.articles = self.get("articles")
        self.themes = self.get("themes")
        self.entities = self.get("entities")
        self.mentions = self.get("mentions")
        self.names = dict(zip(self.entities["entity"].to_list(), self.entities["name"].to_list()))

    def get(self, name: str) -> pl.DataFrame:
        frame = self._raw.get(name)
        if frame is None:
            return empty_table(name)
        if not isinstance(frame, pl.DataFrame):
            frame, _ = _to_polars(frame, "write_report", f"result.tables[{name!r}]")
        return frame

    def primary(self) -> pl.DataFrame:
        """``article_id`` -> ``primary`` (theme id, null when unassigned)."""
        first = self.themes.filter(pl.col("is_primary")).sort(["article_id", "rank"])
        return first.unique("article_id", keep="first").select("article_id", pl.col("theme").alias("primary"))




# --------------------------------------------------------------- sections


def _summary(t: _Tables, ctx: dict) -> None:
    arts = t.articles
    dated = arts.filter(pl.col("published").is_not_null())
    rejects = t.get("rejects")
    if dated.height:
        low, high = cast(dt.date, dated["published"].min()), cast(dt.date, dated["published"].max())
        date_range = _day(low) if low == high else f"{_day(low)} to {_day(high)}"
    else:
        date_range = "no dates"
    sources = (
        arts.group_by(pl.col("date_source").fill_null("none (undated)"))
        .agg(pl.len().alias("articles"))
        .sort(["articles", "date_source"], descending=[True, False])
    )
    languages = (
        arts.group_by(pl.col("language").fill_null("unknown"))
        .agg(pl.len().alias("articles"))
        .sort(["articles", "language"], descending=[True, False])
        if "language" in arts.columns else pl.DataFrame()
    )
    ctx["summary"] = {
        "languages": [{"language": lang, "articles": n, "share": f"{n / arts.height:.0%}"}
                      for lang, n in languages.iter_rows()],
        "articles": arts.height,
        "dated": dated.height,
        "undated": arts.height - dated.height,
        "rejected": rejects.height,
        "date_range": date_range,
        "date_sources": [{"source": s, "articles": n} for s, n in sources.iter_rows()],
        "reject_reasons": _reject_reasons(rejects),
        "rejects": sorted(rejects.select("source", "reason", "detail").iter_rows(named=True),
                          key=lambda r: _natural_key(r["source"])),
    }
    # The tables' period lengths (the build chose them); the articles chart
    # takes the themes' one, lengthened if the dated span holds too many.
    ctx["table_freqs"] = {
        "themes": _freq(t.get("themes_over_time"), t.manifest),
        "mentions": _freq(t.get("mentions_over_time"), t.manifest, option="mentions_freq"),
    }
    ctx["stories_note"] = _stories_note(t.get("stories"), arts.height)
    ctx["freq"] = _choose_freq(dated["published"], ctx["table_freqs"]["themes"])
    ctx["period_note"] = _period_note(dated["published"], ctx["freq"], ctx["table_freqs"])
    _add_figure(ctx, "articles_per_period", plots.articles_per_period(arts, freq=ctx["freq"]))


def _reject_reasons(rejects: pl.DataFrame) -> list[dict[str, Any]]:
    """Rejected inputs by reason, most common first."""
    if rejects.height == 0:
        return []
    counts = (
        rejects.group_by("reason").agg(pl.len().alias("inputs")).sort(["inputs", "reason"], descending=[True, False])
    )
    return [{"reason": reason, "inputs": n} for reason, n in counts.iter_rows()]


def _natural_key(text: str) -> list[tuple[int, int | str]]:
    """Sort key reading digit runs as numbers: "#4" before "#3979", "a2" before "a10"."""
    return [(0, int(part)) if part.isdigit() else (1, part.casefold()) for part in _DIGITS.split(text) if part]


_DIGITS = re.compile(r"(\d+)")


def _themes(t: _Tables, ctx: dict) -> None:
    primary = t.articles.select("article_id").join(t.primary(), on="article_id", how="left")
    counts = (
        primary.group_by(pl.col("primary").fill_null(UNASSIGNED))
        .agg(pl.len().alias("articles"))
        .sort(["articles", "primary"], descending=[True, False])
    )
    ctx["primary_counts"] = [
        {"theme": _plain(_theme_label(theme)), "articles": n} for theme, n in counts.iter_rows()
    ]
    freq = ctx["table_freqs"]["themes"]
    _add_figure(ctx, "theme_share", plots.theme_share(t.get("themes_over_time"), kind="area", freq=freq))


def _heatmap(t: _Tables, ctx: dict) -> None:
    arts = t.articles
    ctx["heatmap_note"] = ""
    if arts.height > _MAX_HEATMAP_ARTICLES:
        ctx["heatmap_note"] = (
            f"With {arts.height} articles, the chart shows the {PER_THEME} highest-scoring "
            "articles of each theme; the themes table holds every score."
        )
    _add_figure(ctx, "theme_heatmap", plots.theme_heatmap(t.themes, arts, max_articles=_MAX_HEATMAP_ARTICLES))


def _clusters(t: _Tables, ctx: dict) -> None:
    clusters = t.get("clusters").sort("cluster")
    # The language column is shown when the corpus was clustered per language.
    ctx["cluster_languages"] = "language" in clusters.columns and clusters["language"].drop_nulls().n_unique() > 1
    ctx["clusters"] = [
        {"cluster": r["cluster"], "label": r["label"], "size": r["size"], "terms": ", ".join(r["top_terms"] or []),
         "language": r.get("language") or ""}
        for r in clusters.iter_rows(named=True)
    ]
    _add_figure(ctx, "cluster_terms", plots.cluster_terms(clusters))
    points = t.get("cluster_assignments")
    ctx["cluster_map_note"] = ""
    if points.height > _MAX_MAP_POINTS:
        ctx["cluster_map_note"] = (
            f"The map shows a sample of about {_MAX_MAP_POINTS} of the {points.height} articles, "
            "drawn from each cluster in proportion to its size (the same sample every time); "
            "the cluster_assignments table places them all."
        )
    fig = plots.cluster_map(points, clusters, t.articles, t.themes, max_points=_MAX_MAP_POINTS)
    _add_figure(ctx, "cluster_map", fig)


def _mentions(t: _Tables, ctx: dict) -> None:
    totals = (
        t.mentions.group_by("entity")
        .agg(pl.len().alias("articles"), pl.col("mentions").sum())
        .join(t.entities.select("entity", "name", "type"), on="entity", how="left")
        .sort(["articles", "mentions", "entity"], descending=[True, True, False])
        .head(_TOP_TABLE)
    )
    ctx["top_entities"] = [
        {"name": r["name"] or r["entity"], "type": r["type"] or "", "articles": r["articles"], "mentions": r["mentions"]}
        for r in totals.iter_rows(named=True)
    ]
    fig = plots.mentions_over_time(
        t.get("mentions_over_time"), measure="share", names=t.names, freq=ctx["table_freqs"]["mentions"]
    )
    _add_figure(ctx, "mentions_over_time", fig)


def _co_mentions(t: _Tables, ctx: dict) -> None:
    pairs = t.get("co_mentions")
    top = pairs.sort(["articles", "jaccard", "entity_a", "entity_b"], descending=[True, True, False, False])
    ctx["top_pairs"] = [
        {
            "a": t.names.get(r["entity_a"], r["entity_a"]),
            "b": t.names.get(r["entity_b"], r["entity_b"]),
            "articles": r["articles"],
            "jaccard": f"{r['jaccard']:.2f}",
            "pmi": f"{r['pmi']:.2f}",
        }
        for r in top.head(_TOP_TABLE).iter_rows(named=True)
    ]
    _add_figure(ctx, "co_mentions_heatmap", plots.co_mentions_heatmap(pairs, top=15, names=t.names))


def _attention(t: _Tables, ctx: dict) -> None:
    # Drawn only for a build with queries; without them the section says so.
    table, freq = t.get("attention"), ctx["table_freqs"]["mentions"]
    options = t.manifest.get("options")
    ctx["attention"] = _attention_rows(table, options.get("queries") if isinstance(options, dict) else None, freq)
    if table.height:
        _add_figure(ctx, "attention", plots.attention(table, freq=freq))


def _index(t: _Tables, ctx: dict) -> None:
    arts = _newest_first(t.articles)
    ctx["index_note"] = ""
    if arts.height > _MAX_INDEX_ROWS:
        ctx["index_note"] = (
            f"Showing the {_MAX_INDEX_ROWS} most recent of {arts.height} articles; the articles.parquet "
            "file of the tables folder holds them all."
        )
        arts = arts.head(_MAX_INDEX_ROWS)
    top = (
        t.mentions.sort(["article_id", "mentions", "first_offset", "entity"], descending=[False, True, False, False])
        .group_by("article_id", maintain_order=True)
        .agg(pl.col("entity").head(_TOP_ENTITIES_PER_ARTICLE).alias("top"))
    )
    rows = arts.join(t.primary(), on="article_id", how="left").join(top, on="article_id", how="left")
    rows = _newest_first(rows)
    ctx["index"] = [
        {
            "date": _day(r["published"]) if r["published"] else "undated",
            "headline": r["headline"],
            "theme": _plain(_theme_label(r["primary"])) if r["primary"] else UNASSIGNED,
            "entities": ", ".join(t.names.get(e, e) for e in (r["top"] or [])),
            "source": r["source"],
        }
        for r in rows.iter_rows(named=True)
    ]


def _methodology(t: _Tables, ctx: dict) -> None:
    m = t.manifest
    ctx["methodology"] = list(_METHODOLOGY)
    facts = [{"name": "reexdata version", "value": str(m.get("reexdata_version") or __version__)}]
    for name, version in _lexicon_versions(m).items():
        facts.append({"name": f"{name} lexicon", "value": f"version {version}"})
    built = next((m[k] for k in _BUILD_TIME_KEYS if m.get(k)), None)
    facts.append({"name": "Build time", "value": str(built) if built else "unknown"})
    if m.get("fingerprint"):
        facts.append({"name": "Input fingerprint", "value": str(m["fingerprint"])})
    if "schema_version" in m:
        facts.append({"name": "Table schema version", "value": str(m["schema_version"])})
    freqs = ctx["table_freqs"]
    facts.append({
        "name": "Periods",
        "value": f"themes by {_FREQ_NAMES[freqs['themes']]}, mentions by {_FREQ_NAMES[freqs['mentions']]}",
    })
    if scores := _theme_scores(m):
        facts.append({"name": "Theme scores", "value": scores})
    ctx["build_facts"] = facts
    ctx["built"] = str(built) if built else None


def _theme_scores(manifest: dict) -> str | None:
    """How the build scored themes, in words; None when the manifest does not say."""
    options = manifest.get("options")
    if not isinstance(options, dict):
        return None
    method = options.get("theme_scores")
    return {"relevance": "relevances (unassigned: about none of the themes)",
            "shares": "shares of the themes (never about none)"}.get(str(method))


_FREQ_NAMES = {"D": "day", "W": "week (Monday to Sunday)", "M": "month", "Q": "quarter", "Y": "year"}


def _lexicon_versions(manifest: dict) -> dict[str, str]:
    for key in _LEXICON_KEYS:
        value = manifest.get(key)
        if isinstance(value, dict) and value:
            return {str(k): _version(v) for k, v in sorted(value.items())}
    # The build uses the shipped lexicons: read their versions.
    versions = {}
    for name in LEXICON_NAMES:
        try:
            versions[name] = str(load_lexicon(name).get("version", "unknown"))
        except (ReexdataError, OSError):
            versions[name] = "unknown"
    return versions


def _version(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("version")
    return "unknown" if value is None else str(value)


# ---------------------------------------------------------------- helpers


def _add_figure(ctx: dict, name: str, fig: go.Figure) -> None:
    div_id = "fig-" + name.replace("_", "-")
    ctx["figures"][name] = Markup(f'<div id="{div_id}" class="figure"></div>')
    ctx["figure_specs"].append({"id": div_id, "json": Markup(_safe_json(fig.to_json()))})


def _safe_json(text: str) -> str:
    """JSON that cannot end a ``<script>`` block nor open an HTML comment or entity."""
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("/", "\\u002f")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    # plotly.js holds no "</script"; the replacement keeps it so if that changes.
    return get_plotlyjs().replace("</script", "<\\/script")


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("reexdata", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def _freq(table: pl.DataFrame, manifest: dict, *, option: str = "themes_freq") -> str:
    """The period length of an over-time table: from the build options, else from its periods."""
    options = manifest.get("options")
    if isinstance(options, dict) and options.get(option) in FREQS:
        return options[option]
    periods = sorted(table["period"].drop_nulls().unique().to_list())
    return _guess_freq(periods) or "M"


def _period_note(published: pl.Series, freq: str, table_freqs: dict[str, str]) -> str:
    """Which period length each time chart uses, and why when it is longer than usual."""
    if not published.len():
        return ""
    note = (
        f"Articles are counted by {_FREQ_NAMES[freq]}; theme shares by {_FREQ_NAMES[table_freqs['themes']]}, "
        f"mentions by {_FREQ_NAMES[table_freqs['mentions']]}."
    )
    first, last = cast(dt.date, published.min()), cast(dt.date, published.max())
    if any(_count_periods(first, last, f) > MAX_PERIODS for f in (THEME_FREQ, MENTION_FREQ)):  # the lengths a build starts from
        note += (
            f" The dates run from {_day(first)} to {_day(last)}: periods are lengthened (day, week, month, "
            f"quarter, year) until that span holds at most {MAX_PERIODS} of them."
        )
    return note


def _newest_first(arts: pl.DataFrame) -> pl.DataFrame:
    return arts.sort(
        ["published", "headline", "article_id"], descending=[True, False, False], nulls_last=True
    )


def _day(day: dt.date) -> str:
    return day.isoformat()


def _plain(label: str) -> str:
    """Undo the chart escaping of a label: Jinja2 escapes it again in the page."""
    return html.unescape(label)


def _subtitle(ctx: dict) -> str:
    s = ctx["summary"]
    text = f"{_plural(s['articles'], 'article')} ({s['undated']} undated), {s['date_range']}."
    if ctx.get("built"):
        text += f" Built {ctx['built']}."
    return text
