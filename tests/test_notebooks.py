"""The worked notebooks run end to end on data/raw and stay thin and clean."""

import ast
import json
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
NAMES = [p.stem for p in NOTEBOOKS]


def test_the_four_worked_notebooks_exist():
    assert NAMES == ["1.0-corpus-overview", "2.0-themes-and-clusters", "3.0-mentions-over-time", "4.0-questions"]


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_executes_without_error(path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_is_committed_without_outputs(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert [c for c in cells if c.get("outputs") or c.get("execution_count")] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_matches_its_percent_script(path):
    paired = jupytext.read(path.with_suffix(".py"))
    notebook = jupytext.read(path)
    assert [c.source for c in paired.cells] == [c.source for c in notebook.cells]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_has_a_parameters_cell_naming_the_raw_folder(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and "raw_dir" in tagged[0].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_defines_no_functions_or_classes(path):
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    defs = [n for n in ast.walk(ast.parse(code))
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))]
    assert defs == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_sets_a_renderer_that_embeds_figures_in_html(path):
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert 'pio.renderers.default = "notebook_connected+plotly_mimetype"' in code


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_reads_the_published_tables(path):
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "tables = rx.read_tables(processed_dir)" in code


@pytest.mark.slow
def test_html_export_keeps_every_figure():
    from nbconvert import HTMLExporter

    path = next(p for p in NOTEBOOKS if p.stem == "2.0-themes-and-clusters")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    html, _ = HTMLExporter().from_notebook_node(nb)
    assert html.count("Plotly.newPlot(") == 4
