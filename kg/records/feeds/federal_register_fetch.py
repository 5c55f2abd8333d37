"""``kg fetch federal-register``: download FR documents into ``data/feeds/federal-register/``.

It lists documents with the FR API's documents search (``/api/v1/documents.json`` with
``conditions[agencies][]``, ``conditions[term]``, ``conditions[publication_date][gte|lte]``,
``conditions[type][]``, ``fields[]``, ``per_page``, ``order``, following ``next_page_url``),
then writes each new document as ``<document_number>.xml`` (its ``full_text_xml_url``) and
``<document_number>.json`` (the search result object), each atomically; the JSON is written
last, so it marks a complete document. A second run skips what is there (incremental), and a
run that was interrupted picks up where it stopped (resumable). URLs on the FR's own host are
sent to ``--base-url`` instead, so a mirror or a test server can stand in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kg.records.model import parse_partial_date
from kg.records.feeds.atomic import remove_leftovers, write_atomic
from kg.records.feeds.http import FetchError, Politeness, PoliteClient

__all__ = ["FR_BASE_URL", "DOCUMENT_TYPES", "FIELDS", "FetchOptions", "FetchResult", "fetch_federal_register",
           "FetchError"]

FR_BASE_URL = "https://www.federalregister.gov"
#: The FR API's document type codes (``conditions[type][]``).
DOCUMENT_TYPES = ("RULE", "PRORULE", "NOTICE", "PRESDOCU")
#: The fields asked for (``fields[]``): what the loader reads, and FR's own others.
FIELDS = (
    "abstract", "action", "agencies", "cfr_references", "citation", "correction_of", "corrections", "dates",
    "docket_ids", "document_number", "effective_on", "end_page", "full_text_xml_url", "html_url", "json_url",
    "pdf_url", "publication_date", "regulation_id_numbers", "significant", "signing_date", "start_page", "title",
    "type", "volume",
)
_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{2,40}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class FetchOptions:
    """What to fetch, from where, into where."""

    into: Path
    agencies: tuple[str, ...] = ("industry-and-security-bureau",)
    term: str | None = None
    since: str | None = None
    until: str | None = None
    types: tuple[str, ...] = ()
    base_url: str = FR_BASE_URL
    per_page: int = 100
    politeness: Politeness = field(default_factory=Politeness)

    def check(self) -> None:
        """Raise :class:`FetchError` for options the API would reject or misread."""
        for slug in self.agencies:
            if not _SLUG.match(slug):
                raise FetchError(f"--agency {slug!r} is not an FR agency slug (e.g. industry-and-security-bureau)")
        for name, value in (("--since", self.since), ("--until", self.until)):
            if value is not None:
                try:
                    if len(parse_partial_date(value)) != 10:
                        raise ValueError(f"{value!r} is not a full date")
                except ValueError as exc:
                    raise FetchError(f"{name}: {exc} (write YYYY-MM-DD)") from None
        if self.since and self.until and self.since > self.until:
            raise FetchError(f"--since {self.since} is after --until {self.until}")
        for t in self.types:
            if t not in DOCUMENT_TYPES:
                raise FetchError(f"--type {t!r} is not an FR document type ({', '.join(DOCUMENT_TYPES)})")
        if not re.match(r"^https?://[^/\s]+", self.base_url):
            raise FetchError(f"--base-url {self.base_url!r} is not an http(s) URL")

    def params(self) -> list[tuple[str, str]]:
        """The query parameters of the first search page."""
        out: list[tuple[str, str]] = [("conditions[agencies][]", a) for a in self.agencies]
        if self.term:
            out.append(("conditions[term]", self.term))
        if self.since:
            out.append(("conditions[publication_date][gte]", self.since))
        if self.until:
            out.append(("conditions[publication_date][lte]", self.until))
        out += [("conditions[type][]", t) for t in self.types]
        out += [("fields[]", f) for f in FIELDS]
        out += [("per_page", str(self.per_page)), ("order", "oldest")]
        return out


@dataclass
class FetchResult:
    """What a run did."""

    into: Path
    listed: int = 0
    fetched: list[str] = field(default_factory=list)
    present: int = 0
    without_xml: list[str] = field(default_factory=list)
    requests: int = 0

    def __str__(self) -> str:
        if not self.fetched:
            return (f"nothing new: the {self.listed} document{'s' if self.listed != 1 else ''} matching are "
                    f"already in {self.into}")
        text = (f"fetched {len(self.fetched)} new document{'s' if len(self.fetched) != 1 else ''} into {self.into}"
                f" ({self.present} already there, {self.requests} requests)")
        if self.without_xml:
            text += f"; {len(self.without_xml)} without full-text XML"
        return text


def _local(url: str, base_url: str) -> str:
    """``url`` with the FR's own host replaced by ``base_url`` (a mirror or a test server)."""
    base_url = base_url.rstrip("/")
    if base_url != FR_BASE_URL and url.startswith(FR_BASE_URL + "/"):
        return base_url + url[len(FR_BASE_URL):]
    return url


def _json(response, url: str) -> dict:
    try:
        data = response.json()
    except ValueError:
        raise FetchError(f"{url}: the answer is not JSON (is --base-url an FR API?)") from None
    if not isinstance(data, dict):
        raise FetchError(f"{url}: the answer is not a search result page")
    return data


def _list(client: PoliteClient, options: FetchOptions) -> list[dict]:
    url = options.base_url.rstrip("/") + "/api/v1/documents.json"
    params: list[tuple[str, str]] | None = options.params()
    seen: dict[str, dict] = {}
    pages = 0
    while url:
        response = client.get(url, params)
        if response.status_code == 404:
            raise FetchError(f"{url}: not found (is --base-url an FR API?)")
        page = _json(response, url)
        for doc in page.get("results") or []:
            number = doc.get("document_number") if isinstance(doc, dict) else None
            if isinstance(number, str) and _NUMBER.match(number):
                seen.setdefault(number, doc)
        pages += 1
        nxt = page.get("next_page_url")
        url, params = (_local(nxt, options.base_url), None) if isinstance(nxt, str) and nxt else ("", None)
        if pages > 10_000:
            raise FetchError("more than 10,000 result pages: narrow the search (--since, --until, --type)")
    return list(seen.values())


def fetch_federal_register(options: FetchOptions, *, progress: Callable[[str, int, int], None] | None = None,
                           log: Callable[[str], None] | None = None,
                           sleep: Callable[[float], None] | None = None) -> FetchResult:
    """Download the documents ``options`` select that ``options.into`` does not hold yet.

    Parameters
    ----------
    options : FetchOptions
        The search, the server and the folder.
    progress : callable, optional
        ``progress(stage, done, total)`` as documents are written.
    log : callable, optional
        Told about retries.
    sleep : callable, optional
        How to wait (``time.sleep``); tests pass a recorder.

    Returns
    -------
    FetchResult

    Raises
    ------
    FetchError
        When the server cannot be reached or keeps failing; every file written before is
        complete, and running again fetches the rest.
    """
    options.check()
    into = Path(options.into)
    into.mkdir(parents=True, exist_ok=True)
    remove_leftovers(into)
    result = FetchResult(into=into)
    kwargs = {"sleep": sleep} if sleep is not None else {}
    with PoliteClient(options.politeness, log=log, **kwargs) as client:
        try:
            docs = _list(client, options)
            result.listed = len(docs)
            todo = [d for d in docs if not (into / f"{d['document_number']}.json").is_file()]
            result.present = len(docs) - len(todo)
            for i, doc in enumerate(todo):
                if progress:
                    progress("fetching", i, len(todo))
                _fetch_one(client, options, into, doc, result)
            if progress and todo:
                progress("fetching", len(todo), len(todo))
        except FetchError as exc:
            raise FetchError(f"{exc}. The fetch stopped after {len(result.fetched)} new documents; every file in "
                             f"{into} is complete: run the same command again to fetch the rest.") from None
        finally:
            result.requests = client.requests
    return result


def _fetch_one(client: PoliteClient, options: FetchOptions, into: Path, doc: dict, result: FetchResult) -> None:
    number = doc["document_number"]
    xml_url = doc.get("full_text_xml_url")
    if isinstance(xml_url, str) and xml_url:
        url = _local(xml_url, options.base_url)
        response = client.get(url)
        if response.status_code == 404:
            result.without_xml.append(number)
        else:
            body = response.content
            if not body.lstrip().startswith(b"<"):
                raise FetchError(f"{url}: the answer is not XML")
            write_atomic(into / f"{number}.xml", body)
    else:
        result.without_xml.append(number)
    text = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_atomic(into / f"{number}.json", text.encode("utf-8"))
    result.fetched.append(number)
