"""Train the Ukrainian CRF tagger (crosswire.nlp.crf) on NER-UK 2.0's official train split.

    .venv/bin/python scripts/train_ner_crf.py [--data ../shared/data] [--out ~/.local/share/crosswire/uk-ner.crfsuite]
    CROSSWIRE_UK_CRF=~/.local/share/crosswire/uk-ner.crfsuite crosswire analyze ...

NER-UK is CC BY-NC-SA 4.0 (lang-uk): a model trained on it is for non-commercial use and is NOT shipped with
crosswire (which is MIT); keep it outside the package. Needs the `crf` extra (python-crfsuite). About a minute
on two cores; exact-span F1 on NER-UK's test split in docs/benchmarks/ner_uk.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def train_uk(data: Path, out: Path, limit: int = 0) -> int:
    """Train on the NER-UK train split (``limit`` documents when > 0); returns the number of documents."""
    from benchmarks.ner_uk import neruk_split

    from crosswire.nlp import get_analyzer
    from crosswire.nlp.crf import train

    analyzer = get_analyzer("uk")
    crf, analyzer.crf = analyzer.crf, None  # features come from the rules, never from a previous model
    docs = neruk_split(data, "DEV")
    docs = docs[:limit] if limit else docs
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        train(((analyzer.parse(text), gold) for text, gold in docs), str(out), "uk")
    finally:
        analyzer.crf = crf
    return len(docs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=Path("~/.local/share/crosswire/uk-ner.crfsuite").expanduser())
    ap.add_argument("--limit", type=int, default=0, help="train documents (0 = all)")
    args = ap.parse_args()
    n = train_uk(args.data, args.out, args.limit)
    print(f"trained on {n} NER-UK train documents -> {args.out} (CC BY-NC-SA: non-commercial use, do not ship)")


if __name__ == "__main__":
    main()
