"""`reexdata search`: matches one per line (headline, date, snippet), or hits in context."""

import pytest

from reexdata.cli import main


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return tmp_path_factory.mktemp("search")


def _search(raw_dir, folder, *extra):
    return ["search", *extra, "--raw", str(raw_dir), "--processed", str(folder / "processed"),
            "--interim", str(folder / "interim"), "-q"]


def test_search_prints_one_line_per_match(raw_dir, built, capsys):
    assert main(_search(raw_dir, built, "title:baogang", "--limit", "2")) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [len(line.split("\t")) for line in lines] == [3, 3]


def test_search_kwic_prints_each_hit_bracketed(raw_dir, built, capsys):
    assert main(_search(raw_dir, built, "hulunbuir", "--kwic", "--limit", "3")) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("[", 1)[1].split("]", 1)[0].lower() for line in lines] == ["hulunbuir"] * 3


def test_search_malformed_query_exits_1_with_one_line(raw_dir, built, capsys):
    assert main(_search(raw_dir, built, "(baogang")) == 1
    assert capsys.readouterr().err.splitlines() == [
        "reexdata: error: The 'query' parameter of search must be a valid query: unclosed '(' at character 1. Got '(baogang' instead."
    ]


def test_search_malformed_query_is_refused_before_the_build(raw_dir, tmp_path, capsys):
    assert main(_search(raw_dir, tmp_path, "gallium AND (")) == 1
    assert not (tmp_path / "processed").exists()


@pytest.mark.parametrize("limit", ["0", "-1"])
def test_search_limit_below_one_is_a_usage_error(raw_dir, built, capsys, limit):
    with pytest.raises(SystemExit) as exit_:
        main(_search(raw_dir, built, "baogang", "--limit", limit))
    assert exit_.value.code == 2
    assert f"argument --limit: must be 1 or more, not {limit}" in capsys.readouterr().err

