"""Reading publication dates from datelines, export fields and article prose.

Three entry points, used by :mod:`reexdata.ingest`:

- :func:`parse_date` reads one date value written in any common form
  (``2025-09-09``, ``Sep 9, 2025``, ``9 September 2025``,
  ``26-FEB-1987 15:01:01.79``, ``2025年9月10日``, ``2025/9/10``), as found in
  export columns and metadata.csv.
- :func:`parse_dateline` accepts a line only when the whole line is a date
  (the ``Sep 9, 2025`` line under a page's title, or a Chinese page's
  ``发布时间：2025-09-10`` and ``来源：新华网 时间：2025年9月10日 10:30``).
- :func:`find_date` decides an article's date from its dateline or prose and
  says where it came from.

A date is never guessed silently: a day without a year stays unknown (its
words are kept in ``date_text``) unless the caller passes ``assume_year``,
and the result is then marked ``text+assumed_year``. The same holds for
Chinese text: ``2025年9月10日`` and ``2025/9/10`` are full dates, while
``9月10日`` (at the head of a clause, ``9月10日，`` or ``9月10日上午``, or in a
news agency's ``北京9月10日电``) is a day without a year.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass

from reexdata.errors import check_range, check_type

__all__ = ["DateFound", "parse_date", "parse_dateline", "find_date"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_YEAR = r"(?:1[89]|2[01])\d{2}"
_DAY = r"[0-3]?\d"
_ORD = r"(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)"

# Full dates (day, month and year). Month names must be capitalised in prose
# so that the verb "may" is never read as a month; exports are matched
# case-insensitively ("26-FEB-1987").
_FULL_FORMS = (
    ("mdy", rf"(?P<m>{_MONTH})\.?\s+(?P<d>{_DAY}){_ORD},?\s+(?P<y>{_YEAR})(?!\d)"),
    ("dmy", rf"(?P<d>{_DAY}){_ORD}\s+(?:of\s+)?(?P<m>{_MONTH})\.?,?\s+(?P<y>{_YEAR})(?!\d)"),
    ("iso", rf"(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])"),
    ("dmy_dash", rf"(?P<d>{_DAY})-(?P<m>{_MONTH})-(?P<y>{_YEAR})(?!\d)"),
)
# Chinese (and numeric year-first) full dates: "2025年9月10日", "2025 年 09 月
# 10 日", "2025/9/10", "2025-9-10". Han characters are word characters, so
# only a digit or a dash may not stand before the year.
_ZH_MONTH = r"(?:1[0-2]|0?[1-9])"
_ZH_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_ZH_FORMS = (
    ("nian", rf"(?P<y>{_YEAR})\s?年\s?(?P<m>{_ZH_MONTH})\s?月\s?(?P<d>{_ZH_DAY})\s?[日号號]"),
    ("ymd", rf"(?P<y>{_YEAR})(?P<sep>[/-])(?P<m>{_ZH_MONTH})(?P=sep)(?P<d>{_ZH_DAY})(?![\d/-])"),
)
_PROSE_FULL = [re.compile(rf"(?<![\w-]){rx}") for _, rx in _FULL_FORMS]
_PROSE_ZH = [re.compile(rf"(?<![\d/.-]){rx}") for _, rx in _ZH_FORMS]
_ANY_FULL = [re.compile(rf"(?<![\w-]){rx}", re.IGNORECASE) for _, rx in _FULL_FORMS] + _PROSE_ZH
# How far past a year's digits each kind of full date may reach.
_REACH = [7] * len(_PROSE_FULL) + [12] * len(_PROSE_ZH)

# "9月10日" with no year: the day of the article's events when it opens a
# clause ("9月10日，", "9月10日上午") or a news agency's dateline ("北京9月10日电").
# "截至6月30日" (as of) and "至9月10日" (until) date another period.
_ZH_ON_DAY = re.compile(
    rf"(?<![\d年/.-])(?<!截止)(?<!至)(?<!到)(?P<m>{_ZH_MONTH})月(?P<d>{_ZH_DAY})[日号號]"
    r"(?=[电電讯訊]|[，,、\s]|[上中下]午|晚|早|凌晨|傍晚|夜)"
)

# "On June 13" / "on Monday, July 7" / "on 13 June", with no year after it.
# Patterns that scan whole articles start with their first characters and
# test what stands before them afterwards, in a look-behind: the regex
# engine then skips ahead to those characters instead of trying every
# position ("On" not inside a word, a year not after a digit).
_ON_DAY = re.compile(
    rf"[Oo]n(?<!\w[Oo]n)\s+{_WEEKDAY}?(?:(?P<m>{_MONTH})\.?\s+(?P<d>{_DAY}){_ORD}(?!\d)(?!,?\s*{_YEAR})"
    rf"|(?P<d2>{_DAY}){_ORD}\s+(?P<m2>{_MONTH})\b(?!\.?,?\s*{_YEAR}))"
)

# A year not inside a longer number; it starts with its digits (see _ON_DAY).
_YEAR_ANY = re.compile(rf"{_YEAR}(?<!\d{{5}})(?!\d)")
# A four-digit year; the words before it tell whether it dates the article.
_YEAR_TOKEN = re.compile(rf"(?P<y>{_YEAR})(?<![\w$£€/.,-]\d{{4}})(?![\w/%-]|\.\d|,\d|–)")
# "since 2023", "by 2030", "from 2019", "2019 to 2024": the year of another
# period, not of the article's events.
_NOT_ARTICLE_YEAR = re.compile(
    r"\b(?:since|until|till|before|after|by|from|through|beyond|past|between|to|and|or|than|ago|pre|post)\s+$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")

_DATELINE_PREFIX = re.compile(
    r"^(?:(?:published|posted|updated|date)(?:\s+on)?\s*:?\s*)?" + _WEEKDAY + "?",
    re.IGNORECASE,
)
# A Chinese page's dateline: an optional source ("来源：新华网"), an optional
# label ("发布时间：", "发布日期:", "时间："), the date, an optional weekday and
# time, and optional trailing fields ("来源：…", "作者：…", "点击：…"). Labels
# are matched in simplified and traditional characters (發布時間, 來源).
_ZH_COLON = r"\s?[：:]\s?"
_ZH_DATELINE = re.compile(
    rf"(?:(?:[来來]源|稿源|出[处處]){_ZH_COLON}[^\s：:]{{1,30}}\s+)?"
    rf"(?:(?:[发發]布|更新|[发發]表|出版|上[传傳]|[录錄]入|添加)?(?:[时時][间間]|日期){_ZH_COLON})?"
    rf"(?P<date>{_YEAR}(?:\s?年\s?\d{{1,2}}\s?月\s?\d{{1,2}}\s?[日号號]|[/-]\d{{1,2}}[/-]\d{{1,2}}))"
    r"(?:\s?(?:星期|[周週])[一二三四五六日天])?"
    r"(?:\s?\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
    rf"(?:\s+(?:[来來]源|稿源|作者|[发發]布人|[编編][辑輯]|[责責]任[编編][辑輯]|[记記]者|[点點][击擊]|[浏瀏][览覽]|[阅閱][读讀])"
    rf"[^：:]{{0,6}}{_ZH_COLON}.*)?"
)

# "10:00", "at 9:30 a.m.", "15:01:01.79 UTC" after a dateline's date.
_TIME_SUFFIX = re.compile(
    r"(?:\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}|UTC[+-]\d+)?)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateFound:
    """An article's date and where it came from.

    Attributes
    ----------
    published : datetime.date or None
        The date, or None when it is unknown.
    date_source : str or None
        ``"dateline"``, ``"text"``, ``"text+assumed_year"`` or None.
    date_text : str or None
        The words the date was read from; kept even when no year was found.

    Examples
    --------
    >>> DateFound(None, None, "On June 13").date_text
    'On June 13'
    """

    published: dt.date | None
    date_source: str | None
    date_text: str | None


def _month_number(token: str) -> int:
    if token.isdigit():
        return int(token)
    return _MONTHS[token[:3].lower()]


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _date_of(match: re.Match) -> dt.date | None:
    return _make_date(int(match["y"]), _month_number(match["m"]), int(match["d"]))


def _full_date_of(text: str) -> dt.date | None:
    for rx in _ANY_FULL:
        m = rx.fullmatch(text)
        if m:
            return _date_of(m)
    return None


def parse_date(value: str) -> dt.date | None:
    """Read a date written in any common form; None when it is not a full date.

    Day, month and year must all be present: ``"June 13"`` or ``"2025"`` give
    None rather than a date with an invented year or day.

    Parameters
    ----------
    value : str
        The text of a date field, e.g. ``"2025-09-09"``, ``"Sep 9, 2025"``,
        ``"26-FEB-1987 15:01:01.79"``, ``"2025-09-09T10:00:00Z"``.

    Returns
    -------
    datetime.date or None

    Examples
    --------
    >>> parse_date("26-FEB-1987 15:01:01.79")
    datetime.date(1987, 2, 26)
    >>> parse_date("Sep 9, 2025")
    datetime.date(2025, 9, 9)
    >>> parse_date("June 13") is None
    True
    """
    check_type("parse_date", "value", value, str, "a str")
    text = value.strip()
    if not text or len(text) > 100:
        return None
    for rx in _ANY_FULL:
        m = rx.match(text)
        # A full date at the start of a field is the field's date, whatever
        # follows it (a time, a zone, or the codes Reuters appends: "...09.88T C").
        if m:
            after = text[m.end():m.end() + 1]
            if not after.isalnum() or after == "T":
                return _date_of(m)
    return _dateutil_date(text)


def _dateutil_date(text: str) -> dt.date | None:
    from dateutil import parser as du

    # Parse twice with two different defaults: a field that was missing from
    # the text takes the default, so a disagreement means "not a full date".
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown time zone names are irrelevant to the day
            a = du.parse(text, default=dt.datetime(1, 1, 1))
            b = du.parse(text, default=dt.datetime(2, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    if a.date() != b.date() or not 1800 <= a.year <= 2199:
        return None
    return a.date()


def parse_dateline(line: str) -> dt.date | None:
    """Return the date when the whole line is a date (a page's dateline), else None.

    Parameters
    ----------
    line : str
        One line of a page, e.g. ``"Sep 9, 2025"`` or ``"Published: 9 September 2025"``.

    Returns
    -------
    datetime.date or None

    Examples
    --------
    >>> parse_dateline("Sep 9, 2025")
    datetime.date(2025, 9, 9)
    >>> parse_dateline("On September 8, Meng Fanying led a delegation.") is None
    True
    """
    text = line.strip()
    # Every date form has a four-digit year: most lines are refused by one scan.
    if not text or len(text) > 60 or _YEAR_ANY.search(text) is None:
        return None
    zh = _ZH_DATELINE.fullmatch(text)
    if zh is not None:
        return _full_date_of(zh["date"])
    text = _DATELINE_PREFIX.sub("", text, count=1)
    text = _TIME_SUFFIX.sub("", text, count=1).strip()
    return _full_date_of(text)


def find_date(
    text: str,
    *,
    dateline: str | None = None,
    assume_year: int | None = None,
) -> DateFound:
    """Decide an article's date from its dateline or its prose.

    Rules, in order:

    1. a dateline gives ``date_source="dateline"``;
    2. otherwise the earliest of (a) the first full date in the prose and
       (b) the first ``On June 13`` / ``on July 7`` whose year is found in the
       same text (``"...of 2025 on July 7"``) gives ``date_source="text"``;
       a year after ``since``, ``by``, ``from``... dates another period and is
       not used, and two different candidate years leave the date unknown;
    3. a day with no year stays unknown (``published`` None, ``date_text``
       keeps the words) unless ``assume_year`` is given, which yields
       ``date_source="text+assumed_year"``; a news agency's dateline
       (``新华社北京9月10日电``) then wins over full dates later in the text.

    Chinese dates follow the same rules: ``发布时间：2025年9月10日`` is a
    dateline, ``2025年9月10日`` and ``2025/9/10`` are full dates in the prose,
    and ``9月10日，`` / ``9月10日上午`` / ``北京9月10日电`` are days without a
    year (a year written elsewhere, ``2025年上半年``, is not used for them).

    Parameters
    ----------
    text : str
        The article's prose (title, highlights and body).
    dateline : str, optional
        The page's dateline line, when it has one.
    assume_year : int, optional
        Year to use for a day written without one.

    Returns
    -------
    DateFound

    Examples
    --------
    >>> find_date("The session of 2025 on July 7 was long.").published
    datetime.date(2025, 7, 7)
    >>> find_date("On June 13, talks began.")
    DateFound(published=None, date_source=None, date_text='On June 13')
    >>> find_date("On June 13, talks began.", assume_year=2025).date_source
    'text+assumed_year'
    >>> find_date("（2011年8月9日）包钢集团召开会议。").published
    datetime.date(2011, 8, 9)
    """
    check_type("find_date", "text", text, str, "a str")
    if assume_year is not None:
        check_type("find_date", "assume_year", assume_year, int, "an int")
        check_range("find_date", "assume_year", assume_year, low=1800, high=2199)
    if dateline:
        day = parse_dateline(dateline)
        if day is not None:
            return DateFound(day, "dateline", dateline.strip())

    full = _first_full_date(text)
    phrase = _first_on_day(text)
    if phrase is not None and (full is None or phrase[0].start() < full.start()):
        match, month, day_no = phrase
        # A Chinese "9月10日" takes no year from elsewhere in the text: years
        # there are written "2025年", which dates a period ("2025年上半年").
        year = None if match.re is _ZH_ON_DAY else _article_year(text, match)
        if year is not None:
            day = _make_date(year, month, day_no)
            if day is not None:
                return DateFound(day, "text", match.group(0))
        # A news agency's dateline ("新华社北京9月10日电") dates the article
        # even when older full dates follow in the story.
        wire = match.re is _ZH_ON_DAY and text[match.end():match.end() + 1] in ("电", "電", "讯", "訊")
        if full is None or (wire and assume_year is not None):
            if assume_year is not None:
                day = _make_date(assume_year, month, day_no)
                if day is not None:
                    return DateFound(day, "text+assumed_year", match.group(0))
            return DateFound(None, None, match.group(0))
    if full is not None:
        return DateFound(_date_of(full), "text", full.group(0))
    return DateFound(None, None, None)


def _first_full_date(text: str) -> re.Match | None:
    # Every full date contains a year: look only around the years (scanning
    # the whole text with the month alternation is slow on long articles).
    forms = _PROSE_FULL + _PROSE_ZH
    for year in _YEAR_ANY.finditer(text):
        start, end = year.span()
        for rx, reach in zip(forms, _REACH):
            m = rx.search(text, max(0, start - 30), end + reach)
            while m is not None and m.start() <= start:
                if m.span("y") == (start, end) and _date_of(m) is not None:
                    return m
                m = rx.search(text, m.start() + 1, end + reach)
    return None


def _first_on_day(text: str) -> tuple[re.Match, int, int] | None:
    first = None
    for m in _ON_DAY.finditer(text):
        month = _month_number(m["m"] or m["m2"])
        day = int(m["d"] or m["d2"])
        if 1 <= day <= 31:
            first = m, month, day
            break
    # Most texts have no "月" at all: one substring test spares the scan.
    if "月" in text:
        zh = _ZH_ON_DAY.search(text, 0, first[0].start() if first else len(text))
        if zh is not None:
            return zh, int(zh["m"]), int(zh["d"])
    return first


def _article_year(text: str, phrase: re.Match) -> int | None:
    """The one year in ``text`` that can date ``phrase``, or None."""
    years: dict[int, list[int]] = {}
    for m in _YEAR_TOKEN.finditer(text):
        if _NOT_ARTICLE_YEAR.search(text[max(0, m.start() - 12):m.start()]):
            continue
        years.setdefault(int(m["y"]), []).append(m.start())
    if len(years) == 1:
        return next(iter(years))
    if not years:
        return None
    # Several years: only one in the phrase's own sentence can be trusted.
    start = _sentence_start(text, phrase.start())
    end_m = _SENTENCE_END.search(text, phrase.end())
    end = end_m.end() if end_m else len(text)
    near = {y for y, pos in years.items() if any(start <= p < end for p in pos)}
    return near.pop() if len(near) == 1 else None


def _sentence_start(text: str, pos: int) -> int:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    return start
