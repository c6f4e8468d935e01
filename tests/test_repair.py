"""Tests of reexdata.repair: undoing mojibake."""

import ftfy
import pytest
from conftest import SEED_FILES
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import reexdata
from reexdata.repair import REPAIR_VERSION, decode_bytes, repair_text

RESIDUE = ("โ", "ย", "€", "™", "Â", "Ã")


def _seed_text(raw_dir, seed):
    text, _ = decode_bytes((raw_dir / SEED_FILES[seed]).read_bytes())
    return text


def _as_windows_874(text, codecs=("cp874", "cp1252", "latin-1")):
    """Break ``text`` the way the seeds were broken: UTF-8 bytes shown as
    Windows-874, undefined bytes shown as Windows-1252 or kept as C1 controls.
    Written independently of the module's own table. Bytes that none of
    ``codecs`` can show are lost."""
    out = []
    for byte in text.encode("utf-8"):
        raw = bytes([byte])
        for codec in codecs:
            try:
                out.append(raw.decode(codec))
                break
            except UnicodeDecodeError:
                continue
    return "".join(out)


def _as_windows_874_dropping(text):
    """As :func:`_as_windows_874`, but bytes that neither Windows-874 nor
    Windows-1252 can show (0x81, 0x8D, 0x8F, 0x90, 0x9D) are lost: ``”``
    becomes ``โ€``, as in the seeds."""
    return _as_windows_874(text, codecs=("cp874", "cp1252"))


def _as_lossy_windows_874(text):
    """The lossy form: UTF-8 bytes shown as Windows-874, and every byte of
    0x80-0x9F lost (only the lead byte of ``’``, ``“`` or ``—`` survives, as
    ``โ``), as in seed 004."""
    return "".join(
        chr(byte) if byte < 0x80 else bytes([byte]).decode("cp874", "ignore")
        for byte in text.encode("utf-8")
        if not 0x80 <= byte <= 0x9F
    )


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


@pytest.mark.parametrize(
    "text, repairs",
    [
        ("the “two bases”—fast", 3),
        ("“Done.”—Then", 3),
        ("ends here”— then", 2),
        ("a “b”–c", 3),
        ("said “no”…", 3),
    ],
)
def test_closing_quote_with_lost_byte_before_a_sequence(text, repairs):
    assert repair_text(_as_windows_874_dropping(text)) == (text, repairs)


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


@pytest.mark.parametrize(
    "text",
    [
        "They aren’t here.",
        "Bloomingdale’s, and Macy’s.",
        "We’ll see; they’re sure",
        "I’ve said I’d go, I’m in",
        "the 1990’s boom",
        "WON’T",
    ],
)
def test_lossy_quote_before_contraction_is_apostrophe(text):
    assert repair_text(_as_lossy_windows_874(text))[0] == text


@pytest.mark.parametrize(
    "text",
    [
        "Baotou (Reuters)—Prices rose",
        "Is it over?—Not yet",
        "the word 'bases'—and more",
    ],
)
def test_lossy_mark_after_bracket_question_or_quote_before_letter_is_dash(text):
    assert repair_text(_as_lossy_windows_874(text))[0] == text


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


@pytest.mark.parametrize(
    "text, codec, repairs",
    [
        ("Le gâteau coûte cinq euros", "mac_roman", 2),
        ("Straße in München", "mac_roman", 2),
        ("Liège et l’hôpital", "cp1250", 3),
        ("Příliš žluťoučký", "cp1250", 7),
        ("Заводы «Баотоу»", "cp1251", 14),
        ("правильное питание", "cp437", 17),
        ("Čeština je těžká", "cp437", 5),
    ],
)
def test_repairs_other_code_pages(text, codec, repairs):
    assert repair_text(text.encode("utf-8").decode(codec)) == (text, repairs)


def test_repairs_a_long_broken_text_one_per_character():
    # 2,000 paragraphs: the repairs are counted without a quadratic diff.
    text = "Le gâteau coûte cinq euros.\n" * 2000
    assert repair_text(text.encode("utf-8").decode("mac_roman")) == (text, 4000)


@pytest.mark.parametrize(
    "text, first, second",
    [
        ("a £5.8bn rights issue", "cp1252", "cp1251"),
        ("Zürich café", "cp1252", "cp1252"),
        ("gâteaux and crème", "mac_roman", "mac_roman"),
    ],
)
def test_repairs_text_broken_twice_in_other_code_pages(text, first, second):
    twice = text.encode("utf-8").decode(first).encode("utf-8").decode(second)
    assert repair_text(twice)[0] == text


@pytest.mark.parametrize(
    "broken, expected",
    [
        # The byte lost after â€ is unknown: marked, as ftfy does.
        ("â€œlostâ€\ufffd", "“lost\ufffd"),
        ("rated â€œAâ€? by", "rated “A\ufffd by"),
        # After plain text and before a space it is a closing quote, not †.
        ("said â€œhiâ€ then", "said “hi” then"),
    ],
)
def test_windows_1252_close_quote_with_a_lost_byte(broken, expected):
    assert repair_text(broken)[0] == expected


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


def test_repair_version_is_2():
    assert REPAIR_VERSION == "2"


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
    # Text that ftfy itself would change (``€•`` reads as MacRoman mojibake)
    # is not clean text, and repair_text hands everything but Windows-874 to ftfy.
    assume(ftfy.fix_encoding(text) == text)
    assert repair_text(_as_windows_874(text))[0] == text
