"""Hand-made tables of the declared schemas for the chart and report tests.

The tables describe one small corpus consistently (the same article ids in
every table) so that the tests do not depend on the stage code. Every table
is checked against ``reexdata.schema`` when it is built.
"""

import datetime as dt
import hashlib

import polars as pl

from reexdata.schema import TABLES, validate_table

JAN, FEB, MAR = dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)
THEMES = ("markets_pricing", "party_discipline", "resource_security")
XSS = "<script>alert(1)</script>"

# (key, headline, date, body, {theme: score}, primary theme or None, cluster, (x, y))
CORPUS = [
    ("prices", "Prices of praseodymium climb", dt.date(2025, 1, 6),
     "Praseodymium prices rose on the exchange.",
     {"markets_pricing": 0.8, "party_discipline": 0.1, "resource_security": 0.2}, "markets_pricing", 0, (0.5, 0.1)),
    ("party", "Party committee studies discipline", dt.date(2025, 1, 20),
     "The Party committee of Baotou Steel studied discipline.",
     {"markets_pricing": 0.0, "party_discipline": 0.7, "resource_security": 0.1}, "party_discipline", 1, (-0.4, 0.3)),
    ("explore", "Baogang opens new exploration block", dt.date(2025, 3, 3),
     "Baogang signed exploration rights at Bayan Obo.",
     {"markets_pricing": 0.1, "party_discipline": 0.0, "resource_security": 0.6}, "resource_security", 0, (0.4, -0.2)),
    ("undated", "Standards body backs new materials", None,
     "The Chinese Society of Rare Earths set new standards.",
     {"markets_pricing": 0.05, "party_discipline": 0.05, "resource_security": 0.1}, None, 1, (-0.3, -0.1)),
]

ENTITIES = [
    ("baogang", "Baogang", "company", ["Baogang", "Baotou Steel"]),
    ("bayan_obo", "Bayan Obo", "place", ["Bayan Obo"]),
    ("csre", "Chinese Society of Rare Earths", "organisation", ["CSRE"]),
]
# (article key, entity, mentions, first_offset)
MENTIONS = [
    ("party", "baogang", 1, 30),
    ("explore", "baogang", 2, 0),
    ("explore", "bayan_obo", 1, 40),
    ("undated", "csre", 1, 4),
]


def table(name: str, rows: list[tuple]) -> pl.DataFrame:
    """A table of ``TABLES[name]`` from rows given in column order."""
    frame = pl.DataFrame(rows, schema=TABLES[name].polars_schema, orient="row")
    return validate_table(name, frame)


def article_id(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()[:16]


def ids() -> dict[str, str]:
    """Article key -> article id."""
    return {key: article_id(body) for key, _, _, body, *_ in CORPUS}


def articles(corpus=CORPUS) -> pl.DataFrame:
    rows = []
    for i, (_, headline, day, body, *_) in enumerate(corpus):
        rows.append((
            article_id(body), f"fixture_{i}.txt", "txt", None, None, headline, headline, "page", day,
            "dateline" if day else None, day.isoformat() if day else None, None, [], body, False, [],
            len(body.split()), "en", "utf-8", 0,
        ))
    return table("articles", sorted(rows, key=lambda r: r[1]))


def themes(corpus=CORPUS) -> pl.DataFrame:
    rows = []
    for _, _, _, body, scores, primary, *_ in corpus:
        ranked = sorted(scores, key=lambda t: (-scores[t], t))
        for theme in THEMES:
            rank = ranked.index(theme) + 1
            rows.append((article_id(body), theme, scores[theme], rank, theme == primary, [theme.split("_")[0]]))
    return table("themes", sorted(rows, key=lambda r: (r[0], r[1])))


def themes_over_time(corpus=CORPUS) -> pl.DataFrame:
    """Monthly table: Jan (2 articles), Mar (1), and the undated bucket (1); Feb has none, so no rows (a gap)."""
    def month(day):
        return None if day is None else day.replace(day=1)

    periods = [JAN, MAR, None]
    rows = []
    for period in periods:
        held = [c for c in corpus if month(c[2]) == period]
        for theme in (*THEMES, "unassigned"):
            n = sum(1 for c in held if (c[5] or "unassigned") == theme)
            mean = 0.0 if theme == "unassigned" or not held else sum(c[4][theme] for c in held) / len(held)
            rows.append((period, theme, n, len(held), n / len(held) if held else 0.0, mean))
    return table("themes_over_time", rows)


def clusters() -> pl.DataFrame:
    return table("clusters", [
        (0, 2, ["prices", "exploration", "baogang"], "Markets pricing", "gap", 0.12, "en"),
        (1, 2, ["party", "standards"], "Party discipline", "gap", 0.12, "en"),
    ])


def cluster_assignments(corpus=CORPUS) -> pl.DataFrame:
    rows = [(article_id(c[3]), c[6], c[7][0], c[7][1], "en") for c in corpus]
    return table("cluster_assignments", sorted(rows))


def entities() -> pl.DataFrame:
    return table("entities", ENTITIES)


def mentions() -> pl.DataFrame:
    key = ids()
    rows = [(key[a], e, m, o) for a, e, m, o in MENTIONS]
    return table("mentions", sorted(rows))


def mentions_over_time() -> pl.DataFrame:
    """Monthly: baogang in Jan (1 of 2 articles) and Mar (1 of 1, 2 mentions); csre undated; Feb a gap."""
    rows = []
    counts = {  # (period, entity) -> (mentions, articles mentioning)
        (JAN, "baogang"): (1, 1), (MAR, "baogang"): (2, 1), (MAR, "bayan_obo"): (1, 1),
        (None, "csre"): (1, 1),
    }
    in_period = {JAN: 2, MAR: 1, None: 1}
    for period in (JAN, MAR, None):
        for entity, *_ in ENTITIES:
            m, a = counts.get((period, entity), (0, 0))
            n = in_period[period]
            rows.append((period, entity, m, a, n, a / n))
    return table("mentions_over_time", rows)


def co_mentions() -> pl.DataFrame:
    return table("co_mentions", [("baogang", "bayan_obo", 1, 0.5, 1.0)])


def rejects() -> pl.DataFrame:
    return table("rejects", [("empty.txt", "empty", "the file is empty")])


def attention() -> pl.DataFrame:
    """The query "baogang": one of January's two articles, March's one, not the undated one."""
    return table("attention", [(JAN, "baogang", 1, 2, 0.5), (MAR, "baogang", 1, 1, 1.0), (None, "baogang", 0, 1, 0.0)])


def all_tables() -> dict[str, pl.DataFrame]:
    return {
        "articles": articles(),
        "rejects": rejects(),
        "themes": themes(),
        "themes_over_time": themes_over_time(),
        "clusters": clusters(),
        "cluster_assignments": cluster_assignments(),
        "entities": entities(),
        "mentions": mentions(),
        "mentions_over_time": mentions_over_time(),
        "co_mentions": co_mentions(),
    }
