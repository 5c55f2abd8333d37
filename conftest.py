"""Root pytest configuration: docstring examples read the bundled graph at ``build/``, as a
user's would after ``kg build``; build it once per session so they run on a fresh clone."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def pytest_sessionstart(session) -> None:
    from kg.store.builder import build

    build(ROOT / "data", ROOT / "build")
