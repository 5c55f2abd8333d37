"""Every documented example runs: the shell blocks of README.md and docs/*.md, and the examples
in every command's ``--help``.

The examples are found, not listed here, so a new example is covered without editing this test.
Each runs with bash, as typed, in a scratch copy of the project (its own ``data/`` and ``build/``)
and fails on a non-zero exit, a traceback or a click warning. The servers an example talks to
are started for it: ``kg serve`` for the read-only endpoint on port 7878, an Oxigraph server
for a push with an update endpoint, Virtuoso for port 8890 (those two get free ports, written
into the command in place of the documented one). ``kg serve`` examples are started, asked one
query and stopped with Ctrl-C.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import warnings
from dataclasses import dataclass
from pathlib import Path

import click
import pytest

from servers import start_oxigraph, start_virtuoso, stop, wait_for

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# Examples that are not run, and why. Kept exact and short: a test checks each still exists.
NOT_RUN = {
    "python -m pip install -e . && kg build": "the set-up command: .ci/run installs the project this way",
    "python -m pip install -e '.[test]' && python -m pytest -q": "the test command: .ci/run runs it, and this test is part of it",
    "python -m pip install -e . jupyterlab": "installs Jupyter, which is not a dependency; the notebooks run in test_notebooks.py",
    "jupyter lab notebooks/": "starts Jupyter (not a dependency); the notebooks run in test_notebooks.py",
}


@dataclass(frozen=True)
class Example:
    origin: str  # "README.md:105" or "kg serve --help"
    command: str

    def __str__(self) -> str:
        return self.origin


def _commands(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Join a block's lines into whole commands: continuation backslashes and open quotes."""
    out, buf, start = [], [], 0
    for number, line in lines:
        if not buf:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            start = number
        buf.append(line)
        text = "\n".join(buf)
        if text.rstrip().endswith("\\"):
            continue
        try:
            shlex.split(text, comments=True)
        except ValueError:  # an open quote: the command goes on
            continue
        out.append((start, text))
        buf = []
    assert not buf, f"unterminated command at line {start}: {buf}"
    return out


def _strip_comment(command: str) -> str:
    """The command without its ``# comments`` (a ``#`` outside quotes, at a word's start)."""
    out, quote, skipping, prev = [], None, False, " "
    for ch in command:
        if skipping:
            if ch == "\n":
                skipping = False
                out.append(ch)
            continue
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and prev.isspace():
            skipping = True
            continue
        out.append(ch)
        prev = ch
    return "\n".join(line.rstrip() for line in "".join(out).splitlines()).strip()


def doc_examples() -> list[Example]:
    found = []
    for path in DOCS:
        in_block, lines = False, []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"^```(sh|bash|shell|console)\s*$", line):
                in_block, lines = True, []
            elif line.startswith("```") and in_block:
                in_block = False
                for start, command in _commands(lines):
                    found.append(Example(f"{path.relative_to(ROOT)}:{start}", _strip_comment(command)))
            elif in_block:
                lines.append((number, line))
    return found


def _all_commands() -> list[tuple[str, click.Command]]:
    from kg.cli import main

    todo, out = [("kg", main)], []
    while todo:
        name, cmd = todo.pop()
        out.append((name, cmd))
        if isinstance(cmd, click.Group):
            todo.extend((f"{name} {sub}", c) for sub, c in cmd.commands.items())
    return sorted(out, key=lambda item: item[0])


def _help(name: str, cmd: click.Command) -> str:
    parts = name.split()
    ctx = None
    from kg.cli import main

    ctx = click.Context(main, info_name="kg")
    for part in parts[1:]:
        ctx = click.Context(ctx.command.commands[part], info_name=part, parent=ctx)  # type: ignore[attr-defined]
    return cmd.get_help(ctx)


def help_examples() -> list[Example]:
    found = []
    for name, cmd in _all_commands():
        lines = _help(name, cmd).splitlines()
        in_examples = False
        block: list[tuple[int, str]] = []
        for number, line in enumerate(lines):
            if re.match(r"^\s*(Examples?|Typical session):\s*$", line):
                in_examples, block = True, []
                continue
            if in_examples and (not line.strip() or not line.startswith("    ")):
                found.extend(Example(f"{name} --help", _strip_comment(c.strip())) for _, c in _commands(block))
                in_examples = False
                continue
            if in_examples:
                block.append((number, line.strip()))
        if in_examples:
            found.extend(Example(f"{name} --help", _strip_comment(c.strip())) for _, c in _commands(block))
    return found


def all_examples() -> list[Example]:
    seen: dict[str, int] = {}
    out = []
    for e in doc_examples() + help_examples():
        if e.command in NOT_RUN:
            continue
        seen[e.origin] = seen.get(e.origin, 0) + 1
        out.append(Example(f"{e.origin} #{seen[e.origin]}" if e.origin.endswith("--help") else e.origin, e.command))
    return out


# ---------------------------------------------------------------- the scratch project and servers


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of what the examples read (data/, docs/examples/), built once, as a user's checkout."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "docs" / "examples", root / "docs" / "examples")
    done = run("kg build", root)
    assert done.returncode == 0, done.stderr
    return root


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{e.get('PATH', '')}"
    e["PYTHONWARNINGS"] = "default"  # a warning is printed, so it can be seen
    e.pop("KG_DEBUG", None)
    return e


def run(command: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``command`` with bash in ``cwd``; what it adds to ``data/`` (kg ingest) is removed after."""
    before = set((cwd / "data").rglob("*")) if (cwd / "data").exists() else set()
    try:
        return _run(command, cwd, timeout)
    finally:
        for path in sorted(set((cwd / "data").rglob("*")) - before, reverse=True) if before else ():
            path.unlink() if path.is_file() else path.rmdir()


def _run(command: str, cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=cwd, env=env(), capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


class Servers:
    """Servers started on first need and stopped at the end of the module."""

    def __init__(self, project: Path, tmp: Path):
        self.project, self.tmp = project, tmp
        self.kg_serve: subprocess.Popen | None = None
        self.oxigraph = None
        self.virtuoso = None

    def read_only_7878(self) -> None:
        if self.kg_serve is None:
            self.kg_serve = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", "build/store"],
                                             cwd=self.project, env=env(), stdin=subprocess.DEVNULL,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_for("http://127.0.0.1:7878/query?query=ASK%7B%7D", self.kg_serve)

    def writable(self) -> str:
        if self.oxigraph is None:
            self.oxigraph = start_oxigraph(self.tmp / "oxigraph")
        return self.oxigraph.base.split("//")[1]

    def virtuoso_endpoint(self) -> str:
        if self.virtuoso is None:
            self.virtuoso = start_virtuoso(self.tmp / "virtuoso")
            pushed = run(f"kg push --endpoint {self.virtuoso.endpoint}", self.project)
            assert pushed.returncode == 0, pushed.stderr
        return self.virtuoso.endpoint.split("//")[1].split("/")[0]

    def close(self) -> None:
        if self.kg_serve is not None:
            stop(self.kg_serve)
        if self.oxigraph is not None:
            stop(self.oxigraph.process)
        if self.virtuoso is not None:
            stop(self.virtuoso.process)


@pytest.fixture(scope="module")
def servers(project, tmp_path_factory):
    s = Servers(project, tmp_path_factory.mktemp("servers"))
    yield s
    s.close()


def prepared(command: str, servers: Servers) -> str:
    """The command with the servers it needs running (documented ports replaced where needed)."""
    if "127.0.0.1:8890" in command:
        command = command.replace("127.0.0.1:8890", servers.virtuoso_endpoint())
    if "127.0.0.1:7878" in command:
        if re.search(r"kg push\b.*--update-endpoint", command, re.S):
            command = command.replace("127.0.0.1:7878", servers.writable())
        else:
            servers.read_only_7878()
    return command


def problems(result: subprocess.CompletedProcess) -> list[str]:
    found = []
    text = result.stdout + result.stderr
    if result.returncode != 0:
        found.append(f"exit code {result.returncode}")
    if "Traceback (most recent call last)" in text:
        found.append("a traceback")
    if re.search(r"\b\w*Warning:|parameter .* is used more than once", text):
        found.append("a warning")
    return found


def run_server_example(command: str, project: Path, servers: Servers) -> list[str]:
    """Start a ``kg serve`` example, wait for its endpoint, ask it one query, stop it with Ctrl-C."""
    match = re.search(r"--port\s+(\d+)", command)
    port = int(match.group(1)) if match else 7878
    if port == 7878 and servers.kg_serve is not None:  # the shared server holds the port
        stop(servers.kg_serve)
        servers.kg_serve = None
    proc = subprocess.Popen(["bash", "-c", f"exec {command} --store build/store"], cwd=project, env=env(),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        wait_for(url, proc, 60)
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"}),
                                    timeout=30) as answer:
            assert b"true" in answer.read()
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
    result = subprocess.CompletedProcess(command, 0 if proc.returncode in (0, -signal.SIGINT, 130) else proc.returncode,
                                         out, err)
    found = problems(result)
    return found + [(out[-1500:] + "\n" + err[-1500:]).strip()] if found else []


# ---------------------------------------------------------------- the tests


def test_examples_are_found():
    examples = all_examples()
    origins = {e.origin.split(":")[0] for e in examples}
    assert "README.md" in origins and any("--help" in o for o in origins)
    assert len(examples) >= 40
    assert any("\n" in e.command for e in examples)  # multi-line commands are joined, not split
    every = {e.command for e in doc_examples() + help_examples()}
    assert set(NOT_RUN) <= every, f"exempt examples no longer documented: {set(NOT_RUN) - every}"


def test_no_help_text_warns():
    """Rendering every command's help gives no click warning (e.g. an option defined twice)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name, cmd in _all_commands():
            assert _help(name, cmd).strip(), name
    assert [str(w.message) for w in caught] == []


@pytest.mark.parametrize("example", all_examples(), ids=str)
def test_example_runs(example: Example, project: Path, servers: Servers):
    command = example.command
    if re.match(r"kg serve\b", command):
        found = run_server_example(command, project, servers)
    else:
        result = run(prepared(command, servers), project)
        found = problems(result)
        if found:
            found.append((result.stdout[-1500:] + "\n" + result.stderr[-1500:]).strip())
    assert not found, f"{example.origin}: {command}\n" + "\n".join(found)


def test_a_failing_example_is_caught(project):
    """The checks above can fail: an unknown command, a traceback and a warning are all seen."""
    assert problems(run("kg no-such-command", project))
    assert problems(run(f"{sys.executable} -c 'raise SystemExit(0) if False else 1/0'", project))
    assert problems(run(f"{sys.executable} -c 'import warnings; warnings.warn(\"x\")'", project)) == ["a warning"]
