import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# Chinese dates


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025年9月10日", D(2025, 9, 10)),
        ("2025年09月10日", D(2025, 9, 10)),
        ("2025 年 9 月 10 日", D(2025, 9, 10)),
        ("2025年9月10日 10:30", D(2025, 9, 10)),
        ("2025/9/10", D(2025, 9, 10)),
        ("2025-9-10", D(2025, 9, 10)),
    ],
)
def test_parse_date_reads_chinese_and_year_first_forms(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["9月10日", "2025年9月", "2025年2月30日", "2025/13/10"])
def test_parse_date_refuses_partial_or_invalid_chinese_dates(value):
    assert parse_date(value) is None


@pytest.mark.parametrize(
    "line, expected",
    [
        ("发布时间：2025-09-10", D(2025, 9, 10)),
        ("发布时间:2025-09-10", D(2025, 9, 10)),
        ("发布日期：2025年9月10日", D(2025, 9, 10)),
        ("发布时间：2025年09月10日 10:30", D(2025, 9, 10)),
        ("发布时间：2025/9/10 10:30:05", D(2025, 9, 10)),
        ("来源：新华网 时间：2025-09-10", D(2025, 9, 10)),
        ("来源:包头日报 时间:2025年9月10日 08:00", D(2025, 9, 10)),
        ("时间：2025-09-10 星期三", D(2025, 9, 10)),
        ("2025年9月10日 来源：新华网 作者：张三", D(2025, 9, 10)),
        ("2025年9月10日", D(2025, 9, 10)),
        ("2025/9/10", D(2025, 9, 10)),
        ("發布時間：2025年9月10日", D(2025, 9, 10)),
        ("來源：新華網 時間：2025-09-10", D(2025, 9, 10)),
    ],
)
def test_parse_dateline_reads_chinese_datelines(line, expected):
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    ["来源：新华网", "发布时间：2025年2月30日", "2025年9月10日，包钢集团召开会议。", "9月10日上午，包钢集团召开会议。"],
)
def test_parse_dateline_refuses_chinese_lines_that_are_not_datelines(line):
    assert parse_dateline(line) is None


def test_chinese_dateline_wins_over_prose():
    found = find_date("2024年3月1日，包钢集团召开会议。", dateline="发布时间：2025年9月10日")
    assert found == DateFound(D(2025, 9, 10), "dateline", "发布时间：2025年9月10日")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("（2011年8月9日）包钢集团召开会议。", DateFound(D(2011, 8, 9), "text", "2011年8月9日")),
        ("包钢集团于2011年08月09日召开会议。", DateFound(D(2011, 8, 9), "text", "2011年08月09日")),
        ("包钢集团于2011/8/9召开会议。", DateFound(D(2011, 8, 9), "text", "2011/8/9")),
        ("包钢集团于2011-08-09召开会议。", DateFound(D(2011, 8, 9), "text", "2011-08-09")),
    ],
)
def test_full_chinese_date_in_prose(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize(
    "text, words",
    [
        ("本报记者 王明 8月9日电 包钢集团召开会议。", "8月9日"),
        ("新华社北京8月9日电 包钢集团召开会议。", "8月9日"),
        ("新華社北京8月9日電 包鋼集團召開會議。", "8月9日"),
        ("8月9日上午，包钢集团召开会议。", "8月9日"),
        ("8月9日，包钢集团召开会议。", "8月9日"),
    ],
)
def test_chinese_day_without_year_keeps_its_words(text, words):
    assert find_date(text) == DateFound(None, None, words)


@pytest.mark.parametrize(
    "text",
    ["本报记者 王明 8月9日电 包钢集团召开会议。", "8月9日上午，包钢集团召开会议。"],
)
def test_chinese_day_with_assume_year_is_marked(text):
    assert find_date(text, assume_year=2011) == DateFound(D(2011, 8, 9), "text+assumed_year", "8月9日")


def test_chinese_day_takes_no_year_from_elsewhere_in_the_text():
    assert find_date("2011年上半年业绩向好。8月9日，包钢集团召开会议。") == DateFound(None, None, "8月9日")


@pytest.mark.parametrize("text", ["截至6月30日，产量增长。", "会议持续至6月30日，产量增长。"])
def test_a_chinese_day_that_ends_a_period_is_not_the_article_date(text):
    assert find_date(text, assume_year=2011) == DateFound(None, None, None)


def test_wire_dateline_with_assume_year_wins_over_older_full_dates():
    text = "新华社北京8月9日电 包钢集团2010年12月31日的产量创新高。"
    assert find_date(text, assume_year=2011) == DateFound(D(2011, 8, 9), "text+assumed_year", "8月9日")


def test_wire_dateline_without_a_year_gives_way_to_a_full_date():
    text = "新华社北京8月9日电 包钢集团2010年12月31日的产量创新高。"
    assert find_date(text) == DateFound(D(2010, 12, 31), "text", "2010年12月31日")


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_find_date_never_raises_on_arbitrary_text(text):
    found = find_date(text)
    assert found.published is None or found.date_source in ("text", "text+assumed_year")


@given(st.text(alphabet="0123456789年月日号电，,/-：: 发布时间来源上午截至", max_size=40))
@settings(max_examples=300, deadline=None)
def test_find_date_never_raises_on_date_like_chinese_text(text):
    found = find_date(text, dateline=text, assume_year=2011)
    assert found.published is None or isinstance(found.published, dt.date)
