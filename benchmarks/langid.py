"""Language identification on Russian and Ukrainian news: whole texts and first sentences.

Data: SlavicNER raw documents (ru, uk) and NER-UK 2.0 texts (uk, roughly detokenised). Reports accuracy,
ru<->uk confusions and the ``und`` rate of crosswire's detector (lingua + guard languages + und rules).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

from benchmarks.common import parser, peak_rss_mb, table, write_section

_SENT = re.compile(r"(?<=[.!?…])\s+(?=[«\"„(]?[A-ZА-ЯЁІЇЄҐ0-9])")


def detok(text: str) -> str:
    """Undo NER-UK's space-separated tokens well enough for language ID and sentence splitting."""
    text = re.sub(r" ([.,:;!?)\]»%])", r"\1", text)
    text = re.sub(r"([(\[«]) ", r"\1", text)
    return re.sub(r"(\w) - (\w)", r"\1-\2", text)


def first_sentence(text: str, min_words: int = 5) -> str:
    """The first sentence of at least ``min_words`` words (datelines such as "Москва." are skipped)."""
    for para in text.split("\n"):
        for sentence in _SENT.split(para.strip()):
            if len(re.findall(r"\w+", sentence)) >= min_words:
                return sentence
    return ""


def corpus(data: Path) -> list[tuple[str, str, str, str]]:
    """(set, gold language, full text, first sentence of the body)."""
    out = []
    for lang in ("ru", "uk"):
        for path in sorted((data / "slavicner" / "raw").glob(f"*/{lang}/*.txt")):
            title, _, body = path.read_text(encoding="utf-8").partition("\n")
            out.append((f"SlavicNER {lang}", lang, f"{title}\n{body}", first_sentence(body)))
    for path in sorted((data / "ner-uk" / "v2.0" / "data").glob("*/*.txt")):
        text = detok(path.read_text(encoding="utf-8"))
        out.append(("NER-UK 2.0 uk", "uk", text, first_sentence(text)))
    return out


def main() -> None:
    args = parser(__doc__.splitlines()[0]).parse_args()
    from crosswire.lang import DEFAULT_LANGUAGES, GUARD_LANGUAGES, LinguaDetector

    detector = LinguaDetector()
    docs = corpus(args.data)
    rows = []
    stats: dict[tuple[str, str], Counter] = {}
    reasons: Counter = Counter()
    lengths: dict[str, list[int]] = {"full": [], "first sentence": []}
    t0 = time.perf_counter()
    for name, gold, full, sentence in docs:
        for mode, text in (("full", full), ("first sentence", sentence)):
            code, _, why = detector.explain(text)
            c = stats.setdefault((name, mode), Counter())
            c["n"] += 1
            c["right"] += code == gold
            c["und"] += code == "und"
            c["ru<->uk"] += code in ("ru", "uk") and code != gold
            c["other"] += code not in ("ru", "uk", "und")
            lengths[mode].append(len(text))
            if code == "und":
                reasons[f"{mode}: {why}"] += 1
    seconds = time.perf_counter() - t0
    for mode in ("full", "first sentence"):
        total = Counter()
        for (name, m), c in stats.items():
            if m != mode:
                continue
            total.update(c)
            rows.append([name, mode, c["n"], c["right"] / c["n"], c["ru<->uk"], c["und"] / c["n"], c["other"]])
        rows.append(["**all**", mode, total["n"], total["right"] / total["n"], total["ru<->uk"],
                     total["und"] / total["n"], total["other"]])
    med = {m: sorted(v)[len(v) // 2] for m, v in lengths.items()}
    body = (
        f"**Data:** {len(docs)} texts: SlavicNER raw/ (all ru and uk documents, title + body) and NER-UK 2.0 "
        "(all 560 texts, tokenised text roughly detokenised). *full* = the whole text; *first sentence* = the "
        f"first sentence of at least 5 words of the body only (datelines like \"Москва.\" skipped) (median {med['first sentence']} characters; full texts median "
        f"{med['full']}). **Metric:** accuracy (right code / all), ru<->uk = a Russian text called Ukrainian or "
        "the reverse (count), und rate = share answered `und`, other = another language code (count).\n\n"
        + table(["set", "text", "n", "accuracy", "ru<->uk", "und rate", "other"], rows)
        + f"\n\nReasons for `und`: {', '.join(f'{k} {v}' for k, v in sorted(reasons.items())) or 'none'}. "
        f"Detector: lingua (high-accuracy mode) over {', '.join(DEFAULT_LANGUAGES)} plus {len(GUARD_LANGUAGES)} "
        "guard languages that are never reported (a guard win is `und`), letters of other Cyrillic languages, "
        f"and the too-short / mixed-script rules; {1000 * seconds / (2 * len(docs)):.1f} ms per text, "
        f"peak RSS {peak_rss_mb():.0f} MB. **Published:** no figure exists for these sets; lingua's own "
        "evaluation (its README) is on other data (Wortschatz sentences)."
    )
    write_section("langid", "Language identification (ru/uk)", body, ".venv/bin/python -m benchmarks.langid",
                  no_write=args.no_write)


if __name__ == "__main__":
    main()
