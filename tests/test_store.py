"""The embedded Oxigraph store and the atomic build, on real stores on disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.store.builder import build
from kg.errors import BuildError, DataError, StoreError
from kg.query.sparql import run_query
from kg.store.local import LocalStore, open_store

COUNT = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { ?g a kg:Statement }"


def count(store) -> int:
    return int(run_query(store, COUNT).rows[0][0].value)


def test_open_missing_store_raises_store_error(tmp_path):
    with pytest.raises(StoreError, match="run 'kg build' first"):
        open_store(tmp_path / "nope")


def test_two_readers_at_once(mini, tmp_path):
    build(mini, tmp_path / "b")
    a, b = open_store(tmp_path / "b" / "store"), open_store(tmp_path / "b" / "store")
    assert count(a) == count(b) == 2


def test_reader_keeps_its_version_while_a_new_build_lands(mini, tmp_path):
    out = tmp_path / "b"
    build(mini, out)
    reader = open_store(out / "store")
    extra = mini / "statements" / "extra.csv"
    extra.write_text("source,subject,predicate,object,quote,quote_lang\nwire-report,acme,manufactures,a1,x,en\n")
    build(mini, out)
    assert count(reader) == 2
    assert count(open_store(out / "store")) == 3


def test_old_versions_are_pruned(mini, tmp_path):
    out = tmp_path / "b"
    for _ in range(4):
        build(mini, out)
    assert len([p for p in (out / ".versions").iterdir() if p.is_dir()]) == 2


def test_failed_write_leaves_previous_build(mini, tmp_path, monkeypatch):
    out = tmp_path / "b"
    build(mini, out)
    before = (out / "kg.trig").read_bytes()
    import kg.store.builder as kb

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kb.TriGDump, "write", boom)
    with pytest.raises(BuildError, match="previous build is unchanged"):
        build(mini, out)
    assert (out / "kg.trig").read_bytes() == before
    assert count(open_store(out / "store")) == 2
    assert len([p for p in (out / ".versions").iterdir()]) == 1


def test_cyclic_gc_is_paused_during_a_build_and_restored_after(mini, tmp_path):
    import gc

    seen = []
    build(mini, tmp_path / "b", progress=lambda stage, done, total: seen.append(gc.isenabled()))
    assert seen and not any(seen)
    assert gc.isenabled()
    (mini / "statements" / "bad.csv").write_text("source,subject,predicate,object,quote,quote_lang\nnope,acme,x,a1,q,en\n")
    with pytest.raises(DataError):
        build(mini, tmp_path / "b")
    assert gc.isenabled()
    (mini / "statements" / "bad.csv").unlink()
    gc.disable()
    try:  # a caller that switched it off keeps it off
        build(mini, tmp_path / "c")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_refuses_to_overwrite_foreign_store_dir(mini, tmp_path):
    out = tmp_path / "b"
    (out / "store").mkdir(parents=True)
    with pytest.raises(BuildError, match="not written by 'kg build'"):
        build(mini, out)


def test_killed_build_leaves_previous_build_usable(mini, tmp_path):
    out = tmp_path / "b"
    build(mini, out)
    before = (out / "kg.trig").read_bytes()
    # Kill a build as soon as it has started writing its new version.
    code = ("import os, signal, kg.store.builder as kb\n"
            "real = kb.LocalStore.load\n"
            "def load(self, quads, **kw):\n"
            "    real(self, quads, **kw); os.kill(os.getpid(), signal.SIGKILL)\n"
            "kb.LocalStore.load = load\n"
            f"kb.build({str(mini)!r}, {str(out)!r})\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert proc.returncode == -9
    assert (out / "kg.trig").read_bytes() == before
    assert count(open_store(out / "store")) == 2
    build(mini, out)  # the next build cleans up the half-written version
    assert len([p for p in (out / ".versions").iterdir() if p.is_dir()]) == 2


def test_writable_store_then_read_only(tmp_path):
    import pyoxigraph as ox

    s = LocalStore(tmp_path / "s", writable=True)
    s.load([ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c"))])
    del s
    assert len(LocalStore(tmp_path / "s")) == 1


def test_compact_build_has_fewer_files_and_the_same_graph(mini, tmp_path, monkeypatch):
    import kg.store.builder

    monkeypatch.setattr(kg.store.builder, "_LOAD_CHUNK", 4)  # many small bulk loads: many files
    plain, compacted = build(mini, tmp_path / "p", compact=False), build(mini, tmp_path / "c")
    assert compacted.quads == plain.quads
    assert (tmp_path / "c" / "kg.trig").read_bytes() == (tmp_path / "p" / "kg.trig").read_bytes()
    files = {name: len(list((tmp_path / name / "store").resolve().glob("*.sst"))) for name in ("p", "c")}
    assert files["c"] < files["p"], files
    assert count(open_store(tmp_path / "c" / "store")) == count(open_store(tmp_path / "p" / "store")) == 2


def test_store_is_compacted_while_the_dump_is_written(mini, tmp_path, monkeypatch):
    """The loader is told the input ended before the TriG dump is written, not after it."""
    import threading

    import kg.store.builder as kb

    compacting = threading.Event()
    compact, write = kb.LocalStore.compact, kb.TriGDump.write

    def compact_and_tell(store):
        compacting.set()
        compact(store)

    def write_once_compacting(dump, out):
        assert compacting.wait(30), "the store was not being compacted while the dump was written"
        write(dump, out)

    monkeypatch.setattr(kb.LocalStore, "compact", compact_and_tell)
    monkeypatch.setattr(kb.TriGDump, "write", write_once_compacting)
    build(mini, tmp_path / "b")
    assert compacting.is_set()


@pytest.mark.parametrize("behind", [False, True])
def test_dump_groups_rendered_while_the_loader_is_behind_change_nothing(mini, tmp_path, monkeypatch, behind):
    import kg.store.builder as kb
    import kg.records.loaders

    reference = build(mini, tmp_path / "ref")
    monkeypatch.setattr(kg.records.loaders, "_BATCH", 1)  # a batch per statement: a chance to seal after each
    monkeypatch.setattr(kb._StoreLoader, "backlogged", property(lambda loader: behind))
    seals = []
    seal = kb.TriGDump.seal
    monkeypatch.setattr(kb.TriGDump, "seal", lambda dump: (seals.append(1), seal(dump)))
    summary = build(mini, tmp_path / "b")
    assert summary.quads == reference.quads
    assert (tmp_path / "b" / "kg.trig").read_bytes() == (tmp_path / "ref" / "kg.trig").read_bytes()
    # rendered after the records and after each statement while behind; otherwise once, at the end
    assert len(seals) == (1 + summary.statements + 1 if behind else 1), seals


def test_store_progress_rises_and_completes_once(mini, tmp_path, monkeypatch):
    import time

    import kg.store.builder as kb

    compact = kb.LocalStore.compact
    monkeypatch.setattr(kb.LocalStore, "compact", lambda store: (time.sleep(0.5), compact(store)))
    seen = []
    summary = build(mini, tmp_path / "b", progress=lambda stage, done, total: seen.append((stage, done, total)))
    store = [(done, total) for stage, done, total in seen if stage == "writing store"]
    assert len(store) >= 2 and all(total == summary.quads for _, total in store)
    done = [d for d, _ in store]
    assert done == sorted(done) and done.count(summary.quads) == 1 and done[-1] == summary.quads
