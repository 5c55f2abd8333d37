"""Benchmark: the explorer's pages at scale, server side and in Chromium.

Generates N statements (``benchmarks/generate.py``), builds them, loads the explorer's catalogue
and times every page: server side (Starlette's test client, median of ``--runs`` after one warm-up)
and time to first contentful paint in headless Chromium (the page served by uvicorn on
127.0.0.1, every other request blocked). The baseline run in the same process is the canned
question ``statements-about`` through ``kg ask``'s code path for the same entity, which is what a
page would cost if it ran SPARQL per request; ratios are page / baseline.

Usage::

    python benchmarks/explorer.py                 # 100k statements
    python benchmarks/explorer.py --statements 10000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def median_ms(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default=None)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    from starlette.testclient import TestClient

    from kg.store.builder import build
    from kg.query.questions import ask
    from kg.store.local import open_store
    from kg.web.catalog import Catalog
    from kg.web.site import explorer_app

    work = Path(args.work or tempfile.mkdtemp(prefix="kg-explorer-bench-"))
    data, out = work / "data", work / "build"
    if not (out / "store").exists():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(args.statements), str(data)],
                       check=True)
        build(data, out)
    store = open_store(out / "store")
    t = time.perf_counter()
    cat = Catalog.load(store)
    load_s = time.perf_counter() - t
    # A busy entity and a busy decision, chosen by the data.
    busiest = max(cat.entities, key=lambda e: len(cat._about.get(e, ())))
    decision = max((e for e in cat.entities.values() if e.type == "Decision"), key=lambda e: len(cat._about.get(e.id, ()))).id
    other = sorted(cat.entities)[len(cat.entities) // 2]
    word = next(iter(cat.statements.values())).quote.split()[0]
    client = TestClient(explorer_app(out / "store"))
    pages = {
        "home": "/",
        "search (name)": f"/?q={cat.entities[busiest].label[:6]}",
        "search (quote word)": f"/?q={word}",
        "entity": f"/entity/{busiest}",
        "entity filtered": f"/entity/{busiest}?predicate=opposes&from=2024&to=2025",
        "decision": f"/entity/{decision}",
        "timeline": f"/timeline/{busiest}",
        "path": f"/path?from={busiest}&to={other}",
        "entity CSV": f"/entity/{busiest}?format=csv",
        "sparql": "/sparql?query=SELECT%20*%20%7B%20%3Fs%20a%20kg%3AChip%20%7D%20LIMIT%20100",
        "corroboration": "/corroboration",
        "conflicts": "/conflicts",
    }
    baseline = median_ms(lambda: ask(store, "statements-about", {"entity": busiest}), args.runs)
    server = {name: median_ms(lambda u=url: client.get(u), args.runs) for name, url in pages.items()}
    paint: dict[str, float] = {}
    if not args.no_browser:
        from browser import browser, open_site
        from servers import free_port, stop, wait_for

        port = free_port()
        code = ("import sys, uvicorn; from kg.web.site import explorer_app; "
                "uvicorn.run(explorer_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')")
        proc = subprocess.Popen([sys.executable, "-c", code, str(out / "store"), str(port)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/robots.txt", proc, 600)
            with browser() as b:
                for name, url in pages.items():
                    if "CSV" in name:
                        continue
                    samples = []
                    try:
                        for _ in range(max(args.runs // 2, 2) + 1):  # the first run warms the server's caches
                            with open_site(b, base + url, timeout_ms=300_000) as (page, report):
                                samples.append(page.evaluate(
                                    "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1"))
                    except Exception as exc:  # a page that does not load in time is reported, not fatal
                        print(f"{name}: {type(exc).__name__}", file=sys.stderr)
                        continue
                    paint[name] = statistics.median(samples[1:])
        finally:
            stop(proc)
    result = {"statements": len(cat.statements), "entities": len(cat.entities), "catalog_load_s": round(load_s, 2),
              "baseline_statements_about_ms": round(baseline, 1),
              "server_ms": {k: round(v, 1) for k, v in server.items()},
              "ratio_to_baseline": {k: round(v / baseline, 3) for k, v in server.items()},
              "first_paint_ms": {k: round(v, 1) for k, v in paint.items()}}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
