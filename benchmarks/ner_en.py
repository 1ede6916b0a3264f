"""English entities against the Russian reader on aligned documents (WMT22 news: a Russian original and its
human English translation name the same people, places and organisations).

No English NER gold exists here, so the Russian side (natasha + rules + gazetteer, measured on factRuEval and
NEREL in `ner_ru`) stands in as the reference: for each document pair, the distinct entities of each side are
matched one-to-one, by identical id (gazetteer / Wikidata) or by near-equal transliterated names (the matching
grouping uses: slug ratio >= 0.80 or sound skeleton >= 0.85). Recall: Russian entities the English side also
finds; precision: English entities that match one of the Russian side's. Both are lower bounds (the Russian
reader misses and invents entities too), and what they measure is what grouping and linking need: that the two
languages' readers name the same things the same way. Rows by entity type of the Russian side.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from benchmarks.common import parser, table, write_section


def side_entities(facts) -> dict[str, str]:
    """Entity id -> type (PER/LOC/ORG/...) of one article's mentions."""
    types = {e.id: e.type for e in facts.entities}
    return {m.entity: types.get(m.entity, "?") for m in facts.mentions if m.entity}


def match(ru: dict[str, str], en: dict[str, str]) -> set[str]:
    """Russian entity ids with a one-to-one English counterpart."""
    from crosswire.group.index import _same_name, _slug, params

    cutoff = params()["slug_match"] * 100
    found = set(ru) & set(en)
    free = sorted(set(en) - found)
    for r in sorted(set(ru) - found):
        sr = _slug(r)
        if not sr:
            continue
        hit = next((e for e in free if _slug(e) and _same_name(sr, _slug(e), cutoff)), None)
        if hit is not None:
            free.remove(hit)
            found.add(r)
    return found


def evaluate(facts_by_id: dict) -> tuple[list[list], dict]:
    per_type: Counter = Counter()
    hit_type: Counter = Counter()
    en_total = en_hit = 0
    pairs = 0
    for aid, f in sorted(facts_by_id.items()):
        if not aid.endswith(".ru") or aid[:-3] + ".en" not in facts_by_id:
            continue
        pairs += 1
        ru, en = side_entities(f), side_entities(facts_by_id[aid[:-3] + ".en"])
        found = match(ru, en)
        for r, t in ru.items():
            per_type[t] += 1
            hit_type[t] += r in found
        en_total += len(en)
        en_hit += len(found)  # one-to-one: each found Russian entity used one English entity
    rows = [[t, per_type[t], hit_type[t], f"{hit_type[t] / per_type[t]:.3f}"] for t in sorted(per_type)]
    total, hits = sum(per_type.values()), sum(hit_type.values())
    rows.append(["all", total, hits, f"{hits / total:.3f}" if total else "-"])
    return rows, {"pairs": pairs, "recall": hits / total if total else 0.0,
                  "precision": en_hit / en_total if en_total else 0.0, "en": en_total}


def main() -> None:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=None, help="a store already holding the WMT22 pairs (kept)")
    args = ap.parse_args()
    import crosswire
    from benchmarks.parallel_pairs import articles, load_pairs
    from crosswire.store import Store

    arts = articles(load_pairs(args.data))
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "wmt.db"
        crosswire.analyze([], db=str(db), articles=arts, progress=False)
        store = Store(str(db))
        facts = {f.article.id: f for f in store.facts()}
        store.close()
    rows, tot = evaluate(facts)
    body = (__doc__.split("\n\n", 1)[1].strip() + "\n\n"
            + table(["Russian-side type", "Russian entities", "found on the English side", "recall"], rows)
            + f"\n\n{tot['pairs']} document pairs; English side: {tot['en']} distinct entities, "
              f"{tot['precision']:.3f} of them match a Russian one (precision lower bound).\n")
    write_section("ner_en", "English entities against the aligned Russian source (WMT22)", body,
                  ".venv/bin/python -m benchmarks.ner_en [--data ../shared/data]", no_write=args.no_write)


if __name__ == "__main__":
    main()
