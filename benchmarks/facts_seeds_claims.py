"""Claims and quotes on the five seed articles against the analyst's gold (../shared/corpus/seeds.gold.yaml).

A gold claim is found when a claim of its article has its value; right when the qualifier matches too, the
source is right (unattributed <-> outlet; attributed <-> a source sharing a word with the gold's), and the
measure is consistent: gold claims with the same measure share one measure string, different ones do not.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from benchmarks.common import ROOT, parser, table, write_section

QUAL = {"~": "~", ">": ">", "<": "<", "<=": "<=", ">=": ">=", "": "="}


def gold_quantity(q: str) -> tuple[str, float | None]:
    m = re.match(r"^(<=|>=|~|>|<)?\s*([\d.]+)", str(q))
    return ((m.group(1) or ""), float(m.group(2))) if m else ("", None)


def unit_fits(unit: str | None, gold_unit: str) -> bool:
    """A canonical unit against the gold's free-text unit ("troops" fits "military personnel", "fighters")."""
    people = {"military personnel", "fighters", "soldiers", "troops"}
    return bool(unit) and (unit in gold_unit or (unit == "troops" and gold_unit in people))


def words(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-zа-яёіїєґ]{4,}", s.lower())} - {
        "estimates",
        "since",
        "autumn",
        "claimed",
    }


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    args = p.parse_args()
    import yaml

    from crosswire.ingest import ingest
    from crosswire.pipeline import TIMINGS, read_article

    gold = yaml.safe_load((args.data.parent / "corpus" / "seeds.gold.yaml").read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    facts = {Path(a.source).stem: read_article(a) for a in ingest([str(ROOT / "examples" / "seeds")])}
    wall = time.perf_counter() - t0
    rows, misses, matched = [], [], {}
    found = qual_ok = src_ok = 0
    gold_claims = [c for c in gold["claims"] if gold_quantity(c["quantity"])[1] is not None]
    for g in gold_claims:
        q, v = gold_quantity(g["quantity"])
        f = facts.get(g["article"])
        cands = [c for c in (f.claims if f else []) if c.value is not None and abs(c.value - v) < 1e-6]
        if not cands:
            misses.append(f"missed {g['article'][:3]} {g['quantity']} {g['measure']}")
            continue
        found += 1
        cands.sort(key=lambda x: (not unit_fits(x.unit, g["unit"]), x.qualifier.value != QUAL[q]))
        c = cands[0]
        matched[id(g)] = c
        qual_ok += c.qualifier.value == QUAL[q]
        outlet = {f.article.outlet or "article", "article"}
        if g["source"] == "article":
            ok = c.source in outlet
        else:
            ok = c.source not in outlet and bool(words(c.source or "") & words(g["source"]))
        src_ok += ok
        if not ok or c.qualifier.value != QUAL[q]:
            misses.append(
                f"{g['article'][:3]} {g['quantity']}: got {c.qualifier.value}{c.value:g} "
                f"source {c.source!r} (gold {g['source']!r})"
            )
    pairs = same = 0
    story = {k: v["story"] for k, v in gold["articles"].items()}
    for i, a in enumerate(gold_claims):
        for b in gold_claims[i + 1 :]:
            # measures are compared inside a story's scope: different summits may share "talks duration"
            if (
                id(a) in matched
                and id(b) in matched
                and story[a["article"]] == story[b["article"]]
                or id(a) in matched
                and id(b) in matched
                and a["measure"] == b["measure"]
            ):
                pairs += 1
                agree = (matched[id(a)].measure == matched[id(b)].measure) == (a["measure"] == b["measure"])
                same += agree
                if not agree:
                    misses.append(
                        f"measure: {a['measure']!r} vs {b['measure']!r} -> "
                        f"{matched[id(a)].measure!r} / {matched[id(b)].measure!r}"
                    )
    produced = sum(len(f.claims) for f in facts.values())
    gold_vals = {(g["article"], gold_quantity(g["quantity"])[1]) for g in gold_claims}
    good = sum((k, c.value) in gold_vals for k, f in facts.items() for c in f.claims if c.value is not None)
    q_found = q_spk = 0
    forms = {
        e["name"]: {e["name"].lower(), *(x.lower() for x in e.get("forms", []))} for e in gold["entities"]
    }
    for g in gold["quotes"]:
        f = facts.get(g["article"])
        cands = [x for x in (f.quotes if f else []) if x.text.startswith(g["starts"])]
        names = {e.id: e for e in (f.entities if f else [])}

        def labels(x, names=names) -> set[str]:
            e = names.get(x.speaker)
            return {s.lower() for s in ([e.name, *e.aliases] if e else []) if s}

        q_found += bool(cands)
        spk = any(labels(x) & forms.get(g["speaker"], {g["speaker"].lower()}) for x in cands)
        q_spk += spk
        if not spk:
            misses.append(
                f"quote {g['article'][:3]} {g['starts'][:30]!r}: "
                + (f"speaker {[x.speaker for x in cands]}" if cands else "not found")
            )
    n = len(gold_claims)
    rows = [
        ["claims found (value)", found, n, found / n],
        ["qualifier right", qual_ok, n, qual_ok / n],
        ["source right", src_ok, n, src_ok / n],
        ["measure consistent (pairs)", same, pairs, same / max(1, pairs)],
        ["precision (claims with a gold value)", good, produced, good / max(1, produced)],
        ["quotes found", q_found, len(gold["quotes"]), q_found / len(gold["quotes"])],
        ["quote speaker right", q_spk, len(gold["quotes"]), q_spk / len(gold["quotes"])],
    ]
    speed = (
        f"Per article: claims stage {1000 * TIMINGS.get('claims', 0) / len(facts):.1f} ms, quotes stage "
        f"{1000 * TIMINGS.get('quotes', 0) / len(facts):.1f} ms (whole read_article {1000 * wall / len(facts):.0f} "
        "ms including model loads)."
    )
    body = (
        "Gold: the analyst's reading of the 5 seeds (16 claims, 15 with a value; 5 quotes). No published "
        "figure exists for this set.\n\n"
        + table(["figure", "right", "of", "share"], rows)
        + "\n\n"
        + speed
        + "\n\nMeasure pairs are counted inside one gold story (or where the gold measure is the same): the "
        'comparison groups claims per story, so two summits may both say "talks duration".'
        + "\n\nMisses and disagreements:\n"
        + "\n".join(f"- {m}" for m in misses or ["none"])
    )
    write_section(
        "facts_seeds_claims",
        "Claims and quotes on the seeds (gold)",
        body,
        ".venv/bin/python -m benchmarks.facts_seeds_claims",
        no_write=args.no_write,
    )


if __name__ == "__main__":
    main()
