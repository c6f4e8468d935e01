"""The project file: ``reexdata.toml``, everything a recurring analysis needs.

A project file sits in the analysis folder; every path in it is relative to
the file::

    title = "Commodities desk, 1987"
    raw = "raw"                        # default "data/raw"
    processed = "data/processed"       # the tables
    interim = "data/interim"           # the parse and mentions caches
    report = "reports/report.html"
    freq = "M"                         # D, W, M, Q or Y; default: themes M, mentions W
    assume_year = 1987                 # optional
    theme_scores = "relevance"         # or "shares"; default "relevance"
    [lexicons]
    themes = "lexicons/themes.toml"    # replaces the shipped themes
    entities = "lexicons/entities.toml"  # replaces the shipped entities
    boilerplate = "lexicons/boilerplate.toml"  # added to the shipped patterns
    [queries]                          # the build's attention table, one row per period and query
    gallium = 'gallium AND "export controls"'

:func:`load_project` reads and checks it (an unknown key, a wrong type or a
missing file is a one-line error naming it); :func:`init_project` writes a
working example to start from.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from reexdata.config import INTERIM_DIR, PROCESSED_DIR, RAW_DIR, REPORTS_DIR
from reexdata.lexicons._themes import THEME_SCORES
from reexdata._periods import FREQS
from reexdata.errors import LexiconError, ParameterError, PathError
from reexdata.query.parse import parse_query

__all__ = ["PROJECT_FILE", "DEFAULT_TITLE", "Project", "load_project", "init_project", "merged_boilerplate"]

#: The project file's name, looked for in the folder where a command runs.
PROJECT_FILE = "reexdata.toml"
#: The report's title when none is configured.
DEFAULT_TITLE = "Rare-earth news coverage"
#: Period lengths a project may choose.

_PATH_KEYS = ("raw", "processed", "interim", "report")
_TOP_KEYS = ("title", *_PATH_KEYS, "freq", "assume_year", "theme_scores", "lexicons", "queries")
_LEXICON_KEYS = ("themes", "entities", "boilerplate")


@dataclass(frozen=True)
class Project:
    """The settings of one analysis, paths resolved against the project folder.

    Attributes
    ----------
    path : Path or None
        The project file, None when there is none (the defaults).
    title : str
        The report's title.
    raw, processed, interim, report : Path
        The raw folder, the tables folder, the caches folder and the report file.
    freq : str or None
        Period length of the over-time tables (``D``, ``W``, ``M``, ``Q``);
        None keeps the defaults (themes by month, mentions by week).
    assume_year : int or None
        Year for dates written without one.
    theme_scores : str or None
        How themes are scored (``relevance`` or ``shares``, see
        :func:`reexdata.score_themes`); None keeps the default, relevance.
    themes, entities, boilerplate : Path or None
        The project's lexicon files; None uses the shipped one.
    queries : dict of str to str
        Named queries (``[queries]``) whose attention the build tables; empty
        when there are none.
    """

    path: Path | None = None
    title: str = DEFAULT_TITLE
    raw: Path = RAW_DIR
    processed: Path = PROCESSED_DIR
    interim: Path = INTERIM_DIR
    report: Path = REPORTS_DIR / "report.html"
    freq: str | None = None
    assume_year: int | None = None
    theme_scores: str | None = None
    themes: Path | None = None
    entities: Path | None = None
    boilerplate: Path | None = None
    queries: dict[str, str] = field(default_factory=dict)


def load_project(path: str | os.PathLike | None = None) -> Project:
    """Read and check a project file.

    Parameters
    ----------
    path : str or Path, default=None
        The project file. None looks for ``reexdata.toml`` in the current
        folder and returns the defaults when there is none.

    Returns
    -------
    Project
        The settings, every path joined to the project file's folder.

    Raises
    ------
    reexdata.errors.PathError
        When ``path`` or a file it names does not exist.
    reexdata.errors.ParameterError
        When the file is not valid TOML, has an unknown key or a value of the
        wrong type; the message names the file and the key.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reexdata.project import load_project
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "reexdata.toml").write_text('title = "Grain desk"\\nraw = "raw"\\n')
    >>> project = load_project(folder / "reexdata.toml")
    >>> project.title, project.raw == folder / "raw"
    ('Grain desk', True)
    >>> _ = (folder / "reexdata.toml").write_text('titel = "typo"\\n')
    >>> load_project(folder / "reexdata.toml")
    Traceback (most recent call last):
    ...
    reexdata.errors.ParameterError: Project file ...reexdata.toml: unknown key 'titel' (known: title, raw, ...).
    """
    if path is None:
        found = Path(PROJECT_FILE)
        if not found.is_file():
            return Project()
        path = found
    path = Path(path)
    if not path.is_file():
        raise PathError(f"Project file {path} does not exist.")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ParameterError(f"Project file {path} is not valid TOML: {exc}.") from None
    return _project(data, path)


def _project(data: dict[str, Any], path: Path) -> Project:
    root = path.parent
    _check_keys(data, _TOP_KEYS, path, "")
    settings: dict[str, Any] = {"path": path}
    if "title" in data:
        settings["title"] = _string(data, "title", path)
    for key in _PATH_KEYS:
        if key in data:
            settings[key] = root / _string(data, key, path)
    if "interim" not in data and "processed" in data:
        settings["interim"] = settings["processed"].parent / "interim"
    if "freq" in data:
        freq = data["freq"]
        if freq not in FREQS:
            raise ParameterError(f"Project file {path}: 'freq' must be one of {', '.join(FREQS)}; got {freq!r}.")
        settings["freq"] = freq
    if "assume_year" in data:
        year = data["assume_year"]
        if isinstance(year, bool) or not isinstance(year, int) or not 1800 <= year <= 2199:
            raise ParameterError(f"Project file {path}: 'assume_year' must be a year from 1800 to 2199; got {year!r}.")
        settings["assume_year"] = year
    if "theme_scores" in data:
        method = data["theme_scores"]
        if method not in THEME_SCORES:
            raise ParameterError(
                f"Project file {path}: 'theme_scores' must be one of {', '.join(THEME_SCORES)}; got {method!r}."
            )
        settings["theme_scores"] = method
    lexicons = data.get("lexicons", {})
    if not isinstance(lexicons, dict):
        raise ParameterError(f"Project file {path}: 'lexicons' must be a table ([lexicons]).")
    _check_keys(lexicons, _LEXICON_KEYS, path, "lexicons.")
    for key in _LEXICON_KEYS:
        if key in lexicons:
            file = root / _string(lexicons, key, path, prefix="lexicons.")
            if not file.is_file():
                raise PathError(f"Project file {path}: lexicons.{key} file {file} does not exist.")
            settings[key] = file
    if "queries" in data:
        settings["queries"] = _queries(data["queries"], path)
    return Project(**settings)


def _queries(queries: Any, path: Path) -> dict[str, str]:
    """``[queries]``, each one parsed so that a bad one fails here, named by its key."""
    if not isinstance(queries, dict):
        raise ParameterError(f"Project file {path}: 'queries' must be a table ([queries]) of names and query strings.")
    for name, query in queries.items():
        if not isinstance(query, str):
            raise ParameterError(f"Project file {path}: 'queries.{name}' must be a query string; got {query!r}.")
        try:
            parse_query(query)
        except ParameterError as exc:
            problem = str(exc).split(": ", 1)[-1].rsplit(" Got ", 1)[0].rstrip(".")
            raise ParameterError(f"Project file {path}: 'queries.{name}' is not a valid query: {problem}.") from None
    return dict(queries)


def _check_keys(data: dict[str, Any], known: tuple[str, ...], path: Path, prefix: str) -> None:
    for key in data:
        if key not in known:
            raise ParameterError(
                f"Project file {path}: unknown key '{prefix}{key}' (known: {', '.join(known)})."
            )


def _string(data: dict[str, Any], key: str, path: Path, *, prefix: str = "") -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise ParameterError(f"Project file {path}: '{prefix}{key}' must be a non-empty string; got {value!r}.")
    return value


_TEMPLATE = """\
# reexdata project file: `reexdata report` run in this folder reads it.
# Paths are relative to this file. Every key has a command-line flag of the
# same name (--title, --raw, --processed, --themes, ...) that overrides it.

title = "{title}"
raw = "raw"                        # the articles: text, HTML or JSON files
processed = "data/processed"       # the tables (Parquet), rebuilt when an input changes
interim = "data/interim"           # caches
report = "reports/report.html"
freq = "M"                         # period of the over-time tables: D, W, M, Q or Y
# assume_year = 2025               # year for dates written without one ("On June 13")
# theme_scores = "shares"          # theme scores as shares (never unassigned) instead of relevances

[lexicons]
themes = "lexicons/themes.toml"            # your themes: they replace the shipped ones
entities = "lexicons/entities.toml"        # your entities: they replace the shipped ones
boilerplate = "lexicons/boilerplate.toml"  # your site boilerplate, added to the shipped patterns

# Questions the build answers period by period (the attention table and the
# report's Attention section): a name, then a query (words, "phrases",
# prefix*, AND/OR/NOT, parentheses, title:).
[queries]
# export_controls = '"export controls" OR "export ban"'
"""

_BOILERPLATE = """\
# Site boilerplate of your sources, removed from the articles on top of the
# patterns reexdata ships (reexdata/lexicons/boilerplate.toml shows them all).
# Each pattern is a Python regular expression matched case-insensitively
# against one whole line of the page. Single-quoted strings are literal.

version = "1"

[lines]
mine = [
    # 'Click here to subscribe',
]
"""


def init_project(folder: str | os.PathLike, *, title: str = "My news analysis") -> list[Path]:
    """Write a project to start from: ``reexdata.toml``, lexicons to edit, an empty ``raw/``.

    Parameters
    ----------
    folder : str or Path
        The analysis folder; created when missing.
    title : str, default="My news analysis"
        The report's title written into the project file.

    Returns
    -------
    list of Path
        The files and folders written.

    Raises
    ------
    reexdata.errors.PathError
        When one of the files already exists (nothing is written then).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reexdata.project import init_project, load_project
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "grain"
    >>> [p.relative_to(folder).as_posix() for p in init_project(folder)]
    ['reexdata.toml', 'lexicons/themes.toml', 'lexicons/entities.toml', 'lexicons/boilerplate.toml', 'raw']
    >>> load_project(folder / "reexdata.toml").title
    'My news analysis'
    """
    folder = Path(folder)
    shipped = resources.files("reexdata") / "lexicons"
    contents = {
        # A JSON string is a valid TOML basic string: quotes, backslashes and
        # control characters (a newline in the title) come out escaped.
        Path(PROJECT_FILE): _TEMPLATE.format(title=json.dumps(title, ensure_ascii=False)[1:-1]),
        Path("lexicons/themes.toml"): (shipped / "themes.toml").read_text(encoding="utf-8"),
        Path("lexicons/entities.toml"): (shipped / "entities.toml").read_text(encoding="utf-8"),
        Path("lexicons/boilerplate.toml"): _BOILERPLATE,
    }
    if folder.exists() and not folder.is_dir():
        raise PathError(f"{folder} is a file, not a folder.")
    for rel in contents:
        if (folder / rel).exists():
            raise PathError(f"{folder / rel} already exists; reexdata init writes only new files.")
    if (folder / "raw").exists() and not (folder / "raw").is_dir():
        raise PathError(f"{folder / 'raw'} exists and is not a folder; reexdata init writes only new files.")
    written = []
    for rel, text in contents.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
        written.append(folder / rel)
    (folder / "raw").mkdir(exist_ok=True)
    written.append(folder / "raw")
    return written


def merged_boilerplate(extra: str | os.PathLike | Mapping[str, Any]) -> dict[str, Any]:
    """The shipped boilerplate lexicon with the patterns of ``extra`` added to each section.

    Parameters
    ----------
    extra : str, Path or mapping
        A boilerplate lexicon (file or parsed mapping) of the shape of
        ``reexdata/lexicons/boilerplate.toml``.

    Returns
    -------
    dict
        The shipped sections, each list extended with ``extra``'s patterns.

    Raises
    ------
    reexdata.errors.LexiconError
        When the file is missing or a section is not a table.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reexdata.project import merged_boilerplate
    >>> file = pathlib.Path(tempfile.mkdtemp()) / "bp.toml"
    >>> _ = file.write_text("[lines]\\nmine = ['Click to subscribe']\\n")
    >>> merged_boilerplate(file)["lines"]["mine"]
    ['Click to subscribe']
    """
    from reexdata.lexicons import load_lexicon

    merged = load_lexicon("boilerplate")
    where = str(extra) if isinstance(extra, (str, os.PathLike)) else "mapping"
    doc = load_lexicon(Path(extra)) if isinstance(extra, (str, os.PathLike)) else extra
    for section, value in doc.items():
        if section == "version":
            continue
        if not isinstance(value, Mapping):
            raise LexiconError(f"Boilerplate lexicon {where}: [{section}] must be a table of pattern lists.")
        target = merged.setdefault(section, {})
        for key, patterns in value.items():
            existing = target.get(key, [])
            target[key] = [*existing, *patterns] if isinstance(patterns, list) else patterns
    return merged
