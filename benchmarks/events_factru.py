"""Events on unseen news: FactRuEval-2016 Meeting and Deal facts against the events stage's meetings and agreements.

A gold fact (its participants are coreference clusters of mentions) counts as found when one output event of the
mapped kind (Meeting -> meeting/phone_call/visit, Deal -> agreement/sanctions) in the same document has participants whose
mentions overlap at least min(2, n) of the fact's participants. Precision: share of output events of those
kinds that match some gold fact (FactRuEval annotates facts selectively, so it is a lower bound).
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

from .common import parser, table, write_section

KINDS = {"Meeting": {"meeting", "phone_call", "visit"}, "Deal": {"agreement", "sanctions"}}


def load_doc(base: Path) -> tuple[str, list[tuple[str, list[list[tuple[int, int]]]]]]:
    """(text, [(fact type, [char ranges of each participant cluster])]) of one FactRuEval document."""
    text = base.with_suffix(".txt").read_text(encoding="utf-8")
    spans = {}
    for line in base.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
        f = line.split()
        if len(f) >= 4:
            spans[f[0]] = (int(f[2]), int(f[2]) + int(f[3]))
    objects = {}
    for line in base.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
        f = line.split("#")[0].split()
        if len(f) >= 3:
            objects[f[0]] = [spans[s] for s in f[2:] if s in spans]
    clusters = {}
    for block in base.with_suffix(".coref").read_text(encoding="utf-8").split("\n\n"):
        f = block.split("\n")[0].split()
        if f:
            clusters[f[0]] = [r for o in f[1:] for r in objects.get(o, [])]
    facts = []
    for block in base.with_suffix(".facts").read_text(encoding="utf-8").split("\n\n"):
        lines = [x for x in block.splitlines() if x.strip()]
        if not lines or len(lines[0].split()) < 2 or lines[0].split()[1] not in KINDS:
            continue
        parts = []
        for x in lines[1:]:
            f = x.split()
            if len(f) >= 2 and f[1].startswith("obj") and f[1][3:] in clusters:
                parts.append(clusters[f[1][3:]])
        if parts:
            facts.append((lines[0].split()[1], parts))
    return text, facts


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--limit", type=int, default=None, help="documents (default: all test documents with such facts)")
    args = p.parse_args()
    from crosswire.model import Article
    from crosswire.pipeline import read_article

    folder = args.data / "factrueval2016" / "testset"
    bases = sorted({f.with_suffix("") for f in folder.glob("*.facts")
                    if any(k in f.read_text(encoding="utf-8") for k in KINDS)})[:args.limit]
    found = defaultdict(int)
    total = defaultdict(int)
    n_out = n_good = 0
    t0 = time.perf_counter()
    for base in bases:
        text, facts = load_doc(base)
        res = read_article(Article(id=base.name, source=str(base), text=text, language="ru"))
        spans_of = defaultdict(list)
        for m in res.mentions:
            spans_of[m.entity].append((m.start, m.end))

        def covers(ev, cluster, spans_of=spans_of) -> bool:
            return any(a < d and c < b for pid in ev.participants for a, b in spans_of[pid] for c, d in cluster)

        matched = set()
        for kind, parts in facts:
            total[kind] += 1
            need = min(2, len(parts))
            hits = [ev for ev in res.events if ev.kind in KINDS[kind] and sum(covers(ev, c) for c in parts) >= need]
            found[kind] += bool(hits)
            matched |= {ev.id for ev in hits}
        mine = [ev for ev in res.events if any(ev.kind in ks for ks in KINDS.values())]
        n_out += len(mine)
        n_good += sum(ev.id in matched for ev in mine)
    secs = time.perf_counter() - t0
    rows = [[k, total[k], found[k], f"{found[k] / total[k]:.3f}" if total[k] else "-"] for k in KINDS]
    body = (__doc__.split("\n", 2)[2].strip() + "\n\n"
            + table(["gold fact", "facts", "found", "recall"], rows)
            + f"\n\nOutput meetings/calls/visits/agreements/sanctions in these {len(bases)} documents: {n_out}, of which "
              f"{n_good} match a gold fact (precision lower bound {n_good / max(1, n_out):.3f}). "
              f"{1000 * secs / max(1, len(bases)):.0f} ms/document for the whole per-article pipeline.\n\n"
              "Published comparison: the official track 3 (all fact types, slot-level scoring) best F1 was 0.5078 "
              "(violet_3); no per-type Meeting/Deal figure was published, so the figures are not comparable. "
              "FactRuEval's Meeting facts include biographical encounters (\"познакомился с\") and Deal covers "
              "commercial deals, both wider than the events stage's news-event triggers.")
    write_section("events_factru", "Events on FactRuEval-2016 Meeting and Deal facts", body,
                  "python -m benchmarks.events_factru", no_write=args.no_write)


if __name__ == "__main__":
    main()
