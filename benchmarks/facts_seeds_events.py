"""Events and dates on the seeds: gold events found (kind + participants + month), windows, stage speed.

Runs the whole pipeline on examples/seeds and compares with ../shared/corpus/seeds.gold.yaml the way the
scorecard does: an event is found when one output event has the gold kind and every gold participant among
its participants (by entity name or alias); its date is right when that event's date starts with the gold month.
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

import yaml

from .common import ROOT, parser, table, write_section


def norm(s: object) -> str:
    s = str(s or "").lower().replace("ё", "е")
    return re.sub(r"\s+", " ", re.sub(r"[«»\"'„“”`’]", "", s)).strip()


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "corpus" / "seeds.gold.yaml")
    args = p.parse_args()
    import crosswire
    from crosswire import pipeline

    gold = yaml.safe_load(args.gold.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        pipeline.TIMINGS.clear()
        t0 = time.perf_counter()
        res = crosswire.analyze([str(ROOT / "examples" / "seeds")], db=str(Path(tmp) / "s.db"), progress=False)
        total = time.perf_counter() - t0
    names = {e.id: {norm(e.name), *map(norm, e.aliases)} for e in res.entities}
    forms = {e["name"]: {norm(e["name"]), *map(norm, e.get("forms", []))} for e in gold["entities"]}
    key = {a.id: Path(a.source).stem for a in res.articles}
    rows, found, dated, with_date = [], 0, 0, 0
    used: dict[str, str] = {}  # output event id -> the first gold event it matched
    for ev in gold["events"]:
        want = [forms.get(x, {norm(x)}) for x in ev["participants"]]
        cands = [e for e in res.events if e.kind == ev["kind"]
                 and all(any(names.get(pid, {norm(pid)}) & f for pid in e.participants) for f in want)]
        gdate = ev.get("date")
        month = str(gdate)[:7] if gdate and not isinstance(gdate, dict) else None
        with_date += month is not None
        ok = [e for e in cands if month and (e.date or "").startswith(month)]
        found += bool(cands)
        dated += bool(ok)
        best = (ok or cands or [None])[0]
        # one output event matching two gold events means a participant too many: say so
        shared = f" (same event as {used[best.id]})" if best and best.id in used else ""
        if best:
            used.setdefault(best.id, ev["id"])
        gtxt = ", ".join(f"{k} {v}" for k, v in gdate.items()) if isinstance(gdate, dict) else str(gdate)
        rows.append([ev["id"], ev["kind"], ("yes" if cands else "no") + shared, gtxt,
                     best.date if best else "-", key.get(best.article, "-")[:3] if best else "-"])
    body = [__doc__.split("\n", 2)[2].strip(), "",
            f"Events found: **{found}/{len(gold['events'])}**; month of date right: **{dated}/{with_date}** "
            f"(gold events with a single date). Output: {len(res.events)} events over {len(res.articles)} articles.",
            "", table(["gold event", "kind", "found", "gold date", "output date", "article"], rows)]
    wins = [[key[a.id][:3], a.published or "-", " / ".join(a.published_window) if a.published_window else "-",
             gold["articles"].get(key[a.id], {}).get("published") or "undated"] for a in res.articles]
    body += ["", "Publication dates and inferred windows (undated articles keep `published` empty):", "",
             table(["article", "published", "inferred window", "gold"], sorted(wins))]
    checks = [("002", "3 августа", "2025-08-03"), ("003", "в среду", "2025-08-13"), ("003", "в пятницу", "2025-08-15"),
              ("001", "в июне прошлого года", "2024-06"), ("001", "в начале сентября", "2025-09-01/2025-09-10"),
              ("004", "в середу", "2023-09-13"), ("003", "с осени прошлого года", "2024-09-01/2025-08-13")]
    trow, ok_t = [], 0
    for art, phrase, want in checks:
        got = [t.value for t in res.timerefs if key.get(t.article, "")[:3] == art and t.text.lower() == phrase]
        ok_t += bool(got) and got[0] == want
        trow.append([art, phrase, want, got[0] if got else "-"])
    body += ["", f"Resolved dates of the phrases the gold names: **{ok_t}/{len(checks)}**", "",
             table(["article", "phrase", "gold", "output"], trow)]
    n = len(res.articles)
    speed = [[stage, f"{1000 * pipeline.TIMINGS.get(stage, 0.0) / n:.1f}"] for stage in ("time", "events")]
    body += ["", f"Speed per article (5 seeds, one run, models already loaded by earlier stages; whole analyze "
                 f"{total:.1f} s including loading):", "", table(["stage", "ms/article"], speed)]
    write_section("facts_seeds_events", "Events and resolved dates on the seeds", "\n".join(body),
                  "python -m benchmarks.facts_seeds_events", no_write=args.no_write)


if __name__ == "__main__":
    main()
