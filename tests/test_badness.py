"""Tests of reexdata.badness: the fast check for mojibake that ftfy would see."""

import pytest
from ftfy.badness import is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from reexdata.badness import looks_bad

# Characters of ftfy's badness categories and of common mojibake, with
# plain letters and spaces, so that hypothesis builds near-mojibake often.
_BADNESS_ALPHABET = list(
    "ÂÃÎÐŒœØÙ×²³à√≈‚ВГРСβΒΓΞΟā€™œ¢£¤¥§¨©ª«¬®¯°±´µ¶·¸¹º»¼½¾¿"
    "ÀÁÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïñòóôõöøùúûüýþÿ"
    "ĂăĹĺŁłŚśŠšŽžЂЃЉЊЋЌЎЏђѓљњћќўџ╨┐╤Ç░▓╕╗î╜╛╡─┼├\x80\x81\x8d\x9d\xa0\xad"
    "“”‘’–—…•†‡‰‹›ﬁﬂ◊ƒ∆∂∑∏π∫Ω≠≤≥∞包钢稀土。，ภาษา"
    "абвгдежзПРСВГЂЃўЉΒΓΞΟβπαλΘΩάÞØÙŸŠ"
    "abcsz ABC.,?!\n"
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Plain ASCII.", False),
        ("Baogang’s “two bases” plan—and more… • done", False),
        ("包钢集团——稀土……“两个基地”" * 20, False),
        ("ภาษาไทยเป็นภาษาที่สวยงาม", False),
        ("Le g√¢teau co√ªte 5 euros", True),
        ("cafÃ©", True),
        ("LiĂ¨ge", True),
        ("РїСЂР°РІРёР»СЊРЅРѕРµ", True),
        ("clean words " * 200 + "the end: co√ªte", True),
        ("包钢集团，稀土。" * 50 + " g√¢teau co√ªte", True),
    ],
)
def test_looks_bad(text, expected):
    assert looks_bad(text) is expected


@pytest.mark.parametrize("text", ["Le g√¢teau co√ªte", "包钢 " * 10 + "cafÃ©", "Привет, как дела? " * 10])
def test_looks_bad_agrees_with_ftfy_on_examples(text):
    assert looks_bad(text) == is_bad(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_BADNESS_ALPHABET), max_size=80))
def test_looks_bad_agrees_with_ftfy(text):
    assert looks_bad(text) == is_bad(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(_BADNESS_ALPHABET), max_size=12), max_size=30))
def test_looks_bad_agrees_with_ftfy_on_many_runs(words):
    text = " ".join(words)
    assert looks_bad(text) == is_bad(text)
