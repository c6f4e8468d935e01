"""Tests for reexdata.ingest.language and the articles' language column."""

import pytest

from reexdata.ingest import read_corpus
from reexdata.ingest.language import MIN_LETTER_BYTES, detect_language

EN = "Baogang said on Monday that its output of rare-earth oxides rose in the third quarter."
ZH = "包钢集团周一表示，第三季度稀土氧化物产量有所增长，市场价格保持稳定。"
ZH_TRADITIONAL = "包鋼集團週一表示，第三季度稀土氧化物產量有所增長，市場價格保持穩定。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [(EN, "en"), (ZH, "zh"), (ZH_TRADITIONAL, "zh"),
     ("Le groupe Baogang a annoncé lundi une hausse de sa production de terres rares.", "fr"),
     ("Der Konzern Baogang meldete am Montag eine höhere Produktion seltener Erden.", "de")],
)
def test_detect_language_names_the_language(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("a" * (MIN_LETTER_BYTES - 1), None), ("包钢稀土" * 2 + "增", None),
                                                ("", None), ("2025-09-10 12:00 — 3.5%", None)])
def test_detect_language_is_null_for_too_few_letters(text, expected):
    assert detect_language(text) is expected


def test_ten_han_characters_are_enough():
    assert detect_language("包钢集团稀土产量增长") == "zh"


@pytest.mark.parametrize("text", ["http://www.example.com/abc/def/ghi/jkl/mno/pqr/stu/vwx/yz",
                                  "x1 y2 z3 x4 y5 z6 x7 y8 z9 xa yb zc xd ye zf xg yh zi xj yk zl xm yn zo"])
def test_detect_language_is_null_for_what_is_not_language(text):
    assert detect_language(text) is None


def test_detect_language_reads_only_the_start():
    assert detect_language(EN * 5 + ZH * 50) == "en"


def test_the_articles_have_the_language_of_their_text(tmp_path):
    (tmp_path / "en.txt").write_text(f"Baogang Output Rises\n\n{EN}", encoding="utf-8")
    (tmp_path / "zh.txt").write_text(f"包钢稀土产量增长\n\n{ZH}", encoding="utf-8")
    (tmp_path / "short.txt").write_text("Output rose.", encoding="utf-8")
    articles = read_corpus(tmp_path).articles
    assert articles.select("source", "language").rows() == [("en.txt", "en"), ("short.txt", None), ("zh.txt", "zh")]


def test_the_language_comes_from_the_title_and_the_body(tmp_path):
    (tmp_path / "a.txt").write_text("包钢集团稀土产量增长\n\nOutput rose.", encoding="utf-8")
    assert read_corpus(tmp_path).articles.get_column("language").to_list() == ["zh"]
