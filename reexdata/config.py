"""Default locations of the project's data folders.

Paths are relative to the working directory, so the CLI and notebooks run
from the project root find ``data/raw`` without configuration.
"""

from pathlib import Path

__all__ = ["RAW_DIR", "INTERIM_DIR", "PROCESSED_DIR", "REPORTS_DIR"]

RAW_DIR = Path("data/raw")
INTERIM_DIR = Path("data/interim")
PROCESSED_DIR = Path("data/processed")
REPORTS_DIR = Path("reports")
