"""Temporal expression spans: the time stage against NEREL (ru) DATE/TIME and NER-UK 2.0 (uk) DATE/TIME/PERIOD.

Gold: outermost DATE/TIME(/PERIOD) spans of each test document (nested ones inside another are dropped).
Predictions: every TimeRef of the time stage run on the plain text (no publication date). Exact F1 counts a
prediction equal to a gold span; lenient F1 also forgives a leading preposition and trailing punctuation/space
(NEREL keeps "в 1973 году", NER-UK keeps "2011 році"); overlap F1 counts any shared character.
The baseline rows run dateparser's ``search_dates`` (the library the stage replaces) over the same texts.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from .common import parser, table, write_section

PREPS = r"(?:в|во|на|с|со|от|до|по|к|за|у|з|із|від|після|после|около|близько|протягом|в течение|уже|вже)\s+"


def read_ann(path: Path, types: set[str]) -> list[tuple[int, int]]:
    spans = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].startswith("T"):
            continue
        # NEREL: "T1\tDATE 446 453\ttext"; NER-UK: "T1\tDATE\t18\t27\ttext"
        head = parts[1].split(" ") if len(parts) < 4 or not parts[2].isdigit() else [parts[1], parts[2], parts[3]]
        if head[0] not in types:
            continue
        nums = [int(x) for x in re.findall(r"\d+", " ".join(head[1:]))]
        if len(nums) >= 2:
            spans.append((nums[0], nums[-1]))
    return [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]


def norm(text: str, a: int, b: int) -> tuple[int, int]:
    """The span without a leading preposition and trailing punctuation or spaces."""
    seg = text[a:b]
    m = re.match(PREPS, seg, flags=re.I)
    if m and m.end() < len(seg):
        a += m.end()
    seg = text[a:b]
    stripped = seg.rstrip(" .,;:")
    return a, a + len(stripped)


def stage_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of the time stage's TimeRefs."""
    from crosswire.model import Article
    from crosswire.read.time import read_timerefs

    _, refs = read_timerefs(Article(id="d", source="bench", text=text, language=lang), None)
    return [(r.start, r.end) for r in refs]


def dateparser_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Baseline: dateparser's search_dates on the whole text, its phrases located left to right."""
    from dateparser.search import search_dates

    out, pos = [], 0
    for phrase, _ in search_dates(text, languages=[lang]) or []:
        i = text.find(phrase, pos)
        if i >= 0:
            out.append((i, i + len(phrase)))
            pos = i + len(phrase)
    return out


def score(docs: list[tuple[str, list[tuple[int, int]]]], lang: str, spans=stage_spans) -> tuple[dict, float, int]:
    tp = {"exact": 0, "lenient": 0, "overlap": 0}
    n_pred = n_gold = 0
    t0 = time.perf_counter()
    misses: list[str] = []
    for text, gold in docs:
        pred = spans(text, lang)
        n_pred += len(pred)
        n_gold += len(gold)
        gs, ps = set(gold), set(pred)
        tp["exact"] += len(gs & ps)
        gl = {norm(text, *g) for g in gold}
        tp["lenient"] += len(gl & {norm(text, *p) for p in pred})
        tp["overlap"] += sum(any(p[0] < g[1] and g[0] < p[1] for p in pred) for g in gold)
        misses += [text[a:b] for a, b in gold if not any(p[0] < b and a < p[1] for p in pred)]
    secs = time.perf_counter() - t0
    out = {}
    for k, v in tp.items():
        p = v / n_pred if n_pred else 0.0
        r = v / n_gold if n_gold else 0.0
        out[k] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    out["counts"] = (n_gold, n_pred)
    out["misses"] = misses
    return out, 1000 * secs / max(1, len(docs)), len(docs)


def nerel(data: Path, limit: int | None) -> list[tuple[str, list]]:
    folder = data / "nerel" / "NEREL-v1.1" / "test"
    files = sorted(folder.glob("*.txt"))[:limit]
    return [(f.read_text(encoding="utf-8"), read_ann(f.with_suffix(".ann"), {"DATE", "TIME"})) for f in files]


def ner_uk(data: Path, limit: int | None) -> list[tuple[str, list]]:
    root = data / "ner-uk" / "v2.0" / "data"
    lines = (root / "dev-test-split.txt").read_text(encoding="utf-8").split()
    ids = lines[lines.index("TEST") + 1:]
    out = []
    for i in ids[:limit]:
        for sub in ("bruk", "ng"):
            f = root / sub / f"{i}.txt"
            if f.exists():
                out.append((f.read_text(encoding="utf-8"), read_ann(f.with_suffix(".ann"),
                                                                   {"DATE", "TIME", "PERIOD"})))
    return out


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--limit", type=int, default=None, help="documents per corpus (default: all)")
    p.add_argument("--misses", type=int, default=0, help="print this many missed gold spans per corpus")
    p.add_argument("--no-baseline", action="store_true", help="skip the dateparser baseline rows")
    args = p.parse_args()
    rows = []
    for name, lang, docs in (("NEREL v1.1 test (ru) DATE+TIME", "ru", nerel(args.data, args.limit)),
                             ("NER-UK 2.0 test (uk) DATE+TIME+PERIOD", "uk", ner_uk(args.data, args.limit))):
        res, ms, n = score(docs, lang)
        g, pr = res["counts"]
        rows.append([name, n, g, pr, *(f"{res[k][0]:.3f} / {res[k][1]:.3f} / {res[k][2]:.3f}"
                                        for k in ("exact", "lenient", "overlap")), f"{ms:.1f}"])
        if args.misses:
            print(name, "missed:", res["misses"][:args.misses])
        if not args.no_baseline:
            res, ms, n = score(docs, lang, dateparser_spans)
            g, pr = res["counts"]
            rows.append([f"  baseline: dateparser.search_dates ({lang})", n, g, pr,
                         *(f"{res[k][0]:.3f} / {res[k][1]:.3f} / {res[k][2]:.3f}"
                           for k in ("exact", "lenient", "overlap")), f"{ms:.1f}"])
    body = (__doc__.split("\n", 2)[2].strip() + "\n\n"
            + table(["corpus", "docs", "gold spans", "predicted", "exact P / R / F1", "lenient P / R / F1",
                     "overlap P / R / F1", "ms/doc"], rows)
            + "\n\nNo published DATE-only figure exists for either corpus: NEREL's README reports nested NER over "
              "all 29 types (MRC F1 84.99), NER-UK's only baseline is MITIE on v1.0, all types, exact F1 0.702. "
              "NEREL also marks clock times (TIME) and ages the grammar does not read; NER-UK's text is "
              "tokenised with spaces (\"1997 р .\"), which the lenient score forgives.")
    write_section("temporal", "Temporal expressions (time stage): span F1 on NEREL and NER-UK", body,
                  "python -m benchmarks.temporal", no_write=args.no_write)


if __name__ == "__main__":
    main()
