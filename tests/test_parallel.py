import os

import pytest

from reexdata._parallel import _make_pool, _ordered_map

PARENT = os.getpid()


def square(x):
    return x * x


def die_in_worker(x):
    # A worker killed mid-job breaks the pool; the parent must finish the work.
    if os.getpid() != PARENT and x == 3:
        os._exit(1)
    return x * x


@pytest.fixture
def pool():
    pool = _make_pool()
    if pool is None:
        pytest.skip("needs two cores and fork")
    yield pool
    pool.shutdown(cancel_futures=True)


def test_results_come_back_in_input_order(pool):
    assert list(_ordered_map(square, range(50), pool=pool)) == [x * x for x in range(50)]


def test_without_a_pool_the_work_runs_here():
    assert list(_ordered_map(square, iter([3, 1, 2]))) == [9, 1, 4]


def test_a_broken_pool_falls_back_to_this_process(pool):
    assert list(_ordered_map(die_in_worker, range(20), pool=pool)) == [x * x for x in range(20)]


def test_a_thread_pool_with_a_wide_window_keeps_the_order():
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(_ordered_map(square, range(100), pool=pool, window=16)) == [x * x for x in range(100)]


_STATE: dict = {}


def remember(value):
    _STATE["value"] = value


def recall(_):
    return _STATE.get("value")


def test_workers_run_the_initializer_first():
    pool = _make_pool(initializer=remember, initargs=("given",))
    if pool is None:
        pytest.skip("needs two cores and fork")
    try:
        assert list(_ordered_map(recall, range(4), pool=pool)) == ["given"] * 4
    finally:
        pool.shutdown(cancel_futures=True)
    # Only the workers ran it.
    assert _STATE == {}
