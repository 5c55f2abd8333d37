"""Property-based: generated malformed records never make anything but KGError escape."""

from __future__ import annotations

import shutil
import string
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KGError
from kg.records.loaders import load_data

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIELDS = ["id", "type", "label", "aliases", "roles", "date", "maker", "subject", "predicate", "object",
          "quote", "quote_lang", "translation", "source", "url", "publisher", "published", "language",
          "covers", "certainty", "primary_source", "attributed_to", "unknown", "relays", "specs", "from", "to"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
    st.text(max_size=12), st.sampled_from(["acme", "a1", "jane-doe", "wire-report", "2025-02-30", "2025-13",
                                            "manufactures", "Person", "Chip", "en", "zh-Hant", "", " ", "{}", "[]"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(st.sampled_from(FIELDS + ["en", "ar"]), inner, max_size=4)),
                      max_leaves=8)
records = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)
KINDS = st.sampled_from(["entities", "sources", "statements-yaml", "statements-csv", "raw"])
raw_text = st.text(alphabet=string.printable + "ءابتث中文", max_size=80)


def _write(root: Path, kind: str, payload) -> None:
    if kind == "entities":
        (root / "entities" / "gen.yaml").write_text(yaml.safe_dump([payload], allow_unicode=True))
    elif kind == "sources":
        (root / "sources" / "gen.yaml").write_text(yaml.safe_dump([payload], allow_unicode=True))
    elif kind == "statements-yaml":
        (root / "statements" / "gen.yaml").write_text(
            yaml.safe_dump({"source": payload.get("source", "wire-report"), "statements": [payload]}, allow_unicode=True))
    elif kind == "statements-csv":
        cols = list(payload)
        lines = [",".join(cols), ",".join(str(v).replace("\n", " ") for v in payload.values())]
        (root / "statements" / "gen.csv").write_text("\n".join(lines) + "\n")
    else:
        (root / "entities" / "raw.yaml").write_text(str(payload))


@settings(max_examples=1200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=KINDS, record=records, text=raw_text)
def test_only_kg_errors_escape(kind, record, text):
    root = Path(tempfile.mkdtemp())
    try:
        shutil.copytree(FIXTURES / "mini", root, dirs_exist_ok=True)
        _write(root, kind, text if kind == "raw" else record)
        try:
            load_data(root)
        except KGError as exc:
            assert str(exc)
    finally:
        shutil.rmtree(root, ignore_errors=True)
