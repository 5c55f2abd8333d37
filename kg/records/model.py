"""Curated records (entities, sources, statements) and their field-level validation.

Field rules live in pydantic models; rules that need the whole dataset (ids that must exist,
domain and range of predicates) live in :mod:`kg.records.checks`.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "ID_PATTERN", "LANG_PATTERN", "parse_partial_date", "Role", "Entity", "Source", "Statement",
    "Located", "CuratedData", "CERTAINTIES", "SOURCE_KINDS", "STATEMENT_FIELDS",
]

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG_PATTERN = re.compile(r"^[a-zA-Z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

CERTAINTIES = ("reported", "confirmed", "denied", "disputed", "planned", "speculative")
SOURCE_KINDS = (
    "NewsArticle", "Article", "Report", "Legislation", "PressRelease", "Filing",
    "SocialMediaPosting", "WebPage",
)
UNKNOWABLE_SOURCE_FIELDS = ("url", "publisher", "published", "title")
#: The fields of a statement, in the column order of the CSV format.
STATEMENT_FIELDS = (
    "source", "subject", "predicate", "object", "date", "quote", "quote_lang", "translation",
    "primary_source", "attributed_to", "certainty", "covers", "note", "id",
)


def parse_partial_date(value: Any) -> str:
    """Check an ISO date, year-month or year and return it as text.

    Parameters
    ----------
    value : str, int or datetime.date
        ``2025``, ``"2025-08"`` or ``"2025-08-11"``.

    Returns
    -------
    str
        The date in canonical form.

    Raises
    ------
    ValueError
        If it is not such a date (including impossible days such as 2025-02-30).

    Examples
    --------
    >>> parse_partial_date("2025-08")
    '2025-08'
    >>> parse_partial_date(2023)
    '2023'
    >>> parse_partial_date("2025-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2025-02-30' is not a real date
    """
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"{value!r} is not a date")
    return _parse_date_text(str(value).strip())


@lru_cache(maxsize=1 << 16)
def _parse_date_text(text: str) -> str:
    """The checks of :func:`parse_partial_date`, cached: the same dates recur across records."""
    m = _DATE_PATTERN.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{text!r} is not a real date")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"{text!r} is not a real date")
    return text


def _check_id(value: Any) -> str:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise ValueError(f"{value!r} is not a kebab-case id (lower-case letters, digits and single hyphens)")
    return value


def _check_lang(value: Any) -> str:
    if not isinstance(value, str) or not LANG_PATTERN.match(value):
        raise ValueError(f"{value!r} is not a BCP 47 language tag such as en, ar, zh or zh-Hant")
    return value


def _text(value: Any) -> Any:
    """Accept numbers and dates where text is expected (YAML reads 15 and 2023 as numbers)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


Id = Annotated[str, BeforeValidator(_check_id)]
Lang = Annotated[str, BeforeValidator(_check_lang)]
PartialDate = Annotated[str, BeforeValidator(parse_partial_date)]
Text = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
OptionalText = Annotated[str | None, BeforeValidator(_blank_to_none), BeforeValidator(_text)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _check_labels(value: dict[str, str], *, need_en: bool) -> dict[str, str]:
    for lang in value:
        _check_lang(lang)
    if need_en and not value.get("en"):
        raise ValueError("an English label (en) is required")
    return value


class Role(_Record):
    """A position a person holds in an organization, with dates as sources state them."""

    organization: Id
    title: Text
    from_: PartialDate | None = Field(default=None, alias="from")
    to: PartialDate | None = None
    source: Id | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, str_strip_whitespace=True)


class Specs(_Record):
    """Export-control-relevant chip specifications, as a source states them."""

    tpp: float | None = None
    performance_density: float | None = None
    memory_bandwidth_gbps: float | None = None
    interconnect_bandwidth_gbps: float | None = None
    memory_gb: float | None = None
    eccn: OptionalText = None


_TYPE_FIELDS: dict[str, set[str]] = {
    "Person": {"roles"},
    "Company": {"country"},
    "GovernmentAgency": {"country", "parent"},
    "Organization": {"country", "parent"},
    "MediaOutlet": {"country"},
    "Country": {"government", "capital"},
    "Place": {"country"},
    "Chip": {"maker", "architecture", "released", "specs", "specs_source"},
    "Decision": {"date", "issuer", "effective", "citation", "document_number"},
    "Event": {"date", "end_date", "place"},
    "Group": set(),
    "Concept": set(),
}
_ALL_TYPE_FIELDS = set().union(*_TYPE_FIELDS.values())


class Entity(_Record):
    """An entity: person, organization, country, place, chip, decision, event, concept or group."""

    id: Id
    type: str
    label: dict[str, Text]
    aliases: dict[str, list[Text]] = Field(default_factory=dict)
    description: OptionalText = None
    wikidata: Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")] | None = None
    note: OptionalText = None
    # type-specific
    roles: list[Role] = Field(default_factory=list)
    country: Id | None = None
    parent: Id | None = None
    government: Id | None = None
    capital: Id | None = None
    maker: Id | None = None
    architecture: OptionalText = None
    released: PartialDate | None = None
    specs: Specs | None = None
    specs_source: Id | None = None
    date: PartialDate | None = None
    end_date: PartialDate | None = None
    issuer: Id | None = None
    effective: PartialDate | None = None
    citation: OptionalText = None
    document_number: OptionalText = None
    place: Id | None = None

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in _TYPE_FIELDS:
            raise ValueError(f"unknown type {value!r}; use one of {', '.join(sorted(_TYPE_FIELDS))}")
        return value

    @field_validator("label")
    @classmethod
    def _labels(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_labels(value, need_en=True)

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for lang in value:
            _check_lang(lang)
        return value

    @model_validator(mode="after")
    def _fields_fit_type(self) -> "Entity":
        allowed = _TYPE_FIELDS.get(self.type, set())
        for name in sorted(_ALL_TYPE_FIELDS - allowed):
            if name in self.model_fields_set and getattr(self, name) not in (None, [], {}):
                raise ValueError(f"field {name!r} does not apply to type {self.type}")
        return self


class Source(_Record):
    """A document someone read: an article, rule, filing, post or page."""

    id: Id
    kind: Literal[SOURCE_KINDS] = "NewsArticle"  # type: ignore[valid-type]
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    publisher: Id | None = None
    published: PartialDate | None = None
    language: Lang
    title: OptionalText = None
    relays: Id | None = None
    text: OptionalText = None
    unknown: list[Literal[UNKNOWABLE_SOURCE_FIELDS]] = Field(default_factory=list)  # type: ignore[valid-type]
    mentions: list[Id] = Field(default_factory=list)
    note: OptionalText = None

    @model_validator(mode="after")
    def _known_or_declared_unknown(self) -> "Source":
        for name in UNKNOWABLE_SOURCE_FIELDS:
            value = getattr(self, name)
            if name in self.unknown and value is not None:
                raise ValueError(f"{name!r} is listed in 'unknown' but also given; remove one of them")
            if name not in self.unknown and value is None:
                raise ValueError(f"{name!r} is required; if it cannot be established, list it in 'unknown: [{name}]'")
        if self.relays == self.id:
            raise ValueError("a source cannot relay itself")
        return self


class Statement(_Record):
    """A claim read in a source: subject, predicate, object, with quote and attribution."""

    source: Id
    subject: Id
    predicate: Annotated[str, Field(min_length=1)]
    object: Text
    date: PartialDate | None = None
    quote: Text
    quote_lang: Lang
    translation: OptionalText = None
    primary_source: Id | None = None
    attributed_to: Id | None = None
    certainty: Literal[CERTAINTIES] = "reported"  # type: ignore[valid-type]
    covers: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)
    note: OptionalText = None
    id: Id | None = None

    @field_validator("covers", mode="before")
    @classmethod
    def _covers_list(cls, value: Any) -> Any:
        if isinstance(value, (int, str)) and not isinstance(value, bool):
            value = [v for v in str(value).replace(",", ";").split(";") if v.strip()]
        return value

    @model_validator(mode="after")
    def _translation_when_needed(self) -> "Statement":
        if self.quote_lang.split("-")[0].lower() != "en" and not self.translation:
            raise ValueError("a quote not in English needs an English 'translation'")
        return self

    @property
    def primary_source_given(self) -> bool:
        """Whether the record sets ``primary_source`` itself (``null`` included)."""
        return "primary_source" in self.model_fields_set


T = TypeVar("T", Entity, Source, Statement)


@dataclass(frozen=True)
class Located(Generic[T]):
    """A validated record and where it was read: file, line, and the line of each field."""

    record: T
    file: str
    line: int
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    prefix: str = ""  # how fields are named in problems, e.g. "statements[3]."

    def line_of(self, name: str) -> int:
        """Line of field ``name``, or of the record when the field is absent."""
        return self.lines.get(name, self.line)


@dataclass
class CuratedData:
    """Everything read from a data directory, validated record by record.

    Cross-record checks (ids that must exist, predicate domain and range) are in
    :mod:`kg.records.checks`; :func:`kg.records.loaders.load_data` runs both.
    """

    root: Path
    entities: dict[str, Located[Entity]] = field(default_factory=dict)
    sources: dict[str, Located[Source]] = field(default_factory=dict)
    statements: list[Located[Statement]] = field(default_factory=list)
