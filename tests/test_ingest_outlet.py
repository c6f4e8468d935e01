"""The articles' outlet: metadata.csv, else its url's host; the input's outlet or source field; the HTML site name."""

import pytest

import reexdata as rx

HTML = (
    '<html><head><title>Rare earth prices</title><meta property="og:site_name" content="Asia Metal"></head>'
    "<body><article><h1>Rare earth prices</h1><p>Prices of neodymium oxide rose on the Baotou exchange this week "
    "as buyers returned after the holiday, traders said.</p><p>Analysts expect demand from magnet makers to stay "
    "firm through the quarter.</p></article></body></html>"
)
JSONL = (
    '{"text": "Baogang signed a deal with Baotou city to build a new magnet plant soon.", "outlet": "Xinhua"}\n'
    '{"text": "Northern Rare Earth raised its prices for oxide this month, traders said.", "source": "Caixin"}\n'
    '{"text": "MP Materials reported revenue growth in the quarter, the company said.", "url": "http://www.mpmaterials.com/n/1"}\n'
)


@pytest.fixture
def outlets(tmp_path):
    (tmp_path / "a.txt").write_text("Gallium curbs widen\n\nBeijing tightened gallium export rules on Monday, officials said.\n")
    (tmp_path / "b.txt").write_text("Lynas expands\n\nLynas said it would expand its plant in Malaysia this year, it said.\n")
    (tmp_path / "c.txt").write_text("Coffee falls\n\nCoffee prices fell sharply in Brazil as the harvest came in early.\n")
    (tmp_path / "metadata.csv").write_text("file,outlet,url\na.txt,Reuters,\nb.txt,,https://www.Mining.com/lynas\n")
    (tmp_path / "d.jsonl").write_text(JSONL)
    (tmp_path / "e.html").write_text(HTML)
    articles = rx.load_articles(tmp_path)
    return dict(zip(articles["source"], articles["outlet"]))


@pytest.mark.parametrize(
    ("source", "outlet"),
    [
        ("a.txt", "Reuters"),  # metadata.csv's outlet column
        ("b.txt", "mining.com"),  # metadata.csv's url, its host lower-cased without www.
        ("c.txt", None),  # nothing says
        ("d.jsonl#1", "Xinhua"),  # the record's outlet field
        ("d.jsonl#2", "Caixin"),  # the record's source field
        ("d.jsonl#3", "mpmaterials.com"),  # the record's url
        ("e.html", "Asia Metal"),  # the page's site name
    ],
)
def test_outlet_comes_from_the_first_source_that_gives_one(outlets, source, outlet):
    assert outlets[source] == outlet
