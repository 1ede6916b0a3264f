"""Reading identity and cost: the facts of the development articles, hashed per article, and CPU ms per article.

Reads the SlavicNER development cells (brexit and asia_bibi ru+uk, nord_stream/ru) and the five seeds through the
real ingest path and ``pipeline.read_article`` in this one process, serialises each article's facts (the
article as the time stage leaves it, entities, mentions, dates, events, claims, quotes, framing) and hashes
them. ``--save FILE`` keeps the hashes and facts; ``--against FILE`` compares this tree's facts with a saved
run and prints the first difference, so a change meant to be faster only can be checked to give identical
facts. CPU is the process's own (``time.process_time``) over the reads, after three warm-up reads that load
every model; stage shares are wall time from ``pipeline.TIMINGS``. Speed A/B: run two trees back to back on the
same articles (``PYTHONPATH=OTHER/src``), more than once; the figures move with the machine's load.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import time
from pathlib import Path

from .common import ROOT, parser
from .grouping import DEV_CELLS


def dev_texts(data: Path, per_cell: int = 0) -> list[tuple[str, str, str]]:
    """(name, language, text) of the development cells' raw documents (``per_cell`` first ones of each cell,
    0: all) and the seeds."""
    out = []
    for topic, lang in sorted(DEV_CELLS):
        files = sorted((data / "slavicner" / "raw" / topic / lang).glob("*.txt"))
        for f in files[:per_cell] if per_cell else files:
            out.append((f"slavicner/{topic}/{lang}/{f.stem}", lang, f.read_text(encoding="utf-8")))
    for f in sorted((ROOT / "examples" / "seeds").glob("*.txt")):
        out.append((f"seeds/{f.stem}", "", f.read_text(encoding="utf-8")))
    return out


def facts_json(facts) -> str:
    """One article's facts as canonical JSON (sorted keys, one fact per line so a diff points at it)."""
    from crosswire.serialize import to_dict

    d = to_dict(facts)
    d.pop("embedding", None)  # not set by reading
    lines = []
    for key in sorted(d):
        value = d[key]
        if isinstance(value, list):
            lines.append(json.dumps(key, ensure_ascii=False) + ":")
            lines += ["  " + json.dumps(v, ensure_ascii=False, sort_keys=True) for v in value]
        else:
            lines.append(json.dumps(key, ensure_ascii=False) + ": " + json.dumps(value, ensure_ascii=False, sort_keys=True))
    return "\n".join(lines)


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--per-cell", type=int, default=0, help="first N documents of each development cell (0: all)")
    p.add_argument("--save", type=Path, help="write hashes, facts and CPU of this run to this JSON file")
    p.add_argument("--against", type=Path, help="compare with a run saved by --save")
    p.add_argument("--profile", type=Path, help="write a cProfile of the reads to this file")
    args = p.parse_args()
    from benchmarks.scale import articles_from
    from crosswire import pipeline
    from crosswire.run.local import limit_blas

    texts = dev_texts(args.data, args.per_cell)
    arts = articles_from(texts)
    names = [t[0] for t in texts]
    if len(arts) != len(texts):
        raise SystemExit(f"{len(texts) - len(arts)} texts gave no article")
    with limit_blas():
        for a in arts[:3]:  # loads every model the stages use (ru, uk)
            pipeline.read_article(a)
        for a in arts:
            if a.language == "uk":
                pipeline.read_article(a)
                break
        pipeline.TIMINGS.clear()
        prof = None
        if args.profile:
            import cProfile

            prof = cProfile.Profile()
            prof.enable()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        facts = []
        cpu_each = []
        for a in arts:
            c = time.process_time()
            facts.append(pipeline.read_article(a))
            cpu_each.append(time.process_time() - c)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        if prof is not None:
            prof.disable()
            prof.dump_stats(str(args.profile))
    dumps = [facts_json(f) for f in facts]
    hashes = [hashlib.sha256(d.encode()).hexdigest() for d in dumps]
    whole = hashlib.sha256("".join(hashes).encode()).hexdigest()
    by_lang: dict[str, list[float]] = {}
    for a, c in zip(arts, cpu_each, strict=True):
        by_lang.setdefault(a.language, []).append(c)
    print(f"{len(arts)} articles: CPU {cpu:.2f} s = {1000 * cpu / len(arts):.1f} ms/article "
          f"(wall {wall:.2f} s); " + ", ".join(f"{lg} {len(v)} x {1000 * sum(v) / len(v):.1f} ms"
                                              for lg, v in sorted(by_lang.items())))
    total = sum(pipeline.TIMINGS.values()) or 1.0
    print("stages (wall share): " + ", ".join(f"{k} {100 * v / total:.0f} %" for k, v in
                                               sorted(pipeline.TIMINGS.items(), key=lambda kv: -kv[1])))
    print(f"facts sha256 {whole[:16]}")
    if args.save:
        args.save.write_text(json.dumps({"names": names, "hashes": hashes, "facts": dumps, "cpu": cpu, "cpu_each": cpu_each, "chars": [len(a.text) for a in arts],
                                         "n": len(arts), "whole": whole}, ensure_ascii=False), encoding="utf-8")
    if args.against:
        base = json.loads(args.against.read_text(encoding="utf-8"))
        if base["names"] != names:
            raise SystemExit("the saved run read other articles")
        differ = [i for i, (x, y) in enumerate(zip(base["hashes"], hashes, strict=True)) if x != y]
        print(f"against {args.against.name}: {len(differ)} of {len(names)} articles differ; "
              f"CPU {base['cpu']:.2f} -> {cpu:.2f} s")
        if differ:
            i = differ[0]
            print(f"first: {names[i]}")
            diff = difflib.unified_diff(base["facts"][i].splitlines(), dumps[i].splitlines(), "before", "after",
                                        lineterm="", n=1)
            print("\n".join(list(diff)[:40]))
            raise SystemExit(1)


if __name__ == "__main__":
    main()
