"""Smoke tests of benchmarks/bench_zh.py: the build on Chinese pages against the jieba baseline."""

import pytest

from benchmarks.bench_zh import main, markdown_table, run_zh_benchmark

# Our own sentences, combined into small pages.
SENTENCES = ["包钢集团宣布扩大稀土冶炼分离产能。", "北方稀土第三季度净利润增长。", "氧化镨钕价格本周上涨。",
             "商务部加强稀土出口管制。", "公司党委召开党建专题学习会。", "白云鄂博矿区加快找矿勘查。"]


def test_a_missing_corpus_is_skipped_with_a_message(tmp_path, capsys):
    assert main([str(tmp_path / "nowhere")]) == 0
    assert capsys.readouterr().out.startswith(f"bench_zh: skipped: no folder of Chinese pages at {tmp_path}")


@pytest.mark.slow
def test_a_run_times_the_build_and_the_baseline(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(12):
        body = f"本报第{i}期。" + "".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(4))
        (pages / f"{i:02d}.txt").write_text(f"稀土新闻第{i}号\n\n发布时间：2011-0{1 + i % 9}-10\n\n{body}", encoding="utf-8")
    results = run_zh_benchmark(pages, repeat=1, log=lambda m: None)
    build = results["runs"][0]["build"]["extra"]
    assert (build["articles"], build["languages"]) == (12, {"zh": 12})
    assert {"ratio:build_cold", "ratio:build_warm", "ratio:analysis", "ratio:build_cold:rjieba"} <= set(results["median"])
    assert markdown_table(results).count("\n") == 22
