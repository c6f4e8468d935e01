"""The texts a query scans: an article's parts, lower-cased cheaply, kept for the next query.

A query is matched against lower-cased text (see :mod:`reexdata.query.match`).
Lower-casing all of a large table with Unicode's full mapping
(``str.to_lowercase``) cost more than a second at 100k articles, and joining
the parts into one text another third of a second, so:

- the parts (head, highlights, body; or the ``fields`` asked for) stay
  apart, each its own column: no part's text is copied to join it;
- each part is lower-cased in ASCII only (pyarrow's ``ascii_lower``, ten
  times faster), and a query's letters beyond ASCII are matched by the class
  of the letters that lower-case to them (:func:`_cased`), which finds
  exactly what full lower-casing would;
- the rows where that is not exact are lower-cased in full: those holding a
  character in :data:`IRREGULAR`, whose lower case is not one character of
  the same kind that depends only on itself (``İ`` becomes two characters,
  the Kelvin sign an ASCII ``k``, ``Σ`` ``σ`` or ``ς`` by its neighbours).

On the same 100k generated articles (500 MB of text, one process):
preparing took 2.7 s of CPU (joining 0.3 s, full lower-casing 1.3 s, and
copies); it now takes about 0.45 s (ASCII lower-casing 0.26 s, most of it
the kernel handing out 500 MB of fresh pages; the scan for irregular
characters 0.08 s; the joined length 0.06 s).
"""

from __future__ import annotations

import functools
import re
import unicodedata
import weakref
from concurrent.futures import Executor, ThreadPoolExecutor

import numpy as np
import polars as pl

from reexdata.text import _head, _texts

__all__: list[str] = []

#: The parts of an article's text that a query's unprefixed terms may search.
PARTS = ("title", "highlights", "body")

#: Characters whose lower case is not a single character found from them alone
#: with the same letter-or-digit standing (derived from polars' lower-casing and
#: regex classes, checked over every code point in the tests): U+0130, the
#: Kelvin sign, capital sigma, and two letters whose lower case the regex
#: tables do not count as letters.
IRREGULAR = "\u0130\u212a\u03a3\ua7d2\ua7d4"
_IRREGULAR_CLASS = f"[{IRREGULAR}]"

# The parts' columns of a prepared table: originals "_p0", "_p1", ... and
# their lower-cased forms "_l0", "_l1", ..., in the order they are joined.
_ORIGINAL = "_p"
_LOWER = "_l"


def _title_expr(columns: list[str]) -> pl.Expr:
    """The title field: the page's title, else (when the table has no title column) the headline."""
    name = "title" if "title" in columns else "headline" if "headline" in columns else None
    return pl.col(name).cast(pl.String).fill_null("") if name else pl.lit("")


def _lower(texts: pl.Series, workers: Executor | None = None) -> tuple[pl.Series, pl.Series]:
    """``texts`` (no nulls) lower-cased in ASCII, rows with an :data:`IRREGULAR` character in full; and which rows those are.

    With ``workers``, the search for irregular characters and the
    lower-casing of the column's buffers run on them, side by side (both
    release the interpreter lock).
    """
    if workers is None:
        full = texts.str.contains(_IRREGULAR_CLASS)
        lowered = _ascii_lower(texts)
    else:
        scan = workers.submit(texts.str.contains, _IRREGULAR_CLASS)
        lowered = _ascii_lower(texts, workers)
        full = scan.result()
    rows = full.arg_true()
    if rows.len():
        lowered = lowered.scatter(rows, texts.gather(rows).str.to_lowercase())
    return lowered, full


def _ascii_lower(texts: pl.Series, workers: Executor | None = None) -> pl.Series:
    """``texts`` with A-Z lower-cased, by pyarrow's ``ascii_lower`` on the column's own buffers.

    polars keeps a string column as views (16 bytes a row: the length and
    either the string itself, up to 12 bytes, or its first 4 bytes and where
    the rest is) into data buffers. The data buffers are lower-cased as
    they are (the bytes keep their places, so the views stay valid) and the
    views' own bytes with numpy: no copy of the text to pyarrow's layout
    (0.25 s more at 100k articles). The output is allocated by the system's
    allocator: pyarrow's default (mimalloc) took 1.2 s of CPU to hand out
    the first 500 MB.
    """
    # Imported here: 0.1 s, paid by the first query rather than by every command.
    import pyarrow as pa
    import pyarrow.compute as pc

    pool = pa.system_memory_pool()
    array = texts.to_arrow(compat_level=pl.CompatLevel.newest())
    if not isinstance(array, pa.StringViewArray):  # pragma: no cover - another polars layout
        return pl.Series(texts.name, pc.ascii_lower(texts.to_arrow(), memory_pool=pool))
    validity, views, *data = array.buffers()
    if sum(b.size for b in data) > 2 * (texts.str.len_bytes().sum() or 0) + 2**20:
        # A slice or a filtered table: most of the buffers are other rows' text.
        return pl.Series(texts.name, pc.ascii_lower(texts.to_arrow(), memory_pool=pool))
    rows = np.frombuffer(views, dtype=np.uint8).reshape(-1, 16)[array.offset:array.offset + len(array)].copy()
    inline = rows[:, :4].copy().view(np.uint32).ravel() <= 12
    rows[inline, 4:] = _ASCII_LOWER[rows[inline, 4:]]
    rows[~inline, 4:8] = _ASCII_LOWER[rows[~inline, 4:8]]

    def lower(buffer: pa.Buffer) -> pa.Buffer:
        offsets = pa.py_buffer(np.array([0, buffer.size], dtype=np.int64))
        whole = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, buffer])
        return pc.ascii_lower(whole, memory_pool=pool).buffers()[2]

    lowered = list(workers.map(lower, data) if workers is not None else map(lower, data))
    out = pa.Array.from_buffers(
        pa.string_view(), len(array), [validity, pa.py_buffer(rows), *lowered], null_count=array.null_count, offset=0
    )
    return pl.Series(texts.name, out)


_ASCII_LOWER = np.arange(256, dtype=np.uint8)
_ASCII_LOWER[ord("A"):ord("Z") + 1] += 32


@functools.cache
def _upper_cases() -> dict[str, str]:
    """Each non-ASCII lower-case character mapped to every character (itself included) that polars lower-cases to it."""
    chars = pl.Series([chr(i) for i in range(128, 0x110000) if not 0xD800 <= i < 0xE000])
    pairs = pl.DataFrame({"char": chars, "lower": chars.str.to_lowercase()})
    pairs = pairs.filter(pl.col("lower").str.len_chars() == 1).group_by("lower").agg(pl.col("char").sort())
    return {low: "".join(uppers) for low, uppers in pairs.iter_rows()}


def _cased(char: str) -> str:
    """The characters a query's (lower-case) ``char`` matches in ASCII-lower-cased text, as a regex piece.

    ASCII characters and those without case (Han, digits) stand for
    themselves; another letter stands for the class of every character that
    lower-cases to it (``ö``: ``[Öö]``), since only ASCII was lower-cased.
    """
    if char.isascii() or unicodedata.category(char) in _CASELESS:
        return re.escape(char)
    upper = _upper_cases().get(char, "")
    if not upper:
        return "[^\\s\\S]"  # nothing lower-cases to it: it never matches lower-cased text
    return re.escape(upper) if len(upper) == 1 else "[" + "".join(re.escape(c) for c in upper) + "]"


# Categories without case: other letters (Han, kana, Arabic, ...) and digits other than Roman numerals.
_CASELESS = ("Lo", "Nd", "No")


def _parts(frame: pl.DataFrame, func: str, fields: tuple[str, ...] | None) -> pl.DataFrame:
    """``article_id``, ``_title`` and the searched parts in order (``_p0``, ...; empty strings, no nulls).

    ``fields`` None: the parts of :func:`reexdata.text.article_text`'s text
    (head, highlights, body; its ``text`` is these joined by blank lines,
    empty ones left out). Otherwise the named parts, ``"title"`` being the
    title field of ``title:`` terms.
    """
    texts = _texts(frame, func, joined=False)
    title = frame.with_columns(_title_expr(frame.columns).alias("_title")).get_column("_title")
    texts = texts.with_columns(title)
    if fields is None:
        if "highlights" in frame.columns:
            # As article_text joins them: missing highlights are left out.
            joined = frame.select(
                pl.col("highlights").cast(pl.List(pl.String)).list.drop_nulls().list.join("\n\n").fill_null("")
            )
            highlights = joined.to_series()
        else:
            highlights = pl.repeat("", frame.height, dtype=pl.String, eager=True)
        head = frame.with_columns(_head(frame.columns).cast(pl.String).fill_null("").alias("_head")).get_column("_head")
        parts = [head, highlights, texts.get_column("body")]
    else:
        names = {"title": pl.col("_title"), "highlights": pl.col("highlights").list.join("\n\n"), "body": pl.col("body")}
        parts = [texts.select(names[f].fill_null("")).to_series() for f in fields]
    # A part empty in every row joins nothing: not scanning it saves a regex call a row and term.
    kept = [p for p in parts if p.str.len_bytes().sum()] or parts[:1]
    return texts.select("article_id", "_title").with_columns(p.alias(f"{_ORIGINAL}{i}") for i, p in enumerate(kept))


def _prepare(frame: pl.DataFrame, func: str, fields: tuple[str, ...] | None) -> pl.DataFrame:
    """:func:`_parts` with each part lower-cased (``_l0``, ...), ``_title_lower``, ``_full`` (a part was lower-cased in full) and ``_chars`` (the characters of the parts joined by blank lines)."""
    table = _parts(frame, func, fields)
    lowered, full = [], []
    with ThreadPoolExecutor(max_workers=max(1, min(4, pl.thread_pool_size()))) as workers:
        for name in original_parts(table):
            low, irregular = _lower(table.get_column(name), workers)
            lowered.append(low.alias(_LOWER + name[len(_ORIGINAL):]))
            full.append(irregular)
    title = _lower(table.get_column("_title"))[0].alias("_title_lower")
    parts = original_parts(table)
    chars = pl.sum_horizontal([pl.col(p).str.len_chars() for p in parts])
    gaps = (pl.sum_horizontal([(pl.col(p).str.len_bytes() > 0).cast(pl.Int64) for p in parts]) - 1).clip(lower_bound=0)
    return table.with_columns(*lowered, title, pl.any_horizontal(full).alias("_full"), (chars + 2 * gaps).alias("_chars"))


def original_parts(table: pl.DataFrame) -> list[str]:
    """The original parts' columns of a prepared table, in order."""
    return [c for c in table.columns if c.startswith(_ORIGINAL)]


def lowered_parts(table: pl.DataFrame) -> list[str]:
    """The lower-cased parts' columns of a prepared table, in order."""
    return [c for c in table.columns if c.startswith(_LOWER)]


# The texts prepared for the last few polars tables queried, by the table's
# identity, so that the next query on the same table object skips preparing.
# A table changed in place (replace_column, item assignment) holds new
# arrays: the entry keeps the arrays it was prepared from (their buffers'
# addresses cannot then be reused) and compares their addresses.
_PREPARED: dict[int, tuple[weakref.ref[pl.DataFrame], tuple[object, ...], list[object], pl.DataFrame]] = {}
_PREPARED_MAX = 2
# The columns preparing reads.
_READ = ("article_id", "title", "headline", "title_source", "highlights", "body")


def _fingerprint(frame: pl.DataFrame, fields: tuple[str, ...] | None) -> tuple[tuple[object, ...], list[object]]:
    """What the prepared texts depend on: ``fields``, the schema and the buffers of the columns read; and those columns as Arrow arrays."""
    arrays = [frame.get_column(c).to_arrow(compat_level=pl.CompatLevel.newest()) for c in _READ if c in frame.columns]
    buffers = tuple((a.offset, len(a), tuple(b.address if b is not None else 0 for b in a.buffers())) for a in arrays)
    return (frame.height, tuple(frame.schema.items()), fields, buffers), arrays


def _scan_frame(frame: pl.DataFrame, func: str, fields: tuple[str, ...] | None) -> pl.DataFrame:
    """:func:`_prepare`, kept for the next query on the same table (see ``_PREPARED``)."""
    key, arrays = _fingerprint(frame, fields)
    kept = _PREPARED.get(id(frame))
    if kept is not None and kept[0]() is frame and kept[1] == key:
        return kept[3]
    scan = _prepare(frame, func, fields)
    _PREPARED.pop(id(frame), None)
    if len(_PREPARED) >= _PREPARED_MAX:
        _PREPARED.pop(next(iter(_PREPARED)))
    _PREPARED[id(frame)] = (weakref.ref(frame), key, arrays, scan)
    return scan
