"""Default locations of the project's data folders, and the theme scoring methods.

Paths are relative to the working directory, so the CLI and notebooks run
from the project root find ``data/raw`` without configuration.
"""

from pathlib import Path

__all__ = ["RAW_DIR", "INTERIM_DIR", "PROCESSED_DIR", "REPORTS_DIR", "THEME_SCORES"]

RAW_DIR = Path("data/raw")
INTERIM_DIR = Path("data/interim")
PROCESSED_DIR = Path("data/processed")
REPORTS_DIR = Path("reports")

#: How :func:`reexdata.score_themes` scores, the default first: absolute
#: relevances that can leave an article unassigned, or shares of the themes.
#: Here, not in the themes package, so the command line reads it cheaply.
THEME_SCORES = ("relevance", "shares")
