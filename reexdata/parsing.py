"""The structure of a page dump: title, dateline, highlights, body and boilerplate.

A page dump is the text of a web page saved as plain text, as in ``data/raw``:
an optional title line, an optional dateline, a "Highlights" block of bullets,
the article's paragraphs with section headings, and the site's boilerplate
(comment forms, newsletter boxes, a "Recent Reex News" sidebar, an author bio,
WordPress residue). :func:`parse_page` splits it into those parts.

The boilerplate patterns are data, in ``reexdata/lexicons/boilerplate.toml``;
:func:`compile_boilerplate` turns that lexicon (or a user's own) into the
compiled patterns the parser uses.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from reexdata.dates import parse_dateline
from reexdata.errors import LexiconError, check_type
from reexdata.segment import HAN_RUN, cut_han, has_han, to_simplified

__all__ = [
    "Page",
    "Boilerplate",
    "compile_boilerplate",
    "parse_page",
    "first_sentence",
    "count_words",
]

# Bullet markers of both styles in the seeds ("  • item", "- item") and the
# other common ones; a marker must be followed by a space.
_BULLET_MARKS = "•·▪◦‣●○■□➢►*–-"
_BULLET = re.compile(rf"^[{re.escape(_BULLET_MARKS)}]\s+(\S.*)$")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# The characters of both patterns, found faster than by a regex scan: the
# ASCII ones as bytes, the others one by one.
_ODD_ASCII = bytes(range(0x20)).translate(None, b"\t\n") + b"\x7f"
_ODD_WIDE = ("\x85", "\xad", "\u200b", "\u200c", "\u200d", "\u2028", "\u2029", "\u2060", "\ufeff")
# A whitespace-separated token without a letter or digit ("-", "—", "•").
_PUNCT_TOKEN = re.compile(r"\s[^\w\s]+(?=\s|$)")
# ASCII text in bytes: word characters become "a", spaces " ", the rest is
# deleted; a word then starts at every " a" (see count_words).
_ASCII_WORD_TABLE = bytes(0x61 if chr(c).isalnum() or c == 0x5F else 0x20 if chr(c).isspace() else c for c in range(256))
# Punctuation of English text outside ASCII, the most common first (see _without_typographic).
_TYPOGRAPHIC = ("’", "“", "”", "—", "‘", "–", "…", "•", "·", "«", "»", "£", "€", "°")
_ASCII_PUNCT = bytes(c for c in range(128) if not (chr(c).isalnum() or c == 0x5F or chr(c).isspace()))
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])[”\"’')\]]*\s+(?=[“\"‘'(\[A-Z0-9])")
# The end of a Chinese sentence (no space follows it), with its closing quotes.
_HAN_SENTENCE_END = re.compile(r"[。！？][”’」』）)]*")
_TERMINAL = ('.', '!', '?', ':', ';', '"', '”', '’', "'", ')', '…')
_NEVER = re.compile(r"(?!)")
_MD_HEADING = re.compile(r"^#{1,6}\s+")

# A page is hard-wrapped (newswire style, lines cut at ~70 characters) when
# most of its lines are short and many end mid-sentence; its lines are then
# joined into paragraphs. Page dumps like the seeds keep one paragraph per line.
_WRAP_WIDTH = 90
_MIN_WRAPPED_LINES = 5


@dataclass(frozen=True)
class Boilerplate:
    """Compiled boilerplate patterns (see ``lexicons/boilerplate.toml``).

    Attributes
    ----------
    version : str
        The lexicon's ``version``.
    digest : str
        A hash of the lexicon's content; part of the parse cache key.

    Examples
    --------
    >>> bp = compile_boilerplate()
    >>> bool(bp.line.fullmatch("Leave a Reply"))
    True
    """

    version: str
    digest: str
    line: re.Pattern
    inline: re.Pattern
    sidebar: re.Pattern
    highlights: re.Pattern
    byline: re.Pattern
    bio: re.Pattern
    disclaimer: re.Pattern
    # One pattern for the per-line decision (a single regex call per line);
    # its named groups say which kind of line matched.
    kind: re.Pattern = _NEVER
    # The inline residue patterns without the spaces before them, one by one:
    # a cheap first test. Apart, most start with a literal the regex engine
    # skips ahead to; joined, it tries the alternation at every position.
    # Each comes with the text every match starts with (see _needle), which
    # a substring test finds faster still.
    probes: tuple[tuple[str, re.Pattern], ...] = ()
    # Finds, in a page's whole text, every place where a needle could be
    # once the line around it is squashed (see _needles_pattern); None when
    # some pattern has no needle. Lines without such a place keep their text.
    needles: re.Pattern | None = None
    # The lexicon as JSON, to rebuild the patterns in a worker process.
    source: str = field(default="", repr=False)


@dataclass(frozen=True)
class Page:
    """The parts of one page.

    Attributes
    ----------
    title : str or None
        The page's title line, or None when the page has none.
    dateline : str or None
        The line under the title that is only a date.
    highlights : list of str
        The bullets of the block right after the "Highlights" heading.
    body : str
        The article's prose: paragraphs (and bullet lists) separated by a
        blank line; section headings are paragraphs of their own.
    author : str or None
        The name from a byline such as "By Daniel".
    state_media_disclaimer : bool
        True when the page says the item comes from Chinese state-owned media.
    related_headlines : list of str
        Headlines of the "Recent Reex News" sidebar.

    Examples
    --------
    >>> Page(title=None, dateline=None, body="Text.").highlights
    []
    """

    title: str | None
    dateline: str | None
    body: str
    highlights: list[str] = field(default_factory=list)
    author: str | None = None
    state_media_disclaimer: bool = False
    related_headlines: list[str] = field(default_factory=list)


def compile_boilerplate(lexicon: str | Path | Mapping[str, Any] | Boilerplate | None = None) -> Boilerplate:
    """Compile a boilerplate lexicon into patterns.

    Parameters
    ----------
    lexicon : str, Path, mapping or Boilerplate, optional
        ``None`` or ``"boilerplate"`` for the shipped lexicon, the path of a
        TOML file of the same shape, or an already parsed mapping.

    Returns
    -------
    Boilerplate

    Raises
    ------
    LexiconError
        When a section has the wrong shape or a pattern is not a valid regex.

    Examples
    --------
    >>> bp = compile_boilerplate()
    >>> bool(bp.sidebar.fullmatch("Recent Reex News"))
    True
    """
    if isinstance(lexicon, Boilerplate):
        return lexicon
    if lexicon is None:
        lexicon = "boilerplate"
    if isinstance(lexicon, (str, Path)):
        from reexdata.lexicons import load_lexicon

        lexicon = load_lexicon(lexicon)
    check_type("compile_boilerplate", "lexicon", lexicon, Mapping, "a lexicon name, path or mapping")
    text = json.dumps(lexicon, sort_keys=True, ensure_ascii=False, default=str)
    return _compile_cached(text)


@lru_cache(maxsize=16)
def _compile_cached(text: str) -> Boilerplate:
    lex = json.loads(text)

    def patterns(section: str, key: str | None = None) -> list[str]:
        value = lex.get(section, {})
        if key is not None:
            value = value.get(key, []) if isinstance(value, Mapping) else None
        elif isinstance(value, Mapping):
            value = [p for group in value.values() for p in (group if isinstance(group, list) else [group])]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
            where = f"[{section}]" + (f" {key}" if key else "")
            raise LexiconError(f"Boilerplate lexicon section {where} must be a list of regex strings.")
        return value

    def join(items: list[str], flags: int = re.IGNORECASE) -> re.Pattern:
        if not items:
            return _NEVER
        for p in items:
            try:
                re.compile(p)
            except re.error as exc:
                raise LexiconError(f"Boilerplate pattern {p!r} is not a valid regular expression: {exc}.") from None
        return combine("|".join(f"(?:{p})" for p in items), flags)

    def combine(pattern: str, flags: int) -> re.Pattern:
        # Valid patterns can still clash once joined (two groups of one name).
        try:
            return re.compile(pattern, flags)
        except re.error as exc:
            raise LexiconError(f"Boilerplate patterns cannot be combined into one expression: {exc}.") from None

    inline = patterns("inline")
    byline = patterns("author", "byline")
    kinds = {
        "sidebar": patterns("sidebar", "headings"),
        "disclaimer": patterns("disclaimer", "state_media"),
        "drop": patterns("lines") + patterns("author", "bio"),
        "highlights": patterns("highlights", "headings"),
    }
    groups = [f"(?P<{name}>{join(items).pattern})" for name, items in kinds.items() if items]
    if byline:
        groups.append(f"(?P<byline>(?-i:{join(byline, flags=0).pattern}))")
    return Boilerplate(
        version=str(lex.get("version", "")),
        digest=hashlib.sha256(text.encode()).hexdigest()[:16],
        line=join(patterns("lines")),
        # Residue is removed together with the spaces before it.
        inline=combine(r"\s*(?:" + join(inline).pattern + ")", re.IGNORECASE) if inline else _NEVER,
        sidebar=join(patterns("sidebar", "headings")),
        highlights=join(patterns("highlights", "headings")),
        # Names are capitalised: the byline is matched case-sensitively so
        # that "by the way" is never an author.
        byline=join(byline, flags=0),
        bio=join(patterns("author", "bio")),
        disclaimer=join(patterns("disclaimer", "state_media")),
        kind=combine("|".join(groups), re.IGNORECASE) if groups else _NEVER,
        probes=tuple((_needle(p), re.compile(p, re.IGNORECASE)) for p in inline),
        needles=_needles_pattern([_needle(p) for p in inline]),
        source=text,
    )


def _needle(pattern: str) -> str:
    """The characters every case-insensitive match of ``pattern`` starts with ("" when unsure)."""
    try:
        # Python's own regex parser: an internal module, so no shortcut without it.
        parsed = list(re._parser.parse(pattern, re.IGNORECASE))
        literal = re._constants.LITERAL
    except Exception:
        return ""
    chars = []
    for op, value in parsed:
        ch = chr(value) if op is literal else ""
        # Only characters without case: a cased one also matches its other case.
        if not ch or ch.lower() != ch or ch.upper() != ch:
            break
        chars.append(ch)
    return "".join(chars)


# Whitespace within a line.
_LINE_SPACE = r"[^\S\n]"


def _needles_pattern(needles: list[str]) -> re.Pattern | None:
    """A pattern that finds, in unsquashed text, every needle a squashed line of it can hold.

    Squashing a line only turns runs of whitespace into one space and trims
    its ends, so a needle in a squashed line stands in the line as it was
    with whitespace (one character or more, not a line break) where the
    needle has a space.
    Each needle is matched from its first other character, the whitespace
    before it looked behind for (one character: the one next to it), the
    rest looked ahead for: every match is one character, so no match can
    hide another, and the search skips to the needles' first characters.
    None when a needle is empty or only spaces (every line must be tried).

    Examples
    --------
    >>> [m.start() for m in _needles_pattern([" - ", "©"]).finditer("a -  b\\n- c\\n©")]
    [2, 11]
    >>> _needles_pattern(["", "("]) is None
    True
    """
    alternatives = []
    for needle in needles:
        head = len(needle) - len(needle.lstrip())
        if head == len(needle):
            return None
        first = re.escape(needle[head])
        after = "".join(rf"{_LINE_SPACE}+" if part.isspace() else re.escape(part)
                        for part in re.split(r"(\s+)", needle[head + 1:]) if part)
        alternatives.append(first + (f"(?<={_LINE_SPACE}{first})" if head else "") + (f"(?={after})" if after else ""))
    return re.compile("|".join(alternatives)) if alternatives else None


def _lines_with(pattern: re.Pattern | None, text: str) -> range | set[int]:
    """The numbers of the lines of ``text`` where ``pattern`` matches (every line when it is None)."""
    if pattern is None:
        return range(text.count("\n") + 1)
    lines = set()
    line = at = 0
    for match in pattern.finditer(text):
        line += text.count("\n", at, match.start())
        at = match.start()
        lines.add(line)
    return lines


def _normalise(text: str) -> str:
    if text.isascii():
        raw = text.encode("ascii")
        if len(raw.translate(None, _ODD_ASCII)) == len(raw):
            return text
    else:
        raw = text.encode("utf-8", "surrogatepass")
        if len(raw.translate(None, _ODD_ASCII)) == len(raw) and not any(ch in text for ch in _ODD_WIDE):
            return text
    text = _LINE_BREAKS.sub("\n", text.replace("\r\n", "\n"))
    return _INVISIBLE.sub("", text)


def _squash(line: str) -> str:
    # Every Unicode space but " " is unprintable: a printable line without
    # a double, leading or trailing space is already squashed (most are).
    if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
        return line
    # str.split() knows every Unicode space, the no-break space included.
    return " ".join(line.split())


def _strip_inline(s: str, bp: Boilerplate) -> str:
    for needle, probe in bp.probes:
        if needle in s and probe.search(s):
            break
    else:
        return s

    def repl(m: re.Match) -> str:
        # Keep a space between two words the residue separated ("Daily CE").
        before = m.string[m.start() - 1:m.start()]
        after = m.string[m.end():m.end() + 1]
        return " " if before.strip() and after.isalnum() else ""

    return _squash(bp.inline.sub(repl, s))


def parse_page(
    text: str,
    *,
    title: str | None = None,
    boilerplate: str | Path | Mapping[str, Any] | Boilerplate | None = None,
) -> Page:
    """Split a page dump into title, dateline, highlights, body and boilerplate.

    Parameters
    ----------
    text : str
        The page's repaired text.
    title : str, optional
        A title known from elsewhere (an export's column, the HTML ``<title>``).
        The page's first line is then not taken as a title, and is dropped
        when it repeats this title.
    boilerplate : str, Path, mapping or Boilerplate, optional
        The boilerplate lexicon; the shipped one by default.

    Returns
    -------
    Page

    Examples
    --------
    >>> page = parse_page("A Title\\n\\nSep 9, 2025\\n\\nHighlights\\n- One.\\n- Two.\\n"
    ...                   "The article says this.\\nLeave a Reply")
    >>> page.title, page.dateline, page.highlights, page.body
    ('A Title', 'Sep 9, 2025', ['One.', 'Two.'], 'The article says this.')
    """
    check_type("parse_page", "text", text, str, "a str")
    bp = compile_boilerplate(boilerplate)
    text = _normalise(text)
    raw = text.split("\n")
    items, meta = _scan(raw, bp, _lines_with(bp.needles, text))

    content = [k for k, it in enumerate(items) if it[0] != "blank"]
    used: set[int] = set()
    page_title = None
    if content and title is not None:
        first = items[content[0]]
        if first[1].casefold() == _squash(title).casefold():
            used.add(content[0])
    elif content:
        first = items[content[0]]
        if first[0] == "line" and len(content) > 1 and _looks_like_title(first[1], bp):
            page_title = first[1]
            used.add(content[0])

    dateline = None
    rest = [k for k in content if k not in used]
    if rest and items[rest[0]][0] == "line" and parse_dateline(items[rest[0]][1]) is not None:
        dateline = items[rest[0]][1]
        used.add(rest[0])
    elif meta["dateline"] is not None:
        dateline = meta["dateline"]

    highlights = _take_highlights(items, used, bp)
    body = _paragraphs([it for k, it in enumerate(items) if k not in used])
    if not body and page_title is not None and not highlights:
        # A page of one line is prose, not a title without an article.
        body, page_title = page_title, None
    return Page(
        title=page_title,
        dateline=dateline,
        body=body,
        highlights=highlights,
        author=meta["author"],
        state_media_disclaimer=meta["disclaimer"],
        related_headlines=meta["related"],
    )


def _scan(raw: list[str], bp: Boilerplate, residue: Container[int]) -> tuple[list[tuple[str, str, int]], dict]:
    """Classify lines as blank, bullet or line, dropping boilerplate.

    Inline residue is looked for only in the lines numbered in ``residue``.
    """
    items: list[tuple[str, str, int]] = []
    meta: dict[str, Any] = {"author": None, "disclaimer": False, "related": [], "dateline": None}
    n_content = 0
    i = 0
    while i < len(raw):
        line = raw[i]
        s = _squash(line)
        if i in residue:
            s = _strip_inline(s, bp)
        i += 1
        if not s:
            if not line.strip():
                items.append(("blank", "", 0))
            continue
        match = bp.kind.fullmatch(s)
        kind = match.lastgroup if match else None
        if kind == "sidebar":
            i = _read_sidebar(raw, i, bp, meta["related"])
            continue
        if kind == "disclaimer":
            meta["disclaimer"] = True
            continue
        if kind == "drop":
            # A page-furniture line can carry the page's date ("来源：新华网
            # 时间：2025-09-10"): it is read before the line is dropped.
            if meta["dateline"] is None and parse_dateline(s) is not None:
                meta["dateline"] = s
            continue
        if kind == "byline" and (n_content <= 2 or _next_is_bio(raw, i, bp)):
            meta["author"] = meta["author"] or bp.byline.fullmatch(s).group(1)  # type: ignore[union-attr]  # kind 'byline' matched it
            continue
        # (Most lines start with neither a space nor a bullet: no copy, no regex call.)
        indent = len(line) - len(line.lstrip()) if line[:1].isspace() else 0
        if s.startswith("#"):
            # A Markdown heading ("# Title", "## Why Relevant?") is its text.
            s = _MD_HEADING.sub("", s) or s
        bullet = _BULLET.match(s) if s[0] in _BULLET_MARKS else None
        items.append(("bullet", bullet.group(1), indent) if bullet else ("line", s, indent))
        n_content += 1
    return items, meta


def _is_stop(s: str, bp: Boilerplate) -> bool:
    return bp.kind.fullmatch(s) is not None


def _read_sidebar(raw: list[str], i: int, bp: Boilerplate, related: list[str]) -> int:
    """Collect sidebar headlines from line ``i``; return the first line after them."""
    while i < len(raw):
        s = _strip_inline(_squash(raw[i]), bp)
        if not s:
            i += 1
            continue
        bullet = _BULLET.match(s)
        s = bullet.group(1) if bullet else s
        # The sidebar ends at the next boilerplate block or at prose (a long
        # line or a sentence ending in a full stop): headlines are neither.
        if _is_stop(s, bp) or len(s) > 250 or s.endswith((".", ":")):
            break
        related.append(s)
        i += 1
    return i


def _next_is_bio(raw: list[str], i: int, bp: Boilerplate) -> bool:
    for line in raw[i:i + 4]:
        s = _squash(line)
        if s:
            return bool(bp.bio.fullmatch(s))
    return False


def _looks_like_title(s: str, bp: Boilerplate) -> bool:
    return (
        len(s) <= 250
        and not s.endswith((".", ",", ";", ":"))
        and not bp.highlights.fullmatch(s)
        and parse_dateline(s) is None
    )


def _take_highlights(items: list[tuple[str, str, int]], used: set[int], bp: Boilerplate) -> list[str]:
    """The bullets right after the first "Highlights" heading (marked used)."""
    for k, (kind, text, _) in enumerate(items):
        if k in used or kind != "line" or not bp.highlights.fullmatch(text):
            continue
        bullets = []
        j = k + 1
        while j < len(items) and items[j][0] in ("blank", "bullet"):
            if items[j][0] == "bullet":
                bullets.append(j)
            j += 1
        if not bullets:
            return []
        used.add(k)
        used.update(bullets)
        return [items[j][1] for j in bullets]
    return []


def _is_hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < _MIN_WRAPPED_LINES:
        return False
    short = sum(len(s) <= _WRAP_WIDTH for s in lines)
    open_ended = sum(not s.endswith(_TERMINAL) for s in lines)
    return short >= 0.8 * len(lines) and open_ended >= 0.4 * len(lines)


def _paragraphs(items: list[tuple[str, str, int]]) -> str:
    """Join lines into paragraphs and bullets into lists, blank-line separated."""
    wrapped = _is_hard_wrapped([t for kind, t, _ in items if kind == "line"])
    blocks: list[tuple[str, list[str]]] = []
    after_blank = True
    for kind, text, indent in items:
        if kind == "blank":
            after_blank = True
            continue
        last = blocks[-1] if blocks else None
        if kind == "bullet":
            # A list continues across blank lines between its bullets.
            if last is not None and last[0] == "list":
                last[1].append(text)
            else:
                blocks.append(("list", [text]))
        elif wrapped and last is not None and last[0] == "para" and not after_blank and indent < 2:
            last[1].append(text)
        else:
            blocks.append(("para", [text]))
        after_blank = False
    return "\n\n".join(
        "\n".join(f"- {t}" for t in lines) if kind == "list" else " ".join(lines)
        for kind, lines in blocks
    )


def first_sentence(text: str, *, max_chars: int = 300) -> str:
    """The first sentence of ``text`` (its first paragraph or list item).

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` followed by a space and
    a capital, digit or opening quote, or at a Chinese full stop, exclamation
    or question mark (``。！？``, with the closing quotes after it).

    Parameters
    ----------
    text : str
        A body as returned by :func:`parse_page`.
    max_chars : int, default=300
        Longer sentences are cut at the last space before this length.

    Returns
    -------
    str

    Examples
    --------
    >>> first_sentence("Baogang met Li Bo. They talked.\\n\\nMore.")
    'Baogang met Li Bo.'
    >>> first_sentence("包钢宣布扩产。产量将增加。")
    '包钢宣布扩产。'
    """
    para = text.strip().split("\n", 1)[0] if text.strip() else ""
    if para.startswith("- "):
        para = para[2:]
    sentence = _SENTENCE_SPLIT.split(para, maxsplit=1)[0].strip()
    end = _HAN_SENTENCE_END.search(sentence)
    if end is not None:
        sentence = sentence[: end.end()]
    if len(sentence) > max_chars:
        cut = sentence.rfind(" ", 0, max_chars)
        sentence = sentence[: cut if cut > 0 else max_chars]
    return sentence


def count_words(text: str) -> int:
    """Number of words in ``text``: whitespace-separated tokens with a letter or digit, and Chinese words.

    Bullet markers and free-standing dashes are not words; ``rare-earth`` and
    ``empires—Baotou`` count once, as they are written without spaces.
    Chinese is written without spaces: each run of Han characters counts
    as the words jieba cuts it into (its own dictionary, traditional
    characters folded to simplified; see :mod:`reexdata.segment`), single
    characters included, and what stands around it counts as above.

    Examples
    --------
    >>> count_words("- Baogang’s U.S. rare-earth push: 2 bases.")
    6
    >>> count_words("Baogang（包钢）宣布扩产。")
    4
    """
    plain = _without_typographic(text)
    if plain.isascii():
        return _ascii_words(plain)
    if not has_han(text):
        return _regex_words(text)  # (its ASCII shortcut was just tried)
    han = sum(len(cut_han(run)) for run in HAN_RUN.findall(to_simplified(text)))
    return han + _spaced_words(HAN_RUN.sub(" ", text))


def _spaced_words(text: str) -> int:
    """Whitespace-separated tokens with a letter or digit."""
    plain = _without_typographic(text)
    return _ascii_words(plain) if plain.isascii() else _regex_words(text)


def _regex_words(text: str) -> int:
    """:func:`_spaced_words` of any text, by a split and a scan for tokens without a letter or digit."""
    return len(text.split()) - len(_PUNCT_TOKEN.findall(" " + text))


def _ascii_words(text: str) -> int:
    """:func:`_spaced_words` of ASCII text, by byte operations without a regex scan."""
    shape = text.encode("ascii").translate(_ASCII_WORD_TABLE, _ASCII_PUNCT)
    return shape.count(b" a") + shape.startswith(b"a")


def _without_typographic(text: str) -> str:
    """``text`` without the curly quotes, dashes and bullets of :data:`_TYPOGRAPHIC`.

    They are neither letters, digits nor spaces: the tokens that hold a
    letter or digit are the same without them, and English text is then
    ASCII (counted by byte operations).
    """
    if text.isascii():
        return text
    for ch in _TYPOGRAPHIC:
        text = text.replace(ch, "")
        if text.isascii():  # known without a scan: the string records it
            break
    return text
