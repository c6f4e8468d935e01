"""Tests of reexdata.repair: decoding bytes and undoing mojibake."""

import codecs

import pytest
from conftest import SEED_FILES
from hypothesis import given, settings
from hypothesis import strategies as st

import reexdata
from reexdata.repair import (
    BinaryContentError,
    UndecodableError,
    decode_bytes,
    repair_text,
)

RESIDUE = ("โ", "ย", "€", "™", "Â", "Ã")


def _seed_text(raw_dir, seed):
    text, _ = decode_bytes((raw_dir / SEED_FILES[seed]).read_bytes())
    return text


def _as_windows_874(text):
    """Break ``text`` the way the seeds were broken: UTF-8 bytes shown as
    Windows-874, undefined bytes shown as Windows-1252 or kept as C1 controls.
    Written independently of the module's own table."""
    out = []
    for byte in text.encode("utf-8"):
        raw = bytes([byte])
        for codec in ("cp874", "cp1252", "latin-1"):
            try:
                out.append(raw.decode(codec))
                break
            except UnicodeDecodeError:
                continue
    return "".join(out)


# ---------------------------------------------------------------------------
# The seeds
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "seed, repairs", [("000", 35), ("001", 0), ("002", 0), ("003", 0), ("004", 43)]
)
def test_seed_repair_count(raw_dir, seed, repairs):
    _, count = repair_text(_seed_text(raw_dir, seed))
    assert count == repairs


@pytest.mark.parametrize(
    "seed, phrase",
    [
        ("000", "signal Baogang’s intent"),
        ("000", "“a strong environment for Baogang’s growth.” She called"),
        ("000", "Inner Mongolia’s “five major tasks,” Beijing’s shorthand"),
        ("000", "“unique resource advantages” and is undergoing"),
        ("000", "state-owned enterprises’ duty"),
        ("000", "for the region—expanding resource security"),
        ("000", "and mining groups—a model"),
        ("000", "©!-- /wp:paragraph -->"),
        ("004", "Baogang’s “two bases” buildout"),
        ("004", "one of China’s most consequential industrial empires—Baotou Iron"),
        ("004", "Meng Fanying—sat down with Li Bo"),
        ("004", "go greener, move “high-end.” The subtext"),
        ("004", "as “main force” behind its much-touted “two rare-earth bases.” That"),
        ("004", "That phrase isn’t marketing fluff. It’s a state mandate"),
        ("004", "from lab to production lines—fast."),
        ("004", "about the “two bases” endgame—moving China’s advantage"),
        ("004", "the West’s window to catch up is still open—but narrowing."),
        ("004", "©!-- /wp:paragraph -->"),
    ],
)
def test_seed_reads_repaired_phrase(raw_dir, seed, phrase):
    repaired, _ = repair_text(_seed_text(raw_dir, seed))
    assert phrase in repaired


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
@pytest.mark.parametrize("residue", RESIDUE)
def test_seed_has_no_residue_after_repair(raw_dir, seed, residue):
    repaired, _ = repair_text(_seed_text(raw_dir, seed))
    assert residue not in repaired


@pytest.mark.parametrize("seed", ["001", "002", "003"])
def test_clean_seed_comes_out_unchanged(raw_dir, seed):
    text = _seed_text(raw_dir, seed)
    assert repair_text(text) == (text, 0)


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_seed_decodes_as_utf8(raw_dir, seed):
    _, encoding = decode_bytes((raw_dir / SEED_FILES[seed]).read_bytes())
    assert encoding == "utf-8"


# ---------------------------------------------------------------------------
# UTF-8 read as Windows-874, complete sequences
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "broken, expected, repairs",
    [
        ("Chinaโ€™s", "China’s", 1),
        ("said โ€œyes", "said “yes", 1),
        ("yes.โ€\x9d Then", "yes.” Then", 1),
        ("regionโ€”expanding", "region—expanding", 1),
        ("2020โ€“2025", "2020–2025", 1),
        ("and soโ€ฆ", "and so…", 1),
        ("Item โ€ข one", "Item • one", 1),
        ("Smithโ€\xa0(1901)", "Smith†(1901)", 1),
        ("ยฉ 2025 REEx", "© 2025 REEx", 1),
        ("ยฉ!-- /wp:paragraph -->", "©!-- /wp:paragraph -->", 1),
        ("Exchanges?ย\xa0 They", "Exchanges?\xa0 They", 1),
        ("Acmeโ„ข", "Acme™", 1),
        ("costs โ‚ฌ5", "costs €5", 1),
        ("Cafรฉ", "Café", 1),
        ("Baogang (ๅŒ…้’ข)", "Baogang (包钢)", 2),
        ("thanks ๐Ÿ™‚", "thanks 🙂", 1),
    ],
)
def test_repairs_windows_874_sequence(broken, expected, repairs):
    assert repair_text(broken) == (expected, repairs)


def test_repair_counts_one_per_restored_character():
    assert repair_text("The โ€œtwo basesโ€\x9d ofย\xa0Baogangโ€™s") == (
        "The “two bases” of\xa0Baogang’s",
        4,
    )


@pytest.mark.parametrize(
    "text",
    [
        "A “B” ‘c’ d—e – f… g • h",
        "Baogang (包钢集团) reported €5 and ™ marks 🙂",
        "naïve café, Ünïcödé, ½ and ©",
        "Prices: £5, ¥7, 20°C ± 2",
    ],
)
def test_repairs_text_broken_twice(text):
    twice = _as_windows_874(_as_windows_874(text))
    repaired, _ = repair_text(twice)
    assert repaired == text


# ---------------------------------------------------------------------------
# Lossy Windows-874 forms: only โ (or โ€, or ย) survived
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "broken, expected, repairs",
    [
        ("Chinaโs", "China’s", 1),
        ("Chinaโ\ufffd\ufffds", "China’s", 1),
        ("โ\ufffd\ufffdquotedโ\ufffd\ufffd", "“quoted”", 2),
        ("he said โIt is โhigh-end.โโ", "he said “It is “high-end.””", 4),
        ("isnโt", "isn’t", 1),
        ("theyโre", "they’re", 1),
        ("weโve", "we’ve", 1),
        ("sheโll", "she’ll", 1),
        ("Iโd go", "I’d go", 1),
        ("Iโm sure", "I’m sure", 1),
        ("ITโS", "IT’S", 1),
        ("move โhigh-end.โ The", "move “high-end.” The", 2),
        ("the โtwo basesโ endgame", "the “two bases” endgame", 2),
        ("(โquotedโ)", "(“quoted”)", 2),
        ("said:โWe go.โ", "said:“We go.”", 2),
        ("empiresโBaotou", "empires—Baotou", 1),
        ("Fanyingโsat down", "Fanying—sat down", 1),
        ("linesโfast.", "lines—fast.", 1),
        ("2020โ2025", "2020–2025", 1),
        ("the basesโ output", "the bases’ output", 1),
        ("waitโฆ", "wait…", 1),
        ("Acmeโข", "Acme™", 1),
        ("โข Baogang", "• Baogang", 1),
        ("growth.โ€ She", "growth.” She", 1),
        ("growth.โ€\ufffd She", "growth.” She", 1),
        ("Exchanges?ย They", "Exchanges?\xa0 They", 1),
    ],
)
def test_repairs_lossy_form(broken, expected, repairs):
    assert repair_text(broken) == (expected, repairs)


def test_quotes_pair_within_a_line_only():
    broken = "He said โyes\nโno way"
    assert repair_text(broken)[0] == "He said “yes\n“no way"


def test_repairs_only_the_latin_part_next_to_thai():
    broken = "Thai โรงเรียน next to Chinaโs plan"
    assert repair_text(broken) == ("Thai โรงเรียน next to China’s plan", 1)


# ---------------------------------------------------------------------------
# Windows-1252 / Latin-1 mojibake (ftfy)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "broken, expected, repairs",
    [
        ("cafÃ©", "café", 1),
        ("Chinaâ€™s", "China’s", 1),
        ("The â€œtwo basesâ€\x9d plan", "The “two bases” plan", 2),
        ("He said â€œhiâ€ to me", "He said “hi” to me", 2),
        ("The Â£5 fee", "The £5 fee", 1),
        ("ÃœnÃ¯cÃ¶dÃ©", "Ünïcödé", 4),
    ],
)
def test_repairs_windows_1252_mojibake(broken, expected, repairs):
    assert repair_text(broken) == (expected, repairs)


def test_repairs_both_families_in_one_text():
    broken = "Baogangâ€™s “two” Ã©tÃ© and โ€œxโ€™"
    assert repair_text(broken) == ("Baogang’s “two” été and “x’", 5)


# ---------------------------------------------------------------------------
# Text that was never broken
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII text about rare earths.",
        "",
        "Baogang’s “two bases” plan—and more… • done",
        "The fee is €5.",
        "Acme™ and Baogang®",
        "naïve café in Zürich, façade, Ærø",
        "Zażółć gęślą jaźń",
        "Привет, как дела?",
        "包钢集团 稀土",
        "Exchanges?\xa0 They",
        "ภาษาไทยเป็นภาษาที่สวยงาม",
        "โรงเรียนของฉันอยู่ใกล้บ้าน โฆษณา",
        "Thai รถ word",
        "ไทยโ",
        "thanks 🙂",
    ],
)
def test_clean_text_is_unchanged(text):
    assert repair_text(text) == (text, 0)


def test_repair_text_is_exported_publicly():
    assert reexdata.repair_text is repair_text


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

# Pieces of both mojibake families, Thai letters and plain text, so that
# hypothesis builds near-mojibake often.
_MOJIBAKE_ALPHABET = list(
    "โ€™œยฉรเธข้ ’”“ abcsStdA.,\n\xa0\x9d\x81\x92\ufffdâÃ©Â£5ไปก…ฆขณแใๅๆ็่ฌŒ•–—"
)
_ANY_TEXT = st.one_of(st.text(), st.text(alphabet=st.sampled_from(_MOJIBAKE_ALPHABET)))
# Characters whose broken form holds a byte that is no Thai letter, so it is
# recognisable anywhere, even between spaces.
_NEWS_TEXT = st.text(
    alphabet=st.sampled_from(list("abc XYZ.,;:()") + list("’‘“”—–…•€™包钢🙂")),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT)
def test_repair_text_never_raises_and_counts_changes(text):
    repaired, count = repair_text(text)
    assert count >= 0
    assert (count == 0) == (repaired == text)


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT)
def test_repair_text_is_idempotent(text):
    repaired, _ = repair_text(text)
    assert repair_text(repaired) == (repaired, 0)


@settings(max_examples=200, deadline=None)
@given(_NEWS_TEXT)
def test_repair_undoes_windows_874_breakage(text):
    assert repair_text(_as_windows_874(text))[0] == text


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_decode_bytes_returns_text_or_raises_one_of_two_errors(data):
    try:
        text, encoding = decode_bytes(data)
    except (BinaryContentError, UndecodableError) as exc:
        assert exc.reason in ("binary", "undecodable")
    else:
        assert isinstance(text, str)
        assert codecs.lookup(encoding).name == encoding


# ---------------------------------------------------------------------------
# Decoding bytes
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


@pytest.mark.parametrize("error", [BinaryContentError, UndecodableError])
def test_decode_errors_are_value_errors(error):
    assert issubclass(error, ValueError)
