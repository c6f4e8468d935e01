"""Search's snippets: the first hit of a query's terms with its context, cut from the article's parts.

The snippet is defined on the article's text (its parts joined by blank
lines, :func:`reexdata.text.article_text`): the first match of any positive
term's counting pattern (:func:`~reexdata.query.match._rust_count`, which
takes the character before the word), with up to ``width`` characters each
side. The parts are never joined here (copying 100k articles' text cost
0.3 s): each term's first match is found in each part, the earliest in the
joined order is taken, and only the context around it is assembled, from
the neighbouring parts' ends when it reaches past its own part.

In the joined text a word opening a part that follows another is preceded
by the blank line's second line break, which the match then takes as its
edge: such a match starts one character earlier there than in its part.

A row where a Han term (one that starts or ends with a Han character) is
a candidate of the scan gets its snippet in Python (:func:`_row_snippet`):
the earliest hit that counts, Han hits on jieba's word boundaries
(:mod:`reexdata.query.han`), in the joined text folded to simplified
characters.
"""

from __future__ import annotations

import polars as pl

from reexdata.query.han import _han_hits
from reexdata.query.match import _checked, _has_left_edge, _is_checked, _python_pattern, _rust_contains, _rust_count
from reexdata.query.parse import Term
from reexdata.query.prepare import lowered_parts, original_parts
from reexdata.segment import to_simplified

__all__: list[str] = []

_BLANK = "\n\n"
# A match's key packs (part, start in the part + 1, term) into one Int64:
# the start takes _OFFSET_BITS bits, the term index the lowest bits.
_OFFSET_BITS = 40


def _joined(exprs: list[pl.Expr]) -> pl.Expr:
    """The non-empty strings of ``exprs`` joined by blank lines, as article_text joins parts."""
    if not exprs:
        return pl.lit("")
    kept = [pl.when(e.str.len_bytes() > 0).then(e) for e in exprs]
    return pl.concat_str(kept, separator=_BLANK, ignore_nulls=True).fill_null("")


def _collapse(expr: pl.Expr) -> pl.Expr:
    """White space runs as one space, none at the ends (as ``replace_all(r"\\s+", " ")``, in half the time)."""
    return expr.str.replace_all(r"[^ \S]", " ").str.replace_all("  +", " ").str.strip_chars()


def _first_hits(rows: pl.DataFrame, terms: list[Term], searched: list[str], prefix: str) -> pl.DataFrame:
    """Each row's first hit in the joined order: ``_part``, ``_pos`` (byte), ``_adj`` (1: it takes the blank line's break), ``_len`` (bytes).

    Rows without a hit are left out. ``searched`` are the columns searched
    (byte offsets in them must be those of the original parts); ``prefix``
    goes before every pattern (``"(?i)"`` to search the originals).
    """
    originals = original_parts(rows)
    patterns = [prefix + _rust_count(t) for t in terms]
    bits = max(1, (len(terms) - 1).bit_length())
    # Each term's first match in each part, as columns: an eager select evaluates a shared expression once per use.
    finds = rows.select(
        "_row", *searched,
        *(pl.col(c).str.find(pattern).cast(pl.Int64).alias(f"_f{p}_{i}") for p, c in enumerate(searched) for i, pattern in enumerate(patterns)),
    )
    keys = []
    for p in range(len(searched)):
        earlier = pl.any_horizontal([pl.col(o).str.len_bytes() > 0 for o in originals[:p]]) if p else pl.lit(False)
        # A match at the part's start takes the blank line's break only when
        # the word opens the part; a part opening with a space or a mark
        # gives the match that character as its edge.
        opens = earlier & ~pl.col(searched[p]).str.contains(r"^[\W_]")
        for i, term in enumerate(terms):
            pos = pl.col(f"_f{p}_{i}")
            adj = ((pos == 0) & opens).cast(pl.Int64) if _has_left_edge(term) else pl.lit(0, pl.Int64)
            keys.append(p * 2 ** (_OFFSET_BITS + bits) + (pos - adj + 1) * 2**bits + i)
    if len(searched) > 1:
        finds = finds.with_columns(rows.select(originals[:-1]))
    best = finds.select("_row", *searched, pl.min_horizontal(keys).alias("_key")).filter(pl.col("_key").is_not_null())
    offset = (pl.col("_key") % 2 ** (_OFFSET_BITS + bits)) // 2**bits - 1
    best = best.with_columns(
        (pl.col("_key") // 2 ** (_OFFSET_BITS + bits)).alias("_part"),
        (pl.col("_key") % 2**bits).alias("_term"),
        (offset == -1).cast(pl.Int64).alias("_adj"),
        offset.clip(lower_bound=0).alias("_pos"),
    )
    # The match's length: the first match of its term in its part, one search a row.
    lengths = [
        group.select("_row", pl.col(searched[part]).str.extract(patterns[term], 0).str.len_bytes().alias("_len"))
        for (part, term), group in best.group_by(["_part", "_term"])
    ]
    found = pl.concat(lengths) if lengths else pl.DataFrame(schema={"_row": pl.UInt32, "_len": pl.UInt32})
    return best.select("_row", "_part", "_pos", "_adj").join(found, on="_row")


def _cut(rows: pl.DataFrame, hits: pl.DataFrame, width: int) -> pl.DataFrame:
    """``_row`` and ``snippet``: the hit of ``hits`` with up to ``width`` characters each side, in the joined text."""
    originals = original_parts(rows)
    cuts = []
    for p, name in enumerate(originals):
        table = hits.filter(pl.col("_part") == p).join(rows.select("_row", *originals), on="_row")
        if table.height:
            cuts.append(_cut_part(table, originals, p, width))
    return pl.concat(cuts) if cuts else pl.DataFrame(schema={"_row": pl.UInt32, "snippet": pl.String})


def _cut_part(table: pl.DataFrame, originals: list[str], p: int, width: int) -> pl.DataFrame:
    """:func:`_cut` for the hits in part ``p``."""
    text = pl.col(originals[p]).cast(pl.Binary)
    pos, end = pl.col("_pos"), pl.col("_pos") + pl.col("_len")
    # The context is cut from byte windows wide enough for its characters
    # (4 bytes at most each), moved to the nearest character starts: no
    # copy of the text before the hit, no count of its characters.
    start = (pos - 4 * (width + 1)).clip(lower_bound=0)
    stop = end + 4 * width
    # Columns first: an eager select evaluates a shared expression once per use.
    table = table.with_columns(start.alias("_start"), stop.alias("_stop"))
    start, stop = pl.col("_start"), pl.col("_stop")
    table = table.with_columns(start + _continuation_bytes(text, start, 1), stop - _continuation_bytes(text, stop, -1))
    table = table.with_columns(
        text.bin.slice(start, pos - start).cast(pl.String).str.tail(width + 1).alias("_before"),
        text.bin.slice(pos, pl.col("_len")).cast(pl.String).alias("_match"),
        text.bin.slice(end, (stop - end).clip(lower_bound=0)).cast(pl.String).str.head(width).alias("_after"),
    )
    # The blank line and the ends of the parts before and after, for context that reaches past this part.
    earlier = _joined([pl.col(o).str.tail(width + 1) for o in originals[:p]])
    later = _joined([pl.col(o).str.head(width) for o in originals[p + 1:]])
    table = table.with_columns(
        pl.when(earlier.str.len_bytes() > 0).then(pl.concat_str([earlier, pl.lit(_BLANK)])).otherwise(pl.lit("")).alias("_prev"),
        pl.when(later.str.len_bytes() > 0).then(pl.concat_str([pl.lit(_BLANK), later])).otherwise(pl.lit("")).alias("_next"),
    )
    # The joined text's match starts _adj characters before the part's: that
    # many characters of the blank line join the match, the rest the context.
    left = pl.concat_str([pl.col("_prev"), pl.col("_before")]).str.tail(width + pl.col("_adj"))
    right = pl.concat_str([pl.col("_after"), pl.col("_next")]).str.head(width)
    return table.select("_row", pl.concat_str([left, pl.col("_match"), right]).alias("snippet"))


def _continuation_bytes(text: pl.Expr, at: pl.Expr, step: int) -> pl.Expr:
    """How many UTF-8 continuation bytes (``10xxxxxx``) run from byte ``at`` (forward, ``step`` 1) or end just before it (backward, ``step`` -1): 0 to 3.

    Going backward the run is counted when byte ``at`` itself continues a
    character: cutting at ``at`` would split it.
    """
    def continues(offset: int) -> pl.Expr:
        byte = text.bin.get(at + offset, null_on_oob=True).cast(pl.Int32)
        return ((byte >= 0x80) & (byte < 0xC0)).fill_null(False)

    if step == 1:
        first, second, third = continues(0), continues(1), continues(2)
        return pl.when(~first).then(0).when(~second).then(1).when(~third).then(2).otherwise(3)
    here, one, two = continues(0), continues(-1), continues(-2)
    return pl.when(~here).then(0).when(~one).then(1).when(~two).then(2).otherwise(3)


def _snippets(found: pl.DataFrame, terms: list[Term], width: int) -> pl.Series:
    """The first hit of any term in each row of ``found`` (a prepared table) with up to ``width`` characters each side, white space collapsed.

    A row without a hit (it matches through a NOT; or, in a row lower-cased
    in full, a hit the search ignoring case does not see) gets the opening
    ``2 * width`` characters of its text.
    """
    originals = original_parts(found)
    head = _joined([pl.col(o).str.head(2 * width) for o in originals]).str.head(2 * width)
    if not terms:
        return found.select(_collapse(head).alias("snippet")).to_series()
    lowered = lowered_parts(found)
    # Offsets in the parts lower-cased in ASCII hold in the originals; the
    # rows lower-cased in full are searched in the originals, ignoring case.
    rows = indexed = found.with_row_index("_row").with_columns((~pl.col("_full")).alias("_same"))
    cuts = []
    checked = [t for t in terms if _is_checked(t)]
    if checked:
        # Rows where a Han term may hit: their snippets are cut in Python.
        candidate = pl.any_horizontal([pl.col(c).str.contains(_rust_contains(t)) for t in checked for c in lowered])
        rows = rows.with_columns(candidate.fill_null(False).alias("_han"))
        han = rows.filter(pl.col("_han"))
        cuts.append(_python_snippets(han, terms, width))
        rows = rows.filter(~pl.col("_han"))
    for kept, searched, prefix in ((pl.col("_same"), lowered, ""), (~pl.col("_same"), originals, "(?i)")):
        subset = rows.filter(kept)
        if subset.height:
            cuts.append(_cut(subset, _first_hits(subset, terms, searched, prefix), width))
    snippets = pl.concat(cuts) if cuts else pl.DataFrame(schema={"_row": pl.UInt32, "snippet": pl.String})
    table = indexed.join(snippets, on="_row", how="left", maintain_order="left")
    # The opening only where there is no hit: cutting it costs as much as a snippet.
    missing = table.get_column("snippet").is_null()
    if missing.any():
        table = table.with_columns(pl.when(missing).then(head).otherwise(pl.col("snippet")).alias("snippet"))
    return table.select(_collapse(pl.col("snippet")).alias("snippet")).to_series()


def _python_snippets(rows: pl.DataFrame, terms: list[Term], width: int) -> pl.DataFrame:
    """``_row`` and ``snippet`` (null without a hit) for ``rows``, cut in Python by :func:`_row_snippet`."""
    originals, lowered = original_parts(rows), lowered_parts(rows)
    out = [
        (row["_row"], _row_snippet([row[o] for o in originals], [row[c] for c in lowered], row["_same"], terms, width))
        for row in rows.iter_rows(named=True)
    ]
    return pl.DataFrame(out, schema={"_row": pl.UInt32, "snippet": pl.String}, orient="row")


def _row_snippet(originals: list[str], lowered: list[str], same: bool, terms: list[Term], width: int) -> str | None:
    """The earliest hit of ``terms`` in the joined parts with up to ``width`` characters each side (None without a hit).

    As in the vectorised snippet, a term with a word edge before it takes
    the character before the hit.
    """
    text = _BLANK.join(p for p in originals if p)
    # The lower-cased parts keep the originals' offsets unless lower-cased in full: those are searched as written, ignoring case.
    target = to_simplified(_BLANK.join(p for p in lowered if p) if same else text)
    best: tuple[int, int, int] | None = None
    for i, term in enumerate(terms):
        pattern = _python_pattern(term, ignore_case=not same)
        if _is_checked(term):
            spans = _han_hits(target, pattern, _checked(term))[:1]
        else:
            spans = [m.span() for m in [pattern.search(target)] if m is not None]
        for start, end in spans:
            start -= 1 if start > 0 and _has_left_edge(term) else 0
            if best is None or (start, i) < (best[0], best[2]):
                best = (start, end, i)
    if best is None:
        return None
    start, end, _ = best
    return text[max(0, start - width):end + width]
