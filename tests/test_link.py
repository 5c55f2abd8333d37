"""The entity linker: normalisation, matching rules, the seed report, and ``kg link``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from kg.link import EntityInfo, Gazetteer, InputError, decode_text, detect_language, link_text, load_gazetteer
from kg.text import normalize, normalize_key
from kg.link.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "texts" / "seed-ar-wsj-blackwell-2025.txt"


@pytest.fixture(scope="module")
def gaz(bundled_build):
    return load_gazetteer(bundled_build / "store")


def found(text, gazetteer, lang="auto"):
    return [(m.text, m.entity_id) for m in link_text(text, gazetteer, lang)]


def small_gazetteer() -> Gazetteer:
    return Gazetteer.from_entities([
        EntityInfo("united-states", "Country", "United States",
                   (("United States", "en"), ("US", "en"), ("U.S.", "en"), ("الولايات المتحدة", "ar"), ("美国", "zh")),
                   government="us-federal-government", capital="washington-dc"),
        EntityInfo("us-federal-government", "GovernmentAgency", "United States federal government",
                   (("US government", "en"), ("Trump administration", "en")), country="united-states"),
        EntityInfo("washington-dc", "Place", "Washington, D.C.",
                   (("Washington, D.C.", "en"), ("Washington", "en"), ("واشنطن", "ar"), ("华盛顿", "zh"))),
        EntityInfo("donald-trump", "Person", "Donald Trump",
                   (("Donald Trump", "en"), ("دونالد ترامب", "ar"), ("ترمب", "ar"), ("唐纳德·特朗普", "zh"),
                    ("川普", "zh-Hant"))),
        EntityInfo("tom-cotton", "Person", "Tom Cotton", (("Tom Cotton", "en"),)),
        EntityInfo("ben-cotton", "Person", "Ben Cotton", (("Ben Cotton", "en"),)),
        EntityInfo("nvidia", "Company", "Nvidia", (("Nvidia", "en"), ("NVIDIA", "en"), ("إنفيديا", "ar"),
                                                   ("英伟达", "zh"), ("輝達", "zh-Hant"))),
        EntityInfo("h20", "Chip", "H20", (("H20", "en"), ("Nvidia H20", "en"))),
        EntityInfo("meta", "Company", "Meta", (("Meta", "en"),)),
        EntityInfo("us-commerce", "GovernmentAgency", "US Department of Commerce", (("商务部", "zh"),),
                   country="united-states", related=frozenset({"united-states"})),
        EntityInfo("mofcom", "GovernmentAgency", "MOFCOM", (("商务部", "zh"),), country="china"),
        EntityInfo("china", "Country", "China", (("China", "en"), ("الصين", "ar"), ("中国", "zh")),
                   government="chinese-government", capital="beijing"),
        EntityInfo("chinese-government", "GovernmentAgency", "Government of China", (("Chinese government", "en"),)),
        EntityInfo("beijing", "Place", "Beijing", (("Beijing", "en"), ("بكين", "ar"), ("北京", "zh"))),
        EntityInfo("xi-jinping", "Person", "Xi Jinping", (("Xi Jinping", "en"), ("Xi", "en"), ("习近平", "zh"))),
    ])


# ---------------------------------------------------------------- normalisation

@pytest.mark.parametrize("a, b", [
    ("الصِّينُ", "الصين"),  # diacritics
    ("الصـــين", "الصين"),  # tatweel
    ("أميركا", "اميركا"), ("إنفيديا", "انفيديا"), ("آسيا", "اسيا"),  # alef/hamza forms
    ("مدينة", "مدينه"),  # ta marbuta / ha
    ("مستشفى", "مستشفي"),  # alef maqsura / ya
    ("英偉達", "英伟达"), ("華盛頓", "华盛顿"),  # Traditional → Simplified
    ("U.S.", "US"), ("NVIDIA", "Nvidia"), ("Trump–Xi", "trump xi"), ("Nvidia’s", "Nvidia's"),
    ("唐納德・川普", "唐纳德川普"), ("Ｈ２０", "H20"), ("٢٠٢٥", "2025"),
])
def test_normalised_forms_compare_equal(a, b):
    assert normalize_key(a) == normalize_key(b)


def test_offsets_map_back_to_the_input_as_given():
    text = "\ufeffقال ترمـــب:  وَالصِّينُ\r\nU.S. Nvidia’s"
    n = normalize(text)
    for i, ch in enumerate(n.text):
        a, b = n.original_span(i, i + 1)
        assert 0 <= a < b <= len(text)
    i = n.text.index("الصين")
    assert text[slice(*n.original_span(i, i + 5))] == "الصِّينُ"
    j = n.text.index("us")
    assert text[slice(*n.original_span(j, j + 2))] == "U.S."


# ---------------------------------------------------------------- matching rules (small gazetteer)

@pytest.mark.parametrize("text, span", [
    ("قال مسؤول للصين إن", "لصين"),
    ("الاجتماع في بواشنطن", "واشنطن"),
    ("بين أميركا والصين", "الصين"),
    ("بين واشنطن وبكين", "بكين"),
    ("فالصين", "الصين"),
])
def test_arabic_proclitics_are_outside_the_span(text, span):
    gazetteer = small_gazetteer()
    spans = [text[m.start:m.end] for m in link_text(text, gazetteer, "ar")]
    assert span in spans


def test_chinese_variants_and_regional_names_link_to_one_entity():
    gazetteer = small_gazetteer()
    text = "英伟达、英偉達和輝達；特朗普（川普）"
    assert [e for _, e in found(text, gazetteer, "zh")] == ["nvidia", "nvidia", "nvidia", "donald-trump", "donald-trump"]


def test_english_case_possessives_and_acronyms():
    gazetteer = small_gazetteer()
    text = "NVIDIA's chips, U.S. rules and US officials; let us see. Trump-Xi talks; meta-analysis."
    assert found(text, gazetteer, "en") == [
        ("NVIDIA", "nvidia"), ("U.S.", "united-states"), ("US", "united-states"), ("Trump", "donald-trump"),
        ("Xi", "xi-jinping")]


def test_xian_is_not_xi():
    assert found("a plant in Xi'an and Xi's remarks", small_gazetteer(), "en") == [("Xi", "xi-jinping")]


def test_longest_match_wins():
    gazetteer = small_gazetteer()
    assert found("the Trump administration and the Nvidia H20", gazetteer, "en") == [
        ("Trump administration", "us-federal-government"), ("Nvidia H20", "h20")]


def test_overlapping_names_of_one_entity_make_one_mention():
    gazetteer = Gazetteer.from_entities([EntityInfo("xi-jinping", "Person", "Xi Jinping",
                                                    (("Xi Jinping", "en"), ("President Xi", "en")))])
    assert found("President Xi Jinping said", gazetteer, "en") == [("Xi Jinping", "xi-jinping")]


def test_surname_alone_resolves_by_full_name_earlier_or_not_at_all():
    gazetteer = small_gazetteer()
    assert found("Cotton said no.", gazetteer, "en") == []  # two people named Cotton
    assert found("Tom Cotton spoke. Later Cotton said no.", gazetteer, "en") == [
        ("Tom Cotton", "tom-cotton"), ("Cotton", "tom-cotton")]
    assert found("Ben Cotton spoke; Cotton said no.", gazetteer, "en")[-1] == ("Cotton", "ben-cotton")
    assert found("قال ترمب", gazetteer, "ar") == [("ترمب", "donald-trump")]  # unique in the graph


@pytest.mark.parametrize("text, lang, expected", [
    ("Washington warned Beijing.", "en", ["us-federal-government", "chinese-government"]),
    ("Officials in Washington flew to Beijing.", "en", ["washington-dc", "beijing"]),
    ("The Washington Post said", "en", []),
    ("وافقت واشنطن على طلب بكين", "ar", ["us-federal-government", "chinese-government"]),
    ("السفارة الصينية بواشنطن وفي بكين", "ar", ["washington-dc", "beijing"]),
    ("北京批评华盛顿", "zh", ["chinese-government", "us-federal-government"]),
    ("他在北京说，返回华盛顿后", "zh", ["beijing", "washington-dc"]),
    ("据华盛顿邮报报道", "zh", []),
])
def test_capitals_as_actors_link_to_governments(text, lang, expected):
    assert [e for _, e in found(text, small_gazetteer(), lang)] == expected


def test_shared_name_resolved_by_context_or_language():
    gazetteer = small_gazetteer()
    assert found("商务部表示", gazetteer, "zh") == [("商务部", "mofcom")]  # Chinese press: China's ministry
    assert found("美国官员说，商务部将", gazetteer, "zh")[-1] == ("商务部", "mofcom")
    assert found("商务部长", gazetteer, "zh") == []  # a minister's title, not the ministry


def test_agency_in_a_title_is_not_a_mention():
    gazetteer = Gazetteer.from_entities([EntityInfo("treasury", "GovernmentAgency", "US Treasury", (("Treasury", "en"),))])
    assert found("Treasury Secretary Scott Bessent and the Treasury", gazetteer, "en") == [("Treasury", "treasury")]
    assert link_text("Treasury Secretary Scott Bessent and the Treasury", gazetteer, "en")[0].start == 41


def test_language_detection():
    assert detect_language("英伟达H20芯片") == "zh"
    assert detect_language("رقاقة H20 من إنفيديا") == "ar"
    assert detect_language("Nvidia's H20") == "en"
    with pytest.raises(InputError, match="cannot tell the language"):
        detect_language("2025 — 15%")


def test_sentences():
    text = "Sen. Tom Cotton met U.S. officials. Nvidia's H20 was discussed!\n第二句。第三句"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Sen. Tom Cotton met U.S. officials.", "Nvidia's H20 was discussed!", "第二句。", "第三句"]


# ---------------------------------------------------------------- the graph's gazetteer and the seed

SEED_ENTITIES = {
    "marco-rubio", "donald-trump", "xi-jinping", "jensen-huang", "jamieson-greer", "howard-lutnick", "kush-desai",
    "joe-biden", "nvidia", "the-wall-street-journal", "financial-times", "white-house", "blackwell", "h20", "china",
    "united-states", "busan", "south-korea",
}


def test_seed_mentions_with_correct_offsets(gaz):
    text = SEED.read_bytes().decode("utf-8")
    mentions = link_text(text, gaz, "ar")
    assert all(text[m.start:m.end] == m.text for m in mentions)
    spans = {(m.start, m.end, m.entity_id) for m in mentions}
    assert SEED_ENTITIES <= {e for *_, e in spans}
    gold = json.loads((ROOT / "tests" / "fixtures" / "linking" / "seed-ar.json").read_text(encoding="utf-8"))
    for g in gold["mentions"]:
        if g["entity"] in SEED_ENTITIES:
            assert (g["start"], g["end"], g["entity"]) in spans, g
    # spot checks, counted by hand in the seed text
    assert (77, 88, "marco-rubio") in spans  # ماركو روبيو
    assert (351, 357, "nvidia") in spans  # نفيديا (a variant of إنفيديا)
    assert (438, 453, "united-states") in spans  # للولايات المتحدة, without the preposition
    assert (1217, 1222, "jensen-huang") in spans  # هوانج alone
    assert (1058, 1062, "chinese-government") in spans  # بكين as an actor
    assert (2065, 2068, "h20") in spans  # رقاقة H20 → H20


def test_gazetteer_holds_every_label_and_alias_of_the_graph(gaz, bundled_build):
    from kg.store.local import open_store

    rows = open_store(bundled_build / "store").query(
        "SELECT ?e ?l WHERE { VALUES ?p { rdfs:label skos:altLabel } ?e ?p ?l "
        "FILTER(STRSTARTS(STR(?e), STR(ent:))) }", prefixes={"rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                                                            "skos": "http://www.w3.org/2004/02/skos/core#",
                                                            "ent": "https://w3id.org/chip-policy-kg/entity/"})
    missing = []
    for row in rows:
        eid, key = row["e"].value.rsplit("/", 1)[1], normalize_key(row["l"].value)
        if len(key) >= 2 and not key.replace(" ", "").isdigit() and key not in gaz.keys_of.get(eid, ()):
            missing.append((eid, row["l"].value))
    assert not missing


def test_linking_needs_no_network(bundled_build):
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network access during linking')\n"
        "socket.socket.connect = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
        "from kg.link import load_gazetteer, link_text\n"
        f"gaz = load_gazetteer({str(bundled_build / 'store')!r})\n"
        "print(len(link_text('英偉達與川普；إنفيديا وترمب; Nvidia and Trump', gaz)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "6"


def test_importing_the_cli_loads_no_matcher_library():
    code = "import sys, kg.cli; print([m for m in ('ahocorasick', 'opencc') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- kg link

def test_kg_link_json(runner, bundled_build):
    out = run_cli(runner, "link", str(SEED), "--store", str(bundled_build / "store"), "--lang", "ar")
    assert out.exit_code == 0, out.output
    mentions = json.loads(out.output)
    assert set(mentions[0]) == {"start", "end", "text", "entity", "label_en", "type"}
    first = mentions[0]
    assert first == {"start": 13, "end": 29, "text": "وول ستريت جورنال",
                     "entity": "https://w3id.org/chip-policy-kg/entity/the-wall-street-journal",
                     "label_en": "The Wall Street Journal", "type": "MediaOutlet"}


def test_kg_link_table_from_stdin(runner, bundled_build):
    out = run_cli(runner, "link", "-", "--store", str(bundled_build / "store"), "--format", "table",
                  input="Rubio warned Beijing about Nvidia.")
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0].split() == ["start", "end", "text", "entity", "type", "label_en"]
    assert lines[2].split()[:4] == ["0", "5", "Rubio", "ent:marco-rubio"]
    assert "ent:chinese-government" in lines[3] and lines[-1] == "(3 mentions)"


@pytest.mark.parametrize("content, lang, message", [
    (b"", "auto", "is empty: there is no text to link"),
    (b"  \n\t\n", "auto", "is empty"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00", "auto", "looks like a binary file"),
    ("إنفيديا والصين".encode("windows-1256"), "auto", "is not UTF-8 text (byte 0x"),
    ("英伟达".encode("gb18030"), "auto", "GB18030"),
    ("Nvidia".encode(), "fr", "unknown language code 'fr'"),
    (b"2025 - 15%", "auto", "cannot tell the language"),
])
def test_kg_link_bad_input_is_a_clear_error(tmp_path, bundled_build, content, lang, message):
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    proc = subprocess.run([sys.executable, "-m", "kg", "link", str(path), "--lang", lang,
                           "--store", str(bundled_build / "store")], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: ") and message in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_kg_link_missing_file_and_store(runner, bundled_build, tmp_path):
    out = run_cli(runner, "link", str(tmp_path / "nope.txt"), "--store", str(bundled_build / "store"))
    assert out.exit_code == 1 and "no such file" in out.output
    out = run_cli(runner, "link", str(SEED), "--store", str(tmp_path / "nostore"))
    assert out.exit_code == 1 and "run 'kg build' first" in out.output


def test_decode_keeps_a_bom_so_offsets_count_it():
    text = decode_text("\ufeffNvidia".encode())
    assert text[0] == "\ufeff"
    gazetteer = small_gazetteer()
    assert [(m.start, m.end) for m in link_text(text, gazetteer, "en")] == [(1, 7)]


def test_chinese_minister_titles_but_not_other_words_after_a_name():
    gazetteer = Gazetteer.from_entities([
        EntityInfo("congress", "GovernmentAgency", "US Congress", (("美国国会", "zh"),)),
        EntityInfo("commerce", "GovernmentAgency", "US Department of Commerce", (("美国商务部", "zh"),)),
    ])
    assert found("美国国会长期以来", gazetteer, "zh") == [("美国国会", "congress")]
    assert found("美国商务部长卢特尼克", gazetteer, "zh") == []
