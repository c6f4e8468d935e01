"""The language an article is written in (the ``language`` column of ``articles``).

py3langid's naive Bayes model reads the start of the article's text (title
and body: its first :data:`SAMPLE_BYTES` bytes of UTF-8) and names its language as an ISO 639-1 code (``"en"``, ``"zh"``).
The model also knows languages without such a code (Nigerian Pidgin, which
telegraphic English newswire often looks like, or Wu Chinese): the answer
is then the most likely language that has one. The answer is null when
the text is too short to tell (its letters, in the part read, take fewer
than :data:`MIN_LETTER_BYTES` bytes of UTF-8) or is not language at all (the model's ``zxx``: addresses,
strings of codes). Deterministic: the same text always gets the same answer.

The model's arrays are used through numpy here rather than through
py3langid's classifier, which walks the text byte by byte in Python and
multiplies half-precision weights: the scores are the same, bit for bit
(tests compare the two), at about 60 % of the cost (50 against 85
microseconds an article on the generated pages). The model's byte automaton recognises features
at most :data:`_DEPTH` bytes long, so the state it is in after any byte
depends only on the bytes just before it: every position's state is found
at once, by walking all the positions' windows together.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from reexdata.parsing import _without_typographic

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MIN_LETTER_BYTES", "SAMPLE_BYTES", "detect_language"]

#: Bytes of UTF-8 the model reads from the start of the text (200 Latin
#: letters, about 65 Chinese characters). The cost grows with the sample.
#: On the Reuters development stories 98.2 % are named English at 200 bytes
#: and 98.7 % at 400 (the rest are tables of figures: null or a wrong
#: language); the Chinese development pages are all named Chinese from ten
#: characters on.
SAMPLE_BYTES = 200
#: Below this many bytes of letters (UTF-8: a Latin letter is one byte, a Han
#: character three) in the sample, the language is null. The model reads
#: bytes: 30 Latin letters (five or six English words) name English in 93 %
#: of the Reuters openings and 20 in 84 %; 10 Han characters name Chinese in
#: 99.9 % of the Chinese development pages.
MIN_LETTER_BYTES = 30
_NOT_LETTER = re.compile(r"[\W\d_]+")
# The same for ASCII, by a byte operation: every byte but a letter.
_ASCII_NOT_LETTER = bytes(c for c in range(256) if not chr(c).isascii() or not chr(c).isalpha())
# The model's label for text without linguistic content.
_NOT_LANGUAGE = "zxx"
# The longest feature of the model, in bytes: after reading _DEPTH bytes,
# its automaton is in the same state whatever state it started in (a test
# checks this of the installed model).
_DEPTH = 6
# py3langid's score of a class when the text shows no feature at all:
# the lowest single-precision number. (numpy and py3langid are imported
# when a language is first detected: 80 ms that loading articles from the
# parse cache does not need.)
_FLOOR = -3.4028234663852886e38
# A byte that keeps the automaton in its start state: the windows of the
# first positions are padded with it.
_PAD = 0xFF


class _Model(NamedTuple):
    """py3langid's model as numpy arrays."""

    nextmove: np.ndarray  # int32: state -> row of 256 next states, rows shared
    rowbase: np.ndarray  # intp: state -> offset of its row in nextmove
    output: np.ndarray  # intp: state -> the feature it recognises, or -1
    weights: np.ndarray  # float32 (features x classes): log P(feature | class)
    prior: np.ndarray  # float32 (classes): log P(class)
    classes: list[str]
    # (first, duplicate) columns of a label the model lists twice.
    aliases: list[tuple[int, int]]


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of the language ``text`` is written in, or None.

    Parameters
    ----------
    text : str
        An article's text (its title and body).

    Returns
    -------
    str or None
        A two-letter code, or None when the letters of the first
        :data:`SAMPLE_BYTES` bytes take fewer than
        :data:`MIN_LETTER_BYTES` bytes or the model finds no language (an
        address, a string of codes).

    Examples
    --------
    >>> from reexdata.ingest.language import detect_language
    >>> detect_language("Baogang said on Monday that its rare-earth output rose in the quarter.")
    'en'
    >>> detect_language("包钢集团周一表示，第三季度稀土产量有所增长，价格保持稳定。")
    'zh'
    >>> detect_language("Baogang rose.") is None, detect_language("包钢产量增长。") is None
    (True, True)
    """
    # The model takes bytes and drops a character cut in two at the end.
    sample = text[:SAMPLE_BYTES].encode()[:SAMPLE_BYTES]
    if _letter_bytes(sample) < MIN_LETTER_BYTES:
        return None
    model = _model()
    scores = _scores(model, sample)
    best = model.classes[int(scores.argmax())]
    if best == _NOT_LANGUAGE:
        return None
    if len(best) == 2:
        return best
    # The most likely label with a two-letter code (the first column of a
    # label listed twice; the first of equal scores, as py3langid ranks them).
    seen: set[str] = set()
    ranked = []
    for k, (label, score) in enumerate(zip(model.classes, scores.tolist())):
        if label not in seen:
            seen.add(label)
            ranked.append((-score, k, label))
    return next((label for _, _, label in sorted(ranked) if len(label) == 2), None)


def _letter_bytes(sample: bytes) -> int:
    """The bytes of UTF-8 that the letters of ``sample`` take (a character cut in two at the end dropped)."""
    if sample.isascii():
        return len(sample.translate(None, _ASCII_NOT_LETTER))
    # Curly quotes and dashes are not letters: English text without them is
    # ASCII, whose letters are counted by a byte operation.
    text = _without_typographic(sample.decode(errors="ignore"))
    if text.isascii():
        return len(text.encode().translate(None, _ASCII_NOT_LETTER))
    return len(_NOT_LETTER.sub("", text).encode())


def _scores(model: _Model, sample: bytes) -> np.ndarray:
    """The model's score of each class for ``sample`` (py3langid's raw scores, aliases folded)."""
    import numpy as np

    data = _encode(sample)
    n = len(data)
    padded = np.frombuffer(bytes([_PAD]) * (_DEPTH - 1) + data, dtype=np.uint8).astype(np.intp)
    states = np.zeros(n, dtype=np.intp)
    for k in range(_DEPTH):
        states = model.nextmove[model.rowbase[states] + padded[k:k + n]].astype(np.intp)
    features = model.output[states]
    # The features in the order the text first shows them, as py3langid
    # sums them: the sum's rounding depends on its order.
    counts = Counter(features[features >= 0].tolist())
    if counts:
        index = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        times = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        scores = np.log1p(times) @ model.weights[index] + model.prior
    else:
        scores = np.full(len(model.classes), _FLOOR, dtype=np.float32)
    for first, duplicate in model.aliases:
        scores[first] = max(scores[first], scores[duplicate])
        scores[duplicate] = _FLOOR
    return scores


def _encode(sample: bytes) -> bytes:
    """The bytes the model reads: the sample decoded (a cut character dropped), NFC, lower case if all upper."""
    if sample.isascii():
        # Already whole characters in normal form.
        return sample.lower() if sample.isupper() else sample
    from py3langid.langid import decode_trimmed

    text = decode_trimmed(sample)
    if text is None:
        return sample
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


@lru_cache(maxsize=1)
def _model() -> _Model:
    """py3langid's model (loading it takes about 0.5 s, once per process)."""
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import load_model

    weights, prior, classes, nextmove, rows, output = load_model(MODEL_DIR / MODEL_FILE)
    first: dict[str, int] = {}
    aliases = []
    for k, label in enumerate(classes):
        if label in first:
            aliases.append((first[label], k))
        else:
            first.setdefault(label, k)
    return _Model(
        # State numbers fit in 31 bits: the unsigned array is read as signed.
        nextmove=np.frombuffer(nextmove, dtype=f"u{nextmove.itemsize}").astype(np.int32),
        rowbase=np.frombuffer(rows, dtype=f"u{rows.itemsize}").astype(np.intp) << 8,
        output=np.asarray(output, dtype=np.intp),
        # Half precision widened to single is exact; py3langid widens it
        # the same way for every article.
        weights=np.asarray(weights, dtype=np.float32),
        prior=np.asarray(prior, dtype=np.float32),
        classes=list(classes),
        aliases=aliases,
    )
