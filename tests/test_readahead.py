"""Reading files ahead in a forked process: same results, in order, and only when it is safe.

The pytest process has opened stores (RocksDB threads), so :func:`read_ahead` never forks in
it: every case that should fork runs in a fresh interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg.records.loaders import read_data
from kg.records.loaders.readahead import read_ahead
from servers import missing


@pytest.fixture(autouse=True)
def _linux():
    """The read-ahead forks only where /proc lists a process's threads (Linux): fail in CI without it."""
    if not Path("/proc/self/task").is_dir():
        missing("/proc/self/task", "the read-ahead forks on Linux only")


def run(script: str) -> dict:
    """Run ``script`` in a fresh interpreter; it prints one JSON value."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True,
                          timeout=120, check=True)
    return json.loads(done.stdout)


PIDS = """
    import json, os, sys, threading
    import kg.records.loaders.readahead as R
    R.MIN_BYTES = 0
    def read(n):
        if n == FAIL_AT and os.getpid() != PARENT:
            raise RuntimeError("the child fails")
        return [n, os.getpid()]
    PARENT, FAIL_AT = os.getpid(), {fail_at}
    if {thread}:
        stop = threading.Event()
        threading.Thread(target=stop.wait).start()
    got = list(R.read_ahead([(1,), (2,), (3,)], read, paths=[sys.executable, sys.executable]))
    if {thread}:
        stop.set()
    print(json.dumps({{"parent": PARENT, "got": got}}))
"""


def test_jobs_after_the_first_run_in_a_fork_and_come_back_in_order():
    out = run(PIDS.format(fail_at=0, thread=False))
    assert [n for n, _ in out["got"]] == [1, 2, 3]
    pids = [pid for _, pid in out["got"]]
    assert pids[0] == out["parent"] and pids[1] == pids[2] != out["parent"]


def test_a_failing_child_leaves_the_rest_to_this_process():
    out = run(PIDS.format(fail_at=3, thread=False))
    assert [n for n, _ in out["got"]] == [1, 2, 3]
    pids = [pid for _, pid in out["got"]]
    assert pids[1] != out["parent"] and pids[2] == out["parent"]


def test_no_fork_with_another_thread_running():
    out = run(PIDS.format(fail_at=0, thread=True))
    assert {pid for _, pid in out["got"]} == {out["parent"]}


def test_small_or_single_files_are_read_here(tmp_path):
    assert list(read_ahead([(1,), (2,)], lambda n: n + 1, paths=[])) == [2, 3]  # this process: no fork anyway
    out = run("""
        import json, os, sys
        from kg.records.loaders.readahead import read_ahead
        got = list(read_ahead([(1,), (2,)], lambda n: os.getpid(), paths=[sys.executable]))
        print(json.dumps(got == [os.getpid()] * 2))
    """)
    assert out is True


def test_data_read_ahead_is_the_data_read_here(mini):
    """Records and problems (file, line, field) are the same whether the files were forked off."""
    (mini / "entities" / "more.yaml").write_text(
        "- id: zeta-corp\n  type: Company\n  label: {en: Zeta}\n"
        "- id: Bad_Id\n  type: Company\n  label: {en: Bad}\n"
        "- id: acme\n  type: Company\n  label: {en: Acme again}\n")
    (mini / "sources" / "more.yaml").write_text(
        "- id: late-report\n  kind: NewsArticle\n  url: https://example.org/late\n  publisher: nobody-here\n"
        "  published: 2025-13-40\n  language: en\n  title: Late\n")
    here_data, here_problems = read_data(mini)
    script = f"""
        import json
        import kg.records.loaders.readahead as R
        R.MIN_BYTES = 0
        forked = []
        import multiprocessing
        Process = multiprocessing.get_context("fork").Process
        class Counting(Process):
            def start(self):
                forked.append(1)
                super().start()
        multiprocessing.get_context("fork").Process = Counting
        from kg.records.loaders import read_data
        data, problems = read_data({str(mini)!r})
        print(json.dumps({{
            "forked": len(forked),
            "entities": [[k, v.file, v.line] for k, v in data.entities.items()],
            "sources": [[k, v.file, v.line] for k, v in data.sources.items()],
            "problems": [str(p) for p in problems],
        }}))
    """
    there = run(script)
    assert there["forked"] == 1
    assert there["entities"] == [[k, v.file, v.line] for k, v in here_data.entities.items()]
    assert there["sources"] == [[k, v.file, v.line] for k, v in here_data.sources.items()]
    assert there["problems"] == [str(p) for p in here_problems]
    assert any("Bad_Id" in p for p in there["problems"]) and any("duplicate entity id 'acme'" in p for p in there["problems"])
    assert any("2025-13-40" in p for p in there["problems"])
