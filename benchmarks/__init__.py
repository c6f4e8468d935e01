"""Benchmark harness for reexdata: a synthetic corpus generator and a runner.

``python -m benchmarks.generate`` writes a seeded synthetic corpus shaped
like ``data/raw``; ``python -m benchmarks.run`` (``make bench``) times every
stage of the build on it against a bare scikit-learn baseline. See
``benchmarks/README.md``.
"""

__all__: list[str] = []
