"""The explorer's pages: what they show, their downloads and permalinks, and what they refuse.

Route tests use Starlette's test client over the bundled build; the browser tests run the
application under uvicorn on 127.0.0.1 and open it in headless Chromium with every request
elsewhere blocked and counted.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from browser import browser, open_site
from conftest import run_cli
from servers import free_port, serve_store, stop, wait_for

PAYLOADS = ['<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>', '"><svg/onload=alert(2)>']


@pytest.fixture(scope="module")
def client(bundled_build):
    from starlette.testclient import TestClient

    from kg.web.site import explorer_app

    return TestClient(explorer_app(bundled_build / "store"))


def rows_of(html: str) -> list[str]:
    return re.findall(r'<td class="date">([^<]*)', html)


def test_home_counts_and_latest(client):
    page = client.get("/")
    assert page.status_code == 200 and "Content-Security-Policy" in page.headers
    assert re.search(r"<strong>\d+</strong> statements", page.text)
    dates = rows_of(page.text)
    assert len(dates) == 20 and dates == sorted(dates, reverse=True)  # latest first


@pytest.mark.parametrize("text, expected", [("روبيو", "marco-rubio"), ("鲁比奥", "marco-rubio"),
                                            ("英偉達", "nvidia"), ("NVIDIA", "nvidia"), ("رُوبِيو", "marco-rubio")])
def test_search_in_any_language_and_script(client, text, expected):
    page = client.get("/", params={"q": text})
    assert page.status_code == 200
    first = re.search(r'<ul class="entities">\s*<li><a href="/entity/([^"]+)"', page.text)
    assert first and first.group(1) == expected


def test_search_over_quotes(client):
    page = client.get("/", params={"q": "blackwell"})
    assert "Quotes (" in page.text and int(re.search(r"Quotes \((\d+)\)", page.text).group(1)) > 0


def test_entity_page_statements_by_date_with_sources_and_relays(client):
    page = client.get("/entity/marco-rubio")
    assert page.status_code == 200
    for lang in ("en", "ar", "zh"):
        assert f'<td>{lang}</td>' in page.text
    shown = rows_of(page.text)
    dates = [d for d in shown if d != "undated"]
    assert dates == sorted(dates) and len(dates) >= 3
    assert shown == dates + ["undated"] * (len(shown) - len(dates))  # undated claims last
    assert "Sources this page rests on" in page.text
    # A relayed report is named by publisher and date, not by its id.
    seed = client.get("/entity/blackwell-china-export-approval")
    assert "relays: " in seed.text and "The Wall Street Journal" in seed.text
    assert "Who stands where on it" in seed.text and "opposes (" in seed.text


def test_entity_filters_are_in_the_url_and_in_the_download(client):
    full = client.get("/entity/marco-rubio", params={"format": "json"}).json()
    some = client.get("/entity/marco-rubio", params={"predicate": "opposes", "format": "json"}).json()
    assert some and {r["predicate"] for r in some} == {"opposes"} and len(some) < len(full)
    page = client.get("/entity/marco-rubio", params={"predicate": "opposes"})
    assert 'href="?predicate=opposes&amp;format=csv"' in page.text  # the permalink keeps the filter
    assert len(rows_of(page.text)) == len(some)
    windowed = client.get("/entity/nvidia", params={"from": "2025-06", "to": "2025-12", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(windowed.text)))
    # A partial date (2025) overlaps the window; a full one lies inside it.
    assert rows and all("2025-06"[:len(r["date"])] <= r["date"] <= "2025-12-31"[:len(r["date"])] for r in rows)
    assert any(len(r["date"]) == 10 for r in rows)


def test_timeline_path_and_questions(client):
    tl = client.get("/timeline/h20", params={"from": "2025"})
    assert tl.status_code == 200 and "<h2>2025" in tl.text and "<h2>2023" not in tl.text
    path = client.get("/path", params={"from": "روبيو", "to": "Nvidia", "format": "json"}).json()
    assert path and path[0]["hop"] == 1 and {r["hop"] for r in path} == set(range(1, path[-1]["hop"] + 1))
    hops = {r["hop"]: r for r in path}
    assert "marco-rubio" in (hops[1]["subject"], hops[1]["object"])
    assert "nvidia" in (hops[max(hops)]["subject"], hops[max(hops)]["object"])
    for name in ("corroboration", "conflicts"):
        page = client.get(f"/{name}")
        assert page.status_code == 200 and "<table" in page.text
        data = client.get(f"/{name}", params={"format": "json"}).json()
        assert isinstance(data, list) and data


def test_sparql_page_prefixes_limits_and_refusals(client):
    page = client.get("/sparql", params={"query": "SELECT * { ?s a kg:Chip }"})
    assert page.status_code == 200 and "rows." in page.text and "entity/h20" in page.text
    assert "PREFIX kg: &lt;https://w3id.org/chip-policy-kg/ontology#&gt;" in page.text
    assert re.search(r"stops a query after [\d.]+ s and returns at most \d+ rows", page.text)
    down = client.get("/sparql", params={"query": "SELECT ?s { ?s a kg:Chip }", "format": "csv"})
    assert down.text.splitlines()[0] == "s" and len(down.text.splitlines()) > 5
    service = client.get("/sparql", params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert "SERVICE is disabled" in service.text
    bad = client.get("/sparql", params={"query": "SELECT * {"})
    assert 'class="error"' in bad.text


def test_unknown_entity_is_a_404_page(client):
    page = client.get("/entity/no-such-thing")
    assert page.status_code == 404 and "no-such-thing" in page.text


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """The mini dataset with script payloads in a label, a quote and a URL."""
    import shutil

    from conftest import FIXTURES
    from kg.store.builder import build

    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    shutil.copytree(FIXTURES / "mini", data)
    ents, stm, src = data / "entities" / "all.yaml", data / "statements" / "daily.yaml", data / "sources" / "all.yaml"
    ents.write_text(ents.read_text().replace("label: {en: A1}", f"label: {{en: '{PAYLOADS[0]}'}}"))
    stm.write_text(stm.read_text().replace("quote: أكمي تصنع", f"quote: '{PAYLOADS[1]}'"))
    src.write_text(src.read_text().replace("url: https://daily.example/a", f"url: 'https://daily.example/a?x={PAYLOADS[2]}'"))
    build(data, root / "build")
    return root / "build"


def test_payloads_are_escaped(hostile_build):
    from starlette.testclient import TestClient

    from kg.web.site import explorer_app

    client = TestClient(explorer_app(hostile_build / "store"))
    for url in ("/entity/acme", "/entity/a1", "/", "/?q=acme", "/timeline/acme"):
        html = client.get(url).text
        for payload in PAYLOADS:
            assert payload not in html, (url, payload)
    assert "&lt;img src=x onerror=alert(1)&gt;" in client.get("/entity/a1").text


# ---------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def site(bundled_build):
    """``kg serve`` itself (a child process): the explorer at /, the SPARQL endpoint at /query."""
    with serve_store(bundled_build / "store", port=free_port(), timeout=5) as server:
        yield server.url.rstrip("/")


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def test_analyst_finds_rubio_in_arabic_reads_follows_a_path_and_downloads(chromium, site, tmp_path):
    with open_site(chromium, site + "/") as (page, report):
        page.keyboard.press("/")  # the shortcut focuses the search box
        assert page.evaluate("document.activeElement.id") == "q"
        page.keyboard.type("روبيو")
        page.keyboard.press("Enter")
        page.wait_for_url("**/?q=*")
        page.click("ul.entities li a >> nth=0")
        page.wait_for_url("**/entity/marco-rubio")
        dates = [d for d in page.locator("td.date").all_inner_texts()]
        dated = [d.split("\n")[0] for d in dates if not d.startswith("undated")]
        assert dated == sorted(dated) and len(dated) >= 3
        assert page.locator("text=relays:").count() >= 1
        page.click("text=Find a path from here")
        page.fill("input[name=to]", "Nvidia")
        page.click("text=Find the evidence path")
        page.wait_for_url("**/path?*")
        assert page.locator("h2:has-text('Hop 1')").count() == 1
        with page.expect_download() as info:
            page.click("text=Download CSV")
        saved = tmp_path / "path.csv"
        info.value.save_as(saved)
        rows = list(csv.DictReader(saved.open(encoding="utf-8")))
        assert rows and rows[0]["hop"] == "1"
        assert report.requests == [] and report.errors == [] and report.console_errors == [] and report.dialogs == []


@pytest.mark.parametrize("path", ["/", "/?q=H20", "/entity/marco-rubio", "/entity/blackwell-china-export-approval",
                                  "/timeline/h20", "/path?from=marco-rubio&to=nvidia", "/corroboration", "/conflicts",
                                  "/sparql?query=SELECT%20*%20%7B%20%3Fs%20a%20kg%3AChip%20%7D", "/entity/nope"])
def test_every_page_offline_without_errors(chromium, site, path):
    with open_site(chromium, site + path) as (page, report):
        page.wait_for_load_state("networkidle")
        assert report.requests == [] and report.errors == [] and report.dialogs == []
        assert [e for e in report.console_errors if "404" not in e] == []
        assert page.title().endswith("chip-policy-kg")


def test_pages_read_without_javascript(chromium, site):
    with open_site(chromium, site + "/entity/marco-rubio", java_script=False) as (page, report):
        assert page.locator("table.statements tbody tr").count() >= 5
        page.fill("#q", "英伟达")
        page.click("header button")
        page.wait_for_url("**/?q=*")
        assert page.locator("ul.entities a[href='/entity/nvidia']").count() == 1


def test_arabic_and_chinese_as_users_see_them(chromium, site):
    with open_site(chromium, site + "/entity/marco-rubio") as (page, report):
        ar = page.locator("td[lang=ar]").first
        assert ar.evaluate("e => getComputedStyle(e).direction") == "rtl"
        quote = page.locator("blockquote[lang=ar]").first
        assert quote.evaluate("e => getComputedStyle(e).direction") == "rtl"
        zh = page.locator("td[lang=zh]").first
        # A CJK font is installed (.ci/run: fonts-noto-cjk): the Chinese label is drawn with glyphs
        # of its own width, not the same box for every character.
        widths = zh.evaluate("""e => { const c = document.createElement('canvas').getContext('2d');
            c.font = getComputedStyle(e).font; return [...e.textContent].map(ch => c.measureText(ch).width); }""")
        assert len(widths) >= 2 and min(widths) > 5


def test_sparql_page_runs_a_kg_term_without_prefix_lines(chromium, site):
    with open_site(chromium, site + "/sparql") as (page, report):
        page.fill("#query", "SELECT * { ?s a kg:Chip }")
        page.keyboard.press("Control+Enter")
        page.wait_for_url("**/sparql?query=*")
        assert page.locator("table.results tbody tr").count() >= 5
        assert report.requests == [] and report.errors == []


def test_hostile_text_stays_text_in_the_browser(chromium, hostile_build):
    port = free_port()
    code = ("import sys, uvicorn; from kg.web.site import explorer_app; "
            "uvicorn.run(explorer_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')")
    proc = subprocess.Popen([sys.executable, "-c", code, str(hostile_build / "store"), str(port)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/robots.txt", proc, 90)
        for path in ("/entity/a1", "/entity/acme", "/?q=%3Cimg", "/entity/acme/graph"):
            with open_site(chromium, base + path) as (page, report):
                page.wait_for_load_state("networkidle")
                assert report.dialogs == [] and report.requests == [], path
        with open_site(chromium, base + "/entity/a1") as (page, report):
            assert PAYLOADS[0] in page.locator("h1").inner_text()
    finally:
        stop(proc)


def test_kg_serve_opens_on_the_explorer_and_its_sparql_page_holds_the_limits(site):
    import time
    import urllib.parse
    import urllib.request

    home = urllib.request.urlopen(site + "/", timeout=30).read().decode()
    assert "US–China chip policy explorer" in home and "Latest statements" in home
    answer = urllib.request.urlopen(site + "/query?" + urllib.parse.urlencode({"query": "ASK { ?s a kg:Chip }"}),
                                    timeout=30).read()
    assert b"true" in answer  # the SPARQL endpoint is beside the pages
    def page(query):
        url = site + "/sparql?" + urllib.parse.urlencode({"query": query})
        return urllib.request.urlopen(url, timeout=60).read().decode()
    chips = page("SELECT * { ?s a kg:Chip }")
    assert "entity/h20" in chips and 'class="error"' not in chips
    refused = page("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert "SERVICE" in refused and 'class="error"' in refused
    started = time.monotonic()
    runaway = page("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert time.monotonic() - started < 5 + 5 and 'class="error"' in runaway  # stopped at the 5 s timeout
