"""Train the compact numpy NER tagger (crosswire.nlp.tagger) with torch on CPU and export a float16 .npz.

    .venv/bin/python scripts/train_ner_tagger.py --source factrueval --out src/crosswire/data/models/uk_ner.npz
    .venv/bin/python scripts/train_ner_tagger.py --source neruk --out ~/.local/share/crosswire/uk-ner.npz

Data and licences: ``factrueval`` = factRuEval-2016 dev+test (Russian, MIT) -- the only gold whose derived
weights may ship in the package. ``neruk`` = NER-UK 2.0 train (CC BY-NC-SA 4.0): a user-side model for
non-commercial use, to be kept OUTSIDE the package (CROSSWIRE_UK_TAGGER=/path/model.npz); never commit it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def samples(source: str, data: Path):
    from crosswire.nlp import get_analyzer
    if source == "factrueval":
        from benchmarks.ner_ru import factrueval_gold
        ru = get_analyzer("ru")
        fre = data / "factrueval2016"
        for obj in sorted((fre / "devset").glob("*.objects")) + sorted((fre / "testset").glob("*.objects")):
            base = obj.with_suffix("")
            gold = factrueval_gold(base)
            gold = [x for x in gold if not any(o != x and o[0] <= x[0] and x[1] <= o[1] for o in gold)]
            yield ru.parse(base.with_suffix(".txt").read_text(encoding="utf-8")), gold, "ru"
    else:
        from benchmarks.ner_uk import neruk_split
        uk = get_analyzer("uk")
        model, uk.crf = uk.crf, None  # features come from the rules, never from a previous model
        try:
            for text, gold in neruk_split(data, "DEV"):
                yield uk.parse(text), gold, "uk"
        finally:
            uk.crf = model


def train(source: str, data: Path, out: Path, epochs: int = 8, dim: int = 48, hidden: int = 128) -> dict:
    import numpy as np
    import torch

    from crosswire.nlp.crf import bio_tags, features
    from crosswire.nlp.tagger import BUCKETS, TAGS, feature_ids

    torch.manual_seed(0)
    t0 = time.perf_counter()
    seqs = []
    for parsed, gold, lang in samples(source, data):
        tokens, feats = features(parsed, lang)
        if tokens:
            seqs.append((feature_ids(feats), [TAGS.index(t) for t in bio_tags(tokens, gold)]))
    emb = torch.nn.EmbeddingBag(BUCKETS, dim, mode="sum")
    conv = torch.nn.Linear(3 * dim, hidden)
    lin = torch.nn.Linear(hidden, len(TAGS))
    params = list(emb.parameters()) + list(conv.parameters()) + list(lin.parameters())
    opt = torch.optim.Adam(params, lr=3e-3)

    def forward(ids):
        flat = torch.tensor([i for x in ids for i in x], dtype=torch.long)
        offs = torch.tensor(np.cumsum([0] + [len(x) for x in ids[:-1]]), dtype=torch.long)
        x = emb(flat, offs)
        pad = torch.nn.functional.pad(x, (0, 0, 1, 1))
        win = torch.cat([pad[:-2], pad[1:-1], pad[2:]], dim=1)
        return lin(torch.relu(conv(win)))

    for ep in range(epochs):
        order = torch.randperm(len(seqs)).tolist()
        total = 0.0
        for k in order:
            ids, y = seqs[k]
            loss = torch.nn.functional.cross_entropy(forward(ids), torch.tensor(y))
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss)
        print(f"epoch {ep + 1}: loss {total / len(seqs):.4f}", flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, emb=emb.weight.detach().numpy().astype(np.float16),
                        conv_w=conv.weight.detach().numpy().T.astype(np.float16),
                        conv_b=conv.bias.detach().numpy().astype(np.float16),
                        out_w=lin.weight.detach().numpy().T.astype(np.float16),
                        out_b=lin.bias.detach().numpy().astype(np.float16))
    return {"docs": len(seqs), "seconds": time.perf_counter() - t0, "forward": forward}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", choices=("factrueval", "neruk"), default="factrueval")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=8)
    args = ap.parse_args()
    r = train(args.source, args.data, args.out, args.epochs)
    print(f"trained on {r['docs']} {args.source} documents in {r['seconds']:.0f} s -> {args.out}")


if __name__ == "__main__":
    main()
