"""The same build on one core and on all cores publishes the same bytes in every table."""

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reexdata.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]

_ONE_THREAD = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "POLARS_MAX_THREADS": "1",
}


def _write_corpus(folder: Path, n: int = 1000) -> Path:
    """Articles of made-up words drawn by Zipf's law, as in real text (seeded, so always the same).

    Real text has a flat tail of singular values, where a thread count's last
    bits show in the map; a few well separated topics hide them, and so do
    fewer than about 1,000 articles (400 gave equal bytes before the fix).
    """
    rng = random.Random(7)
    syllables = ["ba", "ko", "ri", "ne", "su", "ta", "mo", "li", "ga", "de", "pu", "xe", "ro", "vi", "ha", "zu"]
    words = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(6000)})
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    lines = []
    for i in range(n):
        body = " ".join(rng.choices(words, weights, k=rng.randint(60, 160)))
        lines.append({"title": f"Report {i}", "date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", "text": body + "."})
    folder.mkdir(parents=True)
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return folder


def _build(raw: Path, out: Path, *, one_core: bool) -> dict[str, bytes]:
    env = {key: value for key, value in os.environ.items() if key not in _ONE_THREAD}
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-m", "reexdata.cli", "build", "--raw", str(raw), "--out", str(out),
               "--interim", str(out.parent / f"{out.name}-interim"), "-q"]
    if one_core:
        env.update(_ONE_THREAD)
        if shutil.which("taskset"):
            command = ["taskset", "-c", "0", *command]
    subprocess.run(command, env=env, cwd=ROOT, check=True, timeout=600)
    return {name: (out / "latest" / f"{name}.parquet").read_bytes() for name in TABLES}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("determinism")
    raw = _write_corpus(tmp / "raw")
    return _build(raw, tmp / "one-core", one_core=True), _build(raw, tmp / "all-cores", one_core=False)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores to compare")
@pytest.mark.parametrize("name", list(TABLES))
def test_one_core_and_all_cores_publish_the_same_bytes(two_builds, name):
    one, every = two_builds
    assert one[name] == every[name]
