"""The report in a real browser: it renders every figure offline and runs no article text.

Uses Debian's Chromium (``/usr/bin/chromium``) through playwright. Outside CI
the tests are skipped when Chromium or playwright is missing; in CI (env
``CI=true``) either one missing is a failure, since ``.ci/run`` installs
Chromium and ``make test`` installs playwright. The Chinese page needs a CJK
font of the report's font stack (Debian's ``fonts-noto-cjk``, which
``.ci/run`` installs with Chromium): missing, it skips outside CI and fails
in it. Which font draws each glyph is read from Chromium (DevTools'
``CSS.getPlatformFontsForNode``): without a CJK font the Han characters are
drawn as boxes by a Latin font, and the tests fail.
"""

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest
from plots.plot_fixture_tables import XSS, all_tables, table
from test_report import MANIFEST, Result

from reexdata import pipeline
from reexdata.report import FIGURES, write_report

pytestmark = pytest.mark.slow

_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_RENDERED = (
    "Array.from(document.querySelectorAll('.js-plotly-plot'))"
    ".filter(d => d.querySelector('svg.main-svg')).length"
)


def _chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def _missing(reason: str) -> NoReturn:
    """Skip on a developer's machine; fail in CI, where the browser test must run."""
    if _in_ci():
        pytest.fail(f"{reason}: the browser test must run in CI", pytrace=False)
    pytest.skip(reason)


@pytest.mark.parametrize(
    ("ci", "outcome"),
    [("true", pytest.fail.Exception), ("1", pytest.fail.Exception),
     ("", pytest.skip.Exception), ("false", pytest.skip.Exception)],
)
def test_missing_browser_fails_in_ci_and_skips_elsewhere(monkeypatch, ci, outcome):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="^playwright is not installed"):
        _missing("playwright is not installed")


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    if executable is None:
        _missing("Chromium is not installed (Debian package 'chromium'; .ci/run installs it)")
    try:
        from playwright import sync_api
    except ImportError:
        _missing("playwright is not installed (the dev extra; make test installs it)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=_ARGS)
        yield browser
        browser.close()


class _Visit:
    """A report opened in a fresh page, with everything the page asked for or said."""

    def __init__(self, browser, path: Path):
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.resolve().as_uri())
        self.expected = self.page.evaluate("document.querySelectorAll('[data-figure]').length")
        self.page.wait_for_function(f"{_RENDERED} >= {self.expected}", timeout=60_000)

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def rendered(self) -> int:
        return self.page.evaluate(_RENDERED)


def _hostile() -> Result:
    import polars as pl

    tables = all_tables()
    tables["articles"] = tables["articles"].with_columns(
        pl.when(pl.col("source") == "fixture_0.txt").then(pl.lit(XSS)).otherwise(pl.col("headline")).alias("headline")
    )
    tables["rejects"] = table("rejects", [("<img src=x onerror=alert(2)>", "empty", XSS)])
    tables["clusters"] = tables["clusters"].with_columns(pl.lit(XSS).alias("label"))
    return Result(tables, dict(MANIFEST))


@pytest.fixture(scope="module")
def visit(browser, tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "report.html"
    write_report(_hostile(), out)
    v = _Visit(browser, out)
    yield v
    v.page.screenshot(path=str(out.with_suffix(".png")), full_page=True)
    v.page.close()


def test_every_figure_renders(visit):
    assert visit.expected == len(FIGURES)
    assert visit.rendered() == len(FIGURES)


def test_no_console_errors(visit):
    assert visit.errors == []


def test_no_request_leaves_the_machine(visit):
    assert visit.requests
    assert [u for u in visit.requests if not u.startswith(("file:", "data:"))] == []


def test_article_markup_runs_nothing_and_shows_as_text(visit):
    assert visit.dialogs == []
    assert visit.page.evaluate("document.querySelectorAll('main script, main img').length") == 0
    assert XSS in visit.page.locator("#article-index").inner_text()


def test_hover_label_shows_headline_markup_as_text(visit):
    texts = visit.page.evaluate(
        "Array.from(document.querySelectorAll('#fig-theme-heatmap .ytick text')).map(t => t.textContent)"
    )
    assert XSS in texts


def test_dropdown_switches_mentions_to_raw_counts(visit):
    page = visit.page
    title = "#fig-mentions-over-time .g-ytitle text"
    assert page.locator(title).text_content() == "Share of articles mentioning"
    page.locator("#fig-mentions-over-time .updatemenu-header").click()
    page.locator("#fig-mentions-over-time .updatemenu-item-text", has_text="Raw mentions").click()
    page.wait_for_function(
        f"document.querySelector('{title}').textContent === 'Mentions'", timeout=10_000
    )


def test_screenshot_saved(browser, tmp_path):
    out = tmp_path / "report.html"
    write_report(Result(all_tables(), dict(MANIFEST)), out)
    v = _Visit(browser, out)
    shot = tmp_path / "report.png"
    v.page.screenshot(path=str(shot), full_page=True)
    v.page.close()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_seed_report_renders(browser, tmp_path, raw_dir):
    """The report of data/raw renders every figure, with no error and no request outside the file."""
    result = pipeline.build(raw_dir, tmp_path / "processed", interim=tmp_path / "interim")
    out = write_report(result, tmp_path / "report.html")
    v = _Visit(browser, out)
    v.page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (v.rendered(), v.errors, [u for u in v.requests if not u.startswith("file:")]) == (len(FIGURES), [], [])
    v.page.close()


def test_project_report_renders(browser, tmp_path, monkeypatch):
    """A bare `reexdata report` in a project of a user's topic draws every figure, attention too, with no error."""
    from newswire import write_project

    from reexdata.cli import main

    write_project(tmp_path, 360)
    monkeypatch.chdir(tmp_path)
    assert main(["report", "-q"]) == 0
    v = _Visit(browser, tmp_path / "reports" / "report.html")
    # The project names [queries]: the attention chart is drawn too.
    assert (v.rendered(), v.errors, [u for u in v.requests if not u.startswith("file:")]) == (len(FIGURES) + 1, [], [])
    v.page.close()


# --------------------------------------------------------------------------
# Chinese text: drawn with a CJK font of the report's font stack, not tofu
# --------------------------------------------------------------------------

# The CJK fonts of reexdata.plots._template.FONT_FAMILY.
_CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei")
_TITLE = "包钢稀土新闻"


def _cjk_font_installed() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    import subprocess

    families = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, check=False).stdout
    return any(font in families for font in _CJK_FONTS)


def _chinese() -> Result:
    import polars as pl

    tables = all_tables()
    tables["clusters"] = tables["clusters"].with_columns(
        pl.Series("label", ["稀土价格", "党建纪律"]), pl.Series("top_terms", [["稀土", "价格"], ["党建", "纪律"]])
    )
    return Result(tables, dict(MANIFEST))


@pytest.fixture(scope="module")
def chinese(browser, tmp_path_factory):
    if not _cjk_font_installed():
        _missing("No CJK font of the report's font stack is installed (Debian package fonts-noto-cjk; .ci/run "
                 "installs it)")
    out = tmp_path_factory.mktemp("chinese") / "report.html"
    write_report(_chinese(), out, title=_TITLE)
    v = _Visit(browser, out)
    yield v
    v.page.close()


def _glyphs_by_font(page, selector: str) -> dict[str, int]:
    """The fonts that draw the text of the first node matching ``selector``, with their glyph counts."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {f["familyName"]: f["glyphCount"] for f in fonts}


def test_a_chinese_title_is_drawn_with_a_cjk_font_of_the_stack(chinese):
    fonts = _glyphs_by_font(chinese.page, "header h1")
    assert (sorted(set(fonts) - set(_CJK_FONTS)), sum(fonts.values())) == ([], len(_TITLE))


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        # "Cluster 0: 稀土价格": 4 Han characters, 11 others.
        ("#fig-cluster-terms .ytick text > tspan.line", (4, 11)),
        # "稀土, 价格" (the terms, in italics)
        ("#fig-cluster-terms .ytick text > tspan.line + tspan.line > tspan", (4, 2)),
    ],
)
def test_chinese_in_a_chart_is_drawn_with_a_cjk_font_of_the_stack(chinese, selector, expected):
    fonts = _glyphs_by_font(chinese.page, selector)
    han = sum(n for font, n in fonts.items() if font in _CJK_FONTS)
    assert (han, sum(fonts.values()) - han) == expected
