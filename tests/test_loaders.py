"""Loading the curation format: records, line numbers, and every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import DataError
from kg.records.loaders import load_data


def problems_of(root: Path) -> list:
    with pytest.raises(DataError) as info:
        load_data(root)
    return info.value.problems


def only(problems, field: str):
    found = [p for p in problems if p.field == field or p.field.endswith("." + field)]
    assert found, f"no problem on field {field!r} in {problems}"
    return found[0]


def test_mini_dataset_loads_yaml_and_csv(mini):
    data = load_data(mini)
    assert set(data.entities) == {"acme", "a1", "jane-doe", "daily-news", "wire"}
    assert set(data.sources) == {"wire-report", "daily-article"}
    kinds = sorted((s.record.predicate, Path(s.file).suffix, s.line) for s in data.statements)
    assert kinds == [("holds_role", ".csv", 2), ("manufactures", ".yaml", 3)]
    role = data.entities["jane-doe"].record.roles[0]
    assert (role.organization, role.from_) == ("acme", "2024-01")


def test_bundled_data_loads():
    data = load_data(Path(__file__).resolve().parent.parent / "data")
    assert "marco-rubio" in data.entities
    assert any(s.record.source == "seed-ar-wsj-blackwell-2025" for s in data.statements)


def test_yaml_syntax_error_names_file_and_line(mini):
    (mini / "entities" / "broken.yaml").write_text("- id: x\n  type: Person\n  label: {en: [unclosed\n")
    p = problems_of(mini)[0]
    assert p.file.endswith("broken.yaml") and p.line == 4
    assert "YAML syntax error" in p.message and p.hint


def test_csv_syntax_error_names_row(mini):
    (mini / "statements" / "bulk.csv").write_text(
        "source,subject,predicate,object,quote,quote_lang\n"
        'wire-report,jane-doe,holds_role,acme,"unterminated,en\n')
    p = problems_of(mini)[0]
    assert p.file.endswith("bulk.csv") and p.line >= 2
    assert "CSV" in p.message


def test_csv_unknown_and_missing_columns(mini):
    (mini / "statements" / "bulk.csv").write_text("source,subjekt,predicate,object,quote\n")
    problems = problems_of(mini)
    assert only(problems, "subjekt").message == "unknown column"
    assert only(problems, "quote_lang").message == "missing column"
    assert all(p.line == 1 for p in problems)


def test_unknown_entity_id_with_suggestion(mini):
    text = (mini / "statements" / "daily.yaml").read_text().replace("object: a1", "object: a11")
    (mini / "statements" / "daily.yaml").write_text(text)
    p = only(problems_of(mini), "object")
    assert p.line == 5 and "unknown entity 'a11'" in p.message and "'a1'" in p.hint


def test_unknown_source_id(mini):
    text = (mini / "statements" / "daily.yaml").read_text().replace("source: daily-article", "source: daily-articel")
    (mini / "statements" / "daily.yaml").write_text(text)
    p = only(problems_of(mini), "source")
    assert p.line == 1 and "unknown source" in p.message and "daily-article" in p.hint


def test_unknown_predicate(mini):
    text = (mini / "statements" / "daily.yaml").read_text().replace("manufactures", "manufacture")
    (mini / "statements" / "daily.yaml").write_text(text)
    p = only(problems_of(mini), "predicate")
    assert p.line == 4 and "unknown predicate" in p.message and "manufactures" in p.hint


def test_type_mismatch_person_manufactures(mini):
    text = (mini / "statements" / "daily.yaml").read_text().replace("subject: acme", "subject: jane-doe")
    (mini / "statements" / "daily.yaml").write_text(text)
    p = only(problems_of(mini), "subject")
    assert p.line == 3 and "is a Person, expected Company" in p.message


def test_literal_object_must_fit_datatype(mini):
    (mini / "statements" / "bulk.csv").write_text(
        "source,subject,predicate,object,quote,quote_lang\n"
        "wire-report,a1,released_in,soon,q,en\n")
    p = only(problems_of(mini), "object")
    assert p.line == 2 and "not a date" in p.message


@pytest.mark.parametrize("bad", ["2025-13-01", "2025-02-30", "March 2025", "25-01-01"])
def test_bad_date(mini, bad):
    text = (mini / "statements" / "daily.yaml").read_text().replace("date: 2025-02", f"date: {bad}")
    (mini / "statements" / "daily.yaml").write_text(text)
    p = only(problems_of(mini), "date")
    assert p.line == 6 and "date" in p.message and "YYYY" in p.hint


def test_duplicate_entity_id_across_files(mini):
    (mini / "entities" / "more.yaml").write_text("- id: acme\n  type: Company\n  label: {en: Acme again}\n")
    p = only(problems_of(mini), "id")
    assert p.file.endswith("more.yaml") and p.line == 1
    assert "duplicate entity id 'acme'" in p.message and "all.yaml:1" in p.hint


def test_missing_source_field_in_statements_file(mini):
    text = (mini / "statements" / "daily.yaml").read_text().replace("source: daily-article\n", "")
    (mini / "statements" / "daily.yaml").write_text(text)
    p = only(problems_of(mini), "source")
    assert p.message == "missing"


def test_missing_required_statement_field(mini):
    text = (mini / "statements" / "daily.yaml").read_text().replace("    quote: أكمي تصنع\n", "")
    (mini / "statements" / "daily.yaml").write_text(text)
    p = only(problems_of(mini), "quote")
    assert p.field == "statements[0].quote" and p.message == "missing" and p.line == 3


def test_unknown_field_gets_hint(mini):
    text = (mini / "entities" / "all.yaml").read_text().replace("  maker: acme", "  makre: acme")
    (mini / "entities" / "all.yaml").write_text(text)
    p = only(problems_of(mini), "makre")
    assert p.line == 8 and p.message == "unknown field" and "maker" in p.hint


def test_source_must_declare_unknown_fields(mini):
    text = (mini / "sources" / "all.yaml").read_text().replace("  url: https://wire.example/report\n", "")
    (mini / "sources" / "all.yaml").write_text(text)
    p = problems_of(mini)[0]
    assert "'url' is required" in p.message and "unknown: [url]" in p.message


def test_source_known_only_by_text_is_allowed(mini):
    (mini / "texts").mkdir(exist_ok=True)
    (mini / "texts" / "t.txt").write_text("نص", encoding="utf-8")
    (mini / "sources" / "extra.yaml").write_text(
        "- id: text-only\n  language: ar\n  text: t.txt\n  relays: wire-report\n"
        "  unknown: [url, publisher, published, title]\n")
    data = load_data(mini)
    assert data.sources["text-only"].record.relays == "wire-report"


def test_all_problems_reported_together(mini):
    text = (mini / "statements" / "daily.yaml").read_text()
    text = text.replace("object: a1", "object: nope").replace("date: 2025-02", "date: 2025-99")
    (mini / "statements" / "daily.yaml").write_text(text)
    (mini / "entities" / "more.yaml").write_text("- id: Bad_Id\n  type: Person\n  label: {en: X}\n")
    problems = problems_of(mini)
    fields = {p.field for p in problems}
    assert {"id", "statements[0].date"} <= fields
    assert len(problems) >= 2


def test_wrong_encoding_is_reported(mini):
    (mini / "entities" / "latin1.yaml").write_bytes("- id: cafe\n  type: Place\n  label: {en: Café}\n".encode("latin-1"))
    p = problems_of(mini)[0]
    assert p.file.endswith("latin1.yaml") and p.line == 3 and "not UTF-8" in p.message


def test_relay_cycle_is_reported(mini):
    text = (mini / "sources" / "all.yaml").read_text().replace(
        "  title: Acme makes the A1\n", "  title: Acme makes the A1\n  relays: daily-article\n")
    (mini / "sources" / "all.yaml").write_text(text)
    assert any("cycle" in p.message for p in problems_of(mini))


def test_duplicate_statement_is_reported(mini):
    (mini / "statements" / "again.yaml").write_text((mini / "statements" / "daily.yaml").read_text())
    assert any("duplicate statement" in p.message for p in problems_of(mini))


def test_type_specific_field_on_wrong_type(mini):
    text = (mini / "entities" / "all.yaml").read_text().replace("  maker: acme", "  maker: acme\n  roles: []\n  issuer: acme")
    (mini / "entities" / "all.yaml").write_text(text)
    assert any("does not apply to type Chip" in p.message for p in problems_of(mini))


def test_draft_statement_files_are_skipped_until_reviewed(mini):
    path = mini / "statements" / "drafts.yaml"
    path.write_text("source: wire-report\nstatus: draft\nstatements:\n"
                    "  - subject: acme\n    predicate: manufactures\n    object: not-yet-an-entity\n"
                    "    quote: q\n    quote_lang: en\n")
    assert len(load_data(mini).statements) == 2
    path.write_text(path.read_text().replace("status: draft", "status: reviewed"))
    assert only(problems_of(mini), "object").message == "unknown entity 'not-yet-an-entity'"
    path.write_text(path.read_text().replace("status: reviewed", "status: maybe"))
    assert only(problems_of(mini), "status").hint.startswith("write 'status: draft'")


def test_source_mentions_must_exist(mini):
    path = mini / "sources" / "all.yaml"
    path.write_text(path.read_text() + "  mentions: [acme, ghost]\n")
    p = only(problems_of(mini), "mentions[1]")
    assert "unknown entity 'ghost'" in p.message


def test_a_sink_gets_every_statement_and_they_need_not_be_kept(mini):
    class Sink:
        def __init__(self):
            self.record_calls, self.batches = 0, []

        def records(self, data):
            self.record_calls += 1

        def statements(self, data, batch, ids):
            assert len(ids) == len(batch) and len(set(ids)) == len(ids)
            self.batches.append([loc.record for loc in batch])

    kept, sink = load_data(mini), Sink()
    streamed = load_data(mini, sink=sink, keep_statements=False)
    assert streamed.statements == [] and sink.record_calls == 1
    assert [s for batch in sink.batches for s in batch] == [loc.record for loc in kept.statements]
    assert len(kept.statements) > 1 and streamed.entities.keys() == kept.entities.keys()


def test_a_registered_loader_reads_its_files(mini):
    """A new format is a reader plus one register_loader call: read_data finds and checks its files."""
    import json

    from kg.errors import KGError
    from kg.records.loaders import load_data, read_data, registry
    from kg.records.loaders.yamlfile import LineDict
    from kg.records.model import Located, Statement

    def read_jsonl(path, problems):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            raw = LineDict(json.loads(line))
            raw.line, raw.lines = number, {k: number for k in raw}
            yield Located(Statement.model_validate(dict(raw)), str(path), number, dict(raw.lines))

    before = read_data(mini)[0].statements
    first = before[0].record
    row = {k: v for k, v in first.model_dump(by_alias=True).items() if v not in (None, [], {})}
    row["quote"] = first.quote + " (again, from a feed)"
    row["id"] = "feed-statement-1"  # else the checks rightly find a duplicate claim
    (mini / "statements" / "feed.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    registry.register_loader("jsonl", patterns=("*.jsonl",), read=read_jsonl)
    try:
        with pytest.raises(KGError, match="registered already"):
            registry.register_loader("jsonl", patterns=("*.json",), read=read_jsonl)
        with pytest.raises(KGError, match="both read"):
            registry.register_loader("ndjson", patterns=("*.jsonl",), read=read_jsonl)
        data = load_data(mini)
        assert len(data.statements) == len(before) + 1
        assert any(s.file.endswith("feed.jsonl") and s.record.quote == row["quote"] for s in data.statements)
    finally:
        registry._LOADERS.pop("jsonl", None)
    assert "jsonl" not in [f.format for f in registry.loaders()]
    assert len(read_data(mini)[0].statements) == len(before)  # unregistered: the file is not read
