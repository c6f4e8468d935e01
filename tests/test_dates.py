import datetime as dt

import pytest

from reexdata.dates import DateFound, find_date, parse_date, parse_dateline

D = dt.date


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-09-09", D(2025, 9, 9)),
        ("Sep 9, 2025", D(2025, 9, 9)),
        ("September 9, 2025", D(2025, 9, 9)),
        ("9 September 2025", D(2025, 9, 9)),
        ("26-FEB-1987 15:01:01.79", D(1987, 2, 26)),
        ("5-MAR-1987 09:12:00.00", D(1987, 3, 5)),
        ("2025-09-09T10:00:00+00:00", D(2025, 9, 9)),
        ("  2025-09-09  ", D(2025, 9, 9)),
        ("09/10/2025", D(2025, 9, 10)),
    ],
)
def test_parse_date_reads_common_forms(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["June 13", "2025", "12", "", "not a date", "2025-02-30", "Sep 2025"])
def test_parse_date_refuses_partial_or_invalid_dates(value):
    assert parse_date(value) is None


def test_parse_date_rejects_non_strings():
    with pytest.raises(TypeError, match="The 'value' parameter of parse_date must be a str"):
        parse_date(20250909)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Sep 9, 2025", D(2025, 9, 9)),
        ("  Sep 9, 2025  ", D(2025, 9, 9)),
        ("Published: Tuesday, 9 September 2025 10:00 UTC", D(2025, 9, 9)),
        ("Posted on March 3, 2024", D(2024, 3, 3)),
        ("On September 8, Meng Fanying led a delegation.", None),
        ("Baogang Extends Its Reach", None),
        ("Highlights", None),
    ],
)
def test_parse_dateline_accepts_only_whole_line_dates(line, expected):
    assert parse_dateline(line) == expected


def test_dateline_wins_over_prose():
    found = find_date("On September 8, Meng led a delegation.", dateline="Sep 9, 2025")
    assert found == DateFound(D(2025, 9, 9), "dateline", "Sep 9, 2025")


def test_month_day_takes_the_year_written_in_the_text():
    found = find_date("Baogang held its eighth study session of 2025 on July 7. The meeting focused on ideology.")
    assert found == DateFound(D(2025, 7, 7), "text", "on July 7")


def test_year_after_since_does_not_date_the_article():
    text = "On September 5 in Baotou, Meng sat down with Li Bo. This is consistent with her line since 2023."
    assert find_date(text) == DateFound(None, None, "On September 5")


def test_month_day_without_year_keeps_its_words():
    assert find_date("On June 13, Baogang Group convened a conference.") == DateFound(None, None, "On June 13")


def test_assume_year_is_marked():
    found = find_date("On June 13, Baogang Group convened a conference.", assume_year=2025)
    assert found == DateFound(D(2025, 6, 13), "text+assumed_year", "On June 13")


def test_assume_year_does_not_override_a_written_year():
    found = find_date("Its session of 2024 on July 7 ended.", assume_year=2025)
    assert found.published == D(2024, 7, 7)
    assert found.date_source == "text"


def test_first_full_date_in_prose():
    found = find_date("The plan was approved on March 3, 2024, and revised 5 May 2024.")
    assert found == DateFound(D(2024, 3, 3), "text", "March 3, 2024")


def test_two_candidate_years_outside_the_sentence_leave_the_date_unknown():
    text = "The 2024 results were strong. On June 13, talks began. The 2025 plan follows."
    assert find_date(text) == DateFound(None, None, "On June 13")


def test_year_in_the_same_sentence_breaks_a_tie():
    text = "The 2024 results were strong. On June 13 the 2025 plan was adopted."
    assert find_date(text).published == D(2025, 6, 13)


def test_the_verb_may_is_not_a_month():
    assert find_date("Prices may 5 times rise in 2025.") == DateFound(None, None, None)


def test_an_impossible_day_is_not_a_date():
    assert find_date("It happened on February 30 of 2025.").published is None


def test_no_date_at_all():
    assert find_date("Baogang expands.") == DateFound(None, None, None)


def test_find_date_validates_assume_year():
    message = r"The 'assume_year' parameter of find_date must be in the range \[1800, 2199\]"
    with pytest.raises(ValueError, match=message):
        find_date("On June 13.", assume_year=20)
