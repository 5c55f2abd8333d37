"""Reading a data file's text: UTF-8 (a BOM allowed), problems named by the file as the user typed it."""

from __future__ import annotations

from pathlib import Path

from kg.errors import Problem

__all__ = ["display_path", "read_text_file"]


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is under it (how problems name files)."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_text_file(path: Path, problems: list[Problem]) -> str | None:
    """Read a UTF-8 file (a BOM is allowed), reporting unreadable or mis-encoded files."""
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, 0, "", f"cannot read the file: {exc.strerror or exc}", "check its permissions",
                                lead=True))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, line, "", f"the file is not UTF-8 (byte {exc.start})",
                                "save it as UTF-8 (in a spreadsheet: 'CSV UTF-8')", lead=True))
        return None
