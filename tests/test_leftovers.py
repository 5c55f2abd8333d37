"""Errors that lead, and nothing left behind: an unreadable file first and alone, quiet children, no partial versions."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import run_cli

from kg.store.builder import build
from kg.errors import DataError
from kg.records.loaders import load_data


def test_an_unreadable_entities_file_leads_and_its_follow_ons_are_one_line(mini, runner):
    path = mini / "entities" / "all.yaml"
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b"Acme Chips", b"Acme \xff Chips", 1))
    with pytest.raises(DataError) as caught:
        load_data(mini)
    problems = caught.value.problems
    assert "the file is not UTF-8" in problems[0].message and problems[0].file.endswith("all.yaml")
    assert problems[1].message.startswith("… and ") and "entity ids this file would have defined" in problems[1].message
    assert "'acme'" in problems[1].message
    assert not [p for p in problems if p.message.startswith("unknown entity")]
    result = run_cli(runner, "build", "--data", str(mini), "--out", str(mini.parent / "out"))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "not UTF-8" in lines[1] and "would have defined" in lines[2]


def test_a_yaml_syntax_error_leads_but_a_real_typo_elsewhere_is_still_reported(mini):
    path = mini / "entities" / "all.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("label: {en: A1}", "label: {en: A1", 1), encoding="utf-8")
    daily = mini / "statements" / "daily.yaml"
    text = daily.read_text(encoding="utf-8")
    assert "jane-doe" in text
    daily.write_text(text.replace("jane-doe", "jane-do", 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_data(mini)
    problems = caught.value.problems
    assert problems[0].message.startswith("YAML syntax error") and problems[1].message.startswith("… and ")
    assert any(p.message == "unknown entity 'jane-do'" for p in problems[2:])  # not an id of the broken file


def test_next_build_removes_what_killed_builds_left(mini, tmp_path):
    out = tmp_path / "b"
    build(mini, out)
    partial = out / ".versions" / "build-killed"
    (partial / "store").mkdir(parents=True)
    (partial / "store" / "000001.sst").write_bytes(b"x" * 1000)
    link = out / ".store.12345.tmp"
    os.symlink(".versions/build-killed/store", link)
    current = os.path.realpath(out / "store")
    build(mini, out)
    assert not partial.exists() and not link.is_symlink()
    finished = [p for p in (out / ".versions").iterdir() if p.is_dir()]
    assert all((p / "manifest.json").exists() for p in finished) and len(finished) == 2
    assert os.path.exists(current)  # the previous finished version is kept


_READER = """
import sys, time
import kg.records.loaders.readahead as ra
ra.MIN_BYTES = 0
def read(i):
    return "x" * 200_000  # bigger than a pipe's buffer: the child blocks on send
for value in ra.read_ahead([(i,) for i in range(50)], read, paths=[sys.argv[1], sys.argv[1]]):
    print("first", flush=True)
    time.sleep(300)  # the parent stalls: the child is blocked writing when the parent is killed
"""


def test_read_ahead_child_of_a_killed_build_exits_without_a_traceback(tmp_path):
    data = tmp_path / "f"
    data.write_bytes(b"x")
    err = tmp_path / "stderr"
    with open(err, "wb") as stderr:
        parent = subprocess.Popen([sys.executable, "-c", _READER, str(data)], stdout=subprocess.PIPE, stderr=stderr)
    try:
        assert parent.stdout.readline() == b"first\n"
        children = set()
        for task in os.listdir(f"/proc/{parent.pid}/task"):
            with open(f"/proc/{parent.pid}/task/{task}/children") as f:
                children |= {int(c) for c in f.read().split()}
        assert len(children) == 1
        (child,) = children
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 20
        while os.path.exists(f"/proc/{child}") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not os.path.exists(f"/proc/{child}")
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
    assert b"Traceback" not in err.read_bytes() and b"BrokenPipeError" not in err.read_bytes()
