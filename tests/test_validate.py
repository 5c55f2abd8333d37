"""SHACL validation of built graphs (pyshacl), on the real Oxigraph store."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from conftest import run_cli
from kg.store.local import LocalStore
from kg.query.validate import validate_store

PROV = "http://www.w3.org/ns/prov#"


def test_bundled_build_conforms(runner, bundled_build):
    out = run_cli(runner, "validate", "--store", str(bundled_build / "store"))
    assert out.exit_code == 0, out.output
    assert "conforms" in out.output


@pytest.fixture
def store_copy(bundled_build, tmp_path):
    dest = tmp_path / "store"
    shutil.copytree((bundled_build / "store").resolve(), dest)
    return dest


def test_statement_without_derivation_is_caught(runner, store_copy):
    s = ox.Store(str(store_copy))
    derived = next(s.quads_for_pattern(None, ox.NamedNode(PROV + "wasDerivedFrom"), None, ox.DefaultGraph()))
    s.remove(derived)
    s.flush()
    del s
    report = validate_store(LocalStore(store_copy))
    assert not report.conforms
    assert any(derived.subject.value in v and "wasDerivedFrom" in v for v in report.violations)
    out = run_cli(runner, "validate", "--store", str(store_copy))
    assert out.exit_code == 1 and "wasDerivedFrom" in out.output and "Traceback" not in out.output


def test_named_graph_without_provenance_is_caught(store_copy):
    s = ox.Store(str(store_copy))
    g = ox.NamedNode("http://example.org/stray-graph")
    s.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"),
                  ox.NamedNode("http://example.org/b"), g))
    s.flush()
    del s
    report = validate_store(LocalStore(store_copy))
    assert not report.conforms
    assert any(v.startswith("http://example.org/stray-graph") for v in report.violations)


def test_entity_without_english_label_is_caught(store_copy):
    s = ox.Store(str(store_copy))
    rubio = ox.NamedNode("https://w3id.org/chip-policy-kg/entity/marco-rubio")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for q in list(s.quads_for_pattern(rubio, label, None, None)):
        if q.object.language == "en":
            s.remove(q)
    s.flush()
    del s
    report = validate_store(LocalStore(store_copy))
    assert any("marco-rubio" in v and "English label" in v for v in report.violations)
