"""Command line: ``reexdata init``, ``build``, ``report`` and ``search``.

Errors print one line to stderr and exit with status 1 (2 for usage errors):
reexdata's own errors as written, and the operating system's (no space, no
permission, a file where a folder should be) as the path and the problem.
"""

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reexdata import __version__
from reexdata.config import INTERIM_DIR, PROCESSED_DIR, RAW_DIR, REPORTS_DIR
from reexdata.lexicons._themes import THEME_SCORES
from reexdata.errors import ParameterError, PathError, ReexdataError
from reexdata._periods import FREQS
from reexdata.project import PROJECT_FILE, init_project, load_project

if TYPE_CHECKING:  # polars loads with the build, not with the parser
    import polars as pl

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reexdata",
        description="Turn raw article dumps into tidy tables and an HTML report. Settings come from "
                    "reexdata.toml in the current folder (or --config); flags override it.",
    )
    parser.add_argument("--version", action="version", version=f"reexdata {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--config", type=Path, default=None,
                       help=f"project file (default: ./{PROJECT_FILE} when there is one)")
        p.add_argument("--raw", type=Path, default=None, help=f"folder of raw articles (default: {RAW_DIR})")
        p.add_argument("--interim", type=Path, default=None,
                       help=f"cache folder (default: {INTERIM_DIR}, or beside --processed outside a project)")
        p.add_argument("--themes", type=Path, default=None, help="theme lexicon (TOML); replaces the shipped themes")
        p.add_argument("--entities", type=Path, default=None,
                       help="entity lexicon (TOML); replaces the shipped entities")
        p.add_argument("--boilerplate", type=Path, default=None,
                       help="boilerplate patterns (TOML), added to the shipped ones")
        p.add_argument("--freq", choices=FREQS, default=None,
                       help="period of the over-time tables (default: themes M, mentions W)")
        p.add_argument("--assume-year", type=int, default=None,
                       help="year for dates written without one ('On June 13'); marked text+assumed_year")
        p.add_argument("--force", action="store_true", help="rebuild even when the inputs have not changed")
        p.add_argument("--follow-links", action="store_true",
                       help="follow symbolic links to outside --raw (by default they are rejected as outside_raw)")
        p.add_argument("--theme-scores", choices=THEME_SCORES, default=None,
                       help="relevance: absolute relevances, articles about none of the themes stay unassigned; "
                            "shares: shares of the themes, never unassigned (default: relevance)")
        loud = p.add_mutually_exclusive_group()
        loud.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
        loud.add_argument("-v", "--verbose", action="store_true", help="log each step")

    build = sub.add_parser("build", help="load the raw articles and write the tables")
    common(build)
    build.add_argument("--out", "--processed", dest="processed", type=Path, default=None,
                       help=f"tables folder (default: {PROCESSED_DIR})")

    report = sub.add_parser("report", help="build (reusing unchanged tables) and write the HTML report")
    common(report)
    report.add_argument("--processed", type=Path, default=None, help=f"tables folder (default: {PROCESSED_DIR})")
    report.add_argument("--out", type=Path, default=None,
                        help=f"report file (default: {REPORTS_DIR / 'report.html'})")
    report.add_argument("--title", default=None, help="the report's title")

    init = sub.add_parser("init", help="start a project: reexdata.toml, lexicons to edit and an empty raw/")
    init.add_argument("folder", type=Path, help="the new project's folder (created when missing)")
    init.add_argument("--title", default="My news analysis", help="the report's title (default: %(default)s)")
    init.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    init.set_defaults(verbose=False)
    _search_parser(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    progress = not args.quiet and sys.stderr.isatty()
    try:
        return _run(args, progress)
    except ReexdataError as exc:
        print(f"reexdata: error: {_one_line(str(exc))}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"reexdata: error: {_os_error(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug or a library's own error: one line, the traceback with -v
        if args.verbose:
            raise
        detail = _one_line(str(exc))
        print(f"reexdata: error: {type(exc).__name__}{': ' + detail if detail else ''} "
              "(run with -v for the traceback)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("reexdata: interrupted", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace, progress: bool) -> int:
    if args.command == "init":
        written = init_project(args.folder, title=args.title)
        if not args.quiet:
            print(f"Project written to {args.folder}: {', '.join(p.name for p in written)}.")
            print(f"Put articles in {args.folder / 'raw'}, edit the lexicons, then run `reexdata report` there.")
        return 0
    from reexdata.pipeline import build

    settings = _settings(args)
    # Mistakes the build would only reveal at its end are refused before it.
    if args.command == "search":
        from reexdata.query.parse import parse_query

        parse_query(args.query, func="search")
    if args.command == "report":
        _check_report_path(settings["report"], settings["raw"])
    result = build(
        settings["raw"],
        settings["processed"],
        interim=settings["interim"],
        assume_year=settings["assume_year"],
        force=args.force,
        progress=progress,
        follow_links_outside=args.follow_links,
        theme_scores=settings["theme_scores"] or THEME_SCORES[0],
        themes=settings["themes"],
        entities=settings["entities"],
        boilerplate=settings["boilerplate"],
        freq=settings["freq"],
        queries=settings["queries"],
    )
    if args.command == "search":
        return _print_matches(args, result.tables["articles"])
    if args.command == "report":
        from reexdata.report import write_report

        path = write_report(result, settings["report"], progress=progress, title=settings["title"])
        if not args.quiet:
            print(result.summary_text())
            print(f"Report written to {path}")
        return 0
    if not args.quiet:
        print(result.summary_text())
    return 0


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    """The project file's settings with the flags given on top.

    Where the tables go: ``--processed``, else the project file's
    ``processed`` (relative to it), else ``data/processed`` when the current folder is
    a project (it has ``data/raw``); a run elsewhere must say where
    (``--processed``), so no folder of tables appears in an unrelated place.
    """
    project = load_project(args.config)
    flags = {
        "raw": args.raw, "interim": args.interim, "themes": args.themes, "entities": args.entities,
        "boilerplate": args.boilerplate, "freq": args.freq, "assume_year": args.assume_year,
        "theme_scores": args.theme_scores,
        "processed": args.processed, "report": getattr(args, "out", None) if args.command == "report" else None,
        "title": getattr(args, "title", None),
    }
    settings = {key: getattr(project, key) for key in flags}
    settings.update({key: value for key, value in flags.items() if value is not None})
    settings["queries"] = project.queries
    for key in ("themes", "entities", "boilerplate"):
        if flags[key] is not None and not flags[key].is_file():
            raise PathError(f"--{key} file {flags[key]} does not exist.")
    if project.path is None and args.processed is None and not RAW_DIR.is_dir():
        raise ParameterError(
            f"No {PROJECT_FILE} here and no --processed: say where the tables go "
            f"(--processed DIR), or start a project with `reexdata init DIR`."
        )
    if project.path is None and args.interim is None and args.processed is not None and not RAW_DIR.is_dir():
        settings["interim"] = args.processed.parent / "interim"
    return settings


def _search_parser(sub, common) -> None:
    search = sub.add_parser("search", help="build (reusing unchanged tables) and print the articles matching a query")
    search.add_argument("query", help='a query: words, "phrases", prefix*, AND/OR/NOT, parentheses, title:')
    common(search)
    search.add_argument("--processed", type=Path, default=None, help=f"tables folder (default: {PROCESSED_DIR})")
    search.add_argument("--kwic", action="store_true", help="print every hit in its context instead")
    search.add_argument("--limit", type=_positive_int, default=20, help="most lines printed (default: %(default)s)")


def _print_matches(args: argparse.Namespace, articles: "pl.DataFrame") -> int:
    """Print the matches of ``args.query``, one per line: title, date and snippet (or, with --kwic, each hit)."""
    from reexdata.query import kwic, search

    if args.kwic:
        for row in kwic(articles, args.query).head(args.limit).iter_rows(named=True):
            print(f"{row['article_id']}\t{row['left']:>60}[{row['match']}]{row['right']}")
        return 0
    found = search(articles, args.query).head(args.limit)
    meta = articles.select("article_id", "headline", "published")
    for row in found.join(meta, on="article_id", how="left", maintain_order="left").iter_rows(named=True):
        print(f"{row['headline']}\t{row['published'] or 'undated'}\t{row['snippet']}")
    return 0


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _check_report_path(report: Path, raw: Path) -> None:
    if report.is_dir():
        raise PathError(f"Report {report} is a folder; give the HTML file to write.")
    # An HTML report in the raw folder would be loaded as an article next time.
    target, folder = report.resolve(), raw.resolve()
    if target == folder or folder in target.parents:
        raise PathError(f"Report {report} is inside the raw folder {raw}; the next build would read it as an input.")


def _os_error(exc: OSError) -> str:
    """One line: the path the system named (the last one, the target of a rename) and the problem."""
    problem = exc.strerror or _one_line(str(exc)) or type(exc).__name__
    paths = [p for p in (exc.filename, exc.filename2) if p is not None]
    if not paths:
        return f"{problem}."
    return f"{os.fsdecode(paths[-1])}: {problem}."


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0] if lines else ""


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
