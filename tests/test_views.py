"""Graph views opened in real headless Chromium with every network request blocked."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import networkx as nx
import pytest

from browser import browser, file_url, open_page
from conftest import FIXTURES, run_cli
from kg.views import MAX_NODES, ViewTooLarge, render

PAYLOADS = ['<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>']


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def drawn(page) -> int:
    return page.evaluate("Object.keys(kgView.network.body.nodes).filter(k => kgView.network.body.nodeIndices.includes(k)).length")


def test_full_bundled_view_offline(chromium, runner, bundled_build, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = run_cli(runner, "view", "--store", str(bundled_build / "store"), "--out", "full.html")
    assert out.exit_code == 0, out.output
    assert sorted(os.listdir(tmp_path)) == ["full.html"]  # nothing else written (no lib/ folder)
    exported = int(out.output.split(": ")[1].split(" ")[0])
    with open_page(chromium, file_url(tmp_path / "full.html")) as (page, report):
        assert report.requests == [] and report.errors == [] and report.dialogs == []
        assert drawn(page) == exported == page.evaluate("kgView.exported")
        assert page.evaluate("kgView.edges.length") > 0


def test_entity_view_in_arabic_is_right_to_left(chromium, runner, bundled_build, tmp_path):
    path = tmp_path / "rubio.html"
    out = run_cli(runner, "view", "روبيو", "--lang", "ar", "--depth", "1", "--store", str(bundled_build / "store"),
                  "--out", str(path))
    assert out.exit_code == 0, out.output
    with open_page(chromium, file_url(path)) as (page, report):
        assert report.requests == [] and report.errors == []
        assert page.evaluate("document.getElementById('kg-network').dir") == "rtl"
        assert page.evaluate("kgView.nodes.get('marco-rubio').label") == "ماركو روبيو"


def test_hostile_text_stays_text(chromium, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", data)
    ents = data / "entities" / "all.yaml"
    ents.write_text(ents.read_text().replace("label: {en: A1}", f"label: {{en: '{PAYLOADS[0]}'}}"))
    stm = data / "statements" / "daily.yaml"
    stm.write_text(stm.read_text().replace("quote: أكمي تصنع", f"quote: '{PAYLOADS[1]}'"))
    from kg.analytics import project
    from kg.store.builder import build
    from kg.store.local import open_store

    build(data, tmp_path / "b")
    G = project(open_store(tmp_path / "b" / "store"))
    view = render(G)
    assert PAYLOADS[1] not in view.html and PAYLOADS[0] not in view.html
    path = view.save(tmp_path / "x.html")
    with open_page(chromium, file_url(path)) as (page, report):
        # Show everything that carries data text: search, click details, tooltips.
        page.fill("#kg-search", "img")
        page.evaluate("kgView.network.selectNodes(['a1'])")
        pos = page.evaluate("(() => { const n = kgView.network; const p = n.getPositions(['a1']).a1; return n.canvasToDOM(p); })()")
        page.mouse.move(pos["x"], pos["y"])
        page.mouse.click(pos["x"], pos["y"])
        page.wait_for_timeout(400)
        text = page.inner_text("body")
        assert PAYLOADS[0] in text and PAYLOADS[1] in text
        assert report.dialogs == [] and report.errors == [] and report.requests == []
        assert page.evaluate("document.querySelectorAll('#kg-app img, #kg-app script').length") == 0


def test_links_only_for_http_urls(tmp_path):
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", predicate="supports", quote="q", sources=["javascript:alert(1)", "https://example.org/x"])
    html = render(G).html
    assert "javascript:alert(1)" in html  # as data ...
    js = (Path(__file__).resolve().parent.parent / "kg" / "views" / "assets" / "view.js").read_text()
    assert "/^https?:\\/\\//i.test(url)" in js  # ... made a link only when http(s)


def test_large_view_is_refused_with_advice():
    G = nx.MultiDiGraph()
    G.add_nodes_from(f"n{i}" for i in range(MAX_NODES + 1))
    with pytest.raises(ViewTooLarge, match="--top N"):
        render(G)


def test_cli_too_large_and_aggregate(runner, bundled_build, tmp_path):
    out = run_cli(runner, "view", "--max-nodes", "10", "--store", str(bundled_build / "store"),
                  "--out", str(tmp_path / "v.html"))
    assert out.exit_code == 1 and "--aggregate type" in out.output and not (tmp_path / "v.html").exists()
    out = run_cli(runner, "view", "--aggregate", "type", "--store", str(bundled_build / "store"),
                  "--out", str(tmp_path / "v.html"))
    assert out.exit_code == 0 and (tmp_path / "v.html").exists()


def test_large_synthetic_view_draws_every_node(chromium, tmp_path):
    G = nx.MultiDiGraph()
    for i in range(3000):
        G.add_node(f"n{i}", type="Person", label=f"Person {i}", labels={"en": f"Person {i}"})
    for i in range(6000):
        G.add_edge(f"n{i % 3000}", f"n{(i * 7 + 1) % 3000}", predicate="supports", quote="q", sources=[])
    path = render(G).save(tmp_path / "big.html")
    with open_page(chromium, file_url(path)) as (page, report):
        assert report.requests == [] and report.errors == []
        assert drawn(page) == 3000


def test_view_is_deterministic(bundled_build):
    from kg.store.local import open_store
    from kg.views import view

    a = view(open_store(bundled_build / "store"), ["nvidia"]).html
    b = view(open_store(bundled_build / "store"), ["nvidia"]).html
    assert a == b
