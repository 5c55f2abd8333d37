"""``kg ingest``: source record with mentions, stored text, draft statements; the build's view of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import run_cli
from kg.link import InputError
from kg.link.ingest import ingest_text

ROOT = Path(__file__).resolve().parent.parent
EN_TEXT = ROOT / "tests" / "fixtures" / "linking" / "en-busan.txt"
SEED = ROOT / "data" / "texts" / "seed-ar-wsj-blackwell-2025.txt"


@pytest.fixture
def data(tmp_path) -> Path:
    """A writable copy of the bundled data."""
    dest = tmp_path / "data"
    shutil.copytree(ROOT / "data", dest)
    return dest


def _ingest(data, store, text_path=EN_TEXT, **kw):
    args = dict(url="https://example.com/busan", publisher="reuters", published="2025-10-30", lang="en")
    args.update(kw)
    return ingest_text(text_path.read_bytes().decode("utf-8"), data_dir=data, store_path=store, **args)


def test_ingest_writes_source_text_and_drafts(data, bundled_build):
    store = bundled_build / "store"
    result = _ingest(data, store, relays="wsj-2025-11-03-blackwell-opposition", title="Trump and Xi meet in Busan")
    sid = result.source_id
    assert sid.startswith("reuters-2025-10-30-") and len(sid) == len("reuters-2025-10-30-") + 8
    source = yaml.safe_load(result.source_file.read_text(encoding="utf-8"))
    assert source == [{
        "id": sid, "kind": "NewsArticle", "url": "https://example.com/busan", "publisher": "reuters",
        "published": "2025-10-30", "language": "en", "title": "Trump and Xi meet in Busan",
        "relays": "wsj-2025-11-03-blackwell-opposition", "text": f"{sid}.txt", "mentions": result.entities}]
    assert {"donald-trump", "xi-jinping", "busan", "south-korea", "marco-rubio", "jamieson-greer"} <= set(result.entities)
    assert result.text_file.read_bytes() == EN_TEXT.read_bytes()

    drafts_text = result.statements_file.read_text(encoding="utf-8")
    drafts = yaml.safe_load(drafts_text)
    assert drafts["source"] == sid and drafts["status"] == "draft"
    triples = {(s["subject"], s["predicate"], s["object"]) for s in drafts["statements"]}
    assert ("donald-trump", "met_with", "xi-jinping") in triples
    assert ("busan", "located_in", "south-korea") in triples
    assert ("marco-rubio", "opposes", "jamieson-greer") in triples or ("jamieson-greer", "opposes", "china") in triples
    sentence = drafts["statements"][0]["quote"]
    assert sentence.startswith("President Donald Trump met Chinese leader Xi Jinping")
    # the header lists the linked entities and the sentences they occur in
    assert "#   donald-trump" in drafts_text and "#   [7] The Wall Street Journal reported" in drafts_text


def test_build_skips_drafts_and_records_mentions(data, bundled_build, tmp_path):
    import pyoxigraph as ox

    from kg.store.builder import build
    from kg.store.local import open_store

    result = _ingest(data, bundled_build / "store")
    summary = build(data, tmp_path / "out")
    before = build(ROOT / "data", tmp_path / "before")
    assert summary.statements == before.statements  # the drafts are not in the graph
    assert summary.sources == before.sources + 1
    rows = open_store(tmp_path / "out" / "store").query(
        "SELECT ?e WHERE { ?d <http://schema.org/mentions> ?e }",
        bindings={"d": ox.NamedNode(f"https://w3id.org/chip-policy-kg/source/{result.source_id}")})
    assert {r["e"].value.rsplit("/", 1)[1] for r in rows} == set(result.entities)


def test_reviewed_drafts_build(data, bundled_build, tmp_path):
    """Drafts are well-formed statements: once marked reviewed (English: no translation needed) they build."""
    from kg.store.builder import build

    result = _ingest(data, bundled_build / "store")
    doc = yaml.safe_load(result.statements_file.read_text(encoding="utf-8"))
    doc["status"] = "reviewed"
    result.statements_file.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    before = build(ROOT / "data", tmp_path / "before")
    after = build(data, tmp_path / "after")
    assert after.statements == before.statements + len(doc["statements"])


def test_arabic_drafts_ask_for_a_translation(data, bundled_build):
    result = _ingest(data, bundled_build / "store", text_path=SEED, lang="ar", publisher="the-wall-street-journal",
                     source_id="seed-copy")
    doc = yaml.safe_load(result.statements_file.read_text(encoding="utf-8"))
    assert doc["statements"] and all(s["quote_lang"] == "ar" for s in doc["statements"])
    assert all("add an English translation" in s["note"] for s in doc["statements"])
    assert ("marco-rubio", "warned", "donald-trump") in {(s["subject"], s["predicate"], s["object"])
                                                         for s in doc["statements"]}


@pytest.mark.parametrize("change, message", [
    ({"publisher": "no-such-outlet"}, "is not an entity of the graph"),
    ({"relays": "no-such-source"}, "is not a source under"),
    ({"published": "2025-13-01"}, "--published"),
    ({"url": "example.com/a"}, "is not a web address"),
    ({"lang": "fr"}, "unknown language code 'fr'"),
    ({"source_id": "Bad Id"}, "is not a kebab-case id"),
    ({"source_id": "seed-ar-wsj-blackwell-2025"}, "exists already"),
    ({"kind": "Tweet"}, "--kind"),
])
def test_bad_arguments_write_nothing(data, bundled_build, change, message):
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    with pytest.raises(InputError, match=message):
        _ingest(data, bundled_build / "store", **change)
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == before


def test_ingesting_twice_is_refused(data, bundled_build):
    _ingest(data, bundled_build / "store")
    with pytest.raises(InputError, match="ingested before"):
        _ingest(data, bundled_build / "store")


def test_kg_ingest_command(runner, data, bundled_build):
    out = run_cli(runner, "ingest", str(EN_TEXT), "--url", "https://example.com/x", "--publisher", "reuters",
                  "--published", "2025-10-30", "--lang", "en", "--id", "reuters-busan-test",
                  "--data", str(data), "--store", str(bundled_build / "store"))
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0].startswith(f"wrote {data / 'sources' / 'reuters-busan-test.yaml'} (source reuters-busan-test, mentions ")
    assert "draft statements" in lines[2] and "status: reviewed" in lines[2]
    assert (data / "texts" / "reuters-busan-test.txt").is_file()


@pytest.mark.parametrize("content, args, message", [
    (b"", [], "is empty"),
    (b"\x00\x01\x02binary", [], "looks like a binary file"),
    ("إنفيديا والصين".encode("windows-1256"), [], "is not UTF-8"),
    (b"Nvidia", ["--lang", "xx"], "unknown language code 'xx'"),
])
def test_kg_ingest_bad_input(runner, data, bundled_build, tmp_path, content, args, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    base = ["ingest", str(path), "--url", "https://example.com/x", "--publisher", "reuters", "--published", "2025",
            "--data", str(data), "--store", str(bundled_build / "store")]
    out = run_cli(runner, *base, *(args or ["--lang", "en"]))
    assert out.exit_code == 1
    assert message in out.output and "Traceback" not in out.output
    assert not list((data / "sources").glob("reuters-2025-*.yaml"))
