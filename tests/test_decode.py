"""Tests of reexdata.decode: turning the bytes of an input file into text."""

import codecs
import random
import struct

import pytest
from conftest import SEED_FILES
from hypothesis import given, settings
from hypothesis import strategies as st

import reexdata.decode
import reexdata.repair
from reexdata.decode import BinaryContentError, UndecodableError, decode_bytes
from reexdata.errors import ReexdataError

# ---------------------------------------------------------------------------
# The seeds
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_seed_decodes_as_utf8(raw_dir, seed):
    _, encoding = decode_bytes((raw_dir / SEED_FILES[seed]).read_bytes())
    assert encoding == "utf-8"


# ---------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, expected",
    [
        ("Café £5 naïve".encode("utf-8"), ("Café £5 naïve", "utf-8")),
        (codecs.BOM_UTF8 + "Café £5".encode("utf-8"), ("Café £5", "utf-8-sig")),
        ("Café £5".encode("utf-16"), ("Café £5", "utf-16")),
        ("Café £5 naïve".encode("cp1252"), ("Café £5 naïve", "cp1252")),
        ("Café £5 naïve".encode("latin-1"), ("Café £5 naïve", "cp1252")),
        (
            "The price is £5 and it’s “fine” for the café owner.".encode("cp1252"),
            ("The price is £5 and it’s “fine” for the café owner.", "cp1252"),
        ),
        ("£".encode("cp1252"), ("£", "cp1252")),
        (b"caf\xe9", ("café", "cp1252")),
        (
            "Zażółć gęślą jaźń. Polski tekst jest tutaj.".encode("cp1250"),
            ("Zażółć gęślą jaźń. Polski tekst jest tutaj.", "cp1250"),
        ),
        (
            "ภาษาไทยเป็นภาษาที่สวยงาม โรงเรียนของฉันอยู่ใกล้บ้าน".encode("cp874"),
            ("ภาษาไทยเป็นภาษาที่สวยงาม โรงเรียนของฉันอยู่ใกล้บ้าน", "cp874"),
        ),
        (b"", ("", "utf-8")),
    ],
)
def test_decode_bytes_finds_the_encoding(data, expected):
    assert decode_bytes(data) == expected


@pytest.mark.parametrize(
    "data, match",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "PNG image signature"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document signature"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
        (b"plain text\x00with a NUL", "contains NUL bytes"),
        (bytes(range(1, 9)) * 10 + b"some text", "80 of 89 bytes are control characters"),
    ],
)
def test_decode_bytes_rejects_binary(data, match):
    with pytest.raises(BinaryContentError, match=match) as info:
        decode_bytes(data)
    assert info.value.reason == "binary"


def test_decode_bytes_rejects_undecodable_bytes():
    with pytest.raises(UndecodableError, match="not valid UTF-8") as info:
        decode_bytes(bytes(range(0x80, 0x100)) * 3)
    assert info.value.reason == "undecodable"


def test_decode_bytes_rejects_broken_utf16():
    with pytest.raises(UndecodableError, match="utf-16 byte order mark"):
        decode_bytes(codecs.BOM_UTF16_LE + b"a\x00\x00\xdc")


# ---------------------------------------------------------------------------
# UTF-16 and UTF-32 without a byte order mark
# ---------------------------------------------------------------------------

_WIDE_TEXT = "Baogang’s “two bases” plan: €5 for café owners.\nSecond line."


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_decode_bytes_reads_wide_text_without_bom(codec):
    assert decode_bytes(_WIDE_TEXT.encode(codec)) == (_WIDE_TEXT, codec)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_decode_bytes_reads_short_utf16_without_bom(codec):
    assert decode_bytes("Hi".encode(codec)) == ("Hi", codec)


@pytest.mark.parametrize(
    "data, match",
    [
        # NULs on alternate bytes, but the characters are control codes.
        (struct.pack("<200H", *range(1, 201)), "contains NUL bytes"),
        # Random bytes: NULs anywhere.
        (random.Random(0).randbytes(4096), "contains NUL bytes"),
        # A text with one stray NUL.
        (b"plain text\x00with a NUL!", "contains NUL bytes"),
        (b"\x89PNG\r\n\x1a\n" + "A".encode("utf-16-le") * 50, "PNG image signature"),
        (b"%PDF-1.7\n" + "A".encode("utf-16-le") * 50, "PDF document signature"),
        (b"PK\x03\x04" + "AB".encode("utf-16-le") * 50, "ZIP archive"),
    ],
)
def test_decode_bytes_still_rejects_binary_with_nuls(data, match):
    with pytest.raises(BinaryContentError, match=match):
        decode_bytes(data)


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("error", [BinaryContentError, UndecodableError])
@pytest.mark.parametrize("base", [ValueError, ReexdataError])
def test_decode_errors_are_value_and_reexdata_errors(error, base):
    assert issubclass(error, base)


@pytest.mark.parametrize("name", ["decode_bytes", "BinaryContentError", "UndecodableError"])
def test_repair_module_re_exports_decoding(name):
    assert getattr(reexdata.repair, name) is getattr(reexdata.decode, name)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------


# Bytes with many NULs and surrogate-range bytes, so that the UTF-16/32
# detection is tried often.
_NUL_HEAVY = st.lists(
    st.sampled_from([0, 0, 0, 0x41, 0x0A, 0x20, 0xD8, 0xDC, 0x11, 0xFF, 0xE9]), max_size=300
).map(bytes)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), _NUL_HEAVY))
def test_decode_bytes_returns_text_or_raises_one_of_two_errors(data):
    try:
        text, encoding = decode_bytes(data)
    except (BinaryContentError, UndecodableError) as exc:
        assert exc.reason in ("binary", "undecodable")
    else:
        assert isinstance(text, str)
        assert codecs.lookup(encoding).name == encoding


def _strict_detector(real):
    """charset-normalizer as it behaves on some GBK pages: nothing at its default chaos bound."""

    def from_bytes(data, threshold=0.2, **kwargs):
        return [] if threshold <= 0.2 else real(data, threshold=threshold, **kwargs)

    return from_bytes


def test_decode_bytes_reads_gbk_the_detector_finds_only_with_a_looser_bound(monkeypatch):
    import charset_normalizer

    monkeypatch.setattr(charset_normalizer, "from_bytes", _strict_detector(charset_normalizer.from_bytes))
    text = "<p>包钢集团今天宣布，稀土产业链一体化项目在包头正式开工。</p>\n" * 4
    assert decode_bytes(text.encode("gbk")) == (text, "gb18030")


def test_decode_bytes_keeps_cp1252_for_latin_text_the_detector_cannot_place(monkeypatch):
    import charset_normalizer

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda data, **kwargs: [])
    assert decode_bytes("Caf\u00e9 \u00a35, na\u00efve".encode("cp1252")) == ("Caf\u00e9 \u00a35, na\u00efve", "cp1252")


@pytest.mark.parametrize("text", [
    "Baogang\u2019s plan\n\u2022 The group \u201cwill expand\u201d output \u2013 officials said.\n",
    "Final Thoughts\n\nThe plan\u2019s goals \u2013 \u201cintegration\u201d and \u201csecurity\u201d \u2013 stand.\n",
])
def test_decode_bytes_labels_western_text_cp1252_when_the_detector_ranks_cp1250_first(text):
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


def _match(encoding, coherence, same=()):
    from types import SimpleNamespace

    return SimpleNamespace(encoding=encoding, coherence=coherence, could_be_from_charset=[encoding, *same])


@pytest.mark.parametrize("proposals", [
    [_match("cp775", 0.94), _match("cp850", 0.94, ["cp857"]), _match("mac_iceland", 0.94, ["mac_roman"])],
    [_match("cp932", 0.0, ["shift_jis"]), _match("cp1250", 0.92, ["cp1252", "cp1254"])],
])
def test_decode_bytes_prefers_cp1252_to_dos_mac_or_cjk_proposals_for_a_few_curly_quotes(monkeypatch, proposals):
    import charset_normalizer

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda data, **kwargs: proposals)
    text = "\u2022 Baogang\u2019s \u201cplan\u201d \u2013 output up.\n" * 3
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")
