"""Command line: ``reexdata build``, ``reexdata report`` and ``reexdata search``.

Errors print one line to stderr and exit with status 1 (2 for usage errors):
reexdata's own errors as written, and the operating system's (no space, no
permission, a file where a folder should be) as the path and the problem.
"""

import argparse
import logging
import os
import sys
from pathlib import Path

from reexdata import __version__
from reexdata.config import INTERIM_DIR, PROCESSED_DIR, RAW_DIR, REPORTS_DIR
from reexdata.errors import PathError, ReexdataError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reexdata",
        description="Turn raw article dumps into tidy tables and an HTML report.",
    )
    parser.add_argument("--version", action="version", version=f"reexdata {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--raw", type=Path, default=RAW_DIR, help="folder of raw articles (default: %(default)s)")
        p.add_argument("--interim", type=Path, default=INTERIM_DIR, help="parse cache folder (default: %(default)s)")
        p.add_argument("--assume-year", type=int, default=None,
                       help="year for dates written without one ('On June 13'); marked text+assumed_year")
        p.add_argument("--force", action="store_true", help="rebuild even when the inputs have not changed")
        loud = p.add_mutually_exclusive_group()
        loud.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
        loud.add_argument("-v", "--verbose", action="store_true", help="log each step")

    build = sub.add_parser("build", help="load data/raw and write the tables to data/processed")
    common(build)
    build.add_argument("--out", type=Path, default=PROCESSED_DIR, help="tables folder (default: %(default)s)")

    report = sub.add_parser("report", help="build (reusing unchanged tables) and write the HTML report")
    common(report)
    report.add_argument("--processed", type=Path, default=PROCESSED_DIR, help="tables folder (default: %(default)s)")
    report.add_argument("--out", type=Path, default=REPORTS_DIR / "report.html",
                        help="report file (default: %(default)s)")
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
    from reexdata.pipeline import build

    if args.command == "search":
        return _search(args, progress)
    if args.command == "report":
        _check_report_path(args.out, args.raw)
    out_dir = args.out if args.command == "build" else args.processed
    result = build(
        args.raw,
        out_dir,
        interim=args.interim,
        assume_year=args.assume_year,
        force=args.force,
        progress=progress,
    )
    if args.command == "report":
        from reexdata.report import write_report

        path = write_report(result, args.out, progress=progress)
        if not args.quiet:
            print(result.summary_text())
            print(f"Report written to {path}")
        return 0
    if not args.quiet:
        print(result.summary_text())
    return 0


def _search_parser(sub, common) -> None:
    search = sub.add_parser("search", help="build (reusing unchanged tables) and print the articles matching a query")
    search.add_argument("query", help='a query: words, "phrases", prefix*, AND/OR/NOT, parentheses, title:')
    common(search)
    search.add_argument("--processed", type=Path, default=PROCESSED_DIR, help="tables folder (default: %(default)s)")
    search.add_argument("--kwic", action="store_true", help="print every hit in its context instead")
    search.add_argument("--limit", type=int, default=20, help="most lines printed (default: %(default)s)")


def _search(args: argparse.Namespace, progress: bool) -> int:
    """Print the matches of ``args.query``, one per line: title, date and snippet (or, with --kwic, each hit)."""
    from reexdata.pipeline import build
    from reexdata.query import kwic, search

    result = build(args.raw, args.processed, interim=args.interim, assume_year=args.assume_year,
                   force=args.force, progress=progress)
    articles = result.tables["articles"]
    if args.kwic:
        for row in kwic(articles, args.query).head(args.limit).iter_rows(named=True):
            print(f"{row['article_id']}\t{row['left']:>60}[{row['match']}]{row['right']}")
        return 0
    found = search(articles, args.query).head(args.limit)
    meta = articles.select("article_id", "headline", "published")
    for row in found.join(meta, on="article_id", how="left", maintain_order="left").iter_rows(named=True):
        print(f"{row['headline']}\t{row['published'] or 'undated'}\t{row['snippet']}")
    return 0


def _check_report_path(report: Path, raw: Path) -> None:
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
