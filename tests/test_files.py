"""Files we write get the user's normal permissions (the umask decides), and are written whole."""

from __future__ import annotations

import os
import stat
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import run_cli
from kg.files import atomic_write, current_umask


@contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, file_mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_atomic_write_follows_umask(tmp_path, mask, file_mode):
    with umask(mask):
        assert current_umask() == mask
        path = atomic_write(tmp_path / "x.txt", "data")
    assert mode(path) == file_mode and path.read_text() == "data"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.txt"]  # no temporary file left


def test_failed_write_leaves_the_old_file(tmp_path):
    target = tmp_path / "x.txt"
    target.write_text("old")

    class Boom:  # not bytes: writing it fails half way through atomic_write
        pass

    with pytest.raises(TypeError):
        atomic_write(target, Boom())  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.txt"]


def test_view_export_and_build_are_shared_under_umask_022(runner, mini, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with umask(0o022):
        assert run_cli(runner, "build", "--data", str(mini), "--out", "build").exit_code == 0
        assert run_cli(runner, "view", "--store", "build/store", "--out", "v.html").exit_code == 0
        for fmt in ("gexf", "graphml", "csv"):
            out = run_cli(runner, "analyze", "export", "--store", "build/store", "--format", fmt, "--out", f"g.{fmt}")
            assert out.exit_code == 0, out.output
    assert mode(tmp_path / "v.html") == 0o644
    for name in ("g.gexf", "g.graphml", "g.nodes.csv", "g.edges.csv"):
        assert mode(tmp_path / name) == 0o644, name
    version = (tmp_path / "build" / "store").resolve().parent
    assert mode(version) == 0o755  # not mkdtemp's 0700: others can open the build
    assert mode((tmp_path / "build" / "kg.trig").resolve()) == 0o644
    for f in (tmp_path / "build" / "store").resolve().iterdir():
        assert mode(f) & 0o044 == 0o044, f  # the store's files are readable by group and others


def test_export_format_option_and_the_old_spelling(runner, mini, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_cli(runner, "build", "--data", str(mini), "--out", "build").exit_code == 0
    old = run_cli(runner, "analyze", "export", "--store", "build/store", "--to", "gexf", "--out", "g.gexf")
    assert old.exit_code == 2 and "--format gexf" in old.output and "Missing option" not in old.output
    by_suffix = run_cli(runner, "analyze", "export", "--store", "build/store", "--out", "g.graphml")
    assert by_suffix.exit_code == 0 and (tmp_path / "g.graphml").read_text().startswith("<?xml")
    unknown = run_cli(runner, "analyze", "export", "--store", "build/store", "--out", "g.txt")
    assert unknown.exit_code == 2 and "--format" in unknown.output
