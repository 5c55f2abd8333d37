"""``kg ingest``: turn an article into a source record, its stored text and draft statements.

Three files are written under the data directory, all or none:

- ``sources/<id>.yaml``: the source record, with ``mentions:`` listing the entities the linker
  found (``kg build`` writes them as ``schema:mentions``, so co-mention analytics see the
  document at once);
- ``texts/<id>.txt``: the article's text, byte for byte, so mention offsets stay meaningful;
- ``statements/<id>.yaml``: ``status: draft`` candidate statements, which ``kg build`` skips
  until a curator has reviewed them and set ``status: reviewed``. Its header comments list the
  linked entities and the sentences they occur in (the loader accepts only ``source``,
  ``status`` and ``statements`` as keys, so these are comments).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kg.files import make_shared
from kg.link.drafts import DraftStatement, Sentence, draft_statements, sentences_with_mentions
from kg.link.matcher import Mention
from kg.link.textio import InputError, check_language

__all__ = ["IngestResult", "ingest_text", "known_source_ids"]


@dataclass
class IngestResult:
    """What ``kg ingest`` wrote."""

    source_id: str
    source_file: Path
    text_file: Path
    statements_file: Path
    mentions: list[Mention] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    drafts: list[DraftStatement] = field(default_factory=list)

    @property
    def entities(self) -> list[str]:
        """The ids of the entities mentioned, in order of first mention."""
        return list(dict.fromkeys(m.entity_id for m in self.mentions))

    def __str__(self) -> str:
        return "\n".join([
            f"wrote {self.source_file} (source {self.source_id}, mentions {len(self.entities)} entities)",
            f"wrote {self.text_file}",
            f"wrote {self.statements_file} ({len(self.drafts)} draft statements from {len(self.sentences)} "
            "sentences; review them, then set 'status: reviewed')",
        ])


def known_source_ids(data_dir: Path) -> set[str]:
    """The ids of the source records under ``data_dir/sources`` (read without validation).

    Examples
    --------
    >>> "seed-ar-wsj-blackwell-2025" in known_source_ids(Path("data"))
    True
    """
    from kg.records.loaders.yamlfile import load_yaml

    ids: set[str] = set()
    for path in sorted((data_dir / "sources").glob("*.y*ml")):
        try:
            doc = load_yaml(path.read_text(encoding="utf-8-sig"))
        except Exception:  # noqa: BLE001 - a broken file is the build's to report, not ingest's
            continue
        if isinstance(doc, list):
            ids |= {item["id"] for item in doc if isinstance(item, dict) and isinstance(item.get("id"), str)}
    return ids


def _check_args(*, url: str, publisher: str, published: str, lang: str, relays: str | None,
                source_id: str | None, kind: str) -> tuple[str, str]:
    from kg.records.model import ID_PATTERN, LANG_PATTERN, SOURCE_KINDS, parse_partial_date

    link_lang = check_language(lang, allow_auto=False)
    if not LANG_PATTERN.match(lang):
        raise InputError(f"{lang!r} is not a language tag such as ar, zh, zh-Hant or en")
    if not url.startswith(("http://", "https://")) or any(c.isspace() for c in url):
        raise InputError(f"--url {url!r} is not a web address: give it as https://…")
    try:
        date = parse_partial_date(published)
    except ValueError as exc:
        raise InputError(f"--published: {exc}; write YYYY-MM-DD, YYYY-MM or YYYY") from None
    for name, value in (("--publisher", publisher), ("--relays", relays), ("--id", source_id)):
        if value is not None and not ID_PATTERN.match(value):
            raise InputError(f"{name} {value!r} is not a kebab-case id (lower-case letters, digits, single hyphens)")
    if kind not in SOURCE_KINDS:
        raise InputError(f"--kind {kind!r} is not one of {', '.join(SOURCE_KINDS)}")
    return link_lang, date


def _write_all(files: dict[Path, bytes]) -> None:
    """Write every file or none: each goes to a temporary name first, then all are renamed."""
    temps: list[tuple[Path, str]] = []
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            temps.append((path, tmp))
            with os.fdopen(fd, "wb") as f:
                f.write(content)
            make_shared(tmp)
        for path, tmp in temps:
            os.replace(tmp, path)
    except OSError as exc:
        for _, tmp in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise InputError(f"cannot write the ingest files: {exc.strerror or exc}") from None


def _yaml(data) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)


def _comment(text: str) -> str:
    return "\n".join(f"# {line}".rstrip() for line in text.splitlines())


def _statements_file(source_id: str, lang: str, result: IngestResult, today: str) -> str:
    labels = {m.entity_id: (m.label_en, m.type) for m in result.mentions}
    where: dict[str, list[int]] = {}
    for s in result.sentences:
        for m in s.mentions:
            where.setdefault(m.entity_id, [])
            if s.index not in where[m.entity_id]:
                where[m.entity_id].append(s.index)
    width = max((len(e) for e in labels), default=0)
    lines = [
        f"Draft statements for {source_id}, written by `kg ingest` on {today}.",
        "`kg build` skips this file while it says `status: draft`. For each candidate: check subject,",
        "predicate and object, shorten the quote to the words that make the claim, add `translation:`",
        "(English) for a quote in another language, set `certainty`, `date` and `attributed_to` where",
        "the text gives them, delete candidates that are wrong, add what the linker missed. Then set",
        "`status: reviewed`.",
        "",
        f"Linked entities ({len(labels)}), with the sentences they occur in:",
    ]
    for eid, (label, etype) in labels.items():
        sentences = ", ".join(str(i) for i in where.get(eid, []))
        lines.append(f"  {eid:<{width}}  {label} ({etype}); sentences {sentences}")
    lines += ["", "Sentences that mention an entity:"]
    for s in result.sentences:
        lines.append(f"  [{s.index}] {' '.join(s.text.split())}")
    body = {"source": source_id, "status": "draft",
            "statements": [d.record(lang) for d in result.drafts]}
    return _comment("\n".join(lines)) + "\n" + _yaml(body)


def ingest_text(text: str, *, url: str, publisher: str, published: str, lang: str, relays: str | None = None,
                title: str | None = None, kind: str = "NewsArticle", source_id: str | None = None,
                data_dir: str | Path = "data", store_path: str | Path = "build/store") -> IngestResult:
    """Link an article's entities and write its source record, stored text and draft statements.

    Parameters
    ----------
    text : str
        The article's text (see :func:`kg.link.textio.read_text`).
    url, publisher, published, lang : str
        The source's web address, publisher (an entity id), date of publication and language.
    relays : str, optional
        The id of a source this article relays.
    title : str, optional
        The headline; listed as unknown when not given.
    kind : str
        The source kind (``NewsArticle`` by default).
    source_id : str, optional
        The new source's id; by default ``<publisher>-<published>-<8 hex digits of the text's hash>``.
    data_dir : str or Path
        The curated data directory to write into.
    store_path : str or Path
        The built store whose entities are linked.

    Returns
    -------
    IngestResult
        The files written, the mentions, sentences and draft statements.

    Raises
    ------
    InputError
        If an argument is malformed, the publisher or relayed source is unknown, or the source
        exists already (nothing is written).
    StoreError
        If there is no built store.

    Examples
    --------
    >>> import shutil, tempfile, kg
    >>> tmp = tempfile.mkdtemp()
    >>> data = shutil.copytree("data", tmp + "/data")
    >>> _ = kg.build(data, tmp + "/build")
    >>> result = ingest_text("Rubio opposed selling Nvidia's Blackwell to China.", url="https://example.com/a",
    ...                      publisher="reuters", published="2025-11-04", lang="en", source_id="reuters-example",
    ...                      data_dir=data, store_path=tmp + "/build/store")
    >>> result.entities
    ['marco-rubio', 'nvidia', 'blackwell', 'china']
    >>> [(d.subject, d.predicate, d.object) for d in result.drafts][:2]
    [('marco-rubio', 'opposes', 'nvidia'), ('marco-rubio', 'opposes', 'china')]
    """
    from kg.link.graph import load_gazetteer
    from kg.link.matcher import link_text

    link_lang, date = _check_args(url=url, publisher=publisher, published=published, lang=lang, relays=relays,
                                  source_id=source_id, kind=kind)
    data = Path(data_dir)
    if not (data / "entities").is_dir():
        raise InputError(f"{data} is not a data directory (it has no entities/): pass --data")
    gazetteer = load_gazetteer(store_path)
    if publisher not in gazetteer.entities:
        raise InputError(f"--publisher {publisher!r} is not an entity of the graph: use the id of an outlet "
                         "(see kg query 'SELECT ?o WHERE { ?o a kg:MediaOutlet }'), or add it and run kg build")
    sources = known_source_ids(data)
    if relays is not None and relays not in sources:
        raise InputError(f"--relays {relays!r} is not a source under {data / 'sources'}: give the id of the report "
                         "this article relays")
    sid = source_id or f"{publisher}-{date}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"
    if sid in sources:
        raise InputError(f"source {sid!r} exists already under {data / 'sources'}: this text was ingested before, "
                         "or pass another --id")
    files = {"source": data / "sources" / f"{sid}.yaml", "text": data / "texts" / f"{sid}.txt",
             "statements": data / "statements" / f"{sid}.yaml"}
    for path in files.values():
        if path.exists():
            raise InputError(f"{path} exists already: remove it or pass another --id")

    mentions = link_text(text, gazetteer, link_lang)
    sentences = sentences_with_mentions(text, mentions)
    result = IngestResult(sid, files["source"], files["text"], files["statements"], mentions, sentences,
                          draft_statements(sentences, link_lang))
    record: dict = {"id": sid, "kind": kind, "url": url, "publisher": publisher, "published": date,
                    "language": lang}
    if title:
        record["title"] = " ".join(title.split())
    if relays:
        record["relays"] = relays
    record["text"] = files["text"].name
    if not title:
        record["unknown"] = ["title"]
    record["mentions"] = result.entities
    today = _dt.date.today().isoformat()
    source_yaml = (f"# Written by `kg ingest` on {today}. `mentions` lists the entities the linker found in the text\n"
                   f"# ({files['text'].name}); check it against the text.\n" + _yaml([record]))
    _write_all({
        files["text"]: text.encode("utf-8"),
        files["statements"]: _statements_file(sid, lang, result, today).encode("utf-8"),
        files["source"]: source_yaml.encode("utf-8"),
    })
    return result
