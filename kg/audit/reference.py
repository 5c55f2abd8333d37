"""Read an optional reference fact sheet: the texts its quotes must not be copied from."""

from __future__ import annotations

from pathlib import Path

import yaml

from kg.errors import DataError, Problem

__all__ = ["read_reference_facts"]


def read_reference_facts(path: str | Path) -> list[str]:
    """The ``fact`` texts of a YAML list of items (``- fact: "..."``), in order.

    Raises
    ------
    DataError
        If the file cannot be read, is not YAML, or is not a list of items with ``fact``.
    """
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise DataError([Problem(str(path), 0, "", f"cannot read the reference file: {exc.strerror or exc}",
                                 "pass --reference with a readable fact sheet")]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataError([Problem(str(path), 0, "", f"the reference file is not UTF-8 YAML: {exc}".splitlines()[0],
                                 "pass a YAML list of items with a 'fact' text")]) from None
    if not isinstance(doc, list):
        raise DataError([Problem(str(path), 1, "", "expected a list of fact items",
                                 "each item starts with '- fact: ...'")])
    return [str(item["fact"]) for item in doc if isinstance(item, dict) and item.get("fact")]
