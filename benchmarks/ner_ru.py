"""Russian NER (natasha + crosswire fixes) on factRuEval-2016 test, NEREL v1.1 test and SlavicNER ru test.

Run: .venv/bin/python -m benchmarks.ner_ru [--data ../shared/data] [--limit N]
"""

from __future__ import annotations

import time
from pathlib import Path

from .common import parser, peak_rss_mb, write_section
from .ner_score import Scores, predict, render

FRE = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
NEREL = {"PERSON": "PER", "ORGANIZATION": "ORG", "COUNTRY": "LOC", "CITY": "LOC", "STATE_OR_PROVINCE": "LOC",
         "LOCATION": "LOC", "DISTRICT": "LOC"}


def factrueval_gold(base: Path) -> list[tuple[int, int, str]]:
    """Mentions of one testset document (LocOrg counted as LOC, as in track 1-l)."""
    spans = {}
    for line in base.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
        cols = line.split()
        if len(cols) >= 4:
            spans[cols[0]] = (int(cols[2]), int(cols[2]) + int(cols[3]))
    out = []
    for line in base.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
        cols = line.split("#")[0].split()
        if len(cols) < 3 or cols[1] not in FRE:
            continue
        parts = [spans[s] for s in cols[2:] if s in spans]
        if parts:
            out.append((min(p[0] for p in parts), max(p[1] for p in parts), FRE[cols[1]]))
    return out


def nerel_gold(ann: Path) -> list[tuple[int, int, str]]:
    """Outermost PER/LOC/ORG mentions (NEREL nests types; a flat tagger can only find the outer ones)."""
    spans = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        head = line.split("\t")[1].split(" ", 1)
        if head[0] not in NEREL or ";" in head[1]:
            continue
        s, e = map(int, head[1].split())
        spans.append((s, e, NEREL[head[0]]))
    return [x for x in spans if not any(o != x and o[0] <= x[0] and x[1] <= o[1] for o in spans)]


def slavicner_docs(data: Path, lang: str) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, gold PER/LOC/ORG spans) of the cross-topic test split for ``lang``."""
    root = data / "slavicner"
    out = []
    for line in (root / "SPLIT_cross-topic_test.txt").read_text().splitlines():
        parts = line.strip().split("/")
        if len(parts) != 4 or parts[2] != lang:
            continue
        tsv = root / "ner" / parts[1] / parts[2] / (parts[3][:-4] + ".tsv")
        txt = root / line.strip()
        if not tsv.exists() or not txt.exists():
            continue
        gold = []
        for row in tsv.read_text(encoding="utf-8").splitlines():
            c = row.split("\t")
            if len(c) >= 5 and c[4] in ("PER", "LOC", "ORG"):
                gold.append((int(c[0]), int(c[1]), c[4]))
        out.append((txt.read_text(encoding="utf-8"), gold))
    return out


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--limit", type=int, default=0, help="documents per data set (0 = all)")
    args = p.parse_args()
    lim = (lambda xs: xs[: args.limit]) if args.limit else (lambda xs: xs)
    rows, notes = [], []
    t0 = time.perf_counter()
    fre_partial, fre_exact = Scores(), Scores()
    docs = lim(sorted((args.data / "factrueval2016" / "testset").glob("*.objects")))
    for obj in docs:
        base = obj.with_suffix("")
        text = base.with_suffix(".txt").read_text(encoding="utf-8")
        gold, pred = factrueval_gold(base), predict("ru", text)
        fre_partial.add_partial(text, gold, pred)
        fre_exact.add_exact(gold, pred)
    rows += fre_partial.rows(f"factRuEval test ({len(docs)} docs), partial credit")
    rows += fre_exact.rows(f"factRuEval test ({len(docs)} docs), exact span")
    nerel = Scores()
    anns = lim(sorted((args.data / "nerel" / "NEREL-v1.1" / "test").glob("*.ann")))
    for ann in anns:
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        nerel.add_exact(nerel_gold(ann), predict("ru", text, outermost=True))
    rows += nerel.rows(f"NEREL test ({len(anns)} docs), exact span, outermost")
    sn = Scores()
    sdocs = lim(slavicner_docs(args.data, "ru"))
    for text, gold in sdocs:
        sn.add_exact(gold, predict("ru", text, outermost=True))
    rows += sn.rows(f"SlavicNER ru cross-topic test ({len(sdocs)} docs), exact span")
    secs = time.perf_counter() - t0
    ndocs = len(docs) + len(anns) + len(sdocs)
    notes.append(f"{ndocs} documents in {secs:.0f} s ({1000 * secs / max(ndocs, 1):.0f} ms/doc incl. scoring), "
                 f"peak RSS {peak_rss_mb():.0f} MB.")
    body = f"""
Russian analyzer (`crosswire.nlp.ru`: natasha NewsNERTagger + crosswire's credit filter, type cues and
ORG+genitive-place merge, lower-case government heads + genitive or short place as ORG ("правительства Израиля",
"делегация США"), and `nlp/ru_orgs.py`: a name and its bracketed short form split ("Комитет защиты журналистов
(КЗЖ)"), a place adjective joined to the government body ("японского МИДа", "Кипрское правительство"), a person
kept after an organisation cue ("главу партии Сергея Митрохина"), a quoted one-word place as a club ("«Барселона»"),
no name over a line break).
Metric: P/R/F1 over PER/LOC/ORG mentions. Each rule was kept only where it helped on the factRuEval devset and
NEREL dev/train without lowering SlavicNER ru train; a lower-case unit before an organisation ("пресс-служба
МЧС", "секретариат МАГАТЭ") helps factRuEval and NEREL but not SlavicNER (which tags the name alone), so it is
left out.

* **factRuEval-2016 test**, scored in the manner of official track 1-l (LocOrg counted as LOC; Project/Facility
  ignored): mentions matched one-to-one per type, a pair earns |common tokens| / |tokens of either| (the official
  `t1_eval.py` is not in the shared data, so this re-implements its idea, not its code). Official best, track 1
  (loc and locorg kept apart): overall F1 **0.809**, PER **0.913** (pink_3); track 1-l best overall **0.867**
  (violet_0). natasha's published token-level PER/LOC/ORG F1 0.959/0.915/0.825 is a different metric (IO
  tags, dev+test pooled) and is not comparable with these rows.
* **NEREL v1.1 test**: PERSON→PER, ORGANIZATION→ORG, COUNTRY/CITY/STATE_OR_PROVINCE/LOCATION/DISTRICT→LOC; gold
  mentions nested inside another mapped mention dropped (flat tagging); exact span match. No published flat
  PER/LOC/ORG figure (published nested 29-type F1 0.85 is not comparable).
* **SlavicNER ru** cross-topic test split (PER/LOC/ORG; EVT/PRO ignored), exact span. For NEREL and SlavicNER
  crosswire's nested place spans ("России" inside "МИД России") are left out, as the gold there is flat. Published XLM-R-large
  cross-topic F1 0.922 is for all languages and 5 types pooled.

{render(rows)}

{' '.join(notes)}
"""
    write_section("ner_ru", "NER — Russian (factRuEval-2016, NEREL, SlavicNER ru)", body,
                  ".venv/bin/python -m benchmarks.ner_ru", no_write=args.no_write)


if __name__ == "__main__":
    main()
