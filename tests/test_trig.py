"""The TriG dump: the same bytes Oxigraph's serializer writes for the same quads, sorted."""

from __future__ import annotations

import io
import random

import pytest

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.store.builder import build
from kg.rdf.trig import TriGDump
from kg.rdf.vocab import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
NAMESPACES = ["http://e.org/", "http://e.org/x/", "http://e.org/x#", "http://other.org/ns#", "urn:z:"]
# Local names: the plain ones our ids make, and characters Turtle escapes or forbids in a name.
TOKENS = ["a", "X", "0", "_", "-", ".", "~", "/", "%20", ":", "é", "中", "!", "$", "&", "'", "(", ")", "*", "+", ",",
          ";", "=", "?", "@"]
LOCAL = st.lists(st.sampled_from(TOKENS), max_size=6).map("".join)


def _iri(ns: str, local: str) -> ox.NamedNode | None:
    try:
        return ox.NamedNode(ns + local)
    except ValueError:  # not an IRI (e.g. '?' or '#' where they cannot be)
        return None


IRI = st.builds(_iri, st.sampled_from(NAMESPACES), LOCAL).filter(lambda node: node is not None)
DATATYPES = [XSD + name for name in ("integer", "decimal", "double", "boolean", "date", "string", "gYear")]
LEXICAL = st.one_of(st.from_regex(r"[+-]?[0-9]{0,3}(\.[0-9]{0,2})?([eE][+-]?[0-9]{1,2})?", fullmatch=True),
                    st.sampled_from(["true", "false", "TRUE", "2025-01-01", ""]), st.text(max_size=6))
LITERAL = st.one_of(
    st.builds(ox.Literal, st.text(max_size=12)),
    st.builds(lambda text, lang: ox.Literal(text, language=lang), st.text(max_size=12), st.sampled_from(["en", "ar", "zh-hant"])),
    st.builds(lambda text, dt: ox.Literal(text, datatype=ox.NamedNode(dt)), LEXICAL,
              st.one_of(st.sampled_from(DATATYPES), st.builds(lambda iri: iri.value, IRI))),
)
SUBJECT = st.one_of(IRI, st.builds(ox.BlankNode, st.sampled_from(["b1", "b10", "b2"])))
PREDICATE = st.one_of(IRI, st.just(ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")))
OBJECT = st.one_of(IRI, LITERAL, SUBJECT, st.just(ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")))
GRAPH = st.one_of(st.none(), IRI)
QUADS = st.lists(st.tuples(SUBJECT, PREDICATE, OBJECT, GRAPH), max_size=40)


def oxigraph_dump(quads: list[tuple], prefixes: dict[str, str]) -> bytes:
    """What Oxigraph writes for the quads in the dump's order: N-Quads lines sorted, default graph first."""
    def line(q):
        s, p, o, g = q
        return (0, "", f"{s} {p} {o}") if g is None else (1, str(g), f"{s} {p} {o}")

    ordered = [ox.Quad(s, p, o, g if g is not None else ox.DefaultGraph()) for s, p, o, g in sorted(quads, key=line)]
    out = io.BytesIO()
    ox.serialize(ordered, out, ox.RdfFormat.TRIG, prefixes=prefixes)
    return out.getvalue()


def our_dump(quads: list[tuple], prefixes: dict[str, str], seed: int = 0) -> bytes:
    shuffled = list(quads)
    random.Random(seed).shuffle(shuffled)
    dump = TriGDump(prefixes)
    dump.extend((str(s), str(p), str(o), None if g is None else str(g)) for s, p, o, g in shuffled)
    out = io.BytesIO()
    dump.write(out)
    return out.getvalue()


@settings(max_examples=400, deadline=None)
@given(QUADS, st.sampled_from([{"e": NAMESPACES[0], "x": NAMESPACES[1], "h": NAMESPACES[2], "o": NAMESPACES[3]},
                              {"e": NAMESPACES[0], "xsd": XSD, "z": NAMESPACES[4]}, {}, PREFIXES]),
       st.integers(0, 3))
def test_dump_is_what_oxigraph_writes(quads, prefixes, seed):
    assert our_dump(quads, prefixes, seed) == oxigraph_dump(quads, prefixes)


def test_dump_escapes_local_names_like_oxigraph():
    quads = [(ox.NamedNode("http://e.org/x/y"), ox.NamedNode("http://e.org/p"), ox.Literal("5", datatype=ox.NamedNode(XSD + "integer")), None),
             (ox.NamedNode("http://e.org/-a"), ox.NamedNode("http://e.org/a/b"), ox.NamedNode("http://e.org/a."), None)]
    assert our_dump(quads, {"e": "http://e.org/", "x": "http://e.org/x/"}).decode() == (
        "@prefix x: <http://e.org/x/> .\n@prefix e: <http://e.org/> .\n"
        "e:\\-a e:a\\/b e:a\\. .\nx:y e:p 5 .\n")


def test_built_dump_is_the_store_sorted_as_oxigraph_writes_it(mini, tmp_path):
    build(mini, tmp_path / "b")
    store = ox.Store.read_only(str((tmp_path / "b" / "store").resolve()))
    quads = [(q.subject, q.predicate, q.object, None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name)
             for q in store.quads_for_pattern(None, None, None, None)]
    assert any(g is not None for *_, g in quads) and any(g is None for *_, g in quads)
    assert (tmp_path / "b" / "kg.trig").read_bytes() == oxigraph_dump(quads, PREFIXES)


def test_sealing_early_changes_nothing_and_a_sealed_group_stays_closed():
    quads = [(f"<http://e.org/s{i % 7}>", f"<http://e.org/p{i % 3}>", f'"{i}"', None if i % 2 else f"<http://e.org/g{i % 5}>")
             for i in range(40)]
    group = lambda q: q[3] or q[0]  # noqa: E731 - the key a quad is grouped under
    keys = sorted({group(q) for q in quads})
    whole, parts = TriGDump({"e": "http://e.org/"}), TriGDump({"e": "http://e.org/"})
    whole.extend(quads)
    for half in (set(keys[::2]), set(keys[1::2])):
        parts.extend(q for q in quads if group(q) in half)
        parts.seal()
    a, b = io.BytesIO(), io.BytesIO()
    whole.write(a)
    parts.write(b)
    assert a.getvalue() == b.getvalue() and a.getvalue().count(b"{") == 5
    late = TriGDump({})
    late.add("<http://e.org/s>", "<http://e.org/p>", '"a"', None)
    late.seal()
    late.add("<http://e.org/s>", "<http://e.org/p>", '"b"', None)
    with pytest.raises(ValueError, match="already sealed"):
        late.seal()
