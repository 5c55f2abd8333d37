"""``kg link`` and ``kg ingest``: find the graph's entities in a text; ingest an article."""

from __future__ import annotations

import json

import click

from kg.cli import main
from kg.cli.common import echo_out, format_option, store_option


def _width(text: str) -> int:
    """Columns a text takes in a terminal (Chinese characters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(mentions) -> str:
    rows = [("start", "end", "text", "entity", "type", "label_en")]
    rows += [(str(m.start), str(m.end), " ".join(m.text.split()), "ent:" + m.entity_id, m.type, m.label_en)
             for m in mentions]
    widths = [max(_width(r[i]) for r in rows) for i in range(5)]
    lines = ["  ".join(c + " " * (w - _width(c)) for c, w in zip(r[:5], widths)) + "  " + r[5] for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * 8)
    lines.append(f"({len(mentions)} mention{'s' if len(mentions) != 1 else ''})")
    return "\n".join(lines)


@main.command("link")
@click.argument("file", metavar="FILE|-")
@click.option("--lang", default="auto", show_default=True, metavar="ar|zh|en|auto",
              help="The language of the text (auto: told from its script).")
@store_option
@format_option(("json", "table"), default="json")
def link_command(file: str, lang: str, store: str, fmt: str) -> None:
    """Find the entities of the graph named in a text (UTF-8; '-' reads stdin).

    Names are matched from every label and alias of the graph, in Arabic (diacritics, hamza
    forms and attached و ف ب ل ك handled), Chinese (Simplified or Traditional) and English
    (case, possessives, U.S./US). Offsets are character offsets into the text as given.

    \b
    Examples:
      kg link data/texts/seed-ar-wsj-blackwell-2025.txt --format table
      echo 'Rubio warned Beijing about Nvidia H20 sales.' | kg link - --lang en
    """
    from kg.link import check_language, link_text, load_gazetteer, read_text

    language = check_language(lang)
    text = read_text(file)
    mentions = link_text(text, load_gazetteer(store), language)
    if fmt == "json":
        echo_out(json.dumps([m.as_json() for m in mentions], ensure_ascii=False, indent=2))
    else:
        echo_out(_table(mentions))


@main.command("ingest")
@click.argument("file", metavar="FILE|-")
@click.option("--url", required=True, help="The article's web address.")
@click.option("--publisher", required=True, metavar="ID", help="The publisher's entity id (e.g. reuters).")
@click.option("--published", required=True, metavar="DATE", help="Date published: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--lang", required=True, metavar="LANG", help="The article's language: ar, zh (zh-Hant, …) or en.")
@click.option("--relays", metavar="SOURCE_ID", help="The id of the report this article relays.")
@click.option("--title", help="The headline (listed as unknown when not given).")
@click.option("--kind", default="NewsArticle", show_default=True, help="The source kind.")
@click.option("--id", "source_id", metavar="ID", help="The new source's id (default: publisher-date-hash).")
@click.option("--data", default="data", show_default=True, type=click.Path(file_okay=False),
              help="The curated data directory to write into.")
@store_option
def ingest_command(file: str, url: str, publisher: str, published: str, lang: str, relays: str | None,
                   title: str | None, kind: str, source_id: str | None, data: str, store: str) -> None:
    """Ingest an article: write its source record, stored text and draft statements.

    Writes DATA/sources/ID.yaml (with the entities the text mentions), DATA/texts/ID.txt and
    DATA/statements/ID.yaml: candidate statements with 'status: draft', which 'kg build' skips
    until a curator has reviewed them and set 'status: reviewed'.

    \b
    Example:
      kg ingest docs/examples/article-en.txt --url https://www.example.com/2025/11/04/rubio-h20 \\
          --publisher reuters --published 2025-11-04 --lang en --relays wsj-2025-11-03-blackwell-opposition
    """
    from kg.link import read_text
    from kg.link.ingest import ingest_text
    from kg.link.textio import check_language

    check_language(lang, allow_auto=False)
    text = read_text(file)
    result = ingest_text(text, url=url, publisher=publisher, published=published, lang=lang, relays=relays,
                         title=title, kind=kind, source_id=source_id, data_dir=data, store_path=store)
    echo_out(str(result))
