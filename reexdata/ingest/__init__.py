"""Loading the raw folder into the ``articles`` and ``rejects`` tables.

:func:`read_corpus` walks a folder (or reads one file), decodes and repairs
each input (:mod:`reexdata.repair`), splits page dumps into their parts
(:mod:`reexdata.parsing`), dates them (:mod:`reexdata.dates`) and returns two
tables, both shaped exactly as declared in :data:`reexdata.schema.TABLES`:

- ``articles``: one row per article loaded;
- ``rejects``: one row per input that was not loaded, with a reason code
  and a sentence naming the problem.

Nothing is dropped silently: every input file (and every line or row of a
multi-article export) ends up in exactly one of the two tables, so
``n_inputs == len(articles) + len(rejects)``. Names starting with a dot
(``.gitkeep``, ``.DS_Store``, hidden folders) are not inputs and are skipped.

Inputs, by extension (case-insensitive):

- ``.txt``, ``.md``: page dumps like the seeds in ``data/raw``;
- ``.html``, ``.htm``: web pages; main text and title through trafilatura,
  date through htmldate, unless the page shows its own dateline
  (``发布时间：2011-08-09``), which wins over its markup;
- ``.jsonl``, ``.json``, ``.csv``: exports with ``title``, ``date`` and
  ``text`` (or ``body``/``content``) fields and optional ``url``; one article
  per line or row, whose source is ``file.jsonl#N`` (N is the 1-based line
  of a JSONL file, item of a JSON array (a lone JSON object is item 1), or
  data row of a CSV file, blank rows not counted).

File names are data: a name that is not UTF-8 is shown in ``source`` with
its bad bytes as ``\\xNN`` and read by its real bytes. Nothing outside the raw
folder is read unless asked for: a symbolic link whose target resolves outside
it is one ``outside_raw`` reject (``follow_links_outside=True`` follows it).
A malformed JSONL line or CSV row costs that record only, and an export holds
at most ``max_rows`` records (the rest is one ``too_many_rows`` reject).

Dates come from a page's dateline, from its prose (see
:func:`reexdata.dates.find_date`), or, with ``date_source="metadata"``, from
structured data given with the article: an export's ``date`` field, the
HTML page's date markup, or metadata.csv.

An optional ``metadata.csv`` at the root of the raw folder (columns ``file``,
``url``, ``title``, ``published``, ``outlet``) overrides the title
(``title_source="metadata"``), date (``date_source="metadata"``), url and
outlet (else the url's host) inferred for the input it names; it is not
itself an article.

The steps, one module each: :mod:`~reexdata.ingest.discover` (walking the
folder), :mod:`~reexdata.ingest.read` (reading and parsing, in worker
processes for a large corpus), :mod:`~reexdata.ingest.cache` (the parse
cache), :mod:`~reexdata.ingest.formats` (one file into rows),
:mod:`~reexdata.ingest.metadata` (metadata.csv and duplicates) and
:mod:`~reexdata.ingest.corpus` (the public functions).

Parse cache
-----------
With ``cache_dir``, each input's parse result is kept in one Parquet file per
raw folder, ``<cache_dir>/ingest-v<PARSER_VERSION>-<folder hash>.parquet``,
one row per result (article or reject) with the file's path, size, mtime and
a key = SHA-256 of its bytes + format + parse options (``PARSER_VERSION``,
``reexdata.repair.REPAIR_VERSION``, a hash of the parsing code itself, the
boilerplate lexicon's hash, ``assume_year``, ``max_rows``). A rebuild

- does not even read a file whose size and mtime are unchanged (as git does;
  a file modified within two seconds of being read is re-hashed next time,
  so a same-size edit in the same clock tick is never missed);
- reads but does not parse a file whose bytes hash to a cached key (renamed
  or touched files);
- parses only new or changed files; deleted files leave the cache.

A cache written by another parser version has another file name and is never
read; a cache file that cannot be read or has an unexpected schema is ignored
and rewritten. Writes go to a temporary file, flushed to disk and renamed
into place (:mod:`reexdata._cache`), so a crash never leaves a half-written
cache. One consolidated file reads and writes in well under a second at 100k
articles, where 100k small files would not.
"""

from reexdata.ingest.cache import PARSER_VERSION
from reexdata.ingest.corpus import Corpus, load_articles, read_corpus
from reexdata.ingest.formats import FORMATS

__all__ = ["PARSER_VERSION", "FORMATS", "Corpus", "read_corpus", "load_articles"]
