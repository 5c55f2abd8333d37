"""Shared fixtures: the mini dataset, a built copy of the bundled data, a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the mini dataset (tests/fixtures/mini)."""
    dest = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", dest)
    return dest


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory) -> Path:
    """The bundled data/ built once per test session; returns the build directory."""
    from kg.store.builder import build

    out = tmp_path_factory.mktemp("bundled") / "build"
    build(ROOT / "data", out)
    return out


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run_cli(runner: CliRunner, *args: str, input: str | None = None):
    """Invoke the ``kg`` CLI the way the console script does."""
    from kg.cli import main

    return runner.invoke(main, list(args), input=input, catch_exceptions=False)
