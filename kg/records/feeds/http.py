"""A polite HTTP client for public APIs: a User-Agent naming the project, a minimum interval
between requests, and retries with exponential backoff on 429 and 5xx (honouring Retry-After)
and on connection errors."""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass, field
from typing import Callable

from kg.errors import KGError

__all__ = ["FetchError", "Politeness", "PoliteClient", "retry_after_seconds", "USER_AGENT"]


def _user_agent() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        __version__ = version("chip-policy-kg")
    except PackageNotFoundError:  # run from a source tree that is not installed
        __version__ = "0"
    return f"chip-policy-kg/{__version__} (knowledge-graph research tool; kg fetch) python-httpx"


USER_AGENT = _user_agent()
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(KGError):
    """A download could not be completed (what was written before stays valid)."""


@dataclass(frozen=True)
class Politeness:
    """How hard to press a server: ``delay`` seconds between requests, ``retries`` after a failure,
    waits of ``backoff`` × 2^n seconds (or the server's Retry-After), never more than ``max_wait``."""

    delay: float = 0.5
    retries: int = 5
    backoff: float = 1.0
    max_wait: float = 120.0
    timeout: float = 30.0


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), or ``None``.

    Examples
    --------
    >>> retry_after_seconds("3")
    3.0
    >>> retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0)
    10.0
    >>> retry_after_seconds("soon") is None
    True
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass
class PoliteClient:
    """``get(url, params)`` with the project's manners; raises :class:`FetchError` when it gives up."""

    politeness: Politeness = field(default_factory=Politeness)
    sleep: Callable[[float], None] = time.sleep
    log: Callable[[str], None] | None = None
    requests: int = 0

    def __post_init__(self) -> None:
        import httpx

        self._httpx = httpx
        self._client = httpx.Client(headers={"User-Agent": USER_AGENT, "Accept": "application/json, application/xml;q=0.9"},
                                    timeout=self.politeness.timeout, follow_redirects=True)
        self._last = 0.0

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "PoliteClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _pace(self) -> None:
        wait = self._last + self.politeness.delay - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self._last = time.monotonic()

    def get(self, url: str, params: list[tuple[str, str]] | None = None):
        """The response to GET ``url`` (status 2xx or 404); retried on 429/5xx and connection errors."""
        p = self.politeness
        attempt = 0
        while True:
            self._pace()
            self.requests += 1
            try:
                response = self._client.get(url, params=params)
            except self._httpx.HTTPError as exc:  # connection refused, reset, timeout
                reason, wait = f"{type(exc).__name__}: {exc}", None
            else:
                if response.status_code < 400 or response.status_code == 404:
                    return response
                if response.status_code not in _RETRY_STATUSES:
                    raise FetchError(f"{url}: the server answered {response.status_code} {response.reason_phrase}"
                                     f" (check the options: agency slug, dates, document types)")
                reason = f"HTTP {response.status_code}"
                wait = retry_after_seconds(response.headers.get("Retry-After"))
            if attempt >= p.retries:
                raise FetchError(f"{url}: gave up after {attempt + 1} attempts ({reason})")
            wait = min(p.max_wait, wait if wait is not None else p.backoff * 2 ** attempt)
            if self.log:
                self.log(f"{reason} for {url}; retrying in {wait:g} s")
            self.sleep(wait)
            attempt += 1
