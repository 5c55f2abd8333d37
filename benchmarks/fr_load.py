"""Time loading synthetic Federal Register documents, against the curated loader's rate.

Generates 2,000 documents (benchmarks/fr_generate.py) unless --feed is given, then times, each
in its own process (so peak memory is its own), `load_data` (read, validate, cross-check) of:
the bundled data; the bundled data with the FR snapshot beside it (data/feeds/federal-register:
the FR loader's records are the difference); and, as the curated loader's rate at a comparable
size, synthetic curated data (benchmarks/generate.py) with --curated statements. Prints
records/s, CPU seconds and peak RSS. Bounded: well under two minutes with --runs 1.

    python benchmarks/fr_load.py            # ~50 s on a shared 2-core machine
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def worker(data: str) -> None:
    import gc
    import resource

    from kg.records.loaders import load_data

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    gc.collect()
    t, cpu = time.perf_counter(), time.process_time()
    loaded = load_data(data)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "cpu": cpu, "entities": len(loaded.entities), "sources": len(loaded.sources),
                      "statements": len(loaded.statements), "peak_mb": peak / 1024, "base_mb": before / 1024}))


def _run(data: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", str(data)], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--feed", type=Path, help="an existing folder of FR documents (default: generate --n)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--curated", type=int, default=60_000, help="statements of the synthetic curated baseline")
    ap.add_argument("--worker")
    args = ap.parse_args()
    if args.worker:
        return worker(args.worker)
    work = Path(tempfile.mkdtemp(prefix="fr-bench-"))
    try:
        feed = args.feed
        sys.path.insert(0, str(ROOT / "benchmarks"))
        if feed is None:
            from fr_generate import generate

            feed = work / "generated"
            t = time.perf_counter()
            generate(args.n, feed)
            print(f"generated {args.n} documents in {time.perf_counter() - t:.1f} s")
        data = work / "data"
        data.mkdir()
        for part in ("entities", "sources", "statements", "texts"):
            if (ROOT / "data" / part).exists():
                (data / part).symlink_to(ROOT / "data" / part)
        (data / "feeds").mkdir()
        (data / "feeds" / "federal-register").symlink_to(feed.resolve())
        from generate import generate as generate_curated

        generate_curated(args.curated, work / "curated")
        bundled = [_run(ROOT / "data") for _ in range(args.runs)]
        with_fr = [_run(data) for _ in range(args.runs)]
        curated = [_run(work / "curated") for _ in range(args.runs)]
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def records(r: dict) -> int:
        return r["entities"] + r["sources"] + r["statements"]

    def med(rows: list[dict], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    def summary(rows: list[dict]) -> dict:
        n = records(rows[0])
        return {"records": n, "seconds": round(med(rows, "seconds"), 2), "cpu_s": round(med(rows, "cpu"), 2),
                "records_per_s": round(n / med(rows, "seconds")), "records_per_cpu_s": round(n / med(rows, "cpu")),
                "peak_mb": round(max(r["peak_mb"] for r in rows))}

    fr_records = records(with_fr[0]) - records(bundled[0])
    fr_seconds = med(with_fr, "seconds") - med(bundled, "seconds")
    fr_cpu = med(with_fr, "cpu") - med(bundled, "cpu")
    result = {
        "documents": args.n if args.feed is None else len(list(args.feed.glob("*.json"))),
        "bundled": summary(bundled),
        "bundled_plus_fr": summary(with_fr),
        "fr_loader": {"records": fr_records, "seconds": round(fr_seconds, 2), "cpu_s": round(fr_cpu, 2),
                      "records_per_s": round(fr_records / fr_seconds), "records_per_cpu_s": round(fr_records / fr_cpu),
                      "peak_mb_over_bundled": round(max(r["peak_mb"] for r in with_fr)
                                                    - max(r["peak_mb"] for r in bundled))},
        "curated_loader": summary(curated),
        "runs": args.runs, "load_average": round(os.getloadavg()[0], 1),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
