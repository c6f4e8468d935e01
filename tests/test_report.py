"""The HTML report: contents, escaping, self-containment, determinism, atomic write."""

import dataclasses
import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest
from plots import plot_fixture_tables as fixture_tables
from plots.plot_fixture_tables import XSS, all_tables, table

import reexdata.plots
from reexdata import pipeline
from reexdata.report import FIGURES, SECTIONS, write_report

MANIFEST = {
    "fingerprint": "f" * 64,
    "published_at": "2026-11-22T10:15:00+00:00",
    "reexdata_version": "0.1.0",
    "schema_version": 1,
    "lexicons": {"themes": "2025.09.1", "entities": "2025.09.2", "boilerplate": None},
    "options": {"assume_year": None, "themes_freq": "M", "mentions_freq": "M"},
}


@dataclasses.dataclass
class Result:
    """What write_report reads of a BuildResult: its tables and manifest."""

    tables: dict
    manifest: dict


def _result(**changes) -> Result:
    tables = all_tables()
    for name, frame in changes.items():
        if frame is None:
            del tables[name]
        else:
            tables[name] = frame
    return Result(tables, dict(MANIFEST))


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("report") / "report.html"
    return write_report(_result(), out).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory) -> str:
    """A report whose headline, source, reject, cluster and entity texts are markup."""
    out = tmp_path_factory.mktemp("hostile") / "report.html"
    return write_report(_hostile_result(), out).read_text(encoding="utf-8")


class _Tables(HTMLParser):
    """Collects the cell texts of every table, by table id (or position)."""

    def __init__(self):
        super().__init__()
        self.tables, self._id, self._row, self._cell = {}, None, None, None
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._id = attrs.get("id") or f"table{len(self.tables)}"
            self.tables[self._id] = []
        elif tag == "tr" and self._id:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._id].append(self._row)
            self._row = None
        elif tag == "table":
            self._id = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def _tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def _without_plotly_js(html: str) -> str:
    from plotly.offline import get_plotlyjs

    return html.replace(get_plotlyjs(), "")


def _figure_json(html: str, name: str) -> dict:
    """The plotly JSON of figure ``name`` (as in FIGURES) in the page."""
    div = "fig-" + name.replace("_", "-")
    found = re.search(rf'<script type="application/json" id="{div}-data" data-figure="{div}">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_returns_path_and_creates_folder(tmp_path):
    out = tmp_path / "reports" / "nested" / "report.html"
    assert write_report(_result(), out) == out
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_accepts_str_path(tmp_path):
    out = str(tmp_path / "report.html")
    assert write_report(_result(), out) == Path(out)


def test_sections_in_order(html):
    ids = re.findall(r'<section id="([^"]+)"', html)
    assert ids == [sid for sid, _ in SECTIONS]


def test_headings(html):
    assert re.findall(r"<h2>([^<]+)</h2>", html) == [
        "Corpus summary", "Themes over time", "Articles by theme", "Topic clusters",
        "Mentions over time", "Co-mentions", "Attention", "Article index", "Methodology",
    ]


def test_one_container_and_one_json_spec_per_figure(html):
    divs = re.findall(r'<div id="(fig-[a-z-]+)" class="figure"></div>', html)
    specs = re.findall(r'<script type="application/json" id="(fig-[a-z-]+)-data" data-figure="\1">', html)
    assert divs == specs == ["fig-" + f.replace("_", "-") for f in FIGURES]
    assert '<meta name="reexdata-figures" content="7">' in html


def test_plotly_js_embedded_once_inline(html):
    from plotly.offline import get_plotlyjs

    assert html.count(get_plotlyjs()) == 1
    assert "<script src" not in html


def test_asks_no_outside_host(html):
    page = _without_plotly_js(html)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page
    assert "@import" not in page
    assert "url(" not in page


def test_corpus_summary_counts(html):
    stats = re.findall(r"<li><b>([^<]+)</b><span>([^<]+)</span></li>", html)
    assert stats == [
        ("4", "articles loaded"), ("3", "dated"), ("1", "undated"), ("1", "file rejected"),
        ("2025-01-06 to 2025-03-03", "date range"),
    ]


def test_corpus_summary_of_one_article_is_singular(tmp_path):
    tables = all_tables()
    tables["articles"] = tables["articles"].head(1)
    html = write_report(Result(tables, dict(MANIFEST)), tmp_path / "r.html").read_text(encoding="utf-8")
    assert re.findall(r"<li><b>([^<]+)</b><span>([^<]+)</span></li>", html)[0] == ("1", "article loaded")


def test_date_sources_table(html):
    assert _tables(html)["table0"] == [["Date source", "Articles"], ["dateline", "3"], ["none (undated)", "1"]]


def test_rejected_files_counted_by_reason(html):
    assert _tables(html)["table2"] == [["Reason", "Files"], ["empty", "1"]]


def test_rejected_files_listed_in_a_collapsed_details(html):
    details = html[html.index("<details>"):html.index("</details>")]
    assert "<summary>Every rejected file (1)</summary>" in details
    assert _tables(html)["rejects"] == [["File", "Reason", "Detail"], ["empty.txt", "empty", "the file is empty"]]


def test_rejects_sorted_numerically_and_counted_most_common_first(tmp_path):
    rows = [(f"dup #{n}", "duplicate", "same text") for n in (3979, 4, 12)] + [("a.bin", "unsupported", "binary")]
    html = write_report(_result(rejects=table("rejects", rows)), tmp_path / "r.html").read_text(encoding="utf-8")
    assert _tables(html)["table2"] == [["Reason", "Files"], ["duplicate", "3"], ["unsupported", "1"]]
    assert [r[0] for r in _tables(html)["rejects"][1:]] == ["a.bin", "dup #4", "dup #12", "dup #3979"]


def test_no_rejects_says_so(tmp_path):
    html = write_report(_result(rejects=table("rejects", [])), tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Every input file was loaded." in html


def test_primary_theme_counts(html):
    assert _tables(html)["table4"] == [
        ["Primary theme", "Articles"], ["Markets and pricing", "1"], ["Party discipline", "1"],
        ["Resource security", "1"], ["Unassigned", "1"],
    ]


def test_theme_labels_come_from_the_builds_lexicon(tmp_path):
    result = _result()
    result.manifest["theme_labels"] = {"markets_pricing": "Prices", "party_discipline": "Party"}
    html = write_report(result, tmp_path / "r.html").read_text(encoding="utf-8")
    assert [row[0] for row in _tables(html)["table4"][1:]] == ["Prices", "Party", "Resource security", "Unassigned"]


def test_title_is_the_one_given(tmp_path):
    html = write_report(_result(), tmp_path / "r.html", title="Grain <desk>").read_text(encoding="utf-8")
    assert (html.count("<title>Grain &lt;desk&gt;</title>"), html.count("<h1>Grain &lt;desk&gt;</h1>")) == (1, 1)


def test_cluster_table(html):
    assert _tables(html)["table5"] == [
        ["Cluster", "Label", "Articles", "Top terms"],
        ["0", "Markets pricing", "2", "prices, exploration, baogang"],
        ["1", "Party discipline", "2", "party, standards"],
    ]


def test_entity_table_uses_display_names(html):
    assert _tables(html)["table6"] == [
        ["Entity", "Type", "Articles", "Mentions"],
        ["Baogang", "company", "2", "3"],
        ["Bayan Obo", "place", "1", "1"],
        ["Chinese Society of Rare Earths", "organisation", "1", "1"],
    ]


def test_co_mention_table(html):
    assert _tables(html)["table7"] == [
        ["Entity", "Entity", "Articles", "Jaccard", "PMI"], ["Baogang", "Bayan Obo", "1", "0.50", "1.00"],
    ]


def test_article_index_newest_first_with_theme_entities_and_source(html):
    assert _tables(html)["article-index"] == [
        ["Date", "Headline", "Primary theme", "Top entities", "Source file"],
        ["2025-03-03", "Baogang opens new exploration block", "Resource security", "Baogang, Bayan Obo", "fixture_2.txt"],
        ["2025-01-20", "Party committee studies discipline", "Party discipline", "Baogang", "fixture_1.txt"],
        ["2025-01-06", "Prices of praseodymium climb", "Markets and pricing", "", "fixture_0.txt"],
        ["undated", "Standards body backs new materials", "unassigned", "Chinese Society of Rare Earths",
         "fixture_3.txt"],
    ]


def test_methodology_names_versions_and_build_time(html):
    meta = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", html))
    assert meta == {
        "reexdata version": "0.1.0",
        "boilerplate lexicon": "version unknown",
        "entities lexicon": "version 2025.09.2",
        "themes lexicon": "version 2025.09.1",
        "Build time": "2026-11-22T10:15:00+00:00",
        "Input fingerprint": "f" * 64,
        "Table schema version": "1",
        "Periods": "themes by month, mentions by month",
    }


@pytest.mark.parametrize(("options", "expected"), [
    ({"theme_scores": "relevance"}, "relevances (unassigned: about none of the themes)"),
    ({"theme_scores": "shares"}, "shares of the themes (never about none)"),
    ({}, None),
])
def test_methodology_says_how_themes_were_scored(tmp_path, options, expected):
    result = _result()
    result.manifest["options"] = dict(MANIFEST["options"], **options)
    html = write_report(result, tmp_path / "r.html").read_text(encoding="utf-8")
    assert dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", html)).get("Theme scores") == expected


def test_page_font_stack_puts_cjk_fonts_after_the_latin_ones(html):
    body = re.search(r"body \{[^}]*font: 15px/1\.5 ([^;]*);", html).group(1)
    assert body == (
        "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
        "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
    )


def test_cluster_table_shows_the_language_of_per_language_clusters(tmp_path):
    clusters = all_tables()["clusters"].with_columns(pl.Series("language", ["en", "zh"]))
    page = write_report(_result(clusters=clusters), tmp_path / "r.html").read_text(encoding="utf-8")
    assert [row[:2] for row in _tables(page)["table5"]] == [["Cluster", "Language"], ["0", "en"], ["1", "zh"]]


def test_methodology_says_clusters_are_per_language(html):
    section = html[html.index('<section id="methodology">'):]
    assert "clustered one language at a time" in section


def test_methodology_explains_themes_clusters_and_shares(html):
    section = html[html.index('<section id="methodology">'):]
    for phrase in ("primary theme", "k-means", "class-based TF-IDF", "divided by all its dated articles",
                   "absolute relevance", "about none of the themes"):
        assert phrase in section


def _hostile_result() -> Result:
    tables = all_tables()
    tables["articles"] = tables["articles"].with_columns(
        pl.when(pl.col("source") == "fixture_0.txt").then(pl.lit(XSS)).otherwise(pl.col("headline")).alias("headline"),
        pl.when(pl.col("source") == "fixture_1.txt").then(pl.lit(f"a/{XSS}.txt")).otherwise(pl.col("source"))
        .alias("source"),
    )
    tables["rejects"] = table("rejects", [(XSS, "empty", XSS)])
    tables["clusters"] = tables["clusters"].with_columns(pl.lit(XSS).alias("label"), pl.lit([XSS]).alias("top_terms"))
    tables["entities"] = tables["entities"].with_columns(pl.lit(XSS).alias("name"))
    return Result(tables, dict(MANIFEST, fingerprint=XSS))


def test_markup_in_article_text_never_appears_raw(hostile_html):
    assert XSS not in hostile_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_html


def test_every_script_close_tag_closes_a_script_we_wrote(hostile_html):
    assert hostile_html.lower().count("</script") == hostile_html.lower().count("<script") == 3 + len(FIGURES)


def test_headline_shown_as_text_in_index(hostile_html):
    headlines = [row[1] for row in _tables(hostile_html)["article-index"][1:]]
    assert XSS in headlines


def test_figure_json_escapes_markup_characters(hostile_html):
    specs = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', hostile_html, flags=re.S)
    assert len(specs) == len(FIGURES)
    assert not [s for s in specs if re.search(r"[<>&]", s)]


def test_same_tables_give_same_bytes(tmp_path):
    first = write_report(_result(), tmp_path / "a.html").read_bytes()
    second = write_report(_result(), tmp_path / "b.html").read_bytes()
    assert first == second


def test_only_build_time_differs_between_builds(tmp_path):
    first = write_report(_result(), tmp_path / "a.html").read_text(encoding="utf-8")
    later = _result()
    later.manifest["published_at"] = "2026-12-01T08:00:00+00:00"
    second = write_report(later, tmp_path / "b.html").read_text(encoding="utf-8")
    assert first != second
    assert first.replace("2026-11-22T10:15:00+00:00", "T") == second.replace("2026-12-01T08:00:00+00:00", "T")


def test_missing_tables_count_as_empty(tmp_path):
    result = _result(clusters=None, cluster_assignments=None, co_mentions=None)
    html = write_report(result, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "No cluster to show." in html
    assert "No article was clustered." in html
    assert "No two entities are mentioned in the same article." in html


def test_empty_corpus_still_gives_every_figure(tmp_path):
    empty = Result({}, {})
    html = write_report(empty, tmp_path / "r.html").read_text(encoding="utf-8")
    assert len(re.findall(r'data-figure="', html)) == len(FIGURES)
    assert "No articles to count." in html


@pytest.mark.parametrize("note", [
    "No article was loaded, so there is no date to trace.",
    "No clusters: clustering needs two articles at least.",
    "No entity of the lexicon is mentioned in these articles.",
    "No two entities are mentioned in the same article.",
    "No article was loaded.",
])
def test_empty_corpus_sections_say_why(tmp_path, note):
    html = write_report(Result({}, {}), tmp_path / "r.html").read_text(encoding="utf-8")
    assert f'<p class="note">{note}</p>' in html


def test_all_undated_corpus(tmp_path):
    tables = all_tables()
    tables["articles"] = tables["articles"].with_columns(pl.lit(None, dtype=pl.Date).alias("published"))
    tables["themes_over_time"] = tables["themes_over_time"].filter(pl.col("period").is_null())
    tables["mentions_over_time"] = tables["mentions_over_time"].filter(pl.col("period").is_null())
    html = write_report(Result(tables, {}), tmp_path / "r.html").read_text(encoding="utf-8")
    assert "All 4 articles are undated: nothing to place on a time axis." in html
    assert "The one article is undated: nothing to place on a time axis." in html


def _one_article_result() -> Result:
    tables = all_tables()
    arts = tables["articles"].filter(pl.col("headline") == "Prices of praseodymium climb")
    keep = pl.col("article_id").is_in(arts["article_id"].implode())
    tables.update(
        articles=arts,
        rejects=tables["rejects"].head(0),
        themes=tables["themes"].filter(keep),
        cluster_assignments=tables["cluster_assignments"].filter(keep),
        mentions=tables["mentions"].filter(keep),
        themes_over_time=table("themes_over_time", [
            (dt.date(2025, 1, 1), theme, int(theme == "markets_pricing"), 1, float(theme == "markets_pricing"), 0.5)
            for theme in ("markets_pricing", "party_discipline", "resource_security", "unassigned")
        ]),
        mentions_over_time=tables["mentions_over_time"].head(0),
        co_mentions=tables["co_mentions"].head(0),
    )
    return Result(tables, dict(MANIFEST))


@pytest.fixture(scope="module")
def one_article_html(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("one") / "report.html"
    return write_report(_one_article_result(), out).read_text(encoding="utf-8")


def test_one_article_corpus_says_one_article(one_article_html):
    stats = re.findall(r"<li><b>([^<]+)</b><span>([^<]+)</span></li>", one_article_html)
    assert stats[:4] == [("1", "article loaded"), ("1", "dated"), ("0", "undated"), ("0", "files rejected")]
    assert "<p>1 article (0 undated), 2025-01-06." in one_article_html


def test_one_article_corpus_prints_no_count_with_a_wrong_plural(one_article_html):
    page = _without_plotly_js(one_article_html)
    assert not re.findall(r"\b1 (articles|files|mentions)\b", page)


def test_one_article_corpus_draws_dates_not_times_of_day(one_article_html):
    """One period: whole-period axis ranges and period tick formats, never plotly's millisecond ticks."""
    axes = {name: _figure_json(one_article_html, name)["layout"]["xaxis"] for name in ("articles_per_period", "theme_share")}
    assert {name: (a["type"], a["tickformat"], a["range"]) for name, a in axes.items()} == {
        "articles_per_period": ("date", "%b %Y", ["2025-01-01", "2025-02-01"]),
        "theme_share": ("date", "%b %Y", ["2024-12-16 12:00", "2025-01-16 12:00"]),
    }


def test_period_note_names_the_period_lengths(html):
    assert re.search(r'<p class="note" id="period-note">([^<]*)</p>', html).group(1) == (
        "Articles are counted by month; theme shares by month, mentions by month."
    )


def test_period_note_explains_longer_periods_for_a_long_span(tmp_path):
    tables = all_tables()
    tables["articles"] = tables["articles"].with_columns(
        pl.when(pl.col("published") == dt.date(2025, 1, 6)).then(dt.date(1800, 1, 1))
        .when(pl.col("published") == dt.date(2025, 3, 3)).then(dt.date(2199, 12, 31))
        .otherwise(pl.col("published")).alias("published")
    )
    manifest = {"options": {"themes_freq": "Y", "mentions_freq": "Y"}}
    html = write_report(Result(tables, manifest), tmp_path / "r.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="note" id="period-note">([^<]*)</p>', html).group(1) == (
        "Articles are counted by year; theme shares by year, mentions by year. The dates run from 1800-01-01 "
        "to 2199-12-31: periods are lengthened (day, week, month, quarter, year) until that span holds at most "
        "300 of them."
    )
    assert _figure_json(html, "articles_per_period")["data"][0]["x"] == ["1800-01-01", "2025-01-01", "2199-01-01"]


def test_report_takes_longer_periods_than_its_tables_when_the_span_is_long(tmp_path):
    """A look-alike build that says 'M' for centuries still gets a chart of at most 300 periods."""
    tables = all_tables()
    tables["articles"] = tables["articles"].with_columns(
        pl.when(pl.col("published") == dt.date(2025, 1, 6)).then(dt.date(1800, 1, 1))
        .otherwise(pl.col("published")).alias("published")
    )
    html = write_report(Result(tables, dict(MANIFEST)), tmp_path / "r.html").read_text(encoding="utf-8")
    assert _figure_json(html, "articles_per_period")["layout"]["title"]["text"] == "Articles per year"


def test_replaces_existing_report(tmp_path):
    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")
    write_report(_result(), out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_failure_while_rendering_keeps_old_report(tmp_path, monkeypatch):
    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("chart failed")

    monkeypatch.setattr(reexdata.plots, "cluster_map", broken)
    with pytest.raises(RuntimeError, match="chart failed"):
        write_report(_result(), out)
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_progress_bar_over_sections(tmp_path, capsys):
    write_report(_result(), tmp_path / "r.html", progress=True)
    err = capsys.readouterr().err
    assert "reexdata report" in err
    assert f"0/{len(SECTIONS)} [" in err


def test_quiet_without_progress(tmp_path, capsys):
    write_report(_result(), tmp_path / "r.html")
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"out": 3}, "The 'out' parameter of write_report must be a str or Path. Got 3 instead."),
        ({"progress": "yes"}, "The 'progress' parameter of write_report must be a bool. Got 'yes' instead."),
    ],
)
def test_rejects_bad_arguments(tmp_path, kwargs, message):
    args = {"out": tmp_path / "r.html", **kwargs}
    with pytest.raises(TypeError, match=re.escape(message)):
        write_report(_result(), args.pop("out"), **args)


def test_seed_corpus_report(tmp_path, raw_dir):
    """End to end on data/raw: the build's result makes a report of the five seeds."""
    result = pipeline.build(raw_dir, tmp_path / "processed", interim=tmp_path / "interim")
    html = write_report(result, tmp_path / "report.html").read_text(encoding="utf-8")
    index = _tables(html)["article-index"][1:]
    assert len(index) == 5
    assert sorted(row[4] for row in index) == sorted(p.name for p in raw_dir.iterdir())
    assert len(re.findall(r'data-figure="', html)) == len(FIGURES)
    assert "Baogang" in [row[0] for row in _tables(html)["table5"][1:]]


def test_large_corpora_are_capped_with_a_note(tmp_path, monkeypatch):
    import reexdata.report as report

    monkeypatch.setattr(report, "_MAX_HEATMAP_ARTICLES", 2)
    monkeypatch.setattr(report, "_MAX_MAP_POINTS", 2)
    monkeypatch.setattr(report, "_MAX_INDEX_ROWS", 3)
    html = write_report(_result(), tmp_path / "r.html").read_text(encoding="utf-8")
    assert ("With 4 articles, the chart shows the 10 highest-scoring articles of each theme; "
            "the themes table holds every score.") in html
    assert ("The map shows a sample of about 2 of the 4 articles, drawn from each cluster in proportion to "
            "its size (the same sample every time); the cluster_assignments table places them all.") in html
    assert ("Showing the 3 most recent of 4 articles; the articles.parquet file of the tables folder "
            "holds them all.") in html
    assert [row[0] for row in _tables(html)["article-index"][1:]] == ["2025-03-03", "2025-01-20", "2025-01-06"]


def _feed(folder: Path, first: str, last: str) -> Path:
    """A raw folder of one JSONL feed: two articles, dated ``first`` and ``last``."""
    raw = folder / "raw"
    raw.mkdir(parents=True)
    rows = [
        {"title": "Baogang opens a mine at Bayan Obo", "date": first,
         "text": "Baogang opened a mine at Bayan Obo to dig rare earth ore. Lynas watched the prices of neodymium."},
        {"title": "Lynas signs a supply deal", "date": last,
         "text": "Lynas signed a supply deal for neodymium oxide with a magnet maker. Prices rose on the exchange."},
    ]
    (raw / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return raw


@pytest.fixture(scope="module")
def centuries(tmp_path_factory):
    """A build and report of two articles dated 1800 and 2199 (issue 14, item 11)."""
    from reexdata.pipeline import build

    folder = tmp_path_factory.mktemp("centuries")
    result = build(_feed(folder, "1800-01-01", "2199-12-31"), folder / "processed", interim=folder / "interim")
    return result, write_report(result, folder / "report.html")


def test_centuries_apart_pick_years_for_both_over_time_tables(centuries):
    result, _ = centuries
    options = result.manifest["options"]
    assert (options["themes_freq"], options["mentions_freq"]) == ("Y", "Y")


def test_centuries_apart_give_rows_per_article_not_per_day(centuries):
    """Two dated periods: one row per (period, theme) and (period, entity mentioned), nothing between."""
    result, _ = centuries
    tables = result.tables
    themes = tables["themes"]["theme"].n_unique() + 1  # and 'unassigned'
    entities = tables["mentions"]["entity"].n_unique()
    assert (themes, entities) == (7, 4)
    assert tables["themes_over_time"].height == 2 * themes == 14
    assert tables["mentions_over_time"].height == 2 * entities == 8
    assert tables["mentions_over_time"]["period"].unique().sort().to_list() == [dt.date(1800, 1, 1), dt.date(2199, 1, 1)]


def test_centuries_apart_give_a_small_report(centuries):
    _, path = centuries
    html = path.read_text(encoding="utf-8")
    assert len(_without_plotly_js(html).encode()) < 2_000_000  # the page around the embedded plotly.js
    assert "Articles are counted by year; theme shares by year, mentions by year." in html


def test_report_size_follows_articles_not_the_days_between_them(centuries, tmp_path):
    from reexdata.pipeline import build

    _, path = centuries
    near = build(_feed(tmp_path, "2025-01-01", "2025-12-31"), tmp_path / "processed", interim=tmp_path / "interim")
    near_html = write_report(near, tmp_path / "report.html").read_text(encoding="utf-8")
    far_html = path.read_text(encoding="utf-8")
    # The same two articles a year or four centuries apart: pages within 5 kB of each other.
    assert abs(len(far_html.encode()) - len(near_html.encode())) < 5_000


# ------------------------------------------------------- attention, stories

QUERIES = {"baogang": 'baogang OR "Baotou Steel"'}


def _with_queries(**tables) -> Result:
    result = _result(**tables)
    result.manifest["options"] = dict(MANIFEST["options"], queries=QUERIES)
    return result


@pytest.fixture(scope="module")
def attention_html(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("attention") / "report.html"
    return write_report(_with_queries(attention=fixture_tables.attention()), out).read_text(encoding="utf-8")


def _section(html: str, sid: str) -> str:
    return re.search(rf'<section id="{sid}">(.*?)</section>', html, re.S).group(1)


def test_attention_chart_follows_the_co_mentions_heatmap(attention_html):
    divs = re.findall(r'<div id="(fig-[a-z-]+)" class="figure">', attention_html)
    assert divs[-2:] == ["fig-co-mentions-heatmap", "fig-attention"]


def test_attention_chart_draws_each_query(attention_html):
    assert [(t["name"], t["y"]) for t in _figure_json(attention_html, "attention")["data"]] == [
        ("baogang", [0.5, None, 1.0])]


def test_attention_table_gives_matching_articles_share_and_peak(attention_html):
    rows = [t for t in _tables(attention_html).values() if t and t[0][0] == "Name"][0]
    assert rows[1:] == [["baogang", 'baogang OR "Baotou Steel"', "2", "50.0%", "Mar 2025 (100%, 1 of 1 article)"]]


def test_without_queries_the_attention_section_says_why(html):
    section = _section(html, "attention")
    assert ("fig-attention" in section, "No queries in this build" in section) == (False, True)


def test_query_names_and_texts_are_escaped(tmp_path):
    result = _with_queries(attention=fixture_tables.attention().with_columns(pl.lit(XSS).alias("query")))
    result.manifest["options"]["queries"] = {XSS: XSS}
    page = write_report(result, tmp_path / "r.html").read_text(encoding="utf-8")
    assert (XSS in page, _section(page, "attention").count("&lt;script&gt;alert(1)&lt;/script&gt;")) == (False, 2)


def _stories(sizes: list[int]) -> pl.DataFrame:
    """A stories table over the fixture's articles: consecutive articles grouped by ``sizes``."""
    ids = sorted(all_tables()["articles"]["article_id"].to_list())
    rows, start = [], 0
    for size in sizes:
        group = ids[start:start + size]
        rows += [(i, group[0], size) for i in group]
        start += size
    return table("stories", rows)


@pytest.mark.parametrize(("sizes", "note"), [
    ([2, 1, 1], "Stories: 1 of the 4 articles is a copy, reprint or light edit of another, so the corpus holds "
                "3 stories; the largest story has 2 articles."),
    ([3, 1], "Stories: 2 of the 4 articles are copies, reprints or light edits of others, so the corpus holds "
             "2 stories; the largest story has 3 articles."),
    ([1, 1, 1, 1], "Stories: every one of the 4 articles is its own story (no copies or reprints)."),
])
def test_stories_note_counts_the_copies(tmp_path, sizes, note):
    page = write_report(_result(stories=_stories(sizes)), tmp_path / "r.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="note" id="stories-note">([^<]*)</p>', page).group(1) == note


def test_no_stories_table_no_note(html):
    assert 'id="stories-note"' not in html


def test_summary_shows_the_language_mix(tmp_path):
    articles = all_tables()["articles"].with_columns(pl.Series("language", ["zh", "en", None, "zh"]))
    page = write_report(_result(articles=articles), tmp_path / "r.html").read_text(encoding="utf-8")
    assert _tables(page)["languages"] == [
        ["Language (ISO 639-1)", "Articles", "Share"], ["zh", "2", "50%"], ["en", "1", "25%"], ["unknown", "1", "25%"]]


def test_summary_has_no_language_table_without_the_column(tmp_path):
    articles = all_tables()["articles"].drop("language", strict=False)
    page = write_report(_result(articles=articles), tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="languages"' not in page and "languages" not in _tables(page)
