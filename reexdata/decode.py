"""Decoding: turn the bytes of an input file into text.

:func:`decode_bytes` uses UTF-8 whenever it is valid; UTF-16 and UTF-32 are
recognised by their byte order mark or, without one, by their NUL bytes
(every other byte of Latin-script UTF-16, three of every four of UTF-32);
otherwise the encoding is detected (Windows-1252 or Latin-1 for Western
text, charset-normalizer for anything else). Binary or undecodable data
raises :class:`BinaryContentError` or :class:`UndecodableError`, both a
:class:`~reexdata.errors.ReexdataError` and a ``ValueError``.

Undoing mojibake in the decoded text is :mod:`reexdata.repair`'s job.
"""

from __future__ import annotations

import codecs
import re

from reexdata.errors import ReexdataError

__all__ = [
    "BinaryContentError",
    "UndecodableError",
    "decode_bytes",
]


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


class _DecodeError(ReexdataError, ValueError):
    """Bytes that cannot become text; ``reason`` is the loader's reject code."""

    reason = ""
    _prefix = ""

    def __init__(self, detail: str):
        self.detail = detail
        super().__init__(f"{self._prefix}: {detail}")


class BinaryContentError(_DecodeError):
    """The bytes are binary data (an image, an archive, ...), not text.

    Attributes
    ----------
    reason : str
        Always ``"binary"``.

    Examples
    --------
    >>> err = BinaryContentError("PNG image signature")
    >>> err.reason
    'binary'
    >>> str(err)
    'binary content, not text: PNG image signature'
    """

    reason = "binary"
    _prefix = "binary content, not text"


class UndecodableError(_DecodeError):
    """The bytes are not valid UTF-8 and no other encoding reads them sensibly.

    Attributes
    ----------
    reason : str
        Always ``"undecodable"``.

    Examples
    --------
    >>> err = UndecodableError("no encoding gives readable text")
    >>> err.reason
    'undecodable'
    >>> str(err)
    'undecodable bytes: no encoding gives readable text'
    """

    reason = "undecodable"
    _prefix = "undecodable bytes"


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------

# File signatures of common binary formats that can end up in a raw folder.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or docx/xlsx)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
)
# Short ASCII signatures (MZ, BZh, PAR1) are left out: a text may start with
# them, and those formats are caught by their NUL or control bytes anyway.

# BOMs of encodings whose text legitimately contains NUL bytes; checked
# before the NUL test. UTF-32 first: its little-endian BOM starts like UTF-16's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 control bytes that never occur in text (tab, newlines, form feed,
# vertical tab and escape do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1b")
_MAX_CONTROL_SHARE = 0.05  # text files have none; binary formats have many
_MAX_BAD_CHAR_SHARE = 0.05  # of decoded characters that are junk
# BOM-less UTF-16: share of characters with a NUL high byte (Latin-script
# text has far more), and of characters such as U+0100 or U+4E00 whose low
# byte is NUL.
_MIN_WIDE_NUL_SHARE = 0.3
_MAX_STRAY_NUL_SHARE = 0.02
# Above this share of non-ASCII bytes sitting next to another one, the text
# is probably not in a Latin script: the detector is trusted first.
_MAX_HIGH_RUN_SHARE = 0.5
_HIGH_BYTES = bytes(range(128, 256))
_HIGH_RUN_RE = re.compile(rb"[\x80-\xff]{2,}")
_WESTERN = {"cp1252", "latin_1", "iso8859_1", "iso8859_15"}
# Code pages a Latin-script web page plausibly comes in (charset-normalizer's names).
_WINDOWS_OR_ISO = ("cp125", "iso8859_", "latin_1")
_MIN_COHERENCE = 0.2  # charset-normalizer's score for "a language was recognised"
_LOOSE_CHAOS = 0.5  # charset-normalizer's chaos bound when its default (0.2) finds nothing
# EBCDIC and UTF-16/32 guesses come up on tiny or odd inputs (BOM-less wide
# text is recognised by its NUL bytes before the detector is asked).
_IMPLAUSIBLE = ("utf_16", "utf_32", "cp037", "cp273", "cp424", "cp500", "cp875",
                "cp1026", "cp1140")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file, detecting the encoding when needed.

    UTF-8 (with or without a byte order mark) is used whenever it is valid.
    UTF-16 and UTF-32 are read by their byte order mark or, without one, by
    where their NUL bytes sit (the high bytes of Latin-script characters:
    every other byte of UTF-16, three of every four of UTF-32). Otherwise text whose
    non-ASCII bytes stand alone (accented letters, £, curly quotes) is read as
    Windows-1252, a superset of printable Latin-1, unless charset-normalizer
    recognises a language in another Windows or ISO code page that reads
    the bytes differently (Polish in cp1250; DOS, Mac and CJK code pages are
    never taken for a few curly quotes); text in
    other scripts goes to charset-normalizer first. The result is checked for
    junk (control characters), so a wrong guess is reported, not returned.

    Parameters
    ----------
    data : bytes
        The raw content of one file.

    Returns
    -------
    text : str
        The decoded text (a leading byte order mark is removed).
    encoding : str
        The Python codec name used, for example ``"utf-8"``,
        ``"utf-8-sig"``, ``"utf-16"``, ``"utf-16-le"`` (no byte order mark)
        or ``"cp1252"``.

    Raises
    ------
    BinaryContentError
        When the data is binary: a known file signature (PNG, PDF, ZIP, ...),
        NUL bytes, or many control bytes.
    UndecodableError
        When no encoding gives readable text.

    Examples
    --------
    >>> decode_bytes("Café £5".encode("utf-8"))
    ('Café £5', 'utf-8')
    >>> decode_bytes("Café £5".encode("cp1252"))
    ('Café £5', 'cp1252')
    >>> decode_bytes("Café £5".encode("utf-16-le"))
    ('Café £5', 'utf-16-le')
    >>> decode_bytes(b"")
    ('', 'utf-8')
    """
    if not data:
        return "", "utf-8"
    _check_signature(data)
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            return _decode_wide(data, codec)
    if b"\x00" in data:
        wide = _decode_bomless_wide(data)
        if wide is not None:
            return wide
    _check_not_binary(data)
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for codec in _candidate_encodings(data):
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if _bad_char_share(text) <= _MAX_BAD_CHAR_SHARE:
            return text, codecs.lookup(codec).name
    raise UndecodableError(
        "not valid UTF-8, and no other encoding (Windows-1252, Latin-1, "
        "charset-normalizer's guesses) gives readable text"
    )


def _check_signature(data: bytes) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise BinaryContentError(f"{kind} signature")


def _check_not_binary(data: bytes) -> None:
    if b"\x00" in data:
        raise BinaryContentError("contains NUL bytes")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data):
        raise BinaryContentError(
            f"{controls} of {len(data)} bytes are control characters"
        )


def _decode_wide(data: bytes, codec: str) -> tuple[str, str]:
    try:
        # The generic utf-16/utf-32 codecs read and drop the BOM.
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise UndecodableError(f"starts with a {codec} byte order mark but "
                               f"is not valid {codec} ({exc.reason})") from None
    if _bad_char_share(text) > _MAX_BAD_CHAR_SHARE:
        raise BinaryContentError(f"{codec} text full of control characters")
    return text, codec


def _decode_bomless_wide(data: bytes) -> tuple[str, str] | None:
    """UTF-32 or UTF-16 text without a byte order mark, or None.

    A codec is tried only when the NULs sit where its high bytes are; the
    strict decoder then refuses most binary data (code points above
    U+10FFFF, lone surrogates), and the text must hold no NUL character and
    almost no junk.
    """
    for codec in _bomless_wide_codecs(data):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _bad_char_share(text) <= _MAX_BAD_CHAR_SHARE:
            return text, codec
    return None


def _bomless_wide_codecs(data: bytes) -> list[str]:
    codecs_ = []
    if len(data) % 4 == 0:
        units = len(data) // 4
        # The top byte of a UTF-32 unit is always NUL (code points stop at U+10FFFF).
        if data[3::4].count(0) == units:
            codecs_.append("utf-32-le")
        if data[0::4].count(0) == units:
            codecs_.append("utf-32-be")
    if len(data) % 2 == 0:
        units = len(data) // 2
        low_nuls, high_nuls = data[0::2].count(0), data[1::2].count(0)
        # Latin-script text: most characters are below U+0100, so one byte
        # of every pair is NUL, and the other (almost) never is.
        if high_nuls >= _MIN_WIDE_NUL_SHARE * units and low_nuls <= _MAX_STRAY_NUL_SHARE * units:
            codecs_.append("utf-16-le")
        if low_nuls >= _MIN_WIDE_NUL_SHARE * units and high_nuls <= _MAX_STRAY_NUL_SHARE * units:
            codecs_.append("utf-16-be")
    return codecs_


def _candidate_encodings(data: bytes) -> list[str]:
    """Encodings to try, in order, for bytes that are not UTF-8."""
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    in_runs = sum(len(run) for run in _HIGH_RUN_RE.findall(data))
    detected = _detect(data)
    western = ["cp1252", "latin-1"]
    # Accented Latin letters and £ stand alone between ASCII bytes; Cyrillic,
    # Greek, Thai or CJK text comes in runs of non-ASCII bytes.
    latin_like = in_runs <= _MAX_HIGH_RUN_SHARE * high
    if not detected and not latin_like:
        # charset-normalizer drops a code page when one chunk of the text
        # looks chaotic (a GBK page whose markup is half the bytes); for text
        # in a non-Latin script, a looser bound beats falling back to cp1252.
        detected = _detect(data, threshold=_LOOSE_CHAOS)
    names = [name for name, _, _ in detected]
    if latin_like:
        # English news with a few £, é or curly quotes. The detector ranks
        # cp1250 first on short texts (turning £ into Ł), proposes DOS, Mac
        # or CJK code pages for a handful of curly quotes, and guesses wildly
        # on tiny texts. It is trusted only when it recognises a language in
        # a Windows or ISO code page whose reading no Western one gives
        # (Polish in cp1250).
        windows = [(name, coherence, same) for name, coherence, same in detected if name.startswith(_WINDOWS_OR_ISO)]
        if any(_WESTERN & set(same) for _, _, same in windows) or not any(
                coherence >= _MIN_COHERENCE for _, coherence, _ in windows):
            return western + names
        return [name for name, _, _ in windows] + western + names
    return names + western


def _detect(data: bytes, *, threshold: float = 0.2) -> list[tuple[str, float, tuple[str, ...]]]:
    """charset-normalizer's ``(code page, coherence, code pages giving the same text)``, best first."""
    try:
        from charset_normalizer import from_bytes

        matches = list(from_bytes(data, threshold=threshold))
    except Exception:  # the detector must never crash the loader
        return []
    return [(m.encoding, m.coherence, (m.encoding, *m.could_be_from_charset)) for m in matches
            if not m.encoding.startswith(_IMPLAUSIBLE)]


def _bad_char_share(text: str) -> float:
    """Share of characters that do not belong in text (controls, U+FFFD, ...)."""
    if not text:
        return 0.0
    return len(_BAD_CHAR_RE.findall(text)) / len(text)


# C0 controls other than whitespace and escape, DEL, C1 controls, the
# replacement character, private use and lone surrogates.
_BAD_CHAR_RE = re.compile(
    "[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\ud800-\udfff]"
)
