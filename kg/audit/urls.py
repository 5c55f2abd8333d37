"""Which URLs are a stable page of the document read: rules as data, one per kind of bad URL.

A source's URL must lead a reader back to the page that was read. Not stable: bare IP
addresses, API and test endpoints, proxies and mirrors serving someone else's page, home
pages, and listing, tag, search or category pages (their content changes); tracking
parameters make one page look like many.

Archives: a Wayback Machine snapshot (``web.archive.org/web/<timestamp>/<url>``) is a stable
copy of the page read and is accepted; archive.today's domains (archive.ph, .is, .today, …)
are snapshots too, but the service changes domain, so they get a warning asking for the
original or a Wayback URL. Translation proxies, search-engine caches, reader proxies and sites
that mirror another site's pages under their own host are not stable: their copy is not the
publisher's page and vanishes or changes without notice.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Callable, Literal
from urllib.parse import parse_qsl, urlsplit

__all__ = ["UrlRule", "URL_RULES", "url_findings", "TRACKING_PARAMS"]

#: Query parameters that track a click rather than identify a page (``utm_*`` by prefix).
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "cmpid", "ocid", "smid", "spm",
    "share", "sr_share", "ref_src", "ref_url", "soc_src", "soc_trk", "ito", "at_medium", "at_campaign",
})
_LISTING_SEGMENTS = frozenset({"tag", "tags", "category", "categories", "topic", "topics", "search", "author",
                               "authors", "label", "labels", "section", "sections", "archive", "archives"})
#: Paths that are a listing when they stand alone (``/news/``, ``/en/latest``).
_INDEX_PAGES = frozenset({"news", "latest", "articles", "article", "blog", "blogs", "press", "press-releases",
                          "newsroom", "media", "world", "business", "technology", "tech", "politics", "economy",
                          "markets", "opinion", "insights", "publications", "index.html", "index.htm",
                          "index.php", "home", "default.aspx", "feed", "rss"})
_SEARCH_PARAMS = frozenset({"s", "q", "query", "search", "keyword", "keywords", "k", "searchterm", "term"})
_LANG_SEGMENT = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2,4})?$", re.I)
#: Hosts that serve a copy of someone else's page: translation proxies, search caches, reader
#: proxies, CMS back ends.
_PROXY_HOSTS = re.compile(
    r"\.translate\.goog$|^translate\.google\.|^translate\.googleusercontent\.com$|"
    r"^webcache\.googleusercontent\.com$|^cc\.bingj\.com$|^r\.jina\.ai$|^12ft\.io$|"
    r"^(?:www\.)?removepaywall\.com$|^(?:www\.)?printfriendly\.com$|\.cms\.|(?:^|\.)proxy\.", re.I)
_ARCHIVE_TODAY = re.compile(r"^(?:www\.)?archive\.(?:ph|is|today|li|vn|fo|md)$", re.I)
_WAYBACK_SNAPSHOT = re.compile(r"^/web/\d{4,14}(?:[a-z]{2}_)?/https?://", re.I)
_EMBEDDED_SITE = re.compile(r"/(?:https?(?::/|%3A%2F)|https?-)[a-z0-9-]+\.[a-z]", re.I)
_API_PATH = re.compile(r"/(?:wp-json|api|graphql|xmlrpc\.php|wp-admin|ajax|oembed)(?:/|$|\?)", re.I)
_TEST_LABELS = frozenset({"test", "testing", "staging", "stage", "dev", "sandbox", "demo", "preview", "localhost"})
#: A directory (not the page's own last segment) named as a test install: test, echo-test, demo973e36f5.
_TEST_SEGMENT = re.compile(r"^(?:[a-z]+-)?(?:test|testing|staging|sandbox|demo)[0-9a-f]*$", re.I)
_RESERVED_HOSTS = re.compile(r"(?:^|\.)(?:example\.(?:com|org|net)|example|localhost|invalid|test|local)$", re.I)

Check = Callable[["_Url"], "str | None"]


@dataclass(frozen=True)
class UrlRule:
    """One kind of unstable URL: a check id, severity, test, and the hint shown with it."""

    check: str
    severity: Literal["error", "warning", "info"]
    test: Check
    hint: str


@dataclass(frozen=True)
class _Url:
    host: str
    port: int | None
    path: str
    query: list[tuple[str, str]]
    segments: tuple[str, ...]


def _parse(url: str) -> _Url | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    segments = tuple(s for s in parts.path.split("/") if s)
    return _Url((parts.hostname or "").lower(), port, parts.path, parse_qsl(parts.query, keep_blank_values=True),
                segments)


def _ip(u: _Url) -> str | None:
    try:
        ipaddress.ip_address(u.host)
    except ValueError:
        return None
    return f"the host is a bare IP address ({u.host})"


def _reserved(u: _Url) -> str | None:
    return f"the host {u.host} is a reserved or local name" if _RESERVED_HOSTS.search(u.host.rstrip(".")) else None


def _api(u: _Url) -> str | None:
    if u.host.startswith("api."):
        return f"the host {u.host} is an API endpoint, not a page a reader sees"
    m = _API_PATH.search(u.path)
    return f"the path is an API endpoint ({m.group(0).strip('/?')})" if m else None


def _test(u: _Url) -> str | None:
    labels = set(u.host.split(".")[:-2])
    hit = labels & _TEST_LABELS
    if hit:
        return f"the host is a {sorted(hit)[0]} server"
    for seg in u.segments[:-1]:
        if _TEST_SEGMENT.match(seg):
            return f"the path is a test or demo installation (/{seg}/)"
    return None


def _proxy(u: _Url) -> str | None:
    if _PROXY_HOSTS.search(u.host):
        return f"{u.host} is a proxy, cache or back-end host serving a copy of the page"
    if u.host == "web.archive.org" and not _WAYBACK_SNAPSHOT.match(u.path):
        return "a Wayback Machine URL that is not a dated snapshot (/web/<timestamp>/<url>)"
    if u.host != "web.archive.org" and _EMBEDDED_SITE.search(u.path):
        return "the path carries another site's address: a mirror of that site's page"
    return None


def _archive_today(u: _Url) -> str | None:
    return f"{u.host} is an archive.today snapshot, a service that changes domain" if _ARCHIVE_TODAY.match(u.host) else None


def _home(u: _Url) -> str | None:
    search = [k for k, _ in u.query if k.lower() in _SEARCH_PARAMS]
    if search:
        return None  # reported as a search page
    segs = u.segments
    if not segs and not u.query:
        return "the URL is the site's home page"
    if len(segs) == 1 and _LANG_SEGMENT.match(segs[0]) and not u.query:
        return f"the URL is the site's home page in one language (/{segs[0]}/)"
    return None


def _listing(u: _Url) -> str | None:
    search = [k for k, _ in u.query if k.lower() in _SEARCH_PARAMS]
    if search:
        return f"the URL is a search page (?{search[0]}=)"
    segs = [s.lower() for s in u.segments]
    if u.host == "web.archive.org":
        return None
    for i, seg in enumerate(segs):
        # /tag/nvidia/ is a listing; /politics/archive/2025/03/slug/ is an article under an archive path
        if seg in _LISTING_SEGMENTS and len(segs) - i - 1 <= 1:
            return f"the URL is a {seg} listing page (/{seg}/)"
    rest = [s for s in segs if not _LANG_SEGMENT.match(s)]
    if len(rest) == 1 and rest[0] in _INDEX_PAGES and not u.query:
        return f"the URL is an index page (/{'/'.join(segs)})"
    if len(rest) == 1 and not u.query and rest[0].endswith("-news"):
        return f"the URL is a section front page (/{rest[0]})"
    if len(segs) >= 2 and segs[-2] == "page" and segs[-1].isdigit():
        return "the URL is a numbered page of a listing (/page/N)"
    return None


def _tracking(u: _Url) -> str | None:
    found = sorted({k for k, _ in u.query if k.lower().startswith("utm_") or k.lower() in TRACKING_PARAMS})
    return f"tracking parameters in the query: {', '.join(found)}" if found else None


def _spelling(u: _Url) -> str | None:
    if u.host.endswith("."):
        return "the host ends with a dot"
    if u.port is not None and u.port in (80, 443):
        return f"the default port :{u.port} is written out"
    return None


_STABLE = "link the document's own page at its publisher (or a Wayback snapshot of it)"

#: The rules, in the order they are tried; a URL gets at most one finding per rule.
URL_RULES: tuple[UrlRule, ...] = (
    UrlRule("url-ip-address", "error", _ip, "use the publisher's domain name, as a reader would link it"),
    UrlRule("url-reserved-host", "error", _reserved, "use the real address of the page read"),
    UrlRule("url-api-endpoint", "error", _api, "link the page a reader sees (e.g. federalregister.gov/documents/...)"),
    UrlRule("url-test-endpoint", "error", _test, _STABLE),
    UrlRule("url-proxy", "error", _proxy, _STABLE),
    UrlRule("url-home-page", "error", _home, "link the article or document itself, not the site"),
    UrlRule("url-listing-page", "error", _listing, "link the article itself: listing, tag and search pages change"),
    UrlRule("url-archive-today", "warning", _archive_today, "give the original URL, or a web.archive.org snapshot"),
    UrlRule("url-tracking", "warning", _tracking, "remove the tracking parameters"),
    UrlRule("url-spelling", "info", _spelling, "write the URL as the browser shows it (no trailing dot, no default port)"),
)


def url_findings(url: str) -> list[tuple[UrlRule, str]]:
    """The rules ``url`` breaks, each with the reason.

    Examples
    --------
    >>> [(r.check, why) for r, why in url_findings("https://example.org/")][:1]
    [('url-reserved-host', 'the host example.org is a reserved or local name')]
    >>> url_findings("https://www.federalregister.gov/documents/2022/10/13/2022-21658/x")
    []
    >>> [r.check for r, _ in url_findings("http://10.0.0.1/news/a?utm_source=x")]
    ['url-ip-address', 'url-tracking']
    """
    u = _parse(url)
    if u is None:
        return [(UrlRule("url-malformed", "error", lambda _: None, "write a full http(s) URL"), "the URL cannot be parsed")]
    out = []
    for rule in URL_RULES:
        why = rule.test(u)
        if why:
            out.append((rule, why))
    return out
