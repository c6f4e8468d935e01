"""Tests for reexdata.ingest.language and the articles' language column."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reexdata.ingest import language, read_corpus
from reexdata.ingest.language import MIN_LETTER_BYTES, SAMPLE_BYTES, detect_language

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


# The model through numpy (language._scores) against py3langid's own classifier.

@pytest.fixture(scope="module")
def identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE)


def _label_scores(text: str) -> dict[str, float]:
    """Our score of each label for ``text``'s sample (a label listed twice: its first column)."""
    model = language._model()
    scores = language._scores(model, text.encode()[:SAMPLE_BYTES])
    merged: dict[str, float] = {}
    for label, score in zip(model.classes, scores.tolist()):
        merged.setdefault(label, score)
    return merged


@pytest.mark.parametrize("text", [EN, ZH, ZH_TRADITIONAL, EN.upper(), "ÉTUDE DES TERRES RARES À BAOTOU", "",
                                  "2025-09-10 12:00", "Baogang – “rare earths” — 包钢 …", "ab" * 150])
def test_the_scores_are_py3langids_bit_for_bit(identifier, text):
    assert _label_scores(text) == dict(identifier.rank(text.encode()[:SAMPLE_BYTES]))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCÉéüß包钢集团稀土 .,;’“0123АБВгдαβأبت\n"), max_size=260))
def test_detect_language_agrees_with_py3langid(identifier, text):
    sample = text.encode()[:SAMPLE_BYTES]
    best, _ = identifier.classify(sample)
    ranked = [code for code, _ in identifier.rank(sample) if len(code) == 2]
    expected = None if best == "zxx" else best if len(best) == 2 else ranked[0] if ranked else None
    if len(re.sub(r"[\W\d_]+", "", sample.decode(errors="ignore")).encode()) < MIN_LETTER_BYTES:
        expected = None
    assert detect_language(text) == expected


def test_the_automaton_forgets_its_state_after_depth_bytes():
    # What _scores relies on: after any _DEPTH bytes the automaton is in the
    # state it would be in had it started from the start state. Followed as
    # pairs (state from anywhere, state from the start) after the same bytes,
    # kept only while they differ.
    model = language._model()
    n = len(model.rowbase)
    pairs = np.arange(n, dtype=np.int64) * n
    for _ in range(language._DEPTH):
        ahead = [model.nextmove[(model.rowbase[side][:, None] + np.arange(256)).ravel()].astype(np.int64)
                 for side in np.divmod(pairs, n)]
        pairs = np.unique(ahead[0][ahead[0] != ahead[1]] * n + ahead[1][ahead[0] != ahead[1]])
    assert pairs.size == 0


def test_the_padding_byte_keeps_the_automaton_at_its_start():
    model = language._model()
    assert (model.nextmove[model.rowbase[0] + language._PAD], model.output[0]) == (0, -1)


def test_the_floor_is_the_lowest_single_precision_number():
    assert language._FLOOR == float(np.finfo(np.float32).min)


@pytest.mark.parametrize(("text", "expected"), [
    ("“Baogang’s output—rose”, it said …", None),  # 24 letters
    ("“Baogang’s output—rose sharply”, it said …", "en"),  # 31 letters
])
def test_typographic_punctuation_is_not_counted_as_letters(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize(("sample", "expected"), [
    (b"Baogang 2025: up 5%", 9),
    ("“Baogang’s” — output".encode(), 14),
    ("包钢 Baogang".encode(), 13),
    ("Baogang 包".encode()[:-1], 7),  # a character cut in two at the end
])
def test_letter_bytes_counts_the_utf8_bytes_of_the_letters(sample, expected):
    assert language._letter_bytes(sample) == expected
