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
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from reexdata.dates import DateFound, find_date, parse_date
from reexdata.ingest.language import _model as _language_model
from reexdata.ingest.language import SAMPLE_BYTES, detect_language
from reexdata.parsing import Boilerplate, _spaced_words, count_words, first_sentence, parse_page

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
#: Records read from one export file at most; the rest are one ``too_many_rows`` reject.
DEFAULT_MAX_ROWS = 200_000
# A JSON line nested deeper than this is rejected before json.loads, whose
# recursion would otherwise fail on it (no article export nests this deep).
_MAX_DEPTH = 100
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
# An export record as parsed: (part, record or reject row, rejected).
_Record = tuple[str, dict, bool]



def _parse_file(data: bytes, fmt: str, bp: Boilerplate, assume_year: int | None,
                max_rows: int = DEFAULT_MAX_ROWS) -> list[dict]:
    """Turn one file's bytes into result rows (articles or rejects), each with its ``part``.

    An export holding more than ``max_rows`` records gives the first
    ``max_rows`` and one ``too_many_rows`` reject for the rest.
    """
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
        return _export_rows(text, fmt=fmt, encoding=encoding, bp=bp, assume_year=assume_year, max_rows=max_rows)
    except RecursionError:
        return [_unit_reject("", "unreadable", "the file is nested too deeply to be parsed")]


def _prepare_parsing() -> None:
    """Load what parsing any page needs and loads on first use: ftfy and the language model."""
    import reexdata.repair  # noqa: F401  (see _parse_file)

    _language_model()


def _release_parsing() -> None:
    """Let go of the language model (100 MB), loaded by :func:`_prepare_parsing` for the workers."""
    _language_model.cache_clear()


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
    markup_date: Callable[[], DateFound | None] | None = None,
    outlet: str | None = None,
) -> dict:
    """One article (or a boilerplate_only reject) from a page's text.

    ``markup_date`` reads a web page's date from its markup; it is called
    only when the page shows no dateline of its own, which wins over it
    (the markup's date can be a CMS comment's or a reprinted source's), so
    that most pages skip htmldate's search.
    """
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

    date = None
    if markup_date is not None:
        own = find_date("", dateline=page.dateline, assume_year=assume_year) if page.dateline else None
        date = own if own is not None and own.date_source == "dateline" else markup_date()
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
        # The detector reads only the start: the body is not copied whole.
        "language": detect_language(f"{title}\n\n{body[:SAMPLE_BYTES]}" if title else body),
        "encoding": encoding,
        "encoding_repairs": repairs,
    }


def _html_row(html: str, *, encoding: str, bp: Boilerplate, assume_year: int | None) -> dict:
    """One article from a web page: trafilatura for text and title, htmldate for the date.

    A page whose main text has no prose (see :func:`_has_prose`), such as
    one of navigation, footer and share links only, is ``boilerplate_only``.
    """
    import trafilatura
    from htmldate import find_date as html_date

    page = _Html(html)
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True) or ""
        if not text.strip():
            text = page.block_text()
        # Its own date search is not used (ours is below); without the
        # extensive search it costs a third of what it does by default.
        meta = trafilatura.extract_metadata(html, extensive=False)
        title = (meta.title or None) if meta is not None else None
        url = (meta.url or None) if meta is not None else None
        outlet = (meta.sitename or None) if meta is not None else None
    except Exception as exc:  # lxml raises many types on broken markup
        _log.debug("html extraction failed: %s", exc)
        return _unit_reject("", "boilerplate_only", "no article text could be extracted from the HTML")
    if not text.strip():
        return _unit_reject("", "boilerplate_only", "no article text could be extracted from the HTML")
    if not _has_prose(text, page):
        return _unit_reject("", "boilerplate_only", "the page's main text is only menus, links and short lines")
    def markup_date() -> DateFound | None:
        # Markup only (extensive_search=False): dates in the prose are read
        # by our own rules, which never guess a year.
        try:
            day = html_date(html, extensive_search=False, original_date=True)
        except Exception as exc:  # lxml raises many types on broken markup
            _log.debug("html date search failed: %s", exc)
            return None
        return DateFound(dt.date.fromisoformat(day), "metadata", day) if day else None

    return _page_row("", text, fmt="html", encoding=encoding, bp=bp, assume_year=assume_year,
                     title=title, url=url, markup_date=markup_date, outlet=outlet)


# The main text of a web page is an article only if it holds prose: a
# stretch of _PROSE_WORDS words (or a run without spaces of _PROSE_CJK
# Chinese, Japanese or Korean characters, among digits and punctuation)
# between line breaks, menu separators and sentence ends, that is not the
# text of a link. Menus, footers and share buttons are link texts and short
# items, whatever the site's layout; the shortest real article has one
# sentence.
_PROSE_WORDS = 8
_PROSE_CJK = 12
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SEGMENT_SPLIT = re.compile(r"\s*(?:\n|[|·•»›]|(?<=[.!?])\s)\s*")
_BLOCK_TAGS = frozenset(
    "p div li ul ol nav header footer section article aside main h1 h2 h3 h4 h5 h6 table tr td th "
    "br hr dl dt dd blockquote pre form figure figcaption address body".split()
)


def _has_prose(text: str, page: _Html) -> bool:
    """Whether ``text`` (a page's main text) holds a stretch of prose that is not a link's text."""
    for segment in _SEGMENT_SPLIT.split(text):
        # Words between spaces: Chinese prose has its own rule (no jieba here).
        if _spaced_words(segment) >= _PROSE_WORDS or any(
                len(_CJK.findall(run)) >= _PROSE_CJK for run in segment.split()):
            if " ".join(segment.split()) not in page.link_texts():
                return True
    return False


class _Html:
    """A web page's markup, parsed by lxml only when asked (trafilatura parses it on its own)."""

    def __init__(self, html: str):
        self.html = html
        self._tree: Any = None
        self._links: set[str] | None = None

    def tree(self) -> Any:
        if self._tree is None:
            # trafilatura's loader takes the decoded text as it is (lxml given
            # bytes would decode them again by the page's charset tag).
            from trafilatura import load_html

            try:
                tree = load_html(self.html)
            except Exception as exc:  # lxml raises many types on broken markup
                _log.debug("html parse failed: %s", exc)
                tree = None
            self._tree = tree if tree is not None else False
        return self._tree

    def link_texts(self) -> set[str]:
        """The text of every link of the page, whitespace normalised."""
        if self._links is None:
            tree = self.tree()
            anchors = tree.iter("a") if tree is not False else ()
            self._links = {" ".join(a.text_content().split()) for a in anchors}
        return self._links

    def block_text(self) -> str:
        """The page's text, one line per block element (a paragraph, a menu item, a cell)."""
        tree = self.tree()
        if tree is False:
            return ""
        for el in list(tree.iter("script", "style", "noscript", "template", "head")):
            el.drop_tree()
        for el in tree.iter():
            if isinstance(el.tag, str) and el.tag in _BLOCK_TAGS:
                el.text = "\n" + (el.text or "")
                el.tail = "\n" + (el.tail or "")
        lines = (" ".join(line.split()) for line in tree.text_content().split("\n"))
        return "\n".join(line for line in lines if line)


def _export_rows(text: str, *, fmt: str, encoding: str, bp: Boilerplate, assume_year: int | None,
                 max_rows: int = DEFAULT_MAX_ROWS) -> list[dict]:
    read = _jsonl_records if fmt == "jsonl" else _json_records if fmt == "json" else _csv_records
    records = read(text, max_rows)
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


def _too_many(number: int, total: int, max_rows: int, what: str) -> _Record:
    """The one reject for the records past ``max_rows`` (record ``number`` is the first of them)."""
    detail = (f"the file holds {total} {what}s, more than the limit of {max_rows}: "
              f"the {total - max_rows} from {what} {number} on are not loaded")
    return _bad(f"#{number}", "too_many_rows", detail)


def _jsonl_records(text: str, max_rows: int = DEFAULT_MAX_ROWS) -> Iterator[_Record]:
    lines = text.split("\n")
    n_records = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        n_records += 1
        part = f"#{number}"
        if n_records > max_rows:
            rest = sum(1 for other in lines[number:] if other.strip())
            yield _too_many(number, max_rows + 1 + rest, max_rows, "line")
            return
        if _too_deep(line):
            yield _bad(part, "malformed_json", f"line {number} is nested more than {_MAX_DEPTH} levels deep")
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield _bad(part, "malformed_json", f"line {number} is not valid JSON ({getattr(exc, 'msg', exc)})")
            continue
        except RecursionError:
            yield _bad(part, "malformed_json", f"line {number} is nested too deeply to be parsed")
            continue
        if not isinstance(obj, dict):
            yield _bad(part, "malformed_json", f"line {number} is a JSON {type(obj).__name__}, not an object")
            continue
        yield part, obj, False


def _too_deep(line: str) -> bool:
    """Whether the JSON text ``line`` nests arrays and objects more than ``_MAX_DEPTH`` deep.

    Brackets inside strings do not count. Cheap for ordinary lines: only a
    line with more than ``_MAX_DEPTH`` brackets in all is scanned.

    Examples
    --------
    >>> _too_deep("[" * 101 + "]" * 101), _too_deep('{"a": "[[[[["}' + " " * 0)
    (True, False)
    """
    if line.count("[") + line.count("{") <= _MAX_DEPTH:
        return False
    depth = 0
    for ch in _NOT_BRACKET.sub("", _JSON_STRING.sub("", line)):
        if ch in "[{":
            depth += 1
            if depth > _MAX_DEPTH:
                return True
        else:
            depth -= 1
    return False


def _json_records(text: str, max_rows: int = DEFAULT_MAX_ROWS) -> Iterator[_Record]:
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
        if number > max_rows:
            yield _too_many(number, len(items), max_rows, "item")
            return
        if not isinstance(item, dict):
            yield _bad(part, "malformed_json", f"item {number} is a JSON {type(item).__name__}, not an object")
        else:
            yield part, item, False


def _csv_records(text: str, max_rows: int = DEFAULT_MAX_ROWS) -> Iterator[_Record]:
    """The rows of a CSV export, each as a record or a reject, numbered as data rows.

    A row that opens a quote and leaves it open at the end of its line
    would swallow the lines after it into one field. When every line it
    swallowed is a complete row on its own (the header's number of fields,
    its quotes balanced), the row is rejected as ``malformed_csv`` with its
    line number and reading goes on from the next line; a quoted field
    that really spans lines (paragraphs of an article text) ends on a line
    whose quotes do not balance, and stays one field. A quote still open
    at the end of the file is a malformed row too.
    """
    # Article texts are long; the csv module's default field limit is 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    lines = io.StringIO(text, newline="").readlines()
    names: list[str] | None = None
    number = 0  # data rows so far (blank rows are not counted)
    start = 0  # the line to (re)start reading from
    while start < len(lines):
        base = start
        reader = csv.reader(lines[k] for k in range(base, len(lines)))
        start = len(lines)
        try:
            done = 0  # lines the reader has consumed
            for row in reader:
                first, done = base + done, reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if names is None:
                    names = [h.strip().lower() for h in row]
                    if not any(k in names for k in _TEXT_KEYS):
                        shown = ", ".join(repr(n) for n in names[:10])
                        yield _bad("", "no_text_column", f"the CSV header has no 'text' column (columns: {shown})")
                        return
                    continue
                number += 1
                part = f"#{number}"
                if number > max_rows:
                    rest = sum(1 for other in reader if any(cell.strip() for cell in other))
                    yield _too_many(number, max_rows + 1 + rest, max_rows, "row")
                    return
                last = base + done - 1
                if last > first and _swallowed_rows(lines[first + 1:last + 1], len(names)):
                    detail = (f"row {number} (line {first + 1}) opens a quote that its line does not close; "
                              "the row is skipped and reading goes on at the next line")
                    yield _bad(part, "malformed_csv", detail)
                    start = first + 1
                    break
                if last == len(lines) - 1 and sum(line.count('"') for line in lines[first:]) % 2:
                    detail = f"row {number} (line {first + 1}) opens a quote that is never closed"
                    yield _bad(part, "malformed_csv", detail)
                    continue
                if len(row) != len(names):
                    yield _bad(part, "malformed_csv", f"row {number} has {len(row)} fields; the header has {len(names)}")
                    continue
                yield part, dict(zip(names, row)), False
        except csv.Error as exc:
            part = f"#{number + 1}"
            detail = f"row {number + 1} cannot be read as CSV ({exc}); the rest of the file is skipped"
            yield _bad(part, "malformed_csv", detail)
            return


def _swallowed_rows(lines: list[str], n_fields: int) -> bool:
    """Whether ``lines``, read into an open quote, are complete CSV rows of their own."""
    whole = False
    for line in lines:
        if not line.strip():
            continue
        if line.count('"') % 2:
            return False
        try:
            fields = next(csv.reader([line]), [])
        except csv.Error:
            return False
        if len(fields) != n_fields:
            return False
        whole = True
    return whole


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
