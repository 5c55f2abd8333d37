"""The analyst notebooks in notebooks/: committed without outputs, and executed top to bottom on a
real Jupyter kernel (``python3``) against the bundled data; their outputs hold DataFrame tables,
and the analytics notebooks inline views that headless Chromium draws with the network blocked.

The notebooks run in a scratch project (a copy of ``data/`` and an empty ``notebooks/`` folder as
the working directory), so they find the data as they would in a checkout and build into the
scratch ``build/``; the copy of ``data/`` must be unchanged afterwards. nbclient rather than
nbmake: these tests read the executed outputs (tables, views), which nbmake does not hand back.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import browser, file_url, open_page
from conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
EXPECTED = ["01-getting-started", "02-provenance", "03-network-analytics", "04-timelines-and-snapshots",
            "05-adding-a-source"]
WITH_VIEWS = ["03-network-analytics", "04-timelines-and-snapshots"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
DATAFRAME = re.compile(r'<table[^>]*\bclass="dataframe"')
DRAWN = ("Object.keys(kgView.network.body.nodes)"
         ".filter(k => kgView.network.body.nodeIndices.includes(k)).length")


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} (`pip install -e '.[test]'` installs it)")
    pytest.skip(what)


def _jupyter():
    """nbformat and nbclient, and the ``python3`` kernel: a failure in CI, a skip elsewhere."""
    try:
        import nbclient
        import nbformat
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except ImportError as exc:
        _missing(f"Jupyter is not installed: {exc}")
    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        _missing("the Jupyter kernel 'python3' is not installed (ipykernel ships it)")
    return nbformat, nbclient


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class _Runs:
    """Executes each notebook once per module and keeps the executed notebook (or the error)."""

    def __init__(self, project: Path):
        self.project = project
        self.data_digest = _digest(project / "data")
        self.done: dict[str, object] = {}

    def __call__(self, name: str):
        if name not in self.done:
            nbformat, nbclient = _jupyter()
            nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
            client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=600,
                                             resources={"metadata": {"path": str(self.project / "notebooks")}})
            try:
                client.execute()
                self.done[name] = nb
            except nbclient.exceptions.CellExecutionError as exc:
                self.done[name] = exc
        result = self.done[name]
        if isinstance(result, Exception):
            pytest.fail(f"{name}.ipynb failed:\n{ANSI.sub('', str(result))}", pytrace=False)
        return result


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("analyst")
    shutil.copytree(ROOT / "data", root / "data")
    (root / "notebooks").mkdir()
    return root


@pytest.fixture(scope="module")
def run(project) -> _Runs:
    return _Runs(project)


def _outputs(nb, mime: str) -> list[str]:
    return [o["data"][mime] for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if o.get("output_type") in ("execute_result", "display_data") and mime in o.get("data", {})]


class _IframeParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.frames: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "iframe":
            self.frames.append(dict(attrs))


def _views(nb) -> list[dict[str, str | None]]:
    """The inline views among the outputs: the attributes of each output's iframe, with
    ``srcdoc`` unescaped (the page itself)."""
    frames = []
    for html in _outputs(nb, "text/html"):
        if html.lstrip().startswith("<iframe"):
            parser = _IframeParser()
            parser.feed(html)
            frames += [{**f, "output": html} for f in parser.frames if f.get("srcdoc")]
    return frames


def test_all_notebooks_are_there():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
def test_committed_without_outputs(name):
    nbformat, _ = _jupyter()
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code), \
        f"clear the outputs of {name}.ipynb before committing it (Jupyter: Edit > Clear Outputs of All Cells)"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_runs_and_shows_tables(run, name):
    nb = run(name)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "error"]
    assert errors == []
    tables = [h for h in _outputs(nb, "text/html") if DATAFRAME.search(h)]
    assert tables, f"{name}.ipynb shows no DataFrame"
    assert all(c.execution_count is not None for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("name", WITH_VIEWS)
def test_analytics_notebooks_show_inline_views(run, name):
    views = _views(run(name))
    assert views, f"{name}.ipynb shows no inline view"
    for v in views:
        assert "allow-scripts" in (v.get("sandbox") or "")
        assert v["srcdoc"].lstrip().lower().startswith("<!doctype html")
        assert "Content-Security-Policy" in v["srcdoc"]


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def test_inline_view_draws_offline(run, chromium, tmp_path):
    """The srcdoc page of a notebook's view, opened on its own: no request, no error, every node drawn."""
    view = _views(run("03-network-analytics"))[0]
    page_file = tmp_path / "view.html"
    page_file.write_text(view["srcdoc"], encoding="utf-8")
    with open_page(chromium, file_url(page_file)) as (page, report):
        assert report.requests == [] and report.errors == [] and report.dialogs == []
        exported = page.evaluate("kgView.exported")
        assert exported > 1
        assert page.evaluate(DRAWN) == exported
        assert page.evaluate("kgView.edges.length") > 0


def test_inline_view_draws_inside_its_output(run, chromium, tmp_path):
    """The output as a notebook front end shows it: the sandboxed iframe draws the same page."""
    nb = run("04-timelines-and-snapshots")
    views = _views(nb)
    assert len(views) >= 2  # before and after Busan
    host = tmp_path / "output.html"
    host.write_text(f"<!doctype html><meta charset='utf-8'><body>{views[-1]['output']}</body>", encoding="utf-8")
    with open_page(chromium, file_url(host), ready="document.querySelector('iframe') !== null") as (page, report):
        frame = page.frames[1]
        frame.wait_for_function("window.kgReady === true", timeout=60_000)
        assert report.requests == [] and report.errors == [] and report.dialogs == []
        exported = frame.evaluate("kgView.exported")
        assert exported > 1 and frame.evaluate(DRAWN) == exported


def test_notebooks_leave_data_unchanged(run, project):
    for name in EXPECTED:
        run(name)
    assert _digest(project / "data") == run.data_digest
    assert (project / "build" / "store").exists()  # they built into the scratch project
