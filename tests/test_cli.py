"""``reexdata build`` on the command line: exit codes, one-line errors, the summary."""

import pytest

from reexdata.cli import main
from reexdata.tables import read_tables


def _args(raw, tmp_path, *extra):
    return ["build", "--raw", str(raw), "--out", str(tmp_path / "processed"),
            "--interim", str(tmp_path / "interim"), *extra]


def test_missing_raw_folder_exits_1(tmp_path):
    assert main(_args(tmp_path / "nowhere", tmp_path)) == 1


def test_missing_raw_folder_prints_one_line(tmp_path, capsys):
    main(_args(tmp_path / "nowhere", tmp_path))
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"reexdata: error: Raw folder {tmp_path / 'nowhere'} does not exist.\n")


def test_empty_raw_folder_exits_1(tmp_path):
    (tmp_path / "raw").mkdir()
    assert main(_args(tmp_path / "raw", tmp_path)) == 1


def test_empty_raw_folder_prints_one_line(tmp_path, capsys):
    (tmp_path / "raw").mkdir()
    main(_args(tmp_path / "raw", tmp_path))
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == (
        "", f"reexdata: error: Raw folder {tmp_path / 'raw'} is empty: no input files found.\n"
    )


def test_bad_assume_year_is_a_usage_error(tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(_args(tmp_path, tmp_path, "--assume-year", "soon"))
    assert exc.value.code == 2


def test_build_exits_0_and_prints_the_summary(raw_dir, tmp_path, capsys):
    assert main(_args(raw_dir, tmp_path)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [
        f"Loaded 5 articles from 5 inputs in {raw_dir}.",
        "Rejected 0 inputs.",
        "Dated: 2 articles (dateline 1, text 1); undated: 3.",
    ]
    assert lines[3].startswith(f"Tables written to {tmp_path / 'processed'} (build ")


def test_build_writes_every_table(raw_dir, tmp_path):
    main(_args(raw_dir, tmp_path, "-q"))
    assert read_tables(tmp_path / "processed")["articles"].height == 5


def test_quiet_build_prints_nothing(raw_dir, tmp_path, capsys):
    main(_args(raw_dir, tmp_path, "-q"))
    assert capsys.readouterr() == ("", "")


def test_second_build_says_it_reused_the_tables(raw_dir, tmp_path, capsys):
    main(_args(raw_dir, tmp_path, "-q"))
    main(_args(raw_dir, tmp_path))
    assert capsys.readouterr().out.splitlines()[3].startswith(
        f"Inputs unchanged: reused the tables in {tmp_path / 'processed'} (build "
    )


def test_force_rebuilds(raw_dir, tmp_path, capsys):
    main(_args(raw_dir, tmp_path, "-q"))
    main(_args(raw_dir, tmp_path, "--force"))
    assert capsys.readouterr().out.splitlines()[3].startswith("Tables written to ")


def test_assume_year_dates_the_seeds_with_a_day_but_no_year(raw_dir, tmp_path, capsys):
    main(_args(raw_dir, tmp_path, "--assume-year", "2025"))
    assert capsys.readouterr().out.splitlines()[2] == (
        "Dated: 4 articles (dateline 1, text 1, text+assumed_year 2); undated: 1."
    )
