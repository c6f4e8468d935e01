import pytest

from reexdata.fingerprint import _code_files, code_fingerprint


def test_the_build_s_code_leaves_out_the_report_the_charts_and_the_command_line():
    names = [rel for rel, _ in _code_files(())]
    assert [n for n in names if n in ("cli.py", "report.py", "tables.py") or n.startswith("plots/")] == []
    assert {"ingest/read.py", "mentions/count.py", "text.py", "lexicons/entities.toml"} <= set(names)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("text.py",), ["text.py"]),
        (("mentions/",), ["mentions/__init__.py", "mentions/co_mentions.py", "mentions/count.py",
                          "mentions/lexicon.py", "mentions/matcher.py", "mentions/over_time.py",
                          "mentions/starts.py", "mentions/suggest.py"]),
    ],
)
def test_code_files_of_parts(parts, expected):
    assert [rel for rel, _ in _code_files(parts)] == expected


def test_code_fingerprints_differ_by_part():
    assert len({code_fingerprint(), code_fingerprint("text.py"), code_fingerprint("mentions/")}) == 3
