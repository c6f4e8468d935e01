"""Check the entity lexicon on Chinese news pages: 包钢, 北方稀土/包钢稀土 and 内蒙古.

Development check for ``reexdata.count_mentions`` on Chinese text (not
needed by the tests). It loads the development pages (``zh-news-2011-dev``)
with ``read_corpus`` at run time and compares, per entity, the articles in
which ``count_mentions`` finds the entity with the articles whose searched
text (title and body, folded to simplified characters) contains one of its
names as a plain substring:

- ``baogang``: 包钢 where it is not the start of 包钢稀土 (the former name of
  Northern Rare Earth), or 包头钢铁;
- ``northern_rare_earth``: 北方稀土 or 包钢稀土;
- ``inner_mongolia``: 内蒙古.

It prints, per entity, the pages with the substring (``substring``), the
pages where the entity is found (``found``), the pages found without the
substring (``extra``: a false positive unless another alias explains it)
and the substring pages not found (``missed``), and checks that no page
whose only 包钢 is inside 包钢稀土 counts for Baogang. ``--show`` prints the
context of every miss and extra for review (to the terminal only).

Usage::

    python benchmarks/eval_zh_mentions.py [CORPUS_DIR] [--show]

Results on ``zh-news-2011-dev`` (1,458 pages loaded; before: the matcher
before Han word boundaries, which found a Han name only between
punctuation; after: this one; occurrences are the substring's, mentions
are count_mentions')::

    entity               substring  found before/after  extra  missed  occurrences  mentions after
    baogang                      4       0 / 4              0       0            6          6
    northern_rare_earth          6       1 / 6              0       0           34         34
    inner_mongolia              39       9 / 43             4       0           74         81

    pages whose only 包钢 is in 包钢稀土 counted for baogang: 0

Reviewed by hand (``--show``): every substring page is found, and every
match shown for baogang and northern_rare_earth names the company (包钢集团公司,
包头钢铁(集团)有限公司, 包钢稀土, 内蒙古包钢稀土(集团)高科技股份有限公司, which counts
for Northern Rare Earth only). The four extra inner_mongolia pages use the
short form 内蒙 (山西内蒙等地, 内蒙等网点, 新疆、内蒙等西部地区: the region) and
one is a company's name (内蒙君正, a chemical company named after the
region): 1 false positive of 43 pages (2.3%), 0 of 4 and 0 of 6 for the
others. The 74 occurrences of 内蒙古 and the 81 mentions differ by the
short form (内蒙) and by 内蒙古 inside Northern Rare Earth's full name, which
the longer name takes.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent.parent / "shared" / "corpora" / "zh-news-2011-dev"

# entity -> (pattern of its names as plain substrings, what to show)
TARGETS = {
    "baogang": re.compile(r"包钢(?!稀土)|包头钢铁"),
    "northern_rare_earth": re.compile(r"北方稀土|包钢稀土"),
    "inner_mongolia": re.compile(r"内蒙古"),
}
_ONLY_IN_NRE = re.compile(r"包钢")


def _texts(folder: Path):
    import polars as pl

    from reexdata import read_corpus
    from reexdata.segment import to_simplified
    from reexdata.text import article_text

    articles = read_corpus(folder, metadata=False).articles
    texts = article_text(articles.select("article_id", "title", "body"))
    folded = [to_simplified(t) for t in texts["text"]]
    return articles, dict(zip(texts["article_id"], folded)), pl


def _context(text: str, pattern: re.Pattern, width: int = 12) -> list[str]:
    return [text[max(0, m.start() - width) : m.end() + width].replace("\n", " ") for m in pattern.finditer(text)]


def _found_context(text: str, entity: str, width: int = 12) -> list[str]:
    from reexdata.mentions.lexicon import _default_entities
    from reexdata.mentions.matcher import _matcher

    matcher = _matcher(_default_entities())
    return [
        text[max(0, start - width) : start + len(raw) + width].replace("\n", " ")
        for start, raw in matcher.matches(text)
        if matcher.target(raw) == entity
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    ap.add_argument("--show", action="store_true", help="print the context of each miss and extra")
    args = ap.parse_args(argv)
    folder = Path(args.corpus)
    if not folder.is_dir():
        print(f"No corpus at {folder}", file=sys.stderr)
        return 2
    from reexdata.mentions import count_mentions

    articles, texts, pl = _texts(folder)
    mentions = count_mentions(articles)
    print(f"{len(texts)} articles")
    print(f"{'entity':<20} {'substring':>9} {'found':>6} {'extra':>6} {'missed':>7}   {'occurrences':>11} {'mentions':>8}")
    for entity, pattern in TARGETS.items():
        named = {a for a, t in texts.items() if pattern.search(t)}
        found = set(mentions.filter(pl.col("entity") == entity)["article_id"])
        extra, missed = sorted(found - named), sorted(named - found)
        occurrences = sum(len(pattern.findall(t)) for t in texts.values())
        counted = mentions.filter(pl.col("entity") == entity)["mentions"].sum()
        print(
            f"{entity:<20} {len(named):>9} {len(found):>6} {len(extra):>6} {len(missed):>7}   "
            f"{occurrences:>11} {counted:>8}"
        )
        if args.show:
            for a in extra:
                print(f"  extra {a}: {' | '.join(_found_context(texts[a], entity))}")
            for a in sorted(found & named)[:10]:
                print(f"  found {a}: {' | '.join(_found_context(texts[a], entity))}")
            for a in missed:
                print(f"  missed {a}: {' | '.join(_context(texts[a], pattern))}")
    baogang = set(mentions.filter(pl.col("entity") == "baogang")["article_id"])
    only_nre = [
        a for a, t in texts.items()
        if _ONLY_IN_NRE.search(t) and not TARGETS["baogang"].search(t) and a in baogang
    ]
    print(f"pages whose only 包钢 is in 包钢稀土 counted for baogang: {len(only_nre)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
