"""Check ``repair_text`` against ftfy's own mojibake test cases.

Development check for ``reexdata.repair`` (not needed by the tests). It reads
the JSON test cases of a fetched copy of ftfy's repository
(https://github.com/rspeer/python-ftfy, folder ``tests/test-cases``): the
in-the-wild, synthetic, negative and language-name files, keeping only the
cases ftfy itself is expected to pass (``"expect": "pass"``;
``known-failures.json`` is left out). For each case it runs

- ``repair_text``: reexdata's repair;
- ``ftfy.fix_encoding``: ftfy's encoding fix alone, the baseline;

and counts a result correct when it equals the case's ``fixed-encoding``
(or ``fixed``) text with curly quotes straightened on both sides (ftfy's
``fix_text`` straightens them, ``fix_encoding`` does not). Both methods run
in the same process on the same cases. No case is copied into the repository.

Usage::

    python benchmarks/eval_repair.py PATH [--show-failures]
    FTFY_TESTS=PATH python benchmarks/eval_repair.py

``PATH`` is the ``tests/test-cases`` folder of an ftfy checkout, a folder
above it, or a bare git directory of the repository (read with ``git
show``). Each output line: corpus, method, correct/total.

Results (ftfy 6.3.1, test cases at ftfy commit 74dd045)::

    corpus          method             correct/total
    in-the-wild     repair_text            70/70
    in-the-wild     ftfy.fix_encoding      70/70
    synthetic       repair_text            30/30
    synthetic       ftfy.fix_encoding      30/30
    negative        repair_text            31/31
    negative        ftfy.fix_encoding      31/31
    language-names  repair_text            20/20
    language-names  ftfy.fix_encoding      20/20
    all             repair_text           151/151
    all             ftfy.fix_encoding     151/151

Before repair_text handed everything but Windows-874 to ftfy it got 123 of
151 (50/70, 25/30, 31/31, 17/20): MacRoman, Windows-1250/1251, code page 437
and text broken twice were left alone.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import ftfy
from ftfy.fixes import uncurl_quotes

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reexdata.repair import repair_text  # noqa: E402

CORPORA = ("in-the-wild", "synthetic", "negative", "language-names")
_SUBDIR = "tests/test-cases"


def load_cases(path: Path) -> dict[str, list[dict]]:
    """The passing test cases of each corpus, read from ``path``."""
    return {name: [case for case in json.loads(_read(path, f"{name}.json"))
                   if case.get("expect") == "pass"]
            for name in CORPORA}


def _read(path: Path, name: str) -> str:
    for folder in (path, path / _SUBDIR):
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8")
    # A bare git directory, as the fetch tool leaves it.
    return subprocess.run(
        ["git", "--git-dir", str(path), "show", f"HEAD:{_SUBDIR}/{name}"],
        check=True, capture_output=True, text=True, encoding="utf-8",
    ).stdout


def _repair(text: str) -> str:
    return repair_text(text)[0]


METHODS = {"repair_text": _repair, "ftfy.fix_encoding": ftfy.fix_encoding}


def evaluate(cases: list[dict], method) -> tuple[int, list[dict]]:
    """How many cases ``method`` gets right, and the ones it gets wrong."""
    wrong = []
    for case in cases:
        expected = case.get("fixed-encoding", case["fixed"])
        got = method(case["original"])
        if uncurl_quotes(got) != uncurl_quotes(expected):
            wrong.append({**case, "got": got})
    return len(cases) - len(wrong), wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=os.environ.get("FTFY_TESTS"),
                        help="ftfy's tests/test-cases folder, its checkout, or its git dir "
                             "(default: $FTFY_TESTS)")
    parser.add_argument("--show-failures", action="store_true",
                        help="print each case repair_text gets wrong")
    args = parser.parse_args(argv)
    if not args.path:
        parser.error("give the path of ftfy's test cases (argument or FTFY_TESTS)")
    corpora = load_cases(Path(args.path))
    print(f"ftfy {ftfy.__version__}")
    print(f"{'corpus':<15} {'method':<18} {'correct/total':>13}")
    totals = dict.fromkeys(METHODS, 0)
    for name, cases in corpora.items():
        for method_name, method in METHODS.items():
            correct, wrong = evaluate(cases, method)
            totals[method_name] += correct
            print(f"{name:<15} {method_name:<18} {correct:>6}/{len(cases)}")
            if args.show_failures and method_name == "repair_text":
                for case in wrong:
                    print(f"    {case['label']}\n      in:   {case['original']!r}\n"
                          f"      want: {case.get('fixed-encoding', case['fixed'])!r}\n"
                          f"      got:  {case['got']!r}")
    n = sum(len(cases) for cases in corpora.values())
    for method_name, correct in totals.items():
        print(f"{'all':<15} {method_name:<18} {correct:>6}/{n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
