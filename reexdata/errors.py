"""Exception types and the one message format for argument validation."""

from collections.abc import Iterable
from typing import Any

__all__ = [
    "ReexdataError",
    "ParameterError",
    "PathError",
    "InputError",
    "LexiconError",
    "SchemaError",
    "check_one_of",
    "check_type",
    "check_range",
    "param_error",
]


class ReexdataError(Exception):
    """Base class of every error reexdata raises on purpose."""


class ParameterError(ReexdataError, ValueError, TypeError):
    """An argument has the wrong type or value.

    It is both a ``ValueError`` and a ``TypeError`` (as scikit-learn's
    ``InvalidParameterError``), so callers may catch whichever they expect.
    """


class PathError(ReexdataError, OSError):
    """A path the user gave cannot be used: missing, of the wrong kind, unreadable or unwritable.

    The message is one line naming the path and the problem.

    Examples
    --------
    >>> err = PathError("Raw folder 'data/nowhere' does not exist.")
    >>> isinstance(err, OSError), str(err)
    (True, "Raw folder 'data/nowhere' does not exist.")
    """


class InputError(ReexdataError, ValueError):
    """A raw input file could not be loaded (raised in strict mode).

    Attributes
    ----------
    source : str
        The file (and row, for multi-article files) that failed.
    reason : str
        A short reason code, such as ``"empty"`` or ``"binary"``.
    """

    def __init__(self, source: str, reason: str, detail: str = ""):
        self.source = source
        self.reason = reason
        self.detail = detail
        text = f"{source}: {reason}"
        if detail:
            text += f" ({detail})"
        super().__init__(text)


class LexiconError(ReexdataError, ValueError):
    """A theme or entity lexicon is malformed."""


class SchemaError(ReexdataError, ValueError):
    """A table does not match its declared schema."""


def _fmt(value: Any) -> str:
    # A short value is shown as written ("Got 5", "Got ['a']"); a long or
    # multi-line one (a DataFrame, an object) is named by its type instead.
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the real problem
        text = ""
    if text and len(text) <= 80 and "\n" not in text:
        return text
    return f"an object of type {type(value).__name__!r}"


def param_error(func: str, name: str, expectation: str, value: Any) -> ParameterError:
    """Build the standard error for a bad argument.

    Examples
    --------
    >>> str(param_error("count_mentions", "freq", "one of {'D', 'W'}", "X"))
    "The 'freq' parameter of count_mentions must be one of {'D', 'W'}. Got 'X' instead."
    >>> str(param_error("score_themes", "lexicon", "a path or a mapping", 5))
    "The 'lexicon' parameter of score_themes must be a path or a mapping. Got 5 instead."
    >>> isinstance(param_error("f", "x", "an int", "a"), (ValueError, TypeError))
    True
    """
    return ParameterError(
        f"The {name!r} parameter of {func} must be {expectation}. Got {_fmt(value)} instead."
    )


def check_one_of(func: str, name: str, value: Any, allowed: Iterable[Any]) -> Any:
    """Return ``value`` if it is in ``allowed``, else raise the standard error."""
    allowed = list(allowed)
    if value not in allowed:
        choices = "{" + ", ".join(_fmt(a) for a in allowed) + "}"
        raise param_error(func, name, f"one of {choices}", value)
    return value


def check_type(func: str, name: str, value: Any, types: type | tuple[type, ...], label: str) -> Any:
    """Return ``value`` if it is an instance of ``types``, else raise ``ParameterError``.

    ``label`` describes the expected type in words, e.g. ``"an int"``.
    """
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in _as_tuple(types)):
        raise param_error(func, name, label, value)
    return value


def check_range(
    func: str,
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    label: str | None = None,
) -> Any:
    """Return ``value`` if ``low <= value <= high``, else raise the standard error."""
    if (low is not None and value < low) or (high is not None and value > high):
        if label is None:
            if low is not None and high is not None:
                label = f"in the range [{low}, {high}]"
            elif low is not None:
                label = f">= {low}"
            else:
                label = f"<= {high}"
        raise param_error(func, name, label, value)
    return value


def _as_tuple(types):
    return types if isinstance(types, tuple) else (types,)
