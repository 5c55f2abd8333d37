"""Benchmark: time until a graph view answers in headless Chromium, kg's view against plain pyvis.

Both pages show the same synthetic graph. "Answers" means: the page has loaded and two
animation frames have run (the first drawing is done and the main thread is free), measured
from navigation start, with every network request blocked. Ratios are taken in the same run.

Usage::

    python benchmarks/views.py                 # 5,000 nodes / 10,000 edges, 3 runs each
    python benchmarks/views.py --nodes 500 --edges 1000 --pyvis-physics
    python benchmarks/views.py --curated       # the bundled graph (after `kg build`)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

READY = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
TYPES = ["Person", "Company", "GovernmentAgency", "Chip", "Decision", "Event", "Country"]
PREDICATES = ["opposes", "supports", "restricts", "permits", "manufactures", "met_with", "holds_role"]


def synthetic(n: int, m: int, seed: int = 1):
    import random

    import networkx as nx

    rng = random.Random(seed)
    base = nx.gnm_random_graph(n, m, seed=seed, directed=True)
    G = nx.MultiDiGraph()
    for i in base.nodes:
        t = TYPES[i % len(TYPES)]
        G.add_node(f"e{i}", type=t, label=f"{t} {i}", labels={"en": f"{t} {i}", "ar": f"كيان {i}", "zh": f"实体{i}"})
    for j, (u, v) in enumerate(base.edges):
        G.add_edge(f"e{u}", f"e{v}", key=f"s{j}", predicate=rng.choice(PREDICATES), statement=f"s{j}",
                   date=f"2025-{rng.randint(1, 12):02d}", quote=f"quote {j}", quote_lang="en",
                   sources=[f"https://example.org/{j}"], publishers=["reuters"])
    return G


def plain_pyvis(G, path: Path, physics: bool) -> float:
    """Plain pyvis: the documented API, vis.js inlined so the page can draw offline at all."""
    from pyvis.network import Network

    started = time.perf_counter()
    net = Network(directed=True, cdn_resources="in_line", height="800px", width="100%")
    for n, d in G.nodes(data=True):
        net.add_node(n, label=d["label"], title=d["label"])
    for u, v, d in G.edges(data=True):
        net.add_edge(u, v, title=d.get("quote") or "", label=d["predicate"])
    if not physics:
        net.toggle_physics(False)
    path.write_text(net.generate_html(), encoding="utf-8")
    return time.perf_counter() - started


def ours(G, path: Path) -> float:
    from kg.views import render

    started = time.perf_counter()
    render(G).save(path)
    return time.perf_counter() - started


def time_to_answer(b, path: Path, timeout_ms: int) -> float:
    from browser import file_url

    url = file_url(path)
    context = b.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
    started = time.perf_counter()
    page.goto(url, wait_until="load", timeout=timeout_ms)
    page.evaluate(READY)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--edges", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pyvis-physics", action="store_true", help="also time plain pyvis with its default physics")
    ap.add_argument("--curated", action="store_true", help="use the bundled graph (build/store) instead of a synthetic one")
    args = ap.parse_args()

    from browser import browser

    if args.curated:
        import kg

        G = kg.open(Path(__file__).resolve().parent.parent / "build").to_networkx()
        args.nodes, args.edges = G.number_of_nodes(), G.number_of_edges()
    else:
        G = synthetic(args.nodes, args.edges)
    work = Path(tempfile.mkdtemp())
    pages = {"kg view": work / "kg.html", "pyvis, physics off": work / "pyvis-off.html"}
    python_s = {"kg view": ours(G, pages["kg view"]), "pyvis, physics off": plain_pyvis(G, pages["pyvis, physics off"], False)}
    if args.pyvis_physics:
        pages["pyvis, default physics"] = work / "pyvis-on.html"
        python_s["pyvis, default physics"] = plain_pyvis(G, pages["pyvis, default physics"], True)
    results: dict[str, list[float]] = {k: [] for k in pages}
    with browser() as b:
        for _ in range(args.runs):
            for name, path in pages.items():
                results[name].append(time_to_answer(b, path, timeout_ms=600_000))
    base = statistics.median(results["pyvis, physics off"])
    print(f"graph: {args.nodes} nodes, {args.edges} edges; {args.runs} runs; medians")
    print(f"{'page':<26}{'python s':>10}{'browser s':>11}{'ratio':>8}  runs")
    for name, times in results.items():
        med = statistics.median(times)
        print(f"{name:<26}{python_s[name]:>10.2f}{med:>11.2f}{med / base:>8.2f}  {', '.join(f'{t:.2f}' for t in times)}")


if __name__ == "__main__":
    main()
