"""Generate synthetic Federal Register documents in the FR's own formats (benchmarks only).

Each document is ``<number>.json`` (an FR API document object) and, for most, ``<number>.xml``
(FR full-text XML with an Entity List table in ``<REGTEXT PART="744">``). Everything is
fictional: numbers ``2099-NNNNN``, volume 164, made-up names and addresses; nothing here
describes a real rule. Deterministic for a given ``--seed``.

    python benchmarks/fr_generate.py --n 2000 --out /tmp/fr-bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

FR = "https://www.federalregister.gov"
AGENCIES = [
    {"raw_name": "DEPARTMENT OF COMMERCE", "name": "Commerce Department", "id": 54, "parent_id": None,
     "slug": "commerce-department", "url": FR + "/agencies/commerce-department", "json_url": FR + "/api/v1/agencies/54"},
    {"raw_name": "Bureau of Industry and Security", "name": "Industry and Security Bureau", "id": 241, "parent_id": 54,
     "slug": "industry-and-security-bureau", "url": FR + "/agencies/industry-and-security-bureau",
     "json_url": FR + "/api/v1/agencies/241"},
]
COUNTRIES = ["CHINA, PEOPLE'S REPUBLIC OF", "HONG KONG", "RUSSIA", "IRAN", "SINGAPORE", "UNITED ARAB EMIRATES"]
WORDS = ["Aurora", "Boreal", "Cobalt", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Indigo", "Jade", "Kestrel",
         "Lumen", "Meridian", "Nimbus", "Onyx", "Pioneer", "Quartz", "Radiant", "Summit", "Tundra", "Umbra", "Vertex"]
KINDS = ["Technology Co., Ltd.", "Electronics Limited", "Semiconductor Corp.", "Research Institute",
         "Trading Company", "Microsystems Inc."]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _long(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _xml(number: str, rin: str, published: dt.date, rows: list[tuple[str, str, list[str], str]], cites: str) -> str:
    entries = []
    country = None
    for c, name, aliases, address in rows:
        first = f'<ENT I="01">{c}</ENT><ENT>*    *    *    *    *    *</ENT>' if c != country else ""
        if first:
            entries.append(f"<ROW>{first}</ROW>")
        country = c
        if aliases:
            lis = "".join(f"<LI>—{a}{'; and' if i < len(aliases) - 1 else '.'}</LI>" for i, a in enumerate(aliases))
            cell = f"{name}, a.k.a., the following {len(aliases)} aliases:{lis}<LI>{address}</LI>"
        else:
            cell = f"{name}, {address}"
        entries.append(f'<ROW><ENT I="22"> </ENT><ENT>{cell}</ENT><ENT>For all items subject to the EAR. '
                       f'(See § 744.11 of the EAR).</ENT><ENT>Presumption of denial.</ENT>'
                       f'<ENT>164 FR [INSERT FR PAGE NUMBER], {published:%m/%d/%Y}.</ENT></ROW>')
    quoted = " and ".join(f"“{name}”" for _, name, _, _ in rows)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<RULE>
<PREAMB>
<AGENCY TYPE="S">DEPARTMENT OF COMMERCE</AGENCY>
<SUBAGY>Bureau of Industry and Security</SUBAGY>
<CFR>15 CFR Part 744</CFR>
<DEPDOC>[Docket No. {number}]</DEPDOC>
<RIN>RIN {rin}</RIN>
<SUBJECT>Additions to the Entity List</SUBJECT>
<SUM><HD SOURCE="HED">SUMMARY:</HD><P>This rule adds {len(rows)} entities to the Entity List.{cites}</P></SUM>
<DATES><HD SOURCE="HED">DATES:</HD><P>This rule is effective {_long(published)}.</P></DATES>
</PREAMB>
<REGTEXT PART="744" TITLE="15">
<AMDPAR>2. Supplement no. 4 to part 744 is amended by adding entries for {quoted} to read as follows:</AMDPAR>
<GPOTABLE CDEF="s50,r50,r50,r50,r50" COLS="5" OPTS="L2,i1">
<BOXHD>
<CHED H="1">Country</CHED>
<CHED H="1">Entity</CHED>
<CHED H="1">License requirement</CHED>
<CHED H="1">License review policy</CHED>
<CHED H="1">Federal Register citation</CHED>
</BOXHD>
{chr(10).join(entries)}
</GPOTABLE>
</REGTEXT>
<FRDOC>[FR Doc. {number} Filed {published:%m-%d-%y}; 8:45 am]</FRDOC>
</RULE>
"""


def generate(n: int, out: Path, seed: int = 15, rows_per_rule: int = 5) -> int:
    """Write ``n`` documents into ``out``; returns how many have XML."""
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    start = dt.date(2099, 1, 4)
    page, with_xml = 1, 0
    docs: list[tuple[str, int]] = []
    for i in range(n):
        number = f"2099-{i + 1:05d}"
        published = start + dt.timedelta(days=i // 8)
        pages = rnd.randint(2, 30)
        citation = f"164 FR {page}"
        rin = f"0694-B{i // 3 % 100:02d}"
        cites, abstract = "", f"This rule adds entities to the Entity List (synthetic document {i + 1})."
        if docs and rnd.random() < 0.3:
            earlier = docs[rnd.randrange(len(docs))]
            verb = rnd.choice(["amends", "corrects", "extends the comment period of", "rescinds"])
            cites = f" This rule {verb} the rule published at 164 FR {earlier[1]}."
            abstract += cites
        doc = {
            "abstract": abstract, "action": "Final rule.", "agencies": AGENCIES,
            "cfr_references": [{"title": 15, "part": 744, "chapter": 7, "citation_url": None}],
            "citation": citation, "correction_of": None, "corrections": [],
            "dates": f"This rule is effective {_long(published)}.", "docket_ids": [f"Docket No. {number}"],
            "document_number": number, "effective_on": published.isoformat(), "end_page": page + pages - 1,
            "full_text_xml_url": None, "html_url": f"{FR}/documents/{published:%Y/%m/%d}/{number}/synthetic",
            "json_url": f"{FR}/api/v1/documents/{number}.json", "pdf_url": None,
            "publication_date": published.isoformat(), "regulation_id_numbers": [rin], "significant": False,
            "signing_date": None, "start_page": page, "title": f"Additions to the Entity List (synthetic {i + 1})",
            "type": "Rule", "volume": 164,
        }
        if i % 10 != 9:  # most with full text
            rows = []
            for j in range(rows_per_rule):
                name = f"{rnd.choice(WORDS)} {rnd.choice(WORDS)} {rnd.choice(KINDS)}"
                aliases = [f"{name.split()[0]} {rnd.choice(WORDS)}"] if rnd.random() < 0.5 else []
                address = f"No. {rnd.randint(1, 999)} {rnd.choice(WORDS)} Road, {rnd.choice(WORDS)} District."
                rows.append((COUNTRIES[(i + j) % len(COUNTRIES)], name, aliases, address))
            rows.sort(key=lambda r: COUNTRIES.index(r[0]))
            doc["full_text_xml_url"] = f"{FR}/documents/full_text/xml/{published:%Y/%m/%d}/{number}.xml"
            (out / f"{number}.xml").write_text(_xml(number, rin, published, rows, cites), encoding="utf-8")
            with_xml += 1
        (out / f"{number}.json").write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        docs.append((number, page))
        page += pages
    return with_xml


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    with_xml = generate(args.n, args.out, args.seed)
    print(f"wrote {args.n} documents ({with_xml} with full-text XML) into {args.out}")


if __name__ == "__main__":
    main()
