"""``reexdata build`` on the command line: exit codes, one-line errors, the summary."""

import errno
import re
import os
import shutil

import pytest

from reexdata.cli import main
from reexdata.store import current_build, read_manifest
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


# -- one-line errors for paths and the operating system ---------------------------------


def _run(argv, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_out_an_existing_file_is_one_line(raw_dir, tmp_path, capsys):
    (tmp_path / "processed").write_text("mine")
    assert _run(_args(raw_dir, tmp_path, "-q"), capsys) == (
        1, "", f"reexdata: error: Tables folder {tmp_path / 'processed'} is an existing file, not a folder.\n"
    )


def test_out_a_folder_of_the_users_is_refused_in_one_line(raw_dir, tmp_path, capsys):
    (tmp_path / "processed").mkdir()
    (tmp_path / "processed" / "manifest.json").write_text("the user's own")
    assert _run(_args(raw_dir, tmp_path, "-q"), capsys) == (
        1, "", f"reexdata: error: Tables folder {tmp_path / 'processed'} is not empty and was not made by "
               "reexdata (it has no .reexdata file); give a new or empty folder.\n"
    )


def test_out_a_folder_of_the_users_is_left_untouched(raw_dir, tmp_path):
    (tmp_path / "processed").mkdir()
    (tmp_path / "processed" / "manifest.json").write_text("the user's own")
    main(_args(raw_dir, tmp_path, "-q"))
    assert (os.listdir(tmp_path), os.listdir(tmp_path / "processed")) == (["processed"], ["manifest.json"])


def test_out_inside_raw_is_refused_before_anything_is_written(tmp_path, raw_dir, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw)
    argv = ["build", "--raw", str(raw), "--out", str(raw / "out"), "--interim", str(tmp_path / "interim"), "-q"]
    assert (_run(argv, capsys), sorted(os.listdir(tmp_path))) == (
        (1, "", f"reexdata: error: Tables folder {raw / 'out'} is inside the raw folder {raw}; "
                "the next build would read its tables as inputs.\n"),
        ["raw"],
    )


def test_interim_inside_raw_is_refused(tmp_path, raw_dir, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw)
    argv = ["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--interim", str(raw / ".cache"), "-q"]
    assert _run(argv, capsys) == (
        1, "", f"reexdata: error: Cache folder {raw / '.cache'} is inside the raw folder {raw}; "
               "the next build would read its tables as inputs.\n"
    )


def test_full_disk_is_one_line_naming_the_tables_folder(raw_dir, tmp_path, capsys, monkeypatch):
    from reexdata import store

    def full(frame, path, *, table):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as a write() to a full disk

    monkeypatch.setattr(store, "write_parquet", full)
    assert _run(_args(raw_dir, tmp_path, "-q"), capsys) == (
        1, "", f"reexdata: error: Cannot publish the tables in {tmp_path / 'processed'}: No space left on device.\n"
    )


def test_permission_denied_is_one_line_naming_the_file(raw_dir, tmp_path, capsys, monkeypatch):
    from reexdata import atomic

    def denied(path, data):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    # Tests run as root, whom the file system never refuses: refuse as it would.
    monkeypatch.setattr(atomic, "_write_new", denied)
    marker = tmp_path / "processed" / ".reexdata"
    assert _run(_args(raw_dir, tmp_path, "-q"), capsys) == (
        1, "", f"reexdata: error: Cannot write {marker}: Permission denied.\n"
    )


def test_report_out_a_folder_is_one_line(raw_dir, tmp_path, capsys):
    argv = ["report", "--raw", str(raw_dir), "--processed", str(tmp_path / "processed"),
            "--interim", str(tmp_path / "interim"), "--out", str(tmp_path), "-q"]
    # Refused before the build: no table is written for a report that cannot be.
    assert _run(argv, capsys) == (1, "", f"reexdata: error: Report {tmp_path} is a folder; give the HTML file to write.\n")
    assert not (tmp_path / "processed").exists()


def test_any_other_os_error_names_its_path(raw_dir, tmp_path, capsys, monkeypatch):
    from reexdata import pipeline

    def broken(*args, **kwargs):
        raise OSError(errno.EIO, os.strerror(errno.EIO), "/data/raw/a.txt")

    monkeypatch.setattr(pipeline, "build", broken)
    assert _run(_args(raw_dir, tmp_path, "-q"), capsys) == (1, "", "reexdata: error: /data/raw/a.txt: Input/output error.\n")


def test_an_os_error_without_a_path_is_still_one_line(raw_dir, tmp_path, capsys, monkeypatch):
    from reexdata import pipeline

    monkeypatch.setattr(pipeline, "build", lambda *a, **k: (_ for _ in ()).throw(OSError("line one\nline two")))
    assert _run(_args(raw_dir, tmp_path, "-q"), capsys) == (1, "", "reexdata: error: line one.\n")


@pytest.mark.parametrize(("flags", "project", "expected"), [
    ((), "", "relevance"),
    (("--theme-scores", "shares"), "", "shares"),
    ((), 'theme_scores = "shares"\n', "shares"),
    (("--theme-scores", "relevance"), 'theme_scores = "shares"\n', "relevance"),
])
def test_theme_scores_from_the_flag_over_the_project_file(raw_dir, tmp_path, flags, project, expected):
    config = tmp_path / "reexdata.toml"
    config.write_text(project, encoding="utf-8")
    main(_args(raw_dir, tmp_path, "--config", str(config), "-q", *flags))
    assert read_manifest(current_build(tmp_path / "processed"))["options"]["theme_scores"] == expected


def test_unknown_theme_scores_is_a_usage_error(raw_dir, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(_args(raw_dir, tmp_path, "--theme-scores", "background"))
    assert "invalid choice: 'background' (choose from 'relevance', 'shares')" in capsys.readouterr().err


def test_assume_year_out_of_range_is_one_line(raw_dir, tmp_path, capsys):
    assert _run(_args(raw_dir, tmp_path, "--assume-year", "99999"), capsys) == (
        1, "", "reexdata: error: The 'assume_year' parameter of build must be in the range [1800, 2199]. "
               "Got 99999 instead.\n"
    )


def test_out_with_glob_characters_is_a_literal_folder(raw_dir, tmp_path):
    (tmp_path / "out1").mkdir()  # what 'out[1]' would match as a glob
    main(["build", "--raw", str(raw_dir), "--out", str(tmp_path / "out[1]"), "--interim", str(tmp_path / "i[1]"), "-q"])
    assert read_tables(tmp_path / "out[1]")["articles"].height == 5


def test_out_with_glob_characters_is_reused_by_the_next_build(raw_dir, tmp_path, capsys):
    argv = ["build", "--raw", str(raw_dir), "--out", str(tmp_path / "out[1]"), "--interim", str(tmp_path / "i[1]")]
    main([*argv, "-q"])
    main(argv)
    assert capsys.readouterr().out.splitlines()[3].startswith("Inputs unchanged: reused the tables in ")


def test_report_inside_raw_is_refused_before_anything_is_written(tmp_path, raw_dir, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw)
    argv = ["report", "--raw", str(raw), "--processed", str(tmp_path / "processed"),
            "--interim", str(tmp_path / "interim"), "--out", str(raw / "report.html"), "-q"]
    assert (_run(argv, capsys), sorted(os.listdir(tmp_path))) == (
        (1, "", f"reexdata: error: Report {raw / 'report.html'} is inside the raw folder {raw}; "
                "the next build would read it as an input.\n"),
        ["raw"],
    )


def test_an_unexpected_error_is_one_line(raw_dir, tmp_path, capsys, monkeypatch):
    from reexdata import pipeline

    monkeypatch.setattr(pipeline, "build", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("thrift\ntransport")))
    assert _run(_args(raw_dir, tmp_path, "-q"), capsys) == (
        1, "", "reexdata: error: RuntimeError: thrift (run with -v for the traceback)\n"
    )


def test_verbose_shows_the_traceback_of_an_unexpected_error(raw_dir, tmp_path, monkeypatch):
    from reexdata import pipeline

    monkeypatch.setattr(pipeline, "build", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("bug")))
    with pytest.raises(RuntimeError, match="^bug$"):
        main(_args(raw_dir, tmp_path, "-v"))


def _cli_options() -> list[tuple[str, str]]:
    import argparse

    from reexdata.cli import _parser

    parser = _parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return [(name, option) for name, command in sub.choices.items()
            for action in command._actions for option in action.option_strings if option not in ("-h", "--help")]


def _synopsis(command: str) -> str:
    """The README's synopsis of one command (its lines in the command-line section's code block)."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The command line"):readme.index("## What goes in")]
    block = section.split("```sh\n")[1].split("```")[0]
    start = block.index(f"reexdata {command} ")
    end = block.find("\nreexdata ", start)
    return block[start:end if end != -1 else None]


@pytest.mark.parametrize(("command", "option"), _cli_options())
def test_readme_synopsis_lists_every_option(command, option):
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", _synopsis(command))


@pytest.mark.parametrize(("command", "option"), _cli_options())
def test_readme_table_explains_every_option(command, option):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"| `{option}" in readme or f"`, `{option}`" in readme or f" / `{option}" in readme
