"""Evaluate the entity linker on annotated texts: precision and recall per language, and speed.

Usage::

    python benchmarks/linking.py                      # build data/ into a temp dir, score, time
    python benchmarks/linking.py --store build/store  # score against an existing build
    python benchmarks/linking.py --errors             # also list every miss and false hit
    python benchmarks/linking.py --min 0.9 --no-speed # exit 1 if a language is below 0.9 (CI)

The annotated texts are ``tests/fixtures/linking/*.json`` (see the README there): each names
its text file, its language and the gold mentions (start, end, entity id). A predicted mention
counts as correct only with the same start, end and entity (strict); the lenient score, also
printed, accepts any overlap with a gold mention of the same entity. The speed section times
the linker against a baseline run in the same process: the same names as one regular
expression alternation (longest first) over the same normalised texts.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "linking"
LANGS = ("ar", "zh", "en")


@dataclass
class Case:
    """One annotated text."""

    name: str
    lang: str
    text: str
    gold: set[tuple[int, int, str]]


@dataclass
class Score:
    """Counts of hits, false hits and misses, strict and lenient."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    lenient_tp: int = 0
    lenient_fp: int = 0
    lenient_fn: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for name in ("tp", "fp", "fn", "lenient_tp", "lenient_fp", "lenient_fn"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def precision(self) -> float:
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def lenient_precision(self) -> float:
        return self._ratio(self.lenient_tp, self.lenient_tp + self.lenient_fp)

    @property
    def lenient_recall(self) -> float:
        return self._ratio(self.lenient_tp, self.lenient_tp + self.lenient_fn)


def load_cases(folder: Path = FIXTURES) -> list[Case]:
    """Read every annotated text of ``folder``, checking that the gold spans fit the text."""
    cases = []
    for path in sorted(folder.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        text = (ROOT / spec["text_file"]).read_bytes().decode("utf-8")
        gold = set()
        for m in spec["mentions"]:
            if text[m["start"]:m["end"]] != m["text"]:
                raise SystemExit(f"{path.name}: gold span {m['start']}:{m['end']} is "
                                 f"{text[m['start']:m['end']]!r}, not {m['text']!r}")
            gold.add((m["start"], m["end"], m["entity"]))
        cases.append(Case(path.stem, spec["lang"], text, gold))
    return cases


def score_case(case: Case, predicted: set[tuple[int, int, str]]) -> Score:
    """Strict and lenient counts of one text's predicted mentions against its gold ones."""
    s = Score()
    s.tp = len(predicted & case.gold)
    s.fp = len(predicted - case.gold)
    s.fn = len(case.gold - predicted)

    def overlaps(a, b):
        return a[0] < b[1] and b[0] < a[1] and a[2] == b[2]

    s.lenient_tp = sum(1 for g in case.gold if any(overlaps(g, p) for p in predicted))
    s.lenient_fn = len(case.gold) - s.lenient_tp
    s.lenient_fp = sum(1 for p in predicted if not any(overlaps(p, g) for g in case.gold))
    for a, b, e in sorted(predicted - case.gold):
        s.errors.append(f"{case.name}: false hit {a}:{b} {case.text[a:b]!r} → {e}")
    for a, b, e in sorted(case.gold - predicted):
        s.errors.append(f"{case.name}: missed {a}:{b} {case.text[a:b]!r} → {e}")
    return s


def evaluate(gazetteer, cases: list[Case]) -> dict[str, Score]:
    """Scores per language (and ``all``) of the linker with ``gazetteer`` on ``cases``."""
    from kg.link import link_text

    known = set(gazetteer.entities)
    scores = {lang: Score() for lang in (*LANGS, "all")}
    for case in cases:
        unknown = {e for *_, e in case.gold} - known
        if unknown:
            raise SystemExit(f"{case.name}: gold entities not in the graph: {', '.join(sorted(unknown))}")
        predicted = {(m.start, m.end, m.entity_id) for m in link_text(case.text, gazetteer, case.lang)}
        s = score_case(case, predicted)
        scores[case.lang].add(s)
        scores["all"].add(s)
    return scores


def format_scores(scores: dict[str, Score], cases: list[Case]) -> str:
    """A Markdown table of the scores."""
    lines = ["| language | texts | gold mentions | precision | recall | F1 | lenient P | lenient R |",
             "|---|---|---|---|---|---|---|---|"]
    for lang, s in scores.items():
        n = sum(1 for c in cases if lang in (c.lang, "all"))
        lines.append(f"| {lang} | {n} | {s.tp + s.fn} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} "
                     f"| {s.lenient_precision:.3f} | {s.lenient_recall:.3f} |")
    return "\n".join(lines)


def _median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def speed(gazetteer_loader, cases: list[Case], repeat: int = 5, rounds: int = 20) -> str:
    """Time gazetteer building and linking against a regular-expression baseline."""
    from kg.link import link_text
    from kg.text import normalize

    build_s = _median_seconds(gazetteer_loader, repeat)
    gaz = gazetteer_loader()
    texts = [c.text for c in cases] * rounds
    chars = sum(len(t) for t in texts)
    norms = [normalize(t).text for t in texts]

    def aho():
        for n in norms:
            list(gaz._automaton.iter(n))

    alternation = re.compile("|".join(re.escape(k) for k in sorted(gaz.keys, key=len, reverse=True)))

    def regex():
        for n in norms:
            list(alternation.finditer(n))

    def full():
        for c, t in zip(cases * rounds, texts):
            link_text(t, gaz, c.lang)

    aho_s, regex_s, full_s = (_median_seconds(f, repeat) for f in (aho, regex, full))
    return "\n".join([
        f"gazetteer: {len(gaz.keys)} keys from {len(gaz.entities)} entities, built in {build_s * 1000:.0f} ms "
        f"(median of {repeat}, including reading the store)",
        f"matching {chars} normalised characters: Aho-Corasick {aho_s * 1000:.1f} ms, "
        f"regex alternation {regex_s * 1000:.1f} ms (ratio {regex_s / aho_s:.1f}x)",
        f"whole linker (normalise, match, resolve): {full_s * 1000:.1f} ms, {chars / full_s / 1000:.0f}k chars/s",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="a built store (default: build data/ into a temporary directory)")
    parser.add_argument("--fixtures", default=str(FIXTURES), help="folder of annotated texts")
    parser.add_argument("--min", type=float, default=0.0, help="exit 1 if a language's precision or recall is below")
    parser.add_argument("--errors", action="store_true", help="list every false hit and miss")
    parser.add_argument("--no-speed", action="store_true", help="skip the timing section")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from kg.link.graph import load_gazetteer

    store = args.store
    if store is None:
        from kg.store.builder import build

        out = Path(tempfile.mkdtemp(prefix="kg-linking-"))
        build(ROOT / "data", out)
        store = str(out / "store")
    cases = load_cases(Path(args.fixtures))
    gaz = load_gazetteer(store)
    scores = evaluate(gaz, cases)
    if args.json:
        print(json.dumps({lang: {"precision": s.precision, "recall": s.recall, "f1": s.f1,
                                 "tp": s.tp, "fp": s.fp, "fn": s.fn} for lang, s in scores.items()}, indent=2))
    else:
        print(format_scores(scores, cases))
    if args.errors:
        print("\n".join(scores["all"].errors) or "no errors")
    if not args.no_speed and not args.json:
        print()
        print(speed(lambda: load_gazetteer(store), cases))
    low = [f"{lang}: precision {s.precision:.3f}, recall {s.recall:.3f}" for lang, s in scores.items()
           if lang != "all" and (s.precision < args.min or s.recall < args.min)]
    if low:
        print(f"below the target {args.min}: " + "; ".join(low), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
