"""The command line, through click's CliRunner and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def built(runner, mini, tmp_path):
    out = tmp_path / "build"
    result = run_cli(runner, "build", "--data", str(mini), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_build_prints_summary(runner, mini, tmp_path):
    result = run_cli(runner, "build", "--data", str(mini), "--out", str(tmp_path / "b"))
    assert result.exit_code == 0
    assert "5 entities" in result.output and "2 sources, 2 statements" in result.output
    assert (tmp_path / "b" / "store").is_dir() and (tmp_path / "b" / "kg.trig").is_file()


def test_build_compacts_unless_told_not_to(runner, mini, tmp_path, monkeypatch):
    import kg.store.builder

    monkeypatch.setattr(kg.store.builder, "_LOAD_CHUNK", 4)  # many small bulk loads: many files
    for flag in ("--compact", "--no-compact"):
        result = run_cli(runner, "build", "--data", str(mini), "--out", str(tmp_path / flag), flag)
        assert result.exit_code == 0, result.output
    default = run_cli(runner, "build", "--data", str(mini), "--out", str(tmp_path / "default"))
    assert default.exit_code == 0, default.output
    files = {name: len(list((tmp_path / name / "store").resolve().glob("*.sst")))
             for name in ("--compact", "--no-compact", "default")}
    assert files["default"] == files["--compact"] < files["--no-compact"], files


def test_query_formats(runner, built):
    q = "SELECT ?label WHERE { ?e a kg:Chip ; rdfs:label ?label }"
    store = str(built / "store")
    table = run_cli(runner, "query", q, "--store", store)
    assert table.exit_code == 0 and table.output.splitlines()[2] == "A1" and "(1 row)" in table.output
    csv = run_cli(runner, "query", q, "--store", store, "--format", "csv")
    assert csv.output == "label\nA1\n"
    tsv = run_cli(runner, "query", q, "--store", store, "--format", "tsv")
    assert tsv.output == '?label\n"A1"@en\n'
    js = json.loads(run_cli(runner, "query", q, "--store", store, "--format", "json").output)
    assert js == {"head": {"vars": ["label"]},
                  "results": {"bindings": [{"label": {"type": "literal", "value": "A1", "xml:lang": "en"}}]}}


def test_ask_json_is_sparql_results_json(runner, built):
    out = run_cli(runner, "query", "ASK { ?s kg:manufactures ?o }", "--store", str(built / "store"), "--format", "json")
    assert json.loads(out.output) == {"head": {}, "boolean": True}


def test_query_from_file_and_stdin(runner, built, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("ASK { ent:acme kg:manufactures ent:a1 }")
    assert run_cli(runner, "query", "-f", str(f), "--store", str(built / "store")).output == "true\n"
    out = run_cli(runner, "query", "-", "--store", str(built / "store"), input="ASK { ent:a1 kg:manufactures ent:acme }")
    assert out.output == "false\n"


def test_construct_prints_turtle(runner, built):
    out = run_cli(runner, "query", "CONSTRUCT { ?s kg:manufactures ?o } WHERE { ?s kg:manufactures ?o }",
                  "--store", str(built / "store"))
    from rdflib import Graph

    g = Graph().parse(data=out.output, format="turtle")
    assert len(g) == 1


def test_default_graph_is_union(runner, built):
    out = run_cli(runner, "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s kg:manufactures ?o }",
                  "--store", str(built / "store"), "--format", "csv")
    assert out.output == "n\n1\n"


def test_malformed_query_one_line_with_position(runner, built):
    out = run_cli(runner, "query", "SELECT * WHERE { ?s ?p }", "--store", str(built / "store"))
    assert out.exit_code == 1
    lines = out.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: malformed query: error at 1:")
    assert "Traceback" not in out.output


def test_param_is_bound_not_pasted(runner, built):
    store = str(built / "store")
    q = "SELECT ?g WHERE { ?g kg:quote ?q }"
    hostile = 'x" } UNION { ?g ?p ?o } #'
    out = run_cli(runner, "query", q, "--param", f"q={hostile}", "--store", store, "--format", "csv")
    assert out.exit_code == 0 and out.output == "g\n"
    ok = run_cli(runner, "query", "SELECT ?label WHERE { ?e rdfs:label ?label }", "--param", "e=ent:a1",
                 "--store", store, "--format", "csv")
    assert ok.output == "label\nA1\n"


def test_missing_store_is_a_clear_error(runner, tmp_path):
    out = run_cli(runner, "stats", "--store", str(tmp_path / "nowhere"))
    assert out.exit_code == 1 and "run 'kg build' first" in out.output and "Traceback" not in out.output


def test_stats_json(runner, built):
    out = run_cli(runner, "stats", "--store", str(built / "store"), "--format", "json")
    stats = json.loads(out.output)
    assert stats["entities"] == {"Chip": 1, "Company": 1, "MediaOutlet": 2, "Person": 1}
    assert stats["statements"] == 2 and stats["sources"] == 2 and stats["triples"] > 100


def test_bad_data_exit_1_no_traceback_previous_build_intact(runner, mini, built):
    before = (built / "kg.trig").read_bytes()
    path = mini / "statements" / "daily.yaml"
    path.write_text(path.read_text().replace("manufactures", "manufactured").replace("date: 2025-02", "date: 2025-2"))
    out = run_cli(runner, "build", "--data", str(mini), "--out", str(built))
    assert out.exit_code == 1
    assert "Traceback" not in out.output
    assert "daily.yaml:4: statements[0].predicate: unknown predicate 'manufactured'" in out.output
    assert "daily.yaml:6: statements[0].date:" in out.output
    assert (built / "kg.trig").read_bytes() == before
    ok = run_cli(runner, "query", "ASK { ent:acme kg:manufactures ent:a1 }", "--store", str(built / "store"))
    assert ok.output == "true\n"


def test_rebuild_is_byte_identical_across_processes(mini, tmp_path):
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"b{seed}"
        subprocess.run([sys.executable, "-m", "kg", "build", "--data", str(mini), "--out", str(out)],
                       check=True, capture_output=True, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"})
        outs.append((out / "kg.trig").read_bytes())
    assert outs[0] == outs[1] and len(outs[0]) > 1000


def test_console_script_error_has_no_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg", "build", "--data", str(tmp_path / "missing"),
                           "--out", str(tmp_path / "o")], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "no such data directory" in proc.stderr and "Traceback" not in proc.stderr


def test_every_command_has_help_with_example(runner):
    from kg.cli import main

    for name, command in main.commands.items():
        out = run_cli(runner, name, "--help")
        assert out.exit_code == 0, name
        assert "Example" in (command.help or ""), f"'kg {name}' has no example in its help"


def test_predicates_lists_controlled_list(runner):
    out = json.loads(run_cli(runner, "predicates", "--format", "json").output)
    keys = {p["predicate"] for p in out}
    assert {"opposes", "supports", "advises", "manufactures", "restricts", "permits"} <= keys
    man = next(p for p in out if p["predicate"] == "manufactures")
    assert man["domain"] == ["Company"] and man["range"] == ["Chip"]


def test_help_is_fast_and_imports_nothing_heavy():
    code = "import sys, kg.cli; heavy = [m for m in ('rdflib', 'pyoxigraph', 'pyshacl', 'pandas', 'networkx', 'pydantic') if m in sys.modules]; print(heavy)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
