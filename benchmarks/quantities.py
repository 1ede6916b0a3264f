"""Quantity mention recall of the claims stage on NEREL v1.1 test (ru) and NER-UK 2.0 test (uk), and its speed.

A gold MONEY/PERCENT/NUMBER (NEREL) or MON/PCT/QUANT (NER-UK) span is found when the number span of a claim
(its ``measure_text`` inside the evidence sentence) overlaps it; claims that overlap a gold DATE/ORDINAL span
count as date/ordinal junk.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from pathlib import Path

from benchmarks.common import parser, table, write_section

RU_TYPES = {"MONEY", "PERCENT", "NUMBER"}
UK_TYPES = {"MON", "PCT", "QUANT"}
JUNK_TYPES = {"DATE", "ORDINAL", "TIME", "PERIOD"}


def read_ann(path: Path) -> list[tuple[str, int, int, str]]:
    """(type, start, end, text) of the BRAT T lines with one contiguous span."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        cols = line.split("\t")
        if len(cols) >= 5:  # NER-UK: "T3\tPCT\t488\t492\t75 %"
            parts, surface = cols[1:4], cols[4]
        else:  # NEREL: "T60\tMONEY 1766 1775\t$3,3 млрд"
            parts, surface = cols[1].split(" "), (cols + [""])[2]
        if len(parts) != 3 or ";" in parts[2]:
            continue
        out.append((parts[0], int(parts[1]), int(parts[2]), surface))
    return out


def claim_spans(text: str, lang: str, doc_id: str) -> list[tuple[int, int]]:
    """The number spans of the claims read from one text (entities, time and claims stages only)."""
    from crosswire.model import Article
    from crosswire.pipeline import STAGES, read_article

    stages = tuple(s for s in STAGES if s.name in ("entities", "time", "claims"))
    facts = read_article(Article(id=doc_id, source=doc_id, text=text, language=lang), stages)
    spans: list[tuple[int, int]] = []
    taken: set[int] = set()
    for c in facts.claims:
        k = text.find(c.measure_text, c.start, c.end + 1) if c.measure_text else -1
        while k in taken and k >= 0:  # the same phrase twice in a sentence ("25% ... 25%"): the next one
            k = text.find(c.measure_text, k + 1, c.end + 1)
        taken.add(k)
        spans.append((k, k + len(c.measure_text)) if k >= 0 else (c.start, c.end))
    return spans


def evaluate(docs: list[tuple[str, Path]], lang: str, types: set[str]) -> dict:
    """Recall per gold type, junk claims and seconds per document over ``docs``."""
    from crosswire.pipeline import TIMINGS

    found, total = Counter(), Counter()
    n_claims = junk = 0
    before = TIMINGS.get("claims", 0.0)
    t0 = time.perf_counter()
    misses: list[str] = []
    junk_examples: list[str] = []
    date_examples: list[str] = []
    on_date = 0
    for doc_id, txt in docs:
        text = txt.read_text(encoding="utf-8")
        gold = read_ann(txt.with_suffix(".ann"))
        spans = claim_spans(text, lang, doc_id)
        n_claims += len(spans)
        for typ, s, e, surface in gold:
            if typ in types:
                total[typ] += 1
                hit = any(a < e and s < b for a, b in spans)
                found[typ] += hit
                if not hit and len(misses) < 15:
                    misses.append(f"{typ}: {surface}")
        ordinal_spans = [(s, e) for typ, s, e, _ in gold if typ == "ORDINAL"]
        date_spans = [(s, e) for typ, s, e, _ in gold if typ in JUNK_TYPES - {"ORDINAL"}]
        for a, b in spans:
            if any(a < e and s < b for s, e in ordinal_spans):
                junk += 1
                junk_examples.append(f"ORDINAL {text[a:b]}")
            elif any(a < e and s < b for s, e in date_spans):
                on_date += 1
                date_examples.append(text[a:b])
    wall = time.perf_counter() - t0
    return {
        "found": found,
        "total": total,
        "claims": n_claims,
        "junk": junk,
        "docs": len(docs),
        "claims_s": TIMINGS.get("claims", 0.0) - before,
        "wall": wall,
        "misses": misses,
        "junk_examples": junk_examples,
        "on_date": on_date,
        "date_examples": date_examples,
    }


def uk_test_docs(root: Path) -> list[tuple[str, Path]]:
    lines = (root / "v2.0" / "data" / "dev-test-split.txt").read_text(encoding="utf-8").split()
    test = set(lines[lines.index("TEST") + 1 :])
    docs = []
    for sub in ("bruk", "ng"):
        for txt in sorted((root / "v2.0" / "data" / sub).glob("*.txt")):
            if txt.stem in test:
                docs.append((txt.stem, txt))
    return docs


def crosslingual(root: Path) -> dict:
    """ru news of WMT22 against their human English translations: claims with the same value in both, and how
    many of those also get the same unit and the same measure string."""
    import json

    from crosswire.model import Article
    from crosswire.pipeline import STAGES, read_article

    stages = tuple(s for s in STAGES if s.name in ("entities", "time", "claims"))
    path = root / "wmt22_general_ru_uk_en_docs" / "wmttest2022.ru-en.src_ref.jsonl"
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    docs = [d for d in docs if d["domain"] == "news"]
    pairs = same_unit = same_measure = ru_total = 0
    examples: list[str] = []
    for d in docs:
        got = {}
        for lang, key in (("ru", "src_segments"), ("en", "ref_segments")):
            art = Article(id=d["doc_id"], source=d["doc_id"], text="\n".join(d[key]), language=lang)
            got[lang] = [c for c in read_article(art, stages).claims if c.value is not None]
        ru_total += len(got["ru"])
        for c in got["ru"]:
            en = [e for e in got["en"] if abs(e.value - c.value) < 1e-6]
            if not en:
                continue
            pairs += 1
            same_unit += any(e.unit == c.unit for e in en)
            ok = any(e.measure == c.measure for e in en)
            same_measure += ok
            if not ok and len(examples) < 8:
                examples.append(f"{c.measure!r} / {en[0].measure!r}")
    return {
        "docs": len(docs),
        "ru": ru_total,
        "pairs": pairs,
        "unit": same_unit,
        "measure": same_measure,
        "examples": examples,
    }


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--sample", type=int, default=60, help="documents per data set (0 = all)")
    args = p.parse_args()
    rng = random.Random(13)
    sets = []
    nerel = args.data / "nerel" / "NEREL-v1.1" / "test"
    if nerel.is_dir():
        docs = [(t.stem, t) for t in sorted(nerel.glob("*.txt"))]
        sets.append(("NEREL v1.1 test (ru)", "ru", docs, RU_TYPES))
    nkuk = args.data / "ner-uk"
    if nkuk.is_dir():
        sets.append(("NER-UK 2.0 test (uk, space-tokenised)", "uk", uk_test_docs(nkuk), UK_TYPES))
    rows, notes = [], []
    for name, lang, docs, types in sets:
        full = len(docs)
        if args.sample and len(docs) > args.sample:
            docs = sorted(rng.sample(docs, args.sample))
        r = evaluate(docs, lang, types)
        for typ in sorted(types):
            rows.append(
                [
                    name,
                    typ,
                    r["total"][typ],
                    r["found"][typ],
                    r["found"][typ] / r["total"][typ] if r["total"][typ] else 0.0,
                ]
            )
        all_t, all_f = sum(r["total"].values()), sum(r["found"].values())
        rows.append([name, "all", all_t, all_f, all_f / all_t if all_t else 0.0])
        sampled = " (seeded sample)" if r["docs"] < full else ""
        notes.append(
            f"- {name}: {r['docs']} of {full} documents{sampled}, {r['claims']} claims, "
            f"{r['junk']} of them on a gold ORDINAL span, {r['on_date']} on a DATE/TIME/PERIOD span (mostly "
            f'durations such as "два роки", which these data sets tag as dates; e.g. '
            + "; ".join(r["date_examples"][:6])
            + "); claims stage "
            f"{1000 * r['claims_s'] / max(1, r['docs']):.1f} ms/document "
            f"(entities+time+claims {1000 * r['wall'] / max(1, r['docs']):.0f} ms/document). "
            f"First misses: "
            + "; ".join(re.sub(r"\s+", " ", m) for m in r["misses"][:8])
            + ". Ordinal junk: "
            + ("; ".join(re.sub(r"\s+", " ", m) for m in r["junk_examples"][:8]) or "none")
        )
    body = (
        "Recall of gold quantity mentions by claims (a gold span is found when a claim's number span "
        "overlaps it). Neither data set publishes a quantity-detection figure to compare with: NEREL's "
        "published F1 84.99 is nested NER over all 29 types, NER-UK has only a v1.0 MITIE figure over all "
        "types. Claims are meant to be precise rather than exhaustive: a number without a counted word "
        '("в 3 странах" counts, a bare "105" in a score does not) is left out on purpose.\n\n'
        + table(["data set", "type", "gold", "found", "recall"], rows)
        + "\n\n"
        + "\n".join(notes)
    )
    wmt = args.data / "wmt22_general_ru_uk_en_docs"
    if wmt.is_dir():
        x = crosslingual(args.data)
        body += (
            "\n\nCross-lingual measures: the 80 Russian news documents of WMT22 (ru→en) and their human "
            f"English translations. {x['ru']} Russian claims with a value; {x['pairs']} have an English claim "
            f"with the same value; of those {x['unit']} ({x['unit'] / max(1, x['pairs']):.0%}) get the same "
            f"canonical unit and {x['measure']} ({x['measure'] / max(1, x['pairs']):.0%}) the same measure "
            "string (the comparison groups claims by measure, so this is the share that would meet across "
            "languages). English is read without lemmas or part-of-speech tags here. Disagreements, e.g.: "
            + "; ".join(x["examples"][:6])
        )
    write_section(
        "quantities",
        "Quantity mentions (claims) on NEREL and NER-UK",
        body,
        ".venv/bin/python -m benchmarks.quantities [--sample 0]",
        no_write=args.no_write,
    )


if __name__ == "__main__":
    main()
