"""The self-contained HTML page of a graph view.

Everything the page needs is inline (vis-network from pyvis's own vendored copy, our CSS and
JavaScript, the data as JSON), a Content-Security-Policy forbids every network request, and
text from the data reaches the page only as JSON read with ``textContent``.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["TYPE_STYLE", "page", "script_json", "vis_assets"]

#: Colour and shape of each entity type: one shape per type. vis-network's own shapes draw their
#: label below (so size stays fixed); the five more it lacks are drawn by ``view.js``
#: (``ring``, ``pentagon``, ``octagon``, ``cross``, ``bar``).
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "Person": ("#4e79a7", "dot"),
    "Group": ("#7fb2e5", "ring"),
    "Company": ("#f28e2b", "square"),
    "GovernmentAgency": ("#59a14f", "diamond"),
    "Organization": ("#8cd17d", "pentagon"),
    "MediaOutlet": ("#b07aa1", "triangle"),
    "Country": ("#e15759", "star"),
    "Place": ("#9c755f", "triangleDown"),
    "Chip": ("#ff9da7", "hexagon"),
    "Decision": ("#edc948", "octagon"),
    "Event": ("#76b7b2", "cross"),
    "Concept": ("#bab0ac", "bar"),
}
#: Shapes ``view.js`` draws itself (vis-network's ``custom`` shape).
CUSTOM_SHAPES = ("ring", "pentagon", "octagon", "cross", "bar")
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")


def script_json(value: Any) -> str:
    r"""JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&``
    or line separators survive unescaped, so ``</script>`` in the data cannot close the tag.

    Examples
    --------
    >>> script_json({"q": "</script><script>alert(1)</script>"})
    '{"q":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


@lru_cache(maxsize=1)
def vis_assets() -> str:
    """vis-network's JavaScript, read from pyvis's vendored copy (no CDN). Its 220 kB stylesheet
    styles only the editing toolbar and navigation buttons, which views do not use; the tooltip
    rules views need are in ``assets/view.css``."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _own_assets() -> tuple[str, str]:
    folder = resources.files("kg.views") / "assets"
    return (folder / "view.js").read_text(encoding="utf-8"), (folder / "view.css").read_text(encoding="utf-8")


def page(payload: dict, *, title: str, lang: str = "en", note: str = "") -> str:
    """The whole HTML document for ``payload`` (see :func:`kg.views.render.view_payload`)."""
    vis_js = vis_assets()
    own_js, own_css = _own_assets()
    t = html.escape(title)
    rtl = ' dir="rtl"' if lang == "ar" else ""
    side = (
        f'<h1 dir="auto">{t}</h1><div class="meta" id="kg-summary">{payload["summary"]}</div>'
        + (f'<div class="meta">{html.escape(note)}</div>' if note else "")
        + '<div class="kg-tools"><button type="button" id="kg-fit">Reset zoom</button>'
        + '<button type="button" id="kg-csv">Export visible (CSV)</button></div>'
        + '<h2>Details</h2><div id="kg-info" class="meta">Click a node or an edge.</div>'
        + '<h2>Search</h2><input id="kg-search" type="search" placeholder="name in any language" dir="auto">'
        + '<div id="kg-search-results"></div>'
        + '<h2>Time</h2><div id="kg-time"></div>'
        + '<h2>Entity types</h2><div id="kg-legend"></div>'
        + '<label class="kg-filter-item"><input type="checkbox" id="kg-isolated"> '
        + f'show the {payload.get("isolated", 0)} entities without statements</label>'
        + '<h2>Predicates</h2><div id="kg-predicates"></div>'
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{t}</title><style>{own_css}</style></head>"
        f'<body><div id="kg-app"><div id="kg-network"{rtl}></div><aside id="kg-side">{side}</aside></div>'
        f'<script type="application/json" id="kg-data">{script_json(payload)}</script>'
        f"<script>{vis_js}</script><script>{own_js}</script></body></html>\n"
    )
