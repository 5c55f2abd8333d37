"""Scale benchmark: ``kg build`` against plain rdflib on the same synthetic data, in one run.

For each size it writes synthetic curation data (``generate.py``), then, each in its own
process so that peak memory is measured alone (``os.wait4`` resource usage):

* ``kg build`` — wall time and peak RSS (median of ``--runs``);
* plain rdflib parsing the TriG that the build wrote (``Dataset().parse(..., format="trig")``) —
  parse time and peak RSS at the end of the parse (median of ``--runs``);
* the canned analyst questions (``kg/query/queries/*.rq``) with the same query text and parameters
  (bound by the same ``VALUES`` block) and the same dataset (default graph: the default graph
  itself, statement graphs through ``GRAPH``, as ``kg ask`` runs them): pyoxigraph over the
  built store (each question in its own process: the first run, caches cold, and the median of
  three more) against rdflib over the parsed dataset (once, stopped after
  ``--query-cap`` seconds or 25× Oxigraph's first run if longer: a stopped query counts as its
  cap, so its ratio is a lower bound);
* ``kg --help`` (median of 10).

It prints ratios against the goals (build ≤ 0.25× rdflib's parse time, peak memory ≤ 0.5×,
questions ≥ 20× faster, ``kg --help`` < 0.3 s) and writes the figures as JSON.

Usage::

    python benchmarks/scale.py 100000 --runs 3
    python benchmarks/scale.py 1000000 --runs 1 --skip-rdflib-queries
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: Parameters of the canned questions on the synthetic data (ids that generate.py writes).
PARAMS = {
    "affected-companies": {"decision": "decision-000001"},
    "chip-timeline": {"chip": "chip-000001"},
    "roles-as-of": {"date": "2024-01-01"},
    "stances": {"decision": "decision-000001"},
    "statements-about": {"entity": "person-000001"},
}
#: For other questions' required parameters, a value of the parameter's kind.
BY_KIND = {"entity": "person-000001", "source": "report-0000001", "date": "2024-01-01", "integer": "1",
           "text": "Person 1"}


def _measure(cmd: list[str]) -> tuple[float, float, str]:
    """Run ``cmd``; return wall seconds, peak RSS in MB and its stdout."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed with {proc.returncode}")
        out.seek(0)
        return wall, usage.ru_maxrss / 1024, out.read()


def _question_texts() -> dict[str, str]:
    """Each canned question's SPARQL with its parameters bound (the text both engines run)."""
    import pyoxigraph as ox

    from kg.query.questions import bindings_for, list_questions
    from kg.store.local import bind_values

    texts = {}
    for q in list_questions():
        params = {p.name: BY_KIND[p.kind] for p in q.params if not p.optional} | PARAMS.get(q.name, {})
        bindings = bindings_for(q, params)
        texts[q.name] = bind_values(q.sparql, {ox.Variable(k): v for k, v in bindings.items()}) if bindings else q.sparql
    return texts


def worker_rdflib(trig: str, caps: dict[str, float] | None) -> None:
    """Parse the TriG with plain rdflib, then (if ``caps``) run the questions, each stopped after its cap; print JSON."""
    import resource

    import rdflib

    from kg.rdf.vocab import PREFIXES

    started = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(trig, format="trig")
    result = {"parse_s": time.perf_counter() - started,
              "parse_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
              "quads": len(ds), "queries": {}}
    ds.default_union = False  # as kg ask: the default graph itself, statement graphs through GRAPH
    if caps:
        class Cap(Exception):
            pass

        def stop(signum, frame):
            raise Cap

        signal.signal(signal.SIGALRM, stop)
        for name, text in _question_texts().items():
            cap = caps[name]
            signal.setitimer(signal.ITIMER_REAL, cap)
            started = time.perf_counter()
            try:
                rows = len(list(ds.query(text, initNs=PREFIXES)))
                result["queries"][name] = {"s": time.perf_counter() - started, "rows": rows}
            except Cap:
                result["queries"][name] = {"s": cap, "rows": None, "capped": True}
            except Exception as exc:  # rdflib cannot answer some of them
                result["queries"][name] = {"s": None, "rows": None, "error": f"{type(exc).__name__}: {exc}"[:200]}
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    print(json.dumps(result))


def worker_oxigraph(store: str, name: str) -> None:
    """Run one question 4 times on the built store (pyoxigraph) in a fresh process; print JSON.

    ``s`` is the first run (what ``kg ask`` costs: the store's caches are cold), ``warm_s``
    the median of the next three (a notebook or ``kg serve`` keeps the store open).
    """
    from kg.query.sparql import run_query
    from kg.store.local import open_store

    s = open_store(store)
    text = _question_texts()[name]
    times, rows = [], 0
    for _ in range(4):
        started = time.perf_counter()
        rows = len(run_query(s, text, union=False).rows)  # as kg ask
        times.append(time.perf_counter() - started)
    print(json.dumps({"s": times[0], "warm_s": statistics.median(times[1:]), "rows": rows}))


def oxigraph_queries(store: Path, cap: float) -> dict:
    """Each question in its own process, stopped after 4 × ``cap`` seconds (a capped one counts as ``cap``)."""
    result = {}
    for name in _question_texts():
        try:
            done = subprocess.run([sys.executable, __file__, "_oxigraph", str(store), name], capture_output=True,
                                  text=True, timeout=4 * cap, check=True)
            result[name] = json.loads(done.stdout)
        except subprocess.TimeoutExpired:
            result[name] = {"s": cap, "rows": None, "capped": True}
    return result


def rdflib_caps(ox_queries: dict, cap: float, cap_max: float) -> dict[str, float]:
    """How long rdflib may take on each question: ``cap``, or 25x Oxigraph's first run if longer
    (at most ``cap_max``): a stopped query then still shows whether the ratio is above 20x."""
    return {name: min(cap_max, max(cap, 25 * o["s"])) for name, o in ox_queries.items()}


def _help_time(runs: int = 10) -> float:
    kg = shutil.which("kg")
    cmd = [kg, "--help"] if kg else [sys.executable, "-m", "kg", "--help"]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench(n: int, work: Path, runs: int, cap: float, cap_max: float, rdflib_queries: bool, rdflib_parse: bool) -> dict:
    sys.path.insert(0, str(HERE))
    from generate import generate

    data, out = work / f"data-{n}", work / f"build-{n}"
    if not (data / "statements").exists():
        print(f"generating {n} statements …", file=sys.stderr)
        generate(n, data)
    builds, rdflib_runs = [], []
    for i in range(runs):
        wall, peak, _ = _measure([sys.executable, "-m", "kg", "build", "--data", str(data), "--out", str(out)])
        builds.append((wall, peak))
        print(f"  kg build run {i + 1}: {wall:.1f} s, peak {peak:.0f} MB", file=sys.stderr)
        if rdflib_parse:
            _, peak, text = _measure([sys.executable, __file__, "_rdflib", str(out / "kg.trig"), "{}"])
            got = json.loads(text)
            rdflib_runs.append(got)
            print(f"  rdflib parse run {i + 1}: {got['parse_s']:.1f} s, peak {got['parse_peak_mb']:.0f} MB",
                  file=sys.stderr)
    ox_queries = oxigraph_queries(out / "store", cap)
    if rdflib_queries:
        caps = rdflib_caps(ox_queries, cap, cap_max)
        _, _, text = _measure([sys.executable, __file__, "_rdflib", str(out / "kg.trig"), json.dumps(caps)])
        rdflib_runs[-1]["queries"] = json.loads(text)["queries"]
    manifest = json.loads((out / "store").resolve().parent.joinpath("manifest.json").read_text())
    result = {
        "statements": n, "quads": manifest["quads"], "runs": runs,
        "trig_mb": (out / "kg.trig").stat().st_size / 1e6,
        "build_s": statistics.median(b[0] for b in builds),
        "build_peak_mb": statistics.median(b[1] for b in builds),
        "oxigraph_queries": ox_queries,
        "help_s": _help_time(),
    }
    if rdflib_runs:
        result["rdflib_parse_s"] = statistics.median(r["parse_s"] for r in rdflib_runs)
        result["rdflib_parse_peak_mb"] = statistics.median(r["parse_peak_mb"] for r in rdflib_runs)
        result["rdflib_queries"] = rdflib_runs[-1].get("queries", {})
    return result


def report(r: dict) -> str:
    lines = [f"## {r['statements']:,} statements ({r['quads']:,} quads, TriG {r['trig_mb']:.0f} MB; "
             f"medians of {r['runs']} runs)"]
    lines.append(f"kg build: {r['build_s']:.1f} s, peak {r['build_peak_mb']:.0f} MB")
    if "rdflib_parse_s" in r:
        t, m = r["build_s"] / r["rdflib_parse_s"], r["build_peak_mb"] / r["rdflib_parse_peak_mb"]
        lines.append(f"rdflib parse: {r['rdflib_parse_s']:.1f} s, peak {r['rdflib_parse_peak_mb']:.0f} MB")
        lines.append(f"build time / rdflib parse time = {t:.2f} (goal ≤ 0.25: {'met' if t <= 0.25 else 'NOT met'})")
        lines.append(f"build peak / rdflib peak = {m:.2f} (goal ≤ 0.5: {'met' if m <= 0.5 else 'NOT met'})")
    lines.append("question | oxigraph s (first run) | warm | rows | rdflib s | rows | ratio (first) | ratio (warm)")
    ratios, warm_ratios = [], []
    for name, o in r["oxigraph_queries"].items():
        rq = r.get("rdflib_queries", {}).get(name)
        if o.get("capped"):
            other = "stopped too" if rq and rq.get("capped") else (f"{rq['s']:.2f}" if rq and rq["s"] else "–")
            lines.append(f"{name} | >{o['s']:.0f} (stopped) | – | {other} | {rq['rows'] if rq else '–'} | –")
        elif rq and rq["s"] is None:
            lines.append(f"{name} | {o['s']:.3f} | {o['rows']} | rdflib fails: {rq['error'][:60]} | – | –")
        elif rq:
            ratio, warm = rq["s"] / max(o["s"], 1e-4), rq["s"] / max(o["warm_s"], 1e-4)
            ratios.append(ratio)
            warm_ratios.append(warm)
            mark = ">" if rq.get("capped") else ""
            lines.append(f"{name} | {o['s']:.3f} | {o['warm_s']:.3f} | {o['rows']} | {mark}{rq['s']:.2f} | "
                         f"{rq['rows']} | {mark}{ratio:.0f}× | {mark}{warm:.0f}×")
        else:
            lines.append(f"{name} | {o['s']:.3f} | {o['warm_s']:.3f} | {o['rows']} | – | – | – | –")
    if ratios:
        lines.append(f"slowest ratio {min(ratios):.0f}× (warm {min(warm_ratios):.0f}×), median "
                     f"{statistics.median(ratios):.0f}× (goal ≥ 20×: {'met' if min(ratios) >= 20 else 'NOT met'})")
    lines.append(f"kg --help: {r['help_s']:.3f} s (goal < 0.3 s: {'met' if r['help_s'] < 0.3 else 'NOT met'})")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_rdflib":
        return worker_rdflib(sys.argv[2], json.loads(sys.argv[3]))
    if len(sys.argv) > 1 and sys.argv[1] == "_oxigraph":
        return worker_oxigraph(sys.argv[2], sys.argv[3])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000], help="statements, e.g. 100000 1000000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=None, help="where to write data and builds (default: a temp dir)")
    parser.add_argument("--query-cap", type=float, default=60.0,
                        help="seconds before an rdflib query is stopped (raised to 25x Oxigraph's time where longer)")
    parser.add_argument("--query-cap-max", type=float, default=600.0, help="the most an rdflib query may take")
    parser.add_argument("--skip-rdflib-queries", action="store_true")
    parser.add_argument("--skip-rdflib", action="store_true", help="no rdflib baseline at all")
    parser.add_argument("--json", default=None, help="write the figures to this file")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="kg-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes:
        r = bench(n, work, args.runs, args.query_cap, args.query_cap_max, not args.skip_rdflib_queries and not args.skip_rdflib,
                  not args.skip_rdflib)
        results.append(r)
        print(report(r), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
