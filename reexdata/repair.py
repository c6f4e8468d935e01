"""Text repair: undo mojibake.

:func:`repair_text` undoes mojibake, the garbage left when UTF-8 text was
decoded with the wrong code page and saved again. It handles

- UTF-8 read as Windows-874 (Thai), as in the REEx page dumps: ``โ€™`` for
  ``’``, ``โ€œ`` for ``“``, ``ยฉ`` for ``©``. Bytes that Windows-874 does not
  define are read as Windows-1252 (``โ€™``: byte 0x99 shows as ``™``) or
  lost (``โ€`` for ``”``, whose last byte 0x9D has no mapping at all);
- the lossy form of the same damage where only ``โ`` survived
  (``Chinaโs``, ``โhigh-end.โ``, ``empiresโBaotou``), resolved from the
  surrounding characters;
- everything ftfy's ``fix_encoding`` repairs: Windows-1252 / Latin-1
  (``Ã©`` for ``é``, ``â€™`` for ``’``), Windows-1250/1251, MacRoman, code
  page 437, and text broken twice (``Г‚ВЈ5.8bn`` for ``£5.8bn``).

Repairs fire only on mojibake-shaped sequences, and never inside Thai
script, so real Thai text, ``€5`` or ``Acme™`` come out unchanged.
Non-breaking spaces are kept as they are (they are whitespace for
``str.split``, so word counts do not change).

Turning bytes into text is :mod:`reexdata.decode`'s job; its
:func:`~reexdata.decode.decode_bytes` and errors are importable from here too.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import ftfy

from reexdata.badness import looks_bad
from reexdata.decode import BinaryContentError, UndecodableError, decode_bytes

__all__ = [
    "REPAIR_VERSION",
    "BinaryContentError",
    "UndecodableError",
    "decode_bytes",
    "repair_text",
]

# Bump when a change to decoding or repair can change a loaded article, so
# that cached loads are invalidated.
REPAIR_VERSION = "2"

# ---------------------------------------------------------------------------
# Mojibake tables
# ---------------------------------------------------------------------------


def _thai_byte_table() -> dict[int, str]:
    """Byte -> character as a Windows-874 reader showed UTF-8 bytes.

    Bytes 0x80-0x9F that Windows-874 leaves undefined were read as
    Windows-1252 (0x99 -> ``™``, 0x9C -> ``œ``) or, when Windows-1252 has no
    mapping either, kept as the C1 control character of the same number.
    """
    table = {}
    for byte in range(0x80, 0x100):
        raw = bytes([byte])
        try:
            table[byte] = raw.decode("cp874")
        except UnicodeDecodeError:
            if byte >= 0xA0:
                continue  # 0xDB-0xDE, 0xFC-0xFF: rare or invalid in UTF-8
            try:
                table[byte] = raw.decode("cp1252")
            except UnicodeDecodeError:
                table[byte] = chr(byte)
    return table


_THAI_TABLE = _thai_byte_table()
_THAI_INVERSE = {ch: byte for byte, ch in _THAI_TABLE.items()}
# A latin-1 reading of the undefined bytes produces C1 controls; accept both.
_THAI_INVERSE.update({chr(b): b for b in range(0x80, 0xA0)})


def _char_class(chars) -> str:
    """A regex character class, with consecutive code points as ranges (faster)."""
    points = sorted({ord(c) for c in chars})
    parts = []
    start = prev = points[0]
    for point in [*points[1:], None]:
        if point is not None and point == prev + 1:
            prev = point
            continue
        first, last = re.escape(chr(start)), re.escape(chr(prev))
        parts.append(first if start == prev else f"{first}-{last}")
        if point is not None:
            start = prev = point
    return "[" + "".join(parts) + "]"


def _chars_for(lo: int, hi: int) -> list[str]:
    return [ch for ch, b in _THAI_INVERSE.items() if lo <= b <= hi]


_CONT = _char_class(_chars_for(0x80, 0xBF))
_LEAD2 = _char_class(_chars_for(0xC2, 0xDF))
_LEAD3 = _char_class(_chars_for(0xE0, 0xEF))
_LEAD4 = _char_class(_chars_for(0xF0, 0xF4))
_THAI_SEQ = f"{_LEAD2}{_CONT}|{_LEAD3}{_CONT}{{2}}|{_LEAD4}{_CONT}{{3}}"
# A run of consecutive sequences is judged (Thai context) as a whole.
# Starting with one plain character class lets the regex engine skip ahead
# to a lead character; a leading alternation is several times slower.
_THAI_RUN_RE = re.compile(
    f"[\u0e22-\u0e54](?:(?<={_LEAD2}){_CONT}|(?<={_LEAD3}){_CONT}{{2}}"
    f"|(?<={_LEAD4}){_CONT}{{3}})(?:{_THAI_SEQ})*"
)
_THAI_SEQ_RE = re.compile(_THAI_SEQ)

# Characters of a mojibake run that are not Thai letters (€, ™, “, C1
# controls, no-break space): a run holding one is mojibake for sure.
_NON_THAI_MARKERS = frozenset(ch for ch in _THAI_INVERSE if not "\u0e01" <= ch <= "\u0e5b")


# ---------------------------------------------------------------------------
# Context helpers
# ---------------------------------------------------------------------------


def _is_thai(ch: str) -> bool:
    """Thai letters, vowels, tone marks and digits (U+0E01-U+0E5B)."""
    return "\u0e01" <= ch <= "\u0e5b"


def _left_char(text: str, start: int) -> str:
    return text[start - 1] if start > 0 else ""


def _right_char(text: str, end: int) -> str:
    return text[end] if end < len(text) else ""


def _nearest_left(text: str, start: int, reach: int = 8) -> int | None:
    """Index of the closest non-space character before ``start`` on its line."""
    for index in range(start - 1, max(-1, start - 1 - reach), -1):
        ch = text[index]
        if ch == "\n":
            return None
        if not ch.isspace():
            return index
    return None


def _nearest_right(text: str, end: int, reach: int = 8) -> int | None:
    """Index of the closest non-space character from ``end`` on its line."""
    for index in range(end, min(len(text), end + reach)):
        ch = text[index]
        if ch == "\n":
            return None
        if not ch.isspace():
            return index
    return None


def _in_thai_context(text: str, start: int, end: int) -> bool:
    left, right = _nearest_left(text, start), _nearest_right(text, end)
    return (left is not None and _is_thai(text[left])) or (
        right is not None and _is_thai(text[right]))


# ---------------------------------------------------------------------------
# Pass 1: complete Windows-874 sequences (``โ€™``, ``ยฉ``)
# ---------------------------------------------------------------------------


def _decode_thai_seq(seq: str) -> str | None:
    try:
        return bytes(_THAI_INVERSE[ch] for ch in seq).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None


def _fix_thai_runs(text: str) -> tuple[str, int]:
    runs = [(m.start(), m.end(), _is_strong(m.group())) for m in _THAI_RUN_RE.finditer(text)]
    if not runs:
        return text, 0
    # Thai context means real Thai letters: the edges of other mojibake-shaped
    # runs do not count (``โ€ โ€”``, ``cafรฉ ยฝ``).
    edges = {index for start, end, _ in runs for index in (start, end - 1)}

    def thai_at(index: int | None) -> bool:
        return index is not None and index not in edges and _is_thai(text[index])

    pieces, last, count = [], 0, 0
    for start, end, strong in runs:
        left, right = _nearest_left(text, start), _nearest_right(text, end)
        if thai_at(left) or thai_at(right):
            continue
        if not strong and not _plausible_thai_run(text, start, end, thai_at):
            continue
        fixed, repaired = _decode_thai_run(text[start:end])
        pieces += [text[last:start], fixed]
        last = end
        count += repaired
    pieces.append(text[last:])
    return "".join(pieces), count


@lru_cache(maxsize=4096)  # the same few runs (โ€™, โ€œ) repeat endlessly
def _is_strong(run: str) -> bool:
    return any(ch in _NON_THAI_MARKERS for ch in run)


@lru_cache(maxsize=4096)
def _decode_thai_run(run: str) -> tuple[str, int]:
    pieces, count = [], 0
    for seq_match in _THAI_SEQ_RE.finditer(run):
        seq = seq_match.group()
        fixed = _decode_thai_seq(seq)
        if fixed is None:
            pieces.append(seq)  # shaped like mojibake but not valid UTF-8
            continue
        pieces.append(fixed)
        count += 1
    return "".join(pieces), count


def _plausible_thai_run(text: str, start: int, end: int, thai_at) -> bool:
    """Whether a run made only of Thai letters (``ยฉ``, ``รฉ``) is mojibake.

    A short real Thai word between spaces looks the same (``รถ`` reads as
    ``ö``), so demand a non-space, non-Thai character touching the run, or a
    line where the run decodes to no letters (``ยฉ 2025`` -> ``© 2025``).
    """
    for index in (start - 1, end):
        if 0 <= index < len(text) and not text[index].isspace() and not thai_at(index):
            return True
    if _nearest_left(text, start) is None and _nearest_right(text, end) is None:
        return False
    decoded = _decode_thai_seq(text[start:end])
    return decoded is not None and not any(ch.isalpha() for ch in decoded)


# ``โ€`` directly followed by a complete sequence: U+201D whose 0x9D was
# lost, as in ``”—`` (``โ€โ€”``). It must be read before the sequence is
# decoded, or the next round joins ``โ€`` and ``—`` (0x97) into ``‗``.
_CLOSE_BEFORE_SEQ_RE = re.compile(f"โ€(?={_THAI_SEQ})")


def _fix_close_before_seq(text: str) -> tuple[str, int]:
    if "โ€" not in text:
        return text, 0
    count = 0

    def fix(match: re.Match) -> str:
        nonlocal count
        if _is_thai(_left_char(text, match.start())):
            return match.group()
        count += 1
        return "”"

    return _CLOSE_BEFORE_SEQ_RE.sub(fix, text), count


# ---------------------------------------------------------------------------
# Pass 2: lossy forms, where undefined bytes were dropped
# ---------------------------------------------------------------------------

# ``โ€`` left alone: the third byte of U+201D (0x9D, no mapping in any
# Windows code page) was dropped or replaced by U+FFFD.
_LOST_CLOSE_RE = re.compile("โ€\ufffd?")
# ``โ`` + one continuation byte: 0x80 was dropped from E2 80 xx.
_LOST_MIDDLE = {"ฆ": "…", "ข": "•", "ฐ": "‰", "ฒ": "′", "ณ": "″"}
# Patterns start with a literal so the regex engine can scan fast; the Thai
# context is checked in the callbacks.
_LOST_MIDDLE_RE = re.compile("โ([" + "".join(_LOST_MIDDLE) + "])")
# Bare ``โ``: all of E2 80 xx lost except the lead byte (or the lost bytes
# shown as U+FFFD). Consecutive ones (``’”``) are resolved one by one.
_BARE_RE = re.compile("(?:โ\ufffd{0,2})+")
_BARE_UNIT_RE = re.compile("โ\ufffd{0,2}")
# ``ย`` alone: C2 A0 (no-break space) with 0xA0 dropped.
_BARE_NBSP_RE = re.compile("ย")

_CONTRACTION_RE = re.compile(r"(?:s|t|re|ve|ll|d|m)(?![^\W\d_])", re.IGNORECASE)
_OPENERS = "([{<“‘\"'—–-/"
# After these and before a letter a lone ``โ`` is a dash: ``(Reuters)—Prices``,
# ``Really?—No``.
_DASH_AFTER = ")?'"
_CLOSING_PUNCT = ".,;:!?)]}>…”’\"'—–-"


def _fix_lost_close(text: str) -> tuple[str, int]:
    count = 0

    def fix(match: re.Match) -> str:
        nonlocal count
        start, end = match.span()
        # Real Thai never has โ before €; only touching Thai letters veto.
        if _is_thai(_left_char(text, start)) or _is_thai(_right_char(text, end)):
            return match.group()
        count += 1
        return "”"

    return _LOST_CLOSE_RE.sub(fix, text), count


def _fix_lost_middle(text: str) -> tuple[str, int]:
    count = 0

    def fix(match: re.Match) -> str:
        nonlocal count
        start, end = match.span()
        left = _left_char(text, start)
        if _in_thai_context(text, start, end):
            return match.group()
        fixed = _LOST_MIDDLE[match.group(1)]
        if fixed == "•" and left.isalnum():
            fixed = "™"  # E2 84 A2 with 0x84 lost: ``Acme™``, not a bullet
        count += 1
        return fixed

    return _LOST_MIDDLE_RE.sub(fix, text), count


def _fix_bare_quotes(text: str) -> tuple[str, int]:
    """Resolve each lone ``โ`` to ’ “ ” — or – from its neighbours."""
    count = 0
    state = {"open": False, "line_end": -1}

    def fix(match: re.Match) -> str:
        nonlocal count
        start, end = match.span()
        if _is_thai(_left_char(text, start)) or _is_thai(_right_char(text, end)):
            return match.group()  # real Thai: โ is a vowel written before its consonant
        if start > state["line_end"]:
            # Quotes do not carry across lines: reset at each new line.
            newline = text.find("\n", start)
            state["line_end"] = len(text) if newline < 0 else newline
            state["open"] = False
        units = _BARE_UNIT_RE.findall(match.group())
        out: list[str] = []
        for k in range(len(units)):
            last = k + 1 == len(units)
            left = out[-1] if out else _left_char(text, start)
            # Inside a run the next unit is another quote mark: closing-like.
            right = _right_char(text, end) if last else "”"
            out.append(_resolve_bare(text, end if last else None, left, right, state))
        count += len(out)
        return "".join(out)

    return _BARE_RE.sub(fix, text), count


def _resolve_bare(text: str, after: int | None, left: str, right: str, state: dict) -> str:
    """The character a lone ``โ`` stood for, given its neighbours.

    ``after`` is where the text continues after it (None inside a run of
    several), ``state["open"]`` whether a quote is open on this line.
    """
    left_word = left.isalnum()
    right_word = right.isalnum()
    left_open = left == "" or left.isspace() or left in _OPENERS
    right_open = right == "" or right.isspace()
    if left_word and after is not None and _CONTRACTION_RE.match(text, after):
        return "’"  # Chinaโs, isnโt, theyโre
    if left and left in _DASH_AFTER and right.isalpha():
        return "—"
    if left_word and right_word:
        return "–" if left.isdigit() and right.isdigit() else "—"
    if left_open and right_open:
        return "—"  # a spaced dash
    if left_open:
        state["open"] = True
        return "“"
    if right_open or right in _CLOSING_PUNCT:
        if state["open"]:
            state["open"] = False
            return "”"
        return "’" if left in "sS" else "”"  # the bases’ (plural possessive)
    # Punctuation before a word (``said:โWe``): a quote, by the open state.
    if state["open"]:
        state["open"] = False
        return "”"
    state["open"] = True
    return "“"


def _fix_bare_nbsp(text: str) -> tuple[str, int]:
    count = 0

    def fix(match: re.Match) -> str:
        nonlocal count
        start, end = match.span()
        if _in_thai_context(text, start, end):
            return match.group()
        if _nearest_left(text, start) is None and _nearest_right(text, end) is None:
            return match.group()  # alone on its line: nothing says it is mojibake
        count += 1
        return "\xa0"

    return _BARE_NBSP_RE.sub(fix, text), count


# ---------------------------------------------------------------------------
# Pass 3: every other mojibake, through ftfy
# ---------------------------------------------------------------------------


# ``â€`` between plain text and a space or punctuation: U+201D whose 0x9D
# was lost. ftfy would read a following space as a lost 0xA0 and return a
# dagger. ``â€?`` and ``â€�`` are left to ftfy, which marks the lost
# character with U+FFFD, and ``â€ś`` (Windows-1250) to its decoding.
_W_LOST_CLOSE_RE = re.compile("(?<![^\\x00-\\x7f])â€(?=[\\s.,;:!)\\]}'\"]|$)")

def _fix_other_mojibake(text: str, raw: bytes) -> tuple[str, int]:
    lost = 0
    if "â€" in text:
        text, lost = _W_LOST_CLOSE_RE.subn("”", text)
        if lost:
            raw = text.encode("utf-8", "surrogatepass")
    # ftfy is slow on long text: only where it would find something.
    if not looks_bad(text, raw):
        return text, lost
    fixed = ftfy.fix_encoding(text)
    if fixed == text:
        return text, lost
    return fixed, lost + _count_changes(text, fixed)


_ASCII_SPLIT_RE = re.compile("([\x00-\x7f]+)")


def _count_changes(old: str, new: str) -> int:
    """Characters written by a repair, at least one per changed place.

    Mojibake and its repair are non-ASCII, so the texts are compared run of
    non-ASCII characters by run (linear, unlike a diff); when the ASCII
    between them changed too (a lost byte read as a space), the non-ASCII
    characters the repair added are counted instead.
    """
    old_parts, new_parts = _ASCII_SPLIT_RE.split(old), _ASCII_SPLIT_RE.split(new)
    if len(old_parts) == len(new_parts) and old_parts[1::2] == new_parts[1::2]:
        return sum(max(len(b), 1) for a, b in zip(old_parts[::2], new_parts[::2]) if a != b)
    added = Counter(new) - Counter(old)
    return max(sum(n for ch, n in added.items() if not ch.isascii()), 1)


# ---------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------

# Fast pre-check on the UTF-8 bytes (substring search runs at C speed,
# unlike a regex character class): Thai block U+0E00-U+0E7F.
_THAI_UTF8 = (b"\xe0\xb8", b"\xe0\xb9")
_MAX_ROUNDS = 4  # text broken twice needs a second round; more is pathological


def repair_text(text: str) -> tuple[str, int]:
    """Undo mojibake in ``text`` and count the repairs.

    Fixes UTF-8 that was read as Windows-874 (``โ€™`` -> ``’``, ``ยฉ`` ->
    ``©``), its lossy form where only ``โ`` survived (``Chinaโs`` ->
    ``China’s``, ``โhigh-end.โ`` -> ``“high-end.”``, ``empiresโBaotou`` ->
    ``empires—Baotou``), and everything ftfy's ``fix_encoding`` repairs:
    Windows-1252 / Latin-1 (``Ã©`` -> ``é``), Windows-1250/1251, MacRoman,
    code page 437 and text broken twice. Nothing happens inside Thai
    script, and text that was never broken is returned unchanged.
    Repairing repaired text changes nothing. Run it on a whole document:
    quote pairing works line by line.

    Parameters
    ----------
    text : str
        Decoded text, for example from :func:`decode_bytes`.

    Returns
    -------
    repaired : str
        The text with mojibake undone.
    repairs : int
        How many broken sequences were replaced (one per restored
        character, for example 1 for ``โ€™``, 1 for ``√¢``).

    Examples
    --------
    >>> repair_text("Baogangโ€™s โ€œtwo basesโ€ plan")
    ('Baogang’s “two bases” plan', 3)
    >>> repair_text("Chinaโs empiresโBaotou")
    ('China’s empires—Baotou', 2)
    >>> repair_text("cafÃ©")
    ('café', 1)
    >>> repair_text("Le g√¢teau co√ªte 5 euros")
    ('Le gâteau coûte 5 euros', 2)
    >>> repair_text("Prices rose 5% to €5.")
    ('Prices rose 5% to €5.', 0)
    """
    if text.isascii():
        return text, 0
    total = 0
    for _ in range(_MAX_ROUNDS):
        # Our layer until it is done, then ftfy once; again only when ftfy
        # changed something (it may reveal a Windows-874 layer beneath).
        text, raw, count = _fix_windows_874(text)
        total += count
        if text.isascii():
            break
        text, count = _fix_other_mojibake(text, raw)
        total += count
        if not count:
            break
    return text, total


def _fix_windows_874(text: str) -> tuple[str, bytes, int]:
    """Windows-874 mojibake undone until nothing changes: the text, its UTF-8, repairs."""
    total = 0
    raw = text.encode("utf-8", "surrogatepass")
    for _ in range(_MAX_ROUNDS):
        # A one-byte needle is found by memchr, a two-byte one far slower.
        if b"\xe0" not in raw or not any(marker in raw for marker in _THAI_UTF8):
            break
        text, closes = _fix_close_before_seq(text)
        text, decoded = _fix_thai_runs(text)
        count = closes + decoded
        if not count:
            # Lossy guesses only once every complete sequence is decoded, so
            # they never touch the pieces of a deeper layer.
            text, count = _fix_lossy_thai(text)
        if not count:
            break
        # Until nothing changes: decoding may reveal another layer (text
        # broken twice), and a guessed quote may complete a sequence.
        total += count
        raw = text.encode("utf-8", "surrogatepass")
    return text, raw, total


def _fix_lossy_thai(text: str) -> tuple[str, int]:
    total = 0
    # Each form needs its marker; ``in`` is much cheaper than a regex scan.
    if "โ€" in text:
        text, count = _fix_lost_close(text)
        total += count
    if "โ" in text:
        for step in (_fix_lost_middle, _fix_bare_quotes):
            text, count = step(text)
            total += count
    if "ย" in text:
        text, count = _fix_bare_nbsp(text)
        total += count
    return text, total
