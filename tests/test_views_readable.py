"""Views people can read: labels at the opening zoom, no ring of unconnected entities, one shape per
type, one edge per pair with a count, a title that says what is shown, details in sight, sorted by
date with publishers and relay chains, reset zoom, a time slider, evidence paths, CSV export."""

from __future__ import annotations

import json
import re

import pytest

from browser import browser, file_url, open_page
from conftest import run_cli
from kg.views.html import TYPE_STYLE


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def whole(bundled_build, tmp_path_factory):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("views") / "whole.html"
    result = run_cli(CliRunner(), "view", "--store", str(bundled_build / "store"), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def payload(path) -> dict:
    text = path.read_text(encoding="utf-8")
    raw = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S).group(1)
    return json.loads(raw)


def test_one_shape_per_type():
    shapes = [shape for _, shape in TYPE_STYLE.values()]
    assert len(shapes) == len(set(shapes)) == len(TYPE_STYLE)


def test_statements_between_two_entities_are_one_edge_with_a_count(whole):
    data = payload(whole)
    pairs = [(e[0], e[1]) for e in data["edges"]]
    assert len(pairs) == len(set(pairs))
    assert sum(len(e[3]) for e in data["edges"]) == len(data["statements"])
    rubio = [e for e in data["edges"] if e[0] == "marco-rubio" and e[1] == "blackwell-china-export-approval"]
    assert rubio and len(rubio[0][3]) >= 2
    # Every statement names its document by publisher and date, not by id or bare URL.
    cites = [src[1] for s in data["statements"] for src in s[10]]
    assert cites and all(" · " in c for c in cites)
    assert any(s[11] and "The Wall Street Journal" in s[11] for s in data["statements"])  # relay chains


def test_titles_say_what_is_shown(runner, bundled_build, tmp_path):
    out = tmp_path / "v.html"
    assert run_cli(runner, "view", "--store", str(bundled_build / "store"), "--as-of", "2025-10-29",
                   "--predicates", "opposes", "--out", str(out)).exit_code == 0
    title = re.search(r"<title>([^<]*)", out.read_text(encoding="utf-8")).group(1)
    assert "as of 2025-10-29" in title and "predicates: opposes" in title and "whole graph" in title
    assert run_cli(runner, "view", "--store", str(bundled_build / "store"), "Marco Rubio", "--depth", "2",
                   "--from", "2025-01", "--to", "2025-06", "--out", str(out)).exit_code == 0
    title = re.search(r"<title>([^<]*)", out.read_text(encoding="utf-8")).group(1)
    assert "Marco Rubio (depth 2)" in title and "2025-01 to 2025-06" in title


def test_path_view_and_aggregate_colours(runner, bundled_build, tmp_path):
    out = tmp_path / "p.html"
    done = run_cli(runner, "view", "--store", str(bundled_build / "store"), "--path", "روبيو", "Nvidia", "--out", str(out))
    assert done.exit_code == 0, done.output
    data = payload(out)
    ids = {n[0] for n in data["nodes"]}
    assert {"marco-rubio", "nvidia"} <= ids and 2 < len(ids) <= 7
    agg = tmp_path / "a.html"
    assert run_cli(runner, "view", "--store", str(bundled_build / "store"), "--aggregate", "type", "--out", str(agg)).exit_code == 0
    types = payload(agg)["types"]
    assert "Aggregate" not in types and types["Person"]["color"] == TYPE_STYLE["Person"][0]


def test_whole_view_reads_at_the_opening_zoom(chromium, whole):
    data = payload(whole)
    with open_page(chromium, file_url(whole), viewport=(1400, 900)) as (page, report):
        assert report.requests == [] and report.errors == [] and report.dialogs == []
        scale = page.evaluate("kgView.network.getScale()")
        prominent = sum(1 for n in data["nodes"] if n[11])
        # vis-network draws a label when font size × scale reaches drawThreshold (4 here).
        assert prominent >= 10 and 30 * scale >= 4, scale
        visible = page.evaluate("kgView.nodes.get().filter(n => !n.hidden).length")
        assert visible == len(data["nodes"]) - data["isolated"] and data["isolated"] > 0
        page.check("#kg-isolated")
        assert page.evaluate("kgView.nodes.get().filter(n => !n.hidden).length") == len(data["nodes"])


def test_details_in_sight_sorted_by_date_and_controls(chromium, whole):
    with open_page(chromium, file_url(whole), viewport=(1400, 900)) as (page, report):
        pos = page.evaluate("""() => { const n = kgView.network; n.focus('marco-rubio', {scale: 1.2, animation: false});
                               return n.canvasToDOM(n.getPosition('marco-rubio')); }""")
        box = page.locator("#kg-network").bounding_box()
        page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
        info = page.locator("#kg-info")
        assert "Marco Rubio" in info.inner_text()
        top = info.bounding_box()["y"]
        assert 0 <= top < 900 - 200  # visible without scrolling the sidebar
        dates = re.findall(r"date: (\d{4}(?:-\d\d)?(?:-\d\d)?)", info.inner_text())
        assert dates == sorted(dates) and dates
        assert "read in: " in info.inner_text()
        # Reset zoom.
        page.click("#kg-fit")
        fitted = page.evaluate("kgView.network.getScale()")
        assert abs(fitted - 1.2) > 1e-3
        # The time slider hides later statements.
        before = page.evaluate("kgView.edges.get().filter(e => !e.hidden).length")
        page.evaluate("""() => { const s = document.getElementById('kg-slider'); s.value = String(Math.floor(s.max / 2));
                                  s.dispatchEvent(new Event('input')); }""")
        after = page.evaluate("kgView.edges.get().filter(e => !e.hidden).length")
        assert 0 < after < before and "as of " in page.locator("#kg-asof").inner_text()
        # Export what is visible.
        with page.expect_download():
            page.click("#kg-csv")
        csv_text = page.evaluate("window.kgLastExport")
        assert csv_text.startswith("date,subject,predicate,object,quote")
        assert 1 < len(csv_text.strip().splitlines()) < 1 + page.evaluate("kgView.statements")
        assert report.errors == [] and report.requests == []
