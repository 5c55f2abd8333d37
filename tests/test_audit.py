"""``kg audit``: each check on small data directories, file:line, URL rules, CLI formats, --strict."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.audit import CHECKS, audit, select, summary_line
from kg.audit.urls import URL_RULES, url_findings
from kg.rdf.vocab import DCTERMS, KG

from conftest import run_cli

# Entities with every label and ID a clean record needs (the Wikidata IDs are test values).
ENTITIES = """\
- id: united-states
  type: Country
  label: {en: United States, ar: الولايات المتحدة, zh: 美国}
  wikidata: Q30
- id: bis
  type: GovernmentAgency
  label: {en: Bureau of Industry and Security, ar: مكتب الصناعة والأمن, zh: 工业与安全局}
  country: united-states
  wikidata: Q4998427
- id: acme
  type: Company
  label: {en: Acme Chips, ar: أكمي, zh: 顶点芯片}
  wikidata: Q900001
- id: a1
  type: Chip
  label: {en: A1, ar: A1, zh: A1}
  maker: acme
- id: wire
  type: MediaOutlet
  label: {en: Wire Agency, ar: وكالة واير, zh: 电讯社}
  wikidata: Q900002
- id: daily
  type: MediaOutlet
  label: {en: Daily Courier, ar: ديلي كورير, zh: 每日信使}
  wikidata: Q900003
"""

SOURCES = """\
- id: wire-report
  url: https://www.wire-agency.net/2025/03/01/acme-makes-a1
  publisher: wire
  published: 2025-03-01
  language: en
  title: Acme makes the A1
- id: daily-article
  url: https://daily-courier.net/news/2025/03/02/acme-a1
  publisher: daily
  published: 2025-03-02
  language: en
  title: Acme and the A1
"""

STATEMENTS = """\
source: wire-report
statements:
  - subject: acme
    predicate: manufactures
    object: a1
    date: 2025-02
    quote: "Acme makes the A1"
    quote_lang: en
"""

STATEMENTS_DAILY = """\
source: daily-article
statements:
  - subject: acme
    predicate: manufactures
    object: a1
    quote: "Acme said it makes the A1"
    quote_lang: en
"""


def make_data(root: Path, *, entities: str = ENTITIES, sources: str = SOURCES,
              statements: dict[str, str] | None = None) -> Path:
    """Write a small data directory; ``statements`` maps file names to their text."""
    if statements is None:
        statements = {"wire.yaml": STATEMENTS, "daily.yaml": STATEMENTS_DAILY}
    for folder in ("entities", "sources", "statements"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "entities" / "all.yaml").write_text(entities, encoding="utf-8")
    (root / "sources" / "all.yaml").write_text(sources, encoding="utf-8")
    for name, text in statements.items():
        (root / "statements" / name).write_text(text, encoding="utf-8")
    return root


def checks_of(findings) -> set[str]:
    return {f.check for f in findings}


def one(findings, check: str):
    found = select(findings, checks=[check])
    assert len(found) == 1, f"expected one {check} finding, got {found}"
    return found[0]


def test_clean_data_has_no_findings(tmp_path):
    assert audit(make_data(tmp_path)) == []


def test_every_finding_uses_a_declared_check_and_severity(tmp_path):
    for f in audit(Path(__file__).resolve().parent.parent / "data"):
        assert f.check in CHECKS and CHECKS[f.check][0] == f.severity, f
        assert f.file and f.line > 0 and f.message and f.hint, f


# ---------------------------------------------------------------- dates


def test_statement_without_any_date_is_an_error_at_its_line(tmp_path):
    sources = SOURCES.replace("  published: 2025-03-02\n", "").replace(
        "  title: Acme and the A1\n", "  title: Acme and the A1\n  unknown: [published]\n")
    findings = audit(make_data(tmp_path, sources=sources))
    f = one(findings, "statement-no-date")
    assert f.severity == "error"
    assert f.file.endswith("statements/daily.yaml") and f.line == 3
    assert "daily-article" in f.message and f.record
    assert one(findings, "source-unknown-date").severity == "warning"


def test_statement_dated_by_its_primary_source_is_not_reported(tmp_path):
    sources = SOURCES.replace("  published: 2025-03-02\n", "").replace(
        "  title: Acme and the A1\n", "  title: Acme and the A1\n  relays: wire-report\n  unknown: [published]\n")
    assert "statement-no-date" not in checks_of(audit(make_data(tmp_path, sources=sources)))


def test_rdf_records_the_basis_of_each_statement_date(tmp_path):
    from kg.records.checks import statement_id
    from kg.records.loaders import load_data
    from kg.rdf.mapping import to_dataset
    from kg.rdf.vocab import statement_iri

    sources = SOURCES + """\
- id: undated-relay
  url: https://relay-site.net/story/acme-a1
  publisher: daily
  language: en
  title: Acme relay
  relays: wire-report
  unknown: [published]
- id: undated-page
  url: https://relay-site.net/story/acme-a1-again
  publisher: daily
  language: en
  title: Acme again
  unknown: [published]
"""
    relay = STATEMENTS_DAILY.replace("daily-article", "undated-relay")
    undated = STATEMENTS_DAILY.replace("daily-article", "undated-page")
    data = load_data(make_data(tmp_path, sources=sources, statements={
        "wire.yaml": STATEMENTS, "daily.yaml": STATEMENTS_DAILY, "relay.yaml": relay, "undated.yaml": undated}))
    ds = to_dataset(data)
    got = {}
    for loc in data.statements:
        g = URIRef(statement_iri(statement_id(loc.record)))
        dates = [str(o) for _, _, o, _ in ds.quads((g, DCTERMS.date, None, None))]
        bases = [o for _, _, o, _ in ds.quads((g, KG.dateBasis, None, None))]
        assert len(dates) <= 1 and len(bases) == len(dates)
        got[loc.record.source] = (dates[0] if dates else None, bases[0] if bases else None)
    assert got == {
        "wire-report": ("2025-02", KG.claimDate),
        "daily-article": ("2025-03-02", KG.documentDate),
        "undated-relay": ("2025-03-01", KG.primarySourceDate),
        "undated-page": (None, None),
    }


# ---------------------------------------------------------------- sources


def test_source_field_missing_without_unknown_is_an_error(tmp_path):
    sources = SOURCES.replace("  publisher: daily\n", "")
    f = one(audit(make_data(tmp_path, sources=sources)), "source-no-publisher")
    assert f.severity == "error" and f.file.endswith("sources/all.yaml") and f.line == 7
    assert "unknown" in f.hint


def test_fields_marked_unknown_are_warnings_on_the_unknown_line(tmp_path):
    sources = SOURCES.replace("  url: https://daily-courier.net/news/2025/03/02/acme-a1\n", "").replace(
        "  publisher: daily\n", "").replace("  title: Acme and the A1\n", "  unknown: [url, publisher, title]\n")
    findings = audit(make_data(tmp_path, sources=sources))
    for check in ("source-unknown-url", "source-unknown-publisher", "source-unknown-title"):
        f = one(findings, check)
        assert f.severity == "warning" and f.line == 10 and f.record == "daily-article"
    assert not select(findings, severities=["error"])


def test_invalid_records_are_error_findings_not_exceptions(tmp_path):
    root = make_data(tmp_path)
    (root / "entities" / "broken.yaml").write_text("- id: x\n  type: Person\n  label: {en: [unclosed\n")
    f = one(audit(root), "data-invalid")
    assert f.file.endswith("broken.yaml") and f.line == 4 and "YAML" in f.message


def test_missing_data_directory_is_a_clear_error(tmp_path):
    from kg.errors import DataError

    with pytest.raises(DataError, match="no such data directory"):
        audit(tmp_path / "nope")


def test_digest_note_and_credited_outlet(tmp_path):
    sources = SOURCES.replace("  title: Acme and the A1\n", "  title: Acme and the A1 (Wire Agency)\n"
                              "  note: The figures come from the page's Digest summary.\n")
    findings = audit(make_data(tmp_path, sources=sources))
    assert one(findings, "source-digest").line == 13
    credited = one(findings, "source-credits-outlet")
    assert credited.severity == "info" and "wire" in credited.message and credited.record == "daily-article"


def test_original_named_by_its_relay_is_not_a_possible_relay(tmp_path):
    sources = SOURCES.replace("  title: Acme makes the A1\n", "  title: Acme makes the A1\n"
                              "  note: Republished by Daily Courier.\n").replace(
        "  title: Acme and the A1\n", "  title: Acme and the A1\n  relays: wire-report\n")
    assert "source-credits-outlet" not in checks_of(audit(make_data(tmp_path, sources=sources)))


# ---------------------------------------------------------------- URLs

BAD_URLS = [
    ("http://203.0.113.7/news/2025/acme-a1", "url-ip-address"),
    ("http://[2001:db8::1]/story/acme", "url-ip-address"),
    ("https://example.com/acme-a1", "url-reserved-host"),
    ("http://localhost:8000/acme-a1", "url-reserved-host"),
    ("https://api.ai-analytics.org/commerce-rule/2022-21658", "url-api-endpoint"),
    ("https://site.net/wp-json/wp/v2/posts/12850", "url-api-endpoint"),
    ("https://www.federalregister.gov/api/v1/documents/2022-21658.json", "url-api-endpoint"),
    ("https://staging.site.net/2025/acme-a1", "url-test-endpoint"),
    ("https://site.net/echo-test/demo973e36f5/acme-a1", "url-test-endpoint"),
    ("https://www-site-net.translate.goog/acme-a1?_x_tr_sl=zh", "url-proxy"),
    ("https://webcache.googleusercontent.com/search?q=cache:site.net/acme", "url-proxy"),
    ("https://wiki.agc.wuaze.com/https-ballotpedia.org/Confirmation_process", "url-proxy"),
    ("https://d2443.cms.socastsrm.com/2025/04/15/nvidia-faces-charge", "url-proxy"),
    ("https://web.archive.org/web/*/site.net/acme*", "url-proxy"),
    ("https://www.site.net/", "url-home-page"),
    ("https://www.site.net", "url-home-page"),
    ("https://www.site.net/en/", "url-home-page"),
    ("https://site.net/tag/nvidia/", "url-listing-page"),
    ("https://site.net/category/tech/", "url-listing-page"),
    ("https://site.net/?s=nvidia", "url-listing-page"),
    ("https://site.net/search?q=h20", "url-listing-page"),
    ("https://site.net/news/", "url-listing-page"),
    ("https://site.net/topics/export-controls", "url-listing-page"),
    ("https://the-decoder.com/artificial-intelligence-news", "url-listing-page"),
    ("https://site.net/blog/page/3", "url-listing-page"),
    ("https://archive.ph/AbC12", "url-archive-today"),
    ("https://site.net/2025/acme-a1?utm_source=twitter&utm_medium=social", "url-tracking"),
    ("https://site.net/2025/acme-a1?fbclid=IwAR0", "url-tracking"),
    ("https://exportcompliancedaily.com./article/2025/01/21/x", "url-spelling"),
    ("https://www.trtworld.com:443/article/25c7203cf45e", "url-spelling"),
]
GOOD_URLS = [
    "https://www.federalregister.gov/documents/2022/10/13/2022-21658/implementation-of-additional-export-controls",
    "https://www.govinfo.gov/content/pkg/FR-2022-10-13/pdf/2022-21658.pdf",
    "https://web.archive.org/web/20251103120000/https://www.wsj.com/tech/nvidia-blackwell-china",
    "https://bis.gov/press-release/commerce-implements-new-export-controls-advanced-computing-and-semiconductor",
    "https://www.jonpeddie.com/?p=51382",
    "https://news.ballotpedia.org/?p=40789",
    "https://udn.com/news/story/6809/9160409",
    "https://www.sscollege.cn/en/news/44800.html",
    "https://www.tagesschau.de/wirtschaft/nvidia-china-100.html",
    "https://site.net/2025/07/nuclear-test-ban-treaty/",
    "https://site.net/2025/07/chip-demo-day",
    "https://www.theatlantic.com/politics/archive/2025/03/export-controls-nvidia/682000/",
]


@pytest.mark.parametrize("url,check", BAD_URLS)
def test_unstable_url_is_reported(url, check):
    assert check in [rule.check for rule, _ in url_findings(url)]


@pytest.mark.parametrize("url", GOOD_URLS)
def test_stable_document_url_passes(url):
    assert url_findings(url) == []


def test_malformed_url_is_reported():
    assert [rule.check for rule, _ in url_findings("http://[::1/page")] == ["url-malformed"]


def test_every_url_rule_has_a_bad_example_and_a_declared_check():
    tested = {check for _, check in BAD_URLS}
    for rule in URL_RULES:
        assert rule.check in tested, f"{rule.check} has no example in BAD_URLS"
        assert CHECKS[rule.check][0] == rule.severity and rule.hint


def test_url_finding_names_the_url_line(tmp_path):
    sources = SOURCES.replace("https://daily-courier.net/news/2025/03/02/acme-a1", "https://daily-courier.net/")
    f = one(audit(make_data(tmp_path, sources=sources)), "url-home-page")
    assert (f.line, f.record, f.severity) == (8, "daily-article", "error")
    assert "https://daily-courier.net/" in f.message


# ---------------------------------------------------------------- relays

RELAY_SOURCES = SOURCES.replace("  title: Acme and the A1\n", "  title: Acme and the A1\n  relays: wire-original\n") + """\
- id: wire-original
  language: en
  unknown: [url, publisher, published, title]
"""


def test_relay_of_an_unidentified_original(tmp_path):
    findings = audit(make_data(tmp_path, sources=RELAY_SOURCES))
    for check, severity in (("relay-original-no-publisher", "error"), ("relay-original-no-date", "error"),
                            ("relay-original-no-headline", "warning")):
        f = one(findings, check)
        assert (f.severity, f.record, f.line) == (severity, "daily-article", 13)
        assert "wire-original" in f.message and "sources/all.yaml:14" in f.hint


def test_relay_of_an_identified_original_passes(tmp_path):
    sources = SOURCES.replace("  title: Acme and the A1\n", "  title: Acme and the A1\n  relays: wire-report\n")
    assert not select(audit(make_data(tmp_path, sources=sources)), checks=["relay-"])


# ---------------------------------------------------------------- summary quotes

def test_statement_whose_note_says_it_quotes_a_summary(tmp_path):
    text = STATEMENTS_DAILY + "    note: Quote from the reference fact sheet's summary; page text not retrieved.\n"
    f = one(audit(make_data(tmp_path, statements={"wire.yaml": STATEMENTS, "daily.yaml": text})),
            "statement-quotes-summary")
    assert (f.severity, f.line) == ("error", 8) and f.file.endswith("daily.yaml")


def test_quote_copied_from_a_reference_fact_sheet(tmp_path):
    root = make_data(tmp_path / "data")
    ref = tmp_path / "facts.yaml"
    ref.write_text('- fact: "Analysts said Acme said it makes the A1, in March."\n  date: "2025-03"\n'
                   '- fact: "Something else."\n', encoding="utf-8")
    assert "statement-quote-in-reference" not in checks_of(audit(root))
    f = one(audit(root, reference=ref), "statement-quote-in-reference")
    assert (f.line, f.severity) == (6, "warning") and "reference fact 1" in f.message


def test_unreadable_reference_is_a_clear_error(tmp_path):
    from kg.errors import DataError

    ref = tmp_path / "facts.yaml"
    ref.write_text("fact: not a list\n")
    with pytest.raises(DataError, match="list of fact items"):
        audit(make_data(tmp_path / "data"), reference=ref)


# ---------------------------------------------------------------- corroboration

def test_claim_resting_on_one_publisher(tmp_path):
    sources = SOURCES.replace("  publisher: daily\n", "  publisher: wire\n")
    f = one(audit(make_data(tmp_path, sources=sources)), "claim-single-publisher")
    assert f.severity == "warning" and "2 reports" in f.message and "wire" in f.message
    assert f.file.endswith("daily.yaml") and f.line == 3  # the first statement read (daily.yaml sorts first)


def test_relay_counts_under_the_original_publisher(tmp_path):
    sources = SOURCES.replace("  title: Acme and the A1\n", "  title: Acme and the A1\n  relays: wire-report\n")
    assert "claim-single-publisher" in checks_of(audit(make_data(tmp_path, sources=sources)))


def test_a_lone_statement_is_a_single_publisher_claim(tmp_path):
    f = one(audit(make_data(tmp_path, statements={"wire.yaml": STATEMENTS})), "claim-single-publisher")
    assert "1 report " in f.message


# ---------------------------------------------------------------- entities and decisions

def test_entity_without_ar_or_zh_label_or_wikidata(tmp_path):
    entities = ENTITIES.replace("  label: {en: Acme Chips, ar: أكمي, zh: 顶点芯片}\n  wikidata: Q900001\n",
                                "  label: {en: Acme Chips, zh-Hant: 頂點晶片}\n")
    findings = audit(make_data(tmp_path, entities=entities))
    assert one(findings, "entity-no-ar-label").line == 12
    assert "entity-no-zh-label" not in checks_of(findings)  # zh-Hant counts as Chinese
    assert one(findings, "entity-no-wikidata").record == "acme"
    entities = ENTITIES.replace("{en: Acme Chips, ar: أكمي, zh: 顶点芯片}", "{en: Acme Chips, ar: أكمي}")
    assert one(audit(make_data(tmp_path, entities=entities)), "entity-no-zh-label").record == "acme"


def _rule(**fields) -> str:
    text = ("- id: bis-rule-2025-01\n  type: Decision\n"
            "  label: {en: BIS interim final rule on AI chips, ar: قاعدة, zh: 规则}\n")
    return text + "".join(f"  {k}: {v}\n" for k, v in fields.items())


@pytest.mark.parametrize("fields,check", [
    ({"issuer": "bis"}, "decision-no-fr-identity"),
    ({"issuer": "bis", "citation": "90 FR 4544"}, "decision-partial-fr-identity"),
    ({"issuer": "bis", "citation": "90 FR 4544", "document_number": "2025-00636"}, None),
    ({"issuer": "acme"}, None),
    ({"issuer": "bis", "note": "Announced; not yet published in the Federal Register."}, None),
])
def test_federal_register_rules_need_their_fr_identity(tmp_path, fields, check):
    findings = select(audit(make_data(tmp_path, entities=ENTITIES + _rule(**fields))), checks=["decision-"])
    assert [f.check for f in findings] == ([check] if check else [])
    if check:
        assert findings[0].line == 26 and findings[0].record == "bis-rule-2025-01"


# ---------------------------------------------------------------- CLI

@pytest.fixture
def flawed(tmp_path) -> Path:
    """Data with one error (a home-page URL) and one warning (an unknown title)."""
    sources = SOURCES.replace("https://daily-courier.net/news/2025/03/02/acme-a1", "https://daily-courier.net/")
    sources = sources.replace("  title: Acme makes the A1\n", "  unknown: [title]\n")
    return make_data(tmp_path / "data", sources=sources)


def test_cli_table_and_summary(runner, flawed):
    result = run_cli(runner, "audit", "--data", str(flawed))
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert lines[-1] == "1 error, 1 warning, 0 info in 2 records"
    assert any(":8: error url-home-page [daily-article]: " in line for line in lines)


def test_cli_strict_exit_codes(runner, flawed, tmp_path):
    assert run_cli(runner, "audit", "--data", str(flawed), "--strict").exit_code == 1
    only_warnings = run_cli(runner, "audit", "--data", str(flawed), "--strict", "--severity", "warning")
    assert only_warnings.exit_code == 0 and "0 errors, 1 warning" in only_warnings.output
    clean = make_data(tmp_path / "clean")
    result = run_cli(runner, "audit", "--data", str(clean), "--strict")
    assert result.exit_code == 0 and "0 errors, 0 warnings, 0 info in 0 records" in result.output


def test_cli_csv_and_json(runner, flawed):
    out = run_cli(runner, "audit", "--data", str(flawed), "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["check"] for r in rows] == ["source-unknown-title", "url-home-page"]
    assert rows[1]["line"] == "8" and rows[1]["record"] == "daily-article" and rows[1]["hint"]
    doc = json.loads(run_cli(runner, "audit", "--data", str(flawed), "--format", "json").stdout)
    assert doc["summary"]["error"] == 1 and doc["summary"]["warning"] == 1 and doc["summary"]["records"] == 2
    assert {f["check"] for f in doc["findings"]} == {"url-home-page", "source-unknown-title"}


def test_cli_check_filter_and_families(runner, flawed):
    out = run_cli(runner, "audit", "--data", str(flawed), "--check", "url-").output
    assert "url-home-page" in out and "source-unknown-title" not in out
    result = run_cli(runner, "audit", "--data", str(flawed), "--check", "url-nonsense")
    assert result.exit_code == 2 and "--list-checks" in result.output


def test_cli_list_checks(runner):
    out = run_cli(runner, "audit", "--list-checks").output
    assert len(out.strip().splitlines()) == len(CHECKS) and "statement-no-date" in out


def test_cli_missing_data_dir(runner, tmp_path):
    result = run_cli(runner, "audit", "--data", str(tmp_path / "nope"))
    assert result.exit_code == 1 and "no such data directory" in result.output


def test_summary_line_counts_records_once():
    from kg.audit import Finding

    fs = [Finding("error", "url-proxy", "a.yaml", 3, "s1", "m"), Finding("warning", "url-tracking", "a.yaml", 3, "s1", "m"),
          Finding("warning", "data-invalid", "b.yaml", 9, "", "m")]
    assert summary_line(fs) == "1 error, 2 warnings, 0 info in 2 records"


def test_source_without_language_is_an_error(tmp_path):
    sources = SOURCES.replace("  language: en\n  title: Acme and the A1\n", "  title: Acme and the A1\n")
    f = one(audit(make_data(tmp_path, sources=sources)), "source-no-language")
    assert f.severity == "error" and f.file.endswith("sources/all.yaml") and f.line == 7


def test_csv_statement_findings_name_the_row_line(tmp_path):
    sources = SOURCES.replace("  published: 2025-03-02\n", "").replace(
        "  title: Acme and the A1\n", "  title: Acme and the A1\n  unknown: [published]\n")
    rows = ("source,subject,predicate,object,date,quote,quote_lang,note\n"
            "wire-report,acme,manufactures,a1,2025-02,Acme makes the A1,en,\n"
            'daily-article,acme,manufactures,a1,,"Acme, it said, makes the A1",en,"Quote from the reference '
            'fact sheet\'s summary; page text not retrieved."\n')
    root = make_data(tmp_path, sources=sources, statements={"bulk.csv": rows})
    findings = audit(root)
    for check in ("statement-no-date", "statement-quotes-summary"):
        f = one(findings, check)
        assert f.file.endswith("statements/bulk.csv") and f.line == 3, f
