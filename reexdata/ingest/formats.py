"""Parsing one input file: page dumps, web pages and JSONL/JSON/CSV exports into rows.

Each row is an article or a reject (``reason`` and ``detail`` set), with the
``part`` of the file it came from (``#N`` for the records of an export).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import re
from collections.abc import Iterator, Mapping

from reexdata.dates import DateFound, find_date, parse_date
from reexdata.parsing import Boilerplate, count_words, first_sentence, parse_page

__all__ = ["FORMATS"]

_log = logging.getLogger(__name__)

#: File extension -> input format.
FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".json": "json",
    ".csv": "csv",
}

_TEXT_KEYS = ("text", "body", "content")
# An export record as parsed: (part, record or reject row, rejected).
_Record = tuple[str, dict, bool]



def _parse_file(data: bytes, fmt: str, bp: Boilerplate, assume_year: int | None) -> list[dict]:
    """Turn one file's bytes into result rows (articles or rejects), each with its ``part``."""
    # Imported here: ftfy makes reexdata.repair ~105 ms to import (measured
    # with -X importtime), which a build reusing its tables or a load served
    # by the parse cache never needs.
    from reexdata.repair import decode_bytes

    if not data.strip():
        return [_unit_reject("", "empty", "the file is empty" if not data else "the file holds only whitespace")]
    try:
        text, encoding = decode_bytes(data)
    except ValueError as exc:
        reason = getattr(exc, "reason", "undecodable")
        return [_unit_reject("", reason, str(exc))]
    if not text.strip():
        return [_unit_reject("", "empty", "the file holds no text")]
    try:
        if fmt in ("txt", "md"):
            return [_page_row("", text, fmt=fmt, encoding=encoding, bp=bp, assume_year=assume_year)]
        if fmt == "html":
            return [_html_row(text, encoding=encoding, bp=bp, assume_year=assume_year)]
        return _export_rows(text, fmt=fmt, encoding=encoding, bp=bp, assume_year=assume_year)
    except RecursionError:
        return [_unit_reject("", "unreadable", "the file is nested too deeply to be parsed")]


def _unit_reject(part: str, reason: str, detail: str) -> dict:
    return {"part": part, "reason": reason, "detail": detail}


#: The host of an http(s) address, without "www." (an outlet's name when nothing else gives one).
URL_HOST = r"^(?i:https?)://(?:www\.)?([^/:?#\s]+)"


def _domain(url: str | None) -> str | None:
    match = re.match(URL_HOST, url or "")
    return match.group(1).lower() if match else None


def _page_row(
    part: str,
    text: str,
    *,
    fmt: str,
    encoding: str,
    bp: Boilerplate,
    assume_year: int | None,
    title: str | None = None,
    url: str | None = None,
    date_value: str | None = None,
    date: DateFound | None = None,
    outlet: str | None = None,
) -> dict:
    """One article (or a boilerplate_only reject) from a page's text."""
    from reexdata.repair import repair_text  # ~105 ms to import: see _parse_file

    text, repairs = repair_text(text)
    if title is not None:
        title, title_repairs = repair_text(title)
        repairs += title_repairs
        title = " ".join(title.split()) or None
    page = parse_page(text, title=title, boilerplate=bp)
    if not page.body:
        return _unit_reject(part, "boilerplate_only", "no article text is left once the site boilerplate is removed")
    title = title if title is not None else page.title
    if title is not None:
        headline, title_source = title, "page"
    elif page.highlights:
        headline, title_source = page.highlights[0], "first_highlight"
    else:
        headline, title_source = first_sentence(page.body), "first_sentence"

    if date is None and date_value:
        day = parse_date(date_value)
        if day is not None:
            date = DateFound(day, "metadata", date_value.strip())
    if date is None:
        prose = "\n\n".join([title or "", *page.highlights, page.body])
        date = find_date(prose, dateline=page.dateline, assume_year=assume_year)
        if date.date_text is None and date_value:
            # Keep the words of a date field we could not read: never silently dropped.
            date = DateFound(None, None, date_value.strip())
    body = page.body
    return {
        "part": part,
        "reason": None,
        "detail": None,
        "article_id": hashlib.sha256(body.encode("utf-8")).hexdigest()[:16],
        "format": fmt,
        "url": url,
        "outlet": (outlet or "").strip() or _domain(url),
        "title": title,
        "headline": headline,
        "title_source": title_source,
        "published": date.published,
        "date_source": date.date_source,
        "date_text": date.date_text,
        "author": page.author,
        "highlights": page.highlights,
        "body": body,
        "state_media_disclaimer": page.state_media_disclaimer,
        "related_headlines": page.related_headlines,
        "word_count": count_words("\n".join(page.highlights)) + count_words(body),
        "encoding": encoding,
        "encoding_repairs": repairs,
    }


def _html_row(html: str, *, encoding: str, bp: Boilerplate, assume_year: int | None) -> dict:
    """One article from a web page: trafilatura for text and title, htmldate for the date."""
    import trafilatura
    from htmldate import find_date as html_date

    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True) or ""
        if not text.strip():
            text = trafilatura.html2txt(html) or ""
        meta = trafilatura.extract_metadata(html)
        title = (meta.title or None) if meta is not None else None
        url = (meta.url or None) if meta is not None else None
        outlet = (meta.sitename or None) if meta is not None else None
        # Markup only (extensive_search=False): dates in the prose are read
        # by our own rules, which never guess a year.
        day = html_date(html, extensive_search=False, original_date=True)
    except Exception as exc:  # lxml raises many types on broken markup
        _log.debug("html extraction failed: %s", exc)
        return _unit_reject("", "boilerplate_only", "no article text could be extracted from the HTML")
    if not text.strip():
        return _unit_reject("", "boilerplate_only", "no article text could be extracted from the HTML")
    date = None
    if day:
        date = DateFound(dt.date.fromisoformat(day), "metadata", day)
    return _page_row("", text, fmt="html", encoding=encoding, bp=bp, assume_year=assume_year,
                     title=title, url=url, date=date, outlet=outlet)


def _export_rows(text: str, *, fmt: str, encoding: str, bp: Boilerplate, assume_year: int | None) -> list[dict]:
    records = _jsonl_records(text) if fmt == "jsonl" else _json_records(text) if fmt == "json" else _csv_records(text)
    rows = []
    for part, record, rejected in records:
        if rejected:
            rows.append(record)
            continue
        rows.append(_record_row(part, record, fmt=fmt, encoding=encoding, bp=bp, assume_year=assume_year))
    if not rows:
        rows.append(_unit_reject("", "empty", "the file holds no records"))
    return rows


def _bad(part: str, reason: str, detail: str) -> _Record:
    return part, _unit_reject(part, reason, detail), True


def _jsonl_records(text: str) -> Iterator[_Record]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        part = f"#{number}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield _bad(part, "malformed_json", f"line {number} is not valid JSON ({getattr(exc, 'msg', exc)})")
            continue
        if not isinstance(obj, dict):
            yield _bad(part, "malformed_json", f"line {number} is a JSON {type(obj).__name__}, not an object")
            continue
        yield part, obj, False


def _json_records(text: str) -> Iterator[_Record]:
    try:
        obj = json.loads(text)
    except ValueError as exc:
        yield _bad("", "malformed_json", f"the file is not valid JSON ({getattr(exc, 'msg', exc)})")
        return
    if isinstance(obj, dict):
        nested = [v for k, v in obj.items() if k in ("articles", "records", "items", "data") and isinstance(v, list)]
        items = nested[0] if nested else [obj]
    elif isinstance(obj, list):
        items = obj
    else:
        yield _bad("", "malformed_json", f"the file holds a JSON {type(obj).__name__}, not objects")
        return
    for number, item in enumerate(items, start=1):
        part = f"#{number}"
        if not isinstance(item, dict):
            yield _bad(part, "malformed_json", f"item {number} is a JSON {type(item).__name__}, not an object")
        else:
            yield part, item, False


def _csv_records(text: str) -> Iterator[_Record]:
    # Article texts are long; the csv module's default field limit is 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    try:
        header = next((row for row in reader if any(cell.strip() for cell in row)), None)
        if header is None:
            return
        names = [h.strip().lower() for h in header]
        if not any(k in names for k in _TEXT_KEYS):
            shown = ", ".join(repr(n) for n in names[:10])
            yield _bad("", "no_text_column", f"the CSV header has no 'text' column (columns: {shown})")
            return
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            number += 1
            part = f"#{number}"
            if len(row) != len(names):
                yield _bad(part, "malformed_csv", f"row {number} has {len(row)} fields; the header has {len(names)}")
                continue
            yield part, dict(zip(names, row)), False
    except csv.Error as exc:
        part = f"#{number + 1}"
        detail = f"row {number + 1} cannot be read as CSV ({exc}); the rest of the file is skipped"
        yield _bad(part, "malformed_csv", detail)


def _field(record: Mapping, name: str) -> str | None:
    for key, value in record.items():
        if isinstance(key, str) and key.strip().lower() == name:
            if value is None:
                return None
            if isinstance(value, (list, dict)):
                return json.dumps(value, ensure_ascii=False)
            return value if isinstance(value, str) else str(value)
    return None


def _record_row(
    part: str, record: Mapping, *, fmt: str, encoding: str, bp: Boilerplate, assume_year: int | None
) -> dict:
    """One article from an export record with title/date/text (+ url) fields."""
    where = f"line {part[1:]}" if fmt == "jsonl" else f"row {part[1:]}" if fmt == "csv" else f"item {part[1:]}"
    text = None
    for name in _TEXT_KEYS:
        text = _field(record, name)
        if text is not None:
            break
    else:
        return _unit_reject(part, "no_text_column", f"{where} has no 'text' field")
    if not text.strip():
        return _unit_reject(part, "empty", f"{where} has an empty text")
    title = _field(record, "title")
    return _page_row(
        part,
        text,
        fmt=fmt,
        encoding=encoding,
        bp=bp,
        assume_year=assume_year,
        title=title if title and title.strip() else None,
        url=(_field(record, "url") or "").strip() or None,
        date_value=_field(record, "date"),
        outlet=_field(record, "outlet") or _field(record, "source"),
    )
