"""Time ``kg audit`` on the bundled data and on synthetic data of growing size (linear?).

For each size it writes synthetic curation data with ``generate.py`` (reused when present),
then runs ``kg audit --format table`` in a fresh process, ``--runs`` times (2), and reports the
median wall time, the median CPU time (user + system, of the process and its read-ahead
child: on a shared machine CPU time varies less than wall time) and CPU time per 1,000
statements. Linear growth shows as a per-statement cost that stays flat as the size grows.

Usage::

    python benchmarks/audit.py                       # bundled data, then 25k, 50k, 100k statements
    python benchmarks/audit.py --sizes 100000 --runs 3 --work /tmp/kg-audit-bench
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _run(data: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of one ``kg audit`` run, and its summary line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kg", "audit", "--data", str(data)], cwd=ROOT,
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"kg audit failed on {data}:\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.stdout.strip().splitlines()[-1]


def _statements(data: Path) -> int:
    sys.path.insert(0, str(ROOT))
    from kg.records.loaders import read_data

    return len(read_data(data)[0].statements)


def measure(data: Path, n: int, runs: int) -> dict:
    walls, cpus, summary = [], [], ""
    for i in range(runs):
        wall, cpu, summary = _run(data)
        walls.append(wall)
        cpus.append(cpu)
        print(f"  {n:>7} statements, run {i + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU", file=sys.stderr)
    cpu = statistics.median(cpus)
    return {"statements": n, "wall_s": round(statistics.median(walls), 2), "cpu_s": round(cpu, 2),
            "cpu_ms_per_1k": round(1000 * cpu / n * 1000, 1), "summary": summary}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[25_000, 50_000, 100_000])
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--work", type=Path, default=None, help="where to write the synthetic data (kept)")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-audit-bench-"))
    sys.path.insert(0, str(HERE))
    from generate import generate

    results = [measure(ROOT / "data", _statements(ROOT / "data"), args.runs)]
    for n in args.sizes:
        data = work / f"data-{n}"
        if not (data / "statements").exists():
            print(f"generating {n} statements …", file=sys.stderr)
            generate(n, data)
        results.append(measure(data, n, args.runs))
    base = results[0]
    print(f"{'statements':>10} {'wall s':>8} {'CPU s':>7} {'CPU ms/1k':>10} {'CPU × bundled':>14}  summary")
    for r in results:
        print(f"{r['statements']:>10,} {r['wall_s']:>8.2f} {r['cpu_s']:>7.2f} {r['cpu_ms_per_1k']:>10.1f} "
              f"{r['cpu_s'] / base['cpu_s']:>14.1f}  {r['summary']}")
    big = [r for r in results[1:]]
    if len(big) >= 2:
        lo, hi = big[0], big[-1]
        print(f"growth {lo['statements']:,} → {hi['statements']:,} statements "
              f"(×{hi['statements'] / lo['statements']:.1f}): CPU ×{hi['cpu_s'] / lo['cpu_s']:.2f}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
