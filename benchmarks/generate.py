"""Write synthetic curation data at scale: entities YAML, sources YAML, statements CSV.

The data follows the curation format (docs/data-format.md) and passes ``kg build``: every
statement's subject and object fit the predicate's domain and range, quotes not in English
carry a translation, and no two statements share an identifying key. It is deterministic
for a given size and seed, so benchmark runs compare like with like.

Shape, per N statements: N/20 entities (people, agencies, companies, chips, decisions,
outlets, countries), N/10 sources (one in four relays another report), statements in CSV
files of 50,000 rows; one in four quotes is in Chinese or Arabic with an English translation.

Usage::

    python benchmarks/generate.py 100000 /tmp/kg-100k      # writes /tmp/kg-100k/{entities,sources,statements}
    kg build --data /tmp/kg-100k --out /tmp/kg-100k-build
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

#: (subject type, predicate, object type or literal kind)
RELATIONS = [
    ("Person", "opposes", "Decision"),
    ("Person", "supports", "Decision"),
    ("Person", "criticized", "Company"),
    ("Person", "met_with", "Person"),
    ("Person", "holds_role", "GovernmentAgency"),
    ("Person", "commented_on", "Chip"),
    ("GovernmentAgency", "issued", "Decision"),
    ("GovernmentAgency", "summoned", "Company"),
    ("GovernmentAgency", "investigates", "Company"),
    ("Company", "manufactures", "Chip"),
    ("Company", "ordered", "Chip"),
    ("Company", "requested", "Decision"),
    ("Decision", "restricts", "Chip"),
    ("Decision", "affects", "Company"),
    ("Decision", "targets", "Country"),
    ("Decision", "permits", "Company"),
    ("Decision", "amends", "Decision"),
    ("Chip", "variant_of", "Chip"),
    ("Chip", "tpp", "decimal"),
    ("Decision", "effective_on", "date"),
]
#: How many entities of each type, per 1,000 entities.
TYPE_SHARE = {"Person": 400, "GovernmentAgency": 80, "Company": 200, "Chip": 150, "Decision": 120,
              "MediaOutlet": 40, "Country": 10}
ROWS_PER_FILE = 50_000
FIELDS = ["source", "subject", "predicate", "object", "date", "quote", "quote_lang", "translation",
          "attributed_to", "certainty"]
_WORDS = ("export controls chips licence advanced computing rule review officials said company sales "
          "market restrictions national security talks agreement approval shipment datacenter").split()
_ZH = "美国商务部对芯片出口实施新的管制措施官员表示公司销售市场限制国家安全谈判协议批准"
_AR = "قالت وزارة التجارة الأمريكية إن الشركة ستواصل المحادثات بشأن قيود تصدير الرقائق"
_CERTAINTIES = ("reported", "reported", "reported", "confirmed", "denied", "planned", "speculative")


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _date(rng: random.Random) -> str:
    year = rng.randint(2019, 2026)
    kind = rng.random()
    if kind < 0.15:
        return str(year)
    if kind < 0.35:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _sentence(rng: random.Random, n: int = 8) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n)).capitalize() + "."


def generate(statements: int, out: str | Path, *, seed: int = 7) -> dict[str, int]:
    """Write ``statements`` statements and their entities and sources under ``out``.

    Returns the counts written.

    Examples
    --------
    >>> import tempfile
    >>> generate(200, tempfile.mkdtemp())
    {'entities': 1000, 'sources': 20, 'statements': 200}
    """
    rng = random.Random(seed)
    out = Path(out)
    for sub in ("entities", "sources", "statements", "texts"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    n_entities = max(1000, statements // 20)
    ids: dict[str, list[str]] = {t: [] for t in TYPE_SHARE}
    lines: list[str] = []
    for type_, share in TYPE_SHARE.items():  # every id first: a person's role points to an agency
        ids[type_] = [f"{type_.lower()}-{i:06d}" for i in range(n_entities * share // 1000)]
    for type_, share in TYPE_SHARE.items():
        for i, eid in enumerate(ids[type_]):
            lines.append(f"- id: {eid}\n  type: {type_}\n  label: {{en: {type_} {i}, zh: 实体{i}, ar: كيان {i}}}\n")
            if type_ == "Person" and ids["GovernmentAgency"]:
                org = rng.choice(ids["GovernmentAgency"])
                lines.append(f"  roles:\n    - organization: {org}\n      title: Official\n      from: {_date(rng)}\n")
            elif type_ == "Chip" and ids["Company"]:
                lines.append(f"  maker: {rng.choice(ids['Company'])}\n  released: {rng.randint(2018, 2026)}\n")
            elif type_ == "Decision":
                lines.append(f"  date: {_date(rng)}\n")
    (out / "entities" / "synthetic.yaml").write_text("".join(lines), encoding="utf-8")

    n_sources = max(1, statements // 10)
    source_ids = [f"report-{i:07d}" for i in range(n_sources)]
    lines = []
    for i, sid in enumerate(source_ids):
        lang = rng.choice(("en", "en", "zh", "ar"))
        lines.append(f"- id: {sid}\n  url: https://news.example/{i}\n  publisher: {rng.choice(ids['MediaOutlet'])}\n"
                     f"  published: {_date(rng)}\n  language: {lang}\n  title: {_yaml_str(_sentence(rng, 6))}\n")
        if i > 10 and rng.random() < 0.25:
            lines.append(f"  relays: {source_ids[rng.randrange(i)]}\n")
    (out / "sources" / "synthetic.yaml").write_text("".join(lines), encoding="utf-8")

    seen: set[tuple[str, str, str, str, str]] = set()
    writer = handle = None
    written = 0
    while written < statements:
        if written % ROWS_PER_FILE == 0:
            if handle:
                handle.close()
            handle = open(out / "statements" / f"synthetic-{written // ROWS_PER_FILE:03d}.csv", "w",
                          encoding="utf-8", newline="")
            writer = csv.writer(handle)
            writer.writerow(FIELDS)
        stype, pred, otype = rng.choice(RELATIONS)
        subject = rng.choice(ids[stype])
        if otype == "decimal":
            obj = str(rng.randint(100, 9000))
        elif otype == "date":
            obj = _date(rng)
        else:
            obj = rng.choice(ids[otype])
            if obj == subject:
                continue
        source = source_ids[written // 10]
        date = _date(rng) if rng.random() < 0.6 else ""
        key = (source, subject, pred, obj, date)
        if key in seen:
            continue
        seen.add(key)
        lang = rng.choice(("en", "en", "en", "zh", "ar"))
        english = _sentence(rng)
        if lang == "zh":
            start = rng.randrange(len(_ZH) - 12)
            quote, translation = _ZH[start:start + 12], english
        elif lang == "ar":
            quote, translation = _AR, english
        else:
            quote, translation = english, ""
        attributed = rng.choice(ids["Person"]) if rng.random() < 0.3 else ""
        writer.writerow([source, subject, pred, obj, date, quote, lang, translation, attributed,
                         rng.choice(_CERTAINTIES)])
        written += 1
    if handle:
        handle.close()
    return {"entities": sum(len(v) for v in ids.values()), "sources": n_sources, "statements": written}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("statements", type=int, help="how many statements, e.g. 100000")
    parser.add_argument("out", help="the data directory to write")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(generate(args.statements, args.out, seed=args.seed))


if __name__ == "__main__":
    main()
