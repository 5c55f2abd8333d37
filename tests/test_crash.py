"""Builds under stress: killed at random points, read while they run, and the fast mapping path.

A build is killed with SIGKILL at random moments (seeded, so a failure can be replayed); each
time the build directory must hold a complete version that ``kg query`` can read: the previous
one, or the new one if the kill came after the switch.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.store.builder import build
from kg.records.loaders import load_data

ROOT = Path(__file__).resolve().parent.parent
COUNT = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { ?g a kg:Statement }"
SEED = 20261126


@pytest.fixture(scope="module")
def datasets(tmp_path_factory):
    """Two versions of a synthetic dataset (2,000 and 2,500 statements) and their expected TriG."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    base = tmp_path_factory.mktemp("crash")
    out = {}
    for name, n in (("a", 2000), ("b", 2500)):
        generate(n, base / name)
        build(base / name, base / f"expected-{name}")
        out[name] = (base / name, (base / f"expected-{name}" / "kg.trig").read_bytes(), n)
    return out


def kg_query(store: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", "query", COUNT, "--store", str(store), "--format", "csv"],
                          capture_output=True, text=True, timeout=120)


def check_usable(out: Path, versions: dict[bytes, int], why: str) -> bytes:
    """The build directory holds a complete version (one of ``versions``) and ``kg query`` reads it."""
    trig = (out / "kg.trig").read_bytes()
    assert trig in versions, why
    assert (out / "store").resolve().parent.joinpath("manifest.json").exists(), why
    result = kg_query(out / "store")
    assert result.returncode == 0, f"{why}: {result.stderr}"
    assert int(result.stdout.split()[1]) in versions.values(), why
    return trig


def test_killed_builds_leave_a_usable_build(datasets, tmp_path):
    (data_a, trig_a, n_a), (data_b, trig_b, n_b) = datasets["a"], datasets["b"]
    versions = {trig_a: n_a, trig_b: n_b}
    out = tmp_path / "build"
    build(data_a, out)
    started = time.monotonic()
    build(data_b, out)
    duration = time.monotonic() - started
    rng = random.Random(SEED)
    kills = 0
    for attempt in range(8):
        data = data_a if attempt % 2 == 0 else data_b
        before = (out / "kg.trig").read_bytes()
        delay = rng.uniform(0.0, duration * 1.2)
        proc = subprocess.Popen([sys.executable, "-c", f"import kg.store.builder as b; b.build({str(data)!r}, {str(out)!r})"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        why = f"seed {SEED}, attempt {attempt}, killed after {delay:.2f} s"
        after = check_usable(out, versions, why)
        if proc.returncode == -signal.SIGKILL and after != before:
            # killed after the switch: the new version is complete, the old one still on disk
            assert after == (trig_a if data is data_a else trig_b), why
    assert kills >= 4  # most attempts really were killed mid-build
    build(data_a, out)  # the next build clears what the killed ones left
    assert len([p for p in (out / ".versions").iterdir() if p.is_dir()]) == 2
    check_usable(out, versions, "after a clean build")


def test_two_queries_read_while_a_build_runs(datasets, tmp_path):
    (data_a, _, n_a), (data_b, _, n_b) = datasets["a"], datasets["b"]
    out = tmp_path / "build"
    build(data_a, out)
    builder = subprocess.Popen([sys.executable, "-m", "kg", "build", "--data", str(data_b), "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    answers, during = [], 0
    while True:
        running = builder.poll() is None
        readers = [subprocess.Popen([sys.executable, "-m", "kg", "query", COUNT, "--store", str(out / "store"),
                                     "--format", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                   for _ in range(2)]
        for reader in readers:
            stdout, stderr = reader.communicate(timeout=120)
            assert reader.returncode == 0, stderr
            answers.append(int(stdout.split()[1]))
        during += running and builder.poll() is None
        if not running:
            break
    _, err = builder.communicate()
    assert builder.returncode == 0, err
    assert during >= 1, "no query ran while the build did"
    assert set(answers) <= {n_a, n_b} and answers[-1] == n_b


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_fast_mapping_writes_the_rdflib_mapping(which, datasets):
    """The build maps through N-Triples text; it must give exactly the quads of :func:`kg.rdf.mapping.quads`."""
    from kg.rdf.mapping import nquads_terms, quads
    from kg.store.local import to_ox_term

    data = load_data(ROOT / "data" if which == "bundled" else datasets["a"][0])
    slow = {tuple(str(to_ox_term(t)) for t in q[:3]) + (None if q[3] is None else str(to_ox_term(q[3])),)
            for q in quads(data)}
    fast = set(nquads_terms(data))
    assert fast == slow and len(fast) > 1000


def test_data_problem_found_after_batches_were_stored_leaves_previous_build(datasets, tmp_path, monkeypatch):
    """Statements are stored as they are read; a bad row in the last batch still fails the whole build."""
    import csv
    import shutil

    import kg.store.builder
    import kg.records.loaders
    from kg.errors import DataError
    from kg.store.local import LocalStore

    data = tmp_path / "data"
    shutil.copytree(datasets["a"][0], data)
    out = tmp_path / "out"
    build(data, out)
    before = (out / "kg.trig").read_bytes()
    last = sorted((data / "statements").glob("*.csv"))[-1]
    rows = list(csv.DictReader(last.open(newline="")))
    rows[-1]["subject"] = "no-such-entity-x"
    with last.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setattr(kg.records.loaders, "_BATCH", 100)
    monkeypatch.setattr(kg.store.builder, "_LOAD_CHUNK", 1000)
    loads = []
    real_load = LocalStore.load
    monkeypatch.setattr(LocalStore, "load", lambda self, quads, **kw: (loads.append(1), real_load(self, quads, **kw)))
    with pytest.raises(DataError) as err:
        build(data, out)
    assert len(loads) > 5, "nothing was stored before the problem was found"
    assert f"{last.name}:{len(rows) + 1}: subject: unknown entity 'no-such-entity-x'" in str(err.value)
    assert (out / "kg.trig").read_bytes() == before
    assert int(kg_query(out / "store").stdout.split()[1]) == datasets["a"][2]
    assert len(list((out / ".versions").iterdir())) == 1, "the failed version was not removed"

    fresh = tmp_path / "fresh"
    with pytest.raises(DataError):
        build(data, fresh)
    assert not fresh.exists(), "a build directory made for a failed build is removed"


def test_build_reports_progress_to_the_end(datasets, tmp_path):
    """The build reports each stage (the CLI draws bars from this); every stage ends complete."""
    calls = []
    build(datasets["a"][0], tmp_path / "out", progress=lambda stage, done, total: calls.append((stage, done, total)))
    stages = [c[0] for c in calls]
    assert {"reading", "writing TriG", "writing store"} <= set(stages)
    for stage in ("reading", "writing TriG", "writing store"):
        seen = [c for c in calls if c[0] == stage]
        assert all(0 <= d <= t for _, d, t in seen), seen
        assert seen[-1][1] == seen[-1][2] > 0, f"{stage} did not reach its total"
        assert [d for _, d, _ in seen] == sorted(d for _, d, _ in seen), f"{stage} went backwards"
    assert stages.index("reading") < stages.index("writing TriG")
