"""The project file: reading and checking it, ``reexdata init``, and a bare ``reexdata report`` on a user's topic."""

import json
import re
from pathlib import Path

import pytest
from newswire import ENTITIES, LABELS, TITLE, TOPICS, write_project

import reexdata as rx
from reexdata.cli import main
from reexdata.errors import LexiconError, ParameterError, PathError
from reexdata.lexicons import load_themes
from reexdata.pipeline import input_fingerprint
from reexdata.project import DEFAULT_TITLE, Project, init_project, load_project, merged_boilerplate

SHIPPED_ENTITY_NAMES = ("Baogang", "Lynas", "MP Materials", "China Northern Rare Earth")


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "reexdata.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _figure_json(html: str) -> dict[str, str]:
    found = re.finditer(r'<script type="application/json" id="([^"]+)-data"[^>]*>(.*?)</script>', html, re.S)
    return {m.group(1): m.group(2) for m in found}


# ------------------------------------------------------------ load_project


def test_no_project_file_gives_the_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_project() == Project()


def test_project_file_in_the_current_folder_is_read(tmp_path, monkeypatch):
    _write(tmp_path, 'title = "Grain desk"\n')
    monkeypatch.chdir(tmp_path)
    assert load_project().title == "Grain desk"


@pytest.mark.parametrize(("key", "value"), [
    ("raw", "raw"), ("processed", "out/tables"), ("interim", "cache"), ("report", "reports/r.html"),
])
def test_paths_are_relative_to_the_project_file(tmp_path, key, value):
    project = load_project(_write(tmp_path / "desk", f'{key} = "{value}"\n'))
    assert getattr(project, key) == tmp_path / "desk" / value


def test_caches_sit_beside_the_tables_when_not_given(tmp_path):
    project = load_project(_write(tmp_path, 'processed = "out/tables"\n'))
    assert project.interim == tmp_path / "out" / "interim"


def test_lexicon_paths_are_relative_to_the_project_file(tmp_path):
    (tmp_path / "lex").mkdir()
    (tmp_path / "lex" / "t.toml").write_text("", encoding="utf-8")
    project = load_project(_write(tmp_path, '[lexicons]\nthemes = "lex/t.toml"\n'))
    assert (project.themes, project.entities, project.boilerplate) == (tmp_path / "lex" / "t.toml", None, None)


@pytest.mark.parametrize(("text", "message"), [
    ('titel = "x"\n', "unknown key 'titel' (known: title, raw, processed, interim, report, freq, assume_year, theme_scores, lexicons, queries)"),
    ('theme_scores = "background"\n', "'theme_scores' must be one of relevance, shares; got 'background'"),
    ('[lexicons]\nthemse = "t.toml"\n', "unknown key 'lexicons.themse' (known: themes, entities, boilerplate)"),
    ('freq = "H"\n', "'freq' must be one of D, W, M, Q, Y; got 'H'"),
    ("assume_year = 99999\n", "'assume_year' must be a year from 1800 to 2199; got 99999"),
    ("raw = 3\n", "'raw' must be a non-empty string; got 3"),
    ('lexicons = "x"\n', "'lexicons' must be a table ([lexicons])"),
    ("title = \n", "is not valid TOML"),
    ('queries = "gallium"\n', "'queries' must be a table ([queries]) of names and query strings"),
    ("[queries]\ngallium = 3\n", "'queries.gallium' must be a query string; got 3"),
    ('[queries]\ng = "gallium OR ("\n', "'queries.g' is not a valid query: unclosed '(' at character 12."),
    ('[queries]\ng = "  "\n', "'queries.g' is not a valid query: the query is empty."),
])
def test_bad_project_file_names_the_key(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(ParameterError, match=re.escape(message)):
        load_project(path)


@pytest.mark.parametrize(("text", "expected"), [("", None), ('theme_scores = "shares"\n', "shares")])
def test_theme_scores_key(tmp_path, text, expected):
    assert load_project(_write(tmp_path, text)).theme_scores == expected


def test_queries_are_read_in_their_order(tmp_path):
    project = load_project(_write(tmp_path, '[queries]\nzinc = "zinc"\ngallium = \'gallium "export controls"\'\n'))
    assert list(project.queries.items()) == [("zinc", "zinc"), ("gallium", 'gallium "export controls"')]


def test_no_queries_is_an_empty_mapping(tmp_path):
    assert load_project(_write(tmp_path, 'title = "x"\n')).queries == {}


def test_missing_lexicon_file_is_named(tmp_path):
    path = _write(tmp_path, '[lexicons]\nentities = "lexicons/entities.toml"\n')
    with pytest.raises(PathError, match=re.escape(
        f"Project file {path}: lexicons.entities file {tmp_path / 'lexicons' / 'entities.toml'} does not exist."
    )):
        load_project(path)


def test_missing_project_file_is_named(tmp_path):
    with pytest.raises(PathError, match=re.escape(f"Project file {tmp_path / 'nope.toml'} does not exist.")):
        load_project(tmp_path / "nope.toml")


# -------------------------------------------------------------------- init


def test_init_writes_a_project_that_loads(tmp_path):
    init_project(tmp_path / "desk", title="Grain desk")
    project = load_project(tmp_path / "desk" / "reexdata.toml")
    assert (project.title, project.raw, project.freq) == ("Grain desk", tmp_path / "desk" / "raw", "M")


def test_init_copies_the_shipped_themes_to_edit(tmp_path):
    init_project(tmp_path)
    assert load_themes(tmp_path / "lexicons" / "themes.toml") == load_themes()


def test_init_makes_an_empty_raw_folder(tmp_path):
    init_project(tmp_path)
    assert list((tmp_path / "raw").iterdir()) == []


def test_init_refuses_to_overwrite(tmp_path):
    _write(tmp_path, 'title = "mine"\n')
    with pytest.raises(PathError, match="reexdata.toml already exists; reexdata init writes only new files."):
        init_project(tmp_path)
    assert (tmp_path / "reexdata.toml").read_text(encoding="utf-8") == 'title = "mine"\n'


@pytest.mark.parametrize("title", ['The "desk"', "a\\b", "two\nlines", "tab\there", "Café 稀土"])
def test_init_title_round_trips(tmp_path, title):
    init_project(tmp_path, title=title)
    assert load_project(tmp_path / "reexdata.toml").title == title


def test_init_writes_nothing_when_raw_is_a_file(tmp_path):
    (tmp_path / "raw").write_text("x")
    with pytest.raises(PathError, match=re.escape(f"{tmp_path / 'raw'} exists and is not a folder")):
        init_project(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]


def test_merged_boilerplate_keeps_the_shipped_patterns(tmp_path):
    merged = merged_boilerplate({"lines": {"comments": ["Post a note"]}})
    assert merged["lines"]["comments"][0] == "Leave a (Reply|Comment)" and merged["lines"]["comments"][-1] == "Post a note"


def test_merged_boilerplate_rejects_a_section_that_is_not_a_table():
    with pytest.raises(LexiconError, match=r"Boilerplate lexicon mapping: \[lines\] must be a table of pattern lists."):
        merged_boilerplate({"lines": ["x"]})


# ------------------------------------------------------- build with lexicons


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("desk")
    write_project(folder, 40)
    return folder


def _build(desk: Path, out: Path, **options):
    return rx.build(desk / "raw", out, interim=None, themes=desk / "lexicons" / "themes.toml",
                    entities=desk / "lexicons" / "entities.toml", **options)


def test_build_scores_the_given_themes(desk, tmp_path):
    result = _build(desk, tmp_path / "out")
    assert sorted(result.tables["themes"]["theme"].unique()) == sorted(TOPICS)


def test_build_counts_the_given_entities(desk, tmp_path):
    result = _build(desk, tmp_path / "out")
    assert sorted(result.tables["entities"]["entity"]) == sorted(ENTITIES)


def test_cluster_labels_come_from_the_given_themes(desk, tmp_path):
    result = _build(desk, tmp_path / "out")
    shipped = {theme.label for theme in load_themes()}
    assert not any(label.split(" (")[0] in shipped for label in result.tables["clusters"]["label"])


def test_freq_sets_both_over_time_tables(desk, tmp_path):
    result = _build(desk, tmp_path / "out", freq="Q")
    assert (result.manifest["options"]["themes_freq"], result.manifest["options"]["mentions_freq"],
            result.tables["themes_over_time"]["period"].drop_nulls().dt.month().unique().sort().to_list()) == (
        "Q", "Q", [1, 4, 7, 10])


def test_unchanged_lexicons_reuse_the_build(desk, tmp_path):
    _build(desk, tmp_path / "out")
    assert _build(desk, tmp_path / "out").reused is True


def test_a_changed_lexicon_rebuilds(desk, tmp_path):
    lexicon = tmp_path / "entities.toml"
    lexicon.write_text((desk / "lexicons" / "entities.toml").read_text(encoding="utf-8"), encoding="utf-8")
    rx.build(desk / "raw", tmp_path / "out", interim=None, entities=lexicon)
    lexicon.write_text(lexicon.read_text(encoding="utf-8").replace('"Velmar"]', '"Velmar", "Velmar docks"]'),
                       encoding="utf-8")
    assert rx.build(desk / "raw", tmp_path / "out", interim=None, entities=lexicon).reused is False


def test_entity_mapping_carries_a_display_name(desk, tmp_path):
    result = rx.build(desk / "raw", tmp_path / "out", interim=None,
                      entities={"velmar": {"name": "Velmar harbour", "aliases": ["Velmar"]}})
    names = dict(result.tables["entities"].select("entity", "name").iter_rows())
    assert names["velmar"] == "Velmar harbour"


def test_display_name_shown_in_the_report(desk, tmp_path):
    result = rx.build(desk / "raw", tmp_path / "out", interim=None,
                      entities={"velmar": {"name": "Velmar harbour", "aliases": ["Velmar"]}})
    html = rx.write_report(result, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Velmar harbour" in _figure_json(html)["fig-mentions-over-time"]


@pytest.mark.parametrize(("option", "value", "message"), [
    ("themes", 3, "The 'themes' parameter of build must be a path to a TOML lexicon, a mapping or None. Got 3 instead."),
    ("freq", "H", "The 'freq' parameter of build must be one of {'D', 'W', 'M', 'Q', 'Y'}. Got 'H' instead."),
])
def test_build_rejects_bad_options(desk, tmp_path, option, value, message):
    with pytest.raises(ParameterError, match=re.escape(message)):
        rx.build(desk / "raw", tmp_path / "out", interim=None, **{option: value})


QUERIES = {"coffee": "coffee OR arabica", "strike": '"dock strike"'}


def test_build_publishes_the_attention_of_its_queries(desk, tmp_path):
    result = _build(desk, tmp_path / "out", queries=QUERIES)
    expected = rx.attention(result.tables["articles"], QUERIES, freq=result.manifest["options"]["mentions_freq"])
    assert result.tables["attention"].equals(expected)


def test_build_attention_uses_the_mentions_period(desk, tmp_path):
    result = _build(desk, tmp_path / "out", queries=QUERIES, freq="Q")
    months = result.tables["attention"]["period"].drop_nulls().dt.month().unique().sort().to_list()
    assert months == [1, 4, 7, 10]


def test_build_without_queries_publishes_an_empty_attention(desk, tmp_path):
    assert _build(desk, tmp_path / "out").tables["attention"].height == 0


def test_changed_queries_rebuild(desk, tmp_path):
    _build(desk, tmp_path / "out", queries=QUERIES)
    assert _build(desk, tmp_path / "out", queries={"coffee": "coffee"}).reused is False


def test_unchanged_queries_reuse_the_build(desk, tmp_path):
    _build(desk, tmp_path / "out", queries=QUERIES)
    assert _build(desk, tmp_path / "out", queries=dict(QUERIES)).reused is True


def test_no_queries_leave_the_fingerprint_as_it_was(desk, tmp_path):
    with_none = rx.build(desk / "raw", tmp_path / "a", interim=None, queries=None)
    with_empty = rx.build(desk / "raw", tmp_path / "b", interim=None, queries={})
    assert (with_none.manifest["fingerprint"], with_empty.manifest["fingerprint"]) == (
        input_fingerprint(desk / "raw"), input_fingerprint(desk / "raw"))


@pytest.mark.parametrize(("queries", "message"), [
    ({"g": "gallium OR ("}, "The 'query' parameter of build (query 'g') must be a valid query: unclosed '('"),
    ("gallium", "The 'queries' parameter of build must be a mapping of names to query strings or None. Got 'gallium'"),
    ({"g": 3}, "The 'queries' parameter of build must be a mapping of names to query strings or None. Got {'g': 3}"),
])
def test_build_rejects_bad_queries(desk, tmp_path, queries, message):
    with pytest.raises(ParameterError, match=re.escape(message)):
        rx.build(desk / "raw", tmp_path / "out", interim=None, queries=queries)


def test_build_names_a_missing_lexicon_file(desk, tmp_path):
    with pytest.raises(LexiconError, match=re.escape(str(tmp_path / "none.toml"))):
        rx.build(desk / "raw", tmp_path / "out", interim=None, themes=tmp_path / "none.toml")


# ------------------------------------------- a bare `reexdata report` (Done when)


@pytest.fixture(scope="module")
def newswire_report(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("newswire")
    write_project(folder, 360)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        assert main(["report", "-q"]) == 0
    return folder, (folder / "reports" / "report.html").read_text(encoding="utf-8")


def test_report_is_titled_as_configured(newswire_report):
    _, html = newswire_report
    assert (re.search(r"<title>(.*?)</title>", html).group(1), DEFAULT_TITLE in html) == (TITLE, False)


@pytest.mark.parametrize("label", sorted(LABELS.values()))
def test_report_names_the_users_themes_by_their_labels(newswire_report, label):
    _, html = newswire_report
    assert label in _figure_json(html)["fig-theme-heatmap"]


def test_report_shows_none_of_the_shipped_themes(newswire_report):
    _, html = newswire_report
    assert [t.label for t in load_themes() if t.label in html] == []


@pytest.mark.parametrize("name", [name for name, _, _ in ENTITIES.values()])
def test_report_shows_the_users_entities(newswire_report, name):
    _, html = newswire_report
    assert name in _figure_json(html)["fig-mentions-over-time"]


def test_report_shows_none_of_the_shipped_entities(newswire_report):
    _, html = newswire_report
    assert [name for name in SHIPPED_ENTITY_NAMES if name in html] == []


def test_report_build_tables_the_project_queries(newswire_report):
    folder, _ = newswire_report
    attention = rx.read_tables(folder / "data" / "processed")["attention"]
    assert attention["query"].unique(maintain_order=True).to_list() == ["coffee", "strike"]


def test_report_charts_the_project_queries(newswire_report):
    _, html = newswire_report
    assert [t["name"] for t in json.loads(_figure_json(html)["fig-attention"])["data"]] == ["coffee", "strike"]


def test_tables_go_next_to_the_project_file(newswire_report):
    folder, _ = newswire_report
    assert json.loads((folder / "data" / "processed" / "manifest.json").read_text())["summary"]["articles"] == 360


def test_report_heatmap_keeps_the_top_articles_per_theme(newswire_report):
    _, html = newswire_report
    assert "Top 10 articles per theme (40 of 360 articles)" in _figure_json(html)["fig-theme-heatmap"]


def test_no_figure_carries_more_than_1_5_mb(newswire_report):
    _, html = newswire_report
    assert {name: len(spec) for name, spec in _figure_json(html).items() if len(spec) > 1_500_000} == {}


def test_report_under_10_mb(newswire_report):
    _, html = newswire_report
    assert len(html.encode()) < 10_000_000


def test_title_flag_overrides_the_project_file(newswire_report, monkeypatch, tmp_path):
    folder, _ = newswire_report
    monkeypatch.chdir(folder)
    assert main(["report", "-q", "--title", "Override", "--out", str(tmp_path / "r.html")]) == 0
    assert "<title>Override</title>" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_one_article_corpus_gives_a_clean_report(tmp_path, monkeypatch):
    write_project(tmp_path, 1)
    monkeypatch.chdir(tmp_path)
    assert main(["report", "-q"]) == 0
    html = (tmp_path / "reports" / "report.html").read_text(encoding="utf-8")
    assert (re.search(r"<header>\s*<h1>.*?</h1>\s*<p>(.*?)</p>", html, re.S).group(1).split(" (")[0],
            "1 articles" in html) == ("1 article", False)


# --------------------------------------------------------------- CLI misuses


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    return err


def test_cli_unknown_key_is_one_line(tmp_path, monkeypatch, capsys):
    _write(tmp_path, 'titel = "x"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["report"]) == 1
    assert "unknown key 'titel'" in _one_line_error(capsys)


def test_cli_missing_lexicon_flag_is_one_line(desk, tmp_path, capsys):
    args = ["build", "--raw", str(desk / "raw"), "--out", str(tmp_path / "o"), "--themes", str(tmp_path / "t.toml")]
    assert main(args) == 1
    assert _one_line_error(capsys) == f"reexdata: error: --themes file {tmp_path / 't.toml'} does not exist.\n"


def test_cli_outside_a_project_asks_where_the_tables_go(desk, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--raw", str(desk / "raw")]) == 1
    assert _one_line_error(capsys) == (
        "reexdata: error: No reexdata.toml here and no --processed: say where the tables go "
        "(--processed DIR), or start a project with `reexdata init DIR`.\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_cli_outside_a_project_keeps_caches_beside_the_tables(desk, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["build", "-q", "--raw", str(desk / "raw"), "--processed", str(tmp_path / "t" / "processed")]) == 0
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == ["interim", "processed"]


def test_cli_init_then_init_again_is_one_line(tmp_path, capsys):
    assert main(["init", "-q", str(tmp_path / "desk")]) == 0
    assert main(["init", str(tmp_path / "desk")]) == 1
    assert "already exists" in _one_line_error(capsys)


def test_cli_report_out_an_existing_folder_is_one_line(desk, tmp_path, capsys):
    (tmp_path / "r").mkdir()
    args = ["report", "--raw", str(desk / "raw"), "--processed", str(tmp_path / "p"), "--out", str(tmp_path / "r")]
    assert main(args) == 1
    assert _one_line_error(capsys).startswith("reexdata: error: ")


def test_cli_assume_year_out_of_range_is_one_line(desk, tmp_path, capsys):
    args = ["build", "--raw", str(desk / "raw"), "--out", str(tmp_path / "p"), "--assume-year", "99999"]
    assert main(args) == 1
    assert _one_line_error(capsys) == (
        "reexdata: error: The 'assume_year' parameter of build must be in the range [1800, 2199]. Got 99999 instead.\n"
    )


@pytest.mark.parametrize(("flag", "value", "key", "expected"), [
    ("--freq", "Q", ("options", "themes_freq"), "Q"),
    ("--assume-year", "1987", ("options", "assume_year"), 1987),
])
def test_cli_flags_override_the_project_file(desk, tmp_path, monkeypatch, flag, value, key, expected):
    monkeypatch.chdir(desk)
    assert main(["build", "-q", "--processed", str(tmp_path / "p"), "--interim", str(tmp_path / "i"), flag, value]) == 0
    manifest = json.loads((tmp_path / "p" / "manifest.json").read_text())
    assert manifest[key[0]][key[1]] == expected


def test_cli_boilerplate_flag_adds_patterns(desk, tmp_path, monkeypatch):
    (tmp_path / "bp.toml").write_text("[lines]\nmine = ['.*said.*']\n", encoding="utf-8")
    monkeypatch.chdir(desk)
    args = ["build", "-q", "--processed", str(tmp_path / "p"), "--interim", str(tmp_path / "i"),
            "--boilerplate", str(tmp_path / "bp.toml")]
    assert main(args) == 0
    # Every story is one line with "said" in it: the added pattern leaves nothing of them.
    summary = json.loads((tmp_path / "p" / "manifest.json").read_text())["summary"]
    assert (summary["articles"], summary["rejected_by_reason"]) == (0, {"boilerplate_only": 40})


def test_package_exports_the_project_functions():
    assert (rx.load_project, rx.init_project, rx.Project) == (load_project, init_project, Project)
