"""The closed vocabulary: one list of terms, checked against kg/ontology/kg.ttl and every use of it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kg.ontology import ONTOLOGY_PATH, SHAPES_PATH
from kg.rdf import vocab
from kg.records.model import CERTAINTIES, SOURCE_KINDS

KG_DIR = Path(vocab.__file__).resolve().parent.parent
CLOSED = {"KG": vocab.KG_TERMS, "SCHEMA": vocab.SCHEMA_TERMS, "ORG": vocab.ORG_TERMS, "XSD": vocab.XSD_TERMS}
PREFIX_OF = {"kg": vocab.KG_TERMS, "schema": vocab.SCHEMA_TERMS, "org": vocab.ORG_TERMS, "xsd": vocab.XSD_TERMS}


def _terms_in(graph: Graph, base: str) -> set[str]:
    return {str(t)[len(base):] for triple in graph for t in triple
            if isinstance(t, URIRef) and str(t).startswith(base)}


def test_kg_terms_are_exactly_those_of_the_ontology():
    g = Graph().parse(ONTOLOGY_PATH, format="turtle")
    assert set(vocab.KG_TERMS) == _terms_in(g, str(vocab.KG))
    assert len(vocab.KG_TERMS) == len(set(vocab.KG_TERMS))


def test_the_ontology_and_shapes_use_only_listed_schema_org_and_xsd_terms():
    for path in (ONTOLOGY_PATH, SHAPES_PATH):
        g = Graph().parse(path, format="turtle")
        for prefix, terms in PREFIX_OF.items():
            unknown = _terms_in(g, vocab.PREFIXES[prefix]) - set(terms)
            assert not unknown, f"{path.name}: {prefix}: terms missing from kg.rdf.vocab: {sorted(unknown)}"


def test_an_unknown_term_fails_where_it_is_used():
    with pytest.raises(AttributeError, match="qoute"):
        vocab.KG.qoute  # noqa: B018
    with pytest.raises(KeyError):
        vocab.KG["qoute"]
    with pytest.raises(AttributeError):
        vocab.SCHEMA.headlin  # noqa: B018
    with pytest.raises(AttributeError):
        vocab.PROV.wasDerivdFrom  # noqa: B018  (rdflib's own closed namespace)
    assert vocab.KG.quote == URIRef("https://w3id.org/chip-policy-kg/ontology#quote")


def _sources():
    for path in sorted(KG_DIR.rglob("*.py")):
        if "__pycache__" not in path.parts:
            yield path, path.read_text(encoding="utf-8")


def test_code_names_only_listed_terms():
    """Every ``KG.x``, ``SCHEMA.x``, ``ORG.x``, ``XSD.x`` in kg/, including code no test runs."""
    bad = []
    for path, text in _sources():
        for node in ast.walk(ast.parse(text)):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in CLOSED
                    and node.attr not in CLOSED[node.value.id] and not node.attr.startswith("_")):
                bad.append(f"{path.relative_to(KG_DIR.parent)}:{node.lineno}: {node.value.id}.{node.attr}")
    assert not bad, "terms not in kg.rdf.vocab:\n" + "\n".join(bad)


_PREFIXED = re.compile(r"(?<![\w:/#?$-])(kg|schema|org|xsd):([A-Za-z]\w*)")


def test_sparql_and_shapes_name_only_listed_terms():
    """Prefixed names in the .rq files, the SHACL shapes and SPARQL written in Python."""
    files = sorted(KG_DIR.rglob("*.rq")) + [SHAPES_PATH] + [p for p, _ in _sources()]
    bad = []
    for path in files:
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith(("PREFIX", "@prefix")):
                continue
            for prefix, name in _PREFIXED.findall(line):
                if name not in PREFIX_OF[prefix]:
                    bad.append(f"{path.relative_to(KG_DIR.parent)}:{lineno}: {prefix}:{name}")
    assert not bad, "terms not in kg.rdf.vocab:\n" + "\n".join(bad)


def test_certainty_levels_are_the_ontology_s():
    g = Graph().parse(ONTOLOGY_PATH, format="turtle")
    levels = {str(s).removeprefix(str(vocab.KG)) for s in g.subjects(SKOS.inScheme, vocab.KG.Certainty)}
    assert set(CERTAINTIES) == levels
    shapes = SHAPES_PATH.read_text(encoding="utf-8")
    lists = [m.group(1).split() for m in re.finditer(r"sh:in \(([^)]*)\)", shapes)]
    listed = next(items for items in lists if "kg:reported" in items)  # the certainty shape's list
    assert [t.removeprefix("kg:") for t in listed] == list(CERTAINTIES)


def test_every_source_kind_has_a_class():
    from kg.rdf.mapping import _SOURCE_CLASSES

    assert set(_SOURCE_CLASSES) == set(SOURCE_KINDS)
